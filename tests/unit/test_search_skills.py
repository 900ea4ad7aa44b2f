"""Skills named in texts (jobmatch.skills): the table's names, the shared vocabulary, ambiguous words."""

from __future__ import annotations

import pytest

from jobmatch.skills import SkillIndex

INDEX = SkillIndex.build(["Python", "Django", "REST", "Underwater Welding", "Go", "R"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Python and Django", ["Python", "Django"]),
        ("python/django stack", ["Python", "Django"]),
        ("UNDERWATER WELDING certificate", ["Underwater Welding"]),
        ("Golang services, Go tooling", ["Go"]),
        ("we go to market fast", []),
        ("REST APIs", ["REST", "REST APIs"]),
        ("the rest of the team", []),
        ("R and statistics", ["R", "Statistics"]),
        ("R&D budget", []),
        ("C++ and C#, not C", ["C++", "C#"]),
        ("postgres on k8s", ["PostgreSQL", "Kubernetes"]),
        ("ML pipelines; ml is short", ["Machine Learning"]),
        ("Node.js, React.js", ["Node.js", "React"]),
    ],
)
def test_skills_are_found_by_name_alias_and_case_rules(text, found):
    assert INDEX.find(text) == found


def test_each_skill_is_reported_once_in_order_of_first_mention():
    assert INDEX.find("Django, then Python, then Django again and python") == ["Django", "Python"]


def test_canonical_names():
    assert INDEX.canonical("postgres") == "PostgreSQL"
    assert INDEX.canonical("underwater welding") == "Underwater Welding"
    assert INDEX.canonical("Basket weaving") == "Basket weaving"


def test_a_table_name_known_to_the_vocabulary_takes_its_canonical_form():
    index = SkillIndex.build(["golang", "Kubernetes"])

    assert index.find("Golang and kubernetes") == ["Go", "Kubernetes"]
