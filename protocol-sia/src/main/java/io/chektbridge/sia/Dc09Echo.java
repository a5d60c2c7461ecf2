package io.chektbridge.sia;

/**
 * The header fields an answer repeats as they were received: an ACK or DUH that changes any of them
 * (or adds an {@code R} the panel did not send) is refused by some panels.
 *
 * @param sequence the 4 sequence digits
 * @param receiver the receiver number digits after {@code R}, or null when no {@code R} was sent
 * @param line the line/prefix digits after {@code L}; "" when {@code L} came without digits
 * @param account the account digits after {@code #}, or null when absent
 */
record Dc09Echo(String sequence, String receiver, String line, String account) {}
