"""Calls to the services: pooled keep-alive connections, timeouts, retries, a breaker each.

aiohttp rather than httpx: measured on this machine, one aiohttp session sustains about 5x
the request rate of httpx2's pool under concurrency (bench/gateway_proxy.py prints both).
"""

from __future__ import annotations

import asyncio

import aiohttp

from benuo_gateway.domain.answer import OriginResponse
from benuo_gateway.domain.breaker import CircuitBreaker
from benuo_gateway.domain.routing import Upstream

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
_DROP_FROM_RESPONSE = HOP_BY_HOP | {b"content-length", b"server", b"date", b"x-request-id"}
GATEWAY_FAILURES = frozenset({502, 503, 504})
Headers = list[tuple[bytes, bytes]]


class UpstreamFailure(Exception):
    """The service could not give an answer; becomes a 502/503/504 naming it."""

    def __init__(self, upstream: str, status: int, detail: str, retry_after: int | None = None):
        super().__init__(detail)
        self.upstream, self.status, self.detail, self.retry_after = (
            upstream,
            status,
            detail,
            retry_after,
        )


def response_headers(raw: Headers) -> Headers:
    return [(name.lower(), value) for name, value in raw if name.lower() not in _DROP_FROM_RESPONSE]


class UpstreamClient:
    def __init__(
        self,
        upstreams: dict[str, Upstream],
        *,
        pool_size: int,
        connect_timeout: float,
        timeout: float,
        retries: int,
        failure_threshold: int,
        reset_seconds: float,
    ) -> None:
        self.upstreams = upstreams
        self.breakers = {
            name: CircuitBreaker(failure_threshold, reset_seconds) for name in upstreams
        }
        self._pool_size = pool_size
        self._timeout = aiohttp.ClientTimeout(total=timeout, connect=connect_timeout)
        self._timeout_seconds = timeout
        self._retries = retries
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                limit=self._pool_size, keepalive_timeout=30, ttl_dns_cache=60
            ),
            timeout=self._timeout,
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=("User-Agent",),
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(
        self,
        upstream: Upstream,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes,
        *,
        retryable: bool,
    ) -> OriginResponse:
        """The service's answer; ``UpstreamFailure`` when there is none to give.

        A request that never left (connection refused) is tried again whatever its method;
        one that may have reached the service only when ``retryable`` (idempotent)."""
        breaker = self.breakers[upstream.name]
        attempts = 1 + self._retries
        for attempt in range(attempts):
            if not breaker.allow():
                raise UpstreamFailure(
                    upstream.name,
                    503,
                    f"The {upstream.name} service is unavailable: its circuit is open after "
                    f"{breaker.consecutive_failures} failures in a row.",
                    retry_after=max(1, round(breaker.retry_after())),
                )
            last = attempt == attempts - 1
            try:
                response = await self._once(upstream, method, target, headers, body)
            except aiohttp.ClientConnectorError as error:
                breaker.record_failure()
                if last:
                    raise UpstreamFailure(
                        upstream.name,
                        502,
                        f"The {upstream.name} service cannot be reached: {error.os_error}.",
                    ) from None
            except TimeoutError:
                breaker.record_failure()
                if last or not retryable:
                    raise UpstreamFailure(
                        upstream.name,
                        504,
                        f"The {upstream.name} service did not answer within "
                        f"{self._timeout_seconds:g} s.",
                    ) from None
            except aiohttp.ClientError as error:
                breaker.record_failure()
                if last or not retryable:
                    raise UpstreamFailure(
                        upstream.name,
                        502,
                        f"The {upstream.name} service broke off the exchange: "
                        f"{type(error).__name__}.",
                    ) from None
            else:
                if response.status in GATEWAY_FAILURES:
                    breaker.record_failure()
                else:
                    breaker.record_success()
                return response
            await asyncio.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _once(
        self,
        upstream: Upstream,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> OriginResponse:
        assert self._session is not None, "start() first"
        async with self._session.request(
            method,
            upstream.base_url + target,
            headers=headers,
            data=body or None,
            allow_redirects=False,
        ) as response:
            content = await response.read()
            return OriginResponse(
                response.status, response_headers(list(response.raw_headers)), content
            )

    def health(self) -> dict[str, str]:
        return {name: breaker.state.value for name, breaker in self.breakers.items()}
