package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams as senders make them: real frames (hex and binary CRC, the binary CRC often holding CR or
 * LF) separated by CR LF, LF keepalives, NUL padding and spaces, with junk between frames, frames
 * too long to keep and frames cut short by the next one, cut into random reads. Every outcome comes
 * out, in order, as the kind it is; damaged frames come out too, for the decoder to NAK.
 */
class Dc09FramerTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:15:30Z");
  private static final String[] BETWEEN = {
    "", "\n", "\r\n", "\0", "\0\0\0\0", " ", "\n\n\n", "\r\n\0 \n"
  };

  /** What line noise looks like; no quote, so no run of it can pass for a frame header. */
  private static final String JUNK = "ABCDEFabcxyz0123456789#[]|/-_.:+*!? \0\r";

  private static final int MAX = 200;
  private static final Dc09Decoder DECODER =
      new Dc09Decoder(new Dc09DecoderCasesTest.MapDirectory(Map.of(), true));

  private final Outcomes out = new Outcomes();

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
  void everyOutcomeOfAGeneratedStreamComesOutInOrderAndEveryFrameDecodesHoweverItIsRead(long seed) {
    Random random = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      GeneratedStream stream = new GeneratedStream();
      for (int i = 0; i < 1 + random.nextInt(8); i++) {
        stream.between(random);
        switch (random.nextInt(5)) {
          case 0 -> stream.junk(random);
          case 1 -> stream.tooLong(random);
          case 2 -> stream.cutShortThenFrame(random);
          default -> stream.frame(randomFrame(random, i));
        }
      }
      stream.between(random);
      // a last frame, so nothing is left waiting for bytes that could still make it a frame
      stream.frame(randomFrame(random, 1));

      out.clear();
      feedInRandomReads(random, stream.bytes.toByteArray(), new Dc09Framer(MAX));

      assertThat(out.list).as("seed %d trial %d", seed, trial).isEqualTo(stream.expected.list);
      for (byte[] frame : out.frames) {
        assertThat(DECODER.decode(frame, 0, frame.length, NOW).valid()).as(text(frame)).isTrue();
      }
    }
  }

  @Test
  void anLfBeforeABinaryCrcFrameWhoseCrcStartsWithLfIsNotTakenForTheFrameStart() {
    byte[] frame =
        Dc09FrameWriter.wrap(
            "\"NULL\"0000L0#1234[]".getBytes(StandardCharsets.US_ASCII), CrcFormat.BINARY);
    frame[1] = '\n'; // the CRC is wrong now, but the shape is what is tested: the decoder NAKs it
    feed(new Dc09Framer(100), "\n\n\n" + text(frame));
    assertThat(out.list).containsExactly("frame " + text(frame));
  }

  @Test
  void junkIsSkippedAndCountedAndAFrameCutShortGivesWayToTheNextOne() {
    feed(
        new Dc09Framer(100),
        "garbage\nnot a header\nABCD0019\"SIA-DCS\"0001L0 cut\n9B270017\"NULL\"0000L0#1234[]\r");
    int junk = "garbage".length() + "notaheader".length() + "ABCD0019\"SIA-DCS\"0001L0cut".length();
    assertThat(out.list).containsExactly("junk " + junk, "frame \n9B270017\"NULL\"0000L0#1234[]\r");
  }

  @Test
  void anOverlongFrameIsReportedWithItsLengthAndTheNextOneStillComes() {
    feed(new Dc09Framer(20), "\nAAAA0001\"" + "x".repeat(25) + "\r\nCCCC0002\"NULL\"\r");
    assertThat(out.list).containsExactly("too long 36", "frame \nCCCC0002\"NULL\"\r");
  }

  @Test
  void anOverlongFrameCutByTheNextFrameEndsThereAndTheNextOneStillComes() {
    feed(new Dc09Framer(20), "\nAAAA0001\"" + "x".repeat(25) + "\nCCCC0002\"NULL\"\r");
    assertThat(out.list).containsExactly("too long 35", "frame \nCCCC0002\"NULL\"\r");
  }

  @Test
  void aFrameOfExactlyTheLimitIsKeptAndOneByteMoreIsNot() {
    String fits = "\nAAAA0001\"" + "x".repeat(9) + "\r";
    assertThat(fits).hasSize(20);
    feed(new Dc09Framer(20), fits + "\nAAAA0001\"" + "x".repeat(10) + "\r");
    assertThat(out.list).containsExactly("frame " + fits, "too long 21");
  }

  @Test
  void theLongestFrameTheLengthFieldAllowsFitsTheLongestFrameLimit() {
    String body =
        "\"NULL\"0000L0#1234[" + "x".repeat(0xFFF - "\"NULL\"0000L0#1234[]".length()) + "]";
    byte[] frame = Dc09FrameWriter.wrap(body.getBytes(StandardCharsets.US_ASCII), CrcFormat.HEX);
    assertThat(frame).hasSize(Dc09Framer.LONGEST_FRAME);
    feed(new Dc09Framer(Dc09Framer.LONGEST_FRAME), text(frame));
    assertThat(out.list).containsExactly("frame " + text(frame));
  }

  @Test
  void aLimitTooSmallForAnyFrameIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Dc09Framer(15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15");
  }

  @Test
  void aFrameWithAWrongCrcOrLengthStillComesOutAndIsNaked() {
    byte[] good =
        Dc09Encoder.encode(Dc09Token.NULL, "0000", null, "0", "1234", "", List.of(), null, null);
    String text = text(good);
    String wrongCrc = "\n0000" + text.substring(5);
    String wrongLength = text.substring(0, 6) + "FF" + text.substring(8);
    feed(new Dc09Framer(100), wrongCrc + "\r\n" + wrongLength + "\r\n");
    assertThat(out.list).containsExactly("frame " + wrongCrc, "frame " + wrongLength);
    for (byte[] frame : out.frames) {
      assertThat(DECODER.decode(frame, 0, frame.length, NOW).response())
          .isEqualTo(Dc09Response.NAK);
    }
  }

  @Test
  void aBlockingReaderGetsTheFramesAloneAndStopsAtEachFramesCr() throws IOException {
    byte[] first =
        Dc09Encoder.encode(Dc09Token.ACK, "0001", null, "0", "1234", "", List.of(), null, null);
    byte[] second =
        Dc09FrameWriter.wrap(
            "\"NAK\"0000R0L0A0[]".getBytes(StandardCharsets.US_ASCII), CrcFormat.BINARY);
    String stream =
        "noise\r\n"
            + text(first)
            + "\r\n\0\nAAAA0FFF\""
            + "x".repeat(Dc09Framer.LONGEST_FRAME)
            + "\r"
            + text(second)
            + "rest";
    ByteArrayInputStream in =
        new ByteArrayInputStream(stream.getBytes(StandardCharsets.ISO_8859_1));
    Dc09FrameInput frames = new Dc09FrameInput(in);

    assertThat(frames.next()).isEqualTo(first);
    assertThat(frames.next()).isEqualTo(second);
    assertThat(in.available())
        .as("what follows the frame is left in the stream")
        .isEqualTo("rest".length());
    assertThat(frames.next()).as("the stream ends before another frame").isNull();
  }

  private void feed(Dc09Framer framer, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    framer.feed(b, 0, b.length, out);
  }

  private void feedInRandomReads(Random random, byte[] stream, Dc09Framer framer) {
    int i = 0;
    while (i < stream.length) {
      int n = 1 + random.nextInt(stream.length - i);
      framer.feed(stream, i, n, out);
      i += n;
    }
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** What the framer skips without counting it as junk. */
  private static boolean separator(byte b) {
    return b == 0 || b == '\n' || b == '\r' || b == ' ';
  }

  /** A NULL or SIA-DCS frame; a binary CRC is forced to start with CR or LF now and then. */
  private static byte[] randomFrame(Random random, int i) {
    String seq = String.format("%04d", random.nextInt(10_000));
    String body =
        random.nextBoolean()
            ? "\"NULL\"" + seq + "L0#1234[]"
            : "\"SIA-DCS\"" + seq + "L0#1234[#1234|Nri1/BA" + (1 + random.nextInt(99)) + "]";
    CrcFormat format = random.nextBoolean() ? CrcFormat.HEX : CrcFormat.BINARY;
    byte[] frame = Dc09FrameWriter.wrap(body.getBytes(StandardCharsets.US_ASCII), format);
    while (format == CrcFormat.BINARY && i % 2 == 0 && frame[1] != '\n' && frame[1] != '\r') {
      // vary the sequence until the CRC's first byte is LF or CR: the hardest case for a framer
      seq = String.format("%04d", random.nextInt(10_000));
      body = "\"NULL\"" + seq + "L0#1234[]";
      frame = Dc09FrameWriter.wrap(body.getBytes(StandardCharsets.US_ASCII), format);
    }
    return frame;
  }

  /**
   * The outcomes in order, one line each; junk reported in several pieces is summed, as its split
   * is the reads'.
   */
  private static final class Outcomes implements Dc09Framer.Sink {
    private final List<String> list = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();
    private int junk;

    void clear() {
      list.clear();
      frames.clear();
      junk = 0;
    }

    @Override
    public void frame(byte[] frame) {
      junk = 0;
      frames.add(frame);
      list.add("frame " + text(frame));
    }

    @Override
    public void tooLong(int bytes) {
      junk = 0;
      list.add("too long " + bytes);
    }

    @Override
    public void junk(int bytes) {
      if (junk > 0) {
        list.remove(list.size() - 1);
      }
      junk += bytes;
      list.add("junk " + junk);
    }
  }

  /** A stream built piece by piece, with the outcomes a framer must report for it. */
  private static final class GeneratedStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Outcomes expected = new Outcomes();

    void between(Random random) {
      bytes.writeBytes(
          BETWEEN[random.nextInt(BETWEEN.length)].getBytes(StandardCharsets.ISO_8859_1));
    }

    void frame(byte[] frame) {
      bytes.writeBytes(frame);
      expected.frame(frame);
    }

    void junk(Random random) {
      byte[] junk = new byte[1 + random.nextInt(30)];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = (byte) JUNK.charAt(random.nextInt(JUNK.length()));
      }
      bytes.writeBytes(junk);
      counted(junk, junk.length);
    }

    /** A real frame over the limit, ended by its CR: reported with its whole length. */
    void tooLong(Random random) {
      String body =
          "\"SIA-DCS\"0001L0#1234[#1234|Nri1/BA1]"
              + "[I"
              + "x".repeat(MAX + random.nextInt(MAX))
              + "]";
      CrcFormat format = random.nextBoolean() ? CrcFormat.HEX : CrcFormat.BINARY;
      byte[] frame = Dc09FrameWriter.wrap(body.getBytes(StandardCharsets.US_ASCII), format);
      bytes.writeBytes(frame);
      expected.tooLong(frame.length);
    }

    /**
     * A frame cut after its header by the sender starting over: its bytes are junk, the next frame
     * comes whole.
     */
    void cutShortThenFrame(Random random) {
      byte[] cut = randomFrame(random, 1);
      int header = Character.digit(cut[1], 16) >= 0 && cut[9] == '"' ? 10 : 8;
      int length = header + random.nextInt(cut.length - 1 - header);
      bytes.write(cut, 0, length);
      counted(cut, length);
      frame(randomFrame(random, 0));
    }

    private void counted(byte[] skipped, int length) {
      int junk = 0;
      for (int i = 0; i < length; i++) {
        junk += separator(skipped[i]) ? 0 : 1;
      }
      if (junk > 0) {
        expected.junk(junk);
      }
    }
  }
}
