package io.chektbridge.daemon.status;

/**
 * HTML escaping for every name and value the status page shows (panel and config text is not
 * trusted).
 */
final class Html {
  private Html() {}

  /** Text safe in element content and in double- or single-quoted attributes; null as a dash. */
  static String esc(Object v) {
    if (v == null) {
      return "–";
    }
    String s = String.valueOf(v);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
