package io.chektbridge.daemon.journal;

/**
 * The journal could not take a message (queue full, storage error, shutting down). The link must
 * not acknowledge: the panel keeps the event and sends it again.
 */
public final class JournalUnavailableException extends Exception {
  public JournalUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
