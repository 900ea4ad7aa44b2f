"""SQL of companies."""

# ruff: noqa: S608 - statements are assembled from this module's constants only, never from input

COLUMNS = "id, owner_id AS owner, name, website, location, created_at, updated_at"

FILTER = "WHERE (%(owner)s::uuid IS NULL OR owner_id = %(owner)s)"

LIST = f"""
SELECT {COLUMNS} FROM companies {FILTER}
ORDER BY created_at DESC, id LIMIT %(limit)s OFFSET %(offset)s
"""
COUNT = f"SELECT count(*) AS n FROM companies {FILTER}"

GET = f"SELECT {COLUMNS} FROM companies WHERE id = %(id)s"
GET_FOR_UPDATE = GET + " FOR UPDATE"

INSERT = f"""
INSERT INTO companies (owner_id, name, website, location)
VALUES (%(owner)s, %(name)s, %(website)s, %(location)s)
RETURNING {COLUMNS}
"""

UPDATE = f"""
UPDATE companies
SET owner_id = %(owner)s, name = %(name)s, website = %(website)s, location = %(location)s, updated_at = now()
WHERE id = %(id)s
RETURNING {COLUMNS}
"""

DELETE = "DELETE FROM companies WHERE id = %(id)s"

USER_ROLE = "SELECT role FROM users WHERE id = %(id)s"
