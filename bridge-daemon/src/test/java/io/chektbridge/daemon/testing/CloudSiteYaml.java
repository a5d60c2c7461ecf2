package io.chektbridge.daemon.testing;

import java.net.URI;
import java.nio.file.Path;

/** The {@code site:} and {@code cloud:} sections of a test config that syncs to a fake cloud with an API key. */
public final class CloudSiteYaml {
  private CloudSiteYaml() {
  }

  public static String of(String siteId, URI baseUrl, Path apiKeyFile) {
    return """
        site:
          id: %s
        cloud:
          base_url: %s
          auth:
            type: api_key
            api_key_file: %s
        """.formatted(siteId, baseUrl, apiKeyFile);
  }
}
