"""SQL of CVs; `VISIBLE` is the scope rule of `policy.cv_scope`."""

# ruff: noqa: S608 - statements are assembled from this module's constants only, never from input

COLUMNS = (
    "v.id, v.user_id AS user, v.filename, v.parsed_text, v.version, v.embedding_status, v.created_at, v.updated_at"
)

VISIBLE = """
(%(scope)s = 'all'
 OR (%(scope)s = 'own' AND v.user_id = %(caller)s::uuid)
 OR (%(scope)s = 'company' AND EXISTS (
        SELECT 1 FROM applications a JOIN companies co ON co.id = a.company_id
        WHERE a.cv_id = v.id AND co.owner_id = %(caller)s::uuid)))
"""

FILTER = f"WHERE {VISIBLE} AND (%(user)s::uuid IS NULL OR v.user_id = %(user)s)"

LIST = f"""
SELECT {COLUMNS} FROM cvs v {FILTER}
ORDER BY v.updated_at DESC, v.id LIMIT %(limit)s OFFSET %(offset)s
"""
COUNT = f"SELECT count(*) AS n FROM cvs v {FILTER}"

GET = f"SELECT {COLUMNS} FROM cvs v WHERE v.id = %(id)s AND {VISIBLE}"
GET_FOR_UPDATE = GET + " FOR UPDATE"

USER_EXISTS = "SELECT 1 FROM users WHERE id = %(id)s"

INSERT = """
INSERT INTO cvs (user_id, filename, parsed_text) VALUES (%(user)s, %(filename)s, %(parsed_text)s)
RETURNING id
"""

RENAME = "UPDATE cvs SET filename = %(filename)s, updated_at = now() WHERE id = %(id)s"

# New text makes a new version, pending until the ingest sweep embeds it (as `jobmatch.cv_index` does for
# uploads); the old version's chunks and stored matches go.
NEW_VERSION = """
UPDATE cvs
SET filename = %(filename)s, parsed_text = %(parsed_text)s, version = version + 1, embedding_status = 'pending',
    embedded_version = NULL, updated_at = now()
WHERE id = %(id)s
"""
DELETE_EMBEDDINGS = "DELETE FROM cv_embeddings WHERE cv_id = %(id)s"
DELETE_MATCHES = "DELETE FROM match_results WHERE cv_id = %(id)s"

DELETE = "DELETE FROM cvs WHERE id = %(id)s"

FILE_KEY = "SELECT s3_key FROM cvs WHERE id = %(id)s"
# New text makes the uploaded file stale: the record keeps the text, the file goes.
FORGET_FILE = "UPDATE cvs SET s3_key = NULL WHERE id = %(id)s"

RECORD_VIEW = "INSERT INTO profile_views (user_id, cv_id, viewer_id) VALUES (%(user)s, %(id)s, %(viewer)s)"
