package io.chektbridge.daemon.testing;

import io.chektbridge.sia.Dc09Answer;
import io.chektbridge.sia.Dc09Exception;
import io.chektbridge.sia.Dc09Token;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * A test panel on one loopback DC-09 connection that sends a SIA frame and reads its answer before
 * the next.
 */
public final class LockStepPanel implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public LockStepPanel(int port, Duration answerTimeout) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) answerTimeout.toMillis());
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  /** Writes one plaintext SIA-DCS frame stamped now, sequence {@code sequence % 10000}. */
  public void send(String account, int sequence, String payload) throws IOException {
    out.write(
        PanelSocket.frame(
            Dc09Token.SIA_DCS, account, String.format("%04d", sequence % 10000), payload));
    out.flush();
  }

  /** The answer to the last frame sent; null when the receiver closed the connection. */
  public Dc09Answer answer() throws IOException, Dc09Exception {
    byte[] frame = PanelSocket.readFrame(in);
    return frame == null ? null : PanelSocket.answer(frame);
  }

  /** {@link #send} then {@link #answer}. */
  public Dc09Answer exchange(String account, int sequence, String payload)
      throws IOException, Dc09Exception {
    send(account, sequence, payload);
    return answer();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
