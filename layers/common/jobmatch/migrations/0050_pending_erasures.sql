-- S3 prefixes of erased accounts whose files are not yet known to be gone. The row is written in the
-- transaction that deletes the account and removed as soon as the prefix is empty, normally within the same
-- request; when S3 failed after the commit, the scheduled sweep empties the prefix and removes the row.
-- It holds the prefix (the id of an account that no longer exists), nothing else about the person.
CREATE TABLE pending_erasures (
    prefix          text PRIMARY KEY CHECK (prefix ~ '^cvs/[0-9a-f-]{36}/$'),
    requested_at    timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    last_attempt_at timestamptz
);
