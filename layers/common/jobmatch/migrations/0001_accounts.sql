-- Accounts, tokens and the counters that protect them.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE users (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username           text NOT NULL CHECK (char_length(username) BETWEEN 1 AND 150),
    email              text CHECK (email IS NULL OR char_length(email) <= 254),
    first_name         text NOT NULL DEFAULT '' CHECK (char_length(first_name) <= 150),
    last_name          text NOT NULL DEFAULT '' CHECK (char_length(last_name) <= 150),
    role               text NOT NULL DEFAULT 'jobseeker' CHECK (role IN ('jobseeker', 'company', 'admin')),
    password_hash      text NOT NULL,
    is_active          boolean NOT NULL DEFAULT true,
    -- Tokens issued before this instant are refused (account deletion, "log out everywhere").
    tokens_valid_after timestamptz NOT NULL DEFAULT '1970-01-01 00:00:00+00',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email)) WHERE email IS NOT NULL;

-- One row per refresh token ever issued; rotation marks the old one used.
CREATE TABLE refresh_tokens (
    jti        uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  uuid NOT NULL,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

-- Failed credential checks, counted per username and per client address within a sliding window.
CREATE TABLE login_failures (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username_key text NOT NULL,
    client_ip    text NOT NULL,
    failed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_user_idx ON login_failures (username_key, failed_at);
CREATE INDEX login_failures_ip_idx ON login_failures (client_ip, failed_at);

-- Token buckets for request rate limits (for example anonymous search per client address).
CREATE TABLE rate_buckets (
    key          text PRIMARY KEY,
    tokens       double precision NOT NULL,
    allowed      boolean NOT NULL DEFAULT true,
    refreshed_at timestamptz NOT NULL DEFAULT now()
);
