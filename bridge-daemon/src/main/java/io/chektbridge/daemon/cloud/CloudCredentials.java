package io.chektbridge.daemon.cloud;

/**
 * The bearer credential for API calls (the CHeKT API contract §2): a fixed API key, or an OAuth
 * access token fetched and cached. {@link #invalidate} drops a token the API answered 401 to, so
 * the next {@link #bearer} fetches a fresh one. Implementations are thread-safe.
 */
public interface CloudCredentials {
  String bearer() throws AuthException;

  void invalidate(String rejectedBearer);

  /**
   * Whether {@link #invalidate} can lead to a different credential (a token can; a fixed key
   * cannot).
   */
  boolean refreshable();

  /** For log lines: "API key" or "OAuth client abc", never the secret itself. */
  String describe();
}
