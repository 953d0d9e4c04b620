"""Officers record staple prices; anyone reads the observations and their corrections."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel

from benuo_economy.api.commits import committed_or_conflict
from benuo_economy.api.dependencies import EconomyOfficer, Page, PagingDep, PricePolicyDep
from benuo_economy.api.price_schemas import (
    CorrectionIn,
    MarketDayIn,
    ObservationIn,
    ObservationOut,
    RecordedOut,
)
from benuo_economy.domain.ids import OBSERVATION_ID
from benuo_economy.domain.observations import PriceRow
from benuo_economy.service_layer import corrections, observations
from benuo_economy.views import prices
from benuo_economy.views.prices import PriceFilters
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError

RECORDED_MEANWHILE = (
    "Some of these prices were recorded by someone else meanwhile; reload and correct."
)
router = APIRouter(
    prefix="/api/v1/economy/observations", tags=["prices"], dependencies=[Depends(caller)]
)


@router.post("/batches", status_code=status.HTTP_201_CREATED, summary="Record a market day")
def record_market_day(
    body: MarketDayIn, session: SessionDep, officer: EconomyOfficer, policy: PricePolicyDep
) -> RecordedOut:
    """All rows are recorded, or none: a refused day names every offending row."""
    rows = [PriceRow(**row.model_dump()) for row in body.prices]
    with committed_or_conflict(session, RECORDED_MEANWHILE):
        recorded = observations.record_market_day(
            session,
            body.market_code,
            body.observed_on,
            rows,
            recorded_by=officer.subject,
            policy=policy,
            now=datetime.now(UTC),
        )
    return RecordedOut.of(recorded)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Record one price")
def record_price(
    body: ObservationIn, session: SessionDep, officer: EconomyOfficer, policy: PricePolicyDep
) -> RecordedOut:
    row = PriceRow(body.commodity_code, body.price, body.unit, body.confirm_implausible)
    with committed_or_conflict(session, RECORDED_MEANWHILE):
        recorded = observations.record_market_day(
            session,
            body.market_code,
            body.observed_on,
            [row],
            recorded_by=officer.subject,
            policy=policy,
            now=datetime.now(UTC),
        )
    return RecordedOut.of(recorded)


@router.post(
    "/{observation_id}/corrections",
    status_code=status.HTTP_201_CREATED,
    summary="Correct a price (the corrected one stays in the history)",
)
def correct_price(
    observation_id: str,
    body: CorrectionIn,
    session: SessionDep,
    officer: EconomyOfficer,
    policy: PricePolicyDep,
) -> RecordedOut:
    with committed_or_conflict(session, RECORDED_MEANWHILE):
        recorded = corrections.correct(
            session,
            observation_id,
            body.price,
            confirm_implausible=body.confirm_implausible,
            reason=body.reason,
            recorded_by=officer.subject,
            policy=policy,
            now=datetime.now(UTC),
        )
    return RecordedOut.of(recorded)


@router.get("", summary="Observations, newest first")
def list_observations(
    session: SessionDep,
    page: PagingDep,
    commodity_code: str | None = None,
    market_code: str | None = None,
    kecamatan_code: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    include_corrected: Annotated[bool, Query(description="Also the replaced versions")] = False,
) -> Page[ObservationOut]:
    filters = PriceFilters(commodity_code, market_code, kecamatan_code, date_from, date_to)
    found, total = prices.history(
        session,
        filters,
        include_corrected=include_corrected,
        limit=page.limit,
        offset=page.offset,
    )
    items = [ObservationOut.of(obs) for obs in found]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


class ObservationHistoryOut(BaseModel):
    observation: ObservationOut
    versions: list[ObservationOut]


@router.get("/{observation_id}", summary="An observation with every version of its price")
def get_observation(observation_id: str, session: SessionDep) -> ObservationHistoryOut:
    chain = prices.with_corrections(session, observation_id)
    number = OBSERVATION_ID.parse(observation_id)
    asked = next((obs for obs in chain if obs.id == number), None)
    if asked is None:
        raise ProblemError(404, f"There is no observation {observation_id}.", kind="not-found")
    return ObservationHistoryOut(
        observation=ObservationOut.of(asked), versions=[ObservationOut.of(o) for o in chain]
    )
