"""Demo data: `python -m local.demo` migrates the database and loads `local/demo_data/`.

The dataset (12 companies, 147 skills, 60 jobs, 4 accounts, 3 CVs) is described in
`local/demo_data/README.md`. Loading is idempotent: a company is matched by name, a skill by name,
an account by username, a job by its company and title, a CV by its owner (an account has one
CV); rows that exist are left as they are. The jobs and CVs not embedded yet are then embedded
by `jobmatch.job_index.index_jobs` and `jobmatch.cv_index.embed_version` (when the layer has
them) with the configured embedder, the hash embedder by default.
The demo accounts share a published password: `load()` runs only when APP_ENV is local or test.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local.settings import add_import_paths, configure

add_import_paths()  # the layer's `jobmatch` package, imported the way Lambda does

from aws_lambda_powertools import Logger  # noqa: E402

from jobmatch import db  # noqa: E402
from jobmatch.config import ConfigurationError, get_settings  # noqa: E402
from jobmatch.documents import document_from_text  # noqa: E402
from jobmatch.errors import ServiceUnavailable, UpstreamError  # noqa: E402
from jobmatch.migrate import apply_migrations  # noqa: E402
from jobmatch.security import hash_password  # noqa: E402

logger = Logger(child=True)

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
# Advisory lock: two loaders at once (runner and CLI) never insert the same row twice.
LOCK_ID = 7_306_042
KINDS = ("users", "companies", "skills", "jobs", "job_skills", "cvs")

Counts = dict[str, int]


@dataclass(frozen=True)
class Dataset:
    """The demo rows as read from the JSON files; CVs carry their text."""

    password: str
    users: list[dict[str, Any]]
    companies: list[dict[str, Any]]
    skills: list[dict[str, Any]]
    jobs: list[dict[str, Any]]
    cvs: list[dict[str, Any]]


def read_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Read every file of the dataset."""
    accounts = _read_json(data_dir / "users.json")
    cvs = _read_json(data_dir / "cvs.json")
    texts = {cv["file"]: (data_dir / cv["file"]).read_text(encoding="utf-8") for cv in cvs}
    return Dataset(
        password=accounts["password"],
        users=accounts["users"],
        companies=_read_json(data_dir / "companies.json"),
        skills=_read_json(data_dir / "skills.json"),
        jobs=_read_json(data_dir / "jobs.json"),
        cvs=[{**cv, "text": texts[cv["file"]]} for cv in cvs],
    )


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def requirements_text(requirements: list[str]) -> str:
    """A job's requirements as stored: one "- " bullet per line."""
    return "\n".join(f"- {line}" for line in requirements)


# ---------------------------------------------------------------- loading


