"""One HTTP POST per attempt: the CloudEvent in structured mode, signed."""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from benuo_contract import CONTENT_TYPE
from benuo_gateway.events.domain.signing import signature_headers
from benuo_gateway.events.domain.urls import address_is_public

USER_AGENT = "Benuo-Webhooks/1"


@dataclass(frozen=True)
class SendResult:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.error is None


class WebhookSender:
    """Each subscription has its own sender and connection pool, so a slow or dead receiver
    only ever holds up its own deliveries."""

    def __init__(self, url: str, secret: str, *, timeout: float, allow_private: bool) -> None:
        self._url, self._secret, self._timeout = url, secret, timeout
        self._allow_private = allow_private
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=2),
            headers={"User-Agent": USER_AGENT},
        )

    async def send(self, message_id: str, body: bytes) -> SendResult:
        started = time.monotonic()
        status_code: int | None = None
        error: str | None = None
        try:
            async with asyncio.timeout(self._timeout):
                status_code = await self._post(message_id, body)
            if not 200 <= status_code < 300:
                error = f"HTTP {status_code} from the receiver"
        except (TimeoutError, httpx.TimeoutException):
            error = f"no answer within {self._timeout:g} s"
        except (httpx.HTTPError, OSError, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"[:500]
        elapsed = int((time.monotonic() - started) * 1000)
        return SendResult(status_code, error, elapsed)

    async def _post(self, message_id: str, body: bytes) -> int:
        if not self._allow_private:
            await self._refuse_private_addresses()
        headers = {
            "Content-Type": CONTENT_TYPE,
            **signature_headers(self._secret, message_id, int(time.time()), body),
        }
        # Streamed and never read: the body of a receiver's answer is of no interest.
        async with self._client.stream("POST", self._url, content=body, headers=headers) as answer:
            return answer.status_code

    async def _refuse_private_addresses(self) -> None:
        parts = urlsplit(self._url)
        assert parts.hostname is not None  # checked when the subscription was made
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, port, type=socket.SOCK_STREAM
        )
        for *_, address in found:
            if not address_is_public(str(address[0])):
                # No host name here: the reason may end up in a public event.
                raise ValueError("the URL's host resolves to a non-public address")

    async def close(self) -> None:
        await self._client.aclose()
