package io.chektbridge.daemon.cloud.fake;

import static io.chektbridge.daemon.cloud.fake.Answer.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Faults a test queued for the fake cloud (§10): an error status, a delay or a dropped connection,
 * per path.
 */
final class FaultQueue {
  private final List<Fault> faults = new ArrayList<>();

  void add(Fault f) {
    synchronized (faults) {
      faults.add(f);
    }
  }

  void clear() {
    synchronized (faults) {
      faults.clear();
    }
  }

  /**
   * The first fault queued for {@code path} (or a prefix of it ending in /), used up by one
   * request.
   */
  Fault take(String path) {
    synchronized (faults) {
      for (int i = 0; i < faults.size(); i++) {
        Fault f = faults.get(i);
        if (path.equals(f.path()) || f.path().endsWith("/") && path.startsWith(f.path())) {
          if (f.count() <= 1) {
            faults.remove(i);
          } else {
            faults.set(
                i,
                new Fault(
                    f.path(),
                    f.status(),
                    f.count() - 1,
                    f.delayMs(),
                    f.retryAfter(),
                    f.dropConnection()));
          }
          return f;
        }
      }
      return null;
    }
  }

  /** What an injected error status answers, with the headers a real one would carry. */
  static Answer answer(Fault f) {
    String name =
        switch (f.status()) {
          case 401 -> "Unauthorized";
          case 405 -> "MethodNotAllowed";
          case 429 -> "RateLimited";
          default -> "InternalError";
        };
    Answer a = error(f.status(), name, "injected fault");
    if (f.retryAfter() != null) {
      a.headers().put("Retry-After", String.valueOf(f.retryAfter()));
    }
    if (f.status() == 401) {
      a.headers().put("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    if (f.status() / 100 == 3) {
      // where a captive portal or a moved host would send the bridge: a page that answers GET with
      // 200
      a.headers().put("Location", "/landing.html");
    }
    return a;
  }
}
