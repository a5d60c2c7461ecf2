package io.chektbridge.daemon.ops;

import java.util.List;

/** What is wrong with the running daemon right now, in installer words; empty when healthy. */
@FunctionalInterface
public interface HealthCheck {
  List<String> problems();
}
