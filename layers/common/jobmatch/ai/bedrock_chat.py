"""Structured generation with the Bedrock Converse API: one tool whose input schema is the output schema, forced."""

from __future__ import annotations

import re
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from jobmatch.ai.base import Provider
from jobmatch.ai.prompt import Prompt
from jobmatch.ai.retry import EngineFailure, RetryPolicy, Transient, with_retries

MAX_TOKENS = 4096
TEMPERATURE = 0.2
MAX_POOL = 16
RETRYABLE = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "ServiceUnavailableException",
        "InternalServerException",
        "ModelTimeoutException",
        "ModelNotReadyException",
    }
)
# toolChoice "tool" (a named tool) is accepted by Anthropic Claude 3+ and Amazon Nova; others take "any".
NAMED_TOOL_CHOICE = re.compile(r"(^|\.)(anthropic\.claude|amazon\.nova)")


def make_client(timeout_s: float) -> Any:
    """The embeddings' bedrock-runtime client (botocore retries off: `with_retries` decides), sized for chat."""
    from jobmatch.embeddings.bedrock import make_client as bedrock_client

    return bedrock_client(timeout_s, pool=MAX_POOL)


class BedrockConverseProvider(Provider):
    """Converse with `toolConfig` forcing the single output tool; the tool's input is the answer."""

    def __init__(self, model: str, timeout_s: float, client: Any = None, retry: RetryPolicy | None = None):
        self.name = f"bedrock:{model}"
        self.model = model
        self.timeout_s = timeout_s
        self.retry = retry or RetryPolicy()
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_client(self.timeout_s)
        return self._client

    def request(self, prompt: Prompt) -> dict[str, Any]:
        """The keyword arguments of the `converse` call."""
        tool = re.sub(r"[^A-Za-z0-9_-]", "_", prompt.task)[:64]
        choice = {"tool": {"name": tool}} if NAMED_TOOL_CHOICE.search(self.model) else {"any": {}}
        spec = {
            "name": tool,
            "description": f"Record the {prompt.task} result.",
            "inputSchema": {"json": prompt.schema},
        }
        return {
            "modelId": self.model,
            "system": [{"text": prompt.system}],
            "messages": [{"role": "user", "content": [{"text": prompt.user}]}],
            "inferenceConfig": {"maxTokens": MAX_TOKENS, "temperature": TEMPERATURE},
            "toolConfig": {"tools": [{"toolSpec": spec}], "toolChoice": choice},
        }

    def complete(self, prompt: Prompt, deadline: float) -> tuple[dict[str, Any], int]:
        kwargs = self.request(prompt)
        response, attempts = with_retries(lambda _left: self._converse(kwargs), self.retry, deadline)
        return self._tool_input(response, kwargs["toolConfig"]["tools"][0]["toolSpec"]["name"]), attempts

    def _converse(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.client.converse(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "Unknown")
            if code in RETRYABLE:
                raise Transient(code) from None
            raise EngineFailure(code) from None
        except (ReadTimeoutError, ConnectTimeoutError):
            raise Transient("timeout") from None
        except EndpointConnectionError:
            raise Transient("connection error") from None
        except BotoCoreError as exc:
            raise EngineFailure(type(exc).__name__) from None

    @staticmethod
    def _tool_input(response: dict[str, Any], tool: str) -> dict[str, Any]:
        if response.get("stopReason") == "max_tokens":
            raise EngineFailure("output truncated")
        blocks = response.get("output", {}).get("message", {}).get("content", [])
        for block in blocks:
            use = block.get("toolUse") if isinstance(block, dict) else None
            if use and use.get("name") == tool:
                if not isinstance(use.get("input"), dict):
                    raise EngineFailure("output is not an object")
                return use["input"]
        raise EngineFailure("no tool call")
