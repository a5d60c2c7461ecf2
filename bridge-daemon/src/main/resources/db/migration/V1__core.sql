-- Core tables shared by the journal (writer), the state machine (reader of panel_event, writer of
-- outbox) and cloud sync (reader of outbox).

-- Every message a panel link received, as it came off the wire, valid or not.
CREATE TABLE inbound_message (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  link          VARCHAR(64)  NOT NULL,
  peer          VARCHAR(128),
  account       VARCHAR(16),
  raw           VARBINARY(8192) NOT NULL,
  dedup_key     VARCHAR(200),
  error         VARCHAR(64)
);
CREATE INDEX inbound_message_dedup ON inbound_message (dedup_key);

-- One decoded event; its id is the event's identity (the cloud Idempotency-Key derives from it).
CREATE TABLE panel_event (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  message_id    BIGINT REFERENCES inbound_message (id),
  received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  source        VARCHAR(64)  NOT NULL,
  account       VARCHAR(16)  NOT NULL,
  format        VARCHAR(16)  NOT NULL,
  qualifier     CHAR(1)      NOT NULL,
  cid_code      VARCHAR(3),
  sia_code      VARCHAR(2),
  partition_no  INT,
  zone_no       INT,
  user_no       INT,
  text          VARCHAR(1024),
  panel_time    TIMESTAMP WITH TIME ZONE,
  video_urls    VARCHAR(4096),
  description   VARCHAR(200) NOT NULL,
  category      VARCHAR(32)  NOT NULL
);

-- What must reach the cloud, FIFO by id; written in the same transaction as the state change.
CREATE TABLE outbox (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  kind             VARCHAR(16)  NOT NULL,
  idempotency_key  VARCHAR(255) NOT NULL UNIQUE,
  body             VARCHAR(16384) NOT NULL,
  panel_event_id   BIGINT,
  priority         INT          NOT NULL DEFAULT 0,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  status           VARCHAR(16)  NOT NULL DEFAULT 'pending',
  attempts         INT          NOT NULL DEFAULT 0,
  next_attempt_at  TIMESTAMP WITH TIME ZONE,
  last_error       VARCHAR(512),
  delivered_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outbox_pending ON outbox (status, id);

-- Facts about this installation; instance_id makes cloud event ids unique even if the data
-- directory is ever recreated.
CREATE TABLE bridge_meta (
  name  VARCHAR(64)  PRIMARY KEY,
  val   VARCHAR(255) NOT NULL
);
INSERT INTO bridge_meta (name, val) VALUES ('instance_id', RANDOM_UUID());
