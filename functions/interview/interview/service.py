"""Interview practice: question sessions, answers and their evaluations, history and progress statistics."""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from aws_lambda_powertools import Logger
from psycopg.types.json import Jsonb

from interview import queries, tasks
from interview.context import Context
from interview.models import (
    CATEGORIES,
    DIFFICULTIES,
    AnswerItem,
    BatchItemOut,
    CvContext,
    EvaluateIn,
    EvaluateOut,
    EvaluationDraft,
    HistoryOut,
    OverallStats,
    PracticeIn,
    PracticeOut,
    ProgressOut,
    QuestionOut,
    QuestionsIn,
    QuestionsOut,
    RejectedAnswer,
    SessionDetailOut,
    SessionOut,
    SessionSummary,
    StoredAnswer,
    StoredEvaluation,
    StoredQuestion,
    SubmitAllIn,
    SubmitAllOut,
    SubmitAnswerIn,
    SubmitAnswerOut,
    TrendPoint,
)
from jobmatch import db
from jobmatch.ai import Generated, generate, generate_many, skill_matcher
from jobmatch.config import get_settings
from jobmatch.errors import FieldError, NotFound
from jobmatch.security import Caller

logger = Logger(child=True)

# API Gateway gives up after 30 s and the function's timeout is 29 s: all AI work of a request ends by then.
REQUEST_BUDGET_S = 24.0
TREND_SESSIONS = 50
BATCH_INSTRUCTIONS = (
    "Answer all questions, then use /api/interview/submit-all-answers/ to submit all answers for batch evaluation."
)
NOT_IN_SESSION = "Not a question of this session."
DUPLICATE = "Another answer to this question in the same request was used instead (the last one wins)."
BLANK_ANSWER = "The answer is blank."


def _deadline(budget_s: float | None = None) -> float:
    return time.monotonic() + min(budget_s or REQUEST_BUDGET_S, REQUEST_BUDGET_S)


# --- context ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CvChoice:
    cv_id: UUID | None
    text: str


def resolve_cv(caller: Caller, source: CvContext, *, fallback_cv_id: UUID | None = None) -> CvChoice:
    """The CV of a request: `cv_text`, the caller's `cv_id` (404 if not theirs), a fallback, or the latest CV."""
    if source.cv_id is not None and source.cv_text is not None:
        raise FieldError("cv_text", "Send either cv_id or cv_text, not both.")
    if source.cv_text is not None:
        return CvChoice(None, source.cv_text)
    if source.cv_id is not None:
        row = db.fetch_one(queries.CV_OF_USER, {"id": source.cv_id, "user_id": caller.id})
        if row is None:
            raise NotFound("CV not found.")
        return CvChoice(row["id"], row["parsed_text"])
    row = None
    if fallback_cv_id is not None:
        row = db.fetch_one(queries.CV_OF_USER, {"id": fallback_cv_id, "user_id": caller.id})
    row = row or db.fetch_one(queries.LATEST_CV, {"user_id": caller.id})
    return CvChoice(row["id"], row["parsed_text"]) if row else CvChoice(None, "")


def _context(job_description: str | None, cv: CvChoice) -> Context:
    return Context(job_description or "", cv.text or "", skill_matcher())


# --- questions -------------------------------------------------------------------------------------------------


def create_questions(caller: Caller, body: QuestionsIn) -> QuestionsOut:
    """Generate a session's questions and store the session with them."""
    cv = resolve_cv(caller, body)
    context = _context(body.job_description, cv)
    result = generate(
        tasks.questions_task(context, body.question_count, body.difficulty),
        deadline=_deadline(get_settings().ai_timeout_s),
    )
    drafts = result.value.questions
    with db.transaction():
        session = db.fetch_one(
            queries.INSERT_SESSION,
            {
                "user_id": caller.id,
                "cv_id": cv.cv_id,
                "job_description": body.job_description,
                "difficulty": body.difficulty,
                "question_count": len(drafts),
                "engine": result.engine,
            },
        )
        rows = db.fetch_all(
            queries.INSERT_QUESTIONS,
            {
                "session_id": session["id"],
                "difficulty": body.difficulty,
                "positions": list(range(len(drafts))),
                "questions": [d.question for d in drafts],
                "categories": [d.category for d in drafts],
                "tips": [d.tips for d in drafts],
                "focuses": [d.expected_answer_focus for d in drafts],
            },
        )
    ids = {row["position"]: row["id"] for row in rows}
    questions = [QuestionOut(id=ids[i], difficulty=body.difficulty, **d.model_dump()) for i, d in enumerate(drafts)]
    logger.info(
        "interview session created",
        extra={"session_id": str(session["id"]), "questions": len(drafts), "engine": result.engine},
    )
    return QuestionsOut(
        session_id=session["id"],
        questions=questions,
        job_description=body.job_description,
        difficulty=body.difficulty,
        question_count=len(questions),
        instructions=BATCH_INSTRUCTIONS,
        engine=result.engine,
    )


