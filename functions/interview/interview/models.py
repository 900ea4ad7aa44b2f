"""Request, response and model-output shapes of the interview routes.

Categories are a fixed vocabulary (`CATEGORIES`), the same one the database checks, so statistics group cleanly;
`category_performance` and `difficulty_performance` always carry every key of their vocabulary.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from jobmatch.ai import Score, Text, TextList
from jobmatch.ai.sanitize import clean_text

Difficulty = Literal["easy", "medium", "hard"]
Category = Literal["technical", "behavioral", "situational", "role-specific"]
CATEGORIES: tuple[Category, ...] = ("technical", "behavioral", "situational", "role-specific")
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")

MAX_JOB_DESCRIPTION = 20_000
MAX_CV_TEXT = 100_000
MAX_ANSWER = 10_000
MAX_QUESTION = 2_000
MAX_BATCH = 50
BLANK = "This field may not be blank."

_CATEGORY_SYNONYMS = {
    "behavioural": "behavioral", "behavior": "behavioral", "leadership": "behavioral", "teamwork": "behavioral",
    "culture": "behavioral", "soft skills": "behavioral", "scenario": "situational", "hypothetical": "situational",
    "problem-solving": "situational", "role specific": "role-specific", "role": "role-specific",
    "motivation": "role-specific", "domain": "role-specific", "technical skills": "technical", "coding": "technical",
    "system design": "technical",
}  # fmt: skip


def _category(value: object) -> object:
    """A model's category label mapped onto the vocabulary (case, spelling and common synonyms)."""
    if not isinstance(value, str):
        return value
    key = value.strip().lower().replace("_", "-")
    return _CATEGORY_SYNONYMS.get(key, _CATEGORY_SYNONYMS.get(key.replace("-", " "), key))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(BLANK)
    return value


NonBlank = Annotated[str, AfterValidator(_not_blank)]


# --- requests ------------------------------------------------------------------------------------------------


class CvContext(BaseModel):
    """Where the CV comes from: `cv_id` (the caller's), `cv_text`, or else the caller's latest CV."""

    cv_id: UUID | None = None
    cv_text: str | None = Field(default=None, max_length=MAX_CV_TEXT)


class QuestionsIn(CvContext):
    job_description: NonBlank = Field(min_length=1, max_length=MAX_JOB_DESCRIPTION)
    question_count: int = Field(default=10, ge=1, le=20)
    difficulty: Difficulty = "medium"


class PracticeIn(CvContext):
    question: NonBlank = Field(min_length=1, max_length=MAX_QUESTION)
    answer: NonBlank = Field(min_length=1, max_length=MAX_ANSWER)
    job_description: str | None = Field(default=None, max_length=MAX_JOB_DESCRIPTION)


class EvaluateIn(CvContext):
    """Stateless with `question` + `user_answer`; stored when `question_id` or `answer_id` names the caller's own."""

    question: NonBlank | None = Field(default=None, max_length=MAX_QUESTION)
    user_answer: NonBlank | None = Field(default=None, max_length=MAX_ANSWER)
    question_id: UUID | None = None
    answer_id: UUID | None = None
    job_description: str | None = Field(default=None, max_length=MAX_JOB_DESCRIPTION)


class SubmitAnswerIn(BaseModel):
    question_id: UUID
    user_answer: NonBlank = Field(min_length=1, max_length=MAX_ANSWER)


class AnswerItem(BaseModel):
    question_id: UUID
    user_answer: str = Field(max_length=MAX_ANSWER)


class SubmitAllIn(BaseModel):
    session_id: UUID
    answers: list[AnswerItem] = Field(min_length=1, max_length=MAX_BATCH)


# --- what a model (or the offline analyst) produces -----------------------------------------------------------

QuestionText = Annotated[str, Field(min_length=10, max_length=600), BeforeValidator(clean_text)]


class QuestionDraft(BaseModel):
    question: QuestionText
    category: Annotated[Category, BeforeValidator(_category)]
    tips: Text
    expected_answer_focus: Text


class QuestionDrafts(BaseModel):
    questions: list[QuestionDraft] = Field(min_length=1, max_length=40)


class EvaluationDraft(BaseModel):
    overall_score: Score
    strengths: TextList
    weaknesses: TextList
    correct_answer: Text
    answer_analysis: Text
    improvement_tips: TextList
    follow_up_questions: TextList


class PracticeDraft(BaseModel):
    overall_score: Score
    strengths: TextList
    areas_for_improvement: TextList
    follow_up_question: Text
    detailed_feedback: Text


# --- responses -----------------------------------------------------------------------------------------------


class QuestionOut(BaseModel):
    id: UUID
    question: str
    category: Category
    difficulty: Difficulty
    tips: str
    expected_answer_focus: str


class QuestionsOut(BaseModel):
    session_id: UUID
    questions: list[QuestionOut]
    job_description: str
    difficulty: Difficulty
    question_count: int
    instructions: str
    flow: Literal["batch_processing"] = "batch_processing"
    engine: str


class PracticeOut(PracticeDraft):
    question: str
    answer: str
    engine: str


class EvaluateOut(EvaluationDraft):
    question: str
    user_answer: str
    engine: str
    evaluation_id: UUID | None = None
    answer_id: UUID | None = None
    question_id: UUID | None = None


class SubmitAnswerOut(BaseModel):
    answer_id: UUID
    question_id: UUID
    user_answer: str
    submitted_at: datetime


class BatchItemOut(BaseModel):
    evaluation_id: UUID
    answer_id: UUID
    question_id: UUID
    question: str
    category: Category
    user_answer: str
    evaluation: EvaluationDraft
    engine: str


class RejectedAnswer(BaseModel):
    question_id: UUID
    reason: str


class SubmitAllOut(BaseModel):
    session_id: UUID
    total_questions: int
    total_evaluations: int
    average_score: float | None
    evaluations: list[BatchItemOut]
    rejected: list[RejectedAnswer]
    session_complete: bool
    message: str
    engines: list[str]


class SessionSummary(BaseModel):
    id: UUID
    user: UUID
    job_description: str
    difficulty: Difficulty
    created_at: datetime
    question_count: int
    answered_questions: int
    completion_rate: float
    average_score: float | None
    engine: str


class HistoryOut(BaseModel):
    sessions: list[SessionSummary]
    total_sessions: int


class StoredEvaluation(EvaluationDraft):
    id: UUID
    answer: UUID
    engine: str
    evaluated_at: datetime


class StoredAnswer(BaseModel):
    id: UUID
    question: UUID
    user_answer: str
    submitted_at: datetime
    evaluation: StoredEvaluation | None


class StoredQuestion(QuestionOut):
    session: UUID
    created_at: datetime
    answers: list[StoredAnswer]


class SessionOut(BaseModel):
    id: UUID
    user: UUID
    job_description: str
    difficulty: Difficulty
    created_at: datetime
    question_count: int
    engine: str


class SessionDetailOut(BaseModel):
    session: SessionOut
    questions: list[StoredQuestion]


class OverallStats(BaseModel):
    total_sessions: int
    total_questions: int
    total_answers: int = Field(description="Questions with a current answer (a replaced answer counts once).")
    completion_rate: float = Field(description="Answered questions as a percentage of all questions, 0-100.")


class TrendPoint(BaseModel):
    session_id: UUID
    date: datetime
    average_score: float
    question_count: int


class ProgressOut(BaseModel):
    overall_stats: OverallStats
    category_performance: dict[Category, float | None]
    difficulty_performance: dict[Difficulty, float | None]
    performance_trend: list[TrendPoint]
