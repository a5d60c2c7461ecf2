package io.chektbridge.bench;

import static io.chektbridge.bench.BenchConfig.EVENTS_PATH;
import static io.chektbridge.bench.BenchConfig.SITE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chektbridge.daemon.cloud.CloudSyncService;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.outbox.DeliveryClass;
import io.chektbridge.daemon.outbox.OutboxKind;
import io.chektbridge.daemon.outbox.OutboxRow;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.status.StatusRegistry;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cloud drain load generator (the performance targets in README): N events buffered in a real
 * H2 outbox, written through the state machine's insert path with their bodies complete, then
 * drained by cloud sync wired as the daemon wires it into a {@link DrainCloud} with a fixed round
 * trip. Reports events/s from the start of cloud sync to the last event's arrival, for bulk at 50
 * ms, bulk on loopback and single events (the bulk endpoint answering 404) at 50 ms, and how long
 * an alarm and an arming change written behind 2,000 pending troubles take to reach the cloud at 50
 * ms; and the longest an alarm's commit waits while an online backup is written. Runs in this JVM,
 * so the figures are cloud sync's and H2's, not the receiver's. Usage: {@code java -cp
 * bench/target/benchmarks.jar io.chektbridge.bench.DrainBench bench/results [--events=N]}; writes
 * {@code drain.json}.
 */
public final class DrainBench {
  private static final String INSTANCE = "b0b0b0b0";
  private static final Duration WAN = Duration.ofMillis(50);
  private static final int BACKLOG_BEHIND_ALARM = 2_000;
  private static final int INSERT_BATCH = 1_000;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path work;

