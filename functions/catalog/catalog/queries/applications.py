"""SQL of applications; `VISIBLE` is the scope rule of `policy.application_scope`."""

# ruff: noqa: S608 - statements are assembled from this module's constants only, never from input

COLUMNS = """
a.id, a.cv_id AS cv, a.job_id AS job, a.company_id AS company, a.match_score, a.status, a.matched_at,
a.created_at, a.updated_at
"""

VISIBLE = """
(%(scope)s = 'all'
 OR (%(scope)s = 'own' AND EXISTS (SELECT 1 FROM cvs v WHERE v.id = a.cv_id AND v.user_id = %(caller)s::uuid))
 OR (%(scope)s = 'company' AND EXISTS (
        SELECT 1 FROM companies co WHERE co.id = a.company_id AND co.owner_id = %(caller)s::uuid)))
"""

FILTER = f"""
WHERE {VISIBLE}
  AND (%(job)s::uuid IS NULL OR a.job_id = %(job)s)
  AND (%(status)s::text IS NULL OR a.status = %(status)s)
"""

LIST = f"""
SELECT {COLUMNS} FROM applications a {FILTER}
ORDER BY a.matched_at DESC, a.id LIMIT %(limit)s OFFSET %(offset)s
"""
COUNT = f"SELECT count(*) AS n FROM applications a {FILTER}"

GET = f"SELECT {COLUMNS} FROM applications a WHERE a.id = %(id)s AND {VISIBLE}"
GET_FOR_UPDATE = GET + " FOR UPDATE"

CV_OWNER = "SELECT user_id FROM cvs WHERE id = %(id)s"
JOB = "SELECT company_id, is_active FROM jobs WHERE id = %(id)s"

INSERT = f"""
INSERT INTO applications AS a (cv_id, job_id, company_id, match_score)
VALUES (%(cv)s, %(job)s, %(company)s, %(match_score)s)
ON CONFLICT (cv_id, job_id) DO NOTHING
RETURNING {COLUMNS}
"""

UPDATE = f"""
UPDATE applications AS a
SET status = %(status)s, match_score = %(match_score)s, updated_at = now(),
    matched_at = CASE WHEN %(rescored)s THEN now() ELSE matched_at END
WHERE a.id = %(id)s
RETURNING {COLUMNS}
"""

DELETE = "DELETE FROM applications WHERE id = %(id)s"
