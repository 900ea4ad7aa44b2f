"""The embedders: offline hashing, the OpenAI-compatible HTTP provider and Bedrock Titan v2."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
import respx
from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError
from botocore.exceptions import ClientError, ReadTimeoutError
from botocore.response import StreamingBody
from botocore.stub import Stubber

import jobmatch
from jobmatch.config import ConfigurationError, Settings
from jobmatch.embeddings import DIMENSION, EMPTY_VECTOR, HashEmbedder, factory, get_embedder
from jobmatch.embeddings.bedrock import JSON_TYPES, TITAN_V2, BedrockTitanEmbedder, make_client
from jobmatch.embeddings.factory import reset_embedder_cache
from jobmatch.embeddings.hashing import tokens
from jobmatch.embeddings.openai_compat import OpenAICompatibleEmbedder
from jobmatch.embeddings.retry import RetryPolicy
from jobmatch.errors import ServiceUnavailable, UpstreamError

API = "https://embeddings.example.test/v1"
NOMIC = "nomic-ai/nomic-embed-text-v1.5"
DOWN = "The embedding provider is unavailable. Please try again later."
SAMPLE = [
    "Senior Python developer: Django, FastAPI and PostgreSQL.",
    "Registered nurse, six years on a surgical ward.",
    "C++ and C# engineer; Node.js, .NET and CI/CD pipelines.",
    "Ünïcode café, ＦＵＬＬＷＩＤＴＨ letters and emoji 🚀",
]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def retry(sleeps) -> RetryPolicy:
    """Three attempts whose waits are recorded instead of slept."""
    return RetryPolicy(attempts=3, base_delay_s=0.5, max_delay_s=8.0, sleep=sleeps.append)


# --- hash embedder ----------------------------------------


def test_hash_vectors_are_identical_in_another_process():
    # Given the vectors of some texts in this process
    local = HashEmbedder().embed_documents(SAMPLE)
    # When a fresh interpreter with a different PYTHONHASHSEED embeds the same texts
    script = (
        "import json, sys; from jobmatch.embeddings import HashEmbedder; "
        "texts = json.loads(sys.stdin.read()); "
        "sys.stdout.write(HashEmbedder().embed_documents(texts).tobytes().hex())"
    )
    layer = str(Path(jobmatch.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": layer, "PYTHONHASHSEED": "12345"}
    options = {"input": json.dumps(SAMPLE), "capture_output": True, "text": True, "env": env}
    result = subprocess.run([sys.executable, "-c", script], check=False, **options)
    assert result.returncode == 0, result.stderr
    # Then the bytes are the same
    assert bytes.fromhex(result.stdout) == local.tobytes()


def test_hash_rows_are_float32_unit_vectors_of_512():
    # When several texts are embedded
    matrix = HashEmbedder().embed_documents(SAMPLE)
    # Then there is one float32 row of 512 per text, each of length 1
    assert matrix.shape == (len(SAMPLE), 512) and matrix.dtype == np.float32
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)
    assert HashEmbedder().dimension == DIMENSION == 512


def test_hash_query_is_one_vector_equal_to_the_document_vector():
    embedder = HashEmbedder()
    # When a query is embedded
    query = embedder.embed_query(SAMPLE[0])
    # Then it is a single 512 vector, the same as the text embedded as a document
    assert query.shape == (512,) and query.dtype == np.float32
    assert np.array_equal(query, embedder.embed_documents([SAMPLE[0]])[0])


def test_no_texts_give_an_empty_matrix():
    # When no text is embedded, then the matrix has no row but still 512 columns
    assert HashEmbedder().embed_documents([]).shape == (0, 512)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "!!! ... ???"])
def test_blank_text_gives_the_fixed_non_zero_vector(text):
    # When a text with no word in it is embedded
    vector = HashEmbedder().embed_query(text)
    # Then it is the documented fixed unit vector, far from any real text
    assert np.array_equal(vector, EMPTY_VECTOR)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-6)
    assert abs(cosine(vector, HashEmbedder().embed_query(SAMPLE[0]))) < 0.3


def test_technical_names_are_tokens_of_their_own():
    # When a text with technical names is tokenised
    found = tokens("C++, C# and Node.js/.NET devs; CI/CD. Also C.")
    # Then each name stays whole
    assert {"c++", "c#", ".net", "ci/cd", "c"} <= set(found)
    assert any(token.startswith("node.js") for token in found)


@pytest.mark.parametrize("name", ["c++", "c#", "node.js", "f#"])
def test_technical_names_are_far_from_the_letter_c(name):
    # Given the language names and the bare letter
    embedder = HashEmbedder()
    # When they are embedded
    similarity = cosine(embedder.embed_query(name), embedder.embed_query("c"))
    # Then they are not treated as the same word
    assert similarity < 0.3


def test_case_and_unicode_width_do_not_matter():
    # Given the same words in full-width capitals and in plain lower case
    embedder = HashEmbedder()
    wide = embedder.embed_query("ＰＹＴＨＯＮ Developer")
    # Then their vectors are identical
    assert np.array_equal(wide, embedder.embed_query("python developer"))


def test_similar_texts_are_closer_than_unrelated_ones():
    # Given a CV line, a matching job, and an unrelated job
    embedder = HashEmbedder()
    cv = embedder.embed_query("Backend developer: five years of Python, Django and PostgreSQL")
    match, other = embedder.embed_documents(
        [
            "Python backend engineer to build Django services on PostgreSQL",
            "Registered nurse for a surgical ward, night shifts",
        ]
    )
    # Then the matching job is clearly closer
    assert cosine(cv, match) > cosine(cv, other) + 0.2


def test_plural_and_verb_forms_meet():
    # Given other forms of the same words, and unrelated words
    embed = HashEmbedder().embed_query
    # Then the forms of the same words are clearly closer
    near = cosine(embed("reconciled ledgers"), embed("ledger reconciliation"))
    assert near > cosine(embed("reconciled ledgers"), embed("forklift driving")) + 0.2


# --- factory ----------------------------------------


def settings(**values) -> Settings:
    return Settings(app_env="test", database_url="postgresql://unused@localhost/none", **values)


@pytest.fixture(autouse=True)
def fresh_factory():
    reset_embedder_cache()
    yield
    reset_embedder_cache()


def test_default_embedder_is_the_hash_embedder_built_once():
    # When the embedder is asked for twice with the default configuration
    first, second = get_embedder(settings()), get_embedder(settings())
    # Then it is the hash embedder, the same object both times
    assert isinstance(first, HashEmbedder) and first.model_id == "hash-v1-512"
    assert first is second


def test_process_settings_are_used_when_none_are_given():
    # Given the test environment, which names no embedder, then the default one is used
    assert isinstance(get_embedder(), HashEmbedder)


def test_hash_embedder_refuses_another_model_name():
    # Given EMBEDDER=hash with the name of another model, then the configuration is refused
    with pytest.raises(ConfigurationError):
        get_embedder(settings(embedding_model="text-embedding-3-small"))


def test_bedrock_is_chosen_with_titan_v2_by_default():
    # When Bedrock is configured without a model, then Titan v2 is used
    embedder = get_embedder(settings(embedder="bedrock"))
    assert isinstance(embedder, BedrockTitanEmbedder) and embedder.model_id == TITAN_V2


@respx.mock
def test_openai_key_comes_from_the_secret_when_first_needed(monkeypatch):
    # Given a key kept in Secrets Manager as JSON
    asked = []

    def get_secret(name, max_age):
        asked.append((name, max_age))
        return '{"api_key": "sk-secret"}'

    monkeypatch.setattr(factory, "get_secret", get_secret)
    route = respx.post(f"{API}/embeddings").mock(return_value=embeddings_answer(1))
    # When the embedder is built, nothing is fetched yet
    config = settings(embedder="openai", embedding_api_base=API, ai_api_key_secret_arn="arn:key")
    embedder = get_embedder(config)
    assert isinstance(embedder, OpenAICompatibleEmbedder) and asked == []
    # And when it embeds, the key from the secret is sent
    embedder.embed_query("python")
    assert route.calls.last.request.headers["authorization"] == "Bearer sk-secret"
    assert asked == [("arn:key", factory.SECRET_MAX_AGE_S)]


def test_an_unreadable_key_secret_is_service_unavailable(monkeypatch):
    # Given Secrets Manager refuses the key secret
    def get_secret(name, max_age):
        raise GetParameterError("AccessDenied for arn:key")

    monkeypatch.setattr(factory, "get_secret", get_secret)
    embedder = get_embedder(settings(embedder="openai", ai_api_key_secret_arn="arn:key"))
    # When a text is embedded, then the client-safe 503 is raised
    with pytest.raises(ServiceUnavailable) as raised:
        embedder.embed_query("python")
    assert raised.value.detail == DOWN


@pytest.mark.parametrize("secret", ["sk-plain", "  sk-plain\n", '{"AI_API_KEY": "sk-plain"}'])
def test_key_is_read_from_a_bare_or_json_secret(secret):
    # Given a secret holding the key bare or as JSON, then the key is found
    assert factory.key_from_secret(secret) == "sk-plain"


def test_json_secret_without_a_key_is_a_configuration_error():
    # Given a JSON secret with no key field, then the configuration is refused
    with pytest.raises(ConfigurationError):
        factory.key_from_secret('{"user": "x"}')


# --- OpenAI-compatible provider ----------------------------------------


def unit_rows(count: int, start: int = 0, scale: float = 3.0) -> list[list[float]]:
    """Distinct, not normalised vectors: row i has `scale` at component start + i."""
    rows = np.zeros((count, DIMENSION))
    rows[np.arange(count), (start + np.arange(count)) % DIMENSION] = scale
    return rows.tolist()


def embeddings_answer(count: int, start: int = 0, dimension: int = DIMENSION) -> httpx.Response:
    data = [
        {"object": "embedding", "index": i, "embedding": row[:dimension]}
        for i, row in enumerate(unit_rows(count, start))
    ]
    return httpx.Response(200, json={"object": "list", "data": data[::-1], "model": "m"})


def echo_answer(request: httpx.Request) -> httpx.Response:
    """Answer each input "... <n>" with a vector pointing at component n."""
    inputs = json.loads(request.content)["input"]
    rows = [unit_rows(1, int(text.split()[-1]))[0] for text in inputs]
    data = [{"index": i, "embedding": row} for i, row in enumerate(rows)]
    return httpx.Response(200, json={"data": data})


def openai_embedder(retry: RetryPolicy, model: str = NOMIC, key: str | None = "sk-test"):
    return OpenAICompatibleEmbedder(model, API, lambda: key, timeout_s=2.0, retry=retry)


@respx.mock
def test_openai_documents_are_batched_prefixed_and_kept_in_order(retry):
    # Given 130 documents and a server that answers each input with a vector naming its number
    route = respx.post(f"{API}/embeddings").mock(side_effect=echo_answer)
    texts = [f"document {i}" for i in range(130)]
    # When they are embedded with a nomic model
    matrix = openai_embedder(retry).embed_documents(texts)
    # Then three requests of at most 64 inputs went out, with the document prefix and 512 dimensions
    bodies = [json.loads(call.request.content) for call in route.calls]
    assert [len(body["input"]) for body in bodies] == [64, 64, 2]
    assert all(body["model"] == NOMIC and body["dimensions"] == 512 for body in bodies)
    assert bodies[0]["input"][0] == "search_document: document 0"
    assert route.calls[0].request.headers["authorization"] == "Bearer sk-test"
    # And row i is the vector of document i, normalised
    assert np.array_equal(np.argmax(matrix, axis=1), np.arange(130))
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0)


@respx.mock
def test_openai_query_has_the_query_prefix(retry):
    # Given a provider serving a nomic model
    route = respx.post(f"{API}/embeddings").mock(return_value=embeddings_answer(1))
    # When a query is embedded
    vector = openai_embedder(retry).embed_query("python developer")
    # Then it was sent with the query prefix, and one unit vector came back
    sent = json.loads(route.calls.last.request.content)["input"]
    assert sent == ["search_query: python developer"]
    assert vector.shape == (512,) and np.linalg.norm(vector) == pytest.approx(1.0)


@respx.mock
def test_other_models_get_no_prefix_and_no_key_header_without_a_key(retry):
    # Given a model that takes no prefix, on a server that needs no key
    route = respx.post(f"{API}/embeddings").mock(return_value=embeddings_answer(1))
    # When a query is embedded, then it is sent as it is, without an authorization header
    openai_embedder(retry, model="text-embedding-3-small", key=None).embed_query("python developer")
    assert json.loads(route.calls.last.request.content)["input"] == ["python developer"]
    assert "authorization" not in route.calls.last.request.headers


@respx.mock
def test_blank_texts_are_not_sent(retry):
    # Given a batch with blank texts around a real one
    route = respx.post(f"{API}/embeddings").mock(return_value=embeddings_answer(1))
    # When it is embedded, then only the real text is sent, and the blanks get the fixed vector
    matrix = openai_embedder(retry).embed_documents(["", "python", "  "])
    assert json.loads(route.calls.last.request.content)["input"] == ["search_document: python"]
    assert np.array_equal(matrix[0], EMPTY_VECTOR) and np.array_equal(matrix[2], EMPTY_VECTOR)


@respx.mock
def test_throttling_is_retried_after_the_retry_after_delay(retry, sleeps):
    # Given a provider that throttles once, then answers
    route = respx.post(f"{API}/embeddings").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "2"}), embeddings_answer(1)]
    )
    # When a query is embedded
    vector = openai_embedder(retry).embed_query("python")
    # Then it waited the two seconds asked for, and succeeded on the second call
    assert route.call_count == 2 and sleeps == [2.0]
    assert vector.shape == (512,)


@respx.mock
def test_persistent_server_errors_end_in_service_unavailable(retry, sleeps, caplog):
    # Given a provider that keeps failing
    failing = httpx.Response(503, text="upstream secret detail")
    route = respx.post(f"{API}/embeddings").mock(return_value=failing)
    # When a text is embedded
    with pytest.raises(ServiceUnavailable) as raised:
        openai_embedder(retry).embed_query("confidential cv line")
    # Then three attempts were made with growing, bounded waits, and the client sees a fixed message
    assert route.call_count == 3 and len(sleeps) == 2
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0
    assert raised.value.status == 503 and raised.value.detail == DOWN
    # And neither the key nor the text reached the log
    assert "embedding provider unavailable" in caplog.text
    assert "sk-test" not in caplog.text and "confidential" not in caplog.text


@respx.mock
def test_timeouts_end_in_service_unavailable(retry):
    # Given a provider that never answers in time
    route = respx.post(f"{API}/embeddings").mock(side_effect=httpx.ReadTimeout("slow"))
    # When a text is embedded, then after three attempts the client-safe 503 is raised
    with pytest.raises(ServiceUnavailable) as raised:
        openai_embedder(retry).embed_documents(["python"])
    assert route.call_count == 3 and raised.value.detail == DOWN


@respx.mock
def test_a_rejected_key_is_not_retried(retry):
    # Given a provider that refuses the key, then one attempt is made and a 503 raised
    refused = httpx.Response(401, json={"error": "bad key"})
    route = respx.post(f"{API}/embeddings").mock(return_value=refused)
    with pytest.raises(ServiceUnavailable):
        openai_embedder(retry).embed_query("python")
    assert route.call_count == 1


@respx.mock
def test_a_long_retry_after_is_not_waited_for(retry, sleeps):
    # Given a provider asking to come back in two minutes, then the request fails at once
    throttled = httpx.Response(429, headers={"Retry-After": "120"})
    route = respx.post(f"{API}/embeddings").mock(return_value=throttled)
    with pytest.raises(ServiceUnavailable):
        openai_embedder(retry).embed_query("python")
    assert route.call_count == 1 and sleeps == []


@respx.mock
def test_wrong_dimension_is_an_upstream_error(retry):
    # Given a provider that answers with 384 dimensions, then its answer is refused
    respx.post(f"{API}/embeddings").mock(return_value=embeddings_answer(1, dimension=384))
    with pytest.raises(UpstreamError) as raised:
        openai_embedder(retry).embed_query("python")
    assert raised.value.status == 502 and "invalid" in raised.value.detail


@respx.mock
def test_missing_rows_are_an_upstream_error(retry):
    # Given a provider that answers one vector for two texts, then its answer is refused
    respx.post(f"{API}/embeddings").mock(return_value=embeddings_answer(1))
    with pytest.raises(UpstreamError):
        openai_embedder(retry).embed_documents(["python", "django"])


@respx.mock
def test_unreadable_answer_is_an_upstream_error(retry):
    # Given a provider that answers HTML, then its answer is refused
    respx.post(f"{API}/embeddings").mock(return_value=httpx.Response(200, text="<html>oops</html>"))
    with pytest.raises(UpstreamError):
        openai_embedder(retry).embed_query("python")


def test_backoff_grows_and_stays_bounded():
    # Given a policy of 0.5 s doubling up to 4 s, then each wait is jittered within its step
    policy = RetryPolicy(base_delay_s=0.5, max_delay_s=4.0)
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (5, 4.0)]:
        assert ceiling / 2 <= policy.delay(attempt) <= ceiling
    assert policy.delay(3, retry_after=1.5) == 1.5


# --- Bedrock Titan v2 ----------------------------------------


def titan_body(vector: list[float]) -> StreamingBody:
    raw = json.dumps({"embedding": vector, "inputTextTokenCount": 3}).encode()
    return StreamingBody(io.BytesIO(raw), len(raw))


def stubbed_bedrock(retry: RetryPolicy) -> tuple[BedrockTitanEmbedder, Stubber]:
    client = make_client(timeout_s=2.0)
    return BedrockTitanEmbedder(TITAN_V2, 2.0, client=client, retry=retry), Stubber(client)


def titan_request(text: str) -> dict:
    body = json.dumps({"inputText": text, "dimensions": 512, "normalize": True})
    return {"modelId": TITAN_V2, "body": body, **JSON_TYPES}


def test_bedrock_sends_the_titan_v2_request_and_retries_throttling(retry, sleeps):
    # Given Bedrock throttles the first call, then answers
    embedder, stubber = stubbed_bedrock(retry)
    stubber.add_client_error("invoke_model", "ThrottlingException", http_status_code=429)
    stubber.add_response(
        "invoke_model",
        {"body": titan_body(unit_rows(1, 7)[0]), "contentType": "application/json"},
        titan_request("python"),
    )
    # When a query is embedded
    with stubber:
        vector = embedder.embed_query("python")
    # Then the second call, with the Titan v2 body, gave the vector
    stubber.assert_no_pending_responses()
    assert len(sleeps) == 1 and int(np.argmax(vector)) == 7
    assert np.linalg.norm(vector) == pytest.approx(1.0)


def test_bedrock_validation_error_is_service_unavailable_without_retry(retry):
    # Given Bedrock refuses the request as invalid
    embedder, stubber = stubbed_bedrock(retry)
    stubber.add_client_error("invoke_model", "ValidationException", http_status_code=400)
    # When a query is embedded, then one call is made and the client-safe 503 raised
    with stubber, pytest.raises(ServiceUnavailable) as raised:
        embedder.embed_query("python")
    assert raised.value.detail == DOWN
    stubber.assert_no_pending_responses()


def test_bedrock_persistent_throttling_is_service_unavailable(retry, sleeps):
    # Given Bedrock throttles every call
    embedder, stubber = stubbed_bedrock(retry)
    for _ in range(3):
        stubber.add_client_error("invoke_model", "ThrottlingException", http_status_code=429)
    # When a query is embedded, then three attempts are made and a 503 raised
    with stubber, pytest.raises(ServiceUnavailable):
        embedder.embed_query("python")
    assert len(sleeps) == 2


def test_bedrock_wrong_dimension_is_an_upstream_error(retry):
    # Given Bedrock answers with 256 dimensions, then the answer is refused
    embedder, stubber = stubbed_bedrock(retry)
    answer = {"body": titan_body([0.1] * 256), "contentType": "application/json"}
    stubber.add_response("invoke_model", answer, titan_request("python"))
    with stubber, pytest.raises(UpstreamError):
        embedder.embed_query("python")


class FakeBedrock:
    """A bedrock-runtime stand-in that answers text "t<i>" with a vector pointing at component i."""

    def __init__(self, fail_on: str | None = None, errors: list[Exception] | None = None):
        self.calls: list[dict] = []
        self.errors = errors or []
        self.active = self.peak = 0
        self.fail_on = fail_on
        self.lock = threading.Lock()

    def invoke_model(self, **request):
        with self.lock:
            self.calls.append(request)
            self.active += 1
            self.peak = max(self.peak, self.active)
        time.sleep(0.02)
        with self.lock:
            self.active -= 1
        text = json.loads(request["body"])["inputText"]
        if self.errors:
            raise self.errors.pop(0)
        if text == self.fail_on:
            raise ClientError({"Error": {"Code": "AccessDeniedException"}}, "InvokeModel")
        answer = {"embedding": unit_rows(1, int(text[1:]))[0]}
        return {"body": io.BytesIO(json.dumps(answer).encode())}


def test_bedrock_makes_one_call_per_text_in_parallel_and_keeps_order(retry):
    # Given 20 texts
    fake = FakeBedrock()
    texts = [f"t{i}" for i in range(20)]
    # When they are embedded
    matrix = BedrockTitanEmbedder(TITAN_V2, 2.0, client=fake, retry=retry).embed_documents(texts)
    # Then there was one call per text, several at once but at most 8, and rows keep the order
    assert len(fake.calls) == 20 and 1 < fake.peak <= 8
    assert np.array_equal(np.argmax(matrix, axis=1), np.arange(20))


def test_bedrock_failure_of_one_text_fails_the_batch(retry):
    # Given Bedrock refuses one text of many
    fake = FakeBedrock(fail_on="t3")
    embedder = BedrockTitanEmbedder(TITAN_V2, 2.0, client=fake, retry=retry)
    # When they are embedded, then the whole batch fails with a 503
    with pytest.raises(ServiceUnavailable):
        embedder.embed_documents([f"t{i}" for i in range(80)])
    assert len(fake.calls) < 80  # the texts not yet started were cancelled


def test_bedrock_timeouts_are_retried_then_given_up(retry, sleeps):
    # Given Bedrock times out twice, then answers
    timeout = ReadTimeoutError(endpoint_url="https://bedrock-runtime.example")
    fake = FakeBedrock(errors=[timeout, timeout])
    embedder = BedrockTitanEmbedder(TITAN_V2, 2.0, client=fake, retry=retry)
    # When a query is embedded, then the third attempt gives the vector
    assert int(np.argmax(embedder.embed_query("t5"))) == 5 and len(sleeps) == 2
    # And when it times out three times in a row, a 503 is raised
    fake.errors = [timeout] * 3
    with pytest.raises(ServiceUnavailable):
        embedder.embed_query("t5")


@pytest.mark.parametrize("secret", ["CHANGE_ME", '{"api_key": "change-me"}', "  "])
def test_placeholder_ai_key_is_refused_as_provider_unavailable(secret, monkeypatch):
    # Given an AI key secret that still holds the template's placeholder
    from jobmatch.embeddings import factory

    monkeypatch.setattr(factory, "get_secret", lambda *_args, **_kw: secret)
    choice = factory.EmbedderChoice(
        embedder="openai",
        model=None,
        api_base="https://ai.invalid/v1",
        api_key=None,
        api_key_secret_arn="arn:aws:secretsmanager:us-east-1:000000000000:secret:ai",
        timeout_s=1.0,
    )
    # When the key is read, Then it is refused with the client-safe 503
    with pytest.raises(ServiceUnavailable):
        factory.api_key(choice)
