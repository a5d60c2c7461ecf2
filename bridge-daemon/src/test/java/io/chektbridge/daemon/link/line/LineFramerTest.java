package io.chektbridge.daemon.link.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.sia.Dc09Framer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A panel line's framing: Contact ID lines end at CR, LF or DC4; DC-09 frames are cut by the
 * receiver's own {@link Dc09Framer} (its rules are tested there). Both report the same outcomes.
 */
class LineFramerTest {
  private final List<String> out = new ArrayList<>();
  private final Dc09Framer.Sink sink =
      new Dc09Framer.Sink() {
        @Override
        public void frame(byte[] message) {
          out.add(new String(message, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void tooLong(int bytes) {
          out.add("too long " + bytes);
        }

        @Override
        public void junk(int bytes) {
          out.add("junk " + bytes);
        }
      };

  @Test
  void contactIdLinesEndAtCrLfOrDc4AndBlankLinesAreSkipped() {
    LineFramer framer = LineFramer.of(BridgeConfig.Framing.CONTACTID, 32);
    feed(framer, "1234181131010158\r\n\r\n5010 181234E13101015\u0014  \r12341811");
    feed(framer, "31010158\n");
    assertThat(out).containsExactly("1234181131010158", "5010 181234E13101015", "1234181131010158");
  }

  @Test
  void anOverlongContactIdLineIsDroppedAndReportedAndTheNextLineStillComes() {
    LineFramer framer = LineFramer.of(BridgeConfig.Framing.CONTACTID, 16);
    feed(framer, "x".repeat(40) + "\r1234181131010158\r");
    assertThat(out).containsExactly("too long 40", "1234181131010158");
  }

  @Test
  void dc09FramingIsTheReceiversWithJunkAndTooLongFramesReportedAsSuch() {
    LineFramer framer = LineFramer.of(BridgeConfig.Framing.DC09, 32);
    feed(framer, "junk\n\r\n0017\"NULL\"0000L0#1234[]\r\0\nAAAA0001\"" + "x".repeat(30) + "\r");
    assertThat(out).containsExactly("junk 4", "\n\r\n0017\"NULL\"0000L0#1234[]\r", "too long 41");
  }

  private void feed(LineFramer framer, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    framer.feed(b, b.length, sink);
  }
}
