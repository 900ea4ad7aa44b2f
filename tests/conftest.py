"""Test setup shared by every layer of tests: import paths as in Lambda, and local settings."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "layers" / "common"), str(REPO)] + [str(p) for p in sorted((REPO / "functions").iterdir())]

os.environ.update(
    {
        "APP_ENV": "test",
        "JWT_SIGNING_KEY": secrets.token_urlsafe(48),
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "POWERTOOLS_SERVICE_NAME": "jobmatch-tests",
        "POWERTOOLS_METRICS_NAMESPACE": "jobmatch-tests",
        "POWERTOOLS_DEV": "false",
    }
)
os.environ.setdefault("DATABASE_URL", "postgresql://placeholder@localhost/none")  # replaced by the db fixture
