package io.chektbridge.daemon.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.chektbridge.contactid.ContactIdFormatter;
import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdQualifier;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.line.Backoff;
import io.chektbridge.daemon.testing.LinkTestBed;
import io.chektbridge.daemon.testing.LogCapture;
import io.chektbridge.daemon.testing.PtyPanel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: the serial cable pulled and plugged back again and again at random moments (between
 * lines, in the middle of a line, between a line and its kissoff), replugged both slower and faster
 * than the link's reopen interval. The cable is a socat pty pair: killing socat removes the device
 * node under the bridge's open port (jSerialComm then reads -1 while {@code isOpen()} stays true),
 * starting it again puts a new one at the same path. A panel on the other end sends unique Contact
 * ID lines and resends each until it hears the ACK, as a panel does.
 *
 * <p>Duplicates: Contact ID has no sequence number, so a line resent because its kissoff was lost
 * is stored again (a doubled event is better than a lost one). What the link guarantees, and what
 * is asserted: every kissed-off line is stored; no line is stored more often than it was sent
 * whole; a line sent whole once is stored exactly once; a line cut by an unplug is neither stored
 * nor glued to the next one. Cycles: {@code -Dchekt.trials=N} (default 15); the schedule's seed:
 * {@code -Dchekt.seed}.
 */
class SerialUnplugStormTest {
  private static final int CYCLES = Integer.getInteger("chekt.trials", 15);
  private static final String ACK = "\u0006";

  /** A stored line's sequence number in SQL; see {@link StormPanel}. */
  private static final String SEQUENCE = "((partition_no - 1) * 999 + zone_no - 1)";

  /**
   * Slower than LinkTestBed.FAST, so that a replug can come before the link's first reopen attempt.
   */
  private static final Backoff BACKOFF =
      new Backoff(Duration.ofMillis(150), Duration.ofMillis(600));

  /**
   * Replug to open again: the longest backoff, a read timeout and room for a busy build machine.
   */
  private static final Duration RECONNECT_BOUND =
      BACKOFF.max().plusMillis(SerialPortSettings.READ_TIMEOUT_MS).plusSeconds(2);

  private static final Duration ANSWER_WAIT = Duration.ofSeconds(3);

  /**
   * Threads and descriptors the run may hold above its start (awaitility's pollers): far below one
   * per cycle.
   */
  private static final int MARGIN = 4;

  /** Where in the panel's traffic the cable is pulled. */
  enum Cut {
    BETWEEN_LINES,
    MID_LINE,
    BEFORE_KISSOFF
  }

  @TempDir Path dir;

  private PtyPair cable;
  private LogCapture log;
  private LinkTestBed bed;

  @AfterEach
  void stop() throws Exception {
    if (bed != null) {
      bed.close();
    }
    if (cable != null) {
      cable.close();
    }
    if (log != null) {
      log.close();
    }
  }

  @Test
  void noKissedOffLineIsLostAndTheLinkComesBackAfterEveryReplug() throws Exception {
    long seed = Long.getLong("chekt.seed", System.nanoTime());
    System.out.printf(
        "SerialUnplugStormTest: %d cycles, seed %d (rerun: -Dchekt.seed=%d)%n", CYCLES, seed, seed);
    Random random = new Random(seed);
    cable = new PtyPair(dir).plugIn();
    log = LogCapture.of("io.chektbridge.daemon.link");
    bed = new LinkTestBed(dir, "  serial:\n    - port: " + cable.bridgeEnd + "\n");
    LinkContext context = bed.context();
    SerialLink link =
        bed.own(SerialLinks.start(bed.config.receivers().serial(), context, BACKOFF))
            .links()
            .get(0);
    await().atMost(RECONNECT_BOUND).until(link::connected);
    Resources before = Resources.now();

    StormPanel panel = new StormPanel();
    Storm storm = storm(link, panel, random, seed);

    Tally tally = panel.tally(storedBySequence());
    System.out.printf(
        "cuts %s, replugs before the reopen interval %d, slowest reopen after replug %d ms "
            + "(bound %d ms), answers that timed out %d%n",
        storm.cuts(),
        storm.fastReplugs(),
        storm.slowestReopenMs(),
        RECONNECT_BOUND.toMillis(),
        panel.unanswered);
    System.out.printf(
        "%nSerialUnplugStormTest closing table%n"
            + "| trials | lines sent | transmissions | kissed off (ACKed) | stored | lost | duplicated |%n"
            + "|---|---|---|---|---|---|---|%n| %d | %d | %d | %d | %d | %d | %d |%n",
        CYCLES,
        tally.lines(),
        tally.transmissions(),
        tally.kissedOff(),
        tally.stored(),
        tally.lost(),
        tally.duplicated());

    assertStorage(panel, tally, context, seed);
    assertReconnectsShown(link, tally);
    assertNoLeak(before);
    assertLogThrottled();
    bed.close();
    bed = null;
    await("the link's reader and writer threads end when it is closed")
        .atMost(Duration.ofSeconds(5))
        .until(() -> threadsNamed(link), List::isEmpty);
  }

