"""Business permits (OSS-RBA style, PP 5/2021): workflow, what a risk level issues, numbers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from benuo_contract.events.governance import RiskLevel
from benuo_governance.domain.calendar import WITA


class PermitStatus(StrEnum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    APPROVED = "approved"
    REJECTED = "rejected"


P = PermitStatus
PERMIT_TRANSITIONS: Mapping[PermitStatus, tuple[PermitStatus, ...]] = {
    P.SUBMITTED: (P.VERIFIED, P.REJECTED),
    P.VERIFIED: (P.APPROVED, P.REJECTED),
    P.APPROVED: (),
    P.REJECTED: (),
}

# What approval issues, by risk level (PP 5/2021, art. 12-15).
ISSUED_DOCUMENTS: Mapping[RiskLevel, tuple[str, ...]] = {
    RiskLevel.RENDAH: ("NIB",),
    RiskLevel.MENENGAH_RENDAH: ("NIB", "Sertifikat Standar (pernyataan mandiri)"),
    RiskLevel.MENENGAH_TINGGI: ("NIB", "Sertifikat Standar (terverifikasi)"),
    RiskLevel.TINGGI: ("NIB", "Izin"),
}

_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class PermitTransitionRefused(Exception):
    def __init__(self, current: PermitStatus, wanted: PermitStatus) -> None:
        self.current = current
        self.wanted = wanted
        self.allowed = list(PERMIT_TRANSITIONS[current])
        allowed = ", ".join(self.allowed) or "none: it is final"
        super().__init__(
            f"A permit application that is {current} cannot become {wanted}. "
            f"Allowed next: {allowed}."
        )


def check_permit_transition(current: PermitStatus, wanted: PermitStatus) -> None:
    if wanted not in PERMIT_TRANSITIONS[current]:
        raise PermitTransitionRefused(current, wanted)


def permit_number(sequence: int, approved_at: datetime) -> str:
    """The regency's register number, e.g. ``503/0045/DPMPTSP-PPU/XI/2026``.

    503 is the archive classification code for permits (perizinan); month and year are
    those of approval in WITA.
    """
    local = approved_at.astimezone(WITA)
    return f"503/{sequence:04d}/DPMPTSP-PPU/{_ROMAN_MONTHS[local.month - 1]}/{local.year}"
