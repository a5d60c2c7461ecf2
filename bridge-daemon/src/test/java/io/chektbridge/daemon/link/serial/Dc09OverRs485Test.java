package io.chektbridge.daemon.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chektbridge.daemon.config.SecretFiles;
import io.chektbridge.daemon.testing.BridgeYaml;
import io.chektbridge.daemon.testing.DatabaseRows;
import io.chektbridge.daemon.testing.InProcessBridge;
import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Encoder;
import io.chektbridge.sia.Dc09Token;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15 item 6: DC-09 on a two-wire RS-485 bus, a real daemon on a socat pty pair. A panel sends
 * seeded-random frames, half from a plaintext and half from an AES-128 account, one of them first
 * damaged in transit and one resent as if its ACK was lost. On an echoing bus the bridge hears each
 * of its own answers come back: an echoed ACK is a whole DC-09 frame, so were it read as panel
 * traffic it would be journaled, counted and answered (and that answer echoed again). Every frame
 * must get its exact answer, and every event must be stored exactly once, whether the adapter
 * echoes or not. Seed: {@code -Dchekt.seed}.
 */
class Dc09OverRs485Test {
  private static final long SEED = Long.getLong("chekt.seed", 15L);
  private static final int FRAMES = 12;
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(3);
  private static final List<String> SIA_CODES = List.of("BA", "BR", "FA", "TA", "PA");

  @TempDir Path dir;

  @RegisterExtension final InProcessBridge bridge = InProcessBridge.startedByTheTest();
  private Rs485Bus bus;

  /** A panel account; plaintext when {@code key} is null. */
  private record Account(String number, byte[] key) {}

  /** One event the panel reports, and the panel_event row it must become. */
  private record Report(Account account, String sequence, String data, String row) {
    byte[] frame() {
      return Dc09Encoder.encode(
          Dc09Token.SIA_DCS,
          sequence,
          null,
          "0",
          account.number(),
          "#" + account.number() + "|" + data,
          List.of(),
          Instant.now(),
          account.key());
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (bus != null) {
      bus.close();
    }
  }

  @ParameterizedTest(name = "bus echoes: {0}")
  @ValueSource(booleans = {true, false})
  void everyFrameGetsItsExactAnswerAndIsStoredOnce(boolean echoes) throws Exception {
    Random random = new Random(SEED);
    Account plain = new Account(String.valueOf(1000 + random.nextInt(4000)), null);
    Account aes = new Account(String.valueOf(5000 + random.nextInt(4000)), randomKey(random));
    bus = echoes ? Rs485Bus.echoing(dir) : Rs485Bus.quiet(dir);
    startDaemon(plain, aes);
    List<Report> reports = reports(random, plain, aes);
    int damaged = random.nextInt(FRAMES);
    int resent = random.nextInt(FRAMES);

    long answered = panelSends(reports, damaged, resent);

    assertThat(bus.echoed())
        .as("bytes the bus echoed back, seed " + SEED)
        .isEqualTo(echoes ? answered : 0);
    assertNothingElseWasReadOrAnswered();
    assertEachEventStoredOnce(reports, damaged);
  }

  /**
   * The panel sends every report and checks its answer; report {@code damaged} goes first with a
   * CRC damaged in transit, report {@code resent} again after its ACK as if that ACK was lost.
   * Returns the bytes of all answers.
   */
  private long panelSends(List<Report> reports, int damaged, int resent) throws Exception {
    long answered = 0;
    for (int i = 0; i < reports.size(); i++) {
      if (i == damaged) {
        answered += sendDamaged(reports.get(i));
      }
      answered += sendAndExpectAck(reports.get(i));
      if (i == resent) {
        // freshly stamped and padded, as a panel resends
        answered += sendAndExpectAck(reports.get(i));
      }
    }
    return answered;
  }

  /**
   * Only the panel's frames were read: an echo taken for one would be counted, junk, or answered.
   */
  private void assertNothingElseWasReadOrAnswered() {
    // an answer to an echo would reach the panel after the last ACK
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> bus.unread() == 0);
    assertThat(metric("chekt_bridge_dc09_frames_total"))
        .as("seed " + SEED)
        .containsExactlyInAnyOrder(
            "chekt_bridge_dc09_frames_total{result=\"ack\",reason=\"none\"} " + (FRAMES + 1),
            "chekt_bridge_dc09_frames_total{result=\"nak\",reason=\"crc_mismatch\"} 1");
    assertThat(metric("chekt_bridge_panel_line_junk_bytes_total"))
        .as("seed " + SEED)
        .containsExactly(
            "chekt_bridge_panel_line_junk_bytes_total{link=\"serial:" + bus.bridgeEnd + "\"} 0");
  }

