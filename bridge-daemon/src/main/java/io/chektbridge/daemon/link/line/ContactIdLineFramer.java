package io.chektbridge.daemon.link.line;

import io.chektbridge.sia.Dc09Framer;
import java.util.Arrays;

/**
 * Contact ID lines out of a serial byte stream, in a fixed buffer so a babbling port cannot make it
 * grow: a line ends at CR, LF or DC4 (the Sur-Gard automation line) and empty lines are skipped.
 */
final class ContactIdLineFramer implements LineFramer {
  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final byte DC4 = 0x14;

  private final byte[] buffer;
  private int length;
  private int discarding = -1;

  ContactIdLineFramer(int maxMessageBytes) {
    this.buffer = new byte[maxMessageBytes];
  }

  @Override
  public void feed(byte[] data, int count, Dc09Framer.Sink sink) {
    for (int i = 0; i < count; i++) {
      contactId(data[i], sink);
    }
  }

  private void contactId(byte b, Dc09Framer.Sink sink) {
    if (b == CR || b == LF || b == DC4) {
      if (discarding >= 0) {
        sink.tooLong(discarding);
        discarding = -1;
      } else if (length > 0 && !blank()) {
        sink.frame(Arrays.copyOf(buffer, length));
      }
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

  private boolean blank() {
    for (int i = 0; i < length; i++) {
      if (buffer[i] != ' ' && buffer[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
