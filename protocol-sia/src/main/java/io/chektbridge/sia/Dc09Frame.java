package io.chektbridge.sia;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One parsed DC-09 frame, decrypted when it was encrypted.
 *
 * @param token the id token
 * @param encrypted whether the frame came encrypted ({@code "*SIA-DCS"})
 * @param sequence the 4 sequence digits as sent
 * @param receiver the receiver number digits after {@code R}, or null when no {@code R} was sent
 * @param line the line/prefix digits after {@code L}; "" when {@code L} came without digits
 * @param account the account digits after {@code #} in the header, or null when absent
 * @param data the plaintext content of the data block without its brackets ({@code
 *     #1234|Nri1/BA01}); "" when empty
 * @param extended extended data blocks in order
 * @param timestamp the frame timestamp (UTC), or null when absent
 * @param crcFormat how CRC and length were sent (answers use the same form)
 */
public record Dc09Frame(
    Dc09Token token,
    boolean encrypted,
    String sequence,
    String receiver,
    String line,
    String account,
    String data,
    List<Dc09ExtendedData> extended,
    Instant timestamp,
    CrcFormat crcFormat) {

  public Dc09Frame {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(sequence, "sequence");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(crcFormat, "crcFormat");
    extended = extended == null ? List.of() : List.copyOf(extended);
  }

  /**
   * The account named at the start of the data block ({@code #1234|...}; for ADM-CID also {@code
   * 1234|...}), or null.
   */
  public String dataAccount() {
    return Dc09DataBlock.of(token, data).account();
  }

  /** The payload after the optional account prefix: the DC-03 block or the ADM-CID digits. */
  public String payload() {
    return Dc09DataBlock.of(token, data).payload();
  }

  /** The header account, or else the data-block account: the account this frame belongs to. */
  public String effectiveAccount() {
    return account != null ? account : dataAccount();
  }

  /** The header fields an answer to this frame repeats. */
  Dc09Echo echo() {
    return new Dc09Echo(sequence, receiver, line, account);
  }

  /** All values of the extended blocks with this id. */
  public List<String> extended(char id) {
    List<String> values = List.of();
    for (Dc09ExtendedData x : extended) {
      if (x.id() == id) {
        if (values.isEmpty()) {
          values = new ArrayList<>(2);
        }
        values.add(x.value());
      }
    }
    return values.isEmpty() ? values : List.copyOf(values);
  }
}
