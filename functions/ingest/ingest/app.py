"""Ingest function: S3 notifications of CV files in SQS batches, and the scheduled embedding sweep.

An SQS message holds one S3 notification. Each created object under `cvs/` goes to
`jobmatch.cv_index.ingest_object`; a message whose handling raised (provider or database outage) is
reported in `batchItemFailures`, so SQS delivers it again and, after `maxReceiveCount` receives, moves it
to the dead-letter queue. The event `{"task": "sweep"}` embeds the jobs and CVs left pending.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from jobmatch import cv_index, job_index, privacy
from jobmatch.config import get_settings

logger = Logger()
metrics = Metrics()
# Report every failed message, even when all failed, rather than failing the invocation.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)

SWEEP_JOBS = 200
SWEEP_CVS = 50


def record_handler(record: SQSRecord) -> None:
    """Handle the S3 notification in one SQS message; raising fails only this message."""
    body = json.loads(record.body)
    if body.get("Event") == "s3:TestEvent":
        logger.info("s3 test event ignored")
        return
    for s3_record in S3Event(body).records:
        bucket = s3_record.s3.bucket.name
        if not s3_record.event_name.startswith("ObjectCreated") or bucket != get_settings().cv_bucket:
            logger.warning("notification ignored", extra={"event": s3_record.event_name, "bucket": bucket})
            continue
        outcome = cv_index.ingest_object(unquote_plus(s3_record.s3.get_object.key))
        metrics.add_metric(name=f"CvObject{outcome.title()}", unit=MetricUnit.Count, value=1)
        logger.info("cv object handled", extra={"outcome": outcome, "message_id": record.message_id})


def sweep() -> dict:
    """Embed pending jobs and CVs (and those of another model); expire unused upload slots; finish erasures."""
    jobs = job_index.sweep_pending(limit=SWEEP_JOBS)
    cvs = cv_index.sweep(limit=SWEEP_CVS)
    erased = privacy.finish_pending_erasures()
    metrics.add_metric(name="JobsEmbeddedBySweep", unit=MetricUnit.Count, value=jobs.ready)
    metrics.add_metric(name="CvsEmbeddedBySweep", unit=MetricUnit.Count, value=cvs.embedded)
    return {
        "jobs": {"ready": jobs.ready, "pending": jobs.pending, "failed": jobs.failed},
        "cvs": cvs.__dict__,
        "erasures_finished": erased,
    }


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict, context: Any) -> dict:
    if event.get("task") == "sweep":
        return sweep()
    metrics.add_metric(name="CvMessages", unit=MetricUnit.Count, value=len(event.get("Records", [])))
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
