package io.chektbridge.daemon.cloud.fake;

import java.time.Instant;
import java.util.Map;

/**
 * One request as the fake cloud saw it: headers (lower-case names), body, server receive time,
 * answer.
 */
public record RecordedRequest(
    String method,
    String path,
    Map<String, String> headers,
    String body,
    Instant receivedAt,
    long receivedNanos,
    int status) {

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
