"""Invoked by hand after a deploy: `aws lambda invoke --function-name <MigrateFunctionName> out.json`."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from jobmatch.migrate import apply_migrations

logger = Logger()


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> list[str]:
    """Apply every pending migration and return the versions applied (empty when up to date)."""
    applied = apply_migrations()
    logger.info("migrations applied", extra={"count": len(applied), "versions": applied})
    return applied
