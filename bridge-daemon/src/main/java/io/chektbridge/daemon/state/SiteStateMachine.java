package io.chektbridge.daemon.state;

import io.chektbridge.daemon.config.BridgeConfig.ZoneType;
import io.chektbridge.daemon.state.PartitionStateMachine.Step;
import io.chektbridge.daemon.state.PartitionStateMachine.ZoneFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole site's state machine: applies one {@link SiteEvent} (or the passing of time) to a
 * {@link SiteSnapshot} and says what to record: audit entries and the arming records for the cloud.
 * Zones, panel troubles and each partition's {@link PartitionStateMachine} are updated here.
 *
 * <p>Cloud records are derived from the local state: whenever a partition's cloud-visible state
 * differs from what the cloud was last told, a record is made, checked against {@link ArmingTable}.
 * When the panel made a change the cloud cannot take in one step (it armed stay during an exit
 * delay for away), the change is sent as a cancel (disarmed) followed by the new state, both valid.
 * So no record the cloud would reject as an invalid transition is ever written.
 *
 * <p>Pure apart from logging: no I/O, no clock; time comes from the events and the caller.
 */
public final class SiteStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(SiteStateMachine.class);

  private final SiteLayout layout;
  private final Map<Integer, PartitionStateMachine> machines = new HashMap<>();

  /**
   * What one step produced. {@code deliverEvent}: the panel event goes to the cloud's events path.
   */
  public record Result(
      SiteSnapshot next,
      List<AuditEntry> audit,
      List<ArmingReport> reports,
      boolean deliverEvent) {}

  public SiteStateMachine(SiteLayout layout) {
    this.layout = layout;
  }

  public SiteLayout layout() {
    return layout;
  }

  /** The state with every configured partition present (a fresh site starts disarmed). */
  public SiteSnapshot withConfiguredPartitions(SiteSnapshot state) {
    Map<Integer, PartitionSnapshot> partitions = new HashMap<>(state.partitions());
    for (int p : layout.configuredPartitions()) {
      partitions.putIfAbsent(p, PartitionSnapshot.initial(p));
    }
    return new SiteSnapshot(partitions, state.zones(), state.troubles(), state.cursor());
  }

  public Result apply(SiteSnapshot state, SiteEvent e) {
    Work w = new Work(state);
    expireDue(w, e.time());
    int first = w.audit.size();
    int zonePartition = e.partitions().get(0);
    ZoneSnapshot zone = applyZone(w, e, zonePartition);
    applyTrouble(w, e);
    applyPartitions(w, e, zone);
    if (w.audit.size() == first) {
      w.audit.add(
          entry(
              e,
              e.partitions().size() == 1 ? e.partitions().get(0) : null,
              null,
              null,
              null,
              AuditOutcome.RECORDED,
              e.meaning().wireName()
                  + " ("
                  + e.mapping().matchedBy()
                  + "): "
                  + e.raw().description()));
    }
    boolean armingReported = w.reports.stream().anyMatch(r -> r.auditIndex() >= first);
    return w.result(e.id(), !armingReported);
  }

  /** Ends every delay due at {@code now}. */
  public Result expire(SiteSnapshot state, Instant now) {
    Work w = new Work(state);
    expireDue(w, now);
    return w.result(state.cursor(), false);
  }

  /**
   * Moves every running delay's end by {@code wallStep}, the amount the host's wall clock was just
   * stepped, so the delay still ends after its own length of elapsed time; and caps it at {@code
   * now} plus the partition's configured delay, which no running delay can exceed (a deadline
   * carried over a restart on a stale clock). Returns {@code state} itself when nothing moved.
   */
  public SiteSnapshot rebaseDelays(SiteSnapshot state, Duration wallStep, Instant now) {
    Map<Integer, PartitionSnapshot> partitions = new HashMap<>(state.partitions());
    boolean moved = false;
    for (PartitionSnapshot p : state.partitions().values()) {
      if (p.delayEnds() == null) {
        continue;
      }
      Duration length =
          p.state() == PartitionState.ENTRY_DELAY
              ? layout.entryDelay(p.number())
              : layout.exitDelay(p.number());
      Instant ends = p.delayEnds().plus(wallStep);
      Instant latest = now.plus(length);
      ends = ends.isAfter(latest) ? latest : ends;
      if (!ends.equals(p.delayEnds())) {
        partitions.put(p.number(), p.withDelay(p.targetMode(), ends, p.delayOrigin()));
        moved = true;
      }
    }
    return moved
        ? new SiteSnapshot(partitions, state.zones(), state.troubles(), state.cursor())
        : state;
  }

  /** The earliest running delay deadline, for the timer. */
  public static Instant nextDeadline(SiteSnapshot state) {
    return state.partitions().values().stream()
        .map(PartitionSnapshot::delayEnds)
        .filter(Objects::nonNull)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  private PartitionStateMachine machine(int partition) {
    return machines.computeIfAbsent(partition, p -> new PartitionStateMachine(layout.partition(p)));
  }

  private void expireDue(Work w, Instant at) {
    List<PartitionSnapshot> due =
        w.partitions.values().stream()
            .filter(p -> p.delayEnds() != null && !p.delayEnds().isAfter(at))
            .sorted(Comparator.comparing(PartitionSnapshot::delayEnds))
            .toList();
    for (PartitionSnapshot before : due) {
      Step step = machine(before.number()).expire(before, at);
      int index = w.audit.size();
      w.audit.add(
          new AuditEntry(
              before.delayEnds(),
              before.number(),
              null,
              before.state().wireName(),
              step.next().state().wireName(),
              step.next().user(),
              step.next().source(),
              null,
              step.outcome(),
              step.detail()));
      w.partitions.put(before.number(), step.next());
      w.reports.addAll(
          cloudReports(w, List.of(before.number()), before.delayEnds(), index, List.of(), null));
    }
  }

  private ZoneSnapshot applyZone(Work w, SiteEvent e, int partition) {
    if (e.zone() == null) {
      return null;
    }
    int number = e.zone();
    int home = layout.zoneMapped(number) ? layout.zone(number).partition() : partition;
    ZoneSnapshot before = w.zones.getOrDefault(number, ZoneSnapshot.initial(number, home));
    ZoneSnapshot after = before.seen(e, partition);
    after =
        switch (e.meaning()) {
          case ZONE_OPEN, ENTRY_DELAY_START, ARM_FAILURE -> after.withState(ZoneState.OPEN);
          case ZONE_CLOSE, ALARM_RESTORE, TAMPER_RESTORE, TROUBLE_RESTORE ->
              after.withState(ZoneState.NORMAL);
          case ALARM -> after.withState(ZoneState.ALARM).withAlarmMemory(true);
          case TAMPER -> after.withState(ZoneState.TAMPER);
          case TROUBLE ->
              after.withState(
                  "sensor_battery".equals(e.kind()) ? ZoneState.LOW_BATTERY : ZoneState.TROUBLE);
          case BYPASS -> after.withBypassed(true);
          case UNBYPASS -> after.withBypassed(false);
          default -> after;
        };
    w.zones.put(number, after);
    if (after.shownState() != before.shownState() || after.alarmMemory() != before.alarmMemory()) {
      String mapped = layout.zoneMapped(number) ? "" : " (zone not in the config)";
      w.audit.add(
          entry(
              e,
              partition,
              number,
              before.shownState().wireName(),
              after.shownState().wireName(),
              AuditOutcome.CHANGED,
              e.meaning().wireName() + " (" + e.mapping().matchedBy() + ")" + mapped));
    }
    return after;
  }

  private void applyTrouble(Work w, SiteEvent e) {
    if (e.zone() != null) {
      return;
    }
    boolean raise = e.meaning() == Meaning.TROUBLE || e.meaning() == Meaning.TAMPER;
    boolean clear = e.meaning() == Meaning.TROUBLE_RESTORE || e.meaning() == Meaning.TAMPER_RESTORE;
    if (!raise && !clear) {
      return;
    }
    String kind =
        e.kind() != null
            ? e.kind()
            : e.meaning() == Meaning.TAMPER || e.meaning() == Meaning.TAMPER_RESTORE
                ? "tamper"
                : "trouble";
    boolean active = w.troubles.containsKey(kind);
    if (raise && !active) {
      w.troubles.put(kind, new SiteTrouble(kind, e.time(), e.id()));
    } else if (clear && active) {
      w.troubles.remove(kind);
    }
    String detail = e.raw().description() + " (" + e.mapping().matchedBy() + ")";
    if (clear && "link_lost".equals(kind)) {
      w.partitions.replaceAll((n, p) -> p.withAwaitingBaseline(true));
      detail += "; the next arming report of each partition re-syncs its state";
    }
    w.audit.add(
        entry(
            e,
            null,
            null,
            raise ? "normal" : kind,
            raise ? kind : "normal",
            active == raise ? AuditOutcome.UNCHANGED : AuditOutcome.CHANGED,
            detail));
  }

  private void applyPartitions(Work w, SiteEvent e, ZoneSnapshot zone) {
    Map<Integer, List<ArmingReport>> perPartition = new LinkedHashMap<>();
    for (int p : e.partitions()) {
      PartitionSnapshot before = w.partitions.getOrDefault(p, PartitionSnapshot.initial(p));
      Step step = machine(p).apply(before, e, zoneFacts(w, e, zone, p));
      PartitionSnapshot next = step.next();
      if (isArmingMeaning(e.meaning())) {
        next = next.withAwaitingBaseline(false);
      }
      w.partitions.put(p, next);
      if (!step.audit()) {
        continue;
      }
      if (before.state() == PartitionState.DISARMED
          && next.state() != PartitionState.DISARMED
          && next.state() != PartitionState.ALARM) {
        w.zones.replaceAll((n, z) -> z.partition() == p ? z.withAlarmMemory(false) : z);
      }
      int index = w.audit.size();
      w.audit.add(
          entry(
              e,
              p,
              null,
              before.state().wireName(),
              next.state().wireName(),
              step.outcome(),
              step.detail() + " (" + e.mapping().matchedBy() + ")"));
      if (step.outcome() == AuditOutcome.REJECTED) {
        LOG.warn(
            "Partition {}: ignored {} from panel event {} ({}): {}. Nothing is sent to the cloud for it; "
                + "if the panel really is in that state, check the event_map for this code.",
            p,
            e.meaning().wireName(),
            e.id(),
            e.mapping().matchedBy(),
            step.detail());
      }
      perPartition.put(p, partitionReports(w, e, step, p, index, zone));
    }
    w.reports.addAll(group(w, perPartition));
  }

  private List<ArmingReport> partitionReports(
      Work w, SiteEvent e, Step step, int p, int index, ZoneSnapshot zone) {
    if (step.outcome() == AuditOutcome.ARM_FAILURE) {
      return List.of(armFailure(w, e, p, index, zone));
    }
    List<ZoneRef> zones =
        zone != null && step.next().state() == PartitionState.ENTRY_DELAY
            ? List.of(zoneRef(zone.number(), "open"))
            : List.of();
    return cloudReports(w, List.of(p), panelTimeOf(e), index, zones, null);
  }

  private ArmingReport armFailure(Work w, SiteEvent e, int p, int index, ZoneSnapshot zone) {
    List<ZoneRef> zones =
        zone != null
            ? List.of(zoneRef(zone.number(), "open"))
            : w.zones.values().stream()
                .filter(z -> z.partition() == p && z.state() == ZoneState.OPEN && !z.bypassed())
                .map(z -> zoneRef(z.number(), "open"))
                .toList();
    String reason =
        e.kind() != null && !"open_zone".equals(e.kind())
            ? e.kind()
            : zones.isEmpty() ? "other" : "open_zone";
    PartitionSnapshot s = w.partitions.get(p);
    Instant at = later(panelTimeOf(e), s.cloudTime());
    w.partitions.put(p, s.withCloud(PartitionState.DISARMED, null, at));
    return new ArmingReport(
        label(p),
        List.of(p),
        "arm_failure",
        at,
        e.user(),
        e.source(),
        null,
        null,
        reason,
        zones,
        index);
  }

  /** The records that bring the cloud from what it was last told to the partition's state now. */
  private List<ArmingReport> cloudReports(
      Work w, List<Integer> ps, Instant at, int index, List<ZoneRef> zones, String reason) {
    List<ArmingReport> out = new ArrayList<>();
    for (int p : ps) {
      PartitionSnapshot s = w.partitions.get(p);
      PartitionState desired = s.state() == PartitionState.ALARM ? null : s.state();
      if (desired == null) {
        continue;
      }
      ArmingMode mode =
          desired == PartitionState.ARMING_IN_PROGRESS
              ? s.targetMode()
              : desired == PartitionState.ENTRY_DELAY ? s.armedMode() : desired.mode();
      List<PartitionState> path =
          switch (ArmingTable.check(s.cloudState(), s.cloudMode(), desired)) {
            case OK -> List.of(desired);
            case NO_OP -> List.of();
            case CONFLICT -> viaDisarmed(s, desired);
          };
      Instant when = later(at, s.cloudTime());
      for (PartitionState step : path) {
        Long delay =
            switch (step) {
              case ARMING_IN_PROGRESS -> Long.valueOf(layout.exitDelay(p).toSeconds());
              case ENTRY_DELAY -> Long.valueOf(layout.entryDelay(p).toSeconds());
              default -> null;
            };
        out.add(
            new ArmingReport(
                label(p),
                List.of(p),
                step.wireName(),
                when,
                s.user(),
                s.source(),
                step == PartitionState.ARMING_IN_PROGRESS ? mode : null,
                delay,
                reason,
                step == desired ? zones : List.of(),
                index));
        s = s.withCloud(step, step == desired ? mode : null, when);
      }
      w.partitions.put(p, s);
    }
    return out;
  }

  private List<PartitionState> viaDisarmed(PartitionSnapshot s, PartitionState desired) {
    if (ArmingTable.check(s.cloudState(), s.cloudMode(), PartitionState.DISARMED)
            == ArmingTable.Verdict.OK
        && ArmingTable.check(PartitionState.DISARMED, null, desired) == ArmingTable.Verdict.OK) {
      LOG.info(
          "Partition {}: the panel went from {} to {}; the cloud is told disarmed then {} "
              + "(it accepts no direct change)",
          s.number(),
          s.cloudState().wireName(),
          desired.wireName(),
          desired.wireName());
      return List.of(PartitionState.DISARMED, desired);
    }
    LOG.error(
        "Partition {}: no valid way to report {} after {}; not sent",
        s.number(),
        desired.wireName(),
        s.cloudState().wireName());
    return List.of();
  }

  /** Partitions that changed alike on an event for the whole site go as one "all" record. */
  private List<ArmingReport> group(Work w, Map<Integer, List<ArmingReport>> perPartition) {
    List<List<ArmingReport>> lists = new ArrayList<>(perPartition.values());
    boolean wholeSite =
        perPartition.size() > 1 && perPartition.keySet().containsAll(layout.configuredPartitions());
    if (wholeSite
        && lists.stream().allMatch(l -> sameChanges(l, lists.get(0)))
        && !lists.get(0).isEmpty()) {
      Instant latest =
          lists.stream()
              .flatMap(List::stream)
              .map(ArmingReport::timestamp)
              .max(Comparator.naturalOrder())
              .orElseThrow();
      List<ArmingReport> merged = new ArrayList<>();
      for (ArmingReport r : lists.get(0)) {
        merged.add(
            new ArmingReport(
                "all",
                List.copyOf(perPartition.keySet()),
                r.state(),
                latest,
                r.user(),
                r.source(),
                r.targetMode(),
                r.delaySeconds(),
                r.reason(),
                r.zones(),
                r.auditIndex()));
      }
      for (int p : perPartition.keySet()) {
        PartitionSnapshot s = w.partitions.get(p);
        w.partitions.put(p, s.withCloud(s.cloudState(), s.cloudMode(), latest));
      }
      return merged;
    }
    return lists.stream().flatMap(List::stream).toList();
  }

  private static boolean sameChanges(List<ArmingReport> a, List<ArmingReport> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameChangeAs(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private String label(int partition) {
    return layout.singlePartition() && layout.configuredPartitions().get(0) == partition
        ? "all"
        : Integer.toString(partition);
  }

  private ZoneFacts zoneFacts(Work w, SiteEvent e, ZoneSnapshot zone, int partition) {
    ZoneType type =
        zone != null && layout.zoneMapped(zone.number()) ? layout.zone(zone.number()).type() : null;
    boolean anyInAlarm =
        w.zones.values().stream()
            .anyMatch(z -> z.partition() == partition && z.state() == ZoneState.ALARM);
    return new ZoneFacts(type, zone != null && zone.bypassed(), anyInAlarm);
  }

  private ZoneRef zoneRef(int number, String status) {
    return new ZoneRef(number, layout.zone(number).name(), status);
  }

  private static boolean isArmingMeaning(Meaning m) {
    return switch (m) {
      case ARM_AWAY,
          ARM_STAY,
          ARM_NIGHT,
          DISARM,
          ARM_FAILURE,
          EXIT_DELAY_START,
          ENTRY_DELAY_START ->
          true;
      default -> false;
    };
  }

  private static AuditEntry entry(
      SiteEvent e,
      Integer partition,
      Integer zone,
      String from,
      String to,
      AuditOutcome outcome,
      String detail) {
    return new AuditEntry(
        e.time(), partition, zone, from, to, e.user(), e.source(), e.id(), outcome, detail);
  }

  /**
   * When the panel says the change happened (a DC-09 timestamp, already checked against the
   * receiver's time window), else when the bridge received it. Callers clamp it forward to the
   * partition's last record time: a panel clock behind, or frames arriving out of order, must not
   * send the cloud an earlier time than it already holds (409 StaleState, and a reordered history).
   */
  private static Instant panelTimeOf(SiteEvent e) {
    Instant panel = e.raw().panelTime();
    return panel != null ? panel : e.time();
  }

  private static Instant later(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }

  /** Mutable working copy of one step; becomes an immutable SiteSnapshot at the end. */
  private static final class Work {
    final Map<Integer, PartitionSnapshot> partitions;
    final Map<Integer, ZoneSnapshot> zones;
    final Map<String, SiteTrouble> troubles;
    final List<AuditEntry> audit = new ArrayList<>();
    final List<ArmingReport> reports = new ArrayList<>();

    /** Sorted copies of the snapshot's sorted maps: linear, where a hash map would rehash. */
    Work(SiteSnapshot s) {
      partitions = new TreeMap<>(s.partitions());
      zones = new TreeMap<>(s.zones());
      troubles = new TreeMap<>(s.troubles());
    }

    Result result(long cursor, boolean deliverEvent) {
      return new Result(
          new SiteSnapshot(partitions, zones, troubles, cursor),
          List.copyOf(audit),
          List.copyOf(reports),
          deliverEvent);
    }
  }
}
