-- One row that Database.inRecoverableTransaction rewrites after a commit no journal can replay
-- (a delivery mark, a dead letter): that second commit's chunk is what makes H2 write a file header
-- naming the first one, so crash recovery reaches it (docs/storage.md). Owned by the store package.
-- Only the write matters; store_version (the version it followed) is there for a person reading the file.
CREATE TABLE store_checkpoint (
  id             INT    PRIMARY KEY,
  store_version  BIGINT NOT NULL
);
INSERT INTO store_checkpoint (id, store_version) VALUES (1, 0);
