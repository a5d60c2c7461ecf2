package io.chektbridge.daemon.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a database that H2 opened at an older version than {@link StoreVersionMark} recorded can
 * be brought back from elsewhere. H2's crash recovery has been seen to drop its newest chunks even
 * after a sync that named them in the header; what they held is lost from the file, and only a copy
 * kept outside it (the event journal) can say nothing is lost for good.
 */
@FunctionalInterface
public interface OlderState {
  /**
   * Never: the database is refused (the CLI's tools, and any opener with nothing to rebuild from).
   */
  OlderState REFUSE = readOnly -> Optional.empty();

  /**
   * Looks at the database as H2 opened it (read-only) and says what rebuilds everything past it, or
   * empty when something could be lost: the database is then refused.
   */
  Optional<String> rebuildable(Connection readOnly) throws SQLException;
}
