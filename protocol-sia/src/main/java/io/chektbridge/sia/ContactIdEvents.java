package io.chektbridge.sia;

import io.chektbridge.contactid.ContactIdEventCode;
import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdParseException;
import io.chektbridge.contactid.ContactIdParser;
import java.time.Instant;
import java.util.List;

/**
 * Contact ID messages as {@link AlarmEvent}s: the ADM-CID payload of a DC-09 frame, and the lines
 * the serial reader gets, map to the same event type as SIA DC-03 data.
 */
public final class ContactIdEvents {
  private ContactIdEvents() {}

  /** One decoded Contact ID message as an event; zero partition/number fields become null. */
  public static AlarmEvent toAlarmEvent(
      ContactIdMessage message, Instant time, List<String> videoUrls, String text) {
    ContactIdEventCode code = message.code();
    AlarmEvent.Qualifier qualifier =
        switch (message.qualifier()) {
          case NEW_EVENT -> AlarmEvent.Qualifier.EVENT;
          case RESTORE -> AlarmEvent.Qualifier.RESTORE;
          case STATUS -> AlarmEvent.Qualifier.STATUS;
        };
    Integer number = message.number() == 0 ? null : message.number();
    boolean user = message.numberIsUser();
    return new AlarmEvent(
        message.account(),
        AlarmEvent.PayloadFormat.CONTACT_ID,
        qualifier,
        message.eventCodeText(),
        code.siaCode(message.qualifier()),
        message.partition() == 0 ? null : message.partition(),
        user ? null : number,
        user ? number : null,
        text,
        time,
        videoUrls,
        code.description(),
        code.category().wireName());
  }

  /** The {@code QXYZ GG CCC} payload of an ADM-CID frame. */
  static List<AlarmEvent> admCid(
      String account, String payload, Instant time, List<String> videoUrls, String text)
      throws Dc09Exception {
    try {
      return List.of(
          toAlarmEvent(
              ContactIdParser.parseAdmCidPayload(account, payload), time, videoUrls, text));
    } catch (ContactIdParseException e) {
      Dc09Error error =
          Dc09Error.BAD_CHECKSUM.code().equals(e.error().code())
              ? Dc09Error.BAD_CHECKSUM
              : Dc09Error.MALFORMED;
      throw new Dc09Exception(error, "ADM-CID payload '" + payload + "': " + e.getMessage());
    }
  }
}
