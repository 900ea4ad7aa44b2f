"""Two households (a jobseeker and a company user each) with rows in every table and files in S3,
linked across households as real use links them, for the export and erasure tests."""

# ruff: noqa: S608 - names come from the schema catalog or from this module, never from input

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from jobmatch import db, storage
from jobmatch.config import get_settings
from tests.integration.conftest import Account

VECTOR = "array_fill(0.1, ARRAY[512])::vector"

# Every column with a foreign key to users or cvs, and what happens to its rows when the target goes
FK_COLUMNS = """
SELECT kcu.table_name, kcu.column_name, ccu.table_name AS target, rc.delete_rule
FROM information_schema.referential_constraints rc
JOIN information_schema.key_column_usage kcu
  ON kcu.constraint_schema = rc.constraint_schema AND kcu.constraint_name = rc.constraint_name
JOIN information_schema.constraint_column_usage ccu
  ON ccu.constraint_schema = rc.constraint_schema AND ccu.constraint_name = rc.constraint_name
WHERE rc.constraint_schema = 'public' AND ccu.table_name IN ('users', 'cvs')
ORDER BY 1, 2
"""

# Every foreign key of the schema: child table and column, parent table and column, delete rule.
ALL_FKS = """
SELECT kcu.table_name AS child, kcu.column_name AS child_column, ccu.table_name AS parent,
       ccu.column_name AS parent_column, rc.delete_rule
FROM information_schema.referential_constraints rc
JOIN information_schema.key_column_usage kcu
  ON kcu.constraint_schema = rc.constraint_schema AND kcu.constraint_name = rc.constraint_name
JOIN information_schema.constraint_column_usage ccu
  ON ccu.constraint_schema = rc.constraint_schema AND ccu.constraint_name = rc.constraint_name
WHERE rc.constraint_schema = 'public'
"""

TABLES = """
SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
"""


@dataclass
class Household:
    """A jobseeker and a company user, with the ids of what was made for them."""

    tag: str
    seeker: Account
    company: Account
    company_id: str = ""
    job_id: str = ""
    cv_id: str = ""
    cv_key: str = ""
    upload_key: str = ""
    session_id: str = ""
    ids: dict[str, str] = field(default_factory=dict)

    def marker(self, what: str) -> str:
        return f"{self.tag}-PRIVATE-{what}"


def one(sql: str, params: dict) -> str:
    return str(db.fetch_one(sql + " RETURNING id", params)["id"])


def seed_household(s3, make_user, tag: str) -> Household:
    """A jobseeker with a CV (file and upload in S3) and all derived from it; a company with a job."""
    suffix = uuid.uuid4().hex[:8]
    seeker = make_user("jobseeker", f"{tag}-seeker-{suffix}")
    company = make_user("company", f"{tag}-company-{suffix}")
    home = Household(tag, seeker, company)
    _company(home)
    _cv(s3, home)
    _coaching(home)
    _interview(home)
    for user in (home.seeker, home.company):
        _sessions(user)
    return home


def _company(home: Household) -> None:
    home.company_id = one(
        "INSERT INTO companies (owner_id, name, location) VALUES (%(o)s, %(n)s, 'Leeds')",
        {"o": home.company.id, "n": f"{home.tag} Corp"},
    )
    home.job_id = one(
        "INSERT INTO jobs (company_id, title, description) VALUES (%(c)s, %(t)s, %(d)s)",
        {"c": home.company_id, "t": f"{home.tag} Backend Engineer", "d": f"APIs. {home.tag}-job-text"},
    )
    skill = db.fetch_one(
        "INSERT INTO skills (name) VALUES ('Python')"
        " ON CONFLICT (lower(name)) DO UPDATE SET name = 'Python' RETURNING id"
    )["id"]
    params = {"j": home.job_id, "s": skill}
    db.execute("INSERT INTO job_skills (job_id, skill_id) VALUES (%(j)s, %(s)s)", params)
    db.execute(
        f"INSERT INTO job_embeddings (job_id, chunk_index, chunk_text, embedding, model)"
        f" VALUES (%(j)s, 0, 'Build APIs', {VECTOR}, 'hash-v1-512')",
        {"j": home.job_id},
    )


