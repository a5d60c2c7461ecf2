package io.chektbridge.daemon.link.serial;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A two-wire RS-485 bus as the bridge's adapter sees it when its receiver stays on while sending:
 * socat gives the bridge a pseudo-terminal and hands the test its other side as a pipe; everything the
 * bridge writes comes straight back to it (the echo) and is also heard by the panel.
 */
final class EchoingBus implements AutoCloseable {
  final Path bridgeEnd;
  private final Process socat;
  private final OutputStream toBridge;
  private final BlockingQueue<Byte> heardByPanel = new LinkedBlockingQueue<>();
  private final Thread pump;

  EchoingBus(Path dir) throws IOException {
    bridgeEnd = dir.resolve("rs485-tty");
    socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + bridgeEnd, "STDIO")
        .redirectError(dir.resolve("socat-bus.log").toFile())
        .start();
    toBridge = socat.getOutputStream();
    pump = new Thread(this::echo, "rs485-bus");
    pump.setDaemon(true);
    pump.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(bridgeEnd));
  }

  private void echo() {
    byte[] b = new byte[256];
    try (InputStream fromBridge = socat.getInputStream()) {
      int n;
      while ((n = fromBridge.read(b)) > 0) {
        write(b, n);
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

  /** The panel sends a line and returns what it heard from the bridge within {@code wait} (empty if nothing). */
  String panelSends(String line, Duration wait) throws IOException, InterruptedException {
    byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
    write(bytes, bytes.length);
    StringBuilder heard = new StringBuilder();
    Byte first = heardByPanel.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (first != null) {
      heard.append((char) (first & 0xFF));
      for (Byte more = heardByPanel.poll(50, TimeUnit.MILLISECONDS); more != null;
          more = heardByPanel.poll(50, TimeUnit.MILLISECONDS)) {
        heard.append((char) (more & 0xFF));
      }
    }
    return heard.toString();
  }

  @Override
  public void close() throws InterruptedException {
    socat.destroy();
    socat.waitFor(10, TimeUnit.SECONDS);
  }
}
