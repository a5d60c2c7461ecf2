-- Cloud sync bookkeeping on the outbox: the HTTP status of the last attempt (so `outbox list` shows
-- why a row is dead or waiting) and when it went to the dead-letter state.
ALTER TABLE outbox ADD COLUMN last_status INT;
ALTER TABLE outbox ADD COLUMN dead_at TIMESTAMP WITH TIME ZONE;
