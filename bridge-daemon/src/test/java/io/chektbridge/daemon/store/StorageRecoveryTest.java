package io.chektbridge.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.store.DamagedFiles.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code storage recover} on real damaged files: the damaged file is kept byte for byte, a new
 * database opens, and every pending outbox row H2 can still read is in it, as many as it reports.
 */
class StorageRecoveryTest {
  private static final int ROWS = 10_000;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T23:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Kind.class)
  void recoverKeepsTheDamagedFileAndSalvagesWhatH2CanRead(Kind kind) throws Exception {
    Path file = DamagedFiles.withPendingOutbox(dir, ROWS);
    DamagedFiles.damage(file, kind);
    byte[] damaged = Files.readAllBytes(file);
    if (kind == Kind.GARBAGE_IN_MIDDLE
        && StorageInspection.inspect(dir).verdict() == StorageInspection.Verdict.OK) {
      // the file's layout varies from run to run: 64 KiB in the middle can land on free chunk space
      // only,
      // and then every row must still be there
      try (Database db = Database.open(dir)) {
        assertThat(DamagedFiles.pendingRows(db)).isEqualTo(ROWS);
      }
      System.out.printf(
          "StorageRecoveryTest %s: the garbage landed on free space; all %d rows read%n",
          kind, ROWS);
      return;
    }
    assertThat(StorageInspection.inspect(dir).verdict())
        .isEqualTo(StorageInspection.Verdict.DAMAGED);

    StorageRecovery.Outcome o = new StorageRecovery(dir, CLOCK).recover();

    assertThat(o.damagedFile())
        .isEqualTo(file.resolveSibling("chekt-bridge.mv.db.damaged-20261204T233000Z"));
    assertThat(Files.readAllBytes(o.damagedFile()))
        .as("the damaged file, untouched")
        .isEqualTo(damaged);
    StorageRecovery.TableOutcome outbox =
        o.tables().stream().filter(t -> t.table().equals("outbox")).findFirst().orElseThrow();
    try (Database db = Database.open(dir)) {
      assertThat(DamagedFiles.pendingRows(db)).isEqualTo(outbox.saved());
    }
    assertThat(StorageInspection.inspect(dir).verdict()).isEqualTo(StorageInspection.Verdict.OK);
    System.out.printf(
        "StorageRecoveryTest %s: %d of %d pending outbox rows saved (H2 counted %s)%n",
        kind, outbox.saved(), ROWS, outbox.held());
  }
}
