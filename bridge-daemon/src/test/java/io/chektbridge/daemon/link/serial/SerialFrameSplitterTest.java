package io.chektbridge.daemon.link.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.config.BridgeConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerialFrameSplitterTest {
  private final List<String> out = new ArrayList<>();
  private int junk;
  private final SerialFrameSplitter.Sink sink = new SerialFrameSplitter.Sink() {
    @Override
    public void message(byte[] message) {
      out.add(new String(message, StandardCharsets.ISO_8859_1));
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

  private void feed(SerialFrameSplitter s, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    s.feed(b, b.length, sink);
  }

  @Test
  void contactIdLinesEndAtCrLfOrDc4AndBlankLinesAreSkipped() {
    SerialFrameSplitter s = SerialFrameSplitter.of(BridgeConfig.Framing.CONTACTID, 32);
    feed(s, "1234181131010158\r\n\r\n5010 181234E13101015\u0014  \r12341811");
    feed(s, "31010158\n");
    assertThat(out).containsExactly("1234181131010158", "5010 181234E13101015", "1234181131010158");
  }

  @Test
  void anOverlongLineIsDroppedAndReportedAndTheNextLineStillComes() {
    SerialFrameSplitter s = SerialFrameSplitter.of(BridgeConfig.Framing.CONTACTID, 16);
    feed(s, "x".repeat(40) + "\r1234181131010158\r");
    assertThat(out).containsExactly("OVERSIZE 40", "1234181131010158");
  }

  @Test
  void dc09FramesRunFromLfToCrWhateverTheChunking() {
    String frames = "junk\n9B270017\"NULL\"0000L0#1234[]\r\0\0\nABCD0019\"SIA-DCS\"0001L0#1234[]\r";
    Random random = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      out.clear();
      junk = 0;
      SerialFrameSplitter s = SerialFrameSplitter.of(BridgeConfig.Framing.DC09, 128);
      int i = 0;
      while (i < frames.length()) {
        int n = 1 + random.nextInt(frames.length() - i);
        feed(s, frames.substring(i, i + n));
        i += n;
      }
      assertThat(out).containsExactly("\n9B270017\"NULL\"0000L0#1234[]\r", "\nABCD0019\"SIA-DCS\"0001L0#1234[]\r");
      assertThat(junk).as("\"junk\" skipped; NUL between frames is not junk").isEqualTo(4);
    }
  }

  @Test
  void aBinaryCrcThatContainsCrOrLfDoesNotEndTheFrame() {
    SerialFrameSplitter s = SerialFrameSplitter.of(BridgeConfig.Framing.DC09, 128);
    feed(s, "\n\r\n0017\"NULL\"0000L0#1234[]\r");
    assertThat(out).containsExactly("\n\r\n0017\"NULL\"0000L0#1234[]\r");
  }
}
