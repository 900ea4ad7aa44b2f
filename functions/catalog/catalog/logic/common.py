"""Helpers shared by the catalog's logic modules: pages, missing references and constraint errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg

from jobmatch import db
from jobmatch.errors import FieldError
from jobmatch.pagination import Page


def fetch_page(list_sql: str, count_sql: str, params: Mapping[str, Any], page: Page) -> tuple[list[dict], int]:
    """One page of rows and the total number of rows matching the same filters."""
    rows = db.fetch_all(list_sql, {**params, **page.sql})
    total = db.fetch_one(count_sql, params)["n"]
    return rows, total


def missing(field: str, value: object) -> FieldError:
    """The 400 for a reference to a row that does not exist (or that the caller cannot see)."""
    return FieldError(field, f'Invalid pk "{value}" - object does not exist.')


def like_pattern(text: str | None) -> str | None:
    """`text` with LIKE wildcards escaped, for a substring match; None stays None."""
    if text is None:
        return None
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@contextmanager
def constraint_errors(fields: Mapping[str, FieldError]) -> Iterator[None]:
    """Turn a violated constraint named in `fields` (a race lost to a concurrent write) into its 400."""
    try:
        yield
    except psycopg.IntegrityError as exc:
        error = fields.get(exc.diag.constraint_name or "")
        if error is None:
            raise
        raise error from None


def pick(changes: Mapping[str, Any], writable: tuple[str, ...]) -> dict[str, Any]:
    """The writable fields present in a request's changes."""
    return {name: changes[name] for name in writable if name in changes}
