package io.chektbridge.daemon.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.testing.SmallTmpfs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory on a real, tiny tmpfs that fills up: appends are refused (no ACK) with the
 * STORAGE_FAILED and DISK_FULL alerts, a database write that finds no space raises DATABASE_FAILED
 * and DISK_FULL, and both recover by themselves once space returns. Needs root for the mount, as CI
 * has (scripts/test.sh runs as root there).
 */
class JournalDiskFullTest {
  @TempDir Path dir;

  private SmallTmpfs tmpfs;
  private Path mount;
  private final Alerts alerts = new Alerts(Clock.systemUTC());

  @BeforeEach
  void mountTmpfs() throws Exception {
    tmpfs = SmallTmpfs.mount(dir.resolve("data"));
    mount = tmpfs.path();
  }

  @AfterEach
  void unmount() throws Exception {
    tmpfs.close();
  }

  @Test
  void fullDiskRefusesWithAlertAndRecoversWhenSpaceReturns() throws Exception {
    Database db = Database.open(mount);
    // small segments, so the full disk is met when the next one is created
    SegmentEventJournal journal = open(db, 128 * 1024);
    try {
      assertThat(append(journal, "before", 1).get(5, TimeUnit.SECONDS).duplicate()).isFalse();

      Path filler = mount.resolve("filler");
      fill(filler);
      int refused = 0;
      for (int i = 0; i < 5000 && refused == 0; i++) {
        try {
          append(journal, "full-" + i, i % 50).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(JournalUnavailableException.class);
          refused++;
        }
      }
      assertThat(refused).as("a full disk refuses appends").isPositive();
      assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isTrue();
      assertThat(detail(alerts, AlertKind.DISK_FULL))
          .contains("the journal", "No space left on device");

      Files.delete(filler);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  !append(journal, "after-" + System.nanoTime(), 2)
                      .get(10, TimeUnit.SECONDS)
                      .duplicate());
      assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isFalse();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> !alerts.isActive(AlertKind.DISK_FULL));
    } finally {
      journal.close();
      db.close();
    }
    try (Database reopened = Database.open(mount)) {
      assertThat(reopened.dataFile()).exists();
    }
  }

  @Test
  void aDatabaseWriteThatFindsNoSpaceRaisesDiskFullWhileTheJournalStillAcknowledges()
      throws Exception {
    Database db = Database.open(mount);
    // one segment, allocated before the disk fills, holds every frame of this test
    SegmentEventJournal journal = open(db, 512 * 1024);
    try {
      JournalReceipt first = append(journal, "before", 1).get(5, TimeUnit.SECONDS);
      assertThat(journal.awaitInDatabase(first.messageId(), java.time.Duration.ofSeconds(10)))
          .isTrue();

      Path filler = mount.resolve("filler");
      fill(filler);
      // a frame at each look, until the indexer's copy of one meets the full disk
      java.util.concurrent.atomic.AtomicInteger sent =
          new java.util.concurrent.atomic.AtomicInteger();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .pollInterval(java.time.Duration.ofMillis(50))
          .until(
              () -> {
                int i = sent.getAndIncrement();
                append(journal, "full-" + i, i % 50 + 1).get(10, TimeUnit.SECONDS);
                return alerts.isActive(AlertKind.DATABASE_FAILED);
              });
      assertThat(alerts.isActive(AlertKind.DATABASE_FAILED))
          .as("the database's writes found no space")
          .isTrue();
      // the first failed copy may only say that H2 closed its store; the retry names the full disk
      // (seen 18 ms apart in a CI run)
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> alerts.isActive(AlertKind.DISK_FULL));
      assertThat(detail(alerts, AlertKind.DISK_FULL)).contains("the copy into the database");
      assertThat(alerts.isActive(AlertKind.STORAGE_FAILED))
          .as("frames are still acknowledged from the journal")
          .isFalse();

      Files.delete(filler);
      JournalReceipt after = append(journal, "after", 2).get(10, TimeUnit.SECONDS);
      assertThat(journal.awaitInDatabase(after.messageId(), java.time.Duration.ofSeconds(30)))
          .isTrue();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(
              () ->
                  !alerts.isActive(AlertKind.DATABASE_FAILED)
                      && !alerts.isActive(AlertKind.DISK_FULL));
    } finally {
      journal.close();
      db.close();
    }
  }

  /** The journal on the small mount, with segments of {@code segmentBytes}. */
  private SegmentEventJournal open(Database db, int segmentBytes) throws Exception {
    return SegmentEventJournal.open(
        db, new Metrics(), alerts, 1000, segmentBytes, SegmentLog.Sync.DATA);
  }

  /** Appends a frame with one burglary alarm on {@code zone}, deduplicated by {@code key}. */
  private static CompletableFuture<JournalReceipt> append(
      SegmentEventJournal journal, String key, int zone) {
    return journal.append(
        SegmentEventJournalTest.message(key, SegmentEventJournalTest.burglary(zone)));
  }

  private static String detail(Alerts alerts, AlertKind kind) {
    return alerts.active().stream()
        .filter(a -> a.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + " is not active; active: " + alerts.active()))
        .detail();
  }

  private static void fill(Path filler) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException expectedWhenFull) {
      assertThat(expectedWhenFull.getMessage()).containsIgnoringCase("space");
    }
  }
}