  private DrainBench(Path work) {
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Path results =
        Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "bench/results");
    int events =
        List.of(args).stream()
            .filter(a -> a.startsWith("--events="))
            .findFirst()
            .map(a -> Integer.parseInt(a.substring("--events=".length())))
            .orElse(100_000);
    Files.createDirectories(results);
    Path work = Files.createTempDirectory("chekt-drain");
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      DrainBench bench = new DrainBench(work);
      out.put("when", Instant.now().toString());
      out.put("host_load_average_at_start", HostLoad.averages());
      out.put("bulk_50ms", bench.drain("bulk_50ms", events, WAN, true));
      out.put("bulk_loopback", bench.drain("bulk_loopback", events, Duration.ZERO, true));
      // single events at 50 ms run at most max_in_flight / 50 ms: a few thousand show the rate
      out.put("single_50ms", bench.drain("single_50ms", Math.min(events, 3_000), WAN, false));
      out.put("alarm_behind_2000_troubles_50ms", bench.alarmBehindBacklog());
      out.put("cap_set_aside", bench.capSetAside(events));
      out.put("backup_beside_alarms", bench.backupBesideAlarms(events));
      out.put("host_load_average_at_end", HostLoad.averages());
    } finally {
      LoadBench.deleteTree(work);
    }
    String text = JSON.writeValueAsString(out);
    Files.writeString(results.resolve("drain.json"), text);
    System.out.println(text);
  }

  /**
   * Buffers {@code n} alarm events, starts cloud sync, and times the drain to the last event's
   * arrival.
   */
  private Map<String, Object> drain(String name, int n, Duration roundTrip, boolean bulk)
      throws Exception {
    Path data = Files.createTempDirectory(work, name);
    try (DrainCloud cloud = new DrainCloud(EVENTS_PATH, roundTrip, bulk);
        Database db = Database.open(data)) {
      buffer(db, n, "alarm", DeliveryClass.ALARM);
      long started = System.nanoTime();
      long cpuBefore = processCpuNanos();
      try (CloudSyncService sync = start(cloud, db)) {
        awaitReceived(cloud, n, Duration.ofMinutes(30));
      }
      double seconds = (cloud.lastArrivalNanos() - started) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("events", n);
      m.put("round_trip_ms", roundTrip.toMillis());
      m.put("mode", bulk ? "bulk" : "single (bulk endpoint answers 404)");
      m.put("seconds", Math.round(seconds * 100) / 100.0);
      m.put("events_per_s", Math.round(n / seconds));
      // the whole JVM: cloud sync, H2 and the stand-in; a figure a busy host does not inflate like
      // wall time
      m.put("process_cpu_ms_per_1000_events", Math.round(cpuSeconds * 1e6 / n));
      m.put("requests", cloud.requests());
      m.put("repeated_items", cloud.repeats());
      m.put("host_load_average", HostLoad.averages());
      System.err.printf("drain %s: %s%n", name, m);
      return m;
    }
  }

  /**
   * 2,000 troubles pending at a 50 ms round trip; once the drain is under way an alarm and an
   * arming change are written in one state transaction; how long each takes from that commit to the
   * cloud.
   */
  private Map<String, Object> alarmBehindBacklog() throws Exception {
    Path data = Files.createTempDirectory(work, "priority");
    try (DrainCloud cloud = new DrainCloud(EVENTS_PATH, WAN, true);
        Database db = Database.open(data)) {
      Instant t = buffer(db, BACKLOG_BEHIND_ALARM, "trouble", DeliveryClass.TROUBLE);
      try (CloudSyncService sync = start(cloud, db)) {
        awaitReceived(cloud, 1, Duration.ofSeconds(60));
        long alarmId = BACKLOG_BEHIND_ALARM + 1;
        String armingKey = "arm:" + SITE + ":1:" + INSTANCE + "-e" + alarmId + "-1";
        db.inTransaction(
            c -> {
              OutboxStore.append(c, event(alarmId, "alarm", DeliveryClass.ALARM, t));
              OutboxStore.append(
                  c,
                  new OutboxRow(
                      OutboxKind.ARMING,
                      armingKey,
                      "{\"state\":\"armed_away\",\"partition\":\"1\","
                          + "\"timestamp\":\""
                          + t
                          + "\",\"user_id\":\"user_1\",\"source\":\"keypad\"}",
                      alarmId,
                      t,
                      DeliveryClass.ALARM));
              return null;
            });
        long written = System.nanoTime();
        sync.wakeUp().run();
        String alarmEventId = INSTANCE + "-" + alarmId;
        awaitArrival(cloud, alarmEventId);
        awaitArrival(cloud, armingKey);
        long bothIn = Math.max(cloud.arrival(alarmEventId), cloud.arrival(armingKey));
        long troublesFirst =
            java.util.stream.LongStream.rangeClosed(1, BACKLOG_BEHIND_ALARM)
                .mapToObj(k -> cloud.arrival(INSTANCE + "-" + k))
                .filter(a -> a != null && a < bothIn)
                .count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pending_troubles", BACKLOG_BEHIND_ALARM);
        m.put("round_trip_ms", WAN.toMillis());
        m.put("alarm_ms", (cloud.arrival(alarmEventId) - written) / 1_000_000);
        m.put("arming_ms", (cloud.arrival(armingKey) - written) / 1_000_000);
        m.put("troubles_at_cloud_before_both", troublesFirst);
        m.put("host_load_average", HostLoad.averages());
        System.err.printf("alarm behind backlog: %s%n", m);
        return m;
      }
    }
  }

  /**
   * The outbox cap at work: {@code n} routine events pending, half of them set aside at once (what
   * the monitor does when a long outage passes the cap), while alarms are committed beside it.
   */
  private Map<String, Object> capSetAside(int n) throws Exception {
    return besideAlarms(
        "cap set-aside",
        n,
        "arming",
        DeliveryClass.ROUTINE,
        (db, m) -> m.put("set_aside", new OutboxStore(db).setAside(DeliveryClass.ROUTINE, n / 2)));
  }

  /**
   * An online backup (the daemon's {@code storage.backup}) of a database holding {@code n} pending
   * events, while alarms are committed beside it.
   */
  private Map<String, Object> backupBesideAlarms(int n) throws Exception {
    return besideAlarms(
        "backup beside alarms",
        n,
        "alarm",
        DeliveryClass.ALARM,
        (db, m) -> {
          Path zip = db.directory().resolve("backup.zip");
          m.put("file_mib", mib(Files.size(db.dataFile())));
          db.backupTo(zip);
          m.put("zip_mib", mib(Files.size(zip)));
        });
  }

  /** One step of {@link #besideAlarms}; puts what it did into the result. */
  @FunctionalInterface
  private interface Step {
    void run(Database db, Map<String, Object> result) throws Exception;
  }

  /**
   * {@code n} events of one type and class pending, then {@code step} while another thread queues
   * one alarm per transaction as the state engine would. Reports how long the step took and the
   * longest an alarm's commit waited meanwhile.
   */
  private Map<String, Object> besideAlarms(
      String name, int n, String type, DeliveryClass c, Step step) throws Exception {
    Path data = Files.createTempDirectory(work, name.replace(' ', '-'));
    try (Database db = Database.open(data)) {
      Instant t = buffer(db, n, type, c);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pending_rows", n);
      long started;
      AlarmCommits alarms = new AlarmCommits(db, n + 1, t);
      try (alarms) {
        started = System.nanoTime();
        step.run(db, m);
      }
      m.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
      alarms.report(m);
      System.err.printf("%s: %s%n", name, m);
      return m;
    }
  }

  private static double mib(long bytes) {
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }

  /** A thread committing one alarm per transaction until closed, as the state engine would. */
  private static final class AlarmCommits implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong longest = new AtomicLong();
    private final Thread thread;

    AlarmCommits(Database db, long firstId, Instant t) {
      thread = new Thread(() -> run(db, firstId, t), "alarm-writer");
      thread.start();
    }

    private void run(Database db, long firstId, Instant t) {
      for (long k = firstId; running.get(); k++) {
        long id = k;
        long before = System.nanoTime();
        try {
          db.inTransaction(
              c -> {
                OutboxStore.append(c, event(id, "alarm", DeliveryClass.ALARM, t));
                return null;
              });
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
        commits.incrementAndGet();
        longest.accumulateAndGet(System.nanoTime() - before, Math::max);
      }
    }

    void report(Map<String, Object> m) throws java.io.IOException {
      m.put("alarm_commits_meanwhile", commits.get());
      m.put("alarm_commit_max_ms", Math.round(longest.get() / 1e4) / 100.0);
      m.put("host_load_average", HostLoad.averages());
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }

  /**
   * Queues events 1 to {@code n} of one type and class, {@link #INSERT_BATCH} to a transaction;
   * returns their time.
   */
  private static Instant buffer(Database db, int n, String type, DeliveryClass c)
      throws java.sql.SQLException {
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int first = 1; first <= n; first += INSERT_BATCH) {
      int from = first;
      db.inTransaction(
          conn -> {
            for (long k = from; k < from + INSERT_BATCH && k <= n; k++) {
              OutboxStore.append(conn, event(k, type, c, t));
            }
            return null;
          });
    }
    return t;
  }

  private static OutboxRow event(long k, String type, DeliveryClass c, Instant t) {
    String body =
        "{\"event_id\":\""
            + INSTANCE
            + "-"
            + k
            + "\",\"event_type\":\""
            + type
            + "\","
            + "\"event_subtype\":\"intrusion\",\"event_time\":\""
            + t
            + "\",\"site_id\":\""
            + SITE
            + "\","
            + "\"partition\":\"1\",\"zone\":{\"number\":5,\"name\":\"Back Door\"},\"restore\":false,"
            + "\"codes\":{\"cid\":\"E130\",\"sia\":\"BA\"},\"test\":false,\"source\":\"panel\"}";
    return new OutboxRow(OutboxKind.EVENT, "evt:" + SITE + ":" + INSTANCE + "-" + k, body, k, t, c);
  }

  private CloudSyncService start(DrainCloud cloud, Database db) throws Exception {
    BridgeConfig config = ConfigLoader.parse(BenchConfig.cloud(cloud.baseUrl(), work), work);
    return CloudSyncService.start(
        config,
        db,
        HostClock.system(),
        new Alerts(Clock.systemUTC()),
        new Metrics(),
        new StatusRegistry());
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void awaitReceived(DrainCloud cloud, int n, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (cloud.received() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            cloud.received() + " of " + n + " events reached the cloud within " + within);
      }
      Thread.sleep(2);
    }
  }

  private static void awaitArrival(DrainCloud cloud, String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (cloud.arrival(id) == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(id + " did not reach the cloud within 60 s");
      }
      Thread.sleep(1);
    }
  }
}
