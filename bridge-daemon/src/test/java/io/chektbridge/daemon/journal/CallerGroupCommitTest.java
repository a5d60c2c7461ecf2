package io.chektbridge.daemon.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group commit run by the appending threads themselves ({@code appendHere} + {@code flush}), the
 * way the receiver's event loops use it: several threads append and flush at once, retransmit their
 * own and each other's messages, segments roll under them, and some syncs fail. Whatever the
 * interleaving, a message whose future succeeded is in the database exactly once with the ids it
 * was answered with, a failed one is not acknowledged, and a retransmission is answered only once
 * its original is durable.
 */
class CallerGroupCommitTest {
  private static final int THREADS = 6;
  private static final int ROUNDS = 150;

  @TempDir Path dir;

  /** A sync that fails now and then, like a disk with transient errors. */
  private static final class FlakySync implements SegmentLog.Sync {
    private final Random random;
    private final double failureRate;

    FlakySync(long seed, double failureRate) {
      this.random = new Random(seed);
      this.failureRate = failureRate;
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      boolean fail;
      synchronized (random) {
        fail = random.nextDouble() < failureRate;
      }
      if (fail) {
        throw new IOException("I/O error (simulated)");
      }
      channel.force(false);
    }
  }

  private record Answer(String key, JournalReceipt receipt) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everySucceededMessageIsStoredOnceWithTheIdsItWasAnsweredWith(long seed) throws Exception {
    Alerts alerts = new Alerts(Clock.systemUTC());
    List<Answer> answers = new ArrayList<>();
    int failed;
    try (Database db = Database.open(dir.resolve("s" + seed))) {
      SegmentEventJournal journal =
          SegmentEventJournal.open(
              db, new Metrics(), alerts, 1000, 32 * 1024, new FlakySync(seed, 0.05));
      try {
        failed = runThreads(journal, seed, answers);
        long last = answers.stream().mapToLong(a -> a.receipt().messageId()).max().orElse(0);
        assertThat(journal.awaitInDatabase(last, Duration.ofSeconds(30))).isTrue();
      } finally {
        journal.close();
      }
      assertStoredOnceAsAnswered(db, answers);
    }
    assertThat(failed)
        .as("the flaky disk made some appends fail (else the test proves little)")
        .isPositive();
    assertThat(answers.stream().filter(a -> a.receipt().duplicate()).count())
        .as("some retransmissions were answered from their original")
        .isPositive();
  }

  /**
   * Each thread appends 1-4 messages per round, a quarter of them resends of keys any thread used,
   * then flushes.
   */
  private int runThreads(SegmentEventJournal journal, long seed, List<Answer> answers)
      throws Exception {
    List<String> usedKeys = new ArrayList<>();
    Map<String, Boolean> failures = new ConcurrentHashMap<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      Thread thread =
          new Thread(
              () -> {
                Random random = new Random(seed * 31 + id);
                try {
                  start.await();
                  for (int round = 0; round < ROUNDS; round++) {
                    List<CompletableFuture<JournalReceipt>> mine = new ArrayList<>();
                    List<String> keys = new ArrayList<>();
                    for (int n = 1 + random.nextInt(4); n > 0; n--) {
                      String key = pickKey(usedKeys, random, id, round, n);
                      keys.add(key);
                      mine.add(
                          journal.appendHere(
                              SegmentEventJournalTest.message(
                                  key, SegmentEventJournalTest.burglary(1 + random.nextInt(3)))));
                    }
                    journal.flush();
                    for (int i = 0; i < mine.size(); i++) {
                      CompletableFuture<JournalReceipt> f = mine.get(i);
                      assertThat(f)
                          .as("flush completes every future this thread appended")
                          .isDone();
                      if (f.isCompletedExceptionally()) {
                        failures.put(id + "/" + round + "/" + i, true);
                      } else {
                        synchronized (answers) {
                          answers.add(new Answer(keys.get(i), f.join()));
                        }
                      }
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              },
              "appender-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(thread.isAlive()).as("appender finished").isFalse();
    }
    assertThat(errors).as("appender threads' failures").isEmpty();
    return failures.size();
  }

  private static String pickKey(
      List<String> usedKeys, Random random, int thread, int round, int n) {
    synchronized (usedKeys) {
      if (!usedKeys.isEmpty() && random.nextInt(4) == 0) {
        return usedKeys.get(random.nextInt(usedKeys.size()));
      }
      String key = "1234|" + thread + "-" + round + "-" + n;
      usedKeys.add(key);
      return key;
    }
  }

  private static void assertStoredOnceAsAnswered(Database db, List<Answer> answers)
      throws Exception {
    Map<Long, String> stored = new HashMap<>();
    Map<Long, List<Long>> events = new HashMap<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id, dedup_key FROM inbound_message")) {
        while (rs.next()) {
          stored.put(rs.getLong(1), rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT message_id, id FROM panel_event ORDER BY id")) {
        while (rs.next()) {
          events.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
        }
      }
    }
    Set<String> keysStored = new HashSet<>(stored.values());
    assertThat(keysStored).as("no message stored twice").hasSize(stored.size());
    Set<Long> originals = new HashSet<>();
    for (Answer a : answers) {
      assertThat(stored.get(a.receipt().messageId()))
          .as("answered message %s is stored under its id", a.key())
          .isEqualTo(a.key());
      assertThat(events.get(a.receipt().messageId()))
          .as("with the event ids it was answered with")
          .isEqualTo(a.receipt().eventIds());
      if (!a.receipt().duplicate()) {
        assertThat(originals.add(a.receipt().messageId()))
            .as("one original answer per message id")
            .isTrue();
      }
    }
    assertThat(originals).as("nothing stored that was not answered").hasSize(stored.size());
  }
}
