"""docs/configuration.md stays in step with `Settings` and with the variables template.yaml sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jobmatch.config import Settings
from local import template as cfn

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "configuration.md"
SETTINGS_HEADING = "## Settings (`jobmatch.config.Settings`)"
DEFAULT_COLUMN = 2
ROW = re.compile(r"^\|\s*`(?P<name>[A-Z][A-Z0-9_]*)`\s*\|")
NAME = re.compile(r"`([A-Z][A-Z0-9_]*)`")


def settings_section(text: str) -> str:
    """The part of the page under the Settings heading, up to the next second-level heading."""
    start = text.index(SETTINGS_HEADING)
    end = text.find("\n## ", start + len(SETTINGS_HEADING))
    return text[start : end if end != -1 else len(text)]


def setting_rows(text: str) -> dict[str, list[str]]:
    """Variable name -> cells of its row in the Settings table."""
    rows = {}
    for line in settings_section(text).splitlines():
        match = ROW.match(line)
        if match:
            rows[match["name"]] = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return rows


def missing_rows(text: str) -> list[str]:
    """Settings fields whose variable has no row in the Settings table."""
    rows = setting_rows(text)
    return [name.upper() for name in Settings.model_fields if name.upper() not in rows]


def documented_default(field: str) -> str:
    """How the page writes a field's default: the value in backticks, or `unset` for None."""
    default = Settings.model_fields[field].default
    return "unset" if default is None else f"`{default}`"


def template_variables() -> set[str]:
    """Every environment variable that template.yaml gives any function."""
    template = cfn.load_template(ROOT / "template.yaml")
    return {name for logical_id in cfn.functions(template) for name in cfn.function_environment(template, logical_id)}


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_settings_field_has_a_row(doc):
    # Given the configuration page and the Settings model
    # When the Settings table is read
    missing = missing_rows(doc)

    # Then every field's variable has its row
    assert missing == [], f"add rows to {DOC.name} for: {', '.join(missing)}"


def test_every_row_of_the_settings_table_is_a_settings_field(doc):
    # Given the rows of the Settings table
    rows = setting_rows(doc)

    # When they are compared with the model's fields
    stale = sorted(set(rows) - {name.upper() for name in Settings.model_fields})

    # Then none documents a variable the code no longer reads
    assert stale == []


def test_documented_defaults_match_the_code(doc):
    # Given the rows of the Settings table
    rows = setting_rows(doc)

    # When each row's default column is compared with the field's default
    wrong = {
        name.upper(): (rows[name.upper()][DEFAULT_COLUMN], documented_default(name))
        for name in Settings.model_fields
        if name.upper() in rows and documented_default(name) not in rows[name.upper()][DEFAULT_COLUMN]
    }

    # Then they agree
    assert wrong == {}, "documented vs expected default: " + repr(wrong)


def test_every_variable_the_template_sets_is_documented(doc):
    # Given the variables template.yaml sets for the functions
    variables = template_variables()

    # When the page's backticked names are collected
    documented = set(NAME.findall(doc))

    # Then each of them is explained somewhere on the page
    assert sorted(variables - documented) == []
    assert {"APP_ENV", "POWERTOOLS_SERVICE_NAME", "LOG_LEVEL"} <= variables


def test_a_missing_row_would_be_reported(doc):
    # Given the page without the row of DB_STATEMENT_TIMEOUT_MS
    lines = [line for line in doc.splitlines() if not line.startswith("| `DB_STATEMENT_TIMEOUT_MS`")]

    # When the rows are checked
    missing = missing_rows("\n".join(lines))

    # Then exactly that variable is reported
    assert missing == ["DB_STATEMENT_TIMEOUT_MS"]


def test_a_changed_default_would_be_reported(doc):
    # Given the page with the statement timeout's default changed
    edited = doc.replace("| `5000` |", "| `4000` |", 1)

    # When the row's default is compared with the code
    row = setting_rows(edited)["DB_STATEMENT_TIMEOUT_MS"]

    # Then it no longer shows the field's default
    assert documented_default("db_statement_timeout_ms") not in row[DEFAULT_COLUMN]
