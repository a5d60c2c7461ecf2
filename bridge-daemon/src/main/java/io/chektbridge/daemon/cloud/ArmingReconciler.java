package io.chektbridge.daemon.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.state.PartitionState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation read of the CHeKT API contract §4.3: at start-up and after the cloud answered
 * an arming record with 409, {@code GET /ext/v1/sites/{id}/arming} and compare with what the bridge
 * last reported for each partition. A difference raises STATE_DIVERGENCE (status, log, metric) and
 * the state machine takes the cloud's word as the base of its next record. The read uses the
 * configured credentials (an API key or an oauth_jwt token alike).
 *
 * <p>The answer names the site's state ({@code data.arming_status}); where it also lists {@code
 * data.partitions[{partition, arming_status}]} each partition is compared on its own.
 */
public final class ArmingReconciler {
  /** The state machine's side: what it last reported per partition, and taking the cloud's word. */
  public interface ReportedState {
    Map<Integer, PartitionState> reportedToCloud();

    void adoptCloudState(Map<Integer, PartitionState> cloud);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ArmingReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CloudClient client;
  private final String path;
  private final ReportedState engine;
  private final Alerts alerts;
  private final LongAdder divergences;

  public ArmingReconciler(
      CloudClient client,
      CloudRequests requests,
      ReportedState engine,
      Alerts alerts,
      Metrics metrics) {
    this.client = client;
    this.path = requests.armingReadPath();
    this.engine = engine;
    this.alerts = alerts;
    this.divergences =
        metrics.counter(
            "chekt_bridge_state_divergence_total",
            "Reconciliation reads where the cloud's arming state differed from what the bridge reported");
  }

  /**
   * One read and comparison; true when the cloud agrees. Failures to read are logged, never thrown.
   */
  public boolean reconcile() {
    Map<Integer, PartitionState> cloud;
    try {
      CloudClient.Reply reply = client.get(path);
      if (reply.status() != 200) {
        LOG.warn(
            "Arming reconciliation read {} answered HTTP {} {}; the comparison waits for the next one",
            path,
            reply.status(),
            ApiError.parse(reply.body()).describe());
        return false;
      }
      cloud = parse(reply.body());
    } catch (AuthException | IOException | IllegalArgumentException e) {
      LOG.warn("Arming reconciliation read {} failed: {}", path, e.getMessage());
      return false;
    }
    List<String> differences = new ArrayList<>();
    Map<Integer, PartitionState> adopt = new LinkedHashMap<>();
    Map<Integer, PartitionState> reported = engine.reportedToCloud();
    cloud.forEach(
        (number, said) -> {
          PartitionState ours = reported.get(number);
          if (ours != null && ours != said) {
            differences.add(
                "partition "
                    + number
                    + ": the cloud says "
                    + said.wireName()
                    + ", the bridge last reported "
                    + ours.wireName());
            adopt.put(number, said);
          }
        });
    if (differences.isEmpty()) {
      if (alerts.isActive(AlertKind.STATE_DIVERGENCE)) {
        alerts.clear(AlertKind.STATE_DIVERGENCE);
      }
      return true;
    }
    divergences.increment();
    String detail = String.join("; ", differences);
    LOG.warn(
        "The cloud's arming state differs from the panel's as last reported ({}). The next arming record is "
            + "built from the cloud's state; check the panel and the CHeKT site for a change made elsewhere",
        detail);
    alerts.raise(AlertKind.STATE_DIVERGENCE, detail);
    engine.adoptCloudState(adopt);
    return false;
  }

  private Map<Integer, PartitionState> parse(String body) throws IOException {
    JsonNode data = JSON.readTree(body).path("data");
    Map<Integer, PartitionState> out = new LinkedHashMap<>();
    JsonNode partitions = data.path("partitions");
    if (partitions.isArray() && !partitions.isEmpty()) {
      for (JsonNode p : partitions) {
        out.put(
            p.path("partition").asInt(),
            PartitionState.ofWireName(p.path("arming_status").asText()));
      }
      return out;
    }
    PartitionState site = PartitionState.ofWireName(data.path("arming_status").asText());
    engine.reportedToCloud().keySet().forEach(n -> out.put(n, site));
    return out;
  }
}
