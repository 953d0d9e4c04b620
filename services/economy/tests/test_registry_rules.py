"""Registry rules: KBLI sectors, permit versions, status moves, public ids (pure domain)."""

from __future__ import annotations

import pytest

from benuo_contract.events.economy import BusinessStatus
from benuo_contract.events.governance import RiskLevel
from benuo_economy.domain.ids import BUSINESS_ID, OBSERVATION_ID
from benuo_economy.domain.kbli import UNKNOWN_SECTOR, section_of, sector_label
from benuo_economy.domain.registry import (
    BusinessFacts,
    PermitOutcome,
    StatusChangeNotAllowed,
    check_status_change,
    permit_outcome,
)
from benuo_economy.reference import kbli_entries


@pytest.mark.parametrize(
    ("code", "letter"),
    [
        ("01122", "A"), ("10710", "C"), ("41011", "F"), ("47112", "G"), ("49431", "H"),
        ("56102", "I"), ("62019", "J"), ("85101", "P"), ("96021", "S"), ("99000", "U"),
        ("00123", None), ("04000", None), ("34999", None), ("89000", None),
    ],
)  # fmt: skip
def test_the_section_follows_from_the_two_digit_division(code: str, letter: str | None) -> None:
    section = section_of(code)
    assert (section.letter if section else None) == letter


def test_sector_labels_name_the_section_or_say_unknown() -> None:
    assert sector_label("I") == "I Penyediaan Akomodasi dan Penyediaan Makan Minum"
    assert sector_label(None) == UNKNOWN_SECTOR


def test_every_kbli_on_file_has_a_section() -> None:
    assert len(kbli_entries()) >= 20
    assert all(section_of(code) is not None for code in kbli_entries())


def test_a_permit_registers_once_updates_when_newer_and_ignores_the_rest() -> None:
    assert permit_outcome(None, 3) is PermitOutcome.REGISTER
    assert permit_outcome(3, 3) is PermitOutcome.STALE  # the same approval again
    assert permit_outcome(3, 2) is PermitOutcome.STALE  # an older one, late
    assert permit_outcome(3, 4) is PermitOutcome.UPDATE


def test_closed_is_final_and_the_other_moves_are_allowed() -> None:
    check_status_change(BusinessStatus.ACTIVE, BusinessStatus.SUSPENDED)
    check_status_change(BusinessStatus.SUSPENDED, BusinessStatus.ACTIVE)
    check_status_change(BusinessStatus.SUSPENDED, BusinessStatus.CLOSED)
    check_status_change(BusinessStatus.CLOSED, BusinessStatus.CLOSED)
    with pytest.raises(StatusChangeNotAllowed) as refused:
        check_status_change(BusinessStatus.CLOSED, BusinessStatus.ACTIVE)
    assert refused.value.allowed == []


def test_facts_report_which_of_them_changed() -> None:
    facts = BusinessFacts(
        "Warung Benuo", "56102", RiskLevel.RENDAH, None, "64.09.01", "64.09.01.1010"
    )
    moved = facts.updated(desa_code="64.09.01.1003", name="Warung Benuo Taka")
    assert moved.differences(facts) == ["name", "desa_code"]
    assert facts.differences(facts) == []


def test_public_ids_round_trip_and_refuse_strangers() -> None:
    assert BUSINESS_ID.format(45) == "BIZ-000045"
    assert BUSINESS_ID.parse("BIZ-000045") == 45
    assert OBSERVATION_ID.parse(OBSERVATION_ID.format(1_234_567_8)) == 12_345_678
    for stranger in ("BIZ-45", "OBS-000045", "biz-000045", "BIZ-000045x", "1"):
        assert BUSINESS_ID.parse(stranger) is None
