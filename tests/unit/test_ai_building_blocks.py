"""Building blocks of the offline analysts: PII removal, output checks, skills, answer signals, job and CV parts."""

from __future__ import annotations

import pytest
import respx
from pydantic import BaseModel, ValidationError

from jobmatch import config
from jobmatch.ai import Grounding, Score, SkillMatcher, TextList, scrub_pii, signals, texts
from jobmatch.ai.prompt import strict_schema

# --- PII -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Mail jane.doe+cv@example.co.uk today", "jane.doe+cv@example.co.uk"),
        ("Phone: +44 7700 900123", "7700 900123"),
        ("Call (555) 123-4567", "123-4567"),
        ("Mobile 0049 151 23456789", "23456789"),
        ("Tel. +1 (415) 555-0100", "555-0100"),
        ("221B Baker Street, London NW1 6XE", "Baker Street"),
        ("Lives at 1600 Pennsylvania Avenue NW, Washington, DC 20500", "Pennsylvania"),
        ("12 Main St. Suite 200, Springfield, IL 62701", "Springfield"),
        ("Musterstraße 12, 10115 Berlin", "Musterstraße"),
        ("Address: 12 Rue de la Paix, 75002 Paris", "Rue de la Paix"),
    ],
)
def test_contact_details_are_removed(text, gone):
    assert gone not in scrub_pii(text)


@pytest.mark.parametrize(
    "text",
    [
        "Worked 2019 - 2023 at Acme; 2015-2019 at Initech.",
        "Reduced p95 latency from 1200 ms to 300 ms (75%) for 1,000,000 users.",
        "Python 3.11, ISO 27001, v1.2.3, budget $2.5M, 10x throughput.",
        "Oct 2019 – Present, Berlin, Germany",
        "Led 5 developers at Acme Corp.",
    ],
)
def test_achievements_dates_and_places_are_kept(text):
    assert scrub_pii(text) == text


# --- output checks ---------------------------------------------------------------------------------------------


class Out(BaseModel):
    score: Score
    items: TextList


@pytest.mark.parametrize(("raw", "score"), [(150, 100), (-3, 0), (72.6, 73), ("85", 85), ("90%", 90), ("7/10", 7)])
def test_scores_are_clamped_to_0_100(raw, score):
    assert Out(score=raw, items=[]).score == score


@pytest.mark.parametrize("raw", ["excellent", None, [80], {"value": 80}, True, float("nan")])
def test_non_numeric_scores_do_not_validate(raw):
    with pytest.raises(ValidationError):
        Out(score=raw, items=[])


def test_lists_are_lists_of_clean_strings():
    assert Out(score=1, items="- first\n* second\n\n3) third").items == ["first", "second", "third"]
    assert Out(score=1, items=["ok", "", "  ", {"nested": 1}, "a\x00b"]).items == ["ok", "ab"]
    assert len(Out(score=1, items=[str(i) for i in range(30)]).items) == 10


def test_grounding_keeps_supported_claims_and_marks_the_others():
    # Given a CV and a job description
    grounding = Grounding(["Engineer at Initech. Cut costs by 30%. CKA.", "Platform role using Kubernetes."])
    # When a model's ideal answer mentions supported and invented facts
    text = grounding.clean_text(
        "At Initech you cut costs by 30% (your CKA helps); mention the 45% speed-up you had at Globex Inc."
    )
    # Then supported facts stay and invented ones become placeholders
    assert "Initech" in text and "30%" in text and "CKA" in text
    assert "45%" not in text and "Globex" not in text
    assert "[your figure]" in text and "[your employer]" in text


def test_small_counts_and_skills_are_not_treated_as_claims():
    grounding = Grounding(["Python developer"], SkillMatcher())
    text = "Give 3 examples, then explain it in 2 steps, working with Kubernetes at scale."
    assert grounding.clean_text(text) == text


def test_list_items_naming_unsupported_certificates_are_dropped():
    grounding = Grounding(["Frontend developer with React."])
    items = ["Mention your AWS Certified Developer badge", "Explain your React work", "Quote your PMP"]
    assert grounding.clean_list(items) == ["Explain your React work"]
    assert grounding.flagged == ["AWS Certified Developer", "PMP"]


def test_strict_schema_inlines_references_and_requires_every_property():
    class Inner(BaseModel):
        name: str
        note: str = "x"

    class Outer(BaseModel):
        items: list[Inner]
        score: Score

    schema = strict_schema(Outer)
    inner = schema["properties"]["items"]["items"]
    assert "$defs" not in schema and "$ref" not in str(schema)
    assert schema["required"] == ["items", "score"] and schema["additionalProperties"] is False
    assert inner["required"] == ["name", "note"] and inner["additionalProperties"] is False
    assert schema["properties"]["score"] == {"type": "integer", "minimum": 0, "maximum": 100}


# --- skills ----------------------------------------------------------------------------------------------------


