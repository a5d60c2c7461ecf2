package io.chektbridge.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chektbridge.daemon.config.BridgeConfig;
import io.chektbridge.daemon.outbox.OutboxRecord;
import io.chektbridge.daemon.outbox.OutboxStore;
import io.chektbridge.daemon.store.Database;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code outbox list|retry|export}: what is buffered for the cloud, read from the bridge's H2
 * directly.
 */
@Command(
    name = "outbox",
    mixinStandardHelpOptions = true,
    description =
        "Inspect and retry what is buffered for the CHeKT cloud (stop the daemon first: H2 allows one user).",
    subcommands = {
      OutboxCommand.ListRows.class,
      OutboxCommand.Retry.class,
      OutboxCommand.Export.class
    })
public final class OutboxCommand extends CommandGroup {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Shared by the three subcommands: load config, open H2, run, report clearly when H2 is busy. */
  abstract static class OnStore extends ConfiguredCommand {
    abstract int run(OutboxStore store, PrintWriter out) throws Exception;

    @Override
    int run(BridgeConfig c) throws Exception {
      try (Database db = Database.open(c.storage().path())) {
        return run(new OutboxStore(db), out());
      } catch (SQLException e) {
        err()
            .println(
                "Cannot open the bridge database in "
                    + c.storage().path()
                    + (String.valueOf(e.getMessage()).contains("already in use")
                        ? ": the daemon is running and holds it. Stop it (systemctl stop chekt-bridge) or use chekt-bridge status."
                        : ": " + e.getMessage()));
        return Main.FAILURE;
      } catch (IllegalArgumentException e) {
        err().println(e.getMessage());
        return Main.USAGE;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List outbox rows, oldest first.")
  static final class ListRows extends OnStore {
    @Option(
        names = "--status",
        description = "pending, delivered or dead (default: pending and dead)")
    String status;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "At most this many rows (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    int run(OutboxStore store, PrintWriter out) throws SQLException {
      List<OutboxRecord> rows = new ArrayList<>();
      for (String s :
          status != null ? List.of(status) : List.of(OutboxStore.PENDING, OutboxStore.DEAD)) {
        rows.addAll(store.list(s, 0, limit));
      }
      rows.sort(java.util.Comparator.comparingLong(OutboxRecord::id));
      out.printf(
          "%-8s %-9s %-7s %-20s %-8s %-6s %s%n",
          "ID", "STATUS", "KIND", "CREATED", "ATTEMPTS", "HTTP", "KEY / LAST ERROR");
      for (OutboxRecord r : rows.subList(0, Math.min(limit, rows.size()))) {
        out.printf(
            "%-8d %-9s %-7s %-20s %-8d %-6s %s%s%n",
            r.id(),
            r.status(),
            r.kind(),
            r.createdAt(),
            r.attempts(),
            r.lastStatus() == null ? "-" : r.lastStatus(),
            r.idempotencyKey(),
            r.lastError() == null ? "" : "  (" + r.lastError() + ")");
      }
      out.println(store.stats().pending() + " pending, " + store.stats().deadLetter() + " dead");
      return Main.OK;
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description = "Put dead-letter rows back in the queue (the given ids, or all with --all).")
  static final class Retry extends OnStore {
    @Parameters(paramLabel = "ID", arity = "0..*", description = "Outbox row ids")
    List<Long> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every dead-letter row")
    boolean all;

    @Override
    int run(OutboxStore store, PrintWriter out) throws SQLException {
      if (ids.isEmpty() != all) {
        spec.commandLine().getErr().println("Give row ids or --all (not both, not neither).");
        return Main.USAGE;
      }
      int moved = store.retryDead(ids);
      out.println(
          moved + " dead-letter rows queued again; the running daemon sends them in id order.");
      return moved == 0 && !all ? Main.FAILURE : Main.OK;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write outbox rows as JSON lines (one row per line) to stdout.")
  static final class Export extends OnStore {
    @Option(names = "--status", description = "pending, delivered or dead (default: all)")
    String status;

    @Override
    int run(OutboxStore store, PrintWriter out) throws Exception {
      long after = 0;
      List<OutboxRecord> page;
      do {
        page = store.list(status, after, 1000);
        for (OutboxRecord r : page) {
          out.println(line(r));
          after = r.id();
        }
      } while (!page.isEmpty());
      out.flush();
      return Main.OK;
    }

    private static String line(OutboxRecord r) throws Exception {
      ObjectNode n = JSON.createObjectNode();
      n.put("id", r.id())
          .put("status", r.status())
          .put("kind", r.kind())
          .put("idempotency_key", r.idempotencyKey())
          .put("created_at", String.valueOf(r.createdAt()))
          .put("attempts", r.attempts());
      n.putPOJO("last_status", r.lastStatus());
      n.put("last_error", r.lastError());
      n.put("delivered_at", r.deliveredAt() == null ? null : r.deliveredAt().toString());
      n.set("body", JSON.readTree(r.body()));
      return JSON.writeValueAsString(n);
    }
  }
}
