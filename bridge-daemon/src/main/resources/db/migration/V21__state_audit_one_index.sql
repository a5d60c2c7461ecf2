-- Nothing looks the state audit up by panel event (the CLI and status read it by time), so the
-- index on panel_event_id only cost every applied event one more B-tree insert.
DROP INDEX IF EXISTS state_audit_event;
