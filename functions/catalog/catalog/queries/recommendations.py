"""SQL of the read-only recommendations: all of them, or the caller's own."""

# ruff: noqa: S608 - statements are assembled from this module's constants only, never from input

COLUMNS = (
    "r.id, r.user_id AS user, r.cv_id AS cv, r.section, r.priority, r.recommendation, r.suggested_text, r.created_at"
)

VISIBLE = "(%(scope)s = 'all' OR (%(scope)s = 'own' AND r.user_id = %(caller)s::uuid))"
FILTER = f"WHERE {VISIBLE} AND (%(cv)s::uuid IS NULL OR r.cv_id = %(cv)s)"

LIST = f"""
SELECT {COLUMNS} FROM recommendations r {FILTER}
ORDER BY r.created_at DESC, r.id LIMIT %(limit)s OFFSET %(offset)s
"""
COUNT = f"SELECT count(*) AS n FROM recommendations r {FILTER}"
GET = f"SELECT {COLUMNS} FROM recommendations r WHERE r.id = %(id)s AND {VISIBLE}"
