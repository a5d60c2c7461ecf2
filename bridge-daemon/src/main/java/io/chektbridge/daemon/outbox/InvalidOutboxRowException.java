package io.chektbridge.daemon.outbox;

/**
 * An outbox row that breaks the cloud contract (the CHeKT API contract §4.1 / §5) and so is never
 * sent: a non-UTC timestamp, a user-driven change without user, a PIN in the body, an unknown
 * state. It goes to the dead-letter state with this message, which names the field.
 */
public final class InvalidOutboxRowException extends Exception {
  public InvalidOutboxRowException(String message) {
    super(message);
  }
}
