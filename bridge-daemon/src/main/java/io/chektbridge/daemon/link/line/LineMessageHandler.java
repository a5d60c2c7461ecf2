package io.chektbridge.daemon.link.line;

import java.util.function.Consumer;

/**
 * What a panel line does with one message: journal it, then answer the sender through {@code
 * answer}.
 */
interface LineMessageHandler {
  void handle(byte[] message, String link, String port, Consumer<byte[]> answer);
}