# --- stateless feedback ----------------------------------------------------------------------------------------


def practice(caller: Caller, body: PracticeIn) -> PracticeOut:
    """Feedback on one practice answer; nothing is stored."""
    context = _context(body.job_description, resolve_cv(caller, body))
    result = generate(tasks.practice_task(context, body.question, body.answer), deadline=_deadline())
    return PracticeOut(**result.value.model_dump(), question=body.question, answer=body.answer, engine=result.engine)


# --- evaluation ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What an evaluation is about: the question and answer texts, and the stored rows when there are any."""

    question: str
    answer: str
    question_row: dict | None = None
    answer_id: UUID | None = None


def evaluate(caller: Caller, body: EvaluateIn) -> EvaluateOut:
    """Evaluate an answer; store the evaluation when it concerns the caller's own question or answer."""
    target = _target(caller, body)
    row = target.question_row or {}
    cv = resolve_cv(caller, body, fallback_cv_id=row.get("cv_id"))
    context = _context(body.job_description or row.get("job_description"), cv)
    task = tasks.evaluation_task(
        context,
        target.question,
        target.answer,
        category=row.get("category"),
        difficulty=row.get("difficulty") or "medium",
        focus=row.get("expected_answer_focus"),
    )
    result = generate(task, deadline=_deadline())
    out = {**result.value.model_dump(), "question": target.question, "user_answer": target.answer}
    out["engine"] = result.engine
    if target.question_row is not None:
        out |= _store_single(target, result)
    return EvaluateOut(**out)


def _target(caller: Caller, body: EvaluateIn) -> Target:
    if body.answer_id is not None:
        row = db.fetch_one(queries.ANSWER_OF_USER, {"id": body.answer_id, "user_id": caller.id})
        if row is None:
            raise NotFound("Answer not found.")
        return Target(row["question"], body.user_answer or row["user_answer"], row, row["id"])
    if body.question_id is not None:
        row = db.fetch_one(queries.QUESTION_OF_USER, {"id": body.question_id, "user_id": caller.id})
        if row is None:
            raise NotFound("Question not found.")
        if body.user_answer is None:
            raise FieldError("user_answer", "This field is required.")
        return Target(row["question"], body.user_answer, row | {"question_id": row["id"]})
    if body.question is None:
        raise FieldError("question", "This field is required.")
    if body.user_answer is None:
        raise FieldError("user_answer", "This field is required.")
    return Target(body.question, body.user_answer)


def _store_single(target: Target, result: Generated[EvaluationDraft]) -> dict:
    question_id = target.question_row["question_id"]
    with db.transaction():
        answer = db.fetch_one(queries.UPSERT_ANSWER, {"question_id": question_id, "user_answer": target.answer})
        stored = db.fetch_one(queries.UPSERT_EVALUATION, _evaluation_params(answer["id"], result))
    logger.info("interview answer evaluated", extra={"answer_id": str(answer["id"]), "engine": result.engine})
    return {"evaluation_id": stored["id"], "answer_id": answer["id"], "question_id": question_id}


def _evaluation_params(answer_id: UUID, result: Generated[EvaluationDraft]) -> dict:
    value = result.value
    return {
        "answer_id": answer_id,
        "overall_score": value.overall_score,
        "strengths": Jsonb(value.strengths),
        "weaknesses": Jsonb(value.weaknesses),
        "correct_answer": value.correct_answer,
        "answer_analysis": value.answer_analysis,
        "improvement_tips": Jsonb(value.improvement_tips),
        "follow_up_questions": Jsonb(value.follow_up_questions),
        "engine": result.engine,
    }


