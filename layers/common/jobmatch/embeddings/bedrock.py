"""Embeddings from Amazon Titan Text Embeddings v2 on Bedrock, one text a call, in parallel."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import numpy as np
from aws_lambda_powertools import Logger
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from jobmatch.embeddings.base import DIMENSION, PROVIDER_INVALID, Embedder, Kind
from jobmatch.embeddings.retry import Retryable, RetryPolicy, call_with_retries, provider_failed
from jobmatch.errors import UpstreamError

logger = Logger(child=True)

TITAN_V2 = "amazon.titan-embed-text-v2:0"
MAX_PARALLEL = 8
JSON_TYPES = {"contentType": "application/json", "accept": "application/json"}
RETRYABLE_CODES = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "ServiceUnavailableException",
        "InternalServerException",
        "ModelTimeoutException",
        "ModelNotReadyException",
    }
)


def make_client(timeout_s: float, pool: int = MAX_PARALLEL) -> Any:
    """A bedrock-runtime client whose own retries are off, since the caller's retry policy decides."""
    config = Config(
        connect_timeout=min(timeout_s, 5.0),
        read_timeout=timeout_s,
        retries={"total_max_attempts": 1, "mode": "standard"},
        max_pool_connections=pool,
    )
    return boto3.client("bedrock-runtime", config=config)


class BedrockTitanEmbedder(Embedder):
    """Titan v2 with `dimensions: 512, normalize: true`; up to 8 texts are embedded at once."""

    def __init__(self, model_id: str, timeout_s: float, client: Any = None, retry: RetryPolicy | None = None):
        self.model_id = model_id
        self._timeout_s = timeout_s
        self._client = client
        self._retry = retry or RetryPolicy()

    @property
    def client(self) -> Any:
        """The bedrock-runtime client, created on first use (boto3 clients are thread-safe)."""
        if self._client is None:
            self._client = make_client(self._timeout_s)
        return self._client

    def _embed_texts(self, texts: list[str], kind: Kind) -> np.ndarray:
        client = self.client
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(texts))) as pool:
            futures = [pool.submit(self._embed_one, client, text) for text in texts]
            try:
                return np.array([future.result() for future in futures], dtype=np.float32)
            except Exception:
                for future in futures:
                    future.cancel()  # one text failed for good: do not start the rest
                raise

    def _embed_one(self, client: Any, text: str) -> list[float]:
        body = json.dumps({"inputText": text, "dimensions": DIMENSION, "normalize": True})
        raw = call_with_retries(lambda: self._invoke(client, body), self._retry, "bedrock")
        try:
            vector = json.loads(raw)["embedding"]
        except (ValueError, KeyError, TypeError) as exc:
            extra = {"provider": "bedrock", "error": type(exc).__name__}
            logger.error("embedding answer unreadable", extra=extra)
            raise UpstreamError(PROVIDER_INVALID) from exc
        if not isinstance(vector, list) or len(vector) != DIMENSION:
            logger.error("embedding answer has wrong shape", extra={"provider": "bedrock"})
            raise UpstreamError(PROVIDER_INVALID)
        return vector

    def _invoke(self, client: Any, body: str) -> bytes:
        try:
            response = client.invoke_model(modelId=self.model_id, body=body, **JSON_TYPES)
            return response["body"].read()
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "Unknown")
            if code in RETRYABLE_CODES:
                raise Retryable(code) from exc
            raise provider_failed("bedrock", code) from exc
        except (HTTPClientError, BotoConnectionError) as exc:
            raise Retryable(type(exc).__name__) from exc
        except BotoCoreError as exc:
            raise provider_failed("bedrock", type(exc).__name__) from exc
