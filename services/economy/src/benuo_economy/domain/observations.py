"""Checking staple-price observations before any of them is written.

A market day goes in whole or not at all, so every row is checked first and every problem
is reported at once, each naming its row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from benuo_economy.domain.problems import InputProblem

# Rp100 million per kg: far above any staple, well inside a 32-bit column.
MAX_PRICE = 100_000_000


@dataclass(frozen=True)
class PriceRow:
    commodity_code: str
    price: int
    unit: str
    confirm_implausible: bool = False


@dataclass(frozen=True)
class LastPrice:
    observed_on: date
    price: int


@dataclass(frozen=True)
class Plausibility:
    """A price ``factor`` times the last one (or a ``factor``-th of it) needs a confirmation."""

    factor: float = 5.0

    def suspicious(self, price: int, last: LastPrice | None) -> bool:
        if last is None:
            return False
        return price >= last.price * self.factor or price * self.factor <= last.price


def date_problems(observed_on: date, today: date) -> list[InputProblem]:
    if observed_on > today:
        return [
            InputProblem(
                "observed_on",
                f"{observed_on} is in the future (today in PPU is {today}).",
                "future-date",
            )
        ]
    return []


def price_problems(
    row: PriceRow, *, last: LastPrice | None, plausibility: Plausibility, index: int | None
) -> list[InputProblem]:
    """Problems with the price of one row whose commodity is known."""
    if row.price <= 0:
        return [
            InputProblem(
                "price", "The price must be a positive number of rupiah.", "not-positive", index
            )
        ]
    if row.price > MAX_PRICE:
        message = f"Rp{row.price:,} per kg is beyond any staple price (at most Rp{MAX_PRICE:,})."
        return [InputProblem("price", message, "too-large", index)]
    if not row.confirm_implausible and plausibility.suspicious(row.price, last):
        assert last is not None
        ratio = row.price / last.price
        message = (
            f"Rp{row.price:,} is {ratio:.2g} times the last price for this market "
            f"(Rp{last.price:,} on {last.observed_on}). If it is right, send it again with "
            "confirm_implausible: true."
        )
        return [InputProblem("price", message, "implausible-price", index)]
    return []


def row_problems(
    rows: Sequence[PriceRow],
    *,
    units: Mapping[str, str],
    last_prices: Mapping[str, LastPrice],
    recorded: Mapping[str, str],
    plausibility: Plausibility,
) -> list[InputProblem]:
    """Every problem of a market day's rows.

    ``units`` is the unit of each known commodity, ``last_prices`` the market's last price of
    each before this day, ``recorded`` the observation already standing for this day.
    """
    problems: list[InputProblem] = []
    first_row: dict[str, int] = {}
    for index, row in enumerate(rows):
        code = row.commodity_code
        if code not in units:
            message = (
                f"{code!r} is not a known commodity; GET /api/v1/economy/commodities lists them."
            )
            problems.append(InputProblem("commodity_code", message, "unknown-commodity", index))
            continue
        if code in first_row:
            message = (
                f"{code} is already in row {first_row[code]}; a market day has one price each."
            )
            problems.append(InputProblem("commodity_code", message, "duplicate-row", index))
            continue
        first_row[code] = index
        if code in recorded:
            message = (
                f"{code} already has a price for this market and day ({recorded[code]}); "
                f"correct it with POST /api/v1/economy/observations/{recorded[code]}/corrections."
            )
            problems.append(InputProblem("commodity_code", message, "already-recorded", index))
        if row.unit != units[code]:
            message = f"{code} is priced per {units[code]}, not per {row.unit!r}."
            problems.append(InputProblem("unit", message, "wrong-unit", index))
        problems.extend(
            price_problems(row, last=last_prices.get(code), plausibility=plausibility, index=index)
        )
    return problems
