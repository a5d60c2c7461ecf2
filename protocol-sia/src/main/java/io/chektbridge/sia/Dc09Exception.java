package io.chektbridge.sia;

/** A DC-09 frame or answer that cannot be accepted, with the named reason. */
public final class Dc09Exception extends Exception {
  private final Dc09Error error;

  public Dc09Exception(Dc09Error error, String message) {
    super(error.code() + ": " + message, null, false, false);
    this.error = error;
  }

  public Dc09Error error() {
    return error;
  }
}
