"""``Idempotency-Key`` on POST: the first response is kept and replayed for retries."""

from __future__ import annotations

import hashlib
from enum import StrEnum

MAX_KEY_LENGTH = 255


class KeyState(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    MISMATCH = "mismatch"


def valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isprintable()


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """What makes a retry 'the same request': method, target and body."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query, body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def worth_keeping(status: int) -> bool:
    """Server failures and throttling are not outcomes: the client should be able to retry."""
    return status < 500 and status not in (408, 429)


def storage_key(subject: str, key: str) -> str:
    """Keys are per caller: two clients choosing the same key never see each other's answer."""
    return hashlib.sha256(f"{subject}\0{key}".encode()).hexdigest()
