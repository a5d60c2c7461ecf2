package io.chektbridge.daemon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import java.util.HashMap;
import java.util.Map;

/**
 * The alarm events a fake cloud holds, counted by zone: the reliability tests send one alarm per
 * zone.
 */
public final class CloudAlarms {
  private CloudAlarms() {}

  /** Zone number to how many times an alarm on it arrived (more than 1 is a duplicate). */
  public static Map<Integer, Integer> byZone(FakeChektCloud cloud) {
    Map<Integer, Integer> out = new HashMap<>();
    for (JsonNode e : cloud.events()) {
      if (e.path("event_type").asText().equals("alarm")) {
        out.merge(e.path("zone").path("number").asInt(), 1, Integer::sum);
      }
    }
    return out;
  }
}
