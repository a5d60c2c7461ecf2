-- H2 keeps an identity column's next value in a sequence that it writes back to the store every
-- CACHE values, in a commit of its own: with H2's default of 32, every 32nd outbox, audit or attempt
-- row made the inserting transaction write a whole extra chunk (a third of the state thread's CPU
-- under load). A crash skips at most the unused rest of the cache; ids only need to be unique and
-- increasing, never contiguous. A table added later sets the same cache in its CREATE TABLE
-- (SchemaMigratorTest checks every identity column).
ALTER TABLE inbound_message ALTER COLUMN id SET CACHE 100000;
ALTER TABLE panel_event ALTER COLUMN id SET CACHE 100000;
ALTER TABLE outbox ALTER COLUMN id SET CACHE 100000;
ALTER TABLE state_audit ALTER COLUMN id SET CACHE 100000;
ALTER TABLE cloud_attempt ALTER COLUMN id SET CACHE 100000;
