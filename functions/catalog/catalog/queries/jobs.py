"""SQL of jobs and their skills."""

# ruff: noqa: S608 - statements are assembled from this module's constants only, never from input

# The skills of the job `j`, alphabetically, as a JSON array.
SKILLS = """
COALESCE((
    SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY lower(s.name))
    FROM job_skills js JOIN skills s ON s.id = js.skill_id
    WHERE js.job_id = j.id
), '[]'::json) AS skills
"""

FIELDS = """
j.id, j.company_id AS company, j.title, j.description, j.requirements, j.location, j.salary_range,
j.posted_at, j.is_active, j.embedding_status, j.created_at, j.updated_at
"""
COLUMNS = f"{FIELDS}, {SKILLS}"

# `q` is a web-search style query (words, "quoted phrases", -excluded) over title, description and
# requirements, served by the GIN index on `search_document`.
FILTER = """
WHERE (%(is_active)s::boolean IS NULL OR j.is_active = %(is_active)s)
  AND (%(company)s::uuid IS NULL OR j.company_id = %(company)s)
  AND (%(q)s::text IS NULL OR j.search_document @@ websearch_to_tsquery('simple', %(q)s))
"""

# The page is cut first (index `jobs_posted_idx`), then only its rows get their skills.
LIST = f"""
SELECT j.*, {SKILLS}
FROM (SELECT {FIELDS} FROM jobs j {FILTER} ORDER BY j.posted_at DESC, j.id LIMIT %(limit)s OFFSET %(offset)s) j
ORDER BY j.posted_at DESC, j.id
"""
COUNT = f"SELECT count(*) AS n FROM jobs j {FILTER}"

GET = f"SELECT {COLUMNS} FROM jobs j WHERE j.id = %(id)s"

# The writable fields of a job with its company's owner; `LOCKED` holds the row for the write.
OWNED = """
SELECT j.company_id AS company, j.title, j.description, j.requirements, j.location, j.salary_range,
       j.posted_at, j.is_active, j.embedding_status, c.owner_id
FROM jobs j JOIN companies c ON c.id = j.company_id
WHERE j.id = %(id)s
"""
LOCKED = OWNED + "FOR UPDATE OF j"

COMPANY_OWNER = "SELECT id, owner_id FROM companies WHERE id = %(id)s"

INSERT = """
INSERT INTO jobs (company_id, title, description, requirements, location, salary_range, posted_at, is_active,
                  embedding_status)
VALUES (%(company)s, %(title)s, %(description)s, %(requirements)s, %(location)s, %(salary_range)s,
        COALESCE(%(posted_at)s, now()), %(is_active)s, %(embedding_status)s)
RETURNING id
"""

UPDATE = """
UPDATE jobs
SET company_id = %(company)s, title = %(title)s, description = %(description)s, requirements = %(requirements)s,
    location = %(location)s, salary_range = %(salary_range)s, posted_at = COALESCE(%(posted_at)s, posted_at),
    is_active = %(is_active)s, updated_at = now()
WHERE id = %(id)s
"""

# Applications follow their job when it moves to another company.
MOVE_APPLICATIONS = "UPDATE applications SET company_id = %(company)s, updated_at = now() WHERE job_id = %(id)s"

DELETE = "DELETE FROM jobs WHERE id = %(id)s"

SKILL_EXISTS = "SELECT 1 FROM skills WHERE id = %(skill)s"
ATTACH_SKILL = """
INSERT INTO job_skills (job_id, skill_id) VALUES (%(id)s, %(skill)s) ON CONFLICT DO NOTHING
"""
DETACH_SKILL = "DELETE FROM job_skills WHERE job_id = %(id)s AND skill_id = %(skill)s"

# Bulk import: binary COPY of new jobs, left `pending` for the indexer.
COPY_JOBS = """
COPY jobs (company_id, title, description, requirements, location, salary_range, posted_at, is_active)
FROM STDIN WITH (FORMAT BINARY)
"""
COPY_TYPES = ["uuid", "text", "text", "text", "text", "text", "timestamptz", "bool"]
