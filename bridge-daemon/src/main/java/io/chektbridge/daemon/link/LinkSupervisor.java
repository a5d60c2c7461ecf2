package io.chektbridge.daemon.link;

import io.chektbridge.daemon.journal.EventJournal;
import io.chektbridge.daemon.journal.InboundMessage;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.time.HostClock;
import io.chektbridge.sia.AlarmEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Panel link supervision: an account silent for longer than its supervision interval gets a "panel
 * link lost" trouble (Contact ID E356, loss of central polling), and a restore (R356) when it
 * speaks again. Both go through the journal like any panel event, so they reach the state machine
 * and the cloud; the {@code PANEL_LINK_LOST} alert is active while any account is lost. Silence is
 * measured on the elapsed clock: a step of the host's wall clock neither raises a false loss nor
 * hides a real one.
 */
public final class LinkSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(LinkSupervisor.class);
  static final String LINK = "supervision";

  private final EventJournal journal;
  private final Alerts alerts;
  private final HostClock clock;
  private final Map<String, Duration> intervals = new ConcurrentHashMap<>();
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final Map<String, String> linkAccounts = new ConcurrentHashMap<>();

  private static final class Watch {
    /** Wall time, for the installer; {@link #lastSeenNanos} decides. */
    volatile Instant lastSeen;

    volatile long lastSeenNanos;
    volatile boolean lost;

    Watch(HostClock clock) {
      saw(clock);
    }

    void saw(HostClock clock) {
      lastSeenNanos = clock.nanoTime();
      lastSeen = clock.instant();
    }
  }

  /**
   * Supervises the accounts in {@code intervals} (account → longest allowed silence) from now on.
   */
  public LinkSupervisor(
      EventJournal journal, Alerts alerts, HostClock clock, Map<String, Duration> intervals) {
    this.journal = journal;
    this.alerts = alerts;
    this.clock = clock;
    intervals.forEach(
        (account, interval) -> {
          this.intervals.put(account, interval);
          watches.put(account, new Watch(clock));
        });
  }

  /**
   * Supervises an account a link learned of at run time (a serial panel names its account only in
   * its lines); the silence is counted from now. An account already watched keeps its interval.
   */
  public void watch(String account, Duration interval) {
    if (account != null && intervals.putIfAbsent(account, interval) == null) {
      watches.putIfAbsent(account, new Watch(clock));
    }
  }

  /**
   * Supervises a connection rather than an account's messages (a serial device server): {@code key}
   * names the link, e.g. "tcp-link:panel-1", and is {@link #seen} while connected; the trouble is
   * reported for {@code account}, the panel behind it.
   */
  public void watchLink(String key, Duration interval, String account) {
    linkAccounts.put(key, account);
    intervals.put(key, interval);
    watches.put(key, new Watch(clock));
  }

  /** A message (any message, link tests included) came from this account. */
  public void seen(String account) {
    Watch w = account == null ? null : watches.get(account);
    if (w == null) {
      return;
    }
    w.saw(clock);
    if (w.lost) {
      w.lost = false;
      LOG.info("Panel link restored: account {} is reporting again", account);
      report(account, AlarmEvent.Qualifier.RESTORE, "Panel link restored");
      if (watches.values().stream().noneMatch(x -> x.lost)) {
        alerts.clear(AlertKind.PANEL_LINK_LOST);
      }
    }
  }

  /** Raises "link lost" for every account silent past its interval; run periodically. */
  public void check() {
    for (Map.Entry<String, Watch> e : watches.entrySet()) {
      Watch w = e.getValue();
      Duration interval = intervals.get(e.getKey());
      if (!w.lost && clock.elapsedSince(w.lastSeenNanos).compareTo(interval) > 0) {
        w.lost = true;
        String detail =
            linkAccounts.containsKey(e.getKey())
                ? e.getKey()
                    + " not connected since "
                    + w.lastSeen
                    + " (supervision "
                    + interval
                    + "); check the serial device server, its power and network, and the panel's serial cable"
                : "account "
                    + e.getKey()
                    + " silent since "
                    + w.lastSeen
                    + " (supervision "
                    + interval
                    + "); check the panel's communicator, its network and its DC-09 test interval";
        LOG.warn("Panel link lost: {}", detail);
        alerts.raise(AlertKind.PANEL_LINK_LOST, detail);
        report(e.getKey(), AlarmEvent.Qualifier.EVENT, "Panel link lost");
      }
    }
  }

  private void report(String key, AlarmEvent.Qualifier qualifier, String description) {
    String account = linkAccounts.getOrDefault(key, key);
    Instant now = clock.instant();
    AlarmEvent event =
        new AlarmEvent(
            account,
            AlarmEvent.PayloadFormat.CONTACT_ID,
            qualifier,
            "356",
            "YS",
            null,
            null,
            null,
            null,
            now,
            List.of(),
            description,
            "trouble");
    byte[] raw = (description + " for account " + account).getBytes(StandardCharsets.US_ASCII);
    journal
        .append(new InboundMessage(now, LINK, null, account, raw, null, null, List.of(event)))
        .exceptionally(
            t -> {
              LOG.error(
                  "Could not store '{}' for account {}: {}", description, account, t.getMessage());
              return null;
            });
  }
}
