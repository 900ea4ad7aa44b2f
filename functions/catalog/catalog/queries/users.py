"""SQL of the administrators' user directory; password hashes are never selected."""

# ruff: noqa: S608 - statements are assembled from this module's constants only, never from input

COLUMNS = "id, username, email, first_name, last_name, role, is_active, created_at, updated_at"

FILTER = "WHERE (%(role)s::text IS NULL OR role = %(role)s)"

LIST = f"SELECT {COLUMNS} FROM users {FILTER} ORDER BY created_at DESC, id LIMIT %(limit)s OFFSET %(offset)s"
COUNT = f"SELECT count(*) AS n FROM users {FILTER}"

GET = f"SELECT {COLUMNS} FROM users WHERE id = %(id)s"
GET_FOR_UPDATE = GET + " FOR UPDATE"

UPDATE = f"""
UPDATE users
SET username = %(username)s, email = %(email)s, first_name = %(first_name)s, last_name = %(last_name)s,
    role = %(role)s, is_active = %(is_active)s, password_hash = COALESCE(%(password_hash)s, password_hash),
    updated_at = now()
WHERE id = %(id)s
RETURNING {COLUMNS}
"""
