package io.chektbridge.daemon.state;

import io.chektbridge.daemon.config.BridgeConfig.Partition;
import io.chektbridge.daemon.config.BridgeConfig.ZoneType;
import java.time.Duration;
import java.time.Instant;

/**
 * The arming state machine of one partition (README, Site state): disarmed → arming in progress →
 * armed away/stay/night → entry delay → alarm. It mirrors the panel: arm and disarm reports move
 * it, its own timers only end delays the panel's configuration defines, and it never decides an
 * alarm. Pure: it maps a status and an event to the next status; the caller stores it.
 */
public final class PartitionStateMachine {
  private final Partition config;

  /** What the event did to the partition. {@code audit} false: nothing worth an audit line. */
  public record Step(PartitionSnapshot next, AuditOutcome outcome, String detail, boolean audit) {
    static Step none(PartitionSnapshot s) {
      return new Step(s, AuditOutcome.UNCHANGED, null, false);
    }
  }

  /** Facts about the event's zone and the partition's zones that the machine needs. */
  public record ZoneFacts(ZoneType type, boolean bypassed, boolean anyZoneInAlarm) {
    public static final ZoneFacts NONE = new ZoneFacts(null, false, false);
  }

  public PartitionStateMachine(Partition config) {
    this.config = config;
  }

  public Step apply(PartitionSnapshot s, SiteEvent e, ZoneFacts zone) {
    ArmingMode mode = ArmingMode.of(e.meaning());
    if (mode != null) {
      return s.awaitingBaseline() ? baseline(s, e, mode) : arm(s, e, mode);
    }
    return switch (e.meaning()) {
      case DISARM ->
          s.awaitingBaseline() && s.state() == PartitionState.DISARMED
              ? new Step(
                  s,
                  AuditOutcome.BASELINE,
                  "the panel link came back; the panel confirms disarmed",
                  true)
              : disarm(s, e);
      case ARM_FAILURE -> armFailure(s, e);
      case EXIT_DELAY_START -> exitDelayStart(s, e);
      case ENTRY_DELAY_START -> entryDelay(s, e, "the panel reports its entry delay", true);
      case ZONE_OPEN ->
          zone.type() == ZoneType.ENTRY_EXIT && !zone.bypassed() && s.state().isArmed()
              ? entryDelay(
                  s,
                  e,
                  "entry/exit zone " + e.zone() + " opened while " + s.state().wireName(),
                  false)
              : Step.none(s);
      case ALARM -> alarm(s, e);
      case ALARM_RESTORE ->
          s.state() == PartitionState.ALARM && s.armedMode() == null && !zone.anyZoneInAlarm()
              ? changed(
                  s.enter(PartitionState.DISARMED, e.time(), s.user(), s.source(), null),
                  "every alarm of the disarmed partition restored")
              : Step.none(s);
      default -> Step.none(s);
    };
  }

  /** Ends a delay whose time has come: the exit delay arms, an entry delay returns to armed. */
  public Step expire(PartitionSnapshot s, Instant at) {
    if (s.delayEnds() == null || s.delayEnds().isAfter(at)) {
      return Step.none(s);
    }
    if (s.state() == PartitionState.ARMING_IN_PROGRESS) {
      ArmingMode target = s.targetMode();
      return delayElapsed(
          s,
          target,
          "exit",
          config.exitDelay(),
          "; armed " + target.wireName() + " (started by user " + s.user() + ")");
    }
    ArmingMode back = s.armedMode();
    return delayElapsed(
        s,
        back,
        "entry",
        config.entryDelay(),
        " with no disarm and no alarm reported; back to "
            + back.armedState().wireName()
            + " (the panel, not the bridge, decides alarms)");
  }

  /**
   * The {@code kind} delay of {@code length} ran out at its own time: the partition is armed in
   * {@code mode}, by the panel.
   */
  private static Step delayElapsed(
      PartitionSnapshot s, ArmingMode mode, String kind, Duration length, String outcome) {
    return new Step(
        s.enter(mode.armedState(), s.delayEnds(), s.user(), ArmingSource.PANEL, mode),
        AuditOutcome.DELAY_ELAPSED,
        kind + " delay of " + seconds(length) + " s ended" + outcome,
        true);
  }

  private Step arm(PartitionSnapshot s, SiteEvent e, ArmingMode mode) {
    PartitionState armed = mode.armedState();
    Integer user = e.user();
    return switch (s.state()) {
      case DISARMED -> startExitDelay(s, e, mode, DelayOrigin.ARM_REPORT);
      case ARMING_IN_PROGRESS -> {
        if (s.targetMode() != mode) {
          yield changed(
              s.enter(armed, e.time(), userOr(user, s), e.source(), mode),
              "the panel armed "
                  + mode.wireName()
                  + " during an exit delay for "
                  + s.targetMode().wireName());
        }
        yield s.delayOrigin() == DelayOrigin.EXIT_DELAY_REPORT
            ? changed(
                s.enter(armed, e.time(), userOr(user, s), e.source(), mode),
                "the panel reports armed; exit delay over")
            : unchanged(s, "repeated arm report during the exit delay");
      }
      case ARMED_AWAY, ARMED_STAY, ARMED_NIGHT ->
          s.state() == armed
              ? unchanged(s, "already " + armed.wireName())
              : changed(
                  s.enter(armed, e.time(), user, e.source(), mode),
                  "mode change "
                      + s.state().wireName()
                      + " → "
                      + armed.wireName()
                      + " (already armed: no exit delay)");
      case ENTRY_DELAY, ALARM ->
          changed(
              s.enter(armed, e.time(), user, e.source(), mode),
              "the panel reports " + armed.wireName() + " during " + s.state().wireName());
    };
  }

