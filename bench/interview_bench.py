"""Interview numbers: latency of each route with the offline engine, and batch evaluation against a slow model.

Part 1 calls the interview handler in-process with API Gateway events (no HTTP) on a throwaway database of the
benchmark server, and reports median and p95 per route with the offline engine.
Part 2 starts a fake OpenAI-compatible server on localhost that answers every chat completion after a fixed
delay, switches the function to `CHAT_ENGINE=openai`, and compares the wall time of a 15-answer
`submit-all-answers` with that of one `evaluate`: with the bounded pool of 8 parallel calls, the ratio should
be about 2 (two waves), not 15.
Usage: python bench/interview_bench.py [--samples 30] [--delay 0.5] [--answers 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "layers" / "common"), str(REPO / "functions" / "interview")]

from bench.common import scratch_database, summary  # noqa: E402 - needs the path above when run as a script
from local import settings  # noqa: E402

JOB = (
    "Senior Backend Engineer\nWe are looking for a Senior Backend Engineer with Python, PostgreSQL and AWS, "
    "5+ years experience.\n- Design and build REST APIs for our payments platform\n- Own services in production "
    "and improve their reliability\n- Mentor engineers and review code\nRequirements: Docker, Kubernetes, CI/CD, "
    "strong communication."
)
CV = (
    "Backend engineer at Initech (2018-2024).\n- Led the move of billing to PostgreSQL, cutting nightly jobs from "
    "4 hours to 25 minutes.\n- Built REST APIs in Python and FastAPI serving 2,000 requests per second.\n"
    "Skills: Python, FastAPI, PostgreSQL, Docker, AWS, Git"
)
ANSWER = (
    "At Initech our billing jobs ran for 4 hours every night and often failed. I was responsible for fixing them. "
    "I profiled the queries, moved the aggregation into PostgreSQL with proper indexes and split the job into "
    "idempotent batches with retries. As a result the run time fell to 25 minutes and failures stopped; I learned "
    "to measure before optimising."
)
EVALUATION = {
    "overall_score": 80,
    "strengths": ["Clear structure"],
    "weaknesses": ["Could name the trade-offs"],
    "correct_answer": "Describe the billing move to PostgreSQL and its effect.",
    "answer_analysis": "A specific answer with a clear result.",
    "improvement_tips": ["Add the trade-offs you weighed"],
    "follow_up_questions": ["How did you measure the run time?"],
}


class Context:
    function_name = "interview-bench"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:interview-bench"
    aws_request_id = "bench"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 29_000


def event(method: str, path: str, token: str, body: dict | None = None, query: dict | None = None) -> dict:
    """An API Gateway HTTP API (payload 2.0) event."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "&".join(f"{k}={v}" for k, v in (query or {}).items()),
        "queryStringParameters": query or None,
        "headers": {"authorization": f"Bearer {token}", "content-type": "application/json"},
        "requestContext": {
            "http": {"method": method, "path": path, "sourceIp": "203.0.113.9", "protocol": "HTTP/1.1"},
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
        },
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
    }


def call(method: str, path: str, token: str, body: dict | None = None, query: dict | None = None) -> dict:
    from interview.app import lambda_handler

    reply = lambda_handler(event(method, path, token, body, query), Context())
    if reply["statusCode"] not in (200, 201):
        raise RuntimeError(f"{method} {path}: {reply['statusCode']} {reply.get('body', '')[:200]}")
    return json.loads(reply["body"])


def seed() -> str:
    """A job seeker with a CV; returns an access token."""
    from jobmatch import db
    from jobmatch.security import hash_password, issue_token

    user = db.fetch_one(
        "INSERT INTO users (username, password_hash) VALUES ('bench_seeker', %(h)s) RETURNING id::text",
        {"h": hash_password("Bench-pass-42!")},
    )["id"]
    db.execute("INSERT INTO cvs (user_id, filename, parsed_text) VALUES (%(u)s, 'cv.pdf', %(t)s)", {"u": user, "t": CV})
    return issue_token(user, "jobseeker", "access")[0]


def timed(samples: int, action: Callable[[], object]) -> list[float]:
    """Milliseconds per call after two warm-up calls."""
    for _ in range(2):
        action()
    times = []
    for _ in range(samples):
        begin = time.perf_counter()
        action()
        times.append((time.perf_counter() - begin) * 1000)
    return times


