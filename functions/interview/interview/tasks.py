"""The interview's generation tasks: the instructions a hosted model gets, and the offline analyst behind each."""

from __future__ import annotations

import re

from interview import feedback, question_bank, rubric
from interview.context import Context
from interview.models import (
    CATEGORIES,
    Category,
    Difficulty,
    EvaluationDraft,
    PracticeDraft,
    QuestionDraft,
    QuestionDrafts,
)
from jobmatch.ai import Rejected, Task

QUESTIONS_INSTRUCTIONS = f"""You are an experienced interviewer preparing a mock interview.
Write exactly `question_count` questions for the job in `job_description` at `difficulty` difficulty
(easy: fundamentals; medium: applied experience; hard: trade-offs, scale and failure).
Ground every question in the job description and, when `cv_text` is not empty, in the candidate's CV: ask about the
skills and duties the job names, projects the CV describes, and skills the job needs that the CV lacks.
Use only these categories: {", ".join(CATEGORIES)}; mix them, and never repeat a question.
For each question, `tips` is one or two sentences on how to answer that particular question, and
`expected_answer_focus` is three short comma-separated points an interviewer listens for."""

RUBRIC = """Score from 0 to 100 with this rubric: relevance to the question and to `expected_focus` (30 points);
structure (20): situation, task, action and result for behavioural questions, explanation, example, trade-offs and
verification for technical ones, a clear plan for situational ones; specificity (20): figures, outcomes, named
technologies; coverage of the expected focus (20); a length suited to a spoken answer (10).
Strengths and weaknesses must point at what the answer actually says or leaves out."""

EVALUATION_INSTRUCTIONS = f"""You are an experienced interviewer reviewing a candidate's answer to `question`.
{RUBRIC}
`correct_answer` outlines an ideal answer using only facts from `cv_text`, `job_description` and `answer`.
`improvement_tips` are concrete actions; `follow_up_questions` are what an interviewer would ask next."""

PRACTICE_INSTRUCTIONS = f"""You are an interview coach giving feedback on a practice answer to `question`.
{RUBRIC}
`detailed_feedback` is a short paragraph addressed to the candidate; `follow_up_question` is the next question
an interviewer would ask."""

EVALUATION_GROUNDED = frozenset({"correct_answer", "improvement_tips", "follow_up_questions"})
PRACTICE_GROUNDED = frozenset({"areas_for_improvement", "follow_up_question"})
QUESTIONS_GROUNDED = frozenset({"question", "tips", "expected_answer_focus"})


def questions_task(context: Context, count: int, difficulty: Difficulty) -> Task[QuestionDrafts]:
    data = {
        "job_description": context.job_description,
        "cv_text": context.cv_text,
        "question_count": str(count),
        "difficulty": difficulty,
    }
    return Task(
        name="interview_questions",
        instructions=QUESTIONS_INSTRUCTIONS,
        data=data,
        schema=QuestionDrafts,
        offline=lambda: question_bank.generate(context, count, difficulty),
        accept=lambda drafts: _exactly(drafts, count),
        grounding=context.grounding(),
        grounded_fields=QUESTIONS_GROUNDED,
    )


def _exactly(drafts: QuestionDrafts, count: int) -> QuestionDrafts:
    """The first `count` distinct questions; fewer than `count` is unusable output."""
    unique: dict[str, QuestionDraft] = {}
    for draft in drafts.questions:
        unique.setdefault(re.sub(r"\W+", " ", draft.question.lower()).strip(), draft)
    if len(unique) < count:
        raise Rejected(f"{len(unique)} distinct questions for {count}")
    return QuestionDrafts(questions=list(unique.values())[:count])


def evaluation_task(
    context: Context, question: str, answer: str, *, category: Category | None = None,
    difficulty: Difficulty = "medium", focus: str | None = None,
) -> Task[EvaluationDraft]:  # fmt: skip
    assess = lambda: rubric.assess(question, answer, context, category=category, difficulty=difficulty, focus=focus)
    return Task(
        name="interview_evaluation",
        instructions=EVALUATION_INSTRUCTIONS,
        data=_answer_data(context, question, answer, category, difficulty, focus),
        schema=EvaluationDraft,
        offline=lambda: feedback.evaluation(assess()),
        grounding=context.grounding(question, answer),
        grounded_fields=EVALUATION_GROUNDED,
    )


def practice_task(context: Context, question: str, answer: str) -> Task[PracticeDraft]:
    return Task(
        name="interview_practice",
        instructions=PRACTICE_INSTRUCTIONS,
        data=_answer_data(context, question, answer, None, "medium", None),
        schema=PracticeDraft,
        offline=lambda: feedback.practice(rubric.assess(question, answer, context)),
        grounding=context.grounding(question, answer),
        grounded_fields=PRACTICE_GROUNDED,
    )


def _answer_data(
    context: Context, question: str, answer: str, category: Category | None, difficulty: Difficulty, focus: str | None
) -> dict[str, str]:
    return {
        "question": question,
        "answer": answer,
        "category": category or rubric.infer_category(question, context),
        "difficulty": difficulty,
        "expected_focus": focus or "",
        "job_description": context.job_description,
        "cv_text": context.cv_text,
    }
