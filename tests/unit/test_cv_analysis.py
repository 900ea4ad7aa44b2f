"""CV structure extraction, grounding of extracts, ATS readability and the offline scores (no database)."""

from __future__ import annotations

import re

import pytest

from bench.corpus import generate_cv
from jobmatch.cv_analysis import CvExtract, ExperienceEntry, check_extract, measure, read_structure
from jobmatch.cv_analysis.extract import Structure, split_sections
from jobmatch.cv_analysis.models import Contact, CvReview, CvSourceIn
from jobmatch.cv_analysis.readability import TABLE_POINTS
from jobmatch.cv_analysis.scoring import overall, review, skills_match
from jobmatch.search import Explanation, JobHit, Match
from jobmatch.skills import SkillIndex

INDEX = SkillIndex.build(["Power BI", "Terraform"])

BACKEND = """Jane Doe
Backend Engineer
jane.doe@example.com | +44 20 7946 0958

Summary
Backend engineer with six years of experience building Python services and REST APIs.

Experience
Acme Payments, London - Senior Backend Engineer
Mar 2020 - Present
- Built the settlement API in Python with Django and postgres, serving 40 banks.
- Moved nightly batch jobs to AWS Lambda and cut their run time by 70%.

Shopfront Ltd - Backend Engineer
Jun 2016 - Feb 2020
Wrote Django services and automated tests with pytest; ran them in Docker.

Education
MSc Computer Science, University of Manchester, 2014 - 2016

Skills
Python, Django, PostgreSQL, Docker, Power BI
"""

# No sections at all: one header line with the role, employer and dates, bullets, and an inline
# skills line.
INLINE = """Jane Doe - Frontend Engineer at Acme Corp (2019-2024)
- Led the migration of a 200k-line AngularJS app to React, cutting page load time by 40%.
- Built a component library used by 6 teams.
Skills: React, JavaScript, Redux, CSS, Git
"""

# Role line, then employer line, then dates: positions spread over several lines.
SPLIT_LINES = """MARIA GARCIA
maria@example.org
PROFESSIONAL EXPERIENCE
Head Chef
Trattoria Roma
2018 - present
• Designed seasonal menus and ran a brigade of twelve cooks.
Sous Chef
Hotel Bellavista Group
2012 - 2018
• Ran the pastry section.
TECHNICAL SKILLS
Italian cuisine; pastry; menu costing
"""

WEAK = """I have worked with computers for a while and did some programming at a few places. I like Python and
helped with websites now and then, and I am looking for a developer job where I can learn more."""

TABLE = """John Roe
Experience
| Company | Role | Years |
| Acme | Engineer | 2019 - 2021 |
| Beta | Engineer | 2017 - 2019 |
Skills
Python
"""

CVS = {
    "backend": BACKEND,
    "inline": INLINE,
    "split": SPLIT_LINES,
    "weak": WEAK,
    "table": TABLE,
    **{f"corpus-{family}": generate_cv(family, 3) for family in ("backend", "nursing", "finance", "sales")},
}


def structure(text: str) -> Structure:
    return read_structure(text, INDEX)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


# ---------------------------------------------------------------- extraction


def test_a_sectioned_cv_yields_name_title_summary_contact_and_dated_positions():
    # Given a CV with the usual sections
    # When its structure is read
    extract = structure(BACKEND).extract

    # Then every part is found, positions newest first with role, employer, period and bullets
    assert extract.full_name == "Jane Doe"
    assert extract.job_title == "Backend Engineer"
    assert extract.summary.startswith("Backend engineer with six years")
    assert extract.contact == Contact(email="jane.doe@example.com", phone="+44 20 7946 0958")
    assert [(e.company, e.role, e.period) for e in extract.experience] == [
        ("Acme Payments", "Senior Backend Engineer", "Mar 2020 - Present"),
        ("Shopfront Ltd", "Backend Engineer", "Jun 2016 - Feb 2020"),
    ]
    assert extract.experience[0].bullets[1] == "Moved nightly batch jobs to AWS Lambda and cut their run time by 70%."
    assert extract.experience[1].bullets == [
        "Wrote Django services and automated tests with pytest; ran them in Docker."
    ]


def test_skills_come_from_the_skills_section_then_the_text_as_written():
    # Given skills listed in the section, one from the skills table, and others only named in
    # bullets
    extract = structure(BACKEND).extract

    # Then the section's items come first, then hard skills named elsewhere, written as the CV
    # writes them
    assert extract.skills[:5] == ["Python", "Django", "PostgreSQL", "Docker", "Power BI"]
    assert {"AWS Lambda", "pytest"} <= set(extract.skills)
    assert "postgres" not in extract.skills  # PostgreSQL is already listed; one entry per skill


