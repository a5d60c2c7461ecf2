package io.chektbridge.daemon.cloud;

/**
 * A CHeKT App API key sent as {@code Authorization: Bearer <key>} (the CHeKT API contract §2.1);
 * keys do not expire.
 */
public final class ApiKeyCredentials implements CloudCredentials {
  private final String key;

  public ApiKeyCredentials(String key) {
    this.key = key;
  }

  @Override
  public String bearer() {
    return key;
  }

  @Override
  public void invalidate(String rejectedBearer) {
    // a rejected key stays rejected until the installer rotates the file; the caller alerts
  }

  @Override
  public boolean refreshable() {
    return false;
  }

  @Override
  public String describe() {
    return "API key";
  }

  @Override
  public String toString() {
    return "ApiKeyCredentials[key hidden]";
  }
}
