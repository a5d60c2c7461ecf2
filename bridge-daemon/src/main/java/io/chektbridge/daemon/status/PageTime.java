package io.chektbridge.daemon.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as the status page shows them: the clock time in the site's zone and how long ago, e.g.
 * "14:03:12 · 12 s ago". The page's script keeps "ago" and countdowns running from the {@code
 * data-at} / {@code data-ends} milliseconds, in the same words ({@link #span}).
 */
record PageTime(Instant now, ZoneId zone) {
  private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("d MMM HH:mm");

  /** A /status time text, or null when absent or not a time. */
  static Instant parse(Object text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text.toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * {@code 12 s}, {@code 3 min}, {@code 2 h}, {@code 4 d}: the page script's {@code span()} says
   * the same.
   */
  static String span(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    return s < 86_400 ? s / 3600 + " h" : s / 86_400 + " d";
  }

  /** The clock time in the site's zone (with the date when not today there). */
  String clock(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    return (local.toLocalDate().equals(LocalDate.ofInstant(now, zone)) ? TODAY : OTHER_DAY)
        .format(local);
  }

  /** {@code <time>14:03:12</time> · <span data-at>12 s ago</span>}, or "never" for null. */
  String stamp(Instant t) {
    if (t == null) {
      return "never";
    }
    return "<time datetime=\""
        + t
        + "\" title=\""
        + t
        + " UTC\">"
        + clock(t)
        + "</time> · "
        + ago(t);
  }

  /** How long ago, kept running by the page script. */
  String ago(Instant t) {
    return running("ago", "data-at", t, Duration.between(t, now), " ago");
  }

  /** Time left until {@code ends}, counting down in the page script. */
  String countdown(Instant ends) {
    return running("countdown", "data-ends", ends, Duration.between(now, ends), " left");
  }

  /** A span the page script keeps current from {@code at}'s milliseconds in {@code attribute}. */
  private static String running(
      String cssClass, String attribute, Instant at, Duration elapsed, String suffix) {
    return "<span class=\""
        + cssClass
        + "\" "
        + attribute
        + "=\""
        + at.toEpochMilli()
        + "\">"
        + span(elapsed)
        + suffix
        + "</span>";
  }
}
