package io.chektbridge.daemon.state;

import io.chektbridge.daemon.journal.StoredEvent;
import java.time.Instant;
import java.util.List;

/**
 * A panel event normalized for the state machine: what it means, to which partitions and zone, by
 * which user, when. Whatever code or wire format carried it, the machine sees only this.
 *
 * @param raw the stored row (its id is the event's identity; codes and text go to the cloud)
 * @param mapping meaning, kind (alarm type, trouble type, arm-failure reason, exit-delay mode) and
 *     source line
 * @param partitions the partitions it applies to, resolved against the site layout (never empty)
 * @param zone the zone number, or null
 * @param user the panel user number, or null
 * @param time when it happened on the bridge's UTC clock
 */
public record SiteEvent(
    StoredEvent raw,
    CodeMapping mapping,
    List<Integer> partitions,
    Integer zone,
    Integer user,
    Instant time) {

  public SiteEvent {
    partitions = List.copyOf(partitions);
  }

  public long id() {
    return raw.id();
  }

  public Meaning meaning() {
    return mapping.meaning();
  }

  public String kind() {
    return mapping.kind();
  }

  public ArmingSource source() {
    return ArmingSource.forUser(user);
  }
}
