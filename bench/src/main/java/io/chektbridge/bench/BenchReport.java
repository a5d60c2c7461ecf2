package io.chektbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Joins the JMH results ({@code jmh.json}) and the load driver's ({@code load.json}) into
 * {@code latest.json} and a Markdown table next to the DESIGN.md §7 targets ({@code latest.md}).
 */
public final class BenchReport {
  private BenchReport() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/results");
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    JsonNode jmh = json.readTree(dir.resolve("jmh.json").toFile());
    JsonNode load = json.readTree(dir.resolve("load.json").toFile());
    ObjectNode latest = json.createObjectNode();
    latest.set("jmh", jmh);
    latest.set("load", load);
    Files.writeString(dir.resolve("latest.json"), json.writeValueAsString(latest));

    StringBuilder md = new StringBuilder();
    JsonNode m = load.path("machine");
    md.append("Measured ").append(load.path("when").asText()).append(" on ").append(m.path("cores").asInt())
        .append(" cores (").append(m.path("cpu").asText()).append("), Java ").append(m.path("java").asText())
        .append(".\n\n| what | measured | target (DESIGN.md §7) |\n|---|---|---|\n");
    row(md, "DC-09 decode, plain (JMH, one core)", jmhScore(jmh, "Dc09DecodeBenchmark.plain") + " frames/s", "≥ 1,000,000");
    row(md, "DC-09 decode, AES-128 (JMH, one core)", jmhScore(jmh, "Dc09DecodeBenchmark.aes128") + " frames/s", "≥ 300,000");
    row(md, "Contact ID decode (JMH, one core)", jmhScore(jmh, "ContactIdParseBenchmark.parseDtmfLine") + " lines/s", "≥ 3,000,000");
    JsonNode d = load.path("durable");
    row(md, "receiver, durable ACKs, 50 TCP connections", rate(d.path("tcp_50conn")), "≥ 20,000 frames/s");
    row(md, "receiver, durable ACKs, 200 TCP connections", rate(d.path("tcp_200conn")), "—");
    row(md, "receiver, 50 TCP connections, AES-128", rate(d.path("tcp_50conn_aes128")), "—");
    row(md, "receiver, one connection lock-step", rate(d.path("tcp_1conn_lockstep")), "≥ 2,000 frames/s; p99 ≤ 5 ms");
    row(md, "receiver, UDP lock-step", rate(d.path("udp_1conn")), "—");
    JsonNode n = load.path("no_fsync");
    row(md, "same, journal without fsync (cost of durability): 1 conn / 50 conns",
        n.path("tcp_1conn_lockstep").path("acks_per_s").asLong() + " / " + n.path("tcp_50conn").path("acks_per_s").asLong()
            + " ACK/s", "—");
    row(md, "RSS idle / after load / peak (unit JVM flags)", String.format(Locale.ROOT, "%.0f / %.0f / %.0f MiB",
        d.path("rss_idle_mib").asDouble(), d.path("rss_after_load_mib").asDouble(), d.path("rss_peak_mib").asDouble()),
        "≤ 110 idle, ≤ 160 under load");
    row(md, "start to ready (status port answers /readyz)", d.path("start_to_ready_ms").asLong() + " ms", "≤ 2 s");
    Files.writeString(dir.resolve("latest.md"), md.toString());
  }

  private static String jmhScore(JsonNode jmh, String suffix) {
    for (JsonNode b : jmh) {
      if (b.path("benchmark").asText().endsWith(suffix)) {
        return String.format(Locale.ROOT, "%,.0f ± %,.0f", b.path("primaryMetric").path("score").asDouble(),
            b.path("primaryMetric").path("scoreError").asDouble());
      }
    }
    return "not run";
  }

  private static String rate(JsonNode r) {
    return String.format(Locale.ROOT, "%,d ACK/s (%d/%d ACKed); ACK p50 %.2f ms, p99 %.2f ms", r.path("acks_per_s").asLong(),
        r.path("acked").asLong(), r.path("sent").asLong(), r.path("latency_ms").path("p50").asDouble(),
        r.path("latency_ms").path("p99").asDouble());
  }

  private static void row(StringBuilder md, String what, String measured, String target) {
    md.append("| ").append(what).append(" | ").append(measured).append(" | ").append(target).append(" |\n");
  }
}
