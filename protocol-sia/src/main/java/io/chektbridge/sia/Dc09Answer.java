package io.chektbridge.sia;

import java.time.Instant;

/**
 * A receiver's answer as the sender reads it.
 *
 * @param token ACK, NAK, DUH or RSP
 * @param encrypted whether it came encrypted ({@code *ACK})
 * @param sequence the echoed sequence ({@code 0000} in a NAK)
 * @param account the echoed account, or null
 * @param timestamp the receiver's time (always in a NAK, in an encrypted ACK), or null
 */
public record Dc09Answer(
    Dc09Token token, boolean encrypted, String sequence, String account, Instant timestamp) {}
