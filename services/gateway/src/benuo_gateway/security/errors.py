"""The 401 every authentication failure becomes."""

from __future__ import annotations

from benuo_runtime.problems import ProblemError


def unauthorized(detail: str) -> ProblemError:
    return ProblemError(
        401,
        detail,
        kind="unauthorized",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )
