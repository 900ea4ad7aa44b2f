"""Versioned SQL migrations: `python -m jobmatch.migrate` applies the pending files of `migrations/` in order."""

from __future__ import annotations

import sys
from pathlib import Path

from jobmatch.config import get_settings
from jobmatch.db import connect

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
LOCK_ID = 7_306_041  # advisory lock so that two deploys never migrate at once


def pending(applied: set[str]) -> list[Path]:
    return [path for path in sorted(MIGRATIONS_DIR.glob("*.sql")) if path.stem not in applied]


def apply_migrations() -> list[str]:
    """Apply every pending migration, each in its own transaction; return the versions applied."""
    # No statement timeout: an index build may take minutes, and a second deploy waits for the lock.
    with connect(get_settings(), vector=False, statement_timeout_ms=0) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_ID,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        applied = {row["version"] for row in conn.execute("SELECT version FROM schema_migrations")}
        done = []
        for path in pending(applied):
            with conn.transaction():
                conn.execute(path.read_text())
                conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (path.stem,))
            done.append(path.stem)
        conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_ID,))
    return done


def main() -> int:
    done = apply_migrations()
    print(f"applied {len(done)} migration(s)" + (": " + ", ".join(done) if done else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
