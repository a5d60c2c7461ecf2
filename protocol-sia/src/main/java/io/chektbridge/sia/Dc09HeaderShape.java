package io.chektbridge.sia;

/**
 * Whether the bytes after an LF can begin a DC-09 frame: {@code CRC(4 hex) 0LLL "} or the binary
 * variant {@code CRC(2 raw bytes) 0LLL "} (Lupusec, OPAX, TRIKDIS). The two shapes exclude each
 * other (offset 6 is a hex digit in one and {@code "} in the other), and a binary CRC may hold any
 * byte, LF and CR included, so a frame's start is found by its shape, never by an LF alone.
 */
enum Dc09HeaderShape {
  /** A hex CRC. */
  HEX("hhhh0hhh\""),
  /** A binary CRC. */
  BINARY("..0hhh\""),
  /** Too few bytes yet, and what there is fits a header. */
  INCOMPLETE(null),
  /** Cannot be the start of a frame. */
  NONE(null);

  /** The shapes that are frames, in the order they are tried. */
  private static final Dc09HeaderShape[] FRAMES = {HEX, BINARY};

  /** {@code h} a hex digit (either case), {@code .} any byte, anything else itself. */
  private final String pattern;

  Dc09HeaderShape(String pattern) {
    this.pattern = pattern;
  }

  /** Where the body (the opening {@code "} of the id token) starts, counted from the CRC. */
  int bodyOffset() {
    return pattern.length() - 1;
  }

  boolean isFrame() {
    return pattern != null;
  }

  /** The shape of {@code buf[from..end)}, the bytes right after a candidate LF. */
  static Dc09HeaderShape of(byte[] buf, int from, int end) {
    boolean incomplete = false;
    for (Dc09HeaderShape shape : FRAMES) {
      int matched = shape.matched(buf, from, end);
      if (matched == shape.pattern.length()) {
        return shape;
      }
      incomplete |= matched == end - from;
    }
    return incomplete ? INCOMPLETE : NONE;
  }

  /** How many leading bytes match the pattern. */
  private int matched(byte[] buf, int from, int end) {
    int i = 0;
    while (i < pattern.length() && from + i < end && matches(pattern.charAt(i), buf[from + i])) {
      i++;
    }
    return i;
  }

  private static boolean matches(char p, byte b) {
    return switch (p) {
      case 'h' -> Character.digit(b, 16) >= 0;
      case '.' -> true;
      default -> b == p;
    };
  }
}