# --- answers ---------------------------------------------------------------------------------------------------


def submit_answer(caller: Caller, body: SubmitAnswerIn) -> SubmitAnswerOut:
    """Store the current answer to the caller's question, replacing an earlier one and its evaluation."""
    if db.fetch_one(queries.QUESTION_OF_USER, {"id": body.question_id, "user_id": caller.id}) is None:
        raise NotFound("Question not found.")
    with db.transaction():
        row = db.fetch_one(queries.UPSERT_ANSWER, {"question_id": body.question_id, "user_answer": body.user_answer})
        db.execute(queries.DELETE_EVALUATION, {"answer_id": row["id"]})
    logger.info("interview answer submitted", extra={"answer_id": str(row["id"])})
    return SubmitAnswerOut(answer_id=row["id"], **{k: row[k] for k in ("question_id", "user_answer", "submitted_at")})


def submit_all(caller: Caller, body: SubmitAllIn) -> SubmitAllOut:
    """Store and evaluate every valid answer of a session; list the others in `rejected`."""
    deadline = _deadline()
    session = db.fetch_one(queries.SESSION_OF_USER, {"id": body.session_id, "user_id": caller.id})
    if session is None:
        raise NotFound("Session not found.")
    questions = {row["id"]: row for row in db.fetch_all(queries.SESSION_QUESTIONS, {"session_id": session["id"]})}
    accepted, rejected = _partition(body.answers, questions)
    context = _context(session["job_description"], resolve_cv(caller, CvContext(), fallback_cv_id=session["cv_id"]))
    order = sorted(accepted, key=lambda qid: questions[qid]["position"])
    results = generate_many([_batch_task(context, questions[qid], accepted[qid]) for qid in order], deadline=deadline)
    evaluations = dict(zip(order, results, strict=True))  # matched by question id, never by position in the body
    items = _store_batch(questions, accepted, evaluations)
    progress = db.fetch_one(queries.SESSION_PROGRESS, {"session_id": session["id"]})
    engines = sorted({result.engine for result in evaluations.values()})
    logger.info(
        "interview answers evaluated",
        extra={
            "session_id": str(session["id"]),
            "evaluated": len(items),
            "rejected": len(rejected),
            "engines": engines,
        },
    )
    return SubmitAllOut(
        session_id=session["id"],
        total_questions=progress["question_count"],
        total_evaluations=len(items),
        average_score=_number(progress["average_score"]),
        evaluations=items,
        rejected=rejected,
        session_complete=progress["answered_questions"] == progress["question_count"],
        message=_batch_message(len(items), len(rejected)),
        engines=engines,
    )


def _partition(answers: list[AnswerItem], questions: dict) -> tuple[dict[UUID, str], list[RejectedAnswer]]:
    """Answers to evaluate, by question id (the last one wins), and the ones refused, with the reason."""
    accepted: dict[UUID, str] = {}
    rejected: list[RejectedAnswer] = []
    for index, item in enumerate(answers):
        later = any(other.question_id == item.question_id for other in answers[index + 1 :])
        if item.question_id not in questions:
            rejected.append(RejectedAnswer(question_id=item.question_id, reason=NOT_IN_SESSION))
        elif not item.user_answer.strip():
            rejected.append(RejectedAnswer(question_id=item.question_id, reason=BLANK_ANSWER))
        elif later:
            rejected.append(RejectedAnswer(question_id=item.question_id, reason=DUPLICATE))
        else:
            accepted[item.question_id] = item.user_answer
    return accepted, rejected


def _batch_task(context: Context, question: dict, answer: str):
    return tasks.evaluation_task(
        context,
        question["question"],
        answer,
        category=question["category"],
        difficulty=question["difficulty"],
        focus=question["expected_answer_focus"],
    )