  private Step startExitDelay(
      PartitionSnapshot s, SiteEvent e, ArmingMode mode, DelayOrigin origin) {
    Duration delay = config.exitDelay();
    if (delay.isZero()) {
      return changed(
          s.enter(mode.armedState(), e.time(), e.user(), e.source(), mode),
          "armed at once (exit_delay 0s)");
    }
    PartitionSnapshot next =
        s.enter(PartitionState.ARMING_IN_PROGRESS, e.time(), e.user(), e.source(), null)
            .withDelay(mode, e.time().plus(delay), origin);
    return changed(next, "exit delay " + seconds(delay) + " s, target " + mode.wireName());
  }

  /**
   * After the panel link came back the first arming report is the panel's current state, not a user
   * action.
   */
  private Step baseline(PartitionSnapshot s, SiteEvent e, ArmingMode mode) {
    boolean consistent =
        s.state() == mode.armedState()
            || (s.state() == PartitionState.ARMING_IN_PROGRESS && s.targetMode() == mode)
            || ((s.state() == PartitionState.ENTRY_DELAY || s.state() == PartitionState.ALARM)
                && s.armedMode() == mode);
    if (consistent) {
      return new Step(
          s,
          AuditOutcome.BASELINE,
          "the panel link came back; the panel confirms " + mode.wireName(),
          true);
    }
    return new Step(
        s.enter(mode.armedState(), e.time(), e.user(), e.source(), mode),
        AuditOutcome.BASELINE,
        "the panel link came back and the panel reports "
            + mode.armedState().wireName()
            + "; armed while the link was down, so no exit delay is shown",
        true);
  }

  private Step disarm(PartitionSnapshot s, SiteEvent e) {
    if (s.state() == PartitionState.DISARMED) {
      return unchanged(s, "already disarmed");
    }
    String detail =
        switch (s.state()) {
          case ARMING_IN_PROGRESS -> "exit delay cancelled";
          case ENTRY_DELAY -> "disarmed during the entry delay; countdown cancelled";
          default -> "disarmed from " + s.state().wireName();
        };
    return changed(s.enter(PartitionState.DISARMED, e.time(), e.user(), e.source(), null), detail);
  }

  private Step armFailure(PartitionSnapshot s, SiteEvent e) {
    if (s.state() == PartitionState.ALARM
        || ArmingTable.checkArmFailure(s.cloudState()) != ArmingTable.Verdict.OK) {
      return rejected(
          s, "an arm failure while " + s.state().wireName() + " is not a valid transition");
    }
    PartitionSnapshot next =
        s.state() == PartitionState.ARMING_IN_PROGRESS
            ? s.enter(PartitionState.DISARMED, e.time(), e.user(), e.source(), null)
            : s;
    return new Step(
        next,
        AuditOutcome.ARM_FAILURE,
        "the panel did not arm; the partition stays disarmed",
        true);
  }

  private Step exitDelayStart(PartitionSnapshot s, SiteEvent e) {
    ArmingMode target = e.kind() == null ? ArmingMode.AWAY : ArmingMode.ofWireName(e.kind());
    return switch (s.state()) {
      case DISARMED ->
          config.exitDelay().isZero()
              ? unchanged(
                  s, "exit delay reported, but exit_delay is 0s: waiting for the arm report")
              : startExitDelay(s, e, target, DelayOrigin.EXIT_DELAY_REPORT);
      case ARMING_IN_PROGRESS -> unchanged(s, "exit delay already running");
      default -> rejected(s, "an exit delay cannot start while " + s.state().wireName());
    };
  }

  private Step entryDelay(PartitionSnapshot s, SiteEvent e, String why, boolean explicit) {
    if (s.state() == PartitionState.ENTRY_DELAY) {
      return explicit ? unchanged(s, "entry delay already running") : Step.none(s);
    }
    if (!s.state().isArmed()) {
      return rejected(s, "an entry delay cannot start while " + s.state().wireName());
    }
    Duration delay = config.entryDelay();
    if (delay.isZero()) {
      return unchanged(s, why + ", but entry_delay is 0s");
    }
    PartitionSnapshot next =
        s.enter(PartitionState.ENTRY_DELAY, e.time(), s.user(), s.source(), s.state().mode())
            .withDelay(null, e.time().plus(delay), null);
    return changed(next, why + "; entry delay " + seconds(delay) + " s");
  }

  private Step alarm(PartitionSnapshot s, SiteEvent e) {
    if (s.state() == PartitionState.ALARM) {
      return Step.none(s);
    }
    ArmingMode mode =
        switch (s.state()) {
          case ARMING_IN_PROGRESS -> s.targetMode();
          case DISARMED -> null;
          default -> s.armedMode();
        };
    String what = e.kind() == null ? "alarm" : e.kind() + " alarm";
    return changed(
        s.enter(PartitionState.ALARM, e.time(), s.user(), s.source(), mode),
        what + (e.zone() == null ? "" : " on zone " + e.zone()) + " reported by the panel");
  }

  private static Integer userOr(Integer user, PartitionSnapshot s) {
    return user != null ? user : s.user();
  }

  private static Step changed(PartitionSnapshot next, String detail) {
    return new Step(next, AuditOutcome.CHANGED, detail, true);
  }

  private static Step unchanged(PartitionSnapshot s, String detail) {
    return new Step(s, AuditOutcome.UNCHANGED, detail, true);
  }

  private static Step rejected(PartitionSnapshot s, String detail) {
    return new Step(s, AuditOutcome.REJECTED, detail, true);
  }

  private static long seconds(Duration d) {
    return d.toSeconds();
  }
}
