package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chektbridge.contactid.ContactIdMessage;
import io.chektbridge.contactid.ContactIdParseException;
import io.chektbridge.contactid.ContactIdParser;
import io.chektbridge.sia.AlarmEvent;
import io.chektbridge.sia.ContactIdEvents;
import io.chektbridge.sia.Dc09AccountDirectory;
import io.chektbridge.sia.Dc09AccountSettings;
import io.chektbridge.sia.Dc09Decoder;
import io.chektbridge.sia.Dc09Frame;
import io.chektbridge.sia.Dc09Keys;
import io.chektbridge.sia.Dc09Result;
import io.chektbridge.sia.KeyFormat;
import io.chektbridge.sia.SiaDecode;
import io.chektbridge.sia.SiaParseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decode}: DC-09 frames, Contact ID lines and SIA DC-03 blocks decoded offline, one JSON
 * object per input on stdout (the fixed field names), with what the receiver would answer.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description =
        "Decode DC-09 frames (with or without LF/CR), Contact ID lines or SIA DC-03 blocks; one JSON object per input.")
public final class DecodeCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "TEXT",
      arity = "1..*",
      description = "Frames or lines; \\n and \\r may be written as escapes")
  List<String> inputs;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "AES key of the account (for encrypted DC-09 frames)")
  String key;

  @Option(
      names = "--key-format",
      paramLabel = "FORMAT",
      defaultValue = "hex",
      description = "hex (default) or text")
  KeyFormat keyFormat;

  @Option(
      names = "--now",
      paramLabel = "ISO-8601",
      description = "Receiver time for the DC-09 time window (default: now)")
  Instant now;

  @Option(
      names = "--account",
      paramLabel = "ACCT",
      defaultValue = "0000",
      description = "Account for bare SIA blocks and ADM-CID payloads that name none")
  String account;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final ObjectMapper json =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  @Override
  public Integer call() throws Exception {
    byte[] keyBytes;
    try {
      keyBytes = key == null ? null : Dc09Keys.parse(key, keyFormat);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("--key: " + e.getMessage());
      return Main.USAGE;
    }
    Instant at = now != null ? now : Instant.now();
    boolean allValid = true;
    for (String raw : inputs) {
      String input = unescape(raw);
      Map<String, Object> out = decode(input, keyBytes, at);
      allValid &= Boolean.TRUE.equals(out.get("valid"));
      spec.commandLine().getOut().println(json.writeValueAsString(out));
    }
    spec.commandLine().getOut().flush();
    return allValid ? Main.OK : Main.FAILURE;
  }

  /**
   * A line that is not a DC-09 frame is what a Contact ID link would make of it: the links' own
   * parser decides, so {@code decode} and a link never disagree about a line. Only text that cannot
   * be Contact ID at all is read as a SIA DC-03 block.
   */
  private Map<String, Object> decode(String input, byte[] keyBytes, Instant at) {
    if (looksLikeDc09(input)) {
      return dc09(input, keyBytes, at);
    }
    try {
      return contactId(input, ContactIdParser.parseAny(input));
    } catch (ContactIdParseException e) {
      return mayBeContactId(input) ? contactIdRefused(input, e) : sia(input);
    }
  }

  private Map<String, Object> dc09(String input, byte[] keyBytes, Instant at) {
    Dc09AccountDirectory directory =
        Dc09AccountDirectory.of(
            acct ->
                keyBytes == null
                    ? Dc09AccountSettings.plain(acct)
                    : Dc09AccountSettings.encrypted(acct, keyBytes),
            true);
    byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
    Dc09Result r = new Dc09Decoder(directory).decode(bytes, 0, bytes.length, at);
    Map<String, Object> out = head(input, r.valid(), r.response().name(), "dc09");
    if (r.response() == io.chektbridge.sia.Dc09Response.NONE) {
      out.put("response", null);
    }
    Dc09Frame f = r.frame();
    if (f != null) {
      out.put("token", f.token().wire());
      out.put("encrypted", f.encrypted());
      out.put("sequence", f.sequence());
      out.put("receiver", f.receiver() == null ? null : "R" + f.receiver());
      out.put("line", "L" + f.line());
      out.put("account", f.effectiveAccount());
      out.put("timestamp", f.timestamp() == null ? null : f.timestamp().toString());
    }
    out.put("events", events(r.events()));
    out.put(
        "answer",
        r.responseBytes() == null
            ? null
            : new String(r.responseBytes(), StandardCharsets.ISO_8859_1));
    return error(out, r.errorCode(), r.detail());
  }

  private Map<String, Object> contactId(String input, ContactIdMessage m) {
    Map<String, Object> out = head(input, true, "ACK", "contactid");
    out.put("account", m.account());
    out.put("message_type", m.messageType());
    out.put("events", events(List.of(ContactIdEvents.toAlarmEvent(m, null, List.of(), null))));
    return out;
  }

  private Map<String, Object> contactIdRefused(String input, ContactIdParseException e) {
    Map<String, Object> out = head(input, false, null, "contactid");
    out.put("events", List.of());
    return error(out, e.error().code(), e.getMessage());
  }

  private Map<String, Object> sia(String input) {
    try {
      List<AlarmEvent> events = SiaDecode.parseBlock(account, input.strip());
      Map<String, Object> out = head(input, true, "ACK", "sia");
      out.put("account", events.isEmpty() ? account : events.get(0).account());
      out.put("events", events(events));
      return error(out, null, null);
    } catch (SiaParseException e) {
      Map<String, Object> out = head(input, false, null, "sia");
      out.put("events", List.of());
      return error(out, "malformed", e.getMessage());
    }
  }

  private static Map<String, Object> head(
      String input, boolean valid, String response, String format) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("input", input);
    out.put("valid", valid);
    out.put("response", response);
    out.put("format", format);
    return out;
  }

  private static Map<String, Object> error(Map<String, Object> out, String error, String detail) {
    if (error != null) {
      out.put("error", error);
      out.put("detail", detail);
    }
    return out;
  }

  static List<Map<String, Object>> events(List<AlarmEvent> events) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AlarmEvent e : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("qualifier", String.valueOf(e.qualifier().letter()));
      m.put("code", e.cidCode());
      m.put("sia_code", e.siaCode());
      m.put("partition", e.partition());
      m.put("zone", e.zone());
      m.put("user", e.user());
      m.put("description", e.description());
      m.put("category", e.category());
      m.put("restore", e.restore());
      if (e.text() != null) {
        m.put("text", e.text());
      }
      if (e.panelTime() != null) {
        m.put("panel_time", e.panelTime().toString());
      }
      if (!e.videoUrls().isEmpty()) {
        m.put("video_urls", e.videoUrls());
      }
      out.add(m);
    }
    return out;
  }

  private static boolean looksLikeDc09(String s) {
    String t = s.stripLeading();
    int quote = t.indexOf('"');
    return s.startsWith("\n") || (quote >= 0 && quote <= 12 && t.indexOf('"', quote + 1) > quote);
  }

  /**
   * Contact ID's characters only: hex digits and spaces (a receiver line ends with DC4), or an
   * {@code [#]ACCT|} block whose payload starts with a qualifier digit. A SIA block starts with a
   * letter ({@code Nri1/BA01}, {@code #1234|Nri1/BA01}).
   */
  private static boolean mayBeContactId(String s) {
    String t = s.strip();
    int bar = t.indexOf('|');
    String payload = bar < 0 ? t : t.substring(bar + 1).strip();
    if (payload.isEmpty()) {
      return false;
    }
    if (bar >= 0) {
      return Character.isDigit(payload.charAt(0));
    }
    return payload.charAt(payload.length() - 1) == ContactIdParser.DC4
        || payload.chars().allMatch(c -> c == ' ' || Character.digit(c, 16) >= 0);
  }

  /** Lets a shell user write the frame's LF/CR as {@code \n} / {@code \r}. */
  static String unescape(String s) {
    return s.replace("\\n", "\n").replace("\\r", "\r").replace("\\x14", "\u0014");
  }
}