def test_skills_are_found_with_aliases_in_order_of_mention():
    found = SkillMatcher().find("Node.js and k8s on AWS; we use ReactJS, Postgres and CI/CD. Java too.")
    assert [s.name for s in found] == ["Node.js", "Kubernetes", "AWS", "React", "PostgreSQL", "CI/CD", "Java"]


def test_similar_names_do_not_match_each_other():
    names = {s.name for s in SkillMatcher().find("JavaScript, TypeScript and C++ developers; let's go; the rest")}
    assert names == {"JavaScript", "TypeScript", "C++"}


def test_short_names_need_their_capitalisation():
    matcher = SkillMatcher()
    assert "Go" in {s.name for s in matcher.find("Services written in Go and Python")}
    assert "Go" not in {s.name for s in matcher.find("We go live next week")}
    assert "C" not in {s.name for s in matcher.find("Reporting to the C-level")}


def test_names_from_the_skills_table_are_found_too():
    matcher = SkillMatcher(["Terraform Cloud", "Pulumi", "go"])
    assert [s.name for s in matcher.find("We moved from Terraform Cloud to pulumi.")] == ["Terraform Cloud", "Pulumi"]
    assert matcher.knows("pulumi") and not matcher.knows("cooking")


def test_skills_have_kinds():
    kinds = {s.name: s.kind for s in SkillMatcher().find("React, agile, nursing and leadership")}
    assert kinds == {"React": "tech", "Agile": "practice", "Nursing": "domain", "Leadership": "soft"}


# --- answer signals --------------------------------------------------------------------------------------------


def test_star_parts_are_recognised():
    story = (
        "Last year our checkout service kept timing out. I was responsible for fixing it. I profiled the queries "
        "and added an index. As a result the p95 fell from 2 seconds to 300 ms."
    )
    assert signals.star_parts(story) == {"situation": True, "task": True, "action": True, "result": True}
    assert signals.star_parts("Redux is a state library.") == dict.fromkeys(
        ("situation", "task", "action", "result"), False
    )


def test_figures_are_quantities_not_bare_numbers():
    found = signals.figures("Cut load time by 40% to 2.5 seconds for 10,000 users, $2M saved, 3x faster in 2021.")
    assert found == ["40%", "2.5 seconds", "10,000 users", "$2M", "3x"]


def test_ownership_compares_i_and_we():
    assert signals.ownership("I designed it and I shipped it, with my team.").personal
    assert not signals.ownership("We built it, we tested it, our team shipped it.").personal


def test_concepts_connect_paraphrases():
    question = "How did you solve the performance issue in that project?"
    answer = "The app was slow, so I profiled it and fixed the bug."
    noise = frozenset({"how", "did"})
    assert signals.concept_overlap(question, answer, noise) == 1.0  # performance, problem, solve, project
    assert signals.concept_overlap(question, "I enjoy hiking on weekends.", noise) == 0.0


def test_similarity_ranks_related_text_higher():
    question = "How do you manage state in a large React application?"
    related = "In large React applications I manage state with Redux slices."
    unrelated = "I enjoy cooking pasta and hiking in the mountains."
    assert signals.similarity(related, question) > signals.similarity(unrelated, question) + 0.1
    assert signals.similarity("", question) == 0.0


# --- job and CV parts ------------------------------------------------------------------------------------------

JOB = """Senior Data Engineer
You will build and maintain batch and streaming pipelines.
- Design data models for analytics
- Requirements: 5+ years of experience with Spark and SQL
"""


def test_job_parts_are_extracted():
    assert texts.job_title(JOB) == "Senior Data Engineer"
    assert texts.responsibilities(JOB) == [
        "build and maintain batch and streaming pipelines",
        "design data models for analytics",
    ]
    assert texts.requirements(JOB) == ["Requirements: 5+ years of experience with Spark and SQL"]
    assert texts.years_required(JOB) == 5 and texts.seniority(JOB) == "senior"


def test_title_is_found_inside_a_sentence():
    assert texts.job_title("We are hiring a registered nurse for our surgical ward.") == "registered nurse"
    assert texts.job_title("") is None


def test_cv_highlights_put_quantified_achievements_first():
    cv = "Skills: Python\nBuilt internal tools for the sales team.\nLed a migration to Kafka, cutting lag by 80%."
    assert texts.highlights(cv) == [
        "Led a migration to Kafka, cutting lag by 80%",
        "Built internal tools for the sales team",
    ]
    assert texts.employers("Engineer at Initech (2019-2021), then at Globex Corp.") == ["Initech", "Globex Corp"]


@respx.mock
def test_similarity_needs_no_network_even_where_a_hosted_embedder_is_configured(monkeypatch):
    # Given a process configured to embed with a hosted model
    monkeypatch.setenv("EMBEDDER", "openai")
    config.get_settings.cache_clear()
    try:
        # When the offline analyst compares two texts
        value = signals.similarity("Redux state management", "How do you manage state in React?")
    finally:
        monkeypatch.undo()
        config.get_settings.cache_clear()
    # Then no request left the process (respx refuses unmocked calls) and a similarity came back
    assert not respx.calls and 0 < value <= 1
