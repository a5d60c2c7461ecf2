package io.chektbridge.daemon.link.serial;

import com.fazecast.jSerialComm.SerialPort;
import io.chektbridge.daemon.config.BridgeConfig;

/** A serial link's configuration as jSerialComm settings, applied before the port opens. */
final class SerialPortSettings {
  static final int READ_TIMEOUT_MS = 250;
  static final int WRITE_TIMEOUT_MS = 1000;

  private SerialPortSettings() {}

  static void apply(SerialPort port, BridgeConfig.SerialLink c) {
    port.setComPortParameters(c.baud(), c.dataBits(), stopBits(c), parity(c));
    port.setComPortTimeouts(
        SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
        READ_TIMEOUT_MS,
        WRITE_TIMEOUT_MS);
    if (c.rs485()) {
      // The kernel's RS-485 mode drives RTS as the transceiver's transmit enable around each write;
      // receiving during transmit stays off where the driver can do it, the EchoFilter covers the
      // rest.
      port.setRs485ModeParameters(
          true,
          c.rs485RtsActiveHigh(),
          false,
          false,
          micros(c.rs485DelayBeforeSend()),
          micros(c.rs485DelayAfterSend()));
    }
  }

  private static int micros(java.time.Duration d) {
    return (int) (d.toNanos() / 1000);
  }

  private static int stopBits(BridgeConfig.SerialLink c) {
    return c.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
  }

  private static int parity(BridgeConfig.SerialLink c) {
    return switch (c.parity()) {
      case NONE -> SerialPort.NO_PARITY;
      case ODD -> SerialPort.ODD_PARITY;
      case EVEN -> SerialPort.EVEN_PARITY;
      case MARK -> SerialPort.MARK_PARITY;
      case SPACE -> SerialPort.SPACE_PARITY;
    };
  }
}
