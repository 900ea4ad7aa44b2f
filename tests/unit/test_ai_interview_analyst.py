"""The interview's offline analyst: grounded questions and the documented answer rubric, with no model or network."""

from __future__ import annotations

import re

import pytest

from interview import feedback, question_bank, rubric, tasks
from interview.context import Context
from interview.models import CATEGORIES
from jobmatch.ai import OFFLINE, SkillMatcher, generate
from jobmatch.ai.base import Provider
from jobmatch.ai.retry import RetryPolicy

JOB = """Senior Frontend Developer
We are looking for a Senior Frontend Developer with React, TypeScript, and 5+ years experience.
- Build and maintain React components for our design system
- Collaborate with designers and backend engineers to ship features
- Mentor junior developers and review code
Requirements: Redux or other state management; CI/CD and automated testing (Jest, Cypress).
Strong communication and stakeholder management.
"""
CV = """Frontend Engineer at Acme Corp (2019-2024)
- Led the migration of a 200k-line AngularJS app to React, cutting page load time by 40%.
- Introduced Jest and Cypress tests, raising coverage from 30% to 85%.
Skills: React, JavaScript, Redux, CSS
"""
BARISTA = "Barista for a busy café. You will prepare coffee, serve customers and keep the bar clean."
STORY_Q = "Tell me about a challenging React project you worked on and how you solved performance issues"
STORY_FOCUS = "problem-solving, technical depth, and measurable results"
STRONG = (
    "At Acme Corp our main dashboard took 8 seconds to load and customers were complaining. I was responsible for "
    "the frontend performance work. I profiled the bundle and found we shipped the whole charting library on every "
    "page. I introduced code splitting with React.lazy, memoised the heavy table rows and moved filtering to a web "
    "worker. As a result the load time dropped from 8 to 2.5 seconds and support tickets about slowness fell by 60%."
)
VAGUE = "I worked on a React app that was slow. I optimized it by using code splitting and lazy loading."
OFF_TOPIC = (
    "I love cooking pasta on weekends and hiking with my dog in the mountains when the weather is nice and sunny, "
    "and in the evenings I read novels about sailing around the world with friends."
)


@pytest.fixture
def context() -> Context:
    return Context(JOB, CV, SkillMatcher())


def key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


# --- questions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 4, 10, 20])
@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_question_sets_have_the_requested_size_and_no_duplicates(context, count, difficulty):
    questions = question_bank.generate(context, count, difficulty).questions
    assert len(questions) == count
    assert len({key(q.question) for q in questions}) == count
    assert all(q.category in CATEGORIES and q.tips and q.expected_answer_focus for q in questions)
    if count >= 4:
        assert {q.category for q in questions} == set(CATEGORIES)


def test_questions_are_grounded_in_the_job_and_the_cv(context):
    questions = question_bank.generate(context, 12, "medium").questions
    text = " ".join(f"{q.question} {q.tips}" for q in questions)
    # skills the job asks for, a CV achievement, and a skill the job needs that the CV lacks
    assert "React" in text and "Redux" in text
    assert "AngularJS" in text
    assert any("TypeScript" in q.question and "does not mention" in q.question for q in questions)
    # and the tips name the question's own subject
    react = next(q for q in questions if q.category == "technical" and "React" in q.question)
    assert "React" in react.tips or "React" in react.expected_answer_focus


def test_difficulty_changes_what_is_asked(context):
    easy = question_bank.generate(context, 5, "easy").questions
    hard = question_bank.generate(context, 5, "hard").questions
    assert {key(q.question) for q in easy}.isdisjoint({key(q.question) for q in hard})
    hard_text = " ".join(q.question.lower() for q in hard)
    assert re.search(r"trade-offs|failure|scale|wrong|challenge|degrades", hard_text)


def test_generation_is_deterministic(context):
    first = question_bank.generate(context, 10, "medium")
    again = question_bank.generate(Context(JOB, CV, SkillMatcher()), 10, "medium")
    assert first == again


def test_a_job_with_no_known_skills_still_gets_twenty_sensible_questions():
    questions = question_bank.generate(Context(BARISTA, "", SkillMatcher()), 20, "medium").questions
    assert len({key(q.question) for q in questions}) == 20
    assert any("prepare coffee" in q.question for q in questions)
    assert all("{" not in q.question and "  " not in q.question for q in questions)


# --- rubric ----------------------------------------------------------------------------------------------------


def assess(context, answer, question=STORY_Q, **kw):
    kw.setdefault("category", "behavioral")
    kw.setdefault("focus", STORY_FOCUS)
    return rubric.assess(question, answer, context, **kw)


def test_a_specific_star_answer_scores_high_and_a_vague_one_low(context):
    strong, vague = assess(context, STRONG), assess(context, VAGUE)
    assert strong.score >= 80 and vague.score <= 50
    assert sum(strong.points.values()) == strong.score and set(strong.points) == set(rubric.WEIGHTS)
    assert all(0 <= strong.points[name] <= weight for name, weight in rubric.WEIGHTS.items())


