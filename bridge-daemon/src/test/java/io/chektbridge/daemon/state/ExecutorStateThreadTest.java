package io.chektbridge.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The state thread at shutdown: the journal closes after the state engine and may still notify it,
 * so a task offered after close is dropped (its events are applied at the next start), not thrown
 * into the journal indexer as an error at every stop.
 */
class ExecutorStateThreadTest {
  @Test
  void aTaskOfferedAfterCloseIsDroppedWithoutAnError() throws Exception {
    ExecutorStateThread thread = new ExecutorStateThread();
    CountDownLatch before = new CountDownLatch(1);
    thread.execute(before::countDown);
    assertThat(before.await(5, TimeUnit.SECONDS)).isTrue();
    thread.close();

    AtomicInteger late = new AtomicInteger();
    assertThatCode(() -> thread.execute(late::incrementAndGet)).doesNotThrowAnyException();
    assertThatCode(() -> thread.schedule(late::incrementAndGet, Duration.ZERO).cancel())
        .doesNotThrowAnyException();
    assertThat(late).hasValue(0);
  }
}