def offline_latencies(token: str, samples: int) -> dict[str, list[float]]:
    session = call("POST", "/api/interview/questions/", token, {"job_description": JOB, "question_count": 10})
    first = session["questions"][0]
    answers = [{"question_id": q["id"], "user_answer": ANSWER} for q in session["questions"]]
    practice = {"question": first["question"], "answer": ANSWER, "job_description": JOB}
    evaluate = {"question": first["question"], "user_answer": ANSWER, "job_description": JOB}
    batch = {"session_id": session["session_id"], "answers": answers}
    routes = {
        "POST questions (10, medium)": lambda: call(
            "POST", "/api/interview/questions/", token, {"job_description": JOB, "question_count": 10}
        ),
        "POST practice": lambda: call("POST", "/api/interview/practice/", token, practice),
        "POST evaluate (stateless)": lambda: call("POST", "/api/interview/evaluate/", token, evaluate),
        "POST submit-answer": lambda: call(
            "POST", "/api/interview/submit-answer/", token, {"question_id": first["id"], "user_answer": ANSWER}
        ),
        "POST submit-all-answers (10)": lambda: call("POST", "/api/interview/submit-all-answers/", token, batch),
        "GET history (summary)": lambda: call("GET", "/api/interview/history/", token),
        "GET history (one session)": lambda: call(
            "GET", "/api/interview/history/", token, query={"session_id": session["session_id"]}
        ),
        "GET progress": lambda: call("GET", "/api/interview/progress/", token),
    }
    return {name: timed(samples, action) for name, action in routes.items()}


class SlowModel(BaseHTTPRequestHandler):
    """A chat-completions endpoint that answers every request with a valid evaluation after `delay_s`."""

    delay_s = 0.5
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        time.sleep(self.delay_s)
        message = {"role": "assistant", "content": json.dumps(EVALUATION)}
        body = json.dumps({"choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        return


def hosted_ratio(token: str, delay_s: float, count: int, runs: int = 3) -> dict[str, float]:
    """Median wall time of one hosted evaluation and of a batch of `count`, with the model answering after `delay_s`."""
    from jobmatch import config
    from jobmatch.ai import engine

    SlowModel.delay_s = delay_s
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ.update(
        CHAT_ENGINE="openai", CHAT_MODEL="bench-model", AI_API_KEY="bench",
        CHAT_API_BASE=f"http://127.0.0.1:{server.server_address[1]}/v1",
    )  # fmt: skip
    config.get_settings.cache_clear()
    engine.reset_provider_cache()
    try:
        session = call("POST", "/api/interview/questions/", token, {"job_description": JOB, "question_count": count})
        answers = [{"question_id": q["id"], "user_answer": ANSWER} for q in session["questions"]]
        one = {"question": session["questions"][0]["question"], "user_answer": ANSWER, "job_description": JOB}
        batch = {"session_id": session["session_id"], "answers": answers}
        single = timed(runs, lambda: _check_engine(call("POST", "/api/interview/evaluate/", token, one)["engine"]))
        many = timed(runs, lambda: _check_batch(call("POST", "/api/interview/submit-all-answers/", token, batch)))
    finally:
        server.shutdown()
        for name in ("CHAT_ENGINE", "CHAT_MODEL", "AI_API_KEY", "CHAT_API_BASE"):
            os.environ.pop(name, None)
        config.get_settings.cache_clear()
        engine.reset_provider_cache()
    return {"single_ms": statistics.median(single), "batch_ms": statistics.median(many)}


def _check_engine(name: str) -> None:
    if name != "openai:bench-model":
        raise RuntimeError(f"the fake model was not used: {name}")


def _check_batch(reply: dict) -> None:
    if reply["engines"] != ["openai:bench-model"] or reply["rejected"]:
        raise RuntimeError(f"unexpected batch answer: engines {reply['engines']}, rejected {reply['rejected']}")


def measure(samples: int = 30, delay: float = 0.5, answers: int = 15) -> dict:
    """Latency summaries per route (offline engine), and batch versus single evaluation against the slow model."""
    with scratch_database("jobmatch_interview_bench") as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
        settings.configure(url)
        try:
            from jobmatch.migrate import apply_migrations

            apply_migrations()
            token = seed()
            offline = offline_latencies(token, samples)
            hosted = hosted_ratio(token, delay, answers)
        finally:
            from jobmatch import db

            db.close()
    return {
        "routes": {label: summary(values) for label, values in offline.items()},
        "delay_s": delay,
        "answers": answers,
        "single_ms": hosted["single_ms"],
        "batch_ms": hosted["batch_ms"],
        "ratio": hosted["batch_ms"] / hosted["single_ms"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--delay", type=float, default=0.5, help="seconds the fake model takes per answer")
    parser.add_argument("--answers", type=int, default=15)
    args = parser.parse_args(argv)
    numbers = measure(args.samples, args.delay, args.answers)
    print("interview routes, offline engine (handler in-process, embedded PostgreSQL, token checked on each call)")
    for label, values in numbers["routes"].items():
        print(
            f"  {label:<30} median {values['median_ms']:7.2f} ms   p95 {values['p95_ms']:7.2f} ms   (n={values['n']})"
        )
    print(f"hosted engine, fake OpenAI-compatible server answering after {args.delay:.2f} s (median of 3 runs)")
    print(f"  one evaluation (POST evaluate)         {numbers['single_ms']:8.0f} ms")
    print(f"  {args.answers} answers (POST submit-all-answers)  {numbers['batch_ms']:8.0f} ms")
    print(f"  ratio batch / single                   {numbers['ratio']:8.2f}  (sequential would be {args.answers})")


if __name__ == "__main__":
    main()
