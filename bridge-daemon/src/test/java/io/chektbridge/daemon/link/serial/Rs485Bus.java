package io.chektbridge.daemon.link.serial;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A two-wire RS-485 bus between the bridge and one panel, on a socat pty pair ({@link PtyPair}):
 * the bridge opens one end as its adapter, the test plays the panel on the other. An adapter that
 * keeps its receiver on while sending hears its own answers: on an {@link #echoing} bus every byte
 * the bridge writes is copied straight back into the bridge's input, before the panel hears it (on
 * the wire the echo is simultaneous, so it always comes before the panel's next message). On a
 * {@link #quiet} bus the adapter switches its receiver off while sending and only the panel hears
 * the answer.
 */
final class Rs485Bus implements AutoCloseable {
  /**
   * How long the bus must stay silent before a stream of heard bytes counts as one whole answer.
   */
  private static final long QUIET_MS = 50;

  final Path bridgeEnd;
  private final PtyPair pty;
  private final boolean echoes;
  private final FileOutputStream toBridge;
  private final FileInputStream fromBridge;
  private final BlockingQueue<Byte> heardByPanel = new LinkedBlockingQueue<>();
  private final AtomicLong echoed = new AtomicLong();
  private final Thread pump;

  private Rs485Bus(Path dir, boolean echoes) throws IOException {
    this.pty = new PtyPair(dir).plugIn();
    this.bridgeEnd = pty.bridgeEnd;
    this.echoes = echoes;
    // socat made the panel end raw without echo, so the bytes pass as they are (no CR to LF)
    this.toBridge = new FileOutputStream(pty.panelEnd.toFile());
    this.fromBridge = new FileInputStream(pty.panelEnd.toFile());
    this.pump = new Thread(this::listen, "rs485-bus");
    pump.setDaemon(true);
    pump.start();
  }

  static Rs485Bus echoing(Path dir) throws IOException {
    return new Rs485Bus(dir, true);
  }

  static Rs485Bus quiet(Path dir) throws IOException {
    return new Rs485Bus(dir, false);
  }

  private void listen() {
    byte[] b = new byte[256];
    try (InputStream in = fromBridge) {
      int n;
      while ((n = in.read(b)) > 0) {
        if (echoes) {
          write(b, n);
          echoed.addAndGet(n);
        }
        for (int i = 0; i < n; i++) {
          heardByPanel.add(b[i]);
        }
      }
    } catch (IOException e) {
      // socat stopped: the bus is gone
    }
  }

  private synchronized void write(byte[] b, int n) throws IOException {
    toBridge.write(b, 0, n);
    toBridge.flush();
  }

  /**
   * The panel sends a line and returns what it heard from the bridge within {@code wait} (empty if
   * nothing).
   */
  String panelSends(String line, Duration wait) throws IOException, InterruptedException {
    byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
    write(bytes, bytes.length);
    StringBuilder heard = new StringBuilder();
    Byte first = heardByPanel.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    for (Byte b = first; b != null; b = heardByPanel.poll(QUIET_MS, TimeUnit.MILLISECONDS)) {
      heard.append((char) (b & 0xFF));
    }
    return heard.toString();
  }

  /**
   * The panel sends a DC-09 frame and returns what it heard up to the first CR (a whole answer
   * frame when all is well), or what came before {@code wait} ran out. Nothing heard is skipped, so
   * an answer preceded by stray bytes fails to decode.
   */
  byte[] panelSendsFrame(byte[] frame, Duration wait) throws IOException, InterruptedException {
    write(frame, frame.length);
    ByteArrayOutputStream heard = new ByteArrayOutputStream();
    long deadline = System.nanoTime() + wait.toNanos();
    for (Byte b = heardByPanel.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        b != null;
        b = heardByPanel.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
      heard.write(b);
      if (b == '\r') {
        break;
      }
    }
    return heard.toByteArray();
  }

  /**
   * Bytes the panel heard but no {@code panelSends...} call has read: an answer nobody asked for.
   */
  int unread() {
    return heardByPanel.size();
  }

  /**
   * Bytes copied back into the bridge's input: every byte it wrote on an echoing bus, none on a
   * quiet one.
   */
  long echoed() {
    return echoed.get();
  }

  @Override
  public void close() throws Exception {
    pty.close();
    pump.join(TimeUnit.SECONDS.toMillis(5));
    toBridge.close();
  }
}
