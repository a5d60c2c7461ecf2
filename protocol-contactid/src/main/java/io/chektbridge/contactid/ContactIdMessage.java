package io.chektbridge.contactid;

import java.util.Objects;

/**
 * One Contact ID message: {@code ACCT MT Q XYZ GG CCC}. The check digit is not kept: it belongs to
 * the 16-digit wire form and {@link ContactIdFormatter} recomputes it.
 *
 * <p>XYZ, GG and CCC are held as the decimal numbers their digits spell (event code 130, partition
 * 1, zone 15): every code the standard defines is decimal. DC-05 allows the digits B-F in XYZ too,
 * and real panels send them (an ADM-CID capture carries {@code 1b12 00 001}); such a code is an
 * unknown but well-formed event that must still be stored and delivered, so it is kept as {@link
 * #HEX_CODE_BASE} + its hex value (B12 → 1000 + 0xB12), which no decimal code can equal, and {@link
 * #eventCodeText()} gives the wire digits back. B-F in GG or CCC has no meaning anywhere downstream
 * and is refused by name ({@link ContactIdError#NON_DIGIT}).
 *
 * @param account 1 to 16 hex characters as sent: 4 of 0-9/B-F in the DTMF form, 10 on a Sur-Gard
 *     extended-account line, the DC-09 frame's account for ADM-CID
 * @param messageType 18 (preferred) or 98
 * @param qualifier new event or opening / restore or closing / still present
 * @param eventCode XYZ: 0-999 for decimal digits (the table codes are 100-799), or {@link
 *     #HEX_CODE_BASE} + value when XYZ holds B-F
 * @param partition GG, 0-99, 0 when none
 * @param number CCC, 0-999, a zone or a user as {@link #numberIsUser()} says, 0 when none
 */
public record ContactIdMessage(
    String account,
    int messageType,
    ContactIdQualifier qualifier,
    int eventCode,
    int partition,
    int number) {

  /** Where event codes written with hex digits B-F start; see the class comment. */
  public static final int HEX_CODE_BASE = 1000;

  public ContactIdMessage {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(qualifier, "qualifier");
    if (!isHexAccount(account)) {
      throw new IllegalArgumentException(
          "account must be 1-16 hex characters, not '" + account + "'");
    }
    if (messageType != 18 && messageType != 98) {
      throw new IllegalArgumentException("message type must be 18 or 98, not " + messageType);
    }
    if (!isEventCode(eventCode) || partition < 0 || partition > 99 || number < 0 || number > 999) {
      throw new IllegalArgumentException(
          "event code 0-999 (or a hex form), partition 0-99, number 0-999; got "
              + eventCode
              + ", "
              + partition
              + ", "
              + number);
    }
  }

  /** The table row of this message's event code (an "unknown" row for codes the table lacks). */
  public ContactIdEventCode code() {
    return ContactIdEventCodes.lookup(eventCode);
  }

  /** What CCC carries for this event code. */
  public NumberKind numberKind() {
    return code().numberKind();
  }

  /** True when CCC is a user number (openings/closings, access, duress...), false for a zone. */
  public boolean numberIsUser() {
    return numberKind() == NumberKind.USER;
  }

  /** The event code as its three wire digits: "130", "061", "B12". */
  public String eventCodeText() {
    return eventCodeText(eventCode);
  }

  /** The three wire digits of an event code as {@link #eventCode()} holds it. */
  static String eventCodeText(int eventCode) {
    if (eventCode < HEX_CODE_BASE) {
      return ContactIdFormatter.digits(eventCode, 3);
    }
    int v = eventCode - HEX_CODE_BASE;
    char[] text = new char[3];
    for (int i = 2; i >= 0; i--, v >>= 4) {
      text[i] = Character.toUpperCase(Character.forDigit(v & 0xF, 16));
    }
    return new String(text);
  }

  /**
   * 0-999, or the hex form of three digits of 0-9/B-F with at least one of B-F (so each code has
   * one form).
   */
  static boolean isEventCode(int eventCode) {
    if (eventCode >= 0 && eventCode < HEX_CODE_BASE) {
      return true;
    }
    int v = eventCode - HEX_CODE_BASE;
    if (v < 0 || v > 0xFFF) {
      return false;
    }
    boolean hasHex = false;
    for (int i = 0; i < 3; i++, v >>= 4) {
      int digit = v & 0xF;
      if (digit == 0xA) {
        return false;
      }
      hasHex |= digit > 9;
    }
    return hasHex;
  }

  /**
   * "E130", "R401": qualifier letter and event code, the notation installers and {@code event_map}
   * use.
   */
  public String notation() {
    return qualifier.letter() + eventCodeText();
  }

  /** 1-16 hex digits, either case: an account as Contact ID and DC-09 carry it. */
  public static boolean isHexAccount(CharSequence account) {
    int n = account.length();
    if (n < 1 || n > 16) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = account.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
      if (!hex) {
        return false;
      }
    }
    return true;
  }
}
