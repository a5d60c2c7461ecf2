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
    return of(
        number,
        new Local(PartitionState.DISARMED, null, null, null, null),
        Delay.NONE,
        new Told(PartitionState.DISARMED, null, null),
        false);
  }

  /** This partition in {@code next} from {@code at}, with no delay running. */
  PartitionSnapshot enter(
      PartitionState next, Instant at, Integer byUser, ArmingSource bySource, ArmingMode armed) {
    return of(
        number, new Local(next, at, byUser, bySource, armed), Delay.NONE, told(), awaitingBaseline);
  }

  PartitionSnapshot withDelay(ArmingMode target, Instant ends, DelayOrigin origin) {
    return of(number, local(), new Delay(target, ends, origin), told(), awaitingBaseline);
  }

  PartitionSnapshot withCloud(PartitionState sent, ArmingMode mode, Instant at) {
    return of(number, local(), delay(), new Told(sent, mode, at), awaitingBaseline);
  }

  PartitionSnapshot withAwaitingBaseline(boolean awaiting) {
    return of(number, local(), delay(), told(), awaiting);
  }

  private Local local() {
    return new Local(state, since, user, source, armedMode);
  }

  private Delay delay() {
    return new Delay(targetMode, delayEnds, delayOrigin);
  }

  private Told told() {
    return new Told(cloudState, cloudMode, cloudTime);
  }

  /**
   * The one place the thirteen components are spelled out: each wither replaces one group and keeps
   * the others.
   */
  private static PartitionSnapshot of(
      int number, Local local, Delay delay, Told told, boolean awaitingBaseline) {
    return new PartitionSnapshot(
        number,
        local.state,
        local.since,
        local.user,
        local.source,
        delay.targetMode,
        local.armedMode,
        delay.ends,
        delay.origin,
        told.state,
        told.mode,
        told.time,
        awaitingBaseline);
  }

  /** The local state and who caused it. */
  private record Local(
      PartitionState state,
      Instant since,
      Integer user,
      ArmingSource source,
      ArmingMode armedMode) {}

  /** The running exit or entry delay. */
  private record Delay(ArmingMode targetMode, Instant ends, DelayOrigin origin) {
    static final Delay NONE = new Delay(null, null, null);
  }

  /** What the cloud was last told. */
  private record Told(PartitionState state, ArmingMode mode, Instant time) {}
}
