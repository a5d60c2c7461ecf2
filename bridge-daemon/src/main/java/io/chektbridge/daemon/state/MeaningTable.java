package io.chektbridge.daemon.state;

import io.chektbridge.daemon.config.BridgeConfig.EventMapEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The code table: Contact ID and SIA codes to {@link Meaning}s. The built-in lines are data ({@code
 * meanings.tsv} beside this class); the config's {@code event_map} overrides them per site. Lookup
 * order: an exact config line, an exact built-in line, the built-in CID pattern with the fewest
 * wildcards, then a default from the event's category, so every event gets exactly one meaning.
 */
public final class MeaningTable {
  static final String RESOURCE = "meanings.tsv";

  private final Map<String, CodeMapping> exact = new HashMap<>();
  private final List<Pattern> patterns = new ArrayList<>();

  private record Pattern(String key, CodeMapping mapping, int wildcards) {
    boolean matches(String candidate) {
      if (candidate.length() != key.length()) {
        return false;
      }
      for (int i = 0; i < key.length(); i++) {
        char k = key.charAt(i);
        if (k != candidate.charAt(i) && !(k == 'x' && Character.isDigit(candidate.charAt(i)))) {
          return false;
        }
      }
      return true;
    }
  }

  private MeaningTable() {}

  /** The built-in table with the site's overrides applied. */
  public static MeaningTable withOverrides(List<EventMapEntry> overrides) {
    MeaningTable t = builtIn();
    for (EventMapEntry e : overrides) {
      String key = normalize(e.match());
      t.exact.put(key, new CodeMapping(e.meaning(), null, "event_map " + key));
    }
    return t;
  }

  public static MeaningTable builtIn() {
    MeaningTable t = new MeaningTable();
    try (InputStream in = MeaningTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        t.addLine(line.strip(), number);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    t.patterns.sort(Comparator.comparingInt(Pattern::wildcards));
    return t;
  }

  private void addLine(String line, int number) {
    if (line.isEmpty() || line.startsWith("#")) {
      return;
    }
    String[] f = line.split("\\s+");
    if (f.length < 3 || f.length > 4) {
      throw new IllegalStateException(
          RESOURCE + " line " + number + ": expected 'CID E130 meaning [kind]'");
    }
    String key = f[0] + " " + f[1];
    Meaning meaning = Meaning.ofWireName(f[2]);
    CodeMapping mapping = new CodeMapping(meaning, f.length == 4 ? f[3] : null, key);
    int wildcards = (int) key.chars().filter(c -> c == 'x').count();
    if (wildcards == 0) {
      if (exact.put(key, mapping) != null) {
        throw new IllegalStateException(
            RESOURCE + " line " + number + ": " + key + " is listed twice");
      }
    } else {
      patterns.add(new Pattern(key, mapping, wildcards));
    }
  }

  /**
   * The meaning of an event: its own format's code first, then the counterpart code the decoder
   * added (a SIA event also carries its Contact ID pair), then the category default.
   */
  public CodeMapping lookup(
      String format, char qualifier, String cidCode, String siaCode, String category) {
    String cid = cidCode == null ? null : "CID " + qualifier + cidCode.toUpperCase(Locale.ROOT);
    String sia = siaCode == null ? null : "SIA " + siaCode.toUpperCase(Locale.ROOT);
    boolean siaFirst = "SIA_DC03".equals(format);
    String first = siaFirst ? sia : cid;
    String second = siaFirst ? cid : sia;
    for (String key : new String[] {first, second}) {
      if (key != null && exact.containsKey(key)) {
        return exact.get(key);
      }
    }
    for (String key : new String[] {first, second}) {
      CodeMapping m = key == null ? null : bestPattern(key);
      if (m != null) {
        return m;
      }
    }
    return byCategory(category, qualifier);
  }

  private CodeMapping bestPattern(String key) {
    for (Pattern p : patterns) {
      if (p.matches(key)) {
        return p.mapping();
      }
    }
    return null;
  }

  private static CodeMapping byCategory(String category, char qualifier) {
    boolean restore = qualifier == 'R';
    Meaning m =
        switch (category == null ? "" : category) {
          case "alarm" -> restore ? Meaning.ALARM_RESTORE : Meaning.ALARM;
          case "tamper" -> restore ? Meaning.TAMPER_RESTORE : Meaning.TAMPER;
          case "trouble", "supervisory" -> restore ? Meaning.TROUBLE_RESTORE : Meaning.TROUBLE;
          case "bypass" -> restore ? Meaning.UNBYPASS : Meaning.BYPASS;
          case "test" -> Meaning.TEST;
          default -> Meaning.IGNORE;
        };
    String kind = m == Meaning.IGNORE ? null : category;
    return new CodeMapping(m, kind, "category " + (category == null ? "unknown" : category));
  }

  /** "cid e750" and "CID E750" both become "CID E750", as config validation already accepts. */
  static String normalize(String match) {
    String[] f = match.strip().split("\\s+");
    return f[0].toUpperCase(Locale.ROOT) + " " + f[1].toUpperCase(Locale.ROOT);
  }
}
