package io.chektbridge.contactid;

import java.util.Objects;

/**
 * One Contact ID message: {@code ACCT MT Q XYZ GG CCC}. The checksum is not kept: it is a property of
 * the wire form, recomputed by {@link ContactIdFormatter}.
 *
 * @param account     3 to 10 characters of 0-9 and B-F, as sent (4 in the DTMF form)
 * @param messageType 18 (preferred) or 98
 * @param qualifier   new event / restore / status
 * @param eventCode   XYZ as a number; the standard's codes are decimal (130, 401, 602)
 * @param partition   GG, 0 when none
 * @param number      CCC, a zone or a user number as {@link #numberIsUser()} says, 0 when none
 */
public record ContactIdMessage(
    String account, int messageType, ContactIdQualifier qualifier, int eventCode, int partition, int number) {

  public ContactIdMessage {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(qualifier, "qualifier");
    if (messageType != 18 && messageType != 98) {
      throw new IllegalArgumentException("message type must be 18 or 98, not " + messageType);
    }
    if (eventCode < 0 || eventCode > 999 || partition < 0 || partition > 99 || number < 0 || number > 999) {
      throw new IllegalArgumentException("event code 0-999, partition 0-99, number 0-999");
    }
  }

  /** The table row of this message's event code (an "unknown" row for codes the table lacks). */
  public ContactIdEventCode code() {
    return ContactIdEventCodes.lookup(eventCode);
  }

  /** True when CCC is a user number (openings/closings, access, duress...), false for a zone. */
  public boolean numberIsUser() {
    return code().numberKind() == NumberKind.USER;
  }

  /** The event code as its three wire digits: "130", "061". */
  public String eventCodeText() {
    return ContactIdFormatter.digits(eventCode, 3);
  }

  /** "E130", "R401": qualifier letter and event code, the notation installers and the cloud use. */
  public String notation() {
    return qualifier.letter() + eventCodeText();
  }
}
