"""The local S3 -> SQS -> function path: moto resources like the template's, and Lambda's SQS batch semantics."""

from __future__ import annotations

import json
import os
from urllib.parse import unquote_plus

import boto3
import pytest
from moto import mock_aws

from local import aws, poller
from local import template as cfn
from local.functions import local_environment
from local.openapi import TEMPLATE

AWS_VARIABLES = (
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "CV_BUCKET",
)


@pytest.fixture
def template():
    return cfn.load_template(TEMPLATE)


class ScriptedFunction:
    """Stands in for the function registry: answers each batch with a scripted result or exception."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.events: list[dict] = []

    def exists(self, _logical_id: str) -> bool:
        return True

    def invoke(self, _logical_id: str, event: dict):
        self.events.append(event)
        answer = self.answers.pop(0) if self.answers else None
        if isinstance(answer, Exception):
            raise answer
        return answer(event) if callable(answer) else answer


def _sources(function, queue_url: str, queue_arn: str) -> poller.EventSources:
    return poller.EventSources(function, "IngestFunction", queue_url, queue_arn, 10, [], "us-east-1")


@pytest.fixture
def queues():
    """A queue with visibility 0 and a dead-letter queue after 2 receives (moto's in-process mock)."""
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        dlq, dlq_arn = _create(sqs, "dlq", {})
        redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"})
        url, arn = _create(sqs, "q", {"VisibilityTimeout": "0", "RedrivePolicy": redrive})
        yield sqs, url, arn, dlq


def _create(sqs, name: str, attributes: dict) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _count(sqs, url: str) -> int:
    attrs = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )
    return sum(int(value) for value in attrs["Attributes"].values())


def test_messages_arrive_as_a_lambda_sqs_batch_and_successes_are_deleted(queues):
    # Given two queued messages and a function that reports the second one as failed
    sqs, url, arn, _ = queues
    for body in ("first", "second"):
        sqs.send_message(QueueUrl=url, MessageBody=body)

    def fail_second(event):
        second = next(r for r in event["Records"] if r["body"] == "second")
        return {"batchItemFailures": [{"itemIdentifier": second["messageId"]}]}

    function = ScriptedFunction(fail_second)

    # When the poller delivers one batch
    received = _sources(function, url, arn).poll_once()

    # Then the event looks like Lambda's and only the failed message is left in the queue
    record = function.events[0]["Records"][0]
    assert received == 2
    assert record["eventSource"] == "aws:sqs" and record["eventSourceARN"] == arn and record["awsRegion"] == "us-east-1"
    assert record["attributes"]["ApproximateReceiveCount"] == "1" and record["receiptHandle"]
    assert _count(sqs, url) == 1


def test_a_message_that_keeps_failing_ends_in_the_dead_letter_queue(queues):
    # Given a message and a function that raises on every batch
    sqs, url, arn, dlq = queues
    sqs.send_message(QueueUrl=url, MessageBody="poison")
    function = ScriptedFunction(RuntimeError("boom"), RuntimeError("boom"), RuntimeError("boom"))
    sources = _sources(function, url, arn)

    # When the poller keeps polling (the exception never stops it)
    deliveries = [sources.poll_once() for _ in range(3)]

    # Then after maxReceiveCount deliveries the message moved to the dead-letter queue
    assert deliveries == [1, 1, 0]
    assert _count(sqs, url) == 0 and _count(sqs, dlq) == 1


@pytest.mark.parametrize(
    ("result", "kept"),
    [
        (None, set()),
        ({"batchItemFailures": []}, set()),
        ({"batchItemFailures": [{"itemIdentifier": "b"}]}, {"b"}),
        ({"batchItemFailures": [{"itemIdentifier": "unknown"}]}, {"a", "b"}),
        ({"batchItemFailures": [{"itemIdentifier": None}]}, {"a", "b"}),
    ],
)
def test_failed_items_follow_lambda_rules(result, kept):
    # Given a batch of messages a and b, when the function answers `result`
    # Then the messages kept for a retry are those Lambda would keep (all of them for a malformed answer)
    assert poller.failed_ids(result, ["a", "b"]) == kept


def test_the_ingest_function_reads_the_queue_and_runs_the_sweep_schedule(template):
    # Given the template
    # When the event sources of the CV queue are read from it
    consumer = poller.queue_consumer(template, aws.QUEUE_ID)
    timers = poller.schedules(template, consumer[0])

    # Then the ingest function takes batches of 10 and has its 15-minute sweep
    assert consumer == ("IngestFunction", 10)
    assert timers == [(900.0, {"task": "sweep"})]


def test_local_aws_has_the_bucket_queue_dead_letter_queue_and_notification(template, monkeypatch):
    # Given the template, and the environment restored after the test
    for name in AWS_VARIABLES:
        monkeypatch.setenv(name, os.environ.get(name, "unset"))
    monkeypatch.delenv("CV_BUCKET")
    stack = aws.start(template)
    try:
        s3, sqs = boto3.client("s3"), boto3.client("sqs")

        # When a CV lands under cvs/ and another file elsewhere
        s3.put_object(Bucket=stack.bucket, Key="cvs/u1/cv.pdf", Body=b"%PDF")
        s3.put_object(Bucket=stack.bucket, Key="other/x.txt", Body=b"x")
        bodies = [json.loads(m["Body"]) for m in _drain(sqs, stack.queue_url)]

        # Then the queue holds S3's test event and one notification (key URL-encoded as S3 does), for the CV only
        records = [b["Records"][0] for b in bodies if "Records" in b]
        assert [unquote_plus(r["s3"]["object"]["key"]) for r in records] == ["cvs/u1/cv.pdf"]
        assert any(b.get("Event") == "s3:TestEvent" for b in bodies)
        attrs = sqs.get_queue_attributes(QueueUrl=stack.queue_url, AttributeNames=["RedrivePolicy"])["Attributes"]
        assert json.loads(attrs["RedrivePolicy"]) == {"deadLetterTargetArn": stack.dlq_arn, "maxReceiveCount": 5}
        assert os.environ["AWS_ENDPOINT_URL"] == stack.endpoint and stack.bucket == "jobmatch-cvs-local"
    finally:
        stack.stop()


def _drain(sqs, url: str) -> list[dict]:
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
    return messages


def test_the_local_environment_replaces_aws_only_values(template):
    # Given the template's function environments
    # When they are resolved for local use
    env = local_environment(template, {aws.BUCKET_ID: "local-bucket"})

    # Then literal and parameter values stay, AWS-only ones are replaced or dropped
    assert env["APP_ENV"] == "local" and env["CV_BUCKET"] == "local-bucket"
    assert env["EMBEDDER"] == "hash" and env["CORS_ALLOW_ORIGINS"] == "*" and env["JWT_ISSUER"] == "jobmatch"
    assert not {"DB_SECRET_ARN", "DB_HOST", "JWT_SECRET_ARN", "AI_API_KEY_SECRET_ARN", "EMBEDDING_MODEL"} & set(env)
    # And the only per-function variable (the service name) is not forced on every function
    assert "POWERTOOLS_SERVICE_NAME" not in env
