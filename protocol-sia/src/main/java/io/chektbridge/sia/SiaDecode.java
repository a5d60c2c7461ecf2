package io.chektbridge.sia;

import java.util.List;

/** Decodes a bare SIA DC-03 block typed on the command line ({@code Nri1/BA01}, {@code #1234|Nri1/BA01}). */
public final class SiaDecode {
  private SiaDecode() {}

  /** Events of the block; an {@code #acct|} prefix, when present, names the account instead. */
  public static List<AlarmEvent> parseBlock(String account, String text) throws SiaParseException {
    if (text == null || text.isBlank()) {
      throw new SiaParseException("empty SIA block", 0);
    }
    String block = text.strip();
    String acct = account;
    if (block.startsWith("[") && block.endsWith("]")) {
      block = block.substring(1, block.length() - 1);
    }
    if (block.startsWith("#")) {
      int bar = block.indexOf('|');
      if (bar < 0) {
        throw new SiaParseException("#account must be followed by |", 0);
      }
      acct = block.substring(1, bar);
      block = block.substring(bar + 1);
    }
    if (acct == null || acct.isEmpty()) {
      acct = "";
    }
    return SiaDataParser.parse(acct, block, null, List.of(), null);
  }
}
