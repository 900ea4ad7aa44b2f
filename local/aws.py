"""S3 and SQS for local use: moto's server in this process, with the bucket, queues and notification of the template.

moto keeps its data in memory: files and queued messages are gone after a restart (the database is not).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

log = logging.getLogger("runner")

REGION = "us-east-1"
BUCKET_ID, QUEUE_ID, DLQ_ID = "CvBucket", "CvIngestQueue", "CvIngestDLQ"
DEFAULT_BUCKET = "jobmatch-cvs-local"
QUEUE_NAME, DLQ_NAME = "jobmatch-cv-ingest", "jobmatch-cv-ingest-dlq"
# Lambda's recommended 900 s would make a failed message wait 15 minutes before its retry.
LOCAL_VISIBILITY_TIMEOUT_S = 5
DEFAULT_MAX_RECEIVE_COUNT = 5


@dataclass
class LocalAws:
    """The running moto server and the names of what was created in it."""

    server: ThreadedMotoServer
    endpoint: str
    bucket: str
    queue_url: str
    queue_arn: str
    dlq_url: str
    dlq_arn: str
    max_receive_count: int

    @property
    def resources(self) -> dict[str, str]:
        """Logical id -> local name, for resolving `!Ref` in the template."""
        return {BUCKET_ID: self.bucket, QUEUE_ID: self.queue_url, DLQ_ID: self.dlq_url}

    def stop(self) -> None:
        self.server.stop()


def use_endpoint(endpoint: str) -> None:
    """Send every boto3 client of this process (and its children) to moto, with fake credentials."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
        }
    )


def start(template: dict[str, Any], host: str = "127.0.0.1", port: int = 0) -> LocalAws:
    """Start moto on a free port and create the CV bucket, the ingest queue, its dead-letter queue and the notice."""
    server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
    server.start()
    bound_host, bound_port = server.get_host_and_port()
    endpoint = f"http://{bound_host}:{bound_port}"
    use_endpoint(endpoint)
    bucket = os.environ.setdefault("CV_BUCKET", DEFAULT_BUCKET)
    sqs = boto3.client("sqs")
    dlq_url, dlq_arn = _queue(sqs, DLQ_NAME, {})
    max_receive = _max_receive_count(template)
    redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(max_receive)}
    queue_url, queue_arn = _queue(
        sqs,
        QUEUE_NAME,
        {"VisibilityTimeout": str(LOCAL_VISIBILITY_TIMEOUT_S), "RedrivePolicy": json.dumps(redrive)},
    )
    _bucket(boto3.client("s3"), bucket, queue_arn, _notification_rules(template))
    log.info(
        "moto S3/SQS on %s: bucket %s, queue %s (dead letters after %d receives)",
        endpoint,
        bucket,
        QUEUE_NAME,
        max_receive,
    )
    return LocalAws(server, endpoint, bucket, queue_url, queue_arn, dlq_url, dlq_arn, max_receive)


def _queue(sqs, name: str, attributes: dict[str, str]) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def _max_receive_count(template: dict[str, Any]) -> int:
    queue = template.get("Resources", {}).get(QUEUE_ID, {}).get("Properties", {})
    return int(queue.get("RedrivePolicy", {}).get("maxReceiveCount", DEFAULT_MAX_RECEIVE_COUNT))


def _notification_rules(template: dict[str, Any]) -> list[dict[str, Any]]:
    """The bucket's queue notifications as in the template (events and key filter), pointed at the local queue."""
    spec = template.get("Resources", {}).get(BUCKET_ID, {}).get("Properties", {})
    rules = []
    for config in spec.get("NotificationConfiguration", {}).get("QueueConfigurations", []):
        rule = {"Events": [config["Event"]]}
        filters = config.get("Filter", {}).get("S3Key", {}).get("Rules", [])
        if filters:
            rule["Filter"] = {"Key": {"FilterRules": [{"Name": f["Name"], "Value": f["Value"]} for f in filters]}}
        rules.append(rule)
    return rules


def _bucket(s3, name: str, queue_arn: str, rules: list[dict[str, Any]]) -> None:
    s3.create_bucket(Bucket=name)
    configs = [{**rule, "QueueArn": queue_arn} for rule in rules]
    if configs:
        # Like S3, moto then sends an "s3:TestEvent" message to the queue.
        s3.put_bucket_notification_configuration(
            Bucket=name, NotificationConfiguration={"QueueConfigurations": configs}
        )