  /**
   * The cycles of unplug and replug, then a last plugged spell so the panel's last line is kissed
   * off.
   */
  private Storm storm(SerialLink link, StormPanel panel, Random random, long seed)
      throws Exception {
    Map<Cut, Integer> cuts = new EnumMap<>(Cut.class);
    int fastReplugs = 0;
    long slowestReopenMs = 0;
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      // every six cycles see each cut with a replug both faster and slower than the reopen interval
      Cut cut = Cut.values()[cycle % Cut.values().length];
      boolean fast = (cycle / Cut.values().length) % 2 == 0;
      cuts.merge(cut, 1, Integer::sum);
      try (PtyPanel port = PtyPanel.open(cable.panelEnd, ANSWER_WAIT)) {
        panel.talk(port, Duration.ofMillis(random.nextInt(350)));
        panel.cut(port, cut, random);
        cable.unplug();
      }
      fastReplugs += fast ? 1 : 0;
      pause(
          Duration.ofMillis(
              fast
                  ? random.nextInt((int) BACKOFF.first().toMillis())
                  : BACKOFF.first().toMillis() + random.nextInt(800)));
      cable.plugIn();
      slowestReopenMs = Math.max(slowestReopenMs, awaitReopened(link, cycle, seed));
    }
    try (PtyPanel port = PtyPanel.open(cable.panelEnd, ANSWER_WAIT)) {
      panel.talk(port, Duration.ofMillis(50));
    }
    return new Storm(cuts, fastReplugs, slowestReopenMs);
  }

  /** Waits for the link to reopen after replug {@code cycle}; returns how long that took. */
  private static long awaitReopened(SerialLink link, int cycle, long seed) {
    long start = System.nanoTime();
    await("serial link open again after replug " + cycle + " (seed " + seed + ")")
        .atMost(RECONNECT_BOUND)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> reconnects(link) >= cycle && link.connected());
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  private void assertStorage(StormPanel panel, Tally tally, LinkContext context, long seed)
      throws Exception {
    Map<Integer, Integer> stored = storedBySequence();
    assertThat(tally.lines()).as("lines sent").isGreaterThan(CYCLES);
    assertThat(tally.lost())
        .as("kissed-off lines missing from panel_event (seed %d)", seed)
        .isZero();
    stored.forEach(
        (sequence, copies) ->
            assertThat(copies)
                .as(
                    "copies of line %d, sent whole %d times (seed %d)",
                    sequence, panel.whole(sequence), seed)
                .isLessThanOrEqualTo(panel.whole(sequence)));
    panel
        .sentWholeOnce()
        .forEach(
            sequence ->
                assertThat(stored.get(sequence))
                    .as("line %d, sent whole once and kissed off (seed %d)", sequence, seed)
                    .isEqualTo(1));
    assertThat(
            bed.rows("SELECT " + SEQUENCE + " FROM panel_event ORDER BY id").stream()
                .map(Integer::valueOf)
                .toList())
        .as("stored in the order sent")
        .isSorted();
    assertThat(
            bed.rows(
                "SELECT UTF8TOSTRING(raw) || ' ' || error FROM inbound_message WHERE error IS NOT NULL"))
        .as("a line cut by an unplug is dropped, never glued to the next one")
        .isEmpty();
    assertThat(bed.rows("SELECT COUNT(*) FROM inbound_message"))
        .containsExactly(String.valueOf(tally.stored()));
    assertThat(context.stats().snapshot())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s)
                    .containsEntry("frames", (long) tally.stored())
                    .containsEntry("acked", (long) tally.stored()));
  }

  private void assertReconnectsShown(SerialLink link, Tally tally) {
    assertThat(link.snapshot())
        .containsEntry("reconnects", (long) CYCLES)
        .containsEntry("connected", true)
        .containsEntry("messages", (long) tally.stored());
    String port = "{port=\"" + cable.bridgeEnd + "\"} ";
    assertThat(bed.metrics.render().lines().toList())
        .contains(
            "chekt_bridge_serial_reconnects_total" + port + CYCLES,
            "chekt_bridge_serial_connected" + port + 1);
  }

  private static void assertNoLeak(Resources before) throws IOException {
    await(
            "threads and file descriptors back to where the storm began ("
                + before
                + ", margin "
                + MARGIN
                + ")")
        .atMost(Duration.ofSeconds(10))
        .until(Resources::now, now -> now.within(before, MARGIN));
    System.out.printf("threads, file descriptors: before %s, after %s%n", before, Resources.now());
  }

  /**
   * One line of each kind per cycle at most: the unplug, the reopen; "cannot open" once per quiet
   * period.
   */
  private void assertLogThrottled() {
    Map<String, Long> counts = log.countsByPattern();
    System.out.printf("link log lines by kind: %s%n", counts.values());
    assertThat(log.events())
        .as("errors or stack traces in the link's log")
        .noneMatch(e -> e.getLevel() == Level.ERROR || e.getThrowableProxy() != null);
    assertThat(counts)
        .allSatisfy((pattern, n) -> assertThat(n).as(pattern).isLessThanOrEqualTo(CYCLES + 1L));
    assertThat(
            log.events().stream()
                .map(ILoggingEvent::getMessage)
                .filter(m -> m.startsWith("Cannot open")))
        .as("'cannot open' while unplugged: once per 10 minutes, and the test clock stands still")
        .hasSizeLessThanOrEqualTo(1);
  }

  private static long reconnects(SerialLink link) {
    return (Long) link.snapshot().get("reconnects");
  }

  private static List<Thread> threadsNamed(SerialLink link) {
    String name = (String) link.snapshot().get("port");
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().contains(name))
        .toList();
  }

  /** Copies in panel_event of each line, by its sequence number. */
  private Map<Integer, Integer> storedBySequence() throws Exception {
    Map<Integer, Integer> stored = new HashMap<>();
    for (String row :
        bed.rows(
            "SELECT "
                + SEQUENCE
                + " || ' ' || COUNT(*) FROM panel_event "
                + "GROUP BY partition_no, zone_no")) {
      String[] f = row.split(" ");
      stored.put(Integer.valueOf(f[0]), Integer.valueOf(f[1]));
    }
    return stored;
  }

  /** The storm's random intervals; awaitility rather than a sleep, as the other link tests do. */
  private static void pause(Duration d) {
    await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
  }

  /** How the storm went. */
  record Storm(Map<Cut, Integer> cuts, int fastReplugs, long slowestReopenMs) {}

  /** What the storm adds up to. */
  record Tally(int lines, int transmissions, int kissedOff, int stored, int lost, int duplicated) {}

  /** Live threads and open file descriptors of this JVM. */
  record Resources(int threads, long fds) {
    static Resources now() throws IOException {
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), fds.count());
      }
    }

    boolean within(Resources base, int margin) {
      return threads <= base.threads + margin && fds <= base.fds + margin;
    }
  }

  /**
   * The panel: line n is Contact ID E130 on partition 1 + n / 999, zone 1 + n % 999 (zone 0 means
   * none), so every line is unique; each is resent until ACKed. It keeps count of what it sent
   * whole and what was kissed off.
   */
  private static final class StormPanel {
    private static final int TRIES = 5;
    private final Map<Integer, Integer> whole = new HashMap<>();
    private final Set<Integer> kissedOff = new HashSet<>();
    private int next;
    private Integer pending;
    private int unanswered;

    /**
     * Sends the line an unplug left unanswered, then fresh lines until {@code plugged} has passed.
     */
    void talk(PtyPanel port, Duration plugged) {
      long until = System.nanoTime() + plugged.toNanos();
      if (pending != null) {
        sendUntilAcked(port, pending);
        pending = null;
      }
      while (System.nanoTime() < until) {
        sendUntilAcked(port, next++);
      }
    }

    /** What the panel was doing when the cable goes: the caller pulls it right after. */
    void cut(PtyPanel port, Cut cut, Random random) {
      switch (cut) {
        case BETWEEN_LINES -> {}
        case MID_LINE -> {
          String line = line(next);
          port.write(line.substring(0, 1 + random.nextInt(line.length() - 1)));
          pending = next++;
        }
        case BEFORE_KISSOFF -> {
          sendWhole(port, next);
          pending = next++;
          pause(Duration.ofMillis(random.nextInt(4)));
        }
      }
    }

    private void sendUntilAcked(PtyPanel port, int sequence) {
      for (int attempt = 0; attempt < TRIES; attempt++) {
        sendWhole(port, sequence);
        if (port.answer().equals(ACK)) {
          kissedOff.add(sequence);
          return;
        }
        unanswered++;
      }
      throw new AssertionError(
          "no ACK for line " + sequence + " after " + TRIES + " tries on a plugged cable");
    }

    private void sendWhole(PtyPanel port, int sequence) {
      assertThat(port.write(line(sequence))).as("write line %d", sequence).isTrue();
      whole.merge(sequence, 1, Integer::sum);
    }

    int whole(int sequence) {
      return whole.getOrDefault(sequence, 0);
    }

    List<Integer> sentWholeOnce() {
      return whole.entrySet().stream()
          .filter(e -> e.getValue() == 1)
          .map(Map.Entry::getKey)
          .toList();
    }

    Tally tally(Map<Integer, Integer> stored) {
      int lost = (int) kissedOff.stream().filter(s -> !stored.containsKey(s)).count();
      int copies = stored.values().stream().mapToInt(Integer::intValue).sum();
      int transmissions = whole.values().stream().mapToInt(Integer::intValue).sum();
      return new Tally(next, transmissions, kissedOff.size(), copies, lost, copies - stored.size());
    }

    private static String line(int sequence) {
      return ContactIdFormatter.format(
              new ContactIdMessage(
                  "4711",
                  18,
                  ContactIdQualifier.NEW_EVENT,
                  130,
                  1 + sequence / 999,
                  1 + sequence % 999))
          + "\r";
    }
  }
}
