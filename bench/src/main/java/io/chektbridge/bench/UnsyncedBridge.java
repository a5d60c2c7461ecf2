package io.chektbridge.bench;

import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.Durability;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.time.HostClock;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The daemon with neither the journal nor the database synced, for {@link LoadBench}'s {@code
 * no_fsync} phase (what durability costs). Runs on the daemon jar's classpath with the bench
 * classes beside it; it is never installed. Usage: {@code UnsyncedBridge <bridge.yaml>}; stops on
 * SIGTERM.
 */
public final class UnsyncedBridge {
  private UnsyncedBridge() {}

  public static void main(String[] args) throws Exception {
    Daemon daemon =
        new Daemon(ConfigLoader.load(Path.of(args[0])), HostClock.system(), Durability.UNSYNCED);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  daemon.close();
                  stopped.countDown();
                }));
    daemon.start();
    stopped.await();
  }
}