def load(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Insert the missing demo rows, embed what is not embedded yet, and return the counts."""
    if not get_settings().is_local:
        raise ConfigurationError("demo data (published password) loads only in local or test")
    data = read_dataset(data_dir)
    created = dict.fromkeys(KINDS, 0)
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%(lock)s)", {"lock": LOCK_ID})
        user_ids = _load_users(data, created)
        company_ids = _load_companies(data, user_ids, created)
        skill_ids = _load_skills(data, created)
        job_ids = _load_jobs(data, company_ids, skill_ids, created)
        cv_ids = _load_cvs(data, user_ids, created)
    notes: list[str] = []
    embedded = {"jobs": _embed_jobs(job_ids, notes), "cvs": _embed_cvs(cv_ids, notes)}
    logger.info("demo data loaded", extra={"rows_added": created, "rows_embedded": embedded})
    return {**_present(data), "created": created, "embedded": embedded, "notes": notes}


def _present(data: Dataset) -> Counts:
    """Rows of the dataset that are now in the database (all of them, once a load succeeded)."""
    return {
        "users": len(data.users),
        "companies": len(data.companies),
        "skills": len(data.skills),
        "jobs": len(data.jobs),
        "job_skills": sum(len(job["skills"]) for job in data.jobs),
        "cvs": len(data.cvs),
    }


def _ensure(kind: str, created: Counts, select_sql: str, insert_sql: str, params: dict) -> Any:
    """The id of the row that `select_sql` finds, else of the row that `insert_sql` inserts."""
    row = db.fetch_one(select_sql, params)
    if row:
        return row["id"]
    created[kind] += 1
    return db.fetch_one(insert_sql, params)["id"]


SELECT_USER = "SELECT id FROM users WHERE lower(username) = lower(%(username)s)"
INSERT_USER = """
INSERT INTO users (username, email, first_name, last_name, role, password_hash)
VALUES (%(username)s, %(email)s, %(first_name)s, %(last_name)s, %(role)s, %(password_hash)s)
RETURNING id
"""


def _load_users(data: Dataset, created: Counts) -> dict[str, Any]:
    """Accounts by username; a new one gets the demo password, an existing one keeps its own."""
    ids = {}
    for user in data.users:
        if user["role"] == "admin":
            raise ValueError("the demo dataset never creates an administrator")
        row = db.fetch_one(SELECT_USER, user)
        if row is None:
            created["users"] += 1
            password_hash = hash_password(data.password)
            row = db.fetch_one(INSERT_USER, {**user, "password_hash": password_hash})
        ids[user["username"]] = row["id"]
    return ids


SELECT_COMPANY = """
SELECT id FROM companies WHERE lower(name) = lower(%(name)s) ORDER BY created_at LIMIT 1
"""
INSERT_COMPANY = """
INSERT INTO companies (owner_id, name, website, location)
VALUES (%(owner_id)s, %(name)s, %(website)s, %(location)s)
RETURNING id
"""


def _load_companies(data: Dataset, user_ids: dict, created: Counts) -> dict[str, Any]:
    """Companies by name; some are owned by the demo company account, the others by nobody."""
    ids = {}
    for company in data.companies:
        params = {**company, "owner_id": user_ids.get(company["owner"])}
        ids[company["name"]] = _ensure("companies", created, SELECT_COMPANY, INSERT_COMPANY, params)
    return ids


SELECT_SKILL = "SELECT id FROM skills WHERE lower(name) = lower(%(name)s)"
INSERT_SKILL = "INSERT INTO skills (name) VALUES (%(name)s) RETURNING id"


def _load_skills(data: Dataset, created: Counts) -> dict[str, Any]:
    """Skill ids by lower-case name."""
    ids = {}
    for skill in data.skills:
        ids[skill["name"].lower()] = _ensure("skills", created, SELECT_SKILL, INSERT_SKILL, skill)
    return ids


SELECT_JOB = """
SELECT id FROM jobs WHERE company_id = %(company_id)s AND lower(title) = lower(%(title)s)
ORDER BY created_at LIMIT 1
"""
INSERT_JOB = """
INSERT INTO jobs (company_id, title, description, requirements, location, salary_range,
                  posted_at, is_active)
VALUES (%(company_id)s, %(title)s, %(description)s, %(requirements)s, %(location)s,
        %(salary_range)s, now() - make_interval(days => %(days)s, hours => %(hours)s),
        %(is_active)s)
RETURNING id
"""
INSERT_JOB_SKILL = """
INSERT INTO job_skills (job_id, skill_id) VALUES (%(job_id)s, %(skill_id)s) ON CONFLICT DO NOTHING
"""


def _load_jobs(data: Dataset, company_ids: dict, skill_ids: dict, created: Counts) -> list[Any]:
    """Jobs by company and title, posted over the last 60 days, linked to the skills they name."""
    ids = []
    for index, job in enumerate(data.jobs):
        params = {
            **job,
            "company_id": company_ids[job["company"]],
            "days": job["posted_days_ago"],
            "hours": (index * 7) % 24,
            "requirements": requirements_text(job["requirements"]),
        }
        job_id = _ensure("jobs", created, SELECT_JOB, INSERT_JOB, params)
        for name in job["skills"]:
            link = {"job_id": job_id, "skill_id": skill_ids[name.lower()]}
            created["job_skills"] += db.execute(INSERT_JOB_SKILL, link)
        ids.append(job_id)
    return ids


SELECT_CV = "SELECT id FROM cvs WHERE user_id = %(user_id)s ORDER BY updated_at DESC, id LIMIT 1"
INSERT_CV = """
INSERT INTO cvs (user_id, filename, parsed_text) VALUES (%(user_id)s, %(filename)s, %(text)s)
RETURNING id
"""


def _load_cvs(data: Dataset, user_ids: dict, created: Counts) -> list[Any]:
    """One CV per account, as everywhere in the product; its text normalised like an upload's."""
    ids = []
    for cv in data.cvs:
        document = document_from_text(cv["text"], cv["filename"])
        user_id = user_ids[cv["username"]]
        params = {"user_id": user_id, "filename": document.filename, "text": document.text}
        ids.append(_ensure("cvs", created, SELECT_CV, INSERT_CV, params))
    return ids


# ---------------------------------------------------------------- embedding

PENDING_JOBS = """
SELECT id FROM jobs WHERE id = ANY(%(ids)s) AND embedding_status <> 'ready' ORDER BY id
"""
PENDING_CVS = """
SELECT id::text, version, parsed_text FROM cvs
WHERE id = ANY(%(ids)s) AND embedding_status <> 'ready' ORDER BY id
"""
COUNT_READY = {
    "jobs": "SELECT count(*) AS n FROM jobs WHERE id = ANY(%(ids)s) AND embedding_status = 'ready'",
    "cvs": "SELECT count(*) AS n FROM cvs WHERE id = ANY(%(ids)s) AND embedding_status = 'ready'",
}


def _indexer(module_name: str, kind: str, notes: list[str]):
    """The layer module that embeds `kind`, or None (with a note) when the layer has none."""
    if importlib.util.find_spec(module_name) is None:
        notes.append(f"{module_name} is not available: the demo {kind} stay 'pending'")
        return None
    return importlib.import_module(module_name)


def _embed_jobs(ids: list[Any], notes: list[str]) -> int:
    """Embed the demo jobs not embedded yet, in one batch; return how many are embedded."""
    job_index = _indexer("jobmatch.job_index", "jobs", notes)
    pending = [row["id"] for row in db.fetch_all(PENDING_JOBS, {"ids": ids})]
    if job_index and pending:
        report = job_index.index_jobs(pending)
        if report.pending or report.failed:
            notes.append(f"jobs left unembedded: {report.pending} pending, {report.failed} failed")
    return db.fetch_one(COUNT_READY["jobs"], {"ids": ids})["n"]


def _embed_cvs(ids: list[Any], notes: list[str]) -> int:
    """Embed the current version of each demo CV not embedded yet; return how many are."""
    cv_index = _indexer("jobmatch.cv_index", "cvs", notes)
    for row in db.fetch_all(PENDING_CVS, {"ids": ids}) if cv_index else []:
        try:
            cv_index.embed_version(row["id"], row["version"], row["parsed_text"])
        except (ServiceUnavailable, UpstreamError) as exc:  # provider down: the CVs stay pending
            error = type(exc).__name__
            logger.warning("demo cv not embedded", extra={"cv_id": row["id"], "error": error})
            notes.append("CVs left pending: the embedding provider is unavailable")
            break
    return db.fetch_one(COUNT_READY["cvs"], {"ids": ids})["n"]


# ---------------------------------------------------------------- command line


def describe(summary: dict[str, Any], data: Dataset) -> str:
    """The summary printed by the command: counts, embeddings and how to sign in."""
    counts = [f"{kind.replace('_', ' ')} {summary[kind]} ({summary['created'][kind]} new)" for kind in KINDS]
    embedded = summary["embedded"]
    lines = [
        "demo data: " + ", ".join(counts),
        f"embedded: jobs {embedded['jobs']}/{summary['jobs']}, cvs {embedded['cvs']}/{summary['cvs']}",
        *(f"note: {note}" for note in summary["notes"]),
        f'demo accounts (password "{data.password}"):',
    ]
    cv_files = {cv["username"]: cv["filename"] for cv in data.cvs}
    for user in data.users:
        has_cv = user["username"] in cv_files
        extra = f"CV {cv_files[user['username']]}" if has_cv else _owned(user, data)
        name = f"{user['first_name']} {user['last_name']}"
        lines.append(f"  {user['username']:<14} {user['role']:<10} {name:<17} {extra}")
    return "\n".join(lines)


def _owned(user: dict[str, Any], data: Dataset) -> str:
    owned = [company["name"] for company in data.companies if company["owner"] == user["username"]]
    return "owns " + ", ".join(owned) if owned else ""


def main() -> int:
    configure()
    applied = apply_migrations()
    if applied:
        print(f"applied {len(applied)} migration(s): {', '.join(applied)}")
    print(describe(load(), read_dataset()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
