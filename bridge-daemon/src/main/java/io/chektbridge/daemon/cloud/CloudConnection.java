package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.time.HostClock;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * Builds the HTTP client, credentials and API client from {@code cloud.*} config: shared by the
 * daemon and {@code chekt-bridge cloud check}. okhttp's silent retry on connection failure is off,
 * so every attempt is one counted by the retry policy and seen as one request by the cloud; so is
 * its following of redirects (a 3xx is a failed attempt, see {@link CloudClient#classify}).
 */
public final class CloudConnection implements AutoCloseable {
  private final OkHttpClient http;
  private final CloudCredentials credentials;
  private final CloudClient client;
  private final RateLimitPacer pacer;
  private final ProxySettings proxy;

  public CloudConnection(BridgeConfig config, HostClock clock) throws AuthException, IOException {
    BridgeConfig.Cloud cloud = config.cloud();
    this.pacer = new RateLimitPacer(clock);
    Duration timeout = cloud.requestTimeout();
    this.proxy = ProxySettings.resolve(cloud, System.getenv());
    this.http =
        proxy
            .applyTo(new OkHttpClient.Builder())
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .retryOnConnectionFailure(false)
            // a redirect is never a delivery: okhttp would re-send a 302'd POST as a GET and take
            // the
            // 200 of whatever page it lands on for the cloud's acceptance
            .followRedirects(false)
            .followSslRedirects(false)
            .connectionPool(new ConnectionPool(2, 5, java.util.concurrent.TimeUnit.MINUTES))
            .build();
    this.credentials = credentials(cloud.auth(), http, clock);
    this.client = new CloudClient(http, cloud.baseUrl(), credentials, pacer, clock);
  }

  private static CloudCredentials credentials(
      BridgeConfig.Auth auth, OkHttpClient http, HostClock clock)
      throws AuthException, IOException {
    if (auth == null || auth.type() == null) {
      throw new AuthException("cloud.auth is not configured", true);
    }
    if (auth.type() == BridgeConfig.AuthType.API_KEY) {
      return new ApiKeyCredentials(SecretFiles.read(auth.apiKeyFile()));
    }
    SecretFiles.read(auth.privateKeyFile());
    JwtAssertion assertion =
        new JwtAssertion(
            auth.clientId(),
            auth.keyId(),
            OAuthJwtCredentials.assertionAudience(auth.tokenUrl()),
            PemPrivateKey.parseRsa(Files.readString(auth.privateKeyFile())));
    return new OAuthJwtCredentials(
        http, auth.tokenUrl(), auth.clientId(), auth.audience(), assertion, clock);
  }

  public CloudClient client() {
    return client;
  }

  public CloudCredentials credentials() {
    return credentials;
  }

  public ProxySettings proxy() {
    return proxy;
  }

  public RateLimitPacer pacer() {
    return pacer;
  }

  @Override
  public void close() {
    client.cancel();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
