package io.chektbridge.daemon.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %journalPriority}: the syslog priority prefix journald reads from a service's output
 * ({@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug), so {@code
 * journalctl -p warning -u chekt-bridge} finds the bridge's warnings and errors.
 */
public final class JournalPriority extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return "<" + priority(event.getLevel()) + ">";
  }

  static int priority(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> 3;
      case Level.WARN_INT -> 4;
      case Level.INFO_INT -> 6;
      default -> 7;
    };
  }
}
