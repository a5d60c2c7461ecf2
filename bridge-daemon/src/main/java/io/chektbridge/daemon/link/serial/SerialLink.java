package io.chektbridge.daemon.link.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.link.LinkOutages;
import io.chektbridge.daemon.link.LogThrottle;
import io.chektbridge.daemon.link.line.Backoff;
import io.chektbridge.daemon.link.line.PanelLineProtocol;
import io.chektbridge.daemon.ops.Metrics;
import io.chektbridge.daemon.threads.DaemonThreads;
import io.chektbridge.daemon.time.HostClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One panel on a serial / RS-485 port. A thread of its own opens the port, reads it and hands each
 * message to the framing's handler; answers are written by a second thread so neither the journal
 * nor the reader ever waits on the port. The port may be absent at start, unplugged and plugged
 * back: jSerialComm keeps {@code isOpen()} true after an unplug, so a disconnect is taken from its
 * disconnect event or from a read that fails, the port is closed, and it is reopened with a backoff
 * that doubles up to a cap. A message cut by the unplug is dropped with the old connection; the
 * panel got no answer for it and resends. In RS-485 mode the echo of our own answers is filtered
 * out.
 */
public final class SerialLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SerialLink.class);

  /** Beyond the answer's transmit time, how long its echo may take to come back from the bus. */
  private static final Duration ECHO_MARGIN = Duration.ofMillis(200);

  private final BridgeConfig.SerialLink config;
  private final PanelLineProtocol protocol;
  private final Backoff backoff;
  private final LinkOutages outages;
  private final HostClock clock;
  private final String link;
  private final LogThrottle throttle;
  private final LongAdder reconnects;
  private final EchoFilter echo;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final ExecutorService writer;
  private final Thread reader;
  private volatile SerialPort open;
  private volatile boolean disconnected;
  private volatile Instant since;

  /** Why the port cannot be opened now; null while open or before the first try. */
  private volatile String error;

  SerialLink(
      BridgeConfig.SerialLink config,
      PanelLineProtocol protocol,
      Backoff backoff,
      LinkOutages outages,
      Metrics metrics,
      HostClock clock) {
    this.config = config;
    this.protocol = protocol;
    this.backoff = backoff;
    this.outages = outages;
    this.clock = clock;
    this.link = protocol.settings().link();
    this.throttle = new LogThrottle(clock, Duration.ofMinutes(10));
    this.echo = config.rs485() ? new EchoFilter(clock) : null;
    String port = Metrics.label("port", config.port());
    this.reconnects =
        metrics.counter(
            "chekt_bridge_serial_reconnects_total",
            "Times a serial port was lost (unplugged, failed read) and is being reopened",
            port);
    metrics.gauge(
        "chekt_bridge_serial_connected",
        "1 while the serial port is open",
        port,
        () -> open == null ? 0 : 1);
    this.writer = DaemonThreads.single(link + "-writer");
    this.reader =
        DaemonThreads.named(() -> backoff.retryUntilClosed(closed, this::openAndRead), link);
  }

  /**
   * Starts reading in the background; returns at once, whether or not the port can be opened now.
   */
  public SerialLink start() {
    LOG.info(
        "Serial link on {}: {} baud {}{}{}, framing {}{}",
        config.port(),
        config.baud(),
        config.dataBits(),
        Character.toUpperCase(config.parity().wireName().charAt(0)),
        config.stopBits(),
        config.framing().wireName(),
        config.rs485() ? ", RS-485" : "");
    reader.start();
    return this;
  }

  public boolean connected() {
    return open != null;
  }

  /** This link in the {@code serial} section of {@code /status}. */
  public Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("port", config.port());
    m.put("framing", config.framing().wireName());
    m.put("connected", connected());
    m.put("state", connected() ? "open" : error != null ? "cannot open" : "opening");
    m.put("error", error);
    m.put("since", since == null ? null : since.toString());
    m.put("rs485", config.rs485());
    m.put("messages", protocol.messages());
    m.put("reconnects", reconnects.sum());
    return m;
  }

  /** Reads the port until it is lost or the link closes; false when it cannot be opened. */
  private boolean openAndRead() {
    SerialPort port = openPort();
    if (port == null) {
      return false;
    }
    read(port);
    release(port);
    if (closed.getCount() > 0) {
      reconnects.increment();
      LOG.warn(
          "Serial port {} disconnected (unplugged or the adapter failed); reopening it. Check the cable and "
              + "the USB adapter if this repeats",
          config.port());
    }
    return true;
  }

  private SerialPort openPort() {
    SerialPort port;
    try {
      port = SerialPort.getCommPort(config.port());
    } catch (RuntimeException e) {
      cannotOpen("no such device (" + e.getMessage() + ")");
      return null;
    }
    SerialPortSettings.apply(port, config);
    if (!port.openPort()) {
      cannotOpen(reason(port.getLastErrorCode()));
      return null;
    }
    disconnected = false;
    port.addDataListener(new DisconnectListener());
    open = port;
    error = null;
    outages.up(name());
    since = clock.instant();
    LOG.info("Serial port {} open ({})", config.port(), port.getSystemPortPath());
    return port;
  }

  /** jSerialComm's last error is the errno of open(2); the common ones in installer words. */
  private static String reason(int errno) {
    return switch (errno) {
      case 2 -> "no such device";
      case 13 -> "permission denied (is the service user in the dialout group?)";
      case 16 -> "busy: another program has it open";
      default -> "error " + errno;
    };
  }

  /** How this link is named in the PANEL_LINK_DOWN alert. */
  private String name() {
    return "serial port " + config.port();
  }

  private void cannotOpen(String why) {
    since = since == null ? clock.instant() : since;
    error = why;
    outages.down(
        name(), why + "; is the adapter plugged in and the path right (ls /dev/serial/by-id/)?");
    if (throttle.shouldLog("open")) {
      LOG.warn(
          "Cannot open serial port {}: {}. Is the adapter plugged in, the path right (ls /dev/serial/by-id/), "
              + "and the service user in the dialout group? Retrying with backoff up to {}",
          config.port(),
          why,
          backoff.max());
    }
  }

  private void read(SerialPort port) {
    PanelLineProtocol.Session session =
        protocol.open(config.port(), answer -> writer.execute(() -> write(port, answer)));
    byte[] buffer = new byte[1024];
    byte[] heard = echo == null ? null : new byte[EchoFilter.maxOutput(buffer.length)];
    while (closed.getCount() > 0 && !disconnected) {
      int n = port.readBytes(buffer, buffer.length);
      if (n < 0) {
        return;
      }
      if (echo == null) {
        session.feed(buffer, n);
      } else {
        session.feed(heard, echo.filter(buffer, n, heard));
      }
    }
  }

  private void write(SerialPort port, byte[] answer) {
    if (echo != null) {
      echo.expect(answer, transmitTime(answer.length).plus(ECHO_MARGIN));
    }
    if (open != port || port.writeBytes(answer, answer.length) != answer.length) {
      LOG.debug(
          "Serial port {}: answer not written (port gone); the panel will resend", config.port());
    }
  }

  /** About ten bit times per byte (start, data, parity, stop). */
  private Duration transmitTime(int bytes) {
    return Duration.ofNanos(bytes * 10L * 1_000_000_000L / config.baud());
  }

  /** The open port, for tests that check what jSerialComm was told; null while closed. */
  SerialPort currentPort() {
    return open;
  }

  private void release(SerialPort port) {
    open = null;
    since = clock.instant();
    port.removeDataListener();
    port.closePort();
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.shutdown();
  }

  /** jSerialComm's unplug notice; the reader sees it at its next read timeout at the latest. */
  private final class DisconnectListener implements SerialPortDataListener {
    @Override
    public int getListeningEvents() {
      return SerialPort.LISTENING_EVENT_PORT_DISCONNECTED;
    }

    @Override
    public void serialEvent(SerialPortEvent event) {
      if (event.getEventType() == SerialPort.LISTENING_EVENT_PORT_DISCONNECTED) {
        disconnected = true;
      }
    }
  }
}
