package io.chektbridge.daemon.threads;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority of the two threads that fill the database behind the journal (the
 * journal's copy into H2 and the state engine), so that on a busy box the DC-09 receiver's event
 * loop gets the CPU first. No acknowledgement waits for those threads: a frame is answered once its
 * journal record is synced, and what a burst leaves behind is copied and applied from the journal
 * when the burst is over. Without this, on two cores the copy and the state engine take their even
 * share of the CPU through every burst, while the receiver's frames wait.
 *
 * <p>Linux keeps the nice value per thread: libc's {@code nice(n)} on a thread changes that thread
 * alone (threads it starts later inherit it), relative to where it was, so a bridge started niced
 * keeps the order; raising one's own nice value needs no privilege. Java 17 has no call for it
 * ({@code Thread.setPriority} is ignored unless the JVM runs with {@code
 * -XX:ThreadPriorityPolicy=1}, which then prints a root-permission warning at every start), so JNA
 * makes the one libc call. Where it cannot, the threads run at the normal priority and the bridge
 * says so once.
 *
 * <p>Only threads that start no others take it: the outbox monitor's timer also runs the cloud
 * arming reconciler, whose HTTP client starts its threads on first use, and they would inherit it.
 */
public final class BackgroundPriority {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);

  /**
   * Nice 10 is weight 110 against the receiver's 1024 while both want a core, so about a tenth of
   * it; all of it whenever the receiver is idle.
   */
  static final int STEPS = 10;

  private static final AtomicBoolean TOLD = new AtomicBoolean();

  private BackgroundPriority() {}

  /** Lowers the calling thread's priority; never throws. */
  public static void lowerCurrentThread() {
    if (!Platform.isLinux()) {
      return;
    }
    try {
      LibC.nice(STEPS);
    } catch (LastErrorException | LinkageError e) {
      if (TOLD.compareAndSet(false, true)) {
        LOG.info(
            "Could not lower the CPU priority of the database threads ({}): they share the CPU"
                + " evenly with the DC-09 receiver, which then answers bursts of frames more slowly."
                + " Nothing is lost",
            e.toString());
      }
    }
  }

  /** Bound on first use, so a box where JNA cannot load only loses the lower priority. */
  private static final class LibC {
    static {
      Native.register(Platform.C_LIBRARY_NAME);
    }

    static native int nice(int increment) throws LastErrorException;
  }
}
