package io.chektbridge.sia;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One panel event as the daemon consumes it, whatever the wire format: a Contact ID event carried
 * in {@code ADM-CID} or on a serial line, or one SIA DC-03 event out of a {@code SIA-DCS} data
 * block.
 *
 * <p>Both code forms are kept so the cloud and the installer see the code the panel really sent
 * ({@code cidCode} for Contact ID, {@code siaCode} for DC-03) next to its counterpart from the
 * mapping table, where one exists.
 *
 * @param account the account (subscriber) number the event belongs to, as sent (hex digits kept)
 * @param format which payload format carried the event
 * @param qualifier event / restore / still-present, in Contact ID's letter form
 * @param cidCode three-digit Contact ID event code ("130"), or null when none maps
 * @param siaCode two-letter SIA code ("BA"), or null when none maps
 * @param partition partition / group / area number, or null when the event names none
 * @param zone zone number, or null when the number is a user or an area (or absent)
 * @param user user number, or null when the event names no user
 * @param text free text that came with the event (zone name, {@code |A} block, {@code [I..]}), or
 *     null
 * @param panelTime when the panel says the event happened (UTC), or null when it did not say
 * @param videoUrls verification photo/video URLs ({@code [V..]} extended data); empty when none
 * @param description human description from the code table ("Burglary")
 * @param category code-table category in snake_case ("alarm", "trouble", "opening_closing",
 *     "unknown", ...)
 */
public record AlarmEvent(
    String account,
    PayloadFormat format,
    Qualifier qualifier,
    String cidCode,
    String siaCode,
    Integer partition,
    Integer zone,
    Integer user,
    String text,
    Instant panelTime,
    List<String> videoUrls,
    String description,
    String category) {

  public AlarmEvent {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(qualifier, "qualifier");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(category, "category");
    videoUrls = videoUrls == null ? List.of() : List.copyOf(videoUrls);
  }

  /** True for a restore (Contact ID qualifier 3, or a SIA restore code such as BR). */
  public boolean restore() {
    return qualifier == Qualifier.RESTORE;
  }

  /** Which payload carried the event. */
  public enum PayloadFormat {
    CONTACT_ID,
    SIA_DC03
  }

  /** Contact ID's qualifier, used for SIA events too (SIA restore codes map to RESTORE). */
  public enum Qualifier {
    /** Contact ID 1: new event, or an opening (disarm). */
    EVENT('E'),
    /** Contact ID 3: restore, or a closing (arm). */
    RESTORE('R'),
    /** Contact ID 6: previously reported condition still present. */
    STATUS('P');

    private final char letter;

    Qualifier(char letter) {
      this.letter = letter;
    }

    /** The letter used in "CID E130" notation and in the cloud's {@code codes.cid}. */
    public char letter() {
      return letter;
    }
  }
}
