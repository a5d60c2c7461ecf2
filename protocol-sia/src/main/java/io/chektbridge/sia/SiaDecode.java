package io.chektbridge.sia;

import java.util.List;

/**
 * Decodes a bare SIA DC-03 block typed on the command line ({@code Nri1/BA01}, {@code
 * #1234|Nri1/BA01}).
 */
public final class SiaDecode {
  private SiaDecode() {}

  /** Events of the block; an {@code #acct|} prefix, when present, names the account instead. */
  public static List<AlarmEvent> parseBlock(String account, String text) throws SiaParseException {
    if (text == null || text.isBlank()) {
      throw new SiaParseException("empty SIA block", 0);
    }
    String block = text.strip();
    if (block.startsWith("[") && block.endsWith("]")) {
      block = block.substring(1, block.length() - 1);
    }
    Dc09DataBlock data = Dc09DataBlock.split(block, false);
    String acct = data.account() != null ? data.account() : account == null ? "" : account;
    return SiaDataParser.parse(acct, data.payload(), null, List.of(), null);
  }
}
