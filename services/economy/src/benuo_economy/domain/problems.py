"""What is wrong with a piece of input, said so that the caller can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputProblem:
    """One invalid field; ``row`` is the index of the row in a batch, when there is one."""

    field: str
    message: str
    code: str
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"field": self.field, "message": self.message, "code": self.code}
        if self.row is not None:
            entry["row"] = self.row
        return entry
