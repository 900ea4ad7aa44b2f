"""Embeddings from any OpenAI-compatible HTTP API (Fireworks, OpenAI, a local server) over httpx."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import numpy as np
from aws_lambda_powertools import Logger

from jobmatch.embeddings.base import DIMENSION, PROVIDER_INVALID, Embedder, Kind
from jobmatch.embeddings.retry import Retryable, RetryPolicy, call_with_retries, provider_failed
from jobmatch.errors import UpstreamError

logger = Logger(child=True)

BATCH_SIZE = 64
# nomic-embed-text was trained with task prefixes and ranks poorly without them.
NOMIC_PREFIXES = {"document": "search_document: ", "query": "search_query: "}


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The Retry-After header in seconds, when it is a number (an HTTP date is ignored)."""
    try:
        return float(response.headers["retry-after"])
    except (KeyError, ValueError):
        return None


class OpenAICompatibleEmbedder(Embedder):
    """POST {api_base}/embeddings with 512 dimensions, in batches, retrying transient failures."""

    def __init__(
        self,
        model_id: str,
        api_base: str,
        api_key: Callable[[], str | None],
        timeout_s: float,
        retry: RetryPolicy | None = None,
    ):
        self.model_id = model_id
        self._api_base = api_base.rstrip("/")
        self._api_key = api_key
        self._timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0))
        self._retry = retry or RetryPolicy()
        self._client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        """One pooled HTTP client per embedder, created on first use."""
        if self._client is None:
            self._client = httpx.Client(base_url=self._api_base, timeout=self._timeout)
        return self._client

    def _embed_texts(self, texts: list[str], kind: Kind) -> np.ndarray:
        prefix = NOMIC_PREFIXES[kind] if "nomic-embed-text" in self.model_id else ""
        inputs = [prefix + text for text in texts]
        batches = [inputs[i : i + BATCH_SIZE] for i in range(0, len(inputs), BATCH_SIZE)]
        return np.vstack([self._embed_batch(batch) for batch in batches])

    def _embed_batch(self, inputs: list[str]) -> np.ndarray:
        body = {"model": self.model_id, "input": inputs, "dimensions": DIMENSION}
        response = call_with_retries(lambda: self._post(body), self._retry, "openai")
        return self._parse(response, len(inputs))

    def _headers(self) -> dict[str, str]:
        key = self._api_key()
        return {"Authorization": f"Bearer {key}"} if key else {}

    def _post(self, body: dict) -> httpx.Response:
        try:
            response = self.client.post("/embeddings", json=body, headers=self._headers())
        except httpx.TimeoutException as exc:
            raise Retryable(f"timeout: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise Retryable(f"transport error: {type(exc).__name__}") from exc
        if response.status_code in (408, 429) or response.status_code >= 500:
            raise Retryable(f"status {response.status_code}", retry_after_seconds(response))
        if response.status_code != 200:
            raise provider_failed("openai", f"status {response.status_code}")
        return response

    def _parse(self, response: httpx.Response, count: int) -> np.ndarray:
        try:
            items = sorted(response.json()["data"], key=lambda item: item["index"])
            matrix = np.array([item["embedding"] for item in items], dtype=np.float32)
        except (ValueError, KeyError, TypeError) as exc:
            extra = {"provider": "openai", "error": type(exc).__name__}
            logger.error("embedding answer unreadable", extra=extra)
            raise UpstreamError(PROVIDER_INVALID) from exc
        if matrix.shape != (count, DIMENSION):
            extra = {"provider": "openai", "shape": list(matrix.shape)}
            logger.error("embedding answer has wrong shape", extra=extra)
            raise UpstreamError(PROVIDER_INVALID)
        return matrix
