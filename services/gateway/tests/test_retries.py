"""Retries: a read whose connection broke is tried again; a POST is not (unless it carries an
Idempotency-Key, which makes repeating it harmless)."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from benuo_gateway.app import create_app

OK = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
    b'Connection: close\r\n\r\n{"ok":true}'
)


class FlakyUpstream(socketserver.ThreadingTCPServer):
    """Reads each request, then hangs up without answering while ``drops`` is above zero."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.drops = 0
        self.requests: list[str] = []


class _Handler(socketserver.StreamRequestHandler):
    server: FlakyUpstream

    def handle(self) -> None:
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            line = self.rfile.readline()
            if not line:
                return
            head += line
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            ),
            0,
        )
        self.rfile.read(length)
        method, target = head.split(b" ")[:2]
        if not target.startswith(b"/api/"):  # the gateway also reads the OpenAPI document
            self.wfile.write(OK)
            return
        self.server.requests.append(method.decode())
        if self.server.drops > 0:
            self.server.drops -= 1
            return
        self.wfile.write(OK)


@pytest.fixture
def flaky() -> Iterator[FlakyUpstream]:
    server = FlakyUpstream()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def gateway_to_flaky(gateway_settings, flaky: FlakyUpstream) -> Iterator[TestClient]:
    url = f"http://127.0.0.1:{flaky.server_address[1]}"
    with TestClient(create_app(gateway_settings(economy_url=url, upstream_retries=1))) as client:
        yield client


def test_a_read_is_retried_after_the_connection_breaks(
    gateway_to_flaky: TestClient, flaky: FlakyUpstream
) -> None:
    flaky.drops = 1
    response = gateway_to_flaky.get("/api/v1/economy/prices")
    assert response.status_code == 200
    assert flaky.requests == ["GET", "GET"]


def test_a_post_is_not_retried(gateway_to_flaky: TestClient, flaky: FlakyUpstream) -> None:
    flaky.drops = 1
    response = gateway_to_flaky.post("/api/v1/economy/prices", json={})
    assert response.status_code == 502
    assert response.json()["upstream"] == "economy"
    assert flaky.requests == ["POST"]


def test_a_post_with_an_idempotency_key_is_retried(
    gateway_to_flaky: TestClient, flaky: FlakyUpstream
) -> None:
    flaky.drops = 1
    response = gateway_to_flaky.post(
        "/api/v1/economy/prices", json={}, headers={"Idempotency-Key": "k1"}
    )
    assert response.status_code == 200
    assert flaky.requests == ["POST", "POST"]
