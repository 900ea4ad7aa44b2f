"""The provider interface: a prompt in, the model's JSON object out (validation is the engine's job)."""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from typing import Any

from jobmatch.ai.prompt import Prompt
from jobmatch.ai.retry import EngineFailure, RetryPolicy

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class Provider(ABC):
    """A hosted chat model that answers with one JSON object; `name` is "<kind>:<model>"."""

    name: str
    retry: RetryPolicy

    @abstractmethod
    def complete(self, prompt: Prompt, deadline: float) -> tuple[dict[str, Any], int]:
        """The JSON object answering `prompt`, and the attempts it took; raises `EngineFailure`."""


def parse_object(text: str | None) -> dict[str, Any]:
    """The JSON object in a model's reply (a Markdown code fence around it is tolerated)."""
    if not text or not text.strip():
        raise EngineFailure("empty output")
    fenced = _FENCE.match(text)
    try:
        value = json.loads(fenced.group(1) if fenced else text)
    except ValueError:
        raise EngineFailure("invalid json") from None
    if not isinstance(value, dict):
        raise EngineFailure("output is not an object")
    return value
