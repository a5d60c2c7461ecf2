package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.HostPort;
import io.chektbridge.daemon.config.SecretFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs pages of the running daemon's status port, with the bearer token when the config has one.
 */
final class StatusPortClient {
  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  StatusPortClient(BridgeConfig config, URI override) throws IOException {
    this.base = override != null ? override : baseOf(config.status().listen());
    this.token =
        config.status().tokenFile() == null ? null : SecretFiles.read(config.status().tokenFile());
  }

  URI base() {
    return base;
  }

  /**
   * A page the daemon served (HTTP 200); anything else ends the command with exit 1 and what went
   * wrong.
   */
  HttpResponse<String> fetch(String pathAndQuery) throws CommandFailure, InterruptedException {
    HttpResponse<String> resp;
    try {
      resp = get(pathAndQuery);
    } catch (IOException e) {
      throw new CommandFailure(e.getMessage(), Main.FAILURE);
    }
    if (resp.statusCode() != 200) {
      throw new CommandFailure(
          "status port answered HTTP " + resp.statusCode() + ": " + resp.body(), Main.FAILURE);
    }
    return resp;
  }

  /** The response; IOException when nothing answers (the message says what to check). */
  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5));
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(
          "chekt-bridge is not answering on "
              + base
              + " ("
              + reason(e)
              + "); is the service running? Check: systemctl status chekt-bridge",
          e);
    }
  }

  /** The JDK's refused connection has no message at all; say what it means. */
  private static String reason(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused: nothing listens there";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  static URI baseOf(HostPort listen) {
    HostPort target =
        switch (listen.host()) {
          case "0.0.0.0" -> new HostPort("127.0.0.1", listen.port());
          case "::" -> new HostPort("::1", listen.port());
          default -> listen;
        };
    return URI.create("http://" + target + "/");
  }
}
