package io.chektbridge.daemon.state;

import java.time.Instant;

/**
 * Everything known of one partition at one moment; immutable, so snapshots can be handed to any
 * reader. Besides the local state it keeps what the cloud was last told ({@code cloudState}, {@code
 * cloudMode}, {@code cloudTime}), because only that decides which cloud transitions are valid.
 *
 * @param number partition number
 * @param state the local state
 * @param since when the local state was entered (null: never reported since the bridge was
 *     installed)
 * @param user the panel user who caused it (or who started the delay), or null
 * @param source keypad or panel, for the user
 * @param targetMode during an exit delay: the mode it ends in
 * @param armedMode while armed, in entry delay or in alarm: the armed mode to return to (null if
 *     disarmed)
 * @param delayEnds when the running exit or entry delay ends, or null
 * @param delayOrigin what started the running exit delay
 * @param cloudState the last state written to the outbox for the cloud (never ALARM)
 * @param cloudMode with cloudState: its target mode (exit delay) or armed mode (entry delay)
 * @param cloudTime the timestamp of that record; later records never go back in time
 * @param awaitingBaseline true after the panel link came back: the next arming report re-syncs
 *     state
 */
public record PartitionSnapshot(
    int number,
    PartitionState state,
    Instant since,
    Integer user,
    ArmingSource source,
    ArmingMode targetMode,
    ArmingMode armedMode,
    Instant delayEnds,
    DelayOrigin delayOrigin,
    PartitionState cloudState,
    ArmingMode cloudMode,
    Instant cloudTime,
    boolean awaitingBaseline) {

  /** A partition the bridge has never heard of: disarmed, as the cloud also starts. */
  public static PartitionSnapshot initial(int number) {
    return new PartitionSnapshot(
        number,
        PartitionState.DISARMED,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        PartitionState.DISARMED,
        null,
        null,
        false);
  }

  /** This partition in {@code next} from {@code at}, with no delay running. */
  PartitionSnapshot enter(
      PartitionState next, Instant at, Integer byUser, ArmingSource bySource, ArmingMode armed) {
    return new PartitionSnapshot(
        number,
        next,
        at,
        byUser,
        bySource,
        null,
        armed,
        null,
        null,
        cloudState,
        cloudMode,
        cloudTime,
        awaitingBaseline);
  }

  PartitionSnapshot withDelay(ArmingMode target, Instant ends, DelayOrigin origin) {
    return new PartitionSnapshot(
        number,
        state,
        since,
        user,
        source,
        target,
        armedMode,
        ends,
        origin,
        cloudState,
        cloudMode,
        cloudTime,
        awaitingBaseline);
  }

  PartitionSnapshot withCloud(PartitionState sent, ArmingMode mode, Instant at) {
    return new PartitionSnapshot(
        number,
        state,
        since,
        user,
        source,
        targetMode,
        armedMode,
        delayEnds,
        delayOrigin,
        sent,
        mode,
        at,
        awaitingBaseline);
  }

  PartitionSnapshot withAwaitingBaseline(boolean awaiting) {
    return new PartitionSnapshot(
        number,
        state,
        since,
        user,
        source,
        targetMode,
        armedMode,
        delayEnds,
        delayOrigin,
        cloudState,
        cloudMode,
        cloudTime,
        awaiting);
  }
}
