"""SQL of the accounts routes."""

USER_BY_USERNAME = """
SELECT id::text, username, email, first_name, last_name, role, password_hash, is_active
FROM users WHERE lower(username) = lower(%(username)s)
"""

USER_BY_ID = """
SELECT id::text, username, email, first_name, last_name, role, is_active, tokens_valid_after
FROM users WHERE id = %(id)s
"""

# The newest failure that still counts as the threshold-th one; when it exists the key is locked until it expires.
LOCKING_FAILURE_FOR_USER = """
SELECT failed_at + make_interval(secs => %(window)s) - now() AS remaining
FROM login_failures
WHERE username_key = %(key)s AND failed_at > now() - make_interval(secs => %(window)s)
ORDER BY failed_at DESC OFFSET %(threshold)s - 1 LIMIT 1
"""

LOCKING_FAILURE_FOR_IP = """
SELECT failed_at + make_interval(secs => %(window)s) - now() AS remaining
FROM login_failures
WHERE client_ip = %(key)s AND failed_at > now() - make_interval(secs => %(window)s)
ORDER BY failed_at DESC OFFSET %(threshold)s - 1 LIMIT 1
"""

RECORD_FAILURE = "INSERT INTO login_failures (username_key, client_ip) VALUES (%(key)s, %(ip)s)"
CLEAR_USER_FAILURES = "DELETE FROM login_failures WHERE username_key = %(key)s"
PURGE_OLD_FAILURES = "DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => %(window)s)"

INSERT_REFRESH = """
INSERT INTO refresh_tokens (jti, user_id, family_id, expires_at)
VALUES (%(jti)s, %(user_id)s, %(family_id)s, %(expires_at)s)
"""

REFRESH_FOR_UPDATE = """
SELECT t.jti, t.user_id::text, t.family_id, t.used_at, t.revoked_at, t.expires_at,
       u.role, u.is_active, u.tokens_valid_after
FROM refresh_tokens t JOIN users u ON u.id = t.user_id
WHERE t.jti = %(jti)s
FOR UPDATE OF t
"""

MARK_REFRESH_USED = "UPDATE refresh_tokens SET used_at = now() WHERE jti = %(jti)s"
REVOKE_FAMILY = "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = %(family_id)s AND revoked_at IS NULL"

PASSWORD_HASH = "SELECT password_hash FROM users WHERE id = %(id)s"  # noqa: S105 - a query
OTHER_ACTIVE_ADMIN = "SELECT 1 FROM users WHERE role = 'admin' AND is_active AND id <> %(id)s LIMIT 1"