  /**
   * Each event once, in order; inbound_message holds every frame, the damaged copy just before its
   * resend; the resend after a lost ACK is answered from the journal's memory and adds no row.
   */
  private void assertEachEventStoredOnce(List<Report> reports, int damaged) throws Exception {
    assertThat(
            rows(
                "SELECT account || ' ' || sia_code || ' p' || partition_no || ' z' || zone_no || ' ' || source "
                    + "FROM panel_event ORDER BY id"))
        .as("seed " + SEED)
        .containsExactlyElementsOf(reports.stream().map(Report::row).toList());
    List<String> journaled = new ArrayList<>(Collections.nCopies(reports.size(), "stored"));
    journaled.add(damaged, "crc_mismatch");
    assertThat(rows("SELECT COALESCE(error, 'stored') FROM inbound_message ORDER BY id"))
        .as("seed " + SEED)
        .containsExactlyElementsOf(journaled);
  }

  private void startDaemon(Account plain, Account aes) throws Exception {
    Path keyFile = dir.resolve(aes.number() + ".key");
    SecretFiles.write(keyFile, HexFormat.of().withUpperCase().formatHex(aes.key()));
    bridge.start(
        BridgeYaml.in(dir)
            .account(plain.number())
            .account(aes.number(), keyFile)
            .serial(bus.bridgeEnd, "framing", "dc09", "rs485", true));
    PtyPair.awaitLinkConnected(bridge.daemon().metrics(), bus.bridgeEnd, true);
  }

  /**
   * FRAMES reports, half from each account in random order, each with its own sequence, partition,
   * code, zone.
   */
  private List<Report> reports(Random random, Account plain, Account aes) {
    List<Integer> sequences = random.ints(1, 10_000).distinct().limit(FRAMES).boxed().toList();
    List<Account> accounts = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      accounts.add(i % 2 == 0 ? plain : aes);
    }
    Collections.shuffle(accounts, random);
    List<Report> reports = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      Account account = accounts.get(i);
      int sequence = sequences.get(i);
      int partition = 1 + random.nextInt(8);
      int zone = 1 + random.nextInt(999);
      String code = SIA_CODES.get(random.nextInt(SIA_CODES.size()));
      reports.add(
          new Report(
              account,
              "%04d".formatted(sequence),
              "Nri%d/%s%03d".formatted(partition, code, zone),
              "%s %s p%d z%d serial:%s"
                  .formatted(account.number(), code, partition, zone, bus.bridgeEnd)));
    }
    return reports;
  }

  /** Sends the report's frame; returns how many bytes the answer had. */
  private int sendAndExpectAck(Report report) throws Exception {
    byte[] answer = bus.panelSendsFrame(report.frame(), ANSWER_WAIT);
    Dc09Answer a = Dc09Decoder.decodeResponse(answer, 0, answer.length, report.account().key());
    assertThat(a.token()).as("answer to " + report).isEqualTo(Dc09Token.ACK);
    assertThat(a.encrypted())
        .as("ACK encrypted like " + report)
        .isEqualTo(report.account().key() != null);
    assertThat(a.sequence()).isEqualTo(report.sequence());
    assertThat(a.account()).isEqualTo(report.account().number());
    return answer.length;
  }

  /**
   * Sends the report's frame with one CRC digit changed in transit; returns how many bytes the NAK
   * had.
   */
  private int sendDamaged(Report report) throws Exception {
    byte[] frame = report.frame();
    frame[1] = (byte) (frame[1] == '0' ? '1' : '0');
    byte[] answer = bus.panelSendsFrame(frame, ANSWER_WAIT);
    Dc09Answer a = Dc09Decoder.decodeResponse(answer, 0, answer.length, null);
    assertThat(a.token()).as("answer to a damaged " + report).isEqualTo(Dc09Token.NAK);
    return answer.length;
  }

  /** The metric's samples, one line per label set. */
  private List<String> metric(String name) {
    return bridge
        .daemon()
        .metrics()
        .render()
        .lines()
        .filter(l -> l.startsWith(name + "{"))
        .toList();
  }

  private static byte[] randomKey(Random random) {
    byte[] key = new byte[16];
    random.nextBytes(key);
    return key;
  }

  private List<String> rows(String sql) throws Exception {
    return DatabaseRows.of(bridge.daemon().journal(), bridge.daemon().database(), sql);
  }
}
