"""The career advisor's documented rules: roles from titles, seniority, years of experience, demand, difficulty."""

from __future__ import annotations

import pytest

from advisor.market import CareerMarket, Role, cv_seniority, role_key, seniority, years_of_experience
from jobmatch.cv_analysis import CvExtract, ExperienceEntry
from jobmatch.search import Explanation, JobHit, Match


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Senior Backend Engineer - Payments (Remote)", "backend engineer"),
        ("Lead Data Engineer, Berlin", "data engineer"),
        ("Junior Python Developer #12", "python developer"),
        ("Registered Nurse", "registered nurse"),
        ("Head of Product / CPO", "product"),
    ],
)
def test_role_key_drops_seniority_and_what_follows_the_title(title, key):
    assert role_key(title) == key


@pytest.mark.parametrize(
    ("title", "rank"),
    [("Junior Developer", 0), ("Associate Analyst", 0), ("Backend Engineer", None), ("Senior Nurse", 2),
     ("Lead Engineer", 3), ("Tech Lead", 3), ("Principal Scientist", 3)],
)  # fmt: skip
def test_seniority_of_a_title(title, rank):
    assert seniority(title) == rank


def test_years_span_the_dated_positions_and_an_open_end_counts_to_today():
    extract = CvExtract(
        experience=[
            ExperienceEntry(role="Engineer", period="Mar 2020 - Present"),
            ExperienceEntry(role="Engineer", period="2014 - 2018"),
            ExperienceEntry(role="Intern", period=""),
        ]
    )
    assert years_of_experience(extract, today=2025) == 11
    assert years_of_experience(CvExtract()) is None


def test_cv_seniority_prefers_the_title_then_the_years():
    dated = [ExperienceEntry(role="Engineer", period="2010 - 2020")]
    assert cv_seniority(CvExtract(job_title="Junior Engineer", experience=dated)) == 0
    assert cv_seniority(CvExtract(job_title="Engineer", experience=dated)) == 2
    assert cv_seniority(CvExtract(job_title="Engineer")) == 0


def role(active: int, recent: int, coverage: float | None = 0.7, rank: int = 1) -> Role:
    hit = JobHit(id="j", title="T", description="", requirements="", company="C", similarity=0.5, query_chunk=0)
    match = Match(hit=hit, score=0.5, skill_coverage=coverage, explanation=Explanation([], [], ""))
    return Role("t", "T", rank, [match], active=active, recent=recent)


@pytest.mark.parametrize(
    ("active", "recent", "level"),
    [(10, 3, "high"), (10, 2, "medium"), (40, 9, "medium"), (3, 0, "medium"), (2, 2, "low"), (0, 0, "low")],
)
def test_demand_thresholds(active, recent, level):
    assert role(active, recent).demand == level


def test_transition_and_growth_follow_coverage_demand_and_seniority():
    market = CareerMarket(roles=[], gaps=[], cv_rank=1, years=5, nearest=10, matching=5)

    assert market.transition(role(3, 0, coverage=0.7)) == "low"
    assert market.transition(role(3, 0, coverage=0.4)) == "medium"
    assert market.transition(role(3, 0, coverage=0.1)) == "high"
    assert market.transition(role(3, 0, coverage=0.7, rank=2)) == "medium"  # a step up is one level harder
    assert market.growth(role(1, 0)) == "low"
    assert market.growth(role(3, 0)) == "medium"
    assert market.growth(role(3, 0, rank=2)) == "high"
    assert market.growth(role(20, 10)) == "high"
