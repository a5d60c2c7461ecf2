package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.config.Durations;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code walk-test}: an installer trips each zone and watches, live, what the running daemon saw:
 * the zone's last event, its configured name/type/partition, and whether the mapping looks wrong.
 * Reads {@code /status} of the running daemon, once a second.
 */
@Command(
    name = "walk-test",
    mixinStandardHelpOptions = true,
    description =
        "Live view of zones as they trip: last event, configured name/type/partition, mapping problems.")
public final class WalkTestCommand extends ConfiguredCommand {
  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description = "Refresh every DURATION (default ${DEFAULT-VALUE})")
  String interval;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after DURATION (default: until Ctrl-C)")
  String duration;

  @Option(names = "--once", description = "Print the view once and exit")
  boolean once;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Count trips from this UTC time (default: now)")
  Instant since;

  @Mixin StatusPortOption statusPort;

  Clock clock = Clock.systemUTC();

  @Override
  int run(BridgeConfig loaded) throws Exception {
    Duration every;
    Duration limit;
    try {
      every = Durations.parse(interval);
      limit = duration == null ? null : Durations.parse(duration);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(e.getMessage(), Main.USAGE);
    }
    StatusPortClient client = statusPort.client(loaded);
    Instant started = since != null ? since : clock.instant();
    boolean terminal = System.console() != null;
    PrintWriter out = out();
    while (true) {
      HttpResponse<String> resp = client.fetch("/status");
      var rows = WalkTestView.rows(new ObjectMapper().readTree(resp.body()), started);
      out.print(
          (terminal && !once ? "\033[H\033[2J" : "")
              + WalkTestView.render(rows, started, clock.instant()));
      out.flush();
      if (once || (limit != null && !clock.instant().isBefore(started.plus(limit)))) {
        return Main.OK;
      }
      Thread.sleep(every.toMillis());
    }
  }
}
