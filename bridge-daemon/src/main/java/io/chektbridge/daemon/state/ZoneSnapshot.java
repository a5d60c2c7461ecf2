package io.chektbridge.daemon.state;

import java.time.Instant;

/**
 * Everything known of one zone; immutable.
 *
 * @param number zone number
 * @param partition the partition its last event named (its configured one until then)
 * @param state condition; {@link ZoneState#UNKNOWN} until first reported
 * @param bypassed bypassed by the panel
 * @param alarmMemory went into alarm since the partition was last armed
 * @param lastEvent when its last event arrived, or null
 * @param lastCode the code of its last event ("E130", "BA"), or null
 * @param lastMeaning the meaning of its last event, or null
 * @param lastEventId the panel_event id of its last event, or null
 */
public record ZoneSnapshot(
    int number,
    int partition,
    ZoneState state,
    boolean bypassed,
    boolean alarmMemory,
    Instant lastEvent,
    String lastCode,
    Meaning lastMeaning,
    Long lastEventId) {

  public static ZoneSnapshot initial(int number, int partition) {
    return new ZoneSnapshot(
        number, partition, ZoneState.UNKNOWN, false, false, null, null, null, null);
  }

  /** The state /status shows: bypassed hides the condition behind it, as keypads do. */
  public ZoneState shownState() {
    return bypassed ? ZoneState.BYPASSED : state;
  }

  ZoneSnapshot withState(ZoneState next) {
    return new ZoneSnapshot(
        number,
        partition,
        next,
        bypassed,
        alarmMemory,
        lastEvent,
        lastCode,
        lastMeaning,
        lastEventId);
  }

  ZoneSnapshot withBypassed(boolean value) {
    return new ZoneSnapshot(
        number,
        partition,
        state,
        value,
        alarmMemory,
        lastEvent,
        lastCode,
        lastMeaning,
        lastEventId);
  }

  ZoneSnapshot withAlarmMemory(boolean value) {
    return new ZoneSnapshot(
        number, partition, state, bypassed, value, lastEvent, lastCode, lastMeaning, lastEventId);
  }

  ZoneSnapshot seen(SiteEvent e, int inPartition) {
    String code =
        e.raw().siaCode() != null && "SIA_DC03".equals(e.raw().format())
            ? e.raw().siaCode()
            : e.raw().cidWithQualifier();
    return new ZoneSnapshot(
        number, inPartition, state, bypassed, alarmMemory, e.time(), code, e.meaning(), e.id());
  }
}
