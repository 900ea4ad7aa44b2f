"""Structured generation with any OpenAI-compatible chat API (Fireworks, OpenAI, vLLM, ...) over httpx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from jobmatch.ai.base import Provider, parse_object
from jobmatch.ai.prompt import Prompt
from jobmatch.ai.retry import EngineFailure, RetryPolicy, Transient, with_retries

MAX_TOKENS = 4096
TEMPERATURE = 0.2
CONNECT_TIMEOUT_S = 5.0


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The Retry-After header in seconds, when it is a number."""
    try:
        return float(response.headers["retry-after"])
    except (KeyError, ValueError):
        return None


class OpenAIChatProvider(Provider):
    """POST {api_base}/chat/completions with `response_format: json_schema`; retries 408, 429, 5xx and timeouts."""

    def __init__(
        self,
        model: str,
        api_base: str,
        api_key: Callable[[], str | None],
        timeout_s: float,
        retry: RetryPolicy | None = None,
        client: httpx.Client | None = None,
    ):
        self.name = f"openai:{model}"
        self.model = model
        self.timeout_s = timeout_s
        self.retry = retry or RetryPolicy()
        self._api_key = api_key
        self._client = client or httpx.Client(base_url=api_base.rstrip("/"))

    def complete(self, prompt: Prompt, deadline: float) -> tuple[dict[str, Any], int]:
        body = self._body(prompt)
        headers = self._headers()
        response, attempts = with_retries(lambda left: self._post(body, headers, left), self.retry, deadline)
        return self._parse(response), attempts

    def _body(self, prompt: Prompt) -> dict[str, Any]:
        return {
            "model": self.model,
            "messages": [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": prompt.task, "schema": prompt.schema, "strict": True},
            },
            "temperature": TEMPERATURE,
            "max_tokens": MAX_TOKENS,
        }

    def _headers(self) -> dict[str, str]:
        try:
            key = self._api_key()
        except Exception as exc:  # a missing or unreadable secret is a provider failure: fall back, log the type
            raise EngineFailure(f"api key unavailable ({type(exc).__name__})") from None
        return {"Authorization": f"Bearer {key}"} if key else {}

    def _post(self, body: dict[str, Any], headers: dict[str, str], left_s: float) -> httpx.Response:
        seconds = min(self.timeout_s, left_s)
        timeout = httpx.Timeout(seconds, connect=min(seconds, CONNECT_TIMEOUT_S))
        try:
            response = self._client.post("/chat/completions", json=body, headers=headers, timeout=timeout)
        except httpx.TimeoutException:
            raise Transient("timeout") from None
        except httpx.TransportError as exc:
            raise Transient(f"transport error {type(exc).__name__}") from None
        if response.status_code in (408, 409, 429) or response.status_code >= 500:
            raise Transient(f"status {response.status_code}", retry_after_seconds(response))
        if response.status_code != 200:
            raise EngineFailure(f"status {response.status_code}")
        return response

    @staticmethod
    def _parse(response: httpx.Response) -> dict[str, Any]:
        try:
            choice = response.json()["choices"][0]
            message = choice["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise EngineFailure("unreadable response") from None
        if choice.get("finish_reason") == "length":
            raise EngineFailure("output truncated")
        if message.get("refusal"):
            raise EngineFailure("refused")
        return parse_object(message.get("content"))
