package io.chektbridge.daemon.state;

import java.util.function.BiConsumer;

/**
 * The site state as readers outside the state package see it: the current snapshot, the layout,
 * each change.
 */
public interface SiteView {
  /** The current state; immutable, safe from any thread. */
  SiteSnapshot snapshot();

  /** The configured partitions and zones, with their names. */
  SiteLayout layout();

  /**
   * Called (on the state thread) after each committed change with the state before and after it.
   */
  void onStateChanged(BiConsumer<SiteSnapshot, SiteSnapshot> listener);
}
