"""Lambda's event sources for local use: the SQS queue of S3 notifications and the schedules of the template.

Messages go to the handler in batches shaped like Lambda's SQS events. Messages reported in `batchItemFailures`
(or the whole batch when the handler raises) stay in the queue, come back after the visibility timeout and move to
the dead-letter queue after `maxReceiveCount` receives, as with Lambda's ReportBatchItemFailures.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from typing import Any

import boto3

from local import template as cfn
from local.functions import Functions

log = logging.getLogger("poller")

WAIT_SECONDS = 1  # long poll, short enough to stop quickly
RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    """The event Lambda gives a function for a batch of SQS messages."""
    return {"Records": [_record(message, queue_arn, region) for message in messages]}


def _record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {
            name: {
                "stringValue": attr.get("StringValue"),
                "binaryValue": attr.get("BinaryValue"),
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": attr["DataType"],
            }
            for name, attr in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message.get("MD5OfBody"),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def failed_ids(result: Any, message_ids: list[str]) -> set[str]:
    """Message ids to keep: those in `batchItemFailures`; all of them when the response is malformed (as Lambda)."""
    if not isinstance(result, dict) or not result.get("batchItemFailures"):
        return set()
    failures = {item.get("itemIdentifier") for item in result["batchItemFailures"] if isinstance(item, dict)}
    if len(failures) != len(result["batchItemFailures"]) or not failures <= set(message_ids):
        return set(message_ids)
    return failures


def schedules(template: dict[str, Any], logical_id: str) -> list[tuple[float, Any]]:
    """(period in seconds, input event) of each `rate(...)` Schedule event of a function."""
    found = []
    props = cfn.functions(template)[logical_id]
    for name, event in props.get("Events", {}).items():
        spec = event.get("Properties", {})
        if event.get("Type") != "Schedule":
            continue
        rate = RATE.fullmatch(str(spec.get("Schedule", "")))
        if rate is None:
            log.info("schedule %s is not a rate expression; not run locally", name)
            continue
        period = int(rate.group(1)) * UNIT_SECONDS[rate.group(2).rstrip("s")]
        found.append((float(period), json.loads(spec["Input"]) if "Input" in spec else {}))
    return found


class EventSources(threading.Thread):
    """One thread delivering a function's queue messages and scheduled events, one invocation at a time."""

    def __init__(
        self,
        functions: Functions,
        logical_id: str,
        queue_url: str,
        queue_arn: str,
        batch_size: int,
        timers: list[tuple[float, Any]],
        region: str,
    ):
        super().__init__(name="event-sources", daemon=True)
        self.functions, self.logical_id = functions, logical_id
        self.queue_url, self.queue_arn, self.region = queue_url, queue_arn, region
        self.batch_size = max(1, min(batch_size, 10))
        self.timers = [(period, payload, time.monotonic() + period) for period, payload in timers]
        self.stopping = threading.Event()
        self._sqs = boto3.client("sqs")

    def run(self) -> None:
        if not self.functions.exists(self.logical_id):
            log.warning("%s has no handler yet: queued CV notifications wait in the queue", self.logical_id)
            return
        while not self.stopping.is_set():
            try:
                self.poll_once()
                self.run_due_schedules()
            except Exception:  # the loop must survive anything, as Lambda's poller does
                log.exception("event source error")
                self.stopping.wait(WAIT_SECONDS)

    def stop(self, timeout: float = 5.0) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)

    def poll_once(self) -> int:
        """Receive one batch, invoke the handler, delete what succeeded; the number of messages received."""
        reply = self._sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=self.batch_size,
            WaitTimeSeconds=WAIT_SECONDS,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages = reply.get("Messages", [])
        if messages:
            self._deliver(messages)
        return len(messages)

    def _deliver(self, messages: list[dict[str, Any]]) -> None:
        ids = [message["MessageId"] for message in messages]
        try:
            result = self.functions.invoke(self.logical_id, sqs_event(messages, self.queue_arn, self.region))
        except Exception:
            log.exception("%s failed on a batch of %d: every message will be retried", self.logical_id, len(ids))
            return
        failed = failed_ids(result, ids)
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)]
            self._sqs.delete_message_batch(QueueUrl=self.queue_url, Entries=entries)
        log.info("batch delivered to %s: %d done, %d to retry", self.logical_id, len(done), len(failed))

    def run_due_schedules(self) -> None:
        now = time.monotonic()
        for index, (period, payload, due) in enumerate(self.timers):
            if now < due:
                continue
            self.timers[index] = (period, payload, now + period)
            try:
                self.functions.invoke(self.logical_id, payload)
            except Exception:
                log.exception("scheduled run of %s failed", self.logical_id)


def queue_consumer(template: dict[str, Any], queue_id: str) -> tuple[str, int] | None:
    """(function logical id, batch size) of the function whose SQS event reads the queue `queue_id`."""
    for logical_id, props in cfn.functions(template).items():
        for event in props.get("Events", {}).values():
            spec = event.get("Properties", {})
            if event.get("Type") == "SQS" and spec.get("Queue") == {"Fn::GetAtt": [queue_id, "Arn"]}:
                return logical_id, int(spec.get("BatchSize", 10))
    return None
