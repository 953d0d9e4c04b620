"""The seeded reference data: catalogue, holidays and KBLI, as the issue asks for them."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlmodel import Session, select

from benuo_contract.events.governance import RiskLevel
from benuo_governance.__main__ import MIGRATIONS
from benuo_governance.domain.attributes import AttributeDefinition, check_definitions
from benuo_governance.persistence.catalogue import Agency, ServiceCategory
from benuo_governance.persistence.permits import Kbli
from benuo_governance.persistence.reference import Holiday
from benuo_governance.reference import catalogue, holidays, kbli
from benuo_runtime.db import make_engine
from benuo_runtime.migrations import upgrade

REQUIRED_CODES = {
    "PJU-MATI": "DISHUB",
    "JALAN-RUSAK": "DPUPR",
    "SAMPAH": "DLH",
    "BANJIR": "BPBD",
    "AIR-MATI": "PERUMDAM",
    "ADMINDUK": "DISDUKCAPIL",
    "FASKES": "DINKES",
    "SEKOLAH-RUSAK": "DISDIKBUD",
    "TAMAN-RUSAK": "DLH",
    "PASAR": "DISPERINDAG",
    "OLAHRAGA": "DISPORA",
}


def test_the_catalogue_covers_the_agreed_codes_and_at_least_12_categories_of_6_agencies() -> None:
    by_code = {c["code"]: c for c in catalogue.CATEGORIES}
    assert {code: by_code[code]["agency_code"] for code in REQUIRED_CODES} == REQUIRED_CODES
    assert len(by_code) >= 12
    assert len({c["agency_code"] for c in catalogue.CATEGORIES}) >= 6
    agencies = {code for code, _ in catalogue.AGENCIES}
    for entry in catalogue.CATEGORIES:
        assert entry["agency_code"] in agencies
        definitions = [AttributeDefinition.model_validate(a) for a in entry["attributes"]]
        check_definitions(definitions)
        assert entry["name"]
        assert entry["name_en"]
        assert entry["keywords"]


def test_holidays_2026_are_the_skb_list_and_2027_is_marked_provisional() -> None:
    rows = holidays()
    kinds_2026 = Counter(h.kind for h in rows if h.day.year == 2026)
    assert kinds_2026 == {"libur_nasional": 17, "cuti_bersama": 8}
    assert all(h.status == "official" for h in rows if h.day.year == 2026)
    assert all(h.status == "provisional" for h in rows if h.day.year == 2027)
    days = {h.day for h in rows}
    for fixed in ("01-01", "05-01", "06-01", "08-17", "12-25"):
        assert date.fromisoformat(f"2026-{fixed}") in days
        assert date.fromisoformat(f"2027-{fixed}") in days
    assert date(2026, 3, 21) in days  # Idul Fitri 1447 H
    assert date(2027, 3, 28) in days  # Easter Sunday 2027


def test_kbli_risk_levels_are_oss_rba_levels() -> None:
    rows = kbli()
    assert all(RiskLevel(row.risk_level) for row in rows)
    assert {r.code for r in rows} >= {"56101", "45201"}
    assert len({r.code for r in rows}) == len(rows)


def test_the_data_migration_loads_it_all(database_url: str) -> None:
    upgrade(MIGRATIONS, database_url)
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            assert len(session.exec(select(Agency)).all()) == len(catalogue.AGENCIES)
            categories = session.exec(select(ServiceCategory)).all()
            assert {c.code for c in categories} >= REQUIRED_CODES.keys()
            assert len(session.exec(select(Holiday)).all()) == len(holidays())
            assert len(session.exec(select(Kbli)).all()) == len(kbli())
    finally:
        engine.dispose()
