package io.chektbridge.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.store.Database;
import io.chektbridge.daemon.testing.DaemonProcess;
import io.chektbridge.daemon.testing.PanelSocket;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACK means durable: a real daemon process receives frames from several connections, the test
 * notes every ACK, SIGKILLs the process at a random moment, reopens its database and looks for
 * every acknowledged frame, of this trial and of every earlier one. Like a daemon systemd restarts,
 * every trial runs on the data directory the previous kill left behind, so H2's crash recovery is
 * exercised again and again on a growing file. Trials: {@code -Dchekt.trials=N} (default 5).
 */
class KillDuringReceiveTest {
  private static final int TRIALS = Integer.getInteger("chekt.trials", 5);
  private static final int CONNECTIONS = 4;

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedFrameSurvivesSigkill() throws Exception {
    Random random = new Random(Long.getLong("chekt.seed", 42L));
    long totalSent = 0;
    Path data = dir.resolve("data");
    Set<String> acked = ConcurrentHashMap.newKeySet();
    for (int trial = 0; trial < TRIALS; trial++) {
      int statusPort = DaemonProcess.freePort();
      int dc09Port = DaemonProcess.freePort();
      Path config = dir.resolve("bridge-" + trial + ".yaml");
      Files.writeString(config, """
          receivers:
            dc09:
              listen: 127.0.0.1:%d
              accept_unknown_accounts: true
              max_frames_per_second: 100000
          status:
            listen: 127.0.0.1:%d
          storage:
            path: %s
          """.formatted(dc09Port, statusPort, data));
      List<Thread> senders = new ArrayList<>();
      java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
      try (DaemonProcess daemon = DaemonProcess.start(dir, "run", "--config", config.toString())) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> DaemonProcess.get(statusPort, "/readyz").statusCode() == 200);
        for (int c = 0; c < CONNECTIONS; c++) {
          // an account per trial and connection: a repeated account|sequence would be a retransmission
          String account = String.format("%06d", 100_000 + trial * CONNECTIONS + c);
          Thread t = new Thread(() -> send(dc09Port, account, acked, sent));
          t.start();
          senders.add(t);
        }
        long killAfterMillis = 300 + random.nextInt(1500);
        await().pollDelay(Duration.ofMillis(killAfterMillis)).atMost(Duration.ofSeconds(10)).until(() -> true);
        daemon.kill();
      }
      for (Thread t : senders) {
        t.join(10_000);
      }
      List<String> missing = missing(data, acked);
      assertThat(missing).as("after trial %d: ACKed but not stored exactly once (of %d ACKed)", trial, acked.size())
          .isEmpty();
      totalSent += sent.get();
    }
    System.out.printf("KillDuringReceiveTest: %d trials, %d frames sent, %d ACKed, 0 lost, 0 stored twice%n",
        TRIALS, totalSent, acked.size());
    assertThat(acked.size()).as("the trials acknowledged frames before each kill").isGreaterThan(TRIALS);
  }

  /** Lock-step sender: records "account|seq" for every ACK it reads, until the connection dies. */
  private static void send(int port, String account, Set<String> acked, java.util.concurrent.atomic.AtomicLong sent) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      InputStream in = new BufferedInputStream(s.getInputStream());
      for (int i = 1; i <= 9999; i++) {
        String seq = String.format("%04d", i);
        byte[] frame = Dc09Encoder.encode(Dc09Token.SIA_DCS, seq, null, "0", account,
            "#" + account + "|Nri1/BA" + (i % 999 + 1), List.of(), Instant.now(), null);
        out.write(frame);
        out.flush();
        sent.incrementAndGet();
        byte[] answer = PanelSocket.readFrame(in);
        if (answer == null) {
          return;
        }
        Dc09Answer a = PanelSocket.answer(answer);
        if (a.token() == Dc09Token.ACK) {
          acked.add(account + "|" + a.sequence());
        }
      }
    } catch (Exception e) {
      // the daemon was killed: the connection ends here
    }
  }


  private static List<String> missing(Path data, Set<String> acked) throws Exception {
    List<String> missing = new ArrayList<>();
    try (Database db = Database.open(data); Connection c = db.connection();
         PreparedStatement p = c.prepareStatement(
             "SELECT COUNT(*) FROM inbound_message m JOIN panel_event e ON e.message_id = m.id"
                 + " WHERE m.dedup_key LIKE ? AND m.error IS NULL")) {
      for (String key : acked) {
        p.setString(1, key + "|%");
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          if (rs.getLong(1) != 1) {
            missing.add(key);
          }
        }
      }
    }
    return missing;
  }
}
