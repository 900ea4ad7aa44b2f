"""DELETE /api/auth/me/ and the admin deletion: nothing of the user remains, in a table or in S3."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from jobmatch import accounts, db, privacy, storage
from tests.integration.privacy_data import (
    fk_columns,
    keys_under,
    rows_mentioning,
    rows_referencing,
    seed_world,
)
from tests.integration.rag_data import (  # noqa: F401 (fixtures)
    fresh_skills_fixture,
    ingest_fixture,
    s3_fixture,
)

ME = "/api/auth/me/"
PASSWORD = "Str0ng-pass!"


def nothing_left(user_ids: list[str], cv_ids: list[str], *needles: str) -> None:
    """No row refers to the users or CVs by foreign key, and no row of any table mentions them."""
    referencing = rows_referencing(user_ids, cv_ids)
    assert set(referencing.values()) == {0}, referencing
    mentions = rows_mentioning(*user_ids, *cv_ids, *needles)
    assert set(mentions.values()) == {0}, {table: n for table, n in mentions.items() if n}


def log_in(auth_client, account):
    return auth_client.post("/api/auth/login/", {"username": account.username, "password": PASSWORD})


def count(sql: str, **params) -> int:
    return db.fetch_one(f"SELECT count(*) AS n FROM {sql}", params)["n"]  # noqa: S608 - tests' SQL


@pytest.fixture
def world(s3, make_user):
    return seed_world(s3, make_user)


def test_the_seed_puts_a_row_in_every_table_that_refers_to_a_user(world):
    # Given households A and B (a new table referring to users or cvs fails here until seeded)
    a, _ = world

    # Then every column with a foreign key to users or cvs holds a row of household A
    counts = rows_referencing([a.seeker.id, a.company.id], [a.cv_id])
    assert len(counts) >= len(fk_columns()) > 10
    assert all(n > 0 for n in counts.values()), [column for column, n in counts.items() if n == 0]


def test_deleting_my_account_leaves_no_row_and_no_file(auth_client, s3, world):
    # Given a jobseeker with a CV, its file and an upload in S3, applications, matches, interviews...
    a, b = world
    login = log_in(auth_client, a.seeker).json()

    # When they delete their account with their password
    reply = auth_client.delete(ME, {"password": PASSWORD}, token=a.seeker.token)

    # Then it is gone: no row refers to or mentions them, their CV or its text; no file is left
    assert reply.status == 204, reply
    nothing_left([a.seeker.id], [a.cv_id], a.seeker.username, "A-PRIVATE")
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == []
    assert count("pending_erasures") == 0

    # And no token of theirs works any more, nor does their password
    assert auth_client.get(ME, token=a.seeker.token).status == 401
    assert auth_client.get(ME, token=login["access"]).status == 401
    assert auth_client.post("/api/auth/token/refresh/", {"refresh": login["refresh"]}).status == 401
    assert log_in(auth_client, a.seeker).status == 401

    # And the other household, and the company the jobseeker applied to, are untouched
    assert keys_under(s3, f"cvs/{b.seeker.id}/") == sorted([b.cv_key, b.upload_key])
    assert count("cvs WHERE id = %(id)s", id=b.cv_id) == 1
    assert count("applications WHERE cv_id = %(id)s", id=b.cv_id) == 2
    assert count("jobs WHERE id = %(id)s", id=a.job_id) == 1
    assert count("interview_answers WHERE id = %(id)s", id=b.ids["answer"]) == 1


def test_a_company_user_goes_with_their_companies_jobs_and_the_applications_to_them(auth_client, s3, world):
    # Given company user A, whose job both jobseekers applied to and who viewed both CVs
    a, b = world

    # When they delete their account
    reply = auth_client.delete(ME, {"password": PASSWORD}, token=a.company.token)

    # Then their company and job are gone, with the applications and stored matches to that job
    assert reply.status == 204, reply
    nothing_left([a.company.id], [], a.company.username)
    assert count("companies WHERE id = %(id)s", id=a.company_id) == 0
    assert count("applications WHERE job_id = %(id)s", id=a.job_id) == 0
    assert count("match_results WHERE job_id = %(id)s", id=a.job_id) == 0

    # And the applicants keep their CVs and other applications; their views stay, without viewer
    assert count("cvs WHERE id = ANY(%(ids)s)", ids=[a.cv_id, b.cv_id]) == 2
    assert count("applications WHERE job_id = %(id)s", id=b.job_id) == 2
    assert count("profile_views WHERE user_id = %(id)s AND viewer_id IS NULL", id=b.seeker.id) == 1
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == sorted([a.cv_key, a.upload_key])


def test_a_company_handed_over_first_stays_with_its_jobs(auth_client, catalog_client, s3, make_user, world):
    # Given an administrator who hands company A over to another company user
    a, _ = world
    admin, heir = make_user("admin"), make_user("company")
    patch = {"owner": heir.id}
    assert catalog_client.patch(f"/api/companies/{a.company_id}/", patch, token=admin.token).status == 200

    # When the former owner deletes their account
    assert auth_client.delete(ME, {"password": PASSWORD}, token=a.company.token).status == 204

    # Then the company, its job and the applications to it stay, with the new owner
    assert count("companies WHERE id = %(id)s AND owner_id = %(o)s", id=a.company_id, o=heir.id) == 1
    assert count("applications WHERE job_id = %(id)s", id=a.job_id) == 2
    nothing_left([a.company.id], [], a.company.username)


def test_admin_deletion_erases_the_files_too(catalog_client, s3, make_user, world):
    # Given an administrator and jobseeker A with files in S3
    admin = make_user("admin")
    a, _ = world

    # When the administrator deletes the jobseeker through the user directory
    reply = catalog_client.delete(f"/api/sb-users/{a.seeker.id}/", token=admin.token)

    # Then it is the same erasure: no row, no file (deleting themselves there stays refused)
    assert reply.status == 204, reply
    nothing_left([a.seeker.id], [a.cv_id], a.seeker.username, "A-PRIVATE")
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == []
    assert catalog_client.delete(f"/api/sb-users/{admin.id}/", token=admin.token).status == 400


def test_a_wrong_or_missing_password_deletes_nothing(auth_client, s3, world):
    a, _ = world

    wrong = auth_client.delete(ME, {"password": "not-my-password"}, token=a.seeker.token)
    missing = auth_client.delete(ME, {}, token=a.seeker.token)
    anonymous = auth_client.delete(ME, {"password": PASSWORD})

    assert (wrong.status, wrong.json()) == (400, {"password": ["The password is incorrect."]})
    assert (missing.status, missing.json()) == (400, {"password": ["This field is required."]})
    assert anonymous.status == 401
    assert auth_client.get(ME, token=a.seeker.token).status == 200
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == sorted([a.cv_key, a.upload_key])


def test_wrong_passwords_lock_deletion_as_they_lock_login(auth_client, s3, make_user):
    # Given a stolen access token, used to guess the password
    user = make_user()
    for _ in range(5):
        assert auth_client.delete(ME, {"password": "guess-again"}, token=user.token).status == 400

    # When the right password comes after five wrong ones
    locked = auth_client.delete(ME, {"password": PASSWORD}, token=user.token)

    # Then the account is locked like a login would be, and still exists
    assert locked.status == 429 and int(locked.headers["retry-after"]) > 0
    assert auth_client.get(ME, token=user.token).status == 200


def test_the_only_administrator_cannot_delete_their_account(auth_client, s3, make_user):
    only = make_user("admin")

    refused = auth_client.delete(ME, {"password": PASSWORD}, token=only.token)
    make_user("admin")
    accepted = auth_client.delete(ME, {"password": PASSWORD}, token=only.token)

    assert refused.status == 409 and "only active administrator" in refused.json()["detail"]
    assert accepted.status == 204


def failing_s3(monkeypatch, *, after: int = 0, partial: bool = False):
    """DeleteObjects failing from call `after` on: raising, or with per-key errors as IAM answers."""
    client = storage.client()
    real = client.delete_objects
    calls = []

    def delete_objects(**kwargs):
        calls.append(kwargs)
        if len(calls) <= after:
            return real(**kwargs)
        if partial:
            keys = [item["Key"] for item in kwargs["Delete"]["Objects"]]
            return {"Errors": [{"Key": key, "Code": "AccessDenied"} for key in keys]}
        raise ClientError({"Error": {"Code": "InternalError", "Message": "boom"}}, "DeleteObjects")

    monkeypatch.setattr(client, "delete_objects", delete_objects)
    return calls


@pytest.mark.parametrize("partial", [False, True], ids=["s3-error", "per-key-errors"])
def test_storage_outage_is_a_503_that_deletes_nothing_and_can_be_retried(auth_client, s3, world, monkeypatch, partial):
    # Given S3 refusing to delete
    a, _ = world
    failing_s3(monkeypatch, partial=partial)

    # When the jobseeker deletes their account
    reply = auth_client.delete(ME, {"password": PASSWORD}, token=a.seeker.token)

    # Then a clear 503: every row and file is still there, only the sessions were ended
    assert reply.status == 503 and "nothing was deleted" in reply.json()["detail"]
    assert count("users WHERE id = %(id)s", id=a.seeker.id) == 1
    assert count("interview_answers WHERE id = %(id)s", id=a.ids["answer"]) == 1
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == sorted([a.cv_key, a.upload_key])
    assert auth_client.get(ME, token=a.seeker.token).status == 401

    # And once S3 is back, logging in again and retrying erases everything
    monkeypatch.undo()
    db.execute(  # as if the retry came a second later: token times have a one-second resolution
        "UPDATE users SET tokens_valid_after = tokens_valid_after - interval '1 second' WHERE id = %(id)s",
        {"id": a.seeker.id},
    )
    login = log_in(auth_client, a.seeker).json()
    assert auth_client.delete(ME, {"password": PASSWORD}, token=login["access"]).status == 204
    nothing_left([a.seeker.id], [a.cv_id], a.seeker.username, "A-PRIVATE")
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == []


def upload_landing_during_erasure(monkeypatch, s3, key: str) -> None:
    """An upload in flight whose object lands after the first listing, as the rows are deleted."""
    delete_rows = privacy._delete_rows

    def landing_then_delete(user, prefix):
        s3.put_object(Bucket=storage.get_settings().cv_bucket, Key=key, Body=b"late")
        return delete_rows(user, prefix)

    monkeypatch.setattr(privacy, "_delete_rows", landing_then_delete)


def test_an_upload_landing_during_the_erasure_is_deleted_too(auth_client, s3, world, monkeypatch):
    a, _ = world
    late = storage.upload_key(a.seeker.id, "0b5e4c55-5b0a-4f43-8f8e-6a1f0e0e0e0e", "late.pdf")
    upload_landing_during_erasure(monkeypatch, s3, late)

    reply = auth_client.delete(ME, {"password": PASSWORD}, token=a.seeker.token)

    assert reply.status == 204, reply
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == []
    assert count("pending_erasures") == 0


def test_files_that_s3_fails_to_delete_after_the_rows_are_gone_are_finished_by_the_sweep(
    auth_client, s3, world, monkeypatch
):
    # Given an upload landing during the erasure, and S3 failing right after the rows were deleted
    a, _ = world
    late = storage.upload_key(a.seeker.id, "0b5e4c55-5b0a-4f43-8f8e-6a1f0e0e0e0e", "late.pdf")
    upload_landing_during_erasure(monkeypatch, s3, late)
    failing_s3(monkeypatch, after=1)

    # When the jobseeker deletes their account
    reply = auth_client.delete(ME, {"password": PASSWORD}, token=a.seeker.token)

    # Then the account is gone (204) and the prefix is recorded as pending with its late file
    assert reply.status == 204, reply
    assert count("users WHERE id = %(id)s", id=a.seeker.id) == 0
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == [late]
    pending = db.fetch_one("SELECT prefix, attempts FROM pending_erasures")
    assert pending == {"prefix": f"cvs/{a.seeker.id}/", "attempts": 1}

    # And once S3 is back, the sweep empties the prefix and forgets it
    monkeypatch.undo()
    assert privacy.finish_pending_erasures() == 1
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == []
    assert count("pending_erasures") == 0


def test_notifications_in_flight_after_the_erasure_change_nothing(auth_client, s3, ingest, world):
    # Given an erased jobseeker whose CV file and upload were still on their way through the queue
    a, _ = world
    assert auth_client.delete(ME, {"password": PASSWORD}, token=a.seeker.token).status == 204

    # When those notifications reach the ingest function, and a still valid presigned POST lands
    answers = [ingest(a.cv_key), ingest(a.upload_key)]
    s3.put_object(Bucket=storage.get_settings().cv_bucket, Key=a.upload_key, Body=b"%PDF-1.4")
    answers.append(ingest(a.upload_key))

    # Then every message is acknowledged, no row is created and the late object is deleted
    assert answers == [{"batchItemFailures": []}] * 3
    nothing_left([a.seeker.id], [a.cv_id], a.seeker.username, "A-PRIVATE")
    assert keys_under(s3, f"cvs/{a.seeker.id}/") == []


def test_erasing_an_unknown_user_is_false_and_a_transaction_is_refused(s3, make_user):
    assert accounts.delete_user("8d7b1c1e-0000-4000-8000-000000000000") is False
    assert accounts.delete_user("not-a-uuid") is False
    user = make_user()
    with pytest.raises(RuntimeError), db.transaction():
        accounts.delete_user(user.id)
    assert count("users WHERE id = %(id)s", id=user.id) == 1


def test_a_large_prefix_is_emptied_batch_by_batch(s3, monkeypatch):
    # Given 25 objects under one user's prefix, one under another's, and batches of 10 (1,000 in use)
    bucket = storage.get_settings().cv_bucket
    prefix, other = "cvs/8d7b1c1e-0000-4000-8000-000000000001/", "cvs/8d7b1c1e-0000-4000-8000-000000000002/"
    for n in range(25):
        s3.put_object(Bucket=bucket, Key=f"{prefix}uploads/{n:05d}-cv.txt", Body=b"x")
    s3.put_object(Bucket=bucket, Key=f"{other}uploads/00000-cv.txt", Body=b"x")
    monkeypatch.setattr(privacy, "BATCH", 10)
    calls = failing_s3(monkeypatch, after=10**6)  # counts the calls, fails none

    # When the prefix is purged
    deleted = privacy.purge_prefix(prefix)

    # Then every object under it is gone, in three DeleteObjects requests, and the other user's stays
    assert deleted == 25 and [len(call["Delete"]["Objects"]) for call in calls] == [10, 10, 5]
    assert keys_under(s3, prefix) == [] and len(keys_under(s3, other)) == 1
