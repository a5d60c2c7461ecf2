package io.chektbridge.sia;

import java.util.List;

/**
 * Turns a verified frame's payload into events. A payload we cannot read is still a message the
 * panel delivered: SIA data is kept raw as one "unknown" event and ACKed (a DUH makes panels retry
 * forever, pysiaalarm#61); only a Contact ID payload that fails its own checks is refused.
 */
final class Dc09PayloadDecoder {
  static final String UNREADABLE_SIA = "Unreadable SIA data (kept raw)";

  private Dc09PayloadDecoder() {}

  static List<AlarmEvent> events(Dc09Frame frame) throws Dc09Exception {
    String account = frame.effectiveAccount() == null ? "" : frame.effectiveAccount();
    List<String> videoUrls = videoUrls(frame);
    List<String> texts = frame.extended('I');
    String text = texts.isEmpty() ? null : String.join(" ", texts);
    return switch (frame.token()) {
      case SIA_DCS -> siaEvents(account, frame, videoUrls, text);
      case ADM_CID ->
          ContactIdEvents.admCid(account, frame.payload(), frame.timestamp(), videoUrls, text);
      default -> List.of();
    };
  }

  private static List<AlarmEvent> siaEvents(
      String account, Dc09Frame frame, List<String> videoUrls, String text) {
    String payload = frame.payload();
    if (payload.isEmpty()) {
      return List.of();
    }
    try {
      return SiaDataParser.parse(account, payload, frame.timestamp(), videoUrls, text);
    } catch (SiaParseException e) {
      return List.of(
          new AlarmEvent(
              account,
              AlarmEvent.PayloadFormat.SIA_DC03,
              AlarmEvent.Qualifier.EVENT,
              null,
              null,
              null,
              null,
              null,
              payload,
              frame.timestamp(),
              videoUrls,
              UNREADABLE_SIA,
              SiaCode.UNKNOWN_CATEGORY));
    }
  }

  /** {@code [V..]} holds one or more comma-separated URLs (Ajax, nielsfaber/alarmo#924). */
  private static List<String> videoUrls(Dc09Frame frame) {
    List<String> blocks = frame.extended('V');
    if (blocks.isEmpty()) {
      return List.of();
    }
    return blocks.stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
