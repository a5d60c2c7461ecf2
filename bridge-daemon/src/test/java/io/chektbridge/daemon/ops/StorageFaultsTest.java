package io.chektbridge.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chektbridge.daemon.ops.StorageFaults.Part;
import io.chektbridge.daemon.testing.SmallTmpfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageFaultsTest {
  private final Alerts alerts = new Alerts(Clock.systemUTC());
  private final StorageFaults faults = alerts.storage();

  @Test
  void onePartRecoveringNeverClearsAnotherPartsFault() {
    faults.failed(
        Part.JOURNAL,
        "cannot store panel events in /var/lib/chekt-bridge/journal",
        new IOException("EIO"));
    faults.failed(Part.SITE_STATE, "site state: table locked", new SQLException("table locked"));

    faults.recovered(Part.SITE_STATE);

    assertThat(alerts.isActive(AlertKind.STORAGE_FAILED))
        .as("the journal still cannot write")
        .isTrue();
    assertThat(detail(AlertKind.STORAGE_FAILED))
        .isEqualTo("cannot store panel events in /var/lib/chekt-bridge/journal");
    faults.recovered(Part.JOURNAL);
    assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isFalse();
  }

  @Test
  void twoFaultsBehindOneAlertAreBothNamed() {
    faults.failed(Part.JOURNAL, "journal: EIO", null);
    faults.failed(Part.DATABASE_CHECK, "database damaged", null);

    assertThat(detail(AlertKind.STORAGE_FAILED))
        .isEqualTo("the journal: journal: EIO; the database check: database damaged");
    assertThat(alerts.failsReadiness()).isTrue();
  }

  @Test
  void theDatabaseCopyRaisesItsOwnAlertWhichLeavesReadinessAlone() {
    faults.failed(Part.DATABASE_COPY, "cannot copy panel events", new SQLException("lock timeout"));

    assertThat(alerts.isActive(AlertKind.DATABASE_FAILED)).isTrue();
    assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isFalse();
    assertThat(alerts.failsReadiness()).isFalse();
    assertThat(faults.isFailing(Part.DATABASE_COPY)).isTrue();
  }

  @Test
  void aFaultForLackOfSpaceAlsoRaisesDiskFullUntilEveryPartThatRanOutRecovers() {
    IOException enospc = new IOException("No space left on device");
    faults.failed(Part.JOURNAL, "cannot store panel events", new UncheckedIOException(enospc));
    faults.failed(
        Part.DATABASE_COPY,
        "cannot copy",
        new SQLException(
            "General error",
            "HY000",
            50000,
            new IllegalStateException("Writing to nio:/data/chekt-bridge.mv.db failed", enospc)));
    faults.failed(Part.SITE_STATE, "site state: locked", new SQLException("locked"));

    assertThat(detail(AlertKind.DISK_FULL))
        .startsWith(
            "no space left under storage.path for the journal and the copy into the database (No space left on device)");
    faults.recovered(Part.JOURNAL);
    assertThat(alerts.isActive(AlertKind.DISK_FULL)).isTrue();
    faults.recovered(Part.DATABASE_COPY);
    assertThat(alerts.isActive(AlertKind.DISK_FULL))
        .as("the site state's fault is not for lack of space")
        .isFalse();
    assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isTrue();
  }

  @Test
  void aPartOutOfSpaceStaysOutOfSpaceThroughItsLaterFailuresUntilItRecovers() {
    faults.failed(
        Part.DATABASE_COPY,
        "cannot copy",
        new SQLException("write failed", new IOException("No space left on device")));
    faults.failed(
        Part.DATABASE_COPY,
        "cannot copy: The database has been closed",
        new SQLException("closed"));

    assertThat(alerts.isActive(AlertKind.DISK_FULL)).isTrue();
    assertThat(detail(AlertKind.DATABASE_FAILED))
        .isEqualTo("cannot copy: The database has been closed");
    faults.recovered(Part.DATABASE_COPY);
    faults.failed(Part.DATABASE_COPY, "cannot copy: locked", new SQLException("locked"));
    assertThat(alerts.isActive(AlertKind.DISK_FULL)).isFalse();
  }

  @Test
  void otherFailuresAreNotTakenForAFullDisk() {
    faults.failed(Part.JOURNAL, "cannot store panel events", new IOException("Permission denied"));

    assertThat(alerts.isActive(AlertKind.DISK_FULL)).isFalse();
    assertThat(StorageFaults.noSpaceMessage(new IOException("Disk quota exceeded")))
        .isEqualTo("Disk quota exceeded");
  }

  /**
   * H2 closes its store on the write that found the disk full, and the part that fails next (often
   * another thread's) only hears "closed". On a real, full tmpfs that failure still raises
   * DISK_FULL; with space free it does not.
   */
  @Test
  void aFailureWithoutTheDisksWordsOnANearlyFullDiskIsTakenForAFullDisk(@TempDir Path dir)
      throws Exception {
    try (SmallTmpfs tmpfs = SmallTmpfs.mount(dir.resolve("data"))) {
      Path mount = tmpfs.path();
      faults.writesUnder(mount);
      SQLException closed = new SQLException("The database has been closed [90098-252]");
      faults.failed(Part.DATABASE_COPY, "cannot copy: closed", closed);
      assertThat(alerts.isActive(AlertKind.DISK_FULL)).as("4 MiB free").isFalse();
      faults.recovered(Part.DATABASE_COPY);

      Path filler = mount.resolve("filler");
      assertThatThrownBy(() -> Files.write(filler, new byte[8 << 20]))
          .hasMessageContaining("No space left on device");
      faults.failed(Part.DATABASE_COPY, "cannot copy: closed", closed);
      assertThat(detail(AlertKind.DISK_FULL))
          .startsWith("no space left under storage.path for the copy into the database (0 KiB free")
          .contains(mount.toString());

      Files.delete(filler);
      faults.recovered(Part.DATABASE_COPY);
      faults.failed(Part.DATABASE_COPY, "cannot copy: closed", closed);
      assertThat(alerts.isActive(AlertKind.DISK_FULL)).as("space is back").isFalse();
    }
  }

  private String detail(AlertKind kind) {
    return alerts.active().stream()
        .filter(a -> a.kind() == kind)
        .findFirst()
        .orElseThrow()
        .detail();
  }
}
