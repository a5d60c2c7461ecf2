package io.chektbridge.daemon.ops;

/** One finding of {@code chekt-bridge doctor}: what was checked, how it went, and what to do. */
public record DoctorCheck(String name, Outcome outcome, String detail, String fix) {
  public enum Outcome {
    OK,
    WARN,
    FAIL,
    SKIP
  }

  public static DoctorCheck ok(String name, String detail) {
    return new DoctorCheck(name, Outcome.OK, detail, null);
  }

  public static DoctorCheck warn(String name, String detail, String fix) {
    return new DoctorCheck(name, Outcome.WARN, detail, fix);
  }

  public static DoctorCheck fail(String name, String detail, String fix) {
    return new DoctorCheck(name, Outcome.FAIL, detail, fix);
  }

  public static DoctorCheck skip(String name, String detail) {
    return new DoctorCheck(name, Outcome.SKIP, detail, null);
  }
}
