package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.SecretFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * The HTTP proxy on the way to the cloud, if any: {@code cloud.proxy} when set, else {@code
 * HTTPS_PROXY} (or {@code https_proxy}) from the environment, with hosts in {@code NO_PROXY}
 * reached directly. An https base URL goes through the proxy with CONNECT. Basic credentials come
 * from {@code cloud.proxy_auth_file} ({@code user:password}, 0600), else from the proxy URL's user
 * info; they are sent only when the proxy asks (407) and never logged.
 */
public record ProxySettings(URI proxy, List<String> noProxy, String credentials) {

  public static ProxySettings resolve(BridgeConfig.Cloud cloud, Map<String, String> env)
      throws IOException {
    URI proxy = cloud.proxy();
    if (proxy == null) {
      String fromEnv = firstSet(env, "HTTPS_PROXY", "https_proxy");
      proxy =
          fromEnv == null
              ? null
              : URI.create(fromEnv.contains("://") ? fromEnv : "http://" + fromEnv);
    }
    if (proxy == null) {
      return new ProxySettings(null, List.of(), null);
    }
    if (proxy.getHost() == null) {
      throw new IOException(
          "proxy " + redacted(proxy) + " names no host; expected http://host:port");
    }
    String noProxy = firstSet(env, "NO_PROXY", "no_proxy");
    List<String> bypass =
        noProxy == null ? List.of() : List.of(noProxy.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
    String credentials = null;
    if (cloud.proxyAuthFile() != null) {
      credentials = SecretFiles.read(cloud.proxyAuthFile());
    } else if (proxy.getUserInfo() != null) {
      credentials = proxy.getUserInfo();
    }
    if (credentials != null && !credentials.contains(":")) {
      throw new IOException("proxy credentials must be user:password");
    }
    return new ProxySettings(proxy, bypass, credentials);
  }

  /** Applies this to an HTTP client being built. */
  public OkHttpClient.Builder applyTo(OkHttpClient.Builder b) {
    if (proxy == null) {
      return b;
    }
    Proxy via =
        new Proxy(
            Proxy.Type.HTTP,
            new InetSocketAddress(proxy.getHost(), proxy.getPort() > 0 ? proxy.getPort() : 80));
    b.proxySelector(
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            return bypassed(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(via);
          }

          @Override
          public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // okhttp reports the failure to the caller; cloud sync retries on its schedule
          }
        });
    if (credentials != null) {
      int colon = credentials.indexOf(':');
      String header =
          Credentials.basic(credentials.substring(0, colon), credentials.substring(colon + 1));
      // a second 407 with the header already sent means wrong credentials: give up (null), the
      // attempt fails
      Authenticator basic =
          (route, response) ->
              response.request().header("Proxy-Authorization") != null
                  ? null
                  : response.request().newBuilder().header("Proxy-Authorization", header).build();
      b.proxyAuthenticator(basic);
    }
    return b;
  }

  /**
   * Whether {@code host} is reached directly: a NO_PROXY entry is the host, a domain it is in, or
   * {@code *}.
   */
  public boolean bypassed(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String entry : noProxy) {
      String e = entry.startsWith(".") ? entry.substring(1) : entry;
      if (e.equals("*") || (!e.isEmpty() && (h.equals(e) || h.endsWith("." + e)))) {
        return true;
      }
    }
    return false;
  }

  /** For logs: the proxy without its user info. */
  public String describe() {
    return proxy == null
        ? "no proxy"
        : "proxy "
            + redacted(proxy)
            + (credentials == null ? "" : " (basic auth)")
            + (noProxy.isEmpty() ? "" : ", not for " + String.join(",", noProxy));
  }

  private static String redacted(URI u) {
    return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
  }

  private static String firstSet(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
