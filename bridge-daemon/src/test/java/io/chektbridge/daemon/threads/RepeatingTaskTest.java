package io.chektbridge.daemon.threads;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.chektbridge.daemon.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RepeatingTaskTest {
  private static final Path SOURCES = Path.of("src/main/java");

  /**
   * A JDK or netty call, or a timer class, that would end a repeating task at its first exception.
   */
  private static final Pattern RAW_REPEAT =
      Pattern.compile(
          "(\\.|::)(scheduleWithFixedDelay|scheduleAtFixedRate)\\b|new Timer\\(|HashedWheelTimer");

  @Test
  void aTaskKeepsRunningThroughFailuresAndEachDifferentFailureIsLoggedOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch tenRuns = new CountDownLatch(10);
    ScheduledExecutorService timer = DaemonThreads.scheduled("repeat-test");
    try (LogCapture log = LogCapture.of(RepeatingTask.class.getName())) {
      RepeatingTask.schedule(
          timer,
          "The test task",
          () -> {
            int n = runs.incrementAndGet();
            tenRuns.countDown();
            switch (n) {
              case 2, 3 -> throw new IllegalStateException("unchecked");
              case 4 -> throw new SQLException("checked");
              case 7, 8 -> throw new NoClassDefFoundError("missing");
              default -> {}
            }
          },
          Duration.ZERO,
          Duration.ofMillis(1));
      assertThat(tenRuns.await(10, TimeUnit.SECONDS)).as("runs after the failures").isTrue();
      timer.shutdown();
      assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

      List<String> lines = new ArrayList<>();
      for (ILoggingEvent e : log.events()) {
        if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
          lines.add(e.getLevel() + " " + e.getFormattedMessage());
        }
      }
      String again = ". It runs again every 1ms; if this repeats, report it with this log";
      assertThat(lines)
          .as("run 3 repeats run 2's failure; an Error is logged every time")
          .startsWith(
              "ERROR The test task failed: java.lang.IllegalStateException: unchecked" + again,
              "ERROR The test task failed: java.sql.SQLException: checked" + again,
              "INFO The test task works again",
              "ERROR The test task failed: java.lang.NoClassDefFoundError: missing" + again,
              "ERROR The test task failed: java.lang.NoClassDefFoundError: missing" + again,
              "INFO The test task works again");
      assertThat(log.events().get(0).getThrowableProxy()).as("the stack trace").isNotNull();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void everyRepeatingTaskOfTheDaemonIsScheduledThroughIt() throws IOException {
    List<String> raw = new ArrayList<>();
    boolean sawItself = false;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = RAW_REPEAT.matcher(Files.readString(file));
        if (file.getFileName().toString().equals("RepeatingTask.java")) {
          sawItself = m.find();
          continue;
        }
        while (m.find()) {
          raw.add(file.getFileName() + ": " + m.group());
        }
      }
    }
    assertThat(sawItself)
        .as("the scan reads the sources (it finds RepeatingTask's own call)")
        .isTrue();
    assertThat(raw)
        .as("repeating schedules that would stop for good at their first exception")
        .isEmpty();
  }
}
