package io.chektbridge.daemon.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Records what a logger (and the loggers below it) writes while open, for tests of what an
 * installer would read.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts recording {@code loggerName}, e.g. a package name. */
  public static LogCapture of(String loggerName) {
    return new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
  }

  public List<ILoggingEvent> events() {
    // ListAppender appends under the appender's lock; copy under it too
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** How many times each message pattern (before its arguments are filled in) was logged. */
  public Map<String, Long> countsByPattern() {
    return events().stream()
        .collect(
            Collectors.groupingBy(ILoggingEvent::getMessage, TreeMap::new, Collectors.counting()));
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
