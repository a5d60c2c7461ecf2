-- Append-only: every attempt to deliver an outbox row to the cloud (the CHeKT API contract O5), written
-- in the transaction that marks the row, pruned by age like the outbox's delivered rows.
CREATE TABLE cloud_attempt (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  at               TIMESTAMP WITH TIME ZONE NOT NULL,
  outbox_id        BIGINT       NOT NULL,
  idempotency_key  VARCHAR(255) NOT NULL,
  priority         INT          NOT NULL,
  http_status      INT,
  outcome          VARCHAR(16)  NOT NULL,
  latency_ms       BIGINT       NOT NULL,
  detail           VARCHAR(512)
);
CREATE INDEX cloud_attempt_at ON cloud_attempt (at);
