"""Loading the demo data into the embedded PostgreSQL: idempotent, consistent, signed-in and embedded."""

from __future__ import annotations

import importlib.util
import re

import pytest

from jobmatch import db
from jobmatch.config import ConfigurationError, Settings
from jobmatch.documents import looks_like_cv
from local import demo

TABLES = ("users", "companies", "skills", "jobs", "job_skills", "cvs")
INDEXERS = ("jobmatch.job_index", "jobmatch.cv_index")
INDEXERS_ABSENT = any(importlib.util.find_spec(name) is None for name in INDEXERS)


def table_counts() -> dict[str, int]:
    return {table: db.fetch_one(f"SELECT count(*) AS n FROM {table}")["n"] for table in TABLES}  # noqa: S608


def test_loading_twice_gives_the_same_rows_and_no_duplicates():
    # Given an empty database
    # When the demo data is loaded twice
    first = demo.load()
    after_first = table_counts()
    second = demo.load()

    # Then the first load created every row, the second none, and the tables did not change
    present = {kind: first[kind] for kind in demo.KINDS}
    assert first["created"] == present
    assert second["created"] == dict.fromkeys(demo.KINDS, 0)
    assert {kind: second[kind] for kind in demo.KINDS} == present
    assert table_counts() == after_first == present
    assert present["companies"] == 12 and present["jobs"] == 60 and present["users"] == 4 and present["cvs"] == 3

    # And no name, username or (company, title) pair appears twice
    for sql in (
        "SELECT lower(name) FROM companies GROUP BY 1 HAVING count(*) > 1",
        "SELECT lower(name) FROM skills GROUP BY 1 HAVING count(*) > 1",
        "SELECT lower(username) FROM users GROUP BY 1 HAVING count(*) > 1",
        "SELECT company_id, lower(title) FROM jobs GROUP BY 1, 2 HAVING count(*) > 1",
        "SELECT user_id FROM cvs GROUP BY 1 HAVING count(*) > 1",
    ):
        assert db.fetch_all(sql) == []


def test_existing_rows_are_kept_and_only_missing_ones_added():
    # Given a database where one demo skill and one demo account already exist
    db.execute("INSERT INTO skills (name) VALUES ('python')")
    db.execute("INSERT INTO users (username, password_hash, role) VALUES ('Demo_Seeker', 'kept-hash', 'jobseeker')")

    # When the demo data is loaded
    summary = demo.load()

    # Then those rows are matched case-insensitively and left as they were
    assert summary["created"]["skills"] == summary["skills"] - 1
    assert summary["created"]["users"] == 3
    assert db.fetch_one("SELECT count(*) AS n FROM skills WHERE lower(name) = 'python'")["n"] == 1
    assert (
        db.fetch_one("SELECT password_hash FROM users WHERE username = 'Demo_Seeker'")["password_hash"] == "kept-hash"
    )


def test_every_job_skill_is_named_in_its_job_text():
    # Given the loaded demo data
    demo.load()

    # When every job-skill link is read with its job's text
    links = db.fetch_all(
        "SELECT s.name, j.title || ' ' || j.description || ' ' || j.requirements AS text"
        " FROM job_skills js JOIN skills s ON s.id = js.skill_id JOIN jobs j ON j.id = js.job_id"
    )

    # Then each linked skill is written in the job, and each job has 3 to 8 of them
    assert len(links) == sum(len(job["skills"]) for job in demo.read_dataset().jobs)
    for link in links:
        assert re.search(rf"(?<!\w){re.escape(link['name'])}(?!\w)", link["text"], re.IGNORECASE), link["name"]
    per_job = db.fetch_all("SELECT count(*) AS n FROM job_skills GROUP BY job_id")
    assert len(per_job) == 60 and all(3 <= row["n"] <= 8 for row in per_job)


def test_jobs_look_like_a_live_job_board():
    # Given the loaded demo data
    demo.load()

    # Then postings span the last sixty days, a few are closed and about half show a salary
    jobs = db.fetch_all("SELECT posted_at, is_active, salary_range, requirements FROM jobs")
    ages = db.fetch_one(
        "SELECT min(now() - posted_at) AS newest, max(now() - posted_at) AS oldest FROM jobs"
    )  # fmt: skip
    assert ages["newest"].days <= 2 and 50 <= ages["oldest"].days < 60
    assert 3 <= sum(not job["is_active"] for job in jobs) <= 8
    assert 24 <= sum(job["salary_range"] is not None for job in jobs) <= 36
    assert all(job["requirements"].startswith("- ") for job in jobs)


