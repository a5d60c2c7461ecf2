package io.chektbridge.sia;

import java.util.List;

/**
 * The outcome of decoding one received frame: what it said and what to answer.
 *
 * @param valid true when the frame was verified and its events may be stored then ACKed
 * @param frame the parsed frame, or null when it could not be parsed far enough
 * @param events the events it carries (empty for NULL and for invalid frames)
 * @param response what to answer
 * @param responseBytes the complete answer LF…CR, or null for {@link Dc09Response#NONE}
 * @param error null when valid, else why not (its {@link Dc09Error#code()} names it in logs and
 *     JSON)
 * @param detail human detail for the log line (which field, what was expected); null when valid
 */
public record Dc09Result(
    boolean valid,
    Dc09Frame frame,
    List<AlarmEvent> events,
    Dc09Response response,
    byte[] responseBytes,
    Dc09Error error,
    String detail) {

  public Dc09Result {
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** The error's stable snake_case code, or null when valid. */
  public String errorCode() {
    return error == null ? null : error.code();
  }

  public Dc09Result(
      boolean valid,
      Dc09Frame frame,
      List<AlarmEvent> events,
      Dc09Response response,
      byte[] responseBytes,
      Dc09Error error) {
    this(valid, frame, events, response, responseBytes, error, null);
  }
}
