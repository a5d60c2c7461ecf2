-- Delivery order by priority class (1 alarms and arming, 2 troubles, 3 the rest), then age: the queue
-- is read through the index below. Arming records are class 1 but stored as 0: they form their own lane
-- (one at a time, in panel order), whose head is then one index lookup, not a walk over a backlog of
-- events. Rows queued before classes existed get theirs from what they carry.
UPDATE outbox SET priority = CASE
  WHEN kind = 'arming' THEN 0
  WHEN body LIKE '%"event_type":"alarm"%' THEN 1
  WHEN body LIKE '%"test":true%' OR body NOT LIKE '%"event_type":"trouble"%' THEN 3
  ELSE 2 END;
ALTER TABLE outbox ALTER COLUMN priority SET DEFAULT 1;
CREATE INDEX outbox_queue ON outbox (status, priority, id);
