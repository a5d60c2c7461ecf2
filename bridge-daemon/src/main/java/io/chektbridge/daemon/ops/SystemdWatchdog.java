package io.chektbridge.daemon.ops;

import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.threads.RepeatingTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pets systemd's watchdog only while the daemon is healthy: every half {@code WatchdogSec} it runs
 * the health check and sends {@code WATCHDOG=1} when nothing is wrong. When the check fails (or
 * hangs: a stuck H2 blocks this thread too) the pets stop and systemd restarts the service after
 * {@code WatchdogSec}. A timer that always fired would keep a wedged daemon alive forever.
 */
public final class SystemdWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SystemdWatchdog.class);

  private final SdNotify notify;
  private final HealthCheck health;
  private final ScheduledExecutorService timer;
  private final AtomicLong checks = new AtomicLong();
  private volatile List<String> lastProblems = List.of();

  private SystemdWatchdog(SdNotify notify, HealthCheck health, Duration interval) {
    this.notify = notify;
    this.health = health;
    this.timer = DaemonThreads.scheduled("systemd-watchdog");
    Duration every = Duration.ofMillis(Math.max(1, interval.toMillis()));
    RepeatingTask.schedule(
        timer, "The systemd watchdog's health check", this::check, Duration.ZERO, every);
  }

  /** Starts checking every {@code interval}. */
  public static SystemdWatchdog start(SdNotify notify, HealthCheck health, Duration interval) {
    return new SystemdWatchdog(notify, health, interval);
  }

  /**
   * Half of systemd's {@code WATCHDOG_USEC}, as sd_watchdog_enabled(3) advises; empty when the unit
   * has no watchdog or it is meant for another process ({@code WATCHDOG_PID}).
   */
  public static Optional<Duration> intervalFrom(Map<String, String> env, long ownPid) {
    String usec = env.get("WATCHDOG_USEC");
    String pid = env.get("WATCHDOG_PID");
    if (usec == null || (pid != null && !pid.equals(Long.toString(ownPid)))) {
      return Optional.empty();
    }
    try {
      long micros = Long.parseLong(usec.trim());
      return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000 / 2)) : Optional.empty();
    } catch (NumberFormatException e) {
      LOG.warn("Ignoring WATCHDOG_USEC={}: not a number of microseconds", usec);
      return Optional.empty();
    }
  }

  /** How many health checks ran so far. */
  public long checks() {
    return checks.get();
  }

  private void check() {
    List<String> problems;
    try {
      problems = health.problems();
    } catch (RuntimeException e) {
      problems = List.of("health check failed: " + e);
    }
    if (problems.isEmpty()) {
      notify.watchdog();
      if (!lastProblems.isEmpty()) {
        LOG.info("Health check passes again; systemd watchdog resumed");
        notify.status("running");
      }
    } else if (!problems.equals(lastProblems)) {
      LOG.error(
          "Health check failing: {}. Not answering the systemd watchdog, so systemd restarts "
              + "chekt-bridge if this lasts (see journalctl -u chekt-bridge).",
          String.join("; ", problems));
      notify.status("unhealthy: " + String.join("; ", problems));
    }
    lastProblems = problems;
    checks.incrementAndGet();
  }

  /**
   * Lets a running check finish: an interrupt inside its H2 query would close the store's file
   * channel.
   */
  @Override
  public void close() {
    DaemonThreads.finish(timer, Duration.ofSeconds(15));
  }
}
