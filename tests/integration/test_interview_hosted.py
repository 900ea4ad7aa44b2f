"""Interview routes with a hosted engine: an OpenAI-compatible server mocked with respx, and a slow fake provider."""

from __future__ import annotations

import json
import re
import threading
import time

import httpx
import pytest
import respx

from jobmatch import config, db
from jobmatch.ai import engine
from jobmatch.ai.base import Provider
from jobmatch.ai.retry import RetryPolicy
from tests.integration.conftest import Client, register_and_login
from tests.integration.test_interview import CV, JOB

API = "https://llm.example.test/v1"
MODEL = "accounts/test/models/interviewer"
CONTACT = "Reach me at jane.doe@example.com or +44 7700 900123, 221B Baker Street, London NW1 6XE."


@pytest.fixture
def client() -> Client:
    from interview.app import lambda_handler

    return Client(lambda_handler)


@pytest.fixture
def alice(auth_client) -> str:
    return register_and_login(auth_client, "alice")["access"]


@pytest.fixture
def hosted(monkeypatch):
    """The process configured for an OpenAI-compatible chat server."""
    monkeypatch.setenv("CHAT_ENGINE", "openai")
    monkeypatch.setenv("CHAT_MODEL", MODEL)
    monkeypatch.setenv("CHAT_API_BASE", API)
    monkeypatch.setenv("AI_API_KEY", "sk-test")
    config.get_settings.cache_clear()
    engine.reset_provider_cache()
    yield
    monkeypatch.undo()
    config.get_settings.cache_clear()
    engine.reset_provider_cache()


def completion(payload: dict | str) -> httpx.Response:
    content = payload if isinstance(payload, str) else json.dumps(payload)
    message = {"role": "assistant", "content": content}
    return httpx.Response(200, json={"choices": [{"index": 0, "message": message, "finish_reason": "stop"}]})


def question_set(count: int) -> dict:
    categories = ["technical", "behavioral", "situational", "role-specific"]
    return {"questions": [
        {"question": f"Hosted question number {i}: how would you use React here?", "category": categories[i % 4],
         "tips": "Be specific.", "expected_answer_focus": "depth, examples, results"}
        for i in range(count)
    ]}  # fmt: skip


EVALUATION = {
    "overall_score": 77,
    "strengths": ["Clear structure"],
    "weaknesses": ["No figures"],
    "correct_answer": "Describe the React migration at Acme Corp and its 40% faster page load.",
    "answer_analysis": "Good answer.",
    "improvement_tips": ["Quote the 40% improvement", "Mention your PMP certification"],
    "follow_up_questions": ["How did you measure it?"],
}


@respx.mock
def test_questions_from_a_hosted_model_name_the_engine_and_leave_without_contact_details(client, alice, hosted):
    # Given a hosted model that writes questions
    route = respx.post(f"{API}/chat/completions").mock(return_value=completion(question_set(3)))
    # When questions are asked for with a CV full of contact details
    body = {"job_description": JOB, "cv_text": f"{CONTACT}\n{CV}", "question_count": 3}
    reply = client.post("/api/interview/questions/", body, token=alice)
    # Then the model's questions come back and the session records the engine
    assert reply.status == 200, reply
    out = reply.json()
    assert out["engine"] == f"openai:{MODEL}"
    assert out["questions"][0]["question"].startswith("Hosted question number 0")
    stored = db.fetch_one("SELECT engine FROM interview_sessions WHERE id = %(id)s", {"id": out["session_id"]})
    assert stored["engine"] == f"openai:{MODEL}"
    # And the CV reached the model without its contact details
    sent = route.calls.last.request.content.decode()
    assert "Acme Corp" in sent
    for detail in ("jane.doe@example.com", "7700 900123", "Baker Street", "NW1 6XE"):
        assert detail not in sent


@respx.mock
def test_invalid_model_output_falls_back_and_says_so(client, alice, hosted):
    respx.post(f"{API}/chat/completions").mock(return_value=completion("Sure! Here are your questions: 1. ..."))
    reply = client.post("/api/interview/questions/", {"job_description": JOB, "question_count": 4}, token=alice)
    assert reply.status == 200, reply
    assert reply.json()["engine"] == "offline" and len(reply.json()["questions"]) == 4


@respx.mock
def test_hosted_evaluation_is_stored_with_its_engine_and_ungrounded_tips_removed(client, alice, hosted):
    # Given a session (questions written by the model) and a model that evaluates answers
    respx.post(f"{API}/chat/completions").mock(side_effect=[completion(question_set(1)), completion(EVALUATION)])
    session = client.post("/api/interview/questions/", {"job_description": JOB, "cv_text": CV, "question_count": 1},
                          token=alice).json()  # fmt: skip
    question = session["questions"][0]
    # When an answer to its question is evaluated with the CV (pasted CV text is not kept with the session)
    body = {"question_id": question["id"], "user_answer": "I led it.", "cv_text": CV}
    reply = client.post("/api/interview/evaluate/", body, token=alice)
    # Then the evaluation names the engine, and a tip about a certificate the CV lacks is gone
    assert reply.status == 200, reply
    out = reply.json()
    assert out["engine"] == f"openai:{MODEL}" and out["overall_score"] == 77
    assert out["improvement_tips"] == ["Quote the 40% improvement"]
    stored = db.fetch_one("SELECT engine FROM interview_evaluations WHERE id = %(id)s", {"id": out["evaluation_id"]})
    assert stored["engine"] == f"openai:{MODEL}"


class Interviewer(Provider):
    """A fake hosted model: answers after a pause, scores each answer by the number it contains."""

    name = "fake:interviewer"
    retry = RetryPolicy()

    def __init__(self, pause_s: float = 0.05):
        self.pause_s = pause_s
        self.lock = threading.Lock()
        self.running = self.peak = 0

    def complete(self, prompt, deadline):
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        time.sleep(self.pause_s)
        with self.lock:
            self.running -= 1
        answer = json.loads(prompt.user)["data"]["answer"]
        return dict(EVALUATION, overall_score=int(re.search(r"\d+", answer).group())), 1


def test_batch_evaluations_run_concurrently_and_stay_with_their_questions(client, alice, monkeypatch):
    # Given a session of fifteen questions (offline) and a hosted model that is slow to answer
    session = client.post("/api/interview/questions/", {"job_description": JOB, "question_count": 15},
                          token=alice).json()  # fmt: skip
    model = Interviewer()
    monkeypatch.setattr(engine, "get_provider", lambda settings=None: model)
    # When all answers are submitted, each scoring its own number
    answers = [{"question_id": q["id"], "user_answer": f"My answer scores {i + 50}."}
               for i, q in enumerate(session["questions"])]  # fmt: skip
    body = {"session_id": session["session_id"], "answers": list(reversed(answers))}
    reply = client.post("/api/interview/submit-all-answers/", body, token=alice)
    # Then the calls overlapped (bounded by the pool), and every score belongs to its own question's answer
    assert reply.status == 200, reply
    assert 1 < model.peak <= engine.MAX_PARALLEL
    out = reply.json()
    expected = {a["question_id"]: int(a["user_answer"].split()[-1].rstrip(".")) for a in answers}
    assert {e["question_id"]: e["evaluation"]["overall_score"] for e in out["evaluations"]} == expected
    assert out["engines"] == ["fake:interviewer"] and out["session_complete"] is True
    stored = db.fetch_all(
        "SELECT a.question_id::text AS q, e.overall_score FROM interview_evaluations e "
        "JOIN interview_answers a ON a.id = e.answer_id"
    )
    assert {row["q"]: row["overall_score"] for row in stored} == expected