def test_a_cv_without_sections_still_yields_its_dated_position():
    extract = structure(INLINE).extract

    assert extract.full_name == "Jane Doe" and extract.job_title == "Frontend Engineer"
    assert [(e.company, e.role, e.period) for e in extract.experience] == [
        ("Acme Corp", "Frontend Engineer", "2019-2024")
    ]
    assert len(extract.experience[0].bullets) == 2
    assert extract.skills[:5] == ["React", "JavaScript", "Redux", "CSS", "Git"]
    assert extract.contact == Contact()


def test_positions_spread_over_role_employer_and_date_lines_are_joined():
    extract = structure(SPLIT_LINES).extract

    assert extract.full_name == "MARIA GARCIA" and extract.job_title == "Head Chef"
    assert [(e.role, e.company, e.period) for e in extract.experience] == [
        ("Head Chef", "Trattoria Roma", "2018 - present"),
        ("Sous Chef", "Hotel Bellavista Group", "2012 - 2018"),
    ]
    assert extract.skills == ["Italian cuisine", "pastry", "menu costing"]


def test_headings_are_recognised_with_qualifiers_and_inline_content():
    kinds = [s.kind for s in split_sections("Name\nWORK EXPERIENCE\nx\nKey skills:\ny\nProfile: z\nEducation\n")]
    assert kinds == [None, "experience", "skills", "summary", "education"]


def test_prose_without_structure_yields_no_invented_parts():
    extract = structure(WEAK).extract

    assert extract.full_name is None and extract.experience == [] and extract.contact == Contact()
    assert extract.skills == ["Python"]


@pytest.mark.parametrize("name", sorted(CVS))
def test_every_extracted_item_is_a_piece_of_the_cv(name):
    # Given CVs of many shapes
    text = CVS[name]

    # When their structure is read
    extract = structure(text).extract

    # Then every value is found in the CV text (whitespace and case aside)
    whole = norm(text)
    pieces = [extract.full_name, extract.job_title, extract.summary, extract.contact.email, extract.contact.phone]
    pieces += extract.skills
    for entry in extract.experience:
        pieces += [entry.company, entry.role, entry.period, *entry.bullets]
    for piece in filter(None, pieces):
        assert norm(piece) in whole, piece


def test_corpus_cvs_yield_all_their_positions_with_dates():
    for family in ("backend", "nursing", "marketing"):
        text = generate_cv(family, 11)
        extract = structure(text).extract
        dated = re.findall(r"^\w{3} \d{4} - (?:\w{3} \d{4}|Present)$", text, re.M)
        assert [e.period for e in extract.experience] == dated
        assert all(e.role and e.company and len(e.bullets) == 3 for e in extract.experience)


# ---------------------------------------------------------------- grounding an extract from a
# model


def test_check_extract_drops_what_the_cv_does_not_hold_and_keeps_contact_from_the_cv():
    # Given the offline extract and a model's extract with invented items and a guessed e-mail
    offline = structure(BACKEND).extract
    hosted = CvExtract(
        full_name="Jane Doe",
        job_title="Principal Architect",
        summary="Visionary leader.",
        skills=["Python", "Kubernetes", "Django"],
        experience=[
            ExperienceEntry(company="Acme Payments", role="Senior Backend Engineer", period="Mar 2020 - Present",
                            bullets=["Built the settlement API in Python with Django and postgres, serving 40 banks.",
                                     "Grew revenue by 300%."]),
            ExperienceEntry(company="Google", role="Staff Engineer", period="2010 - 2015", bullets=["Led search."]),
        ],
        contact=Contact(email="guess@example.com", phone=None),
    )  # fmt: skip

    # When it is checked against the CV
    checked = check_extract(hosted, BACKEND, fallback=offline)

    # Then invented values are dropped or replaced by the CV's own, and the contact comes from the
    # CV
    assert checked.full_name == "Jane Doe" and checked.job_title == "Backend Engineer"
    assert checked.summary == offline.summary
    assert checked.skills == ["Python", "Django"]
    assert [e.company for e in checked.experience] == ["Acme Payments"]
    assert checked.experience[0].bullets == [hosted.experience[0].bullets[0]]
    assert checked.contact == offline.contact


def test_check_extract_falls_back_to_the_offline_bullets_of_the_same_employer():
    offline = structure(BACKEND).extract
    hosted = CvExtract(experience=[ExperienceEntry(company="Shopfront Ltd", role="Engineer", bullets=["Paraphrase."])])

    checked = check_extract(hosted, BACKEND, fallback=offline)

    assert checked.experience[0].bullets == offline.experience[1].bullets


# ---------------------------------------------------------------- readability


