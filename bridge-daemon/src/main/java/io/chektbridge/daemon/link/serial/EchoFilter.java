package io.chektbridge.daemon.link.serial;

import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Removes the echo of our own answers from what an RS-485 port reads. On a two-wire bus many
 * adapters keep their receiver on while transmitting, so every answer comes straight back; read as
 * panel traffic it would corrupt the next Contact ID line, and a DC-09 answer would even be
 * answered (DUH) and echo forever. Bytes are taken as echo only while they match what we sent, in
 * order, within a short window; on the first byte that differs (an adapter that does not echo, or a
 * lost echo) the expectation is dropped and the bytes held back so far are passed on, so panel
 * traffic is never lost. The window is elapsed time: a wall-clock step must not drop or keep an
 * expectation.
 */
final class EchoFilter {
  /** Answers waiting for their echo at most; older expectations beyond it are forgotten. */
  private static final int MAX_PENDING = 64;

  /** Longer than any answer (a DC-09 ACK is under 100 bytes); a longer one is not looked for. */
  private static final int MAX_ANSWER = 1024;

  private final HostClock clock;
  private final Deque<Expected> pending = new ArrayDeque<>();

  private static final class Expected {
    final byte[] bytes;
    final long untilNanos;
    int matched;

    Expected(byte[] bytes, long untilNanos) {
      this.bytes = bytes;
      this.untilNanos = untilNanos;
    }
  }

  EchoFilter(HostClock clock) {
    this.clock = clock;
  }

  /**
   * We are about to send {@code bytes}; their echo, if the bus gives one, arrives within {@code
   * window}.
   */
  synchronized void expect(byte[] bytes, Duration window) {
    if (bytes.length == 0 || bytes.length > MAX_ANSWER) {
      return;
    }
    if (pending.size() == MAX_PENDING) {
      pending.removeFirst();
    }
    pending.addLast(new Expected(bytes.clone(), clock.nanoTime() + window.toNanos()));
  }

  /**
   * Copies {@code in[0..count)} without the echo into {@code out}, which must hold {@link
   * #maxOutput}; returns how many bytes it wrote.
   */
  synchronized int filter(byte[] in, int count, byte[] out) {
    long now = clock.nanoTime();
    int n = 0;
    for (int i = 0; i < count; i++) {
      Expected head = pending.peekFirst();
      while (head != null && head.untilNanos - now < 0) {
        n = release(head, out, n);
        pending.removeFirst();
        head = pending.peekFirst();
      }
      if (head == null) {
        out[n++] = in[i];
      } else if (head.bytes[head.matched] == in[i]) {
        if (++head.matched == head.bytes.length) {
          pending.removeFirst();
        }
      } else {
        n = release(head, out, n);
        pending.clear();
        out[n++] = in[i];
      }
    }
    return n;
  }

  /**
   * The output room {@link #filter} needs for {@code count} input bytes: the bytes of one answer
   * held back by an earlier call may be released with them (only the oldest answer is ever
   * part-matched).
   */
  static int maxOutput(int count) {
    return count + MAX_ANSWER;
  }

  private static int release(Expected e, byte[] out, int n) {
    System.arraycopy(e.bytes, 0, out, n, e.matched);
    return n + e.matched;
  }
}
