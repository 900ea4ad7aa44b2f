"""The match score, its ranking and its explanation (jobmatch.search)."""

from __future__ import annotations

import pytest

from jobmatch.search import (
    PASSAGE_MAX_CHARS,
    JobHit,
    best_passage,
    explain,
    match_score,
    passage,
    rank_matches,
)
from jobmatch.skills import SkillIndex

INDEX = SkillIndex.build(["Python", "Django", "PostgreSQL", "Kubernetes", "Underwater Welding"])
CV = (
    "Jane Doe\njane@example.com\n"
    "Summary\nBackend engineer who enjoys clean code.\n"
    "Experience\nBuilt the settlement API in Python with Django and PostgreSQL for a bank.\n"
    "Ran the team's on-call rota."
)


def hit(job_id="j1", similarity=0.5, skills=(), title="Backend Developer", description="", requirements=""):
    return JobHit(job_id, title, description, requirements, "Acme", similarity, 0, list(skills))


@pytest.mark.parametrize(
    ("similarity", "coverage", "expected"),
    [
        (0.4, 1.0, 0.55),
        (0.4, 0.0, 0.3),
        (0.8, 0.5, 0.725),
        (0.4, None, 0.4),
        (1.0, 1.0, 1.0),
        (1.2, 1.0, 1.0),
        (-0.1, None, 0.0),
    ],
)
def test_score_is_three_quarters_similarity_one_quarter_skill_coverage(similarity, coverage, expected):
    assert match_score(similarity, coverage) == pytest.approx(expected)


def test_explanation_splits_job_skills_into_matched_and_missing():
    # Given a job whose skills come from job_skills and from its text
    job = hit(skills=["Kubernetes"], description="Python and Django APIs; underwater welding a plus.")

    match = explain(job, INDEX.find(CV), [CV], INDEX)

    # Then the skills the CV names are matched, the others missing, and coverage is their share
    assert match.explanation.matched_skills == ["Python", "Django"]
    assert match.explanation.missing_skills == ["Kubernetes", "Underwater Welding"]
    assert match.skill_coverage == pytest.approx(0.5)
    assert match.score == match_score(0.5, 0.5)


def test_job_without_known_skills_scores_its_similarity():
    match = explain(hit(similarity=0.42, description="Friendly team, great coffee."), INDEX.find(CV), [CV], INDEX)

    assert match.skill_coverage is None and match.score == 0.42
    assert match.explanation.matched_skills == match.explanation.missing_skills == []


def test_table_names_and_aliases_meet_on_one_canonical_name():
    # A job_skills row "Postgres" and a CV saying "PostgreSQL" name the same skill
    index = SkillIndex.build(["Postgres"])

    match = explain(hit(skills=["Postgres"]), index.find("Ten years of PostgreSQL."), ["x"], index)

    assert match.explanation.matched_skills == ["PostgreSQL"] and match.skill_coverage == 1.0


def test_best_passage_is_the_cv_sentence_naming_the_job_skills():
    passage_text = best_passage(CV, "Python Django developer", ["Python", "Django"])

    assert passage_text == "Built the settlement API in Python with Django and PostgreSQL for a bank."
    assert passage_text in CV


def test_hard_wrapped_lines_stay_one_sentence():
    chunk = "Summary\nBackend engineer building Python services\nand REST APIs for banks.\nSkills: cooking"

    assert best_passage(chunk, "python apis", ["Python"]) == (
        "Backend engineer building Python services\nand REST APIs for banks."
    )


def test_long_passages_are_cut_at_a_word():
    text = "word " * 200

    cut = passage(text)

    assert len(cut) <= PASSAGE_MAX_CHARS and text.startswith(cut) and not cut.endswith(" ")


def test_ranking_is_by_score_then_similarity_then_id():
    hits = [
        hit("b", 0.50, description="Friendly team."),  # no skills: score 0.50
        hit("a", 0.50, description="Friendly team."),  # same score and similarity: id decides
        hit("c", 0.40, skills=["Python", "Django"]),  # covered: 0.75 * 0.4 + 0.25 = 0.55
        hit("d", 0.60, skills=["Kubernetes"]),  # not covered: 0.45
    ]

    ranked = rank_matches(hits, CV, [CV], INDEX, top_n=3)

    assert [m.hit.id for m in ranked] == ["c", "a", "b"]