def test_an_off_topic_answer_is_capped_however_long(context):
    result = assess(context, OFF_TOPIC)
    assert result.cap == "off topic" and result.score <= rubric.OFF_TOPIC_CAP


def test_a_few_words_score_almost_nothing(context):
    result = assess(context, "Yes, I did that.")
    assert result.cap == "too short" and result.score <= rubric.TOO_SHORT_CAP
    assert feedback.weaknesses(result)[0].startswith("Far too short")


@pytest.mark.parametrize("answer", ["x", "word " * 2500, "🚀" * 50, "1 2 3 4 5 6 7 8 9 10 11 12"])
def test_scores_stay_within_0_100(context, answer):
    assert 0 <= assess(context, answer).score <= 100


def test_feedback_points_at_what_the_answer_says_and_lacks(context):
    # Given a story without a result, told as "we"
    answer = (
        "Last year our team had a slow React dashboard. We needed to speed it up. We looked at the bundle, "
        "we split the code and we cached the data in Redux."
    )
    result = feedback.evaluation(assess(context, answer))
    text = " ".join(result.weaknesses)
    assert "No result" in text and "“we”" in text
    assert any("outcome" in tip.lower() for tip in result.improvement_tips)
    assert any("yourself" in q or "team" in q for q in result.follow_up_questions)


def test_strengths_quote_the_answers_figures_and_tools(context):
    result = feedback.evaluation(assess(context, STRONG))
    text = " ".join(result.strengths)
    assert "“8 seconds”" in text and "React" in text and "STAR" in text
    assert any("8 seconds" in q for q in result.follow_up_questions)
    assert f"{result.overall_score}/100" in result.answer_analysis


def test_the_ideal_answer_uses_the_cv_and_invents_nothing(context):
    grounding = context.grounding(STORY_Q, VAGUE)
    task = tasks.evaluation_task(context, STORY_Q, VAGUE, category="behavioral", focus=STORY_FOCUS)
    task = task.__class__(**{**task.__dict__, "grounding": grounding})
    result = generate(task, provider=None)
    assert "AngularJS" in result.value.correct_answer  # the CV's React achievement
    assert result.engine == OFFLINE and grounding.flagged == []


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("Tell me about a time you disagreed with your manager.", "behavioral"),
        ("What would you do if a release broke production?", "situational"),
        ("Explain the difference between REST and GraphQL.", "technical"),
        ("How does React reconcile the virtual DOM?", "technical"),
        ("Why do you want to work here?", "role-specific"),
    ],
)
def test_free_form_questions_get_a_category(context, question, category):
    assert rubric.infer_category(question, context) == category


def test_practice_feedback_has_one_follow_up_and_a_paragraph(context):
    result = feedback.practice(rubric.assess(STORY_Q, STRONG, context))
    assert result.follow_up_question.endswith("?")
    assert result.detailed_feedback.startswith("A strong answer") or result.overall_score < 80


# --- hosted question sets are checked too ----------------------------------------------------------------------


class Echo(Provider):
    """A provider that returns a fixed JSON object."""

    name = "fake:echo"
    retry = RetryPolicy()

    def __init__(self, reply: dict):
        self.reply = reply

    def complete(self, prompt, deadline):
        return self.reply, 1


def drafts(*texts: str, category: str = "Technical") -> dict:
    return {"questions": [{"question": t, "category": category, "tips": "t", "expected_answer_focus": "f"}
                          for t in texts]}  # fmt: skip


def test_hosted_questions_are_deduplicated_trimmed_and_normalised(context):
    reply = drafts("What is React used for?", "What is React used for?", "How do you test Redux code?",
                   "Explain CI/CD pipelines to me.", category="Behavioural")  # fmt: skip
    result = generate(tasks.questions_task(context, 2, "medium"), provider=Echo(reply))
    assert result.engine == "fake:echo"
    assert [q.question for q in result.value.questions] == ["What is React used for?", "How do you test Redux code?"]
    assert {q.category for q in result.value.questions} == {"behavioral"}


def test_too_few_distinct_hosted_questions_fall_back_to_the_offline_set(context):
    reply = drafts("What is React used for?", "What is React used for?")
    result = generate(tasks.questions_task(context, 3, "medium"), provider=Echo(reply))
    assert result.engine == OFFLINE and result.fallback_reason == "1 distinct questions for 3"
    assert len(result.value.questions) == 3


def test_hosted_questions_outside_the_category_vocabulary_fall_back(context):
    reply = drafts("Tell me about your hobbies please.", category="Personal")
    result = generate(tasks.questions_task(context, 1, "easy"), provider=Echo(reply))
    assert result.engine == OFFLINE and result.fallback_reason.startswith("schema violation")
