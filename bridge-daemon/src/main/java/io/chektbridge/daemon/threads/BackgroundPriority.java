package io.chektbridge.daemon.threads;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU priority of the two threads that fill the database behind the journal (the journal's copy
 * into H2 and the state engine), so that on a busy box the DC-09 receiver's event loop gets the CPU
 * first. No acknowledgement waits for those threads: a frame is answered once its journal record is
 * synced, and what a burst leaves behind is copied and applied from the journal when the burst is
 * over.
 *
 * <p>Two levels. Each such thread first runs ten nice steps lower (libc {@code nice(10)}: weight
 * 110 against the receiver's 1024, so about a tenth of a core while both want it; Linux keeps the
 * nice value per thread, and raising one's own needs no privilege). Where it may come back from it
 * (below), it then runs under {@code SCHED_IDLE}: the kernel hands a core to any normal thread that
 * wakes on it at once, where a nice-10 thread first finishes its time slice (EEVDF's slice
 * protection, 1.4 ms on two cores). That wait is what a lock-step panel's frames queued behind.
 *
 * <p>An idle-policy thread gets almost nothing while normal threads keep every core busy, so it
 * must not stay there when its work gets old: an alarm waiting behind a busy box would reach the
 * cloud late. Each thread reports the age of the work it is about to do ({@link #workAge}); from
 * {@link #BEHIND} it runs at nice 10 again, and back under the idle policy once its work is fresh
 * ({@link #CAUGHT_UP}). Leaving {@code SCHED_IDLE} needs {@code RLIMIT_NICE} to allow nice 10 (the
 * systemd unit's {@code LimitNICE=+10}) or {@code CAP_SYS_NICE}; without either, the thread stays
 * at nice 10 throughout.
 *
 * <p>Java 17 has no call for any of this ({@code Thread.setPriority} is ignored unless the JVM runs
 * with {@code -XX:ThreadPriorityPolicy=1}, which then prints a root-permission warning at every
 * start), so JNA makes the libc calls. Where it cannot, the threads run at the normal priority and
 * the bridge says so once.
 *
 * <p>Only threads that start no others take it: the outbox monitor's timer also runs the cloud
 * arming reconciler, whose HTTP client starts its threads on first use, and they would inherit it.
 */
public final class BackgroundPriority {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);

  static final int STEPS = 10;

  /**
   * Work this old runs at nice 10. A fifth of the 5 s the cloud contract gives a panel event, so a
   * thread starved under the idle policy has the rest at nice 10.
   */
  static final Duration BEHIND = Duration.ofSeconds(1);

  /** Work younger than this runs under the idle policy again. */
  static final Duration CAUGHT_UP = Duration.ofMillis(100);

  static final int SCHED_OTHER = 0;
  static final int SCHED_IDLE = 5;
  private static final int RLIMIT_NICE = 13;
  private static final int CAP_SYS_NICE = 23;

  private static final AtomicBoolean TOLD = new AtomicBoolean();
  private static final ThreadLocal<Level> LEVEL = new ThreadLocal<>();

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority; never throws. */
  public static void lowerCurrentThread() {
    if (!Platform.isLinux()) {
      return;
    }
    int nice;
    try {
      nice = LibC.nice(STEPS);
    } catch (LastErrorException | LinkageError e) {
      tellOnce(
          "Could not lower the CPU priority of the database threads ({}): they share the CPU"
              + " evenly with the DC-09 receiver, which then answers bursts of frames more slowly."
              + " Nothing is lost",
          e);
      return;
    }
    if (mayLeaveIdle(nice) && setPolicy(SCHED_IDLE)) {
      LEVEL.set(new Level());
    }
  }

  /**
   * Called by a lowered thread with the age of the oldest work it is about to do: past {@link
   * #BEHIND} it runs at nice 10 until that age is under {@link #CAUGHT_UP}. A no-op on any other
   * thread.
   */
  public static void workAge(Duration age) {
    Level level = LEVEL.get();
    if (level != null) {
      level.workAge(age);
    }
  }

  /** {@link #mayLeaveIdle(int, long, long)} for the calling thread's limit and capabilities. */
  static boolean mayLeaveIdle(int nice) {
    return mayLeaveIdle(nice, niceLimit(), effectiveCapabilities());
  }

  /**
   * Whether a thread at {@code nice} may switch from {@code SCHED_IDLE} back to {@code
   * SCHED_OTHER}: the kernel allows it when {@code RLIMIT_NICE} would allow lowering the nice value
   * to where it is (limit 20 - nice, sched(7)), or with {@code CAP_SYS_NICE}.
   */
  static boolean mayLeaveIdle(int nice, long niceLimit, long capabilities) {
    return niceLimit < 0 || niceLimit >= 20 - nice || (capabilities & (1L << CAP_SYS_NICE)) != 0;
  }

  /** The calling thread's policy switch; false (and told once) if the kernel refused it. */
  static boolean setPolicy(int policy) {
    try {
      LibC.sched_setscheduler(0, policy, new int[] {0});
      return true;
    } catch (LastErrorException | LinkageError e) {
      tellOnce(
          "Could not move a database thread between the idle and the nice-10 CPU priority ({});"
              + " it stays where it is. Nothing is lost",
          e);
      return false;
    }
  }

  private static long niceLimit() {
    long[] limit = new long[2];
    try {
      LibC.getrlimit(RLIMIT_NICE, limit);
      return limit[0];
    } catch (LastErrorException | LinkageError e) {
      return 0;
    }
  }

  /** CapEff of the calling thread ({@code /proc/thread-self/status}); none if unreadable. */
  private static long effectiveCapabilities() {
    try {
      return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
          .filter(l -> l.startsWith("CapEff:"))
          .mapToLong(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16))
          .findFirst()
          .orElse(0);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static void tellOnce(String message, Throwable e) {
    if (TOLD.compareAndSet(false, true)) {
      LOG.info(message, e.toString());
    }
  }

  /** Where the calling thread stands; confined to it. */
  private static final class Level {
    private boolean idle = true;

    void workAge(Duration age) {
      if (idle && age.compareTo(BEHIND) >= 0) {
        move(SCHED_OTHER, "behind the receiver");
      } else if (!idle && age.compareTo(CAUGHT_UP) < 0) {
        move(SCHED_IDLE, "caught up");
      }
    }

    private void move(int policy, String why) {
      if (setPolicy(policy)) {
        idle = policy == SCHED_IDLE;
        LOG.debug(
            "{} {}: now at {}", Thread.currentThread().getName(), why, idle ? "idle" : "nice");
      } else {
        LEVEL.remove();
      }
    }
  }

  /** Bound on first use, so a box where JNA cannot load only loses the lower priority. */
  private static final class LibC {
    static {
      Native.register(Platform.C_LIBRARY_NAME);
    }

    static native int nice(int increment) throws LastErrorException;

    static native int sched_setscheduler(int pid, int policy, int[] param)
        throws LastErrorException;

    static native int getrlimit(int resource, long[] limit) throws LastErrorException;
  }
}
