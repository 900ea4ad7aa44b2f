"""Robustness fixtures: a seeded runner per test module, and the same world in this process for inside checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import httpx
import pytest
from moto import mock_aws

from tests.integration.conftest import KEEP_TABLES, database_url  # noqa: F401 (fixture)
from tests.robustness import harness


@dataclass
class Stack:
    """A running runner, a client on it and its seeded world."""

    runner: harness.Runner
    client: httpx.Client
    world: harness.World


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    """A runner with relaxed rate limits on a database of its own, with the world seeded through its API."""
    with harness.scratch_database("robust") as url:
        harness.create_admin(url, "root_admin")
        runner = harness.start_runner(tmp_path_factory.mktemp("runner"), url, harness.RELAXED_LIMITS)
        try:
            with httpx.Client(base_url=runner.base_url, timeout=60) as client:
                world = harness.build_world(client, "root_admin", lambda w: harness.wait_for_embeddings(client, w))
                yield Stack(runner, client, world)
        finally:
            code = runner.stop()
        assert code in (0, 130), runner.output()[-3000:]


def truncate_all() -> None:
    """Empty every table of the in-process database (the integration database of this worker)."""
    from jobmatch import db

    tables = [
        row["tablename"]
        for row in db.fetch_all("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        if row["tablename"] not in KEEP_TABLES
    ]
    db.execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")


@dataclass
class Inside:
    """The gateway in this process, its seeded world and the mocked S3 client."""

    api: harness.InProcessApi
    world: harness.World
    s3: object


@pytest.fixture(scope="module")
def inside(database_url) -> Iterator[Inside]:  # noqa: F811 (the imported fixture)
    """The world seeded through the gateway in this process, on this worker's integration database."""
    from jobmatch import accounts, cv_index, skills, storage
    from jobmatch.config import get_settings

    truncate_all()
    skills.clear_cache()
    with mock_aws():
        storage.client.cache_clear()
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=get_settings().cv_bucket)
        accounts.create_user(username="root_admin", password=harness.PASSWORD, role="admin")
        api = harness.InProcessApi()
        world = harness.build_world(api, "root_admin", lambda w: _embed_inside(w, cv_index))
        yield Inside(api, world, s3)
        storage.client.cache_clear()
    truncate_all()
    skills.clear_cache()


def _embed_inside(world: harness.World, cv_index) -> None:
    """What the ingest function does for each CV's S3 notification."""
    from jobmatch import db

    for cv in world.ids("cv"):
        key = db.fetch_one("SELECT s3_key FROM cvs WHERE id = %(id)s", {"id": cv})["s3_key"]
        assert cv_index.ingest_object(key) == "embedded"
