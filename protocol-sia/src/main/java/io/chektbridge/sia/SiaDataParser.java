package io.chektbridge.sia;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SIA DC-03 data blocks ({@code Nri1/BA01}, {@code Nti19:44/id1/RP}, {@code
 * Nri2BA3|Oti12:00/TA03}, {@code Nri1CL0^VX FRONTE ^}, {@code |A<text>}) into events.
 *
 * <p>Modifiers ({@code ri} area, {@code id} user, {@code ti} time, {@code da} date) hold until
 * changed within a block; {@code /} between items is optional. Whether the number after a code is a
 * zone, a user or an area comes from the code table: CL501 is user 501. One parser instance per
 * payload.
 */
public final class SiaDataParser {
  private final String account;
  private final String text;
  private final Instant frameTime;
  private final List<String> videoUrls;
  private final String frameText;
  private final List<AlarmEvent> events = new ArrayList<>(2);
  private int pos;
  private int lastBlockStart; // first event of the last N/O block, for a following |A text block

  // modifiers of the current block
  private Integer area;
  private Integer userModifier;
  private int[] time; // h, m, s
  private LocalDate date;

  private SiaDataParser(
      String account, String text, Instant frameTime, List<String> videoUrls, String frameText) {
    this.account = account;
    this.text = text;
    this.frameTime = frameTime;
    this.videoUrls = videoUrls;
    this.frameText = frameText;
  }

  /**
   * Events of a DC-03 payload (without the {@code #acct|} prefix).
   *
   * @param frameTime the DC-09 timestamp, used as event time (or for the date of a bare {@code
   *     ti}); may be null
   * @param videoUrls verification URLs from {@code [V..]}, attached to every event
   * @param frameText alarm text from {@code [I..]}, used for events that carry no text of their
   *     own; may be null
   */
  public static List<AlarmEvent> parse(
      String account, String data, Instant frameTime, List<String> videoUrls, String frameText)
      throws SiaParseException {
    SiaDataParser parser = new SiaDataParser(account, data, frameTime, videoUrls, frameText);
    parser.parseBlocks();
    return List.copyOf(parser.events);
  }

  private void parseBlocks() throws SiaParseException {
    while (pos < text.length()) {
      int blockStart = events.size();
      char c = text.charAt(pos);
      if (c == 'A' && pos > 0 && text.charAt(pos - 1) == '|') {
        attachText(textUntilBar(pos + 1), lastBlockStart);
      } else {
        parseBlock();
        lastBlockStart = blockStart;
      }
      if (pos < text.length()) {
        expect('|');
      }
    }
  }

  private void parseBlock() throws SiaParseException {
    area = null;
    userModifier = null;
    time = null;
    date = null;
    char first = text.charAt(pos);
    if (first == 'N' || first == 'O') {
      pos++; // new / old event: both are reported events
    }
    while (pos < text.length() && text.charAt(pos) != '|') {
      char c = text.charAt(pos);
      if (c == '/' || c == ' ') {
        pos++;
      } else if (isLower(c)) {
        parseModifier();
      } else if (isUpper(c)) {
        parseEvent();
      } else {
        throw new SiaParseException(
            "expected a modifier (ri, id, ti, da) or a two-letter code, found '" + c + "'", pos);
      }
    }
  }

  private void parseModifier() throws SiaParseException {
    if (pos + 1 >= text.length() || !isLower(text.charAt(pos + 1))) {
      throw new SiaParseException("modifier must be two lower-case letters", pos);
    }
    String name = text.substring(pos, pos + 2);
    pos += 2;
    int start = pos;
    while (pos < text.length() && isModifierValueChar(text.charAt(pos))) {
      pos++;
    }
    String value = text.substring(start, pos);
    switch (name) {
      case "ri" -> area = nonZero(number(value, start));
      case "id" -> userModifier = nonZero(number(value, start));
      case "ti" -> time = parseTime(value, start);
      case "da" -> date = parseDate(value, start);
      default -> {} // other modifiers (pi, lr, ...) carry nothing the event model holds
    }
  }

  private void parseEvent() throws SiaParseException {
    if (pos + 1 >= text.length() || !isUpper(text.charAt(pos + 1))) {
      throw new SiaParseException("event code must be two upper-case letters", pos);
    }
    String code = text.substring(pos, pos + 2);
    pos += 2;
    int start = pos;
    while (pos < text.length() && isDigit(text.charAt(pos)) && pos - start < 6) {
      pos++;
    }
    Integer number = start == pos ? null : nonZero(Integer.parseInt(text.substring(start, pos)));
    String name = parseName();
    events.add(toEvent(SiaCodes.lookup(code), number, name));
  }