def _cv(s3, home: Household) -> None:
    bucket = get_settings().cv_bucket
    home.cv_id = str(uuid.uuid4())
    home.cv_key = storage.cv_key(home.seeker.id, home.cv_id, 1, "cv.txt")
    text = f"Jane {home.tag}\nBackend engineer. {home.marker('cv')}"
    db.execute(
        "INSERT INTO cvs (id, user_id, filename, parsed_text, s3_key, version, embedding_status,"
        " embedded_version) VALUES (%(id)s, %(u)s, 'cv.txt', %(t)s, %(k)s, 1, 'ready', 1)",
        {"id": home.cv_id, "u": home.seeker.id, "t": text, "k": home.cv_key},
    )
    s3.put_object(Bucket=bucket, Key=home.cv_key, Body=text.encode())
    upload_id = str(uuid.uuid4())
    home.upload_key = storage.upload_key(home.seeker.id, upload_id, "new cv.pdf")
    db.execute(
        "INSERT INTO cv_uploads (id, user_id, s3_key, filename, expires_at, cv_id)"
        " VALUES (%(id)s, %(u)s, %(k)s, %(f)s, now() + interval '15 minutes', %(c)s)",
        {"id": upload_id, "u": home.seeker.id, "k": home.upload_key, "f": home.marker("upload")} | {"c": home.cv_id},
    )
    s3.put_object(Bucket=bucket, Key=home.upload_key, Body=b"%PDF-1.4 in flight")
    db.execute(
        f"INSERT INTO cv_embeddings (cv_id, cv_version, chunk_index, chunk_text, embedding, model)"
        f" VALUES (%(c)s, 1, 0, %(t)s, {VECTOR}, 'hash-v1-512')",
        {"c": home.cv_id, "t": home.marker("chunk")},
    )
    db.execute(
        "INSERT INTO cv_scores (cv_id, cv_version, overall, details, engine)"
        " VALUES (%(c)s, 1, 71, jsonb_build_object('note', %(m)s::text), 'offline')",
        {"c": home.cv_id, "m": home.marker("score")},
    )


def _coaching(home: Household) -> None:
    db.execute(
        "INSERT INTO recommendations (user_id, cv_id, section, recommendation) VALUES (%(u)s, %(c)s, 'summary', %(r)s)",
        {"u": home.seeker.id, "c": home.cv_id, "r": home.marker("recommendation")},
    )


def _interview(home: Household) -> None:
    home.session_id = one(
        "INSERT INTO interview_sessions (user_id, cv_id, job_description, difficulty,"
        " question_count, engine) VALUES (%(u)s, %(c)s, %(d)s, 'medium', 1, 'offline')",
        {"u": home.seeker.id, "c": home.cv_id, "d": home.marker("session")},
    )
    question = one(
        "INSERT INTO interview_questions (session_id, position, question, category, difficulty)"
        " VALUES (%(s)s, 0, %(q)s, 'technical', 'medium')",
        {"s": home.session_id, "q": home.marker("question")},
    )
    answer = one(
        "INSERT INTO interview_answers (question_id, user_answer) VALUES (%(q)s, %(a)s)",
        {"q": question, "a": home.marker("answer")},
    )
    db.execute(
        "INSERT INTO interview_evaluations (answer_id, overall_score, answer_analysis, engine)"
        " VALUES (%(a)s, 64, %(e)s, 'offline')",
        {"a": answer, "e": home.marker("evaluation")},
    )
    home.ids.update(question=question, answer=answer)


