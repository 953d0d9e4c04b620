"""Public identifiers: readable prefixes over the database's own sequence numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicId:
    prefix: str
    digits: int

    def format(self, number: int) -> str:
        return f"{self.prefix}-{number:0{self.digits}d}"

    def parse(self, text: str) -> int | None:
        """The sequence number behind ``text``, or None when it is not one of ours."""
        match = re.fullmatch(rf"{self.prefix}-(\d{{{self.digits},18}})", text)
        return int(match.group(1)) if match else None


BUSINESS_ID = PublicId("BIZ", 6)
OBSERVATION_ID = PublicId("OBS", 7)
