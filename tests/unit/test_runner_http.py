"""The runner's HTTP layer over a socket, with recording functions in place of the real ones (no database)."""

from __future__ import annotations

import base64
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from local import gateway
from local.runner import ApiServer, Gateway


class RecordingFunctions:
    """Stands in for the function registry: answers with what it received, or raises for the `Broken` function."""

    def __init__(self):
        self.events: list[dict] = []
        self.threads: set[str] = set()

    def invoke(self, logical_id: str, event: dict) -> dict:
        self.events.append(event)
        self.threads.add(threading.current_thread().name)
        if logical_id == "Broken":
            raise RuntimeError("handler bug")
        body = {"path": event["rawPath"], "base64": event["isBase64Encoded"], "size": len(event.get("body") or "")}
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}


@pytest.fixture(scope="module")
def served():
    routes = gateway.compile_routes([("ANY", "/api/echo/{proxy+}", "Echo"), ("GET", "/api/broken", "Broken")])
    functions = RecordingFunctions()
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lambda")
    server = ApiServer("127.0.0.1", 0)
    server.gateway = Gateway(routes, None, functions, pool)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield client, functions
    server.shutdown()
    server.server_close()
    pool.shutdown()


def test_a_request_reaches_its_function_and_gets_a_request_id(served):
    # Given the runner with an echoing function
    client, functions = served

    # When a JSON request is sent
    reply = client.post("/api/echo/x/", content=b'{"a": 1}', headers={"content-type": "application/json"})

    # Then the function answered, from the bounded pool, and the reply carries a request id
    assert reply.status_code == 200 and reply.json() == {"path": "/api/echo/x/", "base64": False, "size": 8}
    assert reply.headers["x-request-id"] == functions.events[-1]["requestContext"]["requestId"]
    assert all(name.startswith("lambda") for name in functions.threads)


def test_a_multipart_upload_reaches_the_function_base64_encoded(served):
    # Given a file upload
    client, functions = served

    # When it is posted as multipart/form-data
    reply = client.post("/api/echo/upload", files={"file": ("cv.pdf", b"%PDF-1.7 \x00\xff", "application/pdf")})

    # Then the function got the exact bytes, base64-encoded
    assert reply.json()["base64"] is True
    assert b"%PDF-1.7 \x00\xff" in base64.b64decode(functions.events[-1]["body"])


def test_an_unknown_route_is_a_json_404(served):
    client, _ = served
    # When a path no route covers is requested
    reply = client.get("/api/nowhere")
    # Then the answer is API Gateway's 404
    assert (reply.status_code, reply.json()) == (404, {"message": "Not Found"})


def test_a_failing_handler_is_a_502_without_details(served):
    client, _ = served
    # When the handler raises
    reply = client.get("/api/broken")
    # Then the client sees API Gateway's generic error, not the exception
    assert (reply.status_code, reply.json()) == (502, {"message": "Internal Server Error"})
    assert "handler bug" not in reply.text


def test_a_body_over_10_mb_is_refused_before_any_function_runs(served):
    # Given a body one byte over API Gateway's limit
    client, functions = served
    calls = len(functions.events)

    # When it is posted
    reply = client.post(
        "/api/echo/big",
        content=b"x" * (gateway.MAX_BODY_BYTES + 1),
        headers={"content-type": "application/octet-stream"},
    )

    # Then it is a 413 and no function was called
    assert (reply.status_code, reply.json()) == (413, {"message": "Request Entity Too Large"})
    assert len(functions.events) == calls


def test_a_chunked_body_is_read_whole(served):
    # Given a body sent with chunked transfer encoding (no Content-Length)
    client, _ = served

    # When it is streamed in pieces
    reply = client.post(
        "/api/echo/chunks", content=iter([b'{"part":', b' "one"}']), headers={"content-type": "application/json"}
    )

    # Then the function got all of it
    assert reply.json()["size"] == len(b'{"part": "one"}')


def test_a_keep_alive_connection_serves_several_requests(served):
    # Given one TCP connection
    client, _ = served
    host, port = client.base_url.host, client.base_url.port
    request = f"GET /api/echo/a HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()

    # When two requests are sent on it, one after the other
    with socket.create_connection((host, port), timeout=5) as conn:
        answers = []
        for _ in range(2):
            conn.sendall(request)
            answers.append(_read_response(conn))

    # Then both are answered
    assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers)


def _read_response(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(4096)
    head, _, rest = data.partition(b"\r\n\r\n")
    fields = dict(line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:])
    length = int(fields[b"content-length"])
    while len(rest) < length:
        rest += conn.recv(4096)
    return head
