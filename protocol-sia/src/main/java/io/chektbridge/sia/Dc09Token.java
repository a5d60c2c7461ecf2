package io.chektbridge.sia;

/** The DC-09 id token between the quotes, without the leading {@code *} of encrypted frames. */
public enum Dc09Token {
  SIA_DCS("SIA-DCS"),
  ADM_CID("ADM-CID"),
  NULL("NULL"),
  ACK("ACK"),
  NAK("NAK"),
  DUH("DUH"),
  RSP("RSP");

  private final String wire;

  Dc09Token(String wire) {
    this.wire = wire;
  }

  /** The token as written on the wire, e.g. {@code SIA-DCS}. */
  public String wire() {
    return wire;
  }

  /** The token for its wire text (without {@code *}), or null when it is not one we know. */
  static Dc09Token fromWire(CharSequence text) {
    for (Dc09Token t : values()) {
      if (t.wire.contentEquals(text)) {
        return t;
      }
    }
    return null;
  }

  /** True for tokens a panel sends to a receiver (the rest are answers). */
  public boolean isRequest() {
    return this == SIA_DCS || this == ADM_CID || this == NULL;
  }
}
