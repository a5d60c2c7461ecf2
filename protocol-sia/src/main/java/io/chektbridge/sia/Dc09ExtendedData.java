package io.chektbridge.sia;

import java.util.Objects;

/**
 * One extended data block after the data block, {@code [<id><value>]}: e.g. {@code V} verification
 * URLs, {@code I} alarm text, {@code H} time of occurrence, {@code M} MAC, {@code X}/{@code Y}
 * longitude/latitude (table: pysiaalarm {@code data/xdata.py}). The value is decoded as
 * Windows-1252.
 */
public record Dc09ExtendedData(char id, String value) {
  public Dc09ExtendedData {
    Objects.requireNonNull(value, "value");
    if (id < 'A' || id > 'Z') {
      throw new IllegalArgumentException("extended data id must be an upper-case letter: " + id);
    }
  }
}
