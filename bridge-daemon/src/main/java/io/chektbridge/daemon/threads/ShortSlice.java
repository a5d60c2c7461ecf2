package io.chektbridge.daemon.threads;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the kernel for a short time slice for the calling thread: the DC-09 event loop, which sleeps
 * until a frame comes and must answer it at once. Linux's EEVDF scheduler (6.6 and later) lets a
 * running thread finish its slice (1.4 ms on two cores) before a waking one of the same priority
 * class takes the core, unless the waking thread asked for a shorter slice (6.12 and later, {@code
 * sched_setattr} with {@code sched_runtime} for {@code SCHED_OTHER}). With a short slice the event
 * loop takes the core from the journal's copy or the state engine when a frame wakes it. Fair
 * shares do not change: no thread gets less CPU over time, which is why this is safe where {@code
 * SCHED_IDLE} for those threads was not (docs/architecture.md).
 *
 * <p>No privilege is needed. An older kernel accepts the call and ignores the slice. glibc before
 * 2.41 has no wrapper, so the call goes through {@code syscall(2)} with the architecture's number.
 * Where it fails, the thread keeps the default slice and the bridge says so once.
 */
public final class ShortSlice {
  private static final Logger LOG = LoggerFactory.getLogger(ShortSlice.class);

  /** The shortest slice the kernel grants (it clamps to 0.1-100 ms). */
  static final long SLICE_NANOS = 100_000;

  private static final int SCHED_OTHER = 0;
  private static final int PRIO_PROCESS = 0;

  /** {@code struct sched_attr}, the first version's size. */
  private static final int ATTR_BYTES = 48;

  private static final AtomicBoolean TOLD = new AtomicBoolean();

  private ShortSlice() {}

  /** Gives the calling thread the short slice, at its current nice value; never throws. */
  public static void forCurrentThread() {
    long number = syscallNumber(Platform.ARCH);
    if (!Platform.isLinux() || number < 0) {
      return;
    }
    try {
      int nice = LibC.getpriority(PRIO_PROCESS, 0);
      LibC.syscall(number, 0, attr(nice), 0);
    } catch (LastErrorException | LinkageError e) {
      if (TOLD.compareAndSet(false, true)) {
        LOG.info(
            "Could not give the DC-09 receiver a short CPU time slice ({}): under load it may"
                + " answer a frame up to a millisecond later. Nothing is lost",
            e.toString());
      }
    }
  }

  /**
   * {@code struct sched_attr} for {@code SCHED_OTHER} at {@code nice} with the short slice: the
   * call sets the nice value too, so it must be the thread's own.
   */
  static byte[] attr(int nice) {
    return ByteBuffer.allocate(ATTR_BYTES)
        .order(ByteOrder.nativeOrder())
        .putInt(ATTR_BYTES) // size
        .putInt(SCHED_OTHER) // sched_policy
        .putLong(0) // sched_flags
        .putInt(nice) // sched_nice
        .putInt(0) // sched_priority
        .putLong(SLICE_NANOS) // sched_runtime
        .putLong(0) // sched_deadline
        .putLong(0) // sched_period
        .array();
  }

  /** {@code __NR_sched_setattr} for JNA's architecture name; -1 where not known. */
  static long syscallNumber(String arch) {
    return switch (arch) {
      case "x86-64" -> 314;
      case "aarch64", "riscv64", "loongarch64" -> 274;
      case "arm" -> 380;
      case "x86" -> 351;
      default -> -1;
    };
  }

  private static final class LibC {
    static {
      Native.register(Platform.C_LIBRARY_NAME);
    }

    static native int getpriority(int which, int who) throws LastErrorException;

    static native long syscall(long number, int pid, byte[] attr, int flags)
        throws LastErrorException;
  }
}
