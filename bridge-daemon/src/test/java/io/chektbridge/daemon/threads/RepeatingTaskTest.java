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

  /** A JDK or netty call that would cancel a repeating task at its first exception. */
  private static final Pattern RAW_REPEAT =
      Pattern.compile("\\.(scheduleWithFixedDelay|scheduleAtFixedRate)\\(");

  @Test
  void aTaskThatThrowsKeepsRunningAndItsStreakIsLoggedOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch sixRuns = new CountDownLatch(6);
    ScheduledExecutorService timer = DaemonThreads.scheduled("repeat-test");
    try (LogCapture log = LogCapture.of(RepeatingTask.class.getName())) {
      RepeatingTask.schedule(
          timer,
          "The test task",
          () -> {
            int n = runs.incrementAndGet();
            sixRuns.countDown();
            if (n == 2) {
              throw new IllegalStateException("unchecked, run 2");
            }
            if (n == 3) {
              throw new SQLException("checked, run 3");
            }
            if (n == 5) {
              throw new IllegalArgumentException("again, run 5");
            }
          },
          Duration.ZERO,
          Duration.ofMillis(1));
      assertThat(sixRuns.await(10, TimeUnit.SECONDS)).as("runs after the failures").isTrue();
      timer.shutdown();
      assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

      List<String> lines = new ArrayList<>();
      for (ILoggingEvent e : log.events()) {
        if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
          lines.add(e.getLevel() + " " + e.getFormattedMessage());
        }
      }
      assertThat(lines)
          .startsWith(
              "ERROR The test task failed: java.lang.IllegalStateException: unchecked, run 2. It"
                  + " runs again every 1ms; if this repeats, report it with this log",
              "INFO The test task works again",
              "ERROR The test task failed: java.lang.IllegalArgumentException: again, run 5. It"
                  + " runs again every 1ms; if this repeats, report it with this log",
              "INFO The test task works again");
      assertThat(log.events().get(0).getThrowableProxy()).as("the stack trace").isNotNull();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void everyRepeatingTaskOfTheDaemonIsScheduledThroughIt() throws IOException {
    List<String> raw = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (file.getFileName().toString().equals("RepeatingTask.java")) {
          continue;
        }
        Matcher m = RAW_REPEAT.matcher(Files.readString(file));
        while (m.find()) {
          raw.add(file.getFileName() + ": " + m.group(1));
        }
      }
    }
    assertThat(raw)
        .as("repeating schedules that would stop for good at their first exception")
        .isEmpty();
  }
}
