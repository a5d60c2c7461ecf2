package io.chektbridge.daemon.link.dc09;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.ConfigLoader;
import io.chektbridge.daemon.journal.SegmentEventJournal;
import io.chektbridge.daemon.journal.SegmentLog;
import io.chektbridge.daemon.link.LinkContext;
import io.chektbridge.daemon.link.LinkOutages;
import io.chektbridge.daemon.link.LinkStats;
import io.chektbridge.daemon.link.LinkSupervisor;
import io.chektbridge.daemon.ops.AlertKind;
import io.chektbridge.daemon.ops.Alerts;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.daemon.time.HostClock;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Token;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/storage.md at the socket: the receiver over real TCP, the real journal, and a disk sync the
 * test can hold or fail. While the sync is held not one byte reaches the panel; when it fails the
 * panel hears nothing and resends.
 */
class AckAfterSyncTest {
  @TempDir Path dir;

  private final ControlledSync sync = new ControlledSync();
  private final Alerts alerts = new Alerts(Clock.systemUTC());
  private Database db;
  private SegmentEventJournal journal;
  private Dc09Receiver receiver;

  /** fdatasync, unless held (it waits) or failing (it throws, like a dying disk). */
  static final class ControlledSync implements SegmentLog.Sync {
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile boolean failing;
    final AtomicInteger entered = new AtomicInteger();

    @Override
    public void force(FileChannel channel) throws IOException {
      entered.incrementAndGet();
      try {
        hold.await();
      } catch (InterruptedException e) {
        throw new InterruptedIOException();
      }
      if (failing) {
        throw new IOException("Input/output error (simulated)");
      }
      channel.force(false);
    }
  }

  @BeforeEach
  void start() throws Exception {
    db = Database.open(dir.resolve("data"));
    journal = SegmentEventJournal.open(db, new Metrics(), alerts, 100, 1 << 20, sync);
    BridgeConfig config =
        ConfigLoader.parse(
            """
        receivers:
          dc09:
            listen: 127.0.0.1:0
            accounts:
              - account: "1234"
        """,
            dir);
    HostClock clock = HostClock.system();
    receiver =
        new Dc09Receiver(
            new LinkContext(
                journal,
                new LinkSupervisor(journal, alerts, clock, Map.of()),
                new LinkStats(),
                new LinkOutages(alerts),
                new Metrics(),
                clock,
                config.receivers().dc09()));
    receiver.start();
  }

  @AfterEach
  void stop() throws Exception {
    sync.hold.countDown();
    receiver.close();
    journal.close();
    db.close();
  }

  @Test
  void noByteReachesThePanelUntilTheSyncReturns() throws Exception {
    sync.hold = new CountDownLatch(1);
    int before = sync.entered.get();
    try (Socket s = connect()) {
      s.getOutputStream().write(frame("0001"));
      await().atMost(Duration.ofSeconds(5)).until(() -> sync.entered.get() > before);
      assertSilence(s, Duration.ofMillis(700));
      sync.hold.countDown();
      s.setSoTimeout(5000);
      Dc09Answer answer = PanelSocket.answer(PanelSocket.readFrame(s.getInputStream()));
      assertThat(answer.token()).isEqualTo(Dc09Token.ACK);
      assertThat(answer.sequence()).isEqualTo("0001");
    }
  }

  @Test
  void aFailedSyncLeavesThePanelUnansweredAndItsResendIsStoredOnce() throws Exception {
    sync.failing = true;
    try (Socket s = connect()) {
      s.getOutputStream().write(frame("0002"));
      assertSilence(s, Duration.ofMillis(1500));
      assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isTrue();

      sync.failing = false;
      s.getOutputStream().write(frame("0002"));
      s.setSoTimeout(5000);
      assertThat(PanelSocket.answer(PanelSocket.readFrame(s.getInputStream())).token())
          .isEqualTo(Dc09Token.ACK);
    }
    assertThat(alerts.isActive(AlertKind.STORAGE_FAILED)).isFalse();
    assertThat(journal.awaitAllInDatabase(Duration.ofSeconds(5))).isTrue();
    try (var c = db.connection();
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*) FROM panel_event WHERE zone_no = 7")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
    }
  }

  private Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), receiver.port());
  }

  private static byte[] frame(String seq) {
    return PanelSocket.frame(Dc09Token.SIA_DCS, "1234", seq, "Nri1/BA07");
  }

  private static void assertSilence(Socket s, Duration wait) throws IOException {
    s.setSoTimeout((int) wait.toMillis());
    InputStream in = s.getInputStream();
    try {
      int b = in.read();
      throw new AssertionError("the panel got an answer before its frame was on disk: byte " + b);
    } catch (SocketTimeoutException expected) {
      // nothing was sent: the frame is not durable yet
    }
  }
}