def test_a_well_structured_cv_reads_better_than_prose():
    good, weak = measure(BACKEND, structure(BACKEND)), measure(WEAK, structure(WEAK))

    assert good.missing_headings == () and good.has_email and good.has_phone
    assert good.dated_positions == good.positions == 2
    assert good.score >= 70 and weak.score <= 30
    assert weak.missing_headings == ("experience", "skills", "education", "summary")


def test_tables_laid_out_as_text_cost_points():
    table = measure(TABLE, structure(TABLE))
    plain_text = TABLE.replace("|", " ").replace("   ", " ")
    plain = measure(plain_text, structure(plain_text))

    assert table.has_tables and not plain.has_tables
    assert plain.score - table.score >= TABLE_POINTS - 8  # only the bullets and dates signals may differ


def test_bullet_share_counts_content_lines_only():
    corpus = generate_cv("backend", 4)
    share = measure(corpus, structure(corpus)).bullet_share

    assert share == 1.0  # headers and date lines are not content


# ---------------------------------------------------------------- scores


def match(title: str, score: float, matched: list[str], missing: list[str]) -> Match:
    hit = JobHit(
        id=title, title=title, description="", requirements="", company="Acme", similarity=score, query_chunk=0
    )
    coverage = len(matched) / len(matched + missing) if matched + missing else None
    return Match(hit=hit, score=score, skill_coverage=coverage, explanation=Explanation(matched, missing, ""))


def test_skills_match_weights_each_best_job_by_its_score():
    matches = [match("a", 0.6, ["Python", "Django"], ["Kubernetes", "Go"]), match("b", 0.2, ["Python"], [])]

    # (0.6 x 2/4 + 0.2 x 1/1) / 0.8 = 0.625
    assert skills_match(["python", "django"], matches, None) == 62


def test_skills_match_falls_back_to_skills_held_by_active_jobs_and_is_zero_without_jobs():
    assert skills_match(["Python"], [match("a", 0.5, [], [])], held_share=0.5) == 50
    assert skills_match(["Python"], [], held_share=None) == 0


def test_overall_is_the_documented_weighted_sum():
    assert overall({"skills_match": 50, "experience_relevance": 80, "ats_readability": 100}) == 73


def test_offline_review_flags_missing_contact_and_positions_as_high_priority():
    weak = structure(WEAK)

    result = review(weak, measure(WEAK, weak), [], None)

    assert isinstance(result, CvReview) and result.experience_relevance == 0 and result.skills_match == 0
    priorities = {s.title: s.priority for s in result.suggestions}
    assert priorities["Add your contact details"] == "high"
    assert priorities["Add an Experience section with dated positions"] == "high"
    assert [s.priority for s in result.suggestions] == sorted(
        (s.priority for s in result.suggestions), key=["high", "medium", "low"].index
    )


def test_skill_gap_suggestion_never_writes_missing_skills_into_the_cv_as_held():
    strong = structure(BACKEND)
    matches = [match("Backend Python Developer", 0.5, ["Python"], ["Kubernetes", "Terraform"])]

    result = review(strong, measure(BACKEND, strong), matches, None)

    gap = next(s for s in result.suggestions if s.section == "skills")
    assert "Kubernetes and Terraform" in gap.details and "If you have used" in gap.details
    assert gap.suggested_text.startswith("- Used Kubernetes to [")


def test_cv_text_input_is_bounded_and_not_blank():
    with pytest.raises(ValueError, match="at most 100000 characters"):
        CvSourceIn(cv_text="x" * 100_001)
    with pytest.raises(ValueError, match="blank"):
        CvSourceIn(cv_text="   ")
    assert CvSourceIn(cv_text="x" * 100_000).cv_text


def test_a_model_review_with_too_many_items_is_trimmed_and_its_scores_clamped():
    # Given a model's answer with twelve suggestions, scores out of range or as text
    suggestion = {"title": "Do this", "priority": "HIGH", "details": "Because.", "section": "odd"}
    raw = {
        "overall_score": "87%", "skills_match": 140, "experience_relevance": -5, "ats_readability": 70.4,
        "suggestions": [suggestion] * 12,
        "cv_extract": {"skills": ["Python"], "experience": [{"company": "Acme"}] * 12},
    }  # fmt: skip

    # When it is validated
    parsed = CvReview.model_validate(raw)

    # Then it keeps the first items the API shows, and the scores are 0-100 integers
    assert (parsed.overall_score, parsed.skills_match, parsed.experience_relevance) == (87, 100, 0)
    assert parsed.ats_readability == 70
    assert len(parsed.suggestions) == 8 and len(parsed.cv_extract.experience) == 10
    assert parsed.suggestions[0].priority == "high" and parsed.suggestions[0].section == "general"