def _sessions(user: Account) -> None:
    db.execute(
        "INSERT INTO refresh_tokens (jti, user_id, family_id, expires_at)"
        " VALUES (gen_random_uuid(), %(u)s, gen_random_uuid(), now() + interval '1 day')",
        {"u": user.id},
    )
    db.execute(
        "INSERT INTO login_failures (username_key, client_ip) VALUES (lower(%(n)s), '198.51.100.4')",
        {"n": user.username},
    )


def link(seeker_home: Household, company_home: Household) -> None:
    """A jobseeker applies to a household's job, which matched and viewed the CV."""
    seeker, cv, job = seeker_home.seeker, seeker_home.cv_id, company_home.job_id
    db.execute(
        "INSERT INTO applications (cv_id, job_id, company_id, match_score, status)"
        " VALUES (%(c)s, %(j)s, %(co)s, 0.8, 'reviewing')",
        {"c": cv, "j": job, "co": company_home.company_id},
    )
    db.execute(
        "INSERT INTO match_results (user_id, cv_id, job_id, cv_version, score, explanation)"
        " VALUES (%(u)s, %(c)s, %(j)s, 1, 0.8, jsonb_build_object('note', %(m)s::text))",
        {"u": seeker.id, "c": cv, "j": job, "m": seeker_home.marker(f"match-{company_home.tag}")},
    )
    db.execute(
        "INSERT INTO profile_views (user_id, cv_id, viewer_id) VALUES (%(u)s, %(c)s, %(v)s)",
        {"u": seeker.id, "c": cv, "v": company_home.company.id},
    )
    db.execute("INSERT INTO rate_buckets (key, tokens) VALUES ('search:198.51.100.4', 3) ON CONFLICT DO NOTHING")


def seed_world(s3, make_user) -> tuple[Household, Household]:
    """Households A and B, each jobseeker applying to both companies."""
    a, b = seed_household(s3, make_user, "A"), seed_household(s3, make_user, "B")
    for seeker_home in (a, b):
        for company_home in (a, b):
            link(seeker_home, company_home)
    return a, b


# ---------------------------------------------------------------- what refers to a user


def fk_columns() -> list[dict]:
    return db.fetch_all(FK_COLUMNS)


def rows_referencing(user_ids: list[str], cv_ids: list[str]) -> dict[str, int]:
    """Per column with a foreign key to users or cvs (`table.column`): the rows holding one of the ids."""
    counts = {}
    for fk in fk_columns():
        ids = user_ids if fk["target"] == "users" else cv_ids
        table, column = fk["table_name"], fk["column_name"]
        row = db.fetch_one(f"SELECT count(*) AS n FROM {table} WHERE {column}::text = ANY(%(ids)s)", {"ids": ids})
        counts[f"{fk['table_name']}.{fk['column_name']}"] = row["n"]
    return counts


def rows_mentioning(*needles: str) -> dict[str, int]:
    """For every table: the rows whose text form (every column) contains one of the needles."""
    counts = {}
    for table in (row["tablename"] for row in db.fetch_all(TABLES)):
        row = db.fetch_one(
            f"SELECT count(*) AS n FROM {table} t WHERE EXISTS"
            " (SELECT 1 FROM unnest(%(needles)s::text[]) n WHERE strpos(lower(t::text), lower(n)) > 0)",
            {"needles": list(needles)},
        )
        counts[table] = row["n"]
    return counts


def cascade_closure() -> set[str]:
    """The tables whose rows go with a users row: reachable by ON DELETE CASCADE foreign keys."""
    edges = db.fetch_all(ALL_FKS)
    reached, frontier = {"users"}, ["users"]
    while frontier:
        parent = frontier.pop()
        for edge in edges:
            child = edge["child"]
            if edge["parent"] == parent and edge["delete_rule"] == "CASCADE" and child not in reached:
                reached.add(child)
                frontier.append(child)
    return reached


def keys_under(s3, prefix: str) -> list[str]:
    listing = s3.list_objects_v2(Bucket=get_settings().cv_bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))
