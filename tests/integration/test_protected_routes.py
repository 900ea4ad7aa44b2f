"""Protected routes authenticate before they validate: an anonymous caller never sees validation details."""

import pytest

from tests.integration.conftest import Client, register_and_login


@pytest.fixture
def interview_client():
    from interview.app import lambda_handler

    return Client(lambda_handler)


def test_anonymous_invalid_body_is_401_not_400(interview_client):
    reply = interview_client.post("/api/interview/questions/", {"question_count": "many"})
    assert reply.status == 401
    assert reply.json() == {"detail": "Authentication credentials were not provided."}


def test_bad_token_with_invalid_body_is_401(interview_client):
    reply = interview_client.post("/api/interview/questions/", {}, token="not-a-token")
    assert reply.status == 401


def test_authenticated_invalid_body_is_400_naming_the_field(interview_client, auth_client):
    token = register_and_login(auth_client, "validator")["access"]
    reply = interview_client.post("/api/interview/questions/", {"question_count": 500}, token=token)
    assert reply.status == 400
    assert "job_description" in reply.json() and "question_count" in reply.json()
