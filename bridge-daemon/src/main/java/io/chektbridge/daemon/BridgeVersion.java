package io.chektbridge.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this build was made from (filled in by Maven at build time). */
public final class BridgeVersion {
  private static final String VERSION = load();

  private BridgeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = BridgeVersion.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
