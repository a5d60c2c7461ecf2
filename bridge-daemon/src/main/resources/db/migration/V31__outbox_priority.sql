-- Delivery order by priority class (1 alarms and arming, 2 troubles, 3 the rest), then age: the queue
-- is read through this index. Rows queued before classes existed get theirs from what they carry.
UPDATE outbox SET priority = CASE
  WHEN kind = 'arming' OR body LIKE '%"event_type":"alarm"%' THEN 1
  WHEN body LIKE '%"test":true%' OR body NOT LIKE '%"event_type":"trouble"%' THEN 3
  ELSE 2 END;
ALTER TABLE outbox ALTER COLUMN priority SET DEFAULT 1;
CREATE INDEX outbox_queue ON outbox (status, priority, id);
-- the head of the arming lane, found without walking a backlog of events
CREATE INDEX outbox_kind_queue ON outbox (kind, status, id);
