package io.chektbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Joins the JMH results ({@code jmh.json}) and the load driver's ({@code load.json}) into {@code
 * latest.json} and a Markdown table next to the performance targets (README, Performance) ({@code
 * latest.md}).
 */
public final class BenchReport {
  private static final String MINIMAL =
      "MinimalReceiver: one thread, the project's decoder, per selector turn one write and one"
          + " fdatasync, then the ACKs; no journal, database or state; in the bench's JVM";

  private BenchReport() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/results");
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    JsonNode jmh = json.readTree(dir.resolve("jmh.json").toFile());
    JsonNode load = json.readTree(dir.resolve("load.json").toFile());
    Path drainFile = dir.resolve("drain.json");
    JsonNode drain =
        Files.exists(drainFile) ? json.readTree(drainFile.toFile()) : json.missingNode();
    ObjectNode latest = json.createObjectNode();
    latest.set("jmh", jmh);
    latest.set("load", load);
    latest.set("drain", drain);
    Files.writeString(dir.resolve("latest.json"), json.writeValueAsString(latest));

    Files.writeString(dir.resolve("latest.md"), markdown(jmh, load, drain));
  }

  private static String markdown(JsonNode jmh, JsonNode load, JsonNode drain) {
    StringBuilder md = new StringBuilder();
    JsonNode m = load.path("machine");
    md.append("Measured ")
        .append(load.path("when").asText())
        .append(" on ")
        .append(m.path("cores").asInt())
        .append(" cores (")
        .append(m.path("cpu").asText())
        .append("), Java ")
        .append(m.path("java").asText())
        .append("; host load average (1/5/15 min) at start: ")
        .append(m.path("load_average_at_start").asText("not recorded"))
        .append(
            ". The daemon runs with the systemd unit's JVM flags (C1 only, 64 MiB heap); receiver rows\n"
                + "follow a warm-up of 10,000 frames, and each starts once the state engine has applied every event\n"
                + "sent before it. Daemon CPU is its user+system time as % of one core over the row's ACKs, the JIT\n"
                + "compiler threads' part given apart.\n\n")
        .append("| what | measured | target |\n|---|---|---|\n");
    decoderRows(md, jmh);
    fsyncRows(md, load);
    receiverRows(md, load.path("durable"), load.path("no_fsync"));
    cloudRows(md, load.path("frame_to_cloud"));
    drainRows(md, drain);
    footprintRows(md, load.path("durable"));
    return md.toString();
  }

  private static void decoderRows(StringBuilder md, JsonNode jmh) {
    row(
        md,
        "DC-09 decode, plain (JMH, one core)",
        jmhScore(jmh, "Dc09DecodeBenchmark.plain") + " frames/s",
        "≥ 1,000,000");
    row(
        md,
        "DC-09 decode, AES-128 (JMH, one core)",
        jmhScore(jmh, "Dc09DecodeBenchmark.aes128") + " frames/s",
        "≥ 300,000");
    row(
        md,
        "Contact ID decode (JMH, one core)",
        jmhScore(jmh, "ContactIdParseBenchmark.parseDtmfLine") + " lines/s",
        "≥ 3,000,000");
    row(
        md,
        "one panel event applied to the site state, a panel of 16 / 1,000 zones (JMH, one core)",
        jmhScore(jmh, "SiteStateApplyBenchmark.applyOneEvent", "16")
            + " / "
            + jmhScore(jmh, "SiteStateApplyBenchmark.applyOneEvent", "1000")
            + " events/s",
        "—");
  }

  /**
   * The disk's own rate, before and after the receiver runs, and the lock-step receiver as a share
   * of it.
   */
  private static void fsyncRows(StringBuilder md, JsonNode load) {
    long before = load.path("fsync_probe").path("appends_per_s").asLong();
    long after = load.path("fsync_probe_after").path("appends_per_s").asLong();
    row(
        md,
        "the disk: 512-byte appends, each fdatasync'd (2 s, before / after the receiver rows)",
        before == 0 ? "not run" : String.format(Locale.ROOT, "%,d / %,d appends/s", before, after),
        "—");
    long lockstep = load.path("durable").path("tcp_1conn_lockstep").path("acks_per_s").asLong();
    long disk = Math.min(before, after == 0 ? before : after);
    row(
        md,
        "receiver, one connection lock-step, as a share of the disk",
        disk == 0
            ? "not run"
            : String.format(
                Locale.ROOT,
                "%.2f (%,d ACK/s against %,d appends/s, the lower probe)",
                (double) lockstep / disk,
                lockstep,
                disk),
        "≥ 0.75; p99 ≤ 2 ms");
    JsonNode minimal = load.path("minimal_receiver");
    row(
        md,
        "the least any durable receiver does on this host, one connection lock-step ("
            + MINIMAL
            + ")",
        minimal.isMissingNode() ? "not run" : minimalRow(load, "tcp_1conn_lockstep", disk),
        "—");
    row(
        md,
        "the same minimal receiver, 50 TCP connections",
        minimal.isMissingNode() ? "not run" : minimalRow(load, "tcp_50conn", 0),
        "—");
  }

  /**
   * A minimal receiver's rate (as a share of the disk when {@code disk} is given), and the daemon's
   * rate on the same load as a share of it.
   */
  private static String minimalRow(JsonNode load, String run, long disk) {
    JsonNode synced = load.path("minimal_receiver").path(run);
    JsonNode unsynced = load.path("minimal_receiver").path(run + "_no_fsync");
    long rate = synced.path("acks_per_s").asLong();
    long daemon = load.path("durable").path(run).path("acks_per_s").asLong();
    return String.format(
        Locale.ROOT,
        "%,d ACK/s%s; ACK p50 %s ms, p99 %s ms; its thread %s µs CPU per frame; without fsync"
            + " %,d ACK/s. The daemon on this load: %,d ACK/s = %.2f of it",
        rate,
        disk == 0 ? "" : String.format(Locale.ROOT, " = %.2f of the disk", (double) rate / disk),
        synced.path("latency_ms").path("p50").asText(),
        synced.path("latency_ms").path("p99").asText(),
        synced.path("receiver_cpu_us_per_frame").asText(),
        unsynced.path("acks_per_s").asLong(),
        daemon,
        rate == 0 ? 0.0 : (double) daemon / rate);
  }

  private static void receiverRows(StringBuilder md, JsonNode d, JsonNode n) {
    rows(
        md,
        d,
        BenchReport::rate,
        new Measured(
            "receiver, durable ACKs, 50 TCP connections",
            "tcp_50conn",
            "≥ 20,000 frames/s; p99 ≤ 20 ms"),
        new Measured("receiver, durable ACKs, 200 TCP connections", "tcp_200conn", "—"),
        new Measured("receiver, 50 TCP connections, AES-128", "tcp_50conn_aes128", "—"),
        new Measured(
            "receiver, one connection lock-step",
            "tcp_1conn_lockstep",
            "see the share of the disk above"),
        new Measured("receiver, UDP lock-step", "udp_1conn", "—"));
    JsonNode one = n.path("tcp_1conn_lockstep");
    JsonNode fifty = n.path("tcp_50conn");
    row(
        md,
        "same, journal without fsync (cost of durability): 1 conn / 50 conns",
        n.isMissingNode()
            ? "not run"
            : one.path("acks_per_s").asLong()
                + " / "
                + fifty.path("acks_per_s").asLong()
                + " ACK/s; daemon CPU "
                + pct(one.path("daemon_cpu"))
                + " / "
                + pct(fifty.path("daemon_cpu")),
        "—");
  }

  private static void cloudRows(StringBuilder md, JsonNode c) {
    rows(
        md,
        c,
        BenchReport::toCloud,
        new Measured(
            "panel event → cloud request, 20 events/s paced",
            "rate_20",
            "p99 ≤ 250 ms (contract: 5 s)"),
        new Measured(
            "panel event → cloud request, 200 events/s paced",
            "rate_200",
            "p99 ≤ 250 ms (contract: 5 s)"));
    row(md, "daemon CPU, cloud sync on, nothing to send", pct(c.path("idle_daemon_cpu")), "—");
  }

  /**
   * DrainBench: a buffered backlog drained to the cloud, and an alarm behind one (in process, not
   * the daemon jar).
   */
  private static void drainRows(StringBuilder md, JsonNode d) {
    rows(
        md,
        d,
        BenchReport::drained,
        new Measured(
            "cloud drain of buffered events, bulk, 50 ms round trip",
            "bulk_50ms",
            "≥ 5,000 events/s"),
        new Measured(
            "cloud drain of buffered events, bulk, loopback", "bulk_loopback", "≥ 20,000 events/s"),
        new Measured(
            "cloud drain of buffered events, single events (no bulk endpoint), 50 ms round trip",
            "single_50ms",
            "≥ 60 events/s"));
    JsonNode a = d.path("alarm_behind_2000_troubles_50ms");
    row(
        md,
        "alarm and arming change behind 2,000 pending troubles, 50 ms round trip",
        a.isMissingNode()
            ? "not run"
            : String.format(
                Locale.ROOT,
                "alarm %d ms, arming %d ms after their commit (%d troubles reached the cloud before)",
                a.path("alarm_ms").asLong(),
                a.path("arming_ms").asLong(),
                a.path("troubles_at_cloud_before_both").asLong()),
        "≤ 1 s (contract: 5 s)");
    rows(
        md,
        d,
        BenchReport::capSetAside,
        new Measured(
            "outbox cap: half of a backlog of routine events set aside at once, an alarm committed"
                + " meanwhile",
            "cap_set_aside",
            "—"));
    rows(
        md,
        d,
        BenchReport::backupBesideAlarms,
        new Measured(
            "online backup (storage.backup) of a database of pending events, an alarm committed"
                + " meanwhile",
            "backup_beside_alarms",
            "alarm within the 5 s contract"));
  }

  private static String capSetAside(JsonNode r) {
    return String.format(
        Locale.ROOT,
        "%,d of %,d rows in %.2f s; %d alarm commits meanwhile, the longest %.1f ms",
        r.path("set_aside").asLong(),
        r.path("pending_rows").asLong(),
        r.path("seconds").asDouble(),
        r.path("alarm_commits_meanwhile").asLong(),
        r.path("alarm_commit_max_ms").asDouble());
  }

  private static String backupBesideAlarms(JsonNode r) {
    return String.format(
        Locale.ROOT,
        "%,d rows, a %.1f MiB file zipped to %.1f MiB in %.2f s; %d alarm commits meanwhile, the"
            + " longest %.1f ms",
        r.path("pending_rows").asLong(),
        r.path("file_mib").asDouble(),
        r.path("zip_mib").asDouble(),
        r.path("seconds").asDouble(),
        r.path("alarm_commits_meanwhile").asLong(),
        r.path("alarm_commit_max_ms").asDouble());
  }

  private static String drained(JsonNode r) {
    return String.format(
        Locale.ROOT,
        "%,d events/s (%,d events in %.2f s, %d requests, "
            + "%d repeated; %d ms CPU per 1,000 events; host load %s)",
        r.path("events_per_s").asLong(),
        r.path("events").asLong(),
        r.path("seconds").asDouble(),
        r.path("requests").asLong(),
        r.path("repeated_items").asLong(),
        r.path("process_cpu_ms_per_1000_events").asLong(),
        r.path("host_load_average").asText());
  }

  private static void footprintRows(StringBuilder md, JsonNode d) {
    row(
        md,
        "RSS idle / after load / peak (unit JVM flags)",
        String.format(
            Locale.ROOT,
            "%.0f / %.0f / %.0f MiB",
            d.path("rss_idle_mib").asDouble(),
            d.path("rss_after_load_mib").asDouble(),
            d.path("rss_peak_mib").asDouble()),
        "≤ 110 idle, ≤ 160 under load");
    row(
        md,
        "start to ready (status port answers /readyz)",
        d.path("start_to_ready_ms").asLong() + " ms",
        "≤ 2 s");
  }

  private static String jmhScore(JsonNode jmh, String suffix) {
    return jmhScore(jmh, suffix, null);
  }

  /** The score of the benchmark named {@code suffix}, of its run with {@code zones} when given. */
  private static String jmhScore(JsonNode jmh, String suffix, String zones) {
    for (JsonNode b : jmh) {
      if (b.path("benchmark").asText().endsWith(suffix)
          && (zones == null || zones.equals(b.path("params").path("zones").asText()))) {
        return String.format(
            Locale.ROOT,
            "%,.0f ± %,.0f",
            b.path("primaryMetric").path("score").asDouble(),
            b.path("primaryMetric").path("scoreError").asDouble());
      }
    }
    return "not run";
  }

  private static String rate(JsonNode r) {
    return String.format(
        Locale.ROOT,
        "%,d ACK/s (%d/%d ACKed); ACK %s; %s; daemon CPU %s%s",
        r.path("acks_per_s").asLong(),
        r.path("acked").asLong(),
        r.path("sent").asLong(),
        percentiles(r.path("latency_ms")),
        applied(r),
        pct(r.path("daemon_cpu")),
        generatorCpu(r));
  }

  /** When the state engine, behind the ACKs, had applied the row's events. */
  private static String applied(JsonNode r) {
    double after = r.path("applied_s_after_last_ack").asDouble(-1);
    return after < 0
        ? "not all applied to the state within 2 min"
        : String.format(
            Locale.ROOT,
            "all applied to the state %.2f s after the last ACK (%,d frames/s from the first frame)",
            after,
            r.path("applied_per_s").asLong());
  }

  /** What the load generator's own thread spent per frame; rows driven by send-test have none. */
  private static String generatorCpu(JsonNode r) {
    JsonNode us = r.path("generator_cpu_us_per_frame");
    return us.isMissingNode()
        ? ""
        : String.format(Locale.ROOT, "; load generator CPU %.1f µs per frame", us.asDouble());
  }

  /** Frame → cloud percentiles, then what happened to every event, then the ACKs and the CPU. */
  private static String toCloud(JsonNode s) {
    return String.format(
        Locale.ROOT,
        "%s; %d sent, %d ACKed, %d delivered, %d missing, %d doubled; ACK %s; daemon CPU %s",
        percentiles(s.path("frame_to_cloud_ms")),
        s.path("sent").asLong(),
        s.path("acked").asLong(),
        s.path("delivered").asLong(),
        s.path("missing").asLong(),
        s.path("doubled").asLong(),
        percentiles(s.path("ack_latency_ms")),
        pct(s.path("daemon_cpu")));
  }

  private static String percentiles(JsonNode ms) {
    return String.format(
        Locale.ROOT,
        "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms",
        ms.path("p50").asDouble(),
        ms.path("p99").asDouble(),
        ms.path("p999").asDouble());
  }

  private static String pct(JsonNode cpu) {
    return cpu.isMissingNode()
        ? "not measured"
        : String.format(
            Locale.ROOT,
            "%.0f %% (JIT compiler %.0f %%)",
            cpu.path("pct_of_one_core").asDouble(),
            cpu.path("jit_pct_of_one_core").asDouble());
  }

  /**
   * One table row whose figure comes from one named run of a results file.
   *
   * @param what the row's first column
   * @param run the run's key in the results
   * @param target the performance target the figure is read against
   */
  private record Measured(String what, String run, String target) {}

  /** The rows of runs in {@code results}; a run that is not there reads "not run". */
  private static void rows(
      StringBuilder md, JsonNode results, Function<JsonNode, String> figure, Measured... rows) {
    for (Measured r : rows) {
      JsonNode run = results.path(r.run());
      row(md, r.what(), run.isMissingNode() ? "not run" : figure.apply(run), r.target());
    }
  }

  private static void row(StringBuilder md, String what, String measured, String target) {
    md.append("| ")
        .append(what)
        .append(" | ")
        .append(measured)
        .append(" | ")
        .append(target)
        .append(" |\n");
  }
}
