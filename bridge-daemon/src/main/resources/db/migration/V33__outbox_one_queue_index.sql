-- outbox_queue (status, priority, id) serves every read outbox_pending (status, id) served: the
-- oldest pending row is the first of each class's run, and a status alone is its prefix. Each outbox
-- insert and each status change then maintains one status index, not two (the drain marks every row
-- it delivers, and the state engine inserts every row).
DROP INDEX outbox_pending;
