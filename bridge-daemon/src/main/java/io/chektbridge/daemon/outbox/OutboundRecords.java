package io.chektbridge.daemon.outbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chektbridge.daemon.config.BridgeConfig.Zone;
import io.chektbridge.daemon.journal.StoredEvent;
import io.chektbridge.daemon.state.ArmingReport;
import io.chektbridge.daemon.state.ArmingSource;
import io.chektbridge.daemon.state.Meaning;
import io.chektbridge.daemon.state.SiteEvent;
import io.chektbridge.daemon.state.SiteLayout;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Renders what the cloud-sync sends: arming records (the CHeKT API contract §4.1) and events (§5),
 * as outbox rows with their stable Idempotency-Keys and priority class (§9). Every timestamp is UTC
 * with {@code Z}. No PIN is ever sent: panel reports carry user numbers, never codes. The body
 * written is the body sent: camera ids come from the zone configuration now, not at send time.
 *
 * <p>Every key derives from what caused the record, never from a counter of this write: the panel
 * event's id, or for a delay that ran out the id of the last panel event before it (one delay per
 * partition runs at a time, and only an event starts one). So a batch applied twice (its commit
 * landed but the disk sync threw) renders the same keys and queues nothing new.
 *
 * <p>While {@code site.id} is not configured, bodies carry {@code "site_id": null} and keys an
 * empty site segment ({@code evt::…}); {@link SiteIdRepair} fills them in once a site id is set.
 */
public final class OutboundRecords {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String siteId;
  private final String instancePrefix;
  private final SiteLayout layout;

  public OutboundRecords(String siteId, String instancePrefix, SiteLayout layout) {
    this.siteId = siteId;
    this.instancePrefix = instancePrefix;
    this.layout = layout;
  }

  /**
   * The record for POST /v1/sites/{site_id}/arming-state: report number {@code index} of those
   * caused by panel event {@code panelEventId}, or when that is null by a delay running out after
   * panel event {@code lastEventId}.
   */
  public OutboxRow arming(
      ArmingReport r, Long panelEventId, long lastEventId, int index, Instant now) {
    ObjectNode body = JSON.objectNode();
    body.put("state", r.state());
    body.put("partition", r.partitionLabel());
    body.put("timestamp", utc(r.timestamp()));
    body.put("user_id", r.user() == null ? null : r.user().toString());
    body.put("source", r.source() == null ? ArmingSource.PANEL.wireName() : r.source().wireName());
    switch (r.state()) {
      case "arming_in_progress" -> {
        body.put("target_mode", r.targetMode().wireName());
        body.put("exit_delay_seconds", r.delaySeconds());
      }
      case "entry_delay" -> body.put("entry_delay_seconds", r.delaySeconds());
      case "arm_failure" -> body.put("reason", r.reason());
      default -> {}
    }
    if (!r.zones().isEmpty() || "arm_failure".equals(r.state())) {
      ArrayNode zones = body.putArray("zones");
      r.zones()
          .forEach(
              z ->
                  zones
                      .addObject()
                      .put("zone_number", z.number())
                      .put("zone_name", z.name())
                      .put("status", z.status()));
    }
    String cause = panelEventId != null ? "e" + panelEventId : "x" + lastEventId;
    String key =
        "arm:"
            + site()
            + ":"
            + r.partitionLabel()
            + ":"
            + instancePrefix
            + "-"
            + cause
            + "-"
            + index;
    return OutboxRow.rendered(OutboxKind.ARMING, key, body, panelEventId, now, DeliveryClass.ALARM);
  }

  /** The record for the events path; {@code partitions} are the event's resolved partitions. */
  public OutboxRow event(SiteEvent e, Instant now) {
    StoredEvent raw = e.raw();
    String eventId = instancePrefix + "-" + raw.id();
    Zone zone = e.zone() == null ? null : layout.zone(e.zone());
    ObjectNode body = JSON.objectNode();
    body.put("event_id", eventId);
    String eventType = eventType(e);
    body.put("event_type", eventType);
    body.put("event_subtype", e.kind() != null ? e.kind() : raw.category());
    // the panel's own time where the frame carried one (a DC-09 timestamp, already checked against
    // the receiver's time window), else when the bridge received it
    Instant happened = raw.panelTime() != null ? raw.panelTime() : e.time();
    body.put("event_time", utc(happened));
    body.put("site_id", siteId);
    body.put("camera_id", zone == null ? null : zone.cameraId());
    body.put("partition", e.partitions().size() == 1 ? e.partitions().get(0).toString() : "all");
    if (zone == null) {
      body.putNull("zone");
    } else {
      body.putObject("zone").put("number", zone.number()).put("name", zone.name());
    }
    if (e.user() == null) {
      body.putNull("user");
    } else {
      body.putObject("user").put("id", e.user().toString());
    }
    body.put("restore", raw.restore() && !"opening_closing".equals(raw.category()));
    body.putObject("codes").put("cid", raw.cidWithQualifier()).put("sia", raw.siaCode());
    body.put("test", e.meaning() == Meaning.TEST || "test".equals(raw.category()));
    body.put("source", e.source().wireName());
    body.put("description", raw.description());
    if (!raw.videoUrls().isEmpty()) {
      ArrayNode clips = body.putArray("video_clips");
      raw.videoUrls()
          .forEach(u -> clips.addObject().put("start_time", utc(happened)).put("url", u));
    }
    return OutboxRow.rendered(
        OutboxKind.EVENT,
        "evt:" + site() + ":" + eventId,
        body,
        raw.id(),
        now,
        DeliveryClass.ofEvent(e.meaning(), eventType, raw.category()));
  }

  /**
   * alarm | trouble | arming (the CHeKT API contract §5), from the meaning first and the code's
   * category second.
   */
  public static String eventType(SiteEvent e) {
    return switch (e.meaning()) {
      case ALARM, ALARM_RESTORE, TAMPER, TAMPER_RESTORE -> "alarm";
      case ARM_AWAY,
          ARM_STAY,
          ARM_NIGHT,
          DISARM,
          ARM_FAILURE,
          EXIT_DELAY_START,
          ENTRY_DELAY_START,
          BYPASS,
          UNBYPASS ->
          "arming";
      case TROUBLE, TROUBLE_RESTORE, TEST -> "trouble";
      default ->
          switch (e.raw().category()) {
            case "alarm", "tamper" -> "alarm";
            case "opening_closing", "bypass", "access" -> "arming";
            default -> "trouble";
          };
    };
  }

  private String site() {
    return siteId == null ? "" : siteId;
  }

  public static String utc(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
