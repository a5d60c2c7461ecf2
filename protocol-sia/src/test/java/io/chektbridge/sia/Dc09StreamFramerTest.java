package io.chektbridge.sia;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
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
 * Streams as senders make them: frames (hex and binary CRC, the binary CRC often holding CR or LF)
 * separated by CR LF, LF keepalives, NUL padding and spaces, cut into random reads. Every frame comes
 * out whole and in order, and decodes; damaged frames come out too, for the decoder to NAK.
 */
class Dc09StreamFramerTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:15:30Z");
  private static final String[] BETWEEN = {"", "\n", "\r\n", "\0", "\0\0\0\0", " ", "\n\n\n", "\r\n\0 \n"};
  private static final Dc09Decoder DECODER = new Dc09Decoder(new Dc09DecoderCasesTest.MapDirectory(Map.of(), true));

  private final List<String> out = new ArrayList<>();
  private int junk;
  private final Dc09StreamFramer.Sink sink = new Dc09StreamFramer.Sink() {
    @Override
    public void frame(byte[] frame) {
      out.add(new String(frame, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void oversize(int bytes) {
      out.add("OVERSIZE " + bytes);
    }

    @Override
    public void junk(int bytes) {
      junk += bytes;
    }
  };

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void everyFrameComesOutWhateverIsBetweenAndHoweverItIsRead(long seed) {
    Random random = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      out.clear();
      junk = 0;
      List<String> sent = new ArrayList<>();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      for (int i = 0; i < 1 + random.nextInt(6); i++) {
        stream.writeBytes(BETWEEN[random.nextInt(BETWEEN.length)].getBytes(StandardCharsets.ISO_8859_1));
        byte[] frame = randomFrame(random, i);
        sent.add(new String(frame, StandardCharsets.ISO_8859_1));
        stream.writeBytes(frame);
      }
      stream.writeBytes(BETWEEN[random.nextInt(BETWEEN.length)].getBytes(StandardCharsets.ISO_8859_1));

      feedInRandomReads(random, stream.toByteArray(), new Dc09StreamFramer(600));

      assertThat(out).isEqualTo(sent);
      assertThat(junk).as("separators are not junk").isZero();
      for (String frame : out) {
        byte[] b = frame.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DECODER.decode(b, 0, b.length, NOW).valid()).as(frame).isTrue();
      }
    }
  }

  @Test
  void anLfBeforeABinaryCrcFrameWhoseCrcStartsWithLfIsNotTakenForTheFrameStart() {
    byte[] frame = Dc09FrameWriter.wrap("\"NULL\"0000L0#1234[]".getBytes(StandardCharsets.US_ASCII), CrcFormat.BINARY);
    frame[1] = '\n'; // the CRC is wrong now, but the shape is what is tested: the decoder NAKs it
    feed(new Dc09StreamFramer(100), "\n\n\n" + new String(frame, StandardCharsets.ISO_8859_1));
    assertThat(out).containsExactly(new String(frame, StandardCharsets.ISO_8859_1));
  }

  @Test
  void junkIsSkippedAndCountedAndAFrameCutShortGivesWayToTheNextOne() {
    feed(new Dc09StreamFramer(100), "garbage\nnot a header\nABCD0019\"SIA-DCS\"0001L0 cut\n9B270017\"NULL\"0000L0#1234[]\r");
    assertThat(out).containsExactly("\n9B270017\"NULL\"0000L0#1234[]\r");
    assertThat(junk).isEqualTo("garbage".length() + "notaheader".length() + "ABCD0019\"SIA-DCS\"0001L0cut".length());
  }

  @Test
  void anOverlongFrameIsReportedAndTheNextOneStillComes() {
    feed(new Dc09StreamFramer(20), "\nAAAA0001\"" + "x".repeat(25) + "\r\nCCCC0002\"NULL\"\r");
    assertThat(out).containsExactly("OVERSIZE 36", "\nCCCC0002\"NULL\"\r");
  }

  @Test
  void aFrameWithAWrongCrcOrLengthStillComesOutAndIsNaked() {
    byte[] good = Dc09Encoder.encode(Dc09Token.NULL, "0000", null, "0", "1234", "", List.of(), null, null);
    String text = new String(good, StandardCharsets.ISO_8859_1);
    String wrongCrc = "\n0000" + text.substring(5);
    String wrongLength = text.substring(0, 6) + "FF" + text.substring(8);
    feed(new Dc09StreamFramer(100), wrongCrc + "\r\n" + wrongLength + "\r\n");
    assertThat(out).containsExactly(wrongCrc, wrongLength);
    for (String frame : out) {
      byte[] b = frame.getBytes(StandardCharsets.ISO_8859_1);
      assertThat(DECODER.decode(b, 0, b.length, NOW).response()).isEqualTo(Dc09Response.NAK);
    }
  }

  private void feed(Dc09StreamFramer framer, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    framer.feed(b, 0, b.length, sink);
  }

  private void feedInRandomReads(Random random, byte[] stream, Dc09StreamFramer framer) {
    int i = 0;
    while (i < stream.length) {
      int n = 1 + random.nextInt(stream.length - i);
      framer.feed(stream, i, n, sink);
      i += n;
    }
  }

  /** A NULL or SIA-DCS frame; a binary CRC is forced to start with CR or LF now and then. */
  private static byte[] randomFrame(Random random, int i) {
    String seq = String.format("%04d", random.nextInt(10_000));
    String body = random.nextBoolean() ? "\"NULL\"" + seq + "L0#1234[]"
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
}
