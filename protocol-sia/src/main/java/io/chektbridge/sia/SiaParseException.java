package io.chektbridge.sia;

/** A SIA DC-03 data block that cannot be read, with the position and what was expected. */
public final class SiaParseException extends Exception {
  private final int position;

  public SiaParseException(String message, int position) {
    super(message + " (at character " + position + ")", null, false, false);
    this.position = position;
  }

  public int position() {
    return position;
  }
}