def _store_batch(questions: dict, accepted: dict[UUID, str], evaluations: dict) -> list[BatchItemOut]:
    """All answers and evaluations in one transaction, replacing earlier ones."""
    items = []
    with db.transaction():
        for question_id, result in evaluations.items():
            answer = db.fetch_one(
                queries.UPSERT_ANSWER, {"question_id": question_id, "user_answer": accepted[question_id]}
            )
            stored = db.fetch_one(queries.UPSERT_EVALUATION, _evaluation_params(answer["id"], result))
            question = questions[question_id]
            items.append(
                BatchItemOut(
                    evaluation_id=stored["id"],
                    answer_id=answer["id"],
                    question_id=question_id,
                    question=question["question"],
                    category=question["category"],
                    user_answer=answer["user_answer"],
                    evaluation=result.value,
                    engine=result.engine,
                )
            )
    return items


def _batch_message(evaluated: int, rejected: int) -> str:
    if evaluated == 0:
        return "No answers were evaluated; see rejected."
    if rejected:
        return f"{evaluated} answers evaluated; {rejected} rejected (see rejected)."
    return "All answers evaluated successfully."


# --- history and progress --------------------------------------------------------------------------------------


def history(caller: Caller, limit: int, session_id: UUID | None) -> HistoryOut | SessionDetailOut:
    if session_id is not None:
        return session_detail(caller, session_id)
    rows = db.fetch_all(queries.SESSION_SUMMARIES, {"user_id": caller.id, "limit": limit})
    total = db.fetch_one(queries.COUNT_SESSIONS, {"user_id": caller.id})["total"]
    sessions = [
        SessionSummary(
            **{k: v for k, v in row.items() if k != "average_score"},
            completion_rate=_rate(row["answered_questions"], row["question_count"]),
            average_score=_number(row["average_score"]),
        )
        for row in rows
    ]
    return HistoryOut(sessions=sessions, total_sessions=total)


def session_detail(caller: Caller, session_id: UUID) -> SessionDetailOut:
    session = db.fetch_one(queries.SESSION_OF_USER, {"id": session_id, "user_id": caller.id})
    if session is None:
        raise NotFound("Session not found.")
    rows = db.fetch_all(queries.SESSION_DETAIL, {"session_id": session_id})
    return SessionDetailOut(
        session=SessionOut(user=session["user_id"], **session),
        questions=[_stored_question(row) for row in rows],
    )


def _stored_question(row: dict) -> StoredQuestion:
    answers = []
    if row["answer_id"] is not None:
        evaluation = None
        if row["evaluation_id"] is not None:
            evaluation = StoredEvaluation(
                id=row["evaluation_id"],
                answer=row["answer_id"],
                engine=row["evaluation_engine"],
                **{field: row[field] for field in EvaluationDraft.model_fields},
                evaluated_at=row["evaluated_at"],
            )
        answers.append(
            StoredAnswer(
                id=row["answer_id"],
                question=row["id"],
                user_answer=row["user_answer"],
                submitted_at=row["submitted_at"],
                evaluation=evaluation,
            )
        )
    fields = ("id", "question", "category", "difficulty", "tips", "expected_answer_focus", "created_at")
    return StoredQuestion(session=row["session_id"], answers=answers, **{k: row[k] for k in fields})


def progress(caller: Caller) -> ProgressOut:
    """Statistics over the caller's sessions: answered questions and current evaluations only."""
    params = {"user_id": caller.id}
    overall = db.fetch_one(queries.OVERALL_STATS, params)
    by_category = {row["key"]: row["average_score"] for row in db.fetch_all(queries.PERFORMANCE_BY_CATEGORY, params)}
    by_level = {row["key"]: row["average_score"] for row in db.fetch_all(queries.PERFORMANCE_BY_DIFFICULTY, params)}
    trend = db.fetch_all(queries.PERFORMANCE_TREND, params | {"limit": TREND_SESSIONS})
    return ProgressOut(
        overall_stats=OverallStats(
            **overall, completion_rate=_rate(overall["total_answers"], overall["total_questions"])
        ),
        category_performance={key: _number(by_category.get(key)) for key in CATEGORIES},
        difficulty_performance={key: _number(by_level.get(key)) for key in DIFFICULTIES},
        performance_trend=[TrendPoint(**row | {"average_score": _number(row["average_score"])}) for row in trend],
    )


def _rate(part: int, whole: int) -> float:
    """A percentage in 0-100 with one decimal; 0 when there is nothing to complete."""
    return round(100.0 * min(part, whole) / whole, 1) if whole else 0.0


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)
