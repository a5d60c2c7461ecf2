package io.chektbridge.daemon.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %priority}: the sd-daemon(3) prefix ({@code <3>} for ERROR ... {@code <7>} for DEBUG) that
 * journald reads from a service's stderr, so {@code journalctl -p err} shows the bridge's errors
 * (a damaged database, a failed journal write) and they are highlighted like any service's.
 */
public final class JournalPriority extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return switch (event.getLevel().toInt()) {
      case Level.ERROR_INT -> "<3>";
      case Level.WARN_INT -> "<4>";
      case Level.INFO_INT -> "<6>";
      default -> "<7>";
    };
  }
}
