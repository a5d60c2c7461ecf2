package io.chektbridge.daemon.testing;

import io.chektbridge.daemon.Daemon;
import io.chektbridge.daemon.time.HostClock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real daemon in the test's own JVM, closed after each test. Registered with
 * {@code @RegisterExtension}: {@link #startedForEachTest} starts one before every test, {@link
 * #startedByTheTest} leaves the start to the test ({@link #start}), for a test that prepares
 * something first.
 */
public final class InProcessBridge implements BeforeEachCallback, AfterEachCallback {
  /**
   * The config of the daemon each test gets; read when the test starts, so it may use the test's
   * {@code @TempDir}.
   */
  @FunctionalInterface
  public interface Config {
    BridgeYaml yaml() throws Exception;
  }

  private final Config eachTest;
  private Daemon daemon;

  private InProcessBridge(Config eachTest) {
    this.eachTest = eachTest;
  }

  public static InProcessBridge startedForEachTest(Config config) {
    return new InProcessBridge(config);
  }

  public static InProcessBridge startedByTheTest() {
    return new InProcessBridge(null);
  }

  /**
   * Starts the daemon on {@code yaml}; a daemon that fails to start is still closed after the test.
   */
  public Daemon start(BridgeYaml yaml) throws Exception {
    daemon = new Daemon(yaml.parse(), HostClock.system());
    daemon.start();
    return daemon;
  }

  public Daemon daemon() {
    return daemon;
  }

  /** The port the DC-09 receiver bound (the config asks for port 0). */
  public int dc09Port() {
    return daemon.dc09Receiver().port();
  }

  public int statusPort() {
    return daemon.statusServer().boundAddress().getPort();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (eachTest != null) {
      start(eachTest.yaml());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (daemon != null) {
      daemon.close();
      daemon = null;
    }
  }
}
