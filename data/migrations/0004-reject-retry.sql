-- 0004-reject-retry.sql - a change the server refused is offered again
-- (src/sync/push.c), after a wait that doubles with each refusal, so that
-- it goes out once the cause is fixed on the server, without the user
-- editing the record again and without a request on every local write.
-- Needs 0003-quarantine.sql before it.

ALTER TABLE sync_reject ADD COLUMN tries INTEGER NOT NULL DEFAULT 1; -- refusals of this change in a row
ALTER TABLE sync_reject ADD COLUMN retry_at TEXT NOT NULL DEFAULT ''; -- offered again from then on ('' at once)
