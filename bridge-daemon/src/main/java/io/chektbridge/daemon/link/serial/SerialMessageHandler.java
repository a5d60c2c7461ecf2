package io.chektbridge.daemon.link.serial;

import java.util.function.Consumer;

/** What a serial link does with one message: journal it, then answer the sender through {@code answer}. */
interface SerialMessageHandler {
  void handle(byte[] message, String link, String port, Consumer<byte[]> answer);
}
