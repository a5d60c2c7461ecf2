package io.chektbridge.daemon.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fazecast.jSerialComm.SerialPort;
import io.chektbridge.sia.Dc09FrameInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A panel writing on a pseudo-terminal, opened with jSerialComm so reads time out. */
public final class PtyPanel implements AutoCloseable {
  private final SerialPort port;

  private PtyPanel(SerialPort port) {
    this.port = port;
  }

  public static PtyPanel open(Path path, Duration answerWait) {
    SerialPort p = SerialPort.getCommPort(path.toString());
    p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) answerWait.toMillis(), 0);
    assertThat(p.openPort()).as("open " + path).isTrue();
    return new PtyPanel(p);
  }

  /**
   * Writes {@code text} (a line or part of one); false when not all of it went out (the cable is
   * gone).
   */
  public boolean write(String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return port.writeBytes(b, b.length) == b.length;
  }

  /** What was answered within the wait: empty when nothing came or the cable is gone. */
  public String answer() {
    byte[] answer = new byte[16];
    int n = port.readBytes(answer, answer.length);
    return n <= 0 ? "" : new String(answer, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** Writes a line and returns what was answered within the wait (empty when nothing). */
  public String send(String line) {
    write(line);
    return answer();
  }

  /**
   * What a panel does: resend until the expected answer comes (a few tries, then the test fails).
   */
  public void sendUntilAnswered(String line, String expected) {
    for (int attempt = 0; attempt < 5; attempt++) {
      if (send(line).equals(expected)) {
        return;
      }
    }
    throw new AssertionError("no answer " + expected + " for " + line.strip() + " after 5 tries");
  }

  /**
   * Writes a DC-09 frame and returns the answer frame (LF … CR); fails the test when none comes
   * within the wait.
   */
  public byte[] sendFrame(byte[] frame) {
    port.writeBytes(frame, frame.length);
    try {
      byte[] answer = new Dc09FrameInput(port.getInputStream()).next();
      if (answer != null) {
        return answer;
      }
    } catch (IOException e) {
      throw new AssertionError(
          "no DC-09 answer on " + port.getSystemPortPath() + ": " + e.getMessage(), e);
    }
    throw new AssertionError(
        "no DC-09 answer on " + port.getSystemPortPath() + ": the port closed");
  }

  @Override
  public void close() {
    port.closePort();
  }
}
