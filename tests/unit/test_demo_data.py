"""The demo dataset of `local/demo_data/`: complete, consistent, realistic, and written for this project."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from auth.models import RegisterIn
from jobmatch.documents import looks_like_cv
from local.demo import DATA_DIR, read_dataset, requirements_text

SALARY = re.compile(r"^(€|£|\$|CA\$)\d+k-\d+k( \+ commission)?$")


@pytest.fixture(scope="module")
def data():
    return read_dataset()


def job_text(job: dict) -> str:
    return "\n".join((job["title"], job["description"], requirements_text(job["requirements"])))


def named(name: str, text: str) -> bool:
    """True when `name` is written in `text` as a whole term, whatever its case."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def test_dataset_has_the_documented_size(data):
    assert len(data.companies) == 12
    assert 120 <= len(data.skills) <= 150
    assert len(data.jobs) == 60
    assert len(data.cvs) == 3
    assert len(data.users) == 4


def test_accounts_are_two_kinds_and_never_admin(data):
    roles = {user["username"]: user["role"] for user in data.users}
    assert roles["demo_seeker"] == "jobseeker" and roles["demo_company"] == "company"
    assert Counter(roles.values()) == {"jobseeker": 3, "company": 1}
    assert all(user["email"].endswith("@example.com") for user in data.users)


def test_demo_password_passes_the_registration_rules(data):
    # Then every account could have been registered through the API with the demo password
    for user in data.users:
        RegisterIn(username=user["username"], password=data.password, email=user["email"], role=user["role"])


def test_companies_are_varied_and_some_belong_to_the_company_account(data):
    names = [company["name"] for company in data.companies]
    assert len({name.lower() for name in names}) == len(names)
    assert len({company["location"].split(",")[-1] for company in data.companies}) >= 8  # countries
    assert len({company["sector"] for company in data.companies}) == len(data.companies)
    assert all(re.fullmatch(r"https://[a-z-]+\.example", company["website"]) for company in data.companies)
    owners = Counter(company["owner"] for company in data.companies)
    assert owners["demo_company"] >= 3 and set(owners) == {"demo_company", None}


def test_skills_are_unique_and_cover_every_field(data):
    names = [skill["name"] for skill in data.skills]
    assert len({name.lower() for name in names}) == len(names)
    for expected in (
        "Python",
        "C++",
        "C#",
        "Node.js",
        ".NET",
        "React",
        "TypeScript",
        "Kubernetes",
        "Terraform",
        "AWS",
        "PostgreSQL",
        "Spark",
        "dbt",
        "Figma",
        "SEO",
        "Salesforce",
        "Accounting",
        "Nursing",
    ):
        assert expected in names  # fmt: skip
    assert len({skill["category"] for skill in data.skills}) >= 12


def test_jobs_read_like_real_postings(data):
    companies = {company["name"] for company in data.companies}
    assert len({(job["company"], job["title"]) for job in data.jobs}) == len(data.jobs)
    for job in data.jobs:
        assert job["company"] in companies
        assert 80 <= len(job["description"].split()) <= 200, job["title"]
        assert 4 <= len(job["requirements"]) <= 7, job["title"]
        assert job["location"]
        assert job["salary_range"] is None or SALARY.match(job["salary_range"]), job["salary_range"]
    with_salary = sum(job["salary_range"] is not None for job in data.jobs)
    assert 24 <= with_salary <= 36  # about half


def test_jobs_are_spread_over_sixty_days_and_a_few_are_closed(data):
    days = [job["posted_days_ago"] for job in data.jobs]
    assert min(days) <= 2 and 50 <= max(days) < 60
    assert len({day // 10 for day in days}) == 6  # every ten-day stretch has postings
    assert 3 <= sum(not job["is_active"] for job in data.jobs) <= 8


def test_each_job_links_three_to_eight_skills_named_in_its_text(data):
    known = {skill["name"] for skill in data.skills}
    for job in data.jobs:
        assert 3 <= len(job["skills"]) <= 8 and len(set(job["skills"])) == len(job["skills"])
        assert set(job["skills"]) <= known
        assert all(named(skill, job_text(job)) for skill in job["skills"]), job["title"]
    # And every skill of the dataset is needed by at least one job
    assert {name for job in data.jobs for name in job["skills"]} == known


def test_jobs_cover_the_fields_of_a_general_job_board(data):
    category = {skill["name"]: skill["category"] for skill in data.skills}
    covered = {category[name] for job in data.jobs for name in job["skills"]}
    for field in ("design", "product", "marketing", "sales", "finance", "healthcare", "operations", "data and ai"):
        assert field in covered


def test_cvs_are_cvs_with_obviously_fake_contact_details(data):
    owners = {user["username"] for user in data.users if user["role"] == "jobseeker"}
    assert {cv["username"] for cv in data.cvs} == owners
    for cv in data.cvs:
        text = cv["text"]
        assert 300 <= len(text.split()) <= 600, cv["file"]
        assert looks_like_cv(text).is_cv, cv["file"]
        assert all(email.endswith("@example.com") for email in re.findall(r"[\w.+-]+@[\w.-]+", text))
        assert "555" in text
        for heading in ("Summary", "Experience", "Education", "Skills"):
            assert re.search(rf"^{heading}$", text, re.MULTILINE), (cv["file"], heading)


def test_texts_are_not_copied_from_the_evaluation_set(data):
    # Given every run of eight words of the embedding evaluation set
    rows = [json.loads(line) for line in (DATA_DIR.parent.parent / "tests" / "data" / "embed_eval.jsonl").open()]
    shingles = {shingle for row in rows for shingle in _shingles(row.get("text", ""))}

    # Then no demo job or CV repeats any of them
    texts = [job_text(job) for job in data.jobs] + [cv["text"] for cv in data.cvs]
    assert shingles and not any(_shingles(text) & shingles for text in texts)


def _shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}
