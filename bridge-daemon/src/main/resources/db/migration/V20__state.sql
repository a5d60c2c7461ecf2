-- Site state machine (io.chektbridge.daemon.state): the state of every partition and zone, the
-- audit trail, and how far into panel_event the machine has got. All written in the transaction
-- that also writes the outbox rows of the same events, so a crash replays from the cursor.

-- The id of the last panel_event applied to the state below.
CREATE TABLE state_cursor (
  id             INT    PRIMARY KEY,
  last_event_id  BIGINT NOT NULL
);
INSERT INTO state_cursor (id, last_event_id) VALUES (1, 0);

CREATE TABLE partition_state (
  number             INT          PRIMARY KEY,
  state              VARCHAR(24)  NOT NULL,
  since              TIMESTAMP WITH TIME ZONE,
  user_no            INT,
  source             VARCHAR(16),
  target_mode        VARCHAR(8),
  armed_mode         VARCHAR(8),
  delay_ends         TIMESTAMP WITH TIME ZONE,
  delay_origin       VARCHAR(24),
  cloud_state        VARCHAR(24)  NOT NULL,
  cloud_mode         VARCHAR(8),
  cloud_time         TIMESTAMP WITH TIME ZONE,
  awaiting_baseline  BOOLEAN      NOT NULL
);

CREATE TABLE zone_state (
  number         INT          PRIMARY KEY,
  partition_no   INT          NOT NULL,
  state          VARCHAR(16)  NOT NULL,
  bypassed       BOOLEAN      NOT NULL,
  alarm_memory   BOOLEAN      NOT NULL,
  last_event     TIMESTAMP WITH TIME ZONE,
  last_code      VARCHAR(8),
  last_meaning   VARCHAR(24),
  last_event_id  BIGINT
);

-- Panel-level troubles now active (AC, battery, communication, panel link lost, ...).
CREATE TABLE site_trouble (
  kind            VARCHAR(32) PRIMARY KEY,
  since           TIMESTAMP WITH TIME ZONE NOT NULL,
  panel_event_id  BIGINT NOT NULL
);

-- Append-only: every transition, rejection and delay expiry, with its cause.
CREATE TABLE state_audit (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  at              TIMESTAMP WITH TIME ZONE NOT NULL,
  partition_no    INT,
  zone_no         INT,
  from_state      VARCHAR(32),
  to_state        VARCHAR(32),
  user_no         INT,
  source          VARCHAR(16),
  panel_event_id  BIGINT,
  outcome         VARCHAR(16)  NOT NULL,
  detail          VARCHAR(1024)
);
CREATE INDEX state_audit_at ON state_audit (at);
CREATE INDEX state_audit_event ON state_audit (panel_event_id);
