package io.chektbridge.daemon.cli;

import io.chektbridge.daemon.cloud.ApiError;
import io.chektbridge.daemon.cloud.AuthException;
import io.chektbridge.daemon.cloud.CloudClient;
import io.chektbridge.daemon.cloud.CloudConnection;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.time.HostClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;

/**
 * {@code cloud check}: are the credentials good and is the CHeKT API reachable? One clear verdict.
 */
@Command(
    name = "cloud",
    mixinStandardHelpOptions = true,
    description = "Check the connection to the CHeKT cloud.",
    subcommands = {CloudCommand.Check.class})
public final class CloudCommand extends CommandGroup {
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Get a token (OAuth) and read the site's arming state: proves credentials, site id and reachability.")
  static final class Check extends ConfiguredCommand {
    @Override
    int run(BridgeConfig c) {
      PrintWriter out = out();
      if (!c.cloudSyncEnabled()) {
        out.println(
            "FAIL: cloud.auth is not configured; the bridge buffers events but sends nothing.");
        return Main.FAILURE;
      }
      try (CloudConnection conn = new CloudConnection(c, HostClock.system())) {
        // nothing is printed before the verdict: a first "ok" line reads as success even when the
        // check fails
        conn.credentials().bearer();
        String path =
            "/ext/v1/sites/" + URLEncoder.encode(c.site().id(), StandardCharsets.UTF_8) + "/arming";
        long started = System.nanoTime();
        CloudClient.Reply reply = conn.client().get(path);
        long ms = (System.nanoTime() - started) / 1_000_000;
        return verdict(out, c, conn.credentials().describe(), reply, ms);
      } catch (AuthException e) {
        out.println("FAIL: credentials: " + e.getMessage());
        return Main.FAILURE;
      } catch (IOException e) {
        out.println(
            "FAIL: "
                + c.cloud().baseUrl()
                + " is not reachable ("
                + e.getMessage()
                + "); check the network, DNS and firewall to it.");
        return Main.FAILURE;
      }
    }

    private static int verdict(
        PrintWriter out, BridgeConfig c, String credentials, CloudClient.Reply reply, long ms) {
      String where =
          c.cloud().baseUrl()
              + " (site "
              + c.site().id()
              + ", "
              + ms
              + " ms, trace "
              + reply.traceId()
              + ")";
      switch (reply.status()) {
        case 200 -> {
          out.println(
              "OK: the CHeKT cloud at "
                  + where
                  + " accepted the credentials ("
                  + credentials
                  + ") and knows the site.");
          return Main.OK;
        }
        case 401 ->
            out.println(
                "FAIL: "
                    + where
                    + " refused the credentials (401 "
                    + ApiError.parse(reply.body()).describe()
                    + "); check the key file or OAuth client.");
        case 403 ->
            out.println(
                "FAIL: " + where + " says the credentials lack permission for this site (403).");
        case 404 ->
            out.println(
                "FAIL: "
                    + where
                    + " does not know site "
                    + c.site().id()
                    + " (404); check site.id.");
        default ->
            out.println(
                "FAIL: "
                    + where
                    + " answered HTTP "
                    + reply.status()
                    + " "
                    + ApiError.parse(reply.body()).describe());
      }
      return Main.FAILURE;
    }
  }
}
