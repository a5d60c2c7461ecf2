package io.chektbridge.daemon.link;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The small thread chores every panel link transport shares. */
public final class LinkThreads {
  private LinkThreads() {}

  /**
   * Waits up to {@code millis} for the link's close latch; true when it is closing (or
   * interrupted).
   */
  public static boolean awaitClose(CountDownLatch closed, long millis) {
    try {
      return closed.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
