"""Keyword filters of search and CV match: whole words, case-insensitive, symbols such as c++ and .net kept."""

from __future__ import annotations

import re

import pytest

from jobmatch.search import Filters, terms_pattern


def matches(terms: list[str], text: str) -> bool:
    """Python's reading of the pattern; PostgreSQL's `~*` reads the same syntax (see the integration tests)."""
    pattern = terms_pattern(terms)
    assert pattern is not None
    return re.search(pattern, text, re.IGNORECASE) is not None


@pytest.mark.parametrize(
    ("term", "text", "expected"),
    [
        ("ai", "We build AI products", True),
        ("ai", "You will maintain the fleet", False),
        ("ai", "AI/ML platform", True),
        ("ai", "said", False),
        ("c++", "Modern C++ and Rust", True),
        ("c++", "Embedded C only", False),
        ("c", "Embedded C only", True),
        ("c", "Modern C++ only", False),
        ("c", "C# and .NET", False),
        ("c#", "C# and .NET", True),
        (".net", "C# and .NET", True),
        (".net", "ASP.NET Core", False),
        ("net", "C# and .NET", False),
        ("js", "Node.js services", False),
        ("node.js", "Node.js services", True),
        ("python", "Python/Django stack", True),
        ("django", "Python/Django stack", True),
        ("python", "python3 only", False),
        ("python", "Python.", True),
        ("machine learning", "Machine\n  learning at scale", True),
        ("machine learning", "machine-learning", False),
        ("ci/cd", "CI/CD pipelines", True),
        ("intern", "internal tools", False),
        ("intern", "Summer intern (paid)", True),
    ],
)
def test_a_term_matches_on_word_boundaries_case_insensitively(term, text, expected):
    assert matches([term], text) is expected


def test_any_of_several_terms_matches():
    assert matches(["rust", "go", "c++"], "We write Go services")
    assert not matches(["rust", "c++"], "We write Go services")


@pytest.mark.parametrize("term", ["a.b", "(x)", "[y]", "x*", "a|b", "^$", "\\d", "f{2}", "what?"])
def test_regex_symbols_in_terms_are_literals(term):
    assert matches([term], f"before {term} after")
    assert not matches([term], "before xx after")


def test_no_usable_term_means_no_filter():
    assert terms_pattern([]) is None
    assert terms_pattern(["   "]) is None
    assert Filters().sql() == ""
    assert Filters().params() == {"must": None, "must_not": None, "threshold": 0.0}


def test_filters_become_bound_parameters_never_sql_text():
    filters = Filters(must_contain=("'; DROP TABLE jobs; --",), must_not_contain=("intern",))

    sql = filters.sql()

    assert "DROP" not in sql and "%(must)s" in sql and "%(must_not)s" in sql
    assert "DROP" in filters.params()["must"]
