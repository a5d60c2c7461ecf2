-- The journal keeps its retransmission memory in RAM (refilled at start by id range), so nothing
-- looks messages up by dedup_key any more: the index only cost every copied message an extra
-- B-tree insert.
DROP INDEX IF EXISTS inbound_message_dedup;
