"""Committing a write whose only expected failure is a uniqueness race lost to another
officer: that is a 409 saying what to do, never a 500, and nothing stays half-written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from benuo_runtime.problems import ProblemError


@contextmanager
def committed_or_conflict(session: Session, conflict: str) -> Iterator[None]:
    """Commit what the block wrote; a uniqueness race is a 409 with ``conflict`` as detail."""
    try:
        yield
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ProblemError(409, conflict, kind="conflict") from None
