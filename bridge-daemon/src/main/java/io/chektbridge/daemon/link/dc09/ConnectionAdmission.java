package io.chektbridge.daemon.link.dc09;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may hold a DC-09 TCP connection: at most {@code max_connections} in all and at most {@code
 * max_connections_per_address} from one address, so one host that opens sockets and sends nothing
 * cannot lock every panel out. Thread-safe; connections come and go far too rarely for the lock to
 * matter.
 */
final class ConnectionAdmission {
  /** The answer to a new connection. */
  enum Verdict {
    ADMITTED,
    TOO_MANY_FROM_ADDRESS,
    TOO_MANY
  }

  private final int maxConnections;
  private final int maxPerAddress;
  private final Map<InetAddress, Integer> byAddress = new HashMap<>();
  private int open;

  ConnectionAdmission(int maxConnections, int maxPerAddress) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * Admits a connection from {@code address}, which must then be {@link #release}d, or refuses it.
   */
  synchronized Verdict admit(InetAddress address) {
    if (open >= maxConnections) {
      return Verdict.TOO_MANY;
    }
    int fromAddress = byAddress.getOrDefault(address, 0);
    if (fromAddress >= maxPerAddress) {
      return Verdict.TOO_MANY_FROM_ADDRESS;
    }
    byAddress.put(address, fromAddress + 1);
    open++;
    return Verdict.ADMITTED;
  }

  /** An admitted connection from {@code address} has closed. */
  synchronized void release(InetAddress address) {
    byAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    open--;
  }

  /** Connections admitted and still open. */
  synchronized int open() {
    return open;
  }
}
