"""Public reference data: markets, commodities and the KBLI codes the registry knows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict
from sqlmodel import col, select

from benuo_contract.events.governance import RiskLevel
from benuo_economy.domain.kbli import section_of
from benuo_economy.models import Commodity, Market
from benuo_economy.reference import kbli_entries
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep
from benuo_runtime.regions import ppu_regions

router = APIRouter(prefix="/api/v1/economy", tags=["reference"], dependencies=[Depends(caller)])


class MarketOut(BaseModel):
    code: str
    name: str
    address: str | None
    kecamatan_code: str
    kecamatan_name: str
    desa_code: str
    desa_name: str
    demo: bool


class CommodityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    unit: str
    reference_price: int | None
    reference_kind: str | None
    reference_source: str | None


class KbliOut(BaseModel):
    code: str
    title: str
    sector: str
    typical_risk_level: RiskLevel


@router.get("/markets", summary="Markets whose prices are watched")
def list_markets(session: SessionDep) -> list[MarketOut]:
    regions = ppu_regions()
    return [
        MarketOut(
            **market.model_dump(),
            kecamatan_name=regions.by_code[market.kecamatan_code].name,
            desa_name=regions.by_code[market.desa_code].name,
        )
        for market in session.exec(select(Market).order_by(col(Market.code)))
    ]


@router.get("/commodities", summary="Staples watched, with their reference price (HET/HAP)")
def list_commodities(session: SessionDep) -> list[CommodityOut]:
    found = session.exec(select(Commodity).order_by(col(Commodity.code)))
    return [CommodityOut.model_validate(commodity) for commodity in found]


@router.get("/kbli", summary="KBLI 2020 codes with titles on file")
def list_kbli(q: Annotated[str | None, Query(max_length=100)] = None) -> list[KbliOut]:
    needle = (q or "").lower()
    return [
        KbliOut(
            code=entry.code,
            title=entry.title,
            sector=section.label if (section := section_of(entry.code)) else "unknown",
            typical_risk_level=entry.typical_risk_level,
        )
        for entry in kbli_entries().values()
        if needle in entry.title.lower() or entry.code.startswith(needle)
    ]
