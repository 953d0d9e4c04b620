"""Reference data that ships with the service (see README.md beside this module)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from benuo_contract.events.governance import RiskLevel


@dataclass(frozen=True)
class KbliEntry:
    code: str
    title: str
    typical_risk_level: RiskLevel


def read_csv(name: str) -> list[dict[str, str]]:
    with (resources.files(__name__) / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def kbli_entries() -> dict[str, KbliEntry]:
    return {
        row["code"]: KbliEntry(row["code"], row["title"], RiskLevel(row["typical_risk_level"]))
        for row in read_csv("kbli_2020.csv")
    }


def market_rows() -> list[dict[str, object]]:
    return [{**row, "demo": row["demo"] == "true"} for row in read_csv("markets.csv")]


def commodity_rows() -> list[dict[str, object]]:
    return [
        {
            **row,
            "reference_price": int(row["reference_price"]) if row["reference_price"] else None,
            "reference_kind": row["reference_kind"] or None,
            "reference_source": row["reference_source"] or None,
        }
        for row in read_csv("commodities.csv")
    ]
