package io.chektbridge.daemon.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShortSliceTest {
  private static final Path SCHED = Path.of("/proc/thread-self/sched");

  @Test
  void anEventLoopThreadGetsTheShortSliceAndKeepsTheNiceValueItStartedWith() throws Exception {
    assumeTrue(Files.isReadable(SCHED), "needs /proc/<tid>/sched (CONFIG_SCHED_DEBUG)");
    assumeTrue(slice() >= 0, "the kernel reports no se.slice (before EEVDF)");
    ThreadFactory loops = DaemonThreads.eventLoops();
    // started from a background thread, so the nice value to keep is not 0
    CompletableFuture<List<Long>> seen = new CompletableFuture<>();
    DaemonThreads.background(
            () ->
                loops
                    .newThread(
                        () -> {
                          long nice = ThreadNice.current();
                          seen.complete(List.of(slice(), nice));
                        })
                    .start(),
            "slice-parent")
        .start();
    List<Long> sliceAndNice = seen.get(10, TimeUnit.SECONDS);
    assumeTrue(
        customSlices(), "kernel " + release() + " ignores a SCHED_OTHER slice (6.12 and later)");
    long lowered = Math.min(19, ThreadNice.current() + BackgroundPriority.STEPS);
    assertThat(sliceAndNice).containsExactly(ShortSlice.SLICE_NANOS, lowered);
  }

  @Test
  void theAttributesAreTheKernelsFirstSchedAttrLayout() {
    ByteBuffer attr = ByteBuffer.wrap(ShortSlice.attr(7)).order(ByteOrder.nativeOrder());
    assertThat(attr.remaining()).isEqualTo(48);
    assertThat(attr.getInt(0)).as("size").isEqualTo(48);
    assertThat(attr.getInt(4)).as("policy SCHED_OTHER").isZero();
    assertThat(attr.getLong(8)).as("flags").isZero();
    assertThat(attr.getInt(16)).as("nice").isEqualTo(7);
    assertThat(attr.getInt(20)).as("priority").isZero();
    assertThat(attr.getLong(24)).as("runtime, the slice").isEqualTo(100_000);
    assertThat(attr.getLong(32)).as("deadline").isZero();
    assertThat(attr.getLong(40)).as("period").isZero();
  }

  @Test
  void theSystemCallNumberIsKnownForTheArchitecturesABridgeRunsOn() {
    assertThat(ShortSlice.syscallNumber("x86-64")).isEqualTo(314);
    assertThat(ShortSlice.syscallNumber("aarch64")).isEqualTo(274);
    assertThat(ShortSlice.syscallNumber("arm")).isEqualTo(380);
    assertThat(ShortSlice.syscallNumber("sparcv9")).isEqualTo(-1);
  }

  /** The calling thread's {@code se.slice} in ns; -1 where the kernel does not report one. */
  private static long slice() {
    try {
      return Files.readAllLines(SCHED).stream()
          .filter(l -> l.startsWith("se.slice"))
          .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
          .findFirst()
          .orElse(-1);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static String release() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** Linux 6.12 or later. */
  private static boolean customSlices() {
    String[] v = release().split("[.-]");
    int major = Integer.parseInt(v[0]);
    int minor = Integer.parseInt(v[1]);
    return major > 6 || (major == 6 && minor >= 12);
  }
}
