package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.StartFailure;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigException;
import io.chektbridge.daemon.ops.SdNotify;
import io.chektbridge.daemon.ops.SystemdWatchdog;
import io.chektbridge.daemon.time.HostClock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the daemon itself, as systemd starts it. Exits 0 after SIGTERM/SIGINT. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the bridge daemon in the foreground until SIGTERM or SIGINT.")
public final class RunCommand extends ConfiguredCommand {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "trace, debug, info, warn, error (overrides logging.level)")
  String logLevel;

  private final CountDownLatch stop = new CountDownLatch(1);

  /** On the process's own stderr, where systemd's journal reads it. */
  @Override
  int refuse(ConfigException e) {
    System.err.println(
        "chekt-bridge: configuration " + config.describe() + " is not valid:\n" + e.getMessage());
    return Main.USAGE;
  }

  @Override
  int run(BridgeConfig cfg) throws Exception {
    LogSetup.level(logLevel != null ? logLevel : cfg.logging().level());
    if (cfg.logging().file() != null) {
      LogSetup.file(cfg.logging().file());
    }
    LOG.info("Configuration: {}", config.describe());
    handleSignal("TERM");
    handleSignal("INT");
    try (Daemon daemon = new Daemon(cfg, HostClock.system());
        SdNotify systemd = SdNotify.fromEnvironment(System.getenv())) {
      try {
        daemon.start();
      } catch (Exception e) {
        LOG.error("chekt-bridge could not start: {}", oneLine(e));
        LOG.debug("Start failure in detail", e);
        return e instanceof StartFailure f && f.databaseRefused()
            ? Main.DATABASE_REFUSED
            : Main.FAILURE;
      }
      systemd.ready("running");
      try (SystemdWatchdog watchdog = startWatchdog(systemd, daemon)) {
        stop.await();
        LOG.info("Stop requested; shutting down");
        systemd.stopping();
      }
    }
    return Main.OK;
  }

  /**
   * A {@link StartFailure} says it all; anything else gets its type and a pointer to the details.
   */
  private static String oneLine(Exception e) {
    if (e instanceof StartFailure) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName()
        + ": "
        + e.getMessage()
        + " (run with --log-level debug for the details)";
  }

  private static SystemdWatchdog startWatchdog(SdNotify systemd, Daemon daemon) {
    var interval = SystemdWatchdog.intervalFrom(System.getenv(), ProcessHandle.current().pid());
    if (!systemd.enabled() || interval.isEmpty()) {
      return null;
    }
    LOG.info("systemd watchdog on: health check every {} ms", interval.get().toMillis());
    return SystemdWatchdog.start(systemd, daemon::healthProblems, interval.get());
  }

  /** A signal handler (not a shutdown hook) so a SIGTERM ends in an orderly exit with status 0. */
  @SuppressWarnings("sunapi")
  private void handleSignal(String name) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.countDown());
    } catch (IllegalArgumentException e) {
      LOG.debug("Signal {} cannot be handled here: {}", name, e.getMessage());
    }
  }

  /** Lets tests stop an in-process daemon as SIGTERM would. */
  void requestStop() {
    stop.countDown();
  }
}
