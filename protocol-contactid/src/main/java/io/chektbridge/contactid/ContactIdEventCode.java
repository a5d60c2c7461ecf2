package io.chektbridge.contactid;

/**
 * One row of the DC-05 event-code table.
 *
 * @param code the event code as written, e.g. 130 (always three decimal digits on the wire)
 * @param description what the standard calls it
 * @param category broad class
 * @param siaEvent the SIA DC-03 code for a new event / opening (E130 → BA, E401 → OP), or null
 * @param siaRestore the SIA DC-03 code for a restore / closing (R130 → BR, R401 → CL), or null
 * @param numberKind whether CCC is a zone or a user number
 */
public record ContactIdEventCode(
    int code,
    String description,
    ContactIdCategory category,
    String siaEvent,
    String siaRestore,
    NumberKind numberKind) {

  /** The SIA code for a message with this qualifier, or null when the table has none. */
  public String siaCode(ContactIdQualifier qualifier) {
    return qualifier == ContactIdQualifier.RESTORE ? siaRestore : siaEvent;
  }
}
