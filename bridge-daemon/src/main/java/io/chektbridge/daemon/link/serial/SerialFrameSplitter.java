package io.chektbridge.daemon.link.serial;

import io.chektbridge.daemon.config.BridgeConfig;
import java.util.Arrays;

/**
 * Cuts the byte stream of a serial port into messages, with a fixed buffer so a babbling port cannot
 * make it grow. Contact ID framing: a line ends at CR, LF or DC4 (the Sur-Gard automation line) and
 * empty lines are skipped. DC-09 framing: a frame runs from LF to CR inclusive, bytes outside are
 * skipped; the CR is looked for only from the fourth byte on, because a binary-CRC frame (Lupus, OPAX)
 * has two raw CRC bytes there that may be 0x0D or 0x0A.
 */
final class SerialFrameSplitter {
  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final byte DC4 = 0x14;
  private static final int CRC_BYTES = 3;

  /** Where complete messages and overlong ones are reported. */
  interface Sink {
    void message(byte[] message);

    /** {@code bytes} were dropped because no message end came within the limit. */
    void oversize(int bytes);
  }

  private final BridgeConfig.Framing framing;
  private final byte[] buffer;
  private int length;
  private boolean inFrame;
  private int discarding = -1;

  SerialFrameSplitter(BridgeConfig.Framing framing, int maxMessageBytes) {
    this.framing = framing;
    this.buffer = new byte[maxMessageBytes];
  }

  void feed(byte[] data, int count, Sink sink) {
    for (int i = 0; i < count; i++) {
      if (framing == BridgeConfig.Framing.DC09) {
        dc09(data[i], sink);
      } else {
        contactId(data[i], sink);
      }
    }
  }

  private void contactId(byte b, Sink sink) {
    if (b == CR || b == LF || b == DC4) {
      if (discarding >= 0) {
        sink.oversize(discarding);
        discarding = -1;
      } else if (length > 0 && !blank()) {
        sink.message(Arrays.copyOf(buffer, length));
      }
      length = 0;
    } else {
      append(b);
    }
  }

  private void dc09(byte b, Sink sink) {
    boolean bodyStarted = inFrame && (discarding >= 0 || length >= CRC_BYTES);
    if (b == LF && (!inFrame || bodyStarted)) {
      // a new frame; one that was cut short before its CR is dropped (the panel resends it)
      endDiscard(sink);
      inFrame = true;
      length = 0;
      append(b);
    } else if (!inFrame) {
      return;
    } else if (b == CR && bodyStarted) {
      append(b);
      if (discarding >= 0) {
        endDiscard(sink);
      } else {
        sink.message(Arrays.copyOf(buffer, length));
      }
      inFrame = false;
      length = 0;
    } else {
      append(b);
    }
  }

  private void append(byte b) {
    if (discarding >= 0) {
      discarding++;
    } else if (length == buffer.length) {
      discarding = length + 1;
      length = 0;
    } else {
      buffer[length++] = b;
    }
  }

  private void endDiscard(Sink sink) {
    if (discarding >= 0) {
      sink.oversize(discarding);
      discarding = -1;
    }
  }

  private boolean blank() {
    for (int i = 0; i < length; i++) {
      if (buffer[i] != ' ' && buffer[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