  /**
   * {@code ^name^}, XSIA {@code *'name'NM} / {@code *"name"NM}, or a bare {@code NM} marker after
   * the number.
   */
  private String parseName() throws SiaParseException {
    if (pos >= text.length()) {
      return null;
    }
    char c = text.charAt(pos);
    if (c == '^') {
      int close = text.indexOf('^', pos + 1);
      if (close < 0) {
        throw new SiaParseException("name ^...^ is not closed", pos);
      }
      String name = text.substring(pos + 1, close).strip();
      pos = close + 1;
      return name;
    }
    if (c == '*'
        && pos + 1 < text.length()
        && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '"')) {
      char quote = text.charAt(pos + 1);
      int close = text.indexOf(quote, pos + 2);
      if (close < 0 || !text.startsWith("NM", close + 1)) {
        throw new SiaParseException("XSIA name *'...'NM is not closed", pos);
      }
      String name = text.substring(pos + 2, close).strip();
      pos = close + 3;
      return name;
    }
    if (text.startsWith("NM", pos)
        && (pos + 2 == text.length() || "/|".indexOf(text.charAt(pos + 2)) >= 0)) {
      pos += 2; // empty XSIA name marker (Osborne-Hoffman "OP001NM"), not a perimeter-arm event
      return null;
    }
    return null;
  }

  private AlarmEvent toEvent(SiaCode code, Integer number, String name) {
    Integer zone = null;
    Integer user = userModifier;
    Integer partition = area;
    switch (code.numberKind()) {
      case ZONE -> zone = number;
      case USER -> user = number != null ? number : userModifier;
      case AREA -> partition = area != null ? area : number; // ri, when sent, is the authority
      case NONE -> {}
    }
    SiaToCid.CidForm cid = SiaToCid.lookup(code.code());
    AlarmEvent.Qualifier qualifier =
        cid != null
            ? cid.qualifier()
            : code.restore() ? AlarmEvent.Qualifier.RESTORE : AlarmEvent.Qualifier.EVENT;
    return new AlarmEvent(
        account,
        AlarmEvent.PayloadFormat.SIA_DC03,
        qualifier,
        cid == null ? null : cid.code(),
        code.code(),
        partition,
        zone,
        user,
        name != null && !name.isEmpty() ? name : frameText,
        eventTime(),
        videoUrls,
        code.description(),
        code.category());
  }

  /** ti/da when sent (UTC), a bare ti on the frame's date, else the frame time. */
  private Instant eventTime() {
    if (time == null) {
      return frameTime;
    }
    LocalDate day =
        date != null
            ? date
            : frameTime != null ? frameTime.atZone(ZoneOffset.UTC).toLocalDate() : null;
    return day == null ? null : day.atTime(time[0], time[1], time[2]).toInstant(ZoneOffset.UTC);
  }

  private void attachText(String blockText, int from) {
    for (int i = from; i < events.size(); i++) {
      AlarmEvent e = events.get(i);
      String merged =
          e.text() == null || e.text().equals(frameText) ? blockText : e.text() + " " + blockText;
      events.set(
          i,
          new AlarmEvent(
              e.account(),
              e.format(),
              e.qualifier(),
              e.cidCode(),
              e.siaCode(),
              e.partition(),
              e.zone(),
              e.user(),
              merged,
              e.panelTime(),
              e.videoUrls(),
              e.description(),
              e.category()));
    }
  }

  private String textUntilBar(int from) {
    int bar = text.indexOf('|', from);
    int end = bar < 0 ? text.length() : bar;
    pos = end;
    return text.substring(from, end).strip();
  }

  private int[] parseTime(String value, int at) throws SiaParseException {
    String[] parts = value.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new SiaParseException("ti must be hh:mm or hh:mm:ss, got '" + value + "'", at);
    }
    int h = number(parts[0], at);
    int m = number(parts[1], at);
    int s = parts.length == 3 ? number(parts[2], at) : 0;
    if (h > 23 || m > 59 || s > 59) {
      throw new SiaParseException("ti out of range: '" + value + "'", at);
    }
    return new int[] {h, m, s};
  }

  private LocalDate parseDate(String value, int at) throws SiaParseException {
    String[] parts = value.split("-", -1);
    if (parts.length != 3) {
      throw new SiaParseException("da must be MM-DD-YY or MM-DD-YYYY, got '" + value + "'", at);
    }
    int year = number(parts[2], at);
    year = parts[2].length() == 2 ? 2000 + year : year;
    try {
      return LocalDate.of(year, number(parts[0], at), number(parts[1], at));
    } catch (java.time.DateTimeException e) {
      throw new SiaParseException("da is not a valid date: '" + value + "'", at);
    }
  }

  private static int number(String digits, int at) throws SiaParseException {
    if (digits.isEmpty() || digits.length() > 9) {
      throw new SiaParseException("expected a number, got '" + digits + "'", at);
    }
    for (int i = 0; i < digits.length(); i++) {
      if (!isDigit(digits.charAt(i))) {
        throw new SiaParseException("expected a number, got '" + digits + "'", at);
      }
    }
    return Integer.parseInt(digits);
  }

  private void expect(char c) throws SiaParseException {
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw new SiaParseException("expected '" + c + "'", pos);
    }
    pos++;
  }

  private static Integer nonZero(int n) {
    return n == 0 ? null : n;
  }

  private static boolean isModifierValueChar(char c) {
    return isDigit(c) || c == ':' || c == '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
