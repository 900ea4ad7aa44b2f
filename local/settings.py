"""Environment of the local stack: the embedded database, a generated signing key and moto's endpoint."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCAL_DIR = REPO / ".local"
KEY_FILE = LOCAL_DIR / "jwt-signing.key"


def add_import_paths() -> None:
    """Import the layer and every function the way Lambda does (layer on the path, one package per function)."""
    paths = [str(REPO / "layers" / "common")] + [str(p) for p in sorted((REPO / "functions").iterdir()) if p.is_dir()]
    sys.path[:0] = [p for p in paths if p not in sys.path]


def signing_key() -> str:
    """A random key generated on first use and kept in the git-ignored .local folder."""
    LOCAL_DIR.mkdir(exist_ok=True)
    if not KEY_FILE.exists():
        KEY_FILE.write_text(secrets.token_urlsafe(48))
        KEY_FILE.chmod(0o600)
    return KEY_FILE.read_text().strip()


def configure(database_url: str | None = None) -> str:
    """Set the variables every function reads; start the embedded database unless DATABASE_URL is given."""
    add_import_paths()
    url = database_url or os.environ.get("DATABASE_URL")
    if not url:
        from local import postgres

        url = postgres.start()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("APP_ENV", "local")
    os.environ.setdefault("JWT_SIGNING_KEY", signing_key())
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "jobmatch-local")
    os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "jobmatch-local")
    return url
