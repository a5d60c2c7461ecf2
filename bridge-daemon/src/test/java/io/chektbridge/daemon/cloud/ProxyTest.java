package io.chektbridge.daemon.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.cloud.fake.FakeChektCloud;
import io.chektbridge.daemon.cloud.fake.LoopbackProxy;
import io.chektbridge.daemon.cloud.fake.TestCertificate;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.store.Database;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud requests through a site's HTTP proxy: cloud.proxy with Basic auth from a 0600 file, and
 * HTTPS_PROXY/NO_PROXY.
 */
class ProxyTest {
  @TempDir Path dir;

  /**
   * Queues one event and starts cloud sync through {@code proxy}, with {@code credentials} in a
   * 0600 file.
   */
  private long startWithOneEventThrough(LoopbackProxy proxy, String credentials, SyncHarness h)
      throws Exception {
    Path auth = dir.resolve("proxy-auth");
    SecretFiles.write(auth, credentials);
    h.proxy = URI.create(proxy.url());
    h.proxyAuthFile = auth;
    h.useApiKey(Duration.ofSeconds(3));
    long id = h.rows.events(1, 1, SyncHarness.now()).get(0);
    h.start();
    return id;
  }

  @Test
  void theConfiguredProxyCarriesEveryRequestAndGetsBasicAuthFromA0600File() throws Exception {
    try (LoopbackProxy proxy = new LoopbackProxy("bridge:s3cret");
        SyncHarness h = new SyncHarness(dir)) {
      long id = startWithOneEventThrough(proxy, "bridge:s3cret\n", h);
      await().until(() -> "delivered".equals(h.rows.status(id)));
      assertThat(proxy.forwarded()).isEqualTo(h.cloud.requests().size()).isPositive();
      // plain http through a proxy: okhttp answers each 407 challenge with the credentials
      assertThat(proxy.refused()).isEqualTo(proxy.forwarded());
      assertThat(h.cloud.requests())
          .allSatisfy(r -> assertThat(r.header("proxy-authorization")).isNull());
    }
  }

  @Test
  void wrongProxyCredentialsKeepTheRowQueuedAndAReadableAuthFileIsRefused() throws Exception {
    try (LoopbackProxy proxy = new LoopbackProxy("bridge:s3cret");
        SyncHarness h = new SyncHarness(dir)) {
      long id = startWithOneEventThrough(proxy, "bridge:wrong", h);
      await().until(() -> proxy.refused() >= 4);
      assertThat(h.rows.status(id)).isEqualTo("pending");
      assertThat(h.cloud.requests()).isEmpty();
      assertThat(h.alerts.isActive(AlertKind.PROXY_AUTH_FAILED)).isTrue();
      h.stopSync();

      Files.setPosixFilePermissions(
          h.proxyAuthFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      assertThatThrownBy(() -> ProxySettings.resolve(h.config.cloud(), Map.of()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("chmod 600");
    }
  }

  @Test
  void httpsProxyFromTheEnvironmentIsUsedAndNoProxyHostsGoDirect() throws Exception {
    BridgeConfig.Cloud none =
        new BridgeConfig.Cloud(null, null, null, null, null, null, null, null, null, null, null);
    ProxySettings env =
        ProxySettings.resolve(
            none,
            Map.of(
                "HTTPS_PROXY",
                "proxy.site.lan:3128",
                "NO_PROXY",
                "localhost, .chekt.com,example.org"));
    assertThat(env.proxy()).isEqualTo(URI.create("http://proxy.site.lan:3128"));
    assertThat(env.bypassed("api.chekt.com")).isTrue();
    assertThat(env.bypassed("example.org")).isTrue();
    assertThat(env.bypassed("api.chektdev.com")).isFalse();
    assertThat(ProxySettings.resolve(none, Map.of()).proxy()).isNull();

    try (LoopbackProxy proxy = new LoopbackProxy(null);
        FakeChektCloud cloud =
            new FakeChektCloud().apiKey(SyncHarness.API_KEY).site(OutboxRows.SITE, "disarmed")) {
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, SyncHarness.API_KEY);
      assertThat(
              deliverOneThroughAChild(
                  dir.resolve("a"), cloud, key, Map.of("HTTPS_PROXY", proxy.url())))
          .isTrue();
      int carried = proxy.forwarded();
      assertThat(carried).isPositive();
      assertThat(
              deliverOneThroughAChild(
                  dir.resolve("b"),
                  cloud,
                  key,
                  Map.of("HTTPS_PROXY", proxy.url(), "NO_PROXY", "127.0.0.1")))
          .isTrue();
      assertThat(proxy.forwarded()).isEqualTo(carried);
    }
  }

  @Test
  void anHttpsCloudIsReachedThroughAConnectTunnelWithTlsEndToEnd() throws Exception {
    TestCertificate cert = TestCertificate.create(dir);
    try (LoopbackProxy proxy = new LoopbackProxy(null);
        FakeChektCloud cloud =
            new FakeChektCloud(cert.serverContext())
                .apiKey(SyncHarness.API_KEY)
                .site(OutboxRows.SITE, "disarmed")) {
      assertThat(cloud.baseUrl().getScheme()).isEqualTo("https");
      Path key = dir.resolve("api-key");
      SecretFiles.write(key, SyncHarness.API_KEY);
      assertThat(
              deliverOneThroughAChild(
                  dir.resolve("tls"),
                  cloud,
                  key,
                  Map.of("HTTPS_PROXY", proxy.url()),
                  cert.trustFlags()))
          .isTrue();
      // the request went inside a CONNECT tunnel, never as a plain request the proxy could read
      assertThat(proxy.tunnels()).isPositive();
      assertThat(proxy.forwarded()).isZero();
      assertThat(cloud.requests())
          .isNotEmpty()
          .allSatisfy(
              r ->
                  assertThat(r.header("authorization")).isEqualTo("Bearer " + SyncHarness.API_KEY));
    }
  }

  private static boolean deliverOneThroughAChild(
      Path data, FakeChektCloud cloud, Path key, Map<String, String> env) throws Exception {
    return deliverOneThroughAChild(data, cloud, key, env, List.of());
  }

  /**
   * A daemon-like child process with this environment (and JVM flags) delivers one event; true once
   * the cloud has it.
   */
  private static boolean deliverOneThroughAChild(
      Path data, FakeChektCloud cloud, Path key, Map<String, String> env, List<String> jvmFlags)
      throws Exception {
    int before = cloud.eventCount();
    try (Database db = Database.open(data)) {
      new OutboxRows(db).events(before + 1, 1, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    cmd.addAll(jvmFlags);
    cmd.addAll(
        List.of(
            CloudSyncChild.class.getName(),
            data.toString(),
            cloud.baseUrl().toString(),
            key.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile());
    pb.environment().remove("NO_PROXY");
    pb.environment().remove("no_proxy");
    pb.environment().putAll(env);
    Process child = pb.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> cloud.eventCount() == before + 1);
      return true;
    } finally {
      child.destroyForcibly().waitFor();
    }
  }
}
