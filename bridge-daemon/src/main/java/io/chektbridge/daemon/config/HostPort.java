package io.chektbridge.daemon.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A listen or connect address written {@code host:port} ({@code [v6]:port} for IPv6). Listen
 * addresses must be literal IPs so start-up never waits on DNS.
 */
public record HostPort(String host, int port) {

  public HostPort {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
  }

  public static HostPort parse(String text) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not host:port, e.g. 127.0.0.1:12000");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' has no numeric port, e.g. 127.0.0.1:12000");
    }
    return new HostPort(host, port);
  }

  /** Parses and insists on a literal IP address, as listeners need. */
  public static HostPort parseListen(String text) {
    HostPort hp = parse(text);
    if (!isIpLiteral(hp.host)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' must name an IP address to listen on (e.g. 0.0.0.0:12000 or 127.0.0.1:8089)");
    }
    return hp;
  }

  public boolean isLoopback() {
    return toAddress().getAddress().isLoopbackAddress();
  }

  public InetSocketAddress toAddress() {
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      return InetSocketAddress.createUnresolved(host, port);
    }
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  private static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return host.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(Character::isDigit)
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
