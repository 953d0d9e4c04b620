"""Permit workflow, what each risk level issues, and permit numbers."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from benuo_contract.events.governance import RiskLevel
from benuo_governance.domain.permits import (
    ISSUED_DOCUMENTS,
    PermitStatus,
    PermitTransitionRefused,
    check_permit_transition,
    permit_number,
)

P = PermitStatus
ALLOWED = [
    (P.SUBMITTED, P.VERIFIED),
    (P.SUBMITTED, P.REJECTED),
    (P.VERIFIED, P.APPROVED),
    (P.VERIFIED, P.REJECTED),
]


@pytest.mark.parametrize(("current", "wanted"), ALLOWED, ids=lambda s: s.value)
def test_allowed_permit_transition(current: PermitStatus, wanted: PermitStatus) -> None:
    check_permit_transition(current, wanted)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [pair for pair in itertools.product(P, P) if pair not in ALLOWED],
    ids=lambda s: s.value,
)
def test_refused_permit_transition(current: PermitStatus, wanted: PermitStatus) -> None:
    with pytest.raises(PermitTransitionRefused) as refused:
        check_permit_transition(current, wanted)
    assert refused.value.current is current


def test_every_risk_level_issues_an_nib_and_the_right_licence() -> None:
    assert ISSUED_DOCUMENTS[RiskLevel.RENDAH] == ("NIB",)
    assert set(ISSUED_DOCUMENTS) == set(RiskLevel)
    assert all(documents[0] == "NIB" for documents in ISSUED_DOCUMENTS.values())
    assert "Izin" in ISSUED_DOCUMENTS[RiskLevel.TINGGI]


def test_permit_numbers_use_the_wita_month_in_roman_numerals() -> None:
    assert permit_number(45, datetime(2026, 11, 4, 6, tzinfo=UTC)) == "503/0045/DPMPTSP-PPU/XI/2026"
    # 31 December 20:00 UTC is already January 2027 in Penajam.
    new_year = datetime(2026, 12, 31, 20, tzinfo=UTC)
    assert permit_number(7, new_year) == "503/0007/DPMPTSP-PPU/I/2027"
