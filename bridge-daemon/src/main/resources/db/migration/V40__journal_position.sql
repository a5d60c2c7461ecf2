-- Numbered 40, past every earlier migration: a database already at version 30 must get it too.
-- How far the segment journal (storage.path/journal) has been copied into inbound_message and
-- panel_event: every message with an id up to applied_seq is here. Written in the transaction that
-- inserts the rows, so after a crash the copy resumes exactly where the database stands.
CREATE TABLE journal_position (
  id           INT    PRIMARY KEY,
  applied_seq  BIGINT NOT NULL
);
-- a database from before the segment journal holds every message it acknowledged
INSERT INTO journal_position (id, applied_seq) VALUES (1, COALESCE((SELECT MAX(id) FROM inbound_message), 0));
