"""A POST with ``Idempotency-Key``: run once, then replay the first answer to every retry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from benuo_gateway.domain.answer import OriginResponse
from benuo_gateway.domain.idempotency import KeyState, fingerprint, storage_key, worth_keeping
from benuo_gateway.edge.exchange import Exchange
from benuo_gateway.store.idempotency_store import IdempotencyStore
from benuo_runtime.problems import ProblemError


async def run_idempotently(
    store: IdempotencyStore,
    ex: Exchange,
    key: str,
    body: bytes,
    origin: Callable[[bool], Awaitable[OriginResponse]],
) -> OriginResponse:
    assert ex.identity is not None
    slot = storage_key(ex.identity.rate_key, key)
    print_ = fingerprint(ex.method, ex.path, ex.query, body)
    state, stored = await store.begin(slot, print_)
    if state is KeyState.DONE:
        assert stored is not None
        ex.extra_headers.append((b"idempotent-replayed", b"true"))
        return stored
    if state is KeyState.IN_PROGRESS:
        raise ProblemError(
            409,
            "A request with this Idempotency-Key is still being processed; retry shortly.",
            kind="idempotency-in-progress",
            headers={"Retry-After": "1"},
        )
    if state is KeyState.MISMATCH:
        raise ProblemError(
            422,
            "This Idempotency-Key was already used for a different request; use a new key.",
            kind="idempotency-key-reused",
        )
    try:
        # The key makes this POST safe to retry after a dropped connection.
        response = await origin(True)
    except BaseException:
        await store.release(slot)
        raise
    if worth_keeping(response.status):
        await store.complete(slot, print_, response)
    else:
        await store.release(slot)
    return response
