package io.chektbridge.daemon.config;

import java.util.Locale;
import java.util.StringJoiner;

/** Enum values as the config spells them: lower case, {@code -} or {@code _} between words. */
final class Enums {
  private Enums() {}

  static <E extends Enum<E>> E parse(Class<E> type, String text) {
    String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    StringJoiner names = new StringJoiner(", ");
    for (E e : type.getEnumConstants()) {
      names.add(e.toString().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException("'" + text + "' is not one of: " + names);
  }
}
