package io.chektbridge.contactid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The SIA DC-05 event-code table, loaded once from {@code contactid-codes.tsv} (data, not a switch,
 * so it can be reviewed against the standard line by line). Lookups never fail: a code the table
 * lacks gets an "unknown" row, because a panel's vendor codes must still be stored and delivered.
 */
public final class ContactIdEventCodes {
  private static final ContactIdEventCode[] TABLE = load();

  private ContactIdEventCodes() {}

  /**
   * The row for an event code; never null. A code the table lacks gets category UNKNOWN,
   * description "Unknown event 7xx", no SIA code, and CCC read as a zone (what vendor codes mostly
   * carry; the raw number is kept either way).
   */
  public static ContactIdEventCode lookup(int code) {
    return code >= 0 && code < TABLE.length ? TABLE[code] : unknown(code);
  }

  /** True when the table defines this code. */
  public static boolean isDefined(int code) {
    return lookup(code).category() != ContactIdCategory.UNKNOWN;
  }

  private static ContactIdEventCode unknown(int code) {
    String text =
        ContactIdMessage.isEventCode(code)
            ? ContactIdMessage.eventCodeText(code)
            : Integer.toString(code);
    return new ContactIdEventCode(
        code, "Unknown event " + text, ContactIdCategory.UNKNOWN, null, null, NumberKind.ZONE);
  }

  private static ContactIdEventCode[] load() {
    ContactIdEventCode[] table = new ContactIdEventCode[1000];
    try (InputStream in = ContactIdEventCodes.class.getResourceAsStream("contactid-codes.tsv")) {
      if (in == null) {
        throw new IOException("contactid-codes.tsv missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        addRows(table, line, lineNo);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int code = 0; code < table.length; code++) {
      if (table[code] == null) {
        table[code] = unknown(code);
      }
    }
    return table;
  }

  /**
   * One line: {@code code[-last] category number-kind sia-event sia-restore description}; a bad
   * line fails the load.
   */
  private static void addRows(ContactIdEventCode[] table, String line, int lineNo) {
    String[] f = line.split("\t");
    if (f.length != 6) {
      throw new IllegalStateException(
          "contactid-codes.tsv line " + lineNo + ": expected 6 tab-separated fields");
    }
    String[] range = f[0].split("-");
    int first = Integer.parseInt(range[0]);
    int last = range.length == 2 ? Integer.parseInt(range[1]) : first;
    for (int code = first; code <= last; code++) {
      if (table[code] != null) {
        throw new IllegalStateException(
            "contactid-codes.tsv line " + lineNo + ": code " + code + " defined twice");
      }
      table[code] =
          new ContactIdEventCode(
              code,
              f[5],
              ContactIdCategory.valueOf(f[1]),
              dash(f[3]),
              dash(f[4]),
              NumberKind.valueOf(f[2]));
    }
  }

  private static String dash(String s) {
    return s.equals("-") ? null : s;
  }
}
