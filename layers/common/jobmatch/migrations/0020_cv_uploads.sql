-- Presigned CV uploads: a slot for one file, and what became of it once the ingest function read it.
-- The caller's CV is replaced only when the uploaded file proves to be a readable CV.
CREATE TABLE cv_uploads (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    s3_key     text NOT NULL UNIQUE,
    filename   text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 255),
    status     text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'processed', 'failed', 'expired')),
    detail     text NOT NULL DEFAULT '' CHECK (char_length(detail) <= 500),
    cv_id      uuid REFERENCES cvs (id) ON DELETE SET NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cv_uploads_user_idx ON cv_uploads (user_id, created_at DESC);
CREATE INDEX cv_uploads_waiting_idx ON cv_uploads (expires_at) WHERE status = 'waiting';

-- The scheduled sweep re-embeds CVs left pending (a lost notification, a long provider outage).
CREATE INDEX cvs_pending_idx ON cvs (updated_at) WHERE embedding_status = 'pending';
