package io.chektbridge.daemon.link.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A panel writing on a pseudo-terminal, opened with jSerialComm so reads time out. */
final class PtyPanel implements AutoCloseable {
  private final SerialPort port;

  private PtyPanel(SerialPort port) {
    this.port = port;
  }

  static PtyPanel open(Path path, Duration answerWait) {
    SerialPort p = SerialPort.getCommPort(path.toString());
    p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) answerWait.toMillis(), 0);
    assertThat(p.openPort()).as("open " + path).isTrue();
    return new PtyPanel(p);
  }

  /** Writes a line and returns what was answered within the wait (empty when nothing). */
  String send(String line) {
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    port.writeBytes(b, b.length);
    byte[] answer = new byte[16];
    int n = port.readBytes(answer, answer.length);
    return n <= 0 ? "" : new String(answer, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** What a panel does: resend until the expected answer comes (a few tries, then the test fails). */
  void sendUntilAnswered(String line, String expected) {
    for (int attempt = 0; attempt < 5; attempt++) {
      if (send(line).equals(expected)) {
        return;
      }
    }
    throw new AssertionError("no answer " + expected + " for " + line.strip() + " after 5 tries");
  }

  @Override
  public void close() {
    port.closePort();
  }
}
