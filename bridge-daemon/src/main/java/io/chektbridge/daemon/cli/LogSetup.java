package io.chektbridge.daemon.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Log format and level. Under systemd ({@code JOURNAL_STREAM} set) each line starts with its syslog
 * priority ({@code <4>} for WARN, {@code <3>} for ERROR: journald's default SyslogLevelPrefix=yes
 * takes it as the entry's priority, so {@code journalctl -p warning} finds them) and carries no
 * timestamp, since journald adds its own; elsewhere lines start with an ISO-8601 UTC time.
 */
final class LogSetup {
  static final String PATTERN_PROPERTY = "chekt.log.pattern";
  static final String JOURNAL_PATTERN = "%journalPriority%-5level [%thread] %logger{0}: %msg%n";
  private static final String CONSOLE_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger{0}: %msg%n";

  private LogSetup() {}

  /** Must run before the first logger is created: logback reads the pattern property once. */
  static void beforeFirstLogger() {
    if (System.getProperty(PATTERN_PROPERTY) == null) {
      System.setProperty(
          PATTERN_PROPERTY,
          System.getenv("JOURNAL_STREAM") != null ? JOURNAL_PATTERN : CONSOLE_PATTERN);
    }
  }

  /** Sets the level of the bridge's own loggers ("info", "debug", ...). */
  static void level(String level) {
    Logger bridge = (Logger) LoggerFactory.getLogger("io.chektbridge");
    bridge.setLevel(Level.toLevel(level, Level.INFO));
  }

  /** Adds a size- and time-rolled file next to the console output. */
  static void file(Path file) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(CONSOLE_PATTERN);
    encoder.start();
    RollingFileAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new RollingFileAppender<>();
    appender.setContext(ctx);
    appender.setName("FILE");
    appender.setFile(file.toString());
    SizeAndTimeBasedRollingPolicy<ch.qos.logback.classic.spi.ILoggingEvent> policy =
        new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(ctx);
    policy.setParent(appender);
    policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
    policy.setMaxFileSize(FileSize.valueOf("10MB"));
    policy.setMaxHistory(14);
    policy.setTotalSizeCap(FileSize.valueOf("200MB"));
    policy.start();
    appender.setRollingPolicy(policy);
    appender.setEncoder(encoder);
    appender.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
  }
}
