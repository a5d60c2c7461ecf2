package io.chektbridge.sia;

/**
 * The verified outer layer of a frame (CRC and length checked), before decryption and before the
 * token is judged. Kept apart from {@link Dc09Frame} because an answer (DUH, NAK) must echo these
 * fields even when the token is unknown or the content cannot be decrypted.
 *
 * @param tokenText the token as sent, without {@code *}
 * @param token the token, or null when unknown
 * @param echo the header fields an answer repeats
 * @param content for plain frames the text after {@code [} ({@code data]ext..._ts}); for encrypted
 *     frames the ciphertext hex
 */
record Dc09Envelope(
    String tokenText,
    Dc09Token token,
    boolean encrypted,
    Dc09Echo echo,
    String content,
    CrcFormat crcFormat) {}
