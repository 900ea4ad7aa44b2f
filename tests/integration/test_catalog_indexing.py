"""Job embeddings kept current: batch indexing, the sweep, the bulk import and `make reindex`."""

from __future__ import annotations

import numpy as np
import pytest

from catalog.logic import jobs as job_logic
from jobmatch import cv_index, db, job_index
from jobmatch.embeddings import HashEmbedder
from jobmatch.errors import UpstreamError
from local import reindex
from tests.integration import catalog_data as data


class RefusesPoison(HashEmbedder):
    """The hash embedder, except that the provider chokes on any batch holding the word 'poison'."""

    def _embed_texts(self, texts, kind):
        if any("poison" in text for text in texts):
            raise UpstreamError("invalid answer")
        return super()._embed_texts(texts, kind)


class OtherModel(HashEmbedder):
    model_id = "other-model-512"


@pytest.fixture
def company_id(catalog_client, make_user):
    owner = make_user("company")
    return data.company(catalog_client, owner)["id"]


def statuses() -> dict[str, str]:
    return {row["title"]: row["embedding_status"] for row in db.fetch_all("SELECT title, embedding_status FROM jobs")}


def imported(company_id: str, titles: list[str]) -> list[str]:
    job_logic.import_jobs({"company": company_id, "title": title, "description": f"About {title}."} for title in titles)
    return [row["id"] for row in db.fetch_all("SELECT id FROM jobs ORDER BY title")]


def test_bulk_import_leaves_jobs_pending_until_the_sweep(company_id):
    # Given 30 jobs loaded with COPY
    imported(company_id, [f"job {n:02d}" for n in range(30)])
    assert set(statuses().values()) == {"pending"}

    # When the sweep runs with a limit of 20, twice
    first = job_index.sweep_pending(limit=20, batch=8)
    second = job_index.sweep_pending(limit=20, batch=8)

    # Then it embedded 20, then the other 10, each with its own chunks
    assert (first.ready, second.ready) == (20, 10)
    assert set(statuses().values()) == {"ready"}
    per_job = db.fetch_all("SELECT count(*) AS n FROM job_embeddings GROUP BY job_id")
    assert len(per_job) == 30 and all(row["n"] == 1 for row in per_job)


def test_one_unembeddable_job_fails_alone(company_id, monkeypatch):
    imported(company_id, ["alpha", "poison pill", "omega"])
    monkeypatch.setattr(job_index, "get_embedder", RefusesPoison)

    report = job_index.sweep_pending(limit=10)

    assert (report.ready, report.failed) == (2, 1)
    assert statuses() == {"alpha": "ready", "poison pill": "failed", "omega": "ready"}
    # a failed job is not retried by the sweep, only by a full re-index
    assert job_index.sweep_pending(limit=10).failed == 0


def test_the_sweep_stops_while_the_provider_is_down(company_id, monkeypatch):
    imported(company_id, [f"job {n}" for n in range(10)])
    monkeypatch.setattr(job_index, "get_embedder", data.ProviderDown)

    report = job_index.sweep_pending(limit=10, batch=3)

    assert report.ready == 0 and report.pending == 3  # the first batch only
    assert set(statuses().values()) == {"pending"}


def test_a_job_changed_while_embedding_is_left_to_the_newer_write(company_id, monkeypatch):
    # Given a pending job whose title changes while its old text is being embedded
    (job_id,) = imported(company_id, ["Old title"])
    real = job_index.embed_many

    def embed_then_race(texts):
        results = real(texts)
        db.execute("UPDATE jobs SET title = 'New title' WHERE id = %(id)s", {"id": job_id})
        return results

    monkeypatch.setattr(job_index, "embed_many", embed_then_race)

    # When the indexer finishes
    status = job_index.index_job(job_id)

    # Then it wrote nothing for the old text
    assert status is None
    assert db.fetch_one("SELECT count(*) AS n FROM job_embeddings")["n"] == 0
    assert statuses() == {"New title": "pending"}


def test_reindex_rebuilds_every_job_and_cv_with_the_new_model(catalog_client, make_user, company_id, monkeypatch):
    # Given embedded jobs, one failed job, and an embedded CV
    imported(company_id, ["alpha", "beta"])
    job_index.sweep_pending()
    db.execute("UPDATE jobs SET embedding_status = 'failed' WHERE title = 'beta'")
    seeker = make_user()
    cv = data.cv(catalog_client, seeker)
    cv_index.embed_version(cv["id"], 1, data.PYTHON_CV)

    # When the model changes and everything is re-indexed
    monkeypatch.setattr(job_index, "get_embedder", OtherModel)
    monkeypatch.setattr(cv_index, "get_embedder", OtherModel)
    jobs = reindex.reindex_jobs(pending_only=False, batch=1, progress=False)
    cvs = reindex.reindex_cvs(pending_only=False, batch=10, progress=False)

    # Then every row is the new model's and nothing is left failed
    assert (jobs.ready, cvs.ready) == (2, 1)
    models = db.fetch_all("SELECT DISTINCT model FROM job_embeddings UNION SELECT DISTINCT model FROM cv_embeddings")
    assert models == [{"model": "other-model-512"}]
    assert set(statuses().values()) == {"ready"}


def test_reindex_pending_reports_an_outage(company_id, monkeypatch):
    imported(company_id, ["alpha", "beta", "gamma"])
    monkeypatch.setattr(job_index, "get_embedder", data.ProviderDown)

    totals = reindex.reindex_jobs(pending_only=True, batch=2, progress=False)

    assert totals.ready == 0 and totals.pending == 3


def test_job_vectors_are_unit_length_and_match_the_embedder(company_id):
    (job_id,) = imported(company_id, ["Python developer"])
    job_index.index_job(job_id)

    row = db.fetch_one("SELECT chunk_text, embedding FROM job_embeddings WHERE job_id = %(id)s", {"id": job_id})
    vector = row["embedding"].to_numpy()

    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)
    assert np.allclose(vector, HashEmbedder().embed_documents([row["chunk_text"]])[0], atol=1e-6)


def test_a_reindex_during_an_outage_keeps_the_existing_vectors(company_id, monkeypatch):
    imported(company_id, ["alpha"])
    job_index.sweep_pending()
    before = db.fetch_all("SELECT id FROM job_embeddings")
    monkeypatch.setattr(job_index, "get_embedder", data.ProviderDown)

    totals = reindex.reindex_jobs(pending_only=False, batch=10, progress=False)

    assert totals.pending == 1
    assert statuses() == {"alpha": "ready"} and db.fetch_all("SELECT id FROM job_embeddings") == before


def test_sweep_re_embeds_jobs_left_with_vectors_of_an_older_model(company_id, monkeypatch):
    # Given jobs embedded with the current model
    imported(company_id, ["alpha", "beta"])
    job_index.sweep_pending()

    # When the configured model changes and the scheduled sweep runs
    monkeypatch.setattr(job_index, "get_embedder", OtherModel)
    report = job_index.sweep_pending()

    # Then every job's vectors now come from the new model
    assert report.ready == 2
    models = {row["model"] for row in db.fetch_all("SELECT DISTINCT model FROM job_embeddings")}
    assert models == {OtherModel().model_id}
