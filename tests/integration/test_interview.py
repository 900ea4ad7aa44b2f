"""Interview routes through the interview handler with the offline engine, against the embedded PostgreSQL."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from jobmatch import db
from tests.integration.conftest import Client, register_and_login

JOB = """Senior Frontend Developer

We are looking for a Senior Frontend Developer with React, TypeScript, and 5+ years experience.
Responsibilities:
- Build and maintain React components for our design system
- Collaborate with designers and backend engineers to ship features
- Improve web performance and accessibility
- Mentor junior developers and review code
Requirements:
- Experience with Redux or other state management
- Knowledge of CI/CD and automated testing (Jest, Cypress)
"""
CV = """Jane Doe - Frontend Engineer at Acme Corp (2019-2024)
- Led the migration of a 200k-line AngularJS app to React, cutting page load time by 40%.
- Built a component library used by 6 teams.
- Introduced Jest and Cypress tests, raising coverage from 30% to 85%.
Skills: React, JavaScript, Redux, CSS, Git
"""
GOOD_ANSWER = (
    "At Acme Corp our main dashboard took 8 seconds to load and customers were complaining. I was responsible for "
    "the frontend performance work. I profiled the bundle and found we shipped the whole charting library on every "
    "page. I introduced code splitting with React.lazy, memoised the heavy table rows and moved filtering to a web "
    "worker. As a result the load time dropped from 8 to 2.5 seconds and support tickets about slowness fell by 60%."
)
WEAK_ANSWER = "I worked on an app once. It was fine."
CATEGORIES = {"technical", "behavioral", "situational", "role-specific"}


@pytest.fixture
def client() -> Client:
    from interview.app import lambda_handler

    return Client(lambda_handler)


@pytest.fixture
def alice(auth_client) -> str:
    return register_and_login(auth_client, "alice")["access"]


@pytest.fixture
def bob(auth_client) -> str:
    return register_and_login(auth_client, "bob")["access"]


def user_id(token_owner: str) -> str:
    return db.fetch_one("SELECT id::text FROM users WHERE username = %(u)s", {"u": token_owner})["id"]


def add_cv(username: str, text: str, filename: str = "cv.pdf") -> str:
    row = db.fetch_one(
        "INSERT INTO cvs (user_id, filename, parsed_text) VALUES (%(u)s, %(f)s, %(t)s) RETURNING id::text",
        {"u": user_id(username), "f": filename, "t": text},
    )
    return row["id"]


def new_session(client: Client, token: str, count: int = 4, difficulty: str = "medium", **extra) -> dict:
    body = {"job_description": JOB, "question_count": count, "difficulty": difficulty, **extra}
    reply = client.post("/api/interview/questions/", body, token=token)
    assert reply.status == 201 or reply.status == 200, reply
    return reply.json()


def count(table: str) -> int:
    return db.fetch_one(f"SELECT count(*) AS n FROM {table}")["n"]  # noqa: S608 - fixed table names in tests


# --- questions -------------------------------------------------------------------------------------------------


def test_questions_follow_the_contract_and_are_stored(client, alice):
    # Given a job seeker with a CV
    add_cv("alice", CV)

    # When they ask for questions with the defaults
    reply = client.post("/api/interview/questions/", {"job_description": JOB}, token=alice)

    # Then ten distinct questions of the fixed categories come back, with the batch-flow fields
    assert reply.status == 200, reply
    body = reply.json()
    assert body["question_count"] == 10 and len(body["questions"]) == 10
    assert body["difficulty"] == "medium" and body["flow"] == "batch_processing"
    assert body["job_description"] == JOB and "submit-all-answers" in body["instructions"]
    assert body["engine"] == "offline"
    texts = [q["question"] for q in body["questions"]]
    assert len(set(texts)) == 10
    for question in body["questions"]:
        assert set(question) == {"id", "question", "category", "difficulty", "tips", "expected_answer_focus"}
        assert question["category"] in CATEGORIES and question["difficulty"] == "medium"
        assert question["tips"] and question["expected_answer_focus"]
    assert len({q["category"] for q in body["questions"]}) == 4
    # And the session and its questions are stored for the caller, tied to the CV
    session = db.fetch_one("SELECT * FROM interview_sessions WHERE id = %(id)s", {"id": body["session_id"]})
    assert str(session["user_id"]) == user_id("alice") and session["engine"] == "offline"
    assert session["cv_id"] is not None and session["question_count"] == 10
    assert count("interview_questions") == 10


def test_questions_are_grounded_in_the_job_and_the_latest_cv(client, alice):
    # Given an older CV and a newer one
    add_cv("alice", "Barista, latte art, customer service.", "old.pdf")
    newest = add_cv("alice", CV, "new.pdf")
    db.execute("UPDATE cvs SET updated_at = now() + interval '1 minute' WHERE id = %(id)s", {"id": newest})

    # When questions are generated without naming a CV
    body = new_session(client, alice, count=12)

    # Then they name skills of the job and refer to the newest CV, and the session records that CV
    text = " ".join(q["question"] + " " + q["tips"] for q in body["questions"])
    assert "React" in text and "TypeScript" in text
    assert "AngularJS" in text  # an achievement of the newest CV
    assert "latte" not in text
    stored = db.fetch_one("SELECT cv_id::text FROM interview_sessions WHERE id = %(id)s", {"id": body["session_id"]})
    assert stored["cv_id"] == newest


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_difficulty_changes_the_questions(client, alice, difficulty):
    # When questions of each difficulty are generated for the same job
    body = new_session(client, alice, count=3, difficulty=difficulty, cv_text=CV)
    # Then every question carries that difficulty, and hard ones ask about trade-offs, scale or failure
    assert {q["difficulty"] for q in body["questions"]} == {difficulty}
    if difficulty == "hard":
        text = " ".join(q["question"].lower() for q in body["questions"])
        assert any(word in text for word in ("trade-off", "scale", "wrong", "fail", "challenge", "degrades"))


def test_twenty_questions_are_all_different(client, alice):
    body = new_session(client, alice, count=20, cv_text=CV)
    assert len({q["question"] for q in body["questions"]}) == 20


def test_a_named_cv_must_belong_to_the_caller(client, alice, bob):
    # Given Bob's CV
    bobs = add_cv("bob", CV)
    # When Alice names it, or a CV that does not exist
    mine = client.post("/api/interview/questions/", {"job_description": JOB, "cv_id": bobs}, token=alice)
    unknown = client.post(
        "/api/interview/questions/", {"job_description": JOB, "cv_id": str(uuid.uuid4())}, token=alice
    )
    # Then both are not found, and no session was created
    assert mine.status == 404 and unknown.status == 404
    assert count("interview_sessions") == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "job_description"),
        ({"job_description": "   "}, "job_description"),
        ({"job_description": "x" * 20_001}, "job_description"),
        ({"job_description": JOB, "cv_text": "x" * 100_001}, "cv_text"),
        ({"job_description": JOB, "question_count": 0}, "question_count"),
        ({"job_description": JOB, "question_count": 21}, "question_count"),
        ({"job_description": JOB, "difficulty": "extreme"}, "difficulty"),
        ({"job_description": JOB, "cv_id": "not-a-uuid"}, "cv_id"),
        ({"job_description": JOB, "cv_id": str(uuid.uuid4()), "cv_text": CV}, "cv_text"),
    ],
)
def test_invalid_question_requests_name_the_field(client, alice, body, field):
    reply = client.post("/api/interview/questions/", body, token=alice)
    assert reply.status == 400, reply
    assert field in reply.json()


def test_every_route_requires_authentication(client):
    routes = [
        ("POST", "/api/interview/questions/", {"job_description": JOB}),
        ("POST", "/api/interview/practice/", {"question": "Why?", "answer": "Because."}),
        ("POST", "/api/interview/evaluate/", {"question": "Why?", "user_answer": "Because."}),
        ("POST", "/api/interview/submit-answer/", {"question_id": str(uuid.uuid4()), "user_answer": "x"}),
        ("POST", "/api/interview/submit-all-answers/", {"session_id": str(uuid.uuid4()), "answers": [
            {"question_id": str(uuid.uuid4()), "user_answer": "x"}]}),
        ("GET", "/api/interview/history/", None),
        ("GET", "/api/interview/progress/", None),
    ]  # fmt: skip
    for method, path, body in routes:
        assert client.request(method, path, body).status == 401, path


# --- practice and evaluate -------------------------------------------------------------------------------------


def test_practice_gives_feedback_without_storing_anything(client, alice):
    # When Alice practises an answer
    body = {
        "question": "Tell me about a challenging React project and how you solved performance issues",
        "answer": GOOD_ANSWER,
        "job_description": JOB,
    }
    reply = client.post("/api/interview/practice/", body, token=alice)
    # Then she gets the contract's feedback, and nothing is stored
    assert reply.status == 200, reply
    out = reply.json()
    assert set(out) >= {"overall_score", "strengths", "areas_for_improvement", "follow_up_question",
                        "detailed_feedback", "question", "answer", "engine"}  # fmt: skip
    assert 0 <= out["overall_score"] <= 100 and out["engine"] == "offline"
    assert out["question"] == body["question"] and out["answer"] == GOOD_ANSWER
    assert out["strengths"] and out["follow_up_question"].endswith("?") and out["detailed_feedback"]
    assert count("interview_sessions") == count("interview_answers") == 0


def test_a_strong_answer_scores_higher_than_a_weak_one(client, alice):
    question = "Tell me about a challenging React project and how you solved performance issues"
    strong = client.post("/api/interview/practice/", {"question": question, "answer": GOOD_ANSWER}, token=alice)
    weak = client.post("/api/interview/practice/", {"question": question, "answer": WEAK_ANSWER}, token=alice)
    assert strong.json()["overall_score"] >= weak.json()["overall_score"] + 30
    assert weak.json()["areas_for_improvement"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answer": "x"}, "question"),
        ({"question": "Why?"}, "answer"),
        ({"question": "Why?", "answer": "x" * 10_001}, "answer"),
        ({"question": "Why?", "answer": "  "}, "answer"),
        ({"question": "Why?", "answer": "x", "job_description": "j" * 20_001}, "job_description"),
    ],
)
def test_invalid_practice_requests_name_the_field(client, alice, body, field):
    reply = client.post("/api/interview/practice/", body, token=alice)
    assert reply.status == 400 and field in reply.json(), reply


def test_stateless_evaluation_follows_the_contract(client, alice):
    body = {"question": "How do you handle state management in React?", "user_answer": "I use Redux for big apps."}
    reply = client.post("/api/interview/evaluate/", body, token=alice)
    assert reply.status == 200, reply
    out = reply.json()
    for key in ("strengths", "weaknesses", "improvement_tips", "follow_up_questions"):
        assert isinstance(out[key], list)
    assert 0 <= out["overall_score"] <= 100 and out["correct_answer"] and out["answer_analysis"]
    assert out["question"] == body["question"] and out["user_answer"] == body["user_answer"]
    assert out["engine"] == "offline" and out["evaluation_id"] is None
    assert count("interview_evaluations") == 0


def test_evaluating_an_own_question_stores_the_answer_and_its_evaluation(client, alice):
    # Given a session of Alice's
    question = new_session(client, alice, count=2)["questions"][0]
    # When she evaluates an answer to one of its questions
    body = {"question_id": question["id"], "user_answer": GOOD_ANSWER}
    reply = client.post("/api/interview/evaluate/", body, token=alice)
    # Then the evaluation is about that question and is stored as the question's current answer
    assert reply.status == 200, reply
    out = reply.json()
    assert out["question"] == question["question"] and out["question_id"] == question["id"]
    stored = db.fetch_one(
        "SELECT e.overall_score, a.user_answer FROM interview_evaluations e JOIN interview_answers a "
        "ON a.id = e.answer_id WHERE e.id = %(id)s",
        {"id": out["evaluation_id"]},
    )
    assert stored == {"overall_score": out["overall_score"], "user_answer": GOOD_ANSWER}


def test_evaluating_an_own_answer_replaces_its_evaluation(client, alice):
    # Given a stored answer with an evaluation
    question = new_session(client, alice, count=1)["questions"][0]
    first = client.post("/api/interview/evaluate/", {"question_id": question["id"], "user_answer": WEAK_ANSWER},
                        token=alice).json()  # fmt: skip
    # When the answer is evaluated again by its id
    again = client.post("/api/interview/evaluate/", {"answer_id": first["answer_id"]}, token=alice)
    # Then there is still one evaluation for that answer
    assert again.status == 200, again
    assert again.json()["answer_id"] == first["answer_id"] and again.json()["user_answer"] == WEAK_ANSWER
    assert count("interview_evaluations") == 1


def test_evaluating_someone_elses_question_or_answer_is_not_found(client, alice, bob):
    # Given Bob's question with an answer
    question = new_session(client, bob, count=1)["questions"][0]
    answer = client.post("/api/interview/submit-answer/", {"question_id": question["id"], "user_answer": "Mine."},
                         token=bob).json()  # fmt: skip
    # When Alice tries to evaluate either
    by_question = client.post("/api/interview/evaluate/", {"question_id": question["id"], "user_answer": "x"},
                              token=alice)  # fmt: skip
    by_answer = client.post("/api/interview/evaluate/", {"answer_id": answer["answer_id"]}, token=alice)
    # Then neither exists for her and nothing was stored
    assert by_question.status == 404 and by_answer.status == 404
    assert count("interview_evaluations") == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [({"user_answer": "x"}, "question"), ({"question": "Why?"}, "user_answer")],
)
def test_stateless_evaluation_needs_question_and_answer(client, alice, body, field):
    reply = client.post("/api/interview/evaluate/", body, token=alice)
    assert reply.status == 400 and field in reply.json(), reply


# --- answers ---------------------------------------------------------------------------------------------------


def test_submit_answer_stores_one_current_answer_per_question(client, alice):
    # Given a question with an evaluated answer
    question = new_session(client, alice, count=1)["questions"][0]
    first = client.post("/api/interview/evaluate/", {"question_id": question["id"], "user_answer": WEAK_ANSWER},
                        token=alice).json()  # fmt: skip
    # When a new answer is submitted for the same question
    reply = client.post("/api/interview/submit-answer/", {"question_id": question["id"], "user_answer": GOOD_ANSWER},
                        token=alice)  # fmt: skip
    # Then it is created (201) and replaces the old answer, whose evaluation no longer applies
    assert reply.status == 201, reply
    out = reply.json()
    assert set(out) == {"answer_id", "question_id", "user_answer", "submitted_at"}
    assert out["question_id"] == question["id"] and out["user_answer"] == GOOD_ANSWER
    assert out["answer_id"] == first["answer_id"]
    assert count("interview_answers") == 1 and count("interview_evaluations") == 0


def test_submit_answer_to_a_foreign_or_unknown_question_is_not_found(client, alice, bob):
    question = new_session(client, bob, count=1)["questions"][0]
    foreign = client.post("/api/interview/submit-answer/", {"question_id": question["id"], "user_answer": "x"},
                          token=alice)  # fmt: skip
    unknown = client.post("/api/interview/submit-answer/", {"question_id": str(uuid.uuid4()), "user_answer": "x"},
                          token=alice)  # fmt: skip
    assert foreign.status == 404 and unknown.status == 404
    assert count("interview_answers") == 0


def test_submit_answer_validates_the_body(client, alice):
    question = new_session(client, alice, count=1)["questions"][0]
    too_long = {"question_id": question["id"], "user_answer": "x" * 10_001}
    assert "user_answer" in client.post("/api/interview/submit-answer/", too_long, token=alice).json()
    bad_id = {"question_id": "42", "user_answer": "x"}
    assert "question_id" in client.post("/api/interview/submit-answer/", bad_id, token=alice).json()


def test_submit_all_evaluates_by_question_id_and_lists_rejections(client, alice, bob):
    # Given Alice's session and a question of Bob's
    session = new_session(client, alice, count=3, cv_text=CV)
    first, second, third = session["questions"]
    foreign = new_session(client, bob, count=1)["questions"][0]
    unknown = str(uuid.uuid4())
    # When she submits answers in reverse order, plus answers to unknown, foreign and blank ones
    answers = [
        {"question_id": third["id"], "user_answer": WEAK_ANSWER},
        {"question_id": unknown, "user_answer": "lost"},
        {"question_id": first["id"], "user_answer": GOOD_ANSWER},
        {"question_id": foreign["id"], "user_answer": "not mine"},
        {"question_id": second["id"], "user_answer": "   "},
    ]
    reply = client.post("/api/interview/submit-all-answers/", {"session_id": session["session_id"], "answers": answers},
                        token=alice)  # fmt: skip
    # Then each evaluation belongs to the answer given for its question
    assert reply.status == 200, reply
    out = reply.json()
    by_question = {item["question_id"]: item for item in out["evaluations"]}
    assert set(by_question) == {first["id"], third["id"]}
    assert by_question[first["id"]]["user_answer"] == GOOD_ANSWER
    assert by_question[first["id"]]["question"] == first["question"]
    assert by_question[third["id"]]["user_answer"] == WEAK_ANSWER
    for item in out["evaluations"]:
        assert item["engine"] == "offline" and 0 <= item["evaluation"]["overall_score"] <= 100
    # And the others are listed with a reason, not silently dropped
    rejected = {item["question_id"]: item["reason"] for item in out["rejected"]}
    assert set(rejected) == {unknown, foreign["id"], second["id"]}
    assert "blank" in rejected[second["id"]].lower()
    # And the totals describe the session
    assert out["total_questions"] == 3 and out["total_evaluations"] == 2 and out["session_complete"] is False
    scores = [item["evaluation"]["overall_score"] for item in out["evaluations"]]
    assert out["average_score"] == pytest.approx(sum(scores) / 2, abs=0.05)
    assert count("interview_answers") == 2 and count("interview_evaluations") == 2


def test_submit_all_again_replaces_answers_and_evaluations(client, alice):
    # Given a fully answered session
    session = new_session(client, alice, count=2)
    answers = [{"question_id": q["id"], "user_answer": WEAK_ANSWER} for q in session["questions"]]
    url = "/api/interview/submit-all-answers/"
    first = client.post(url, {"session_id": session["session_id"], "answers": answers}, token=alice).json()
    # When one answer is submitted again, better
    better = [{"question_id": session["questions"][0]["id"], "user_answer": GOOD_ANSWER}]
    second = client.post(url, {"session_id": session["session_id"], "answers": better}, token=alice).json()
    # Then there is still one answer and one evaluation per question, the new one current
    assert count("interview_answers") == 2 and count("interview_evaluations") == 2
    assert second["session_complete"] is True and first["session_complete"] is True
    stored = db.fetch_one("SELECT user_answer FROM interview_answers WHERE question_id = %(q)s",
                          {"q": session["questions"][0]["id"]})  # fmt: skip
    assert stored["user_answer"] == GOOD_ANSWER
    scores = db.fetch_all("SELECT overall_score FROM interview_evaluations")
    assert second["average_score"] == pytest.approx(sum(r["overall_score"] for r in scores) / 2, abs=0.05)


def test_submit_all_for_someone_elses_session_is_not_found(client, alice, bob):
    session = new_session(client, bob, count=1)
    answers = [{"question_id": session["questions"][0]["id"], "user_answer": GOOD_ANSWER}]
    reply = client.post("/api/interview/submit-all-answers/", {"session_id": session["session_id"], "answers": answers},
                        token=alice)  # fmt: skip
    assert reply.status == 404
    assert count("interview_answers") == 0


def test_submit_all_validates_the_body(client, alice):
    session = new_session(client, alice, count=1)
    url = "/api/interview/submit-all-answers/"
    empty = client.post(url, {"session_id": session["session_id"], "answers": []}, token=alice)
    long = [{"question_id": session["questions"][0]["id"], "user_answer": "x" * 10_001}]
    oversized = client.post(url, {"session_id": session["session_id"], "answers": long}, token=alice)
    assert empty.status == 400 and "answers" in empty.json()
    assert oversized.status == 400 and "answers.0.user_answer" in oversized.json()


# --- history and progress --------------------------------------------------------------------------------------


def answer_all(client: Client, token: str, session: dict, answer: str = GOOD_ANSWER) -> dict:
    answers = [{"question_id": q["id"], "user_answer": answer} for q in session["questions"]]
    body = {"session_id": session["session_id"], "answers": answers}
    return client.post("/api/interview/submit-all-answers/", body, token=token).json()


def test_history_summarises_the_callers_sessions(client, alice, bob):
    # Given two sessions of Alice's (one half answered, twice for the same question) and one of Bob's
    older = new_session(client, alice, count=2)
    newer = new_session(client, alice, count=4)
    new_session(client, bob, count=1)
    question = newer["questions"][0]["id"]
    for text in (WEAK_ANSWER, GOOD_ANSWER):
        client.post("/api/interview/evaluate/", {"question_id": question, "user_answer": text}, token=alice)
    client.post("/api/interview/submit-answer/", {"question_id": newer["questions"][1]["id"], "user_answer": "x"},
                token=alice)  # fmt: skip

    # When Alice reads her history
    reply = client.get("/api/interview/history/", token=alice)

    # Then she sees her sessions, newest first, with answered questions counted once
    assert reply.status == 200, reply
    out = reply.json()
    assert out["total_sessions"] == 2
    assert [s["id"] for s in out["sessions"]] == [newer["session_id"], older["session_id"]]
    latest = out["sessions"][0]
    assert latest["question_count"] == 4 and latest["answered_questions"] == 2
    assert latest["completion_rate"] == 50.0
    score = db.fetch_one("SELECT overall_score FROM interview_evaluations")["overall_score"]
    assert latest["average_score"] == float(score)  # the replaced evaluation is gone; the unevaluated one ignored
    assert out["sessions"][1]["completion_rate"] == 0.0 and out["sessions"][1]["average_score"] is None
    assert latest["user"] == user_id("alice") and latest["difficulty"] == "medium"


def test_history_limit_bounds_the_list(client, alice):
    for _ in range(3):
        new_session(client, alice, count=1)
    reply = client.get("/api/interview/history/", token=alice, query={"limit": "2"})
    assert len(reply.json()["sessions"]) == 2 and reply.json()["total_sessions"] == 3


@pytest.mark.parametrize(
    "query",
    [{"limit": "0"}, {"limit": "101"}, {"limit": "ten"}, {"session_id": "nope"}],
)
def test_invalid_history_parameters_are_400(client, alice, query):
    reply = client.get("/api/interview/history/", token=alice, query=query)
    assert reply.status == 400 and set(reply.json()) == set(query), reply


def test_history_of_one_session_has_questions_answers_and_evaluations(client, alice):
    # Given a session with one evaluated answer
    session = new_session(client, alice, count=2)
    first = session["questions"][0]
    evaluated = client.post("/api/interview/evaluate/", {"question_id": first["id"], "user_answer": GOOD_ANSWER},
                            token=alice).json()  # fmt: skip
    # When its details are read
    reply = client.get("/api/interview/history/", token=alice, query={"session_id": session["session_id"]})
    # Then each question appears in order, with its current answer and that answer's evaluation
    assert reply.status == 200, reply
    out = reply.json()
    assert out["session"]["id"] == session["session_id"] and out["session"]["job_description"] == JOB
    questions = out["questions"]
    assert [q["id"] for q in questions] == [q["id"] for q in session["questions"]]
    answer = questions[0]["answers"][0]
    assert answer["question"] == first["id"] and answer["user_answer"] == GOOD_ANSWER
    evaluation = answer["evaluation"]
    assert evaluation["id"] == evaluated["evaluation_id"] and evaluation["answer"] == answer["id"]
    assert evaluation["overall_score"] == evaluated["overall_score"]
    assert evaluation["strengths"] == evaluated["strengths"]
    assert questions[1]["answers"] == []


def test_history_of_someone_elses_session_is_not_found(client, alice, bob):
    session = new_session(client, bob, count=1)
    reply = client.get("/api/interview/history/", token=alice, query={"session_id": session["session_id"]})
    assert reply.status == 404


def test_progress_statistics_are_correct_by_construction(client, alice):
    # Given two sessions: one fully answered, one with one question answered twice
    easy = new_session(client, alice, count=3, difficulty="easy")
    hard = new_session(client, alice, count=4, difficulty="hard")
    first = answer_all(client, alice, easy)
    question = hard["questions"][0]
    for text in (GOOD_ANSWER, WEAK_ANSWER):
        client.post("/api/interview/evaluate/", {"question_id": question["id"], "user_answer": text}, token=alice)

    # When Alice reads her progress
    reply = client.get("/api/interview/progress/", token=alice)

    # Then 4 of 7 questions are answered: the re-answered one counts once
    assert reply.status == 200, reply
    out = reply.json()
    assert out["overall_stats"] == {"total_sessions": 2, "total_questions": 7, "total_answers": 4,
                                    "completion_rate": round(100 * 4 / 7, 1)}  # fmt: skip
    # And averages use current evaluations only, grouped over the fixed vocabularies with every key present
    current = {item["question_id"]: item["evaluation"]["overall_score"] for item in first["evaluations"]}
    current[question["id"]] = db.fetch_one(
        "SELECT e.overall_score FROM interview_evaluations e JOIN interview_answers a ON a.id = e.answer_id "
        "WHERE a.question_id = %(q)s",
        {"q": question["id"]},
    )["overall_score"]
    categories = {q["id"]: q["category"] for q in easy["questions"] + hard["questions"]}
    assert set(out["category_performance"]) == CATEGORIES
    for category in CATEGORIES:
        scores = [s for q, s in current.items() if categories[q] == category]
        expected = round(sum(scores) / len(scores), 1) if scores else None
        assert out["category_performance"][category] == expected, category
    assert out["difficulty_performance"] == {
        "easy": round(sum(v for k, v in current.items() if k != question["id"]) / 3, 1),
        "medium": None,
        "hard": float(current[question["id"]]),
    }
    # And the trend has one point per evaluated session, oldest first
    trend = out["performance_trend"]
    assert [p["session_id"] for p in trend] == [easy["session_id"], hard["session_id"]]
    assert [p["question_count"] for p in trend] == [3, 4]
    assert trend[0]["date"] <= trend[1]["date"]


def test_progress_of_a_new_user_is_empty_but_complete(client, alice):
    out = client.get("/api/interview/progress/", token=alice).json()
    assert out["overall_stats"] == {"total_sessions": 0, "total_questions": 0, "total_answers": 0,
                                    "completion_rate": 0.0}  # fmt: skip
    assert out["category_performance"] == dict.fromkeys(CATEGORIES)
    assert out["difficulty_performance"] == {"easy": None, "medium": None, "hard": None}
    assert out["performance_trend"] == []


def test_the_database_refuses_evaluation_lists_that_are_not_arrays(client, alice):
    # Given an answer of Alice's
    question = new_session(client, alice, count=1)["questions"][0]
    answer = client.post("/api/interview/submit-answer/", {"question_id": question["id"], "user_answer": "x"},
                         token=alice).json()  # fmt: skip
    # When an evaluation with a string where a list belongs is written directly
    # Then the schema refuses it
    with pytest.raises(psycopg.errors.CheckViolation):
        db.execute(
            "INSERT INTO interview_evaluations (answer_id, overall_score, strengths, engine) "
            "VALUES (%(a)s, 50, '\"just text\"', 'offline')",
            {"a": answer["answer_id"]},
        )
