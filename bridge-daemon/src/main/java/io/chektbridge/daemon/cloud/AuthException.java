package io.chektbridge.daemon.cloud;

/**
 * Credentials could not be had: the key file is unreadable, the token endpoint refused the client
 * ({@code invalidClient}, a configuration error) or could not be reached. The message never holds a
 * key, token or assertion.
 */
public final class AuthException extends Exception {
  private final boolean invalidClient;

  public AuthException(String message, boolean invalidClient) {
    super(message);
    this.invalidClient = invalidClient;
  }

  public boolean invalidClient() {
    return invalidClient;
  }
}
