package io.chektbridge.daemon.cloud;

import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to the CHeKT cloud: strictly FIFO by id, one request in flight (the bridge
 * serves one site, so one worker thread is one request per site), each row marked delivered only
 * after a 2xx. Marks are committed in batches (every {@value #MARK_BATCH} deliveries, at the end of a
 * page and before any wait): a crash between a 2xx and its mark only means the row is sent again with
 * the same Idempotency-Key, which the cloud replays (the CHeKT API contract §5).
 *
 * <p>Failures follow the CHeKT API contract §8–§9 through {@link RetryPolicy}: a refused row is dead-lettered
 * (kept, exportable, retryable) with a DEAD_LETTER alert; a cycle that runs out raises SYNC_FAILED
 * and starts again after the cycle pause. Nothing pending is ever dropped. Arming rows keep their
 * place in the FIFO (the contract orders items per site, §9), so a backlog replays in panel order.
 */
public final class CloudSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloudSync.class);
  static final int PAGE = 256;
  static final int MARK_BATCH = 100;

  private final OutboxStore store;
  private final OutboundRequestFactory requests;
  private final CloudClient client;
  private final RateLimitPacer pacer;
  private final RetryPolicy policy;
  private final Alerts alerts;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final Semaphore wakeUp = new Semaphore(0);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<OutboxStore.Delivery> unmarked = new ArrayList<>();
  private final LongAdder delivered;
  private final LongAdder failedAttempts;
  private final LongAdder deadLettered;
  private final Metrics.Histogram latency;
  private final Thread worker;
  private volatile boolean closed;
  private volatile Instant lastSuccess;
  private volatile String lastError;

  /** Collaborators and timing; tests pass their own sleeper and policy. */
  public record Setup(OutboxStore store, OutboundRequestFactory requests, CloudClient client, RateLimitPacer pacer,
      RetryPolicy policy, Alerts alerts, Metrics metrics, Clock clock, Sleeper sleeper, Duration pollInterval) {
  }

  public CloudSync(Setup s) {
    this.store = s.store();
    this.requests = s.requests();
    this.client = s.client();
    this.pacer = s.pacer();
    this.policy = s.policy();
    this.alerts = s.alerts();
    this.clock = s.clock();
    this.sleeper = s.sleeper() != null ? s.sleeper() : this::sleepUnlessClosed;
    this.pollInterval = s.pollInterval();
    this.delivered = s.metrics().counter("chekt_bridge_cloud_delivered_total", "Outbox rows the cloud accepted");
    this.failedAttempts = s.metrics().counter("chekt_bridge_cloud_failed_attempts_total",
        "Cloud requests that failed and will be retried");
    this.deadLettered = s.metrics().counter("chekt_bridge_cloud_dead_letter_total",
        "Outbox rows the cloud refused for good");
    this.latency = s.metrics().histogram("chekt_bridge_cloud_request_seconds", "Cloud request time per outbox row");
    this.worker = new Thread(this::run, "cloud-sync");
    this.worker.setDaemon(true);
  }

  public CloudSync start() {
    worker.start();
    return this;
  }

  /** Called by the state machine after it committed outbox rows; the poll is only a backstop. */
  public void wake() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  /** The {@code cloud} section of /status: {@code {last_success, last_error}}. */
  public Map<String, Object> statusSection() {
    Map<String, Object> m = new LinkedHashMap<>();
    Instant s = lastSuccess;
    m.put("last_success", s == null ? null : s.toString());
    m.put("last_error", lastError);
    return m;
  }

  private void run() {
    LOG.info("Cloud sync started");
    while (!closed) {
      try {
        if (!drainPage()) {
          wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        }
      } catch (InterruptedException e) {
        break;
      } catch (SQLException e) {
        LOG.error("Cloud sync cannot read or update the outbox in H2 ({}); retrying in {} s. Check the disk under "
            + "storage.path.", e.getMessage(), pollInterval.toSeconds());
        idle();
      } catch (RuntimeException e) {
        LOG.error("Cloud sync hit an unexpected error; it continues after {} s", pollInterval.toSeconds(), e);
        idle();
      }
    }
    flushQuietly();
    LOG.info("Cloud sync stopped");
  }

  /** Sends one page of pending rows in id order; false when there was nothing to send. */
  private boolean drainPage() throws SQLException, InterruptedException {
    List<OutboxRecord> page = store.pending(PAGE);
    for (OutboxRecord row : page) {
      if (closed) {
        break;
      }
      deliver(row);
    }
    flush();
    return !page.isEmpty();
  }

  private void deliver(OutboxRecord row) throws SQLException, InterruptedException {
    OutboundRequest request;
    try {
      request = requests.prepare(row);
    } catch (InvalidOutboxRowException e) {
      deadLetter(row.id(), row.idempotencyKey(), null, "not sent, breaks the cloud contract: " + e.getMessage());
      return;
    }
    if (request.bodyChanged()) {
      store.replaceBody(row.id(), request.body());
    }
    int retry = 0;
    while (!closed) {
      pace();
      long started = System.nanoTime();
      DeliveryOutcome outcome = client.send(request);
      latency.observeNanos(System.nanoTime() - started);
      if (closed) {
        return;
      }
      switch (outcome.verdict()) {
        case DELIVERED -> {
          succeeded(row.id(), outcome.httpStatus());
          return;
        }
        case REJECTED -> {
          deadLetter(row.id(), request.idempotencyKey(), outcome.httpStatus(), outcome.detail());
          return;
        }
        case RETRY -> {
          flush();
          failedAttempts.increment();
          lastError = clock.instant() + " " + outcome.detail();
          if (outcome.authFailure()) {
            alerts.raise("AUTH_FAILED", "the cloud refused the bridge's credentials: " + outcome.detail());
          }
          if (outcome.redirect()) {
            alerts.raise("CLOUD_REDIRECT", outcome.detail());
          }
          Duration wait;
          if (retry < policy.retriesPerCycle()) {
            wait = policy.waitBefore(retry++, outcome.retryAfter());
            LOG.warn("Cloud did not take outbox row {} ({}): {}; retry {} of {} in {} ms", row.id(),
                request.idempotencyKey(), outcome.detail(), retry, policy.retriesPerCycle(), wait.toMillis());
          } else {
            wait = policy.cyclePause();
            retry = 0;
            alerts.raise("SYNC_FAILED", "outbox row " + row.id() + " (" + request.idempotencyKey() + ") not delivered after "
                + (policy.retriesPerCycle() + 1) + " attempts: " + outcome.detail() + "; trying again every "
                + wait.toSeconds() + " s, nothing is dropped");
          }
          store.recordFailure(row.id(), outcome.httpStatus(), outcome.detail(), clock.instant().plus(wait));
          sleeper.sleep(wait);
        }
      }
    }
  }

  private void succeeded(long id, int status) throws SQLException {
    unmarked.add(new OutboxStore.Delivery(id, status));
    delivered.increment();
    lastSuccess = clock.instant();
    if (alerts.isActive("SYNC_FAILED")) {
      alerts.clear("SYNC_FAILED");
    }
    if (alerts.isActive("AUTH_FAILED")) {
      alerts.clear("AUTH_FAILED");
    }
    if (alerts.isActive("CLOUD_REDIRECT")) {
      alerts.clear("CLOUD_REDIRECT");
    }
    if (unmarked.size() >= MARK_BATCH) {
      flush();
    }
  }

  private void deadLetter(long id, String key, Integer status, String detail) throws SQLException {
    flush();
    store.markDead(id, status, detail, clock.instant());
    deadLettered.increment();
    lastError = clock.instant() + " " + detail;
    LOG.error("Outbox row {} ({}) moved to the dead letters: {}. It stays stored; fix the cause, then run "
        + "chekt-bridge outbox retry {}", id, key, detail, id);
    alerts.raise("DEAD_LETTER", "outbox row " + id + " (" + key + ") refused: " + detail);
  }

  private void pace() throws InterruptedException {
    Duration d = pacer.delayBeforeNext();
    if (!d.isZero()) {
      flushQuietly();
      sleeper.sleep(d);
    }
  }

  private void flush() throws SQLException {
    if (!unmarked.isEmpty()) {
      store.markDelivered(unmarked, clock.instant());
      unmarked.clear();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (SQLException e) {
      LOG.warn("Could not record {} deliveries in H2 ({}); they will be sent again and replayed by the cloud",
          unmarked.size(), e.getMessage());
      unmarked.clear();
    }
  }

  private void idle() {
    try {
      sleepUnlessClosed(pollInterval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sleepUnlessClosed(Duration d) throws InterruptedException {
    if (closing.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new InterruptedException("cloud sync closing");
    }
  }

  /** Stops at once: the request in flight is cancelled, and a row without an answer is resent next start. */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
    client.cancel();
    try {
      worker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