def test_demo_accounts_sign_in_with_the_documented_password(auth_client):
    # Given the loaded demo data
    demo.load()
    password = demo.read_dataset().password

    # When each demo account signs in
    roles = {}
    for username in ("demo_seeker", "demo_analyst", "demo_nurse", "demo_company"):
        reply = auth_client.post("/api/auth/login/", {"username": username, "password": password})
        assert reply.status == 200, reply
        roles[username] = reply.json()["user"]["role"]

    # Then they are three jobseekers and one company account, and nobody is an administrator
    assert roles == {
        "demo_seeker": "jobseeker", "demo_analyst": "jobseeker", "demo_nurse": "jobseeker", "demo_company": "company",
    }  # fmt: skip
    assert db.fetch_one("SELECT count(*) AS n FROM users WHERE role = 'admin'")["n"] == 0
    hashes = db.fetch_all("SELECT password_hash FROM users")
    assert all(row["password_hash"].startswith("$argon2id$") for row in hashes)


def test_company_account_owns_some_companies():
    # Given the loaded demo data
    demo.load()

    # Then the company account owns four of the companies and the others have no owner
    rows = db.fetch_all(
        "SELECT u.username, count(*) AS n FROM companies c LEFT JOIN users u ON u.id = c.owner_id GROUP BY 1"
    )
    assert {row["username"]: row["n"] for row in rows} == {"demo_company": 4, None: 8}


def test_demo_cvs_are_cvs():
    # Given the loaded demo data
    demo.load()

    # Then every stored CV passes the CV check used for uploads
    texts = [row["parsed_text"] for row in db.fetch_all("SELECT parsed_text FROM cvs")]
    assert len(texts) == 3
    for text in texts:
        verdict = looks_like_cv(text)
        assert verdict.is_cv, verdict.reason


@pytest.mark.skipif(INDEXERS_ABSENT, reason="jobmatch.job_index or jobmatch.cv_index is absent from the layer")
def test_jobs_and_cvs_are_embedded_once():
    # Given the loaded demo data
    summary = demo.load()
    rows = db.fetch_one("SELECT count(*) AS n, count(DISTINCT job_id) AS jobs FROM job_embeddings")

    # Then every job and CV is embedded with the configured model, and nothing was left pending
    assert summary["embedded"] == {"jobs": 60, "cvs": 3} and summary["notes"] == []
    assert rows["jobs"] == 60
    statuses = db.fetch_all("SELECT embedding_status AS s, count(*) AS n FROM jobs GROUP BY 1")
    assert statuses == [{"s": "ready", "n": 60}]
    assert db.fetch_one("SELECT count(DISTINCT cv_id) AS n FROM cv_embeddings")["n"] == 3

    # When the data is loaded again
    again = demo.load()

    # Then nothing is embedded a second time
    assert again["embedded"] == {"jobs": 60, "cvs": 3}
    assert db.fetch_one("SELECT count(*) AS n FROM job_embeddings")["n"] == rows["n"]


def test_without_an_indexer_jobs_stay_pending_and_the_summary_says_so(monkeypatch):
    # Given a layer without the indexing modules
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args):
        return None if name in INDEXERS else real_find_spec(name, *args)

    monkeypatch.setattr(demo.importlib.util, "find_spec", find_spec)

    # When the demo data is loaded
    summary = demo.load()

    # Then the rows are pending and the summary names the missing modules
    assert summary["embedded"] == {"jobs": 0, "cvs": 0}
    assert any("jobmatch.job_index" in note for note in summary["notes"])
    assert any("jobmatch.cv_index" in note for note in summary["notes"])
    assert db.fetch_one("SELECT count(*) AS n FROM jobs WHERE embedding_status = 'pending'")["n"] == 60


def test_load_refuses_outside_local_development(monkeypatch, database_url):
    # Given settings of a deployed environment
    deployed = Settings(app_env="aws", database_url=database_url, jwt_secret_arn="arn:aws:secretsmanager:x")
    monkeypatch.setattr(demo, "get_settings", lambda: deployed)

    # When the demo data is loaded, then it is refused and nothing is written
    with pytest.raises(ConfigurationError):
        demo.load()
    assert table_counts() == dict.fromkeys(TABLES, 0)


def test_summary_names_the_accounts_and_the_password():
    # Given a load summary
    summary = demo.load()

    # When it is printed
    text = demo.describe(summary, demo.read_dataset())

    # Then it shows the counts, the embedding state, every account and the password to use
    assert "jobs 60 (60 new)" in text and "embedded: jobs" in text
    assert all(name in text for name in ("demo_seeker", "demo_analyst", "demo_nurse", "demo_company"))
    assert demo.read_dataset().password in text
