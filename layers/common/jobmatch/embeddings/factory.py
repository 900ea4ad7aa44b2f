"""Choose, build and cache the embedder that the configuration names."""

from __future__ import annotations

import functools
import json
from typing import NamedTuple

from jobmatch.config import ConfigurationError, Settings, get_settings
from jobmatch.embeddings.base import Embedder
from jobmatch.embeddings.hashing import HashEmbedder
from jobmatch.embeddings.retry import provider_failed

DEFAULT_OPENAI_MODEL = "nomic-ai/nomic-embed-text-v1.5"
SECRET_MAX_AGE_S = 300


class EmbedderChoice(NamedTuple):
    """The settings that decide which embedder is used (hashable: it keys the cache)."""

    embedder: str
    model: str | None
    api_base: str
    api_key: str | None
    api_key_secret_arn: str | None
    timeout_s: float


def get_embedder(settings: Settings | None = None) -> Embedder:
    """The embedder that `settings` (default: the process settings) name, built once per process."""
    settings = settings or get_settings()
    return _build(
        EmbedderChoice(
            settings.embedder,
            settings.embedding_model,
            settings.embedding_api_base,
            settings.ai_api_key,
            settings.ai_api_key_secret_arn,
            settings.ai_timeout_s,
        )
    )


def reset_embedder_cache() -> None:
    """Forget the embedders built so far (for tests and configuration reloads)."""
    _build.cache_clear()


@functools.lru_cache(maxsize=4)
def _build(choice: EmbedderChoice) -> Embedder:
    if choice.embedder == "hash":
        if choice.model not in (None, HashEmbedder.model_id):
            raise ConfigurationError(f"EMBEDDER=hash allows only EMBEDDING_MODEL={HashEmbedder.model_id}")
        return HashEmbedder()
    if choice.embedder == "openai":
        from jobmatch.embeddings.openai_compat import OpenAICompatibleEmbedder

        model = choice.model or DEFAULT_OPENAI_MODEL
        key = functools.partial(api_key, choice)
        return OpenAICompatibleEmbedder(model, choice.api_base, key, choice.timeout_s)
    if choice.embedder == "bedrock":
        from jobmatch.embeddings.bedrock import TITAN_V2, BedrockTitanEmbedder

        return BedrockTitanEmbedder(choice.model or TITAN_V2, choice.timeout_s)
    raise ConfigurationError(f"unknown EMBEDDER {choice.embedder!r}")


def api_key(choice: EmbedderChoice) -> str | None:
    """AI_API_KEY, else the key in Secrets Manager (Powertools caches it for 5 minutes)."""
    if choice.api_key or not choice.api_key_secret_arn:
        return choice.api_key
    from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

    try:
        secret = get_secret(choice.api_key_secret_arn, max_age=SECRET_MAX_AGE_S)
    except GetParameterError as exc:
        raise provider_failed(choice.embedder, "api key secret unreadable") from exc
    if isinstance(secret, bytes):
        secret = secret.decode()
    try:
        return key_from_secret(secret)
    except ConfigurationError as exc:
        raise provider_failed(choice.embedder, str(exc)) from exc


PLACEHOLDER_KEYS = {"", "change_me", "changeme", "change-me", "placeholder", "replace_me", "replace-me"}


def get_secret(name: str, **options):
    """Powertools' cached secret reader, imported on first use: it loads boto3, which costs cold starts ~0.2 s."""
    from aws_lambda_powertools.utilities.parameters import get_secret as read_secret

    return read_secret(name, **options)


def key_from_secret(secret: str) -> str:
    """The key itself, whether the secret is the bare key or JSON such as {"api_key": "..."}."""
    key = _key_in(secret.strip())
    if key.strip().lower() in PLACEHOLDER_KEYS:
        raise ConfigurationError("the AI key secret still holds its placeholder: put the provider's key in it")
    return key


def _key_in(text: str) -> str:
    if not text.startswith("{"):
        return text
    try:
        values = json.loads(text)
    except ValueError:
        raise ConfigurationError("the AI key secret is neither a key nor JSON") from None
    for name in ("api_key", "AI_API_KEY", "key"):
        if isinstance(values.get(name), str):
            return values[name]
    raise ConfigurationError("the AI key secret has no api_key field")
