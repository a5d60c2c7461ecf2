package io.chektbridge.sia;

import io.chektbridge.contactid.ContactIdMessage;

/**
 * A data block's optional account prefix and its payload: {@code #1234|Nri1/BA01} (the DC-07
 * convention), {@code |Nri1/BA01} (an empty account), and for Contact ID also {@code 10064|1602 00
 * 000} without the {@code #} (OPAX, PROSEC and Hikvision communicators send it so). The bare form
 * is recognised only where the payload can never hold a {@code |} itself (a Contact ID event {@code
 * QXYZ GG CCC}); in SIA data a {@code |} separates blocks.
 *
 * @param account the account the block names, or null when it names none
 * @param payload what follows the prefix: the DC-03 blocks or the Contact ID digits; "" when empty
 */
record Dc09DataBlock(String account, String payload) {

  /**
   * Splits {@code data}; {@code bareAccountAllowed} for payloads that cannot contain a {@code |}.
   */
  static Dc09DataBlock split(String data, boolean bareAccountAllowed) {
    int bar = data.indexOf('|');
    if (data.startsWith("#")) {
      String account = bar < 0 ? data.substring(1) : data.substring(1, bar);
      return new Dc09DataBlock(
          account.isEmpty() ? null : account, bar < 0 ? "" : data.substring(bar + 1));
    }
    if (bar == 0) {
      return new Dc09DataBlock(null, data.substring(1));
    }
    if (bar > 0 && bareAccountAllowed && ContactIdMessage.isHexAccount(data.substring(0, bar))) {
      return new Dc09DataBlock(data.substring(0, bar), data.substring(bar + 1));
    }
    return new Dc09DataBlock(null, data);
  }

  /** The data block of a frame with this token. */
  static Dc09DataBlock of(Dc09Token token, String data) {
    return split(data, token == Dc09Token.ADM_CID);
  }
}
