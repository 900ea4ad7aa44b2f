"""SQL of skills (names are unique case-insensitively: index `skills_name_lower_key`)."""

# ruff: noqa: S608 - statements are assembled from this module's constants only, never from input

COLUMNS = "id, name"

# `q` matches anywhere in the name, case-insensitively; LIKE wildcards in it are escaped by the caller.
FILTER = "WHERE (%(q)s::text IS NULL OR name ILIKE '%%' || %(q)s || '%%')"

LIST = f"SELECT {COLUMNS} FROM skills {FILTER} ORDER BY lower(name), id LIMIT %(limit)s OFFSET %(offset)s"
COUNT = f"SELECT count(*) AS n FROM skills {FILTER}"

GET = f"SELECT {COLUMNS} FROM skills WHERE id = %(id)s"

INSERT = f"INSERT INTO skills (name) VALUES (%(name)s) ON CONFLICT DO NOTHING RETURNING {COLUMNS}"

UPDATE = f"UPDATE skills SET name = %(name)s WHERE id = %(id)s RETURNING {COLUMNS}"

DELETE = "DELETE FROM skills WHERE id = %(id)s"
