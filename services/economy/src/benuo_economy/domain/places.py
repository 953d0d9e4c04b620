"""Where a business or market is: a kecamatan of PPU and a desa/kelurahan inside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benuo_economy.domain.problems import InputProblem

if TYPE_CHECKING:
    from benuo_runtime.regions import Regions


def place_problems(regions: Regions, kecamatan_code: str, desa_code: str) -> list[InputProblem]:
    kecamatan = regions.get(kecamatan_code)
    if kecamatan is None or kecamatan.level != "kecamatan":
        names = ", ".join(f"{r.code} {r.name}" for r in regions.kecamatan())
        return [
            InputProblem(
                "kecamatan_code",
                f"{kecamatan_code} is not a kecamatan of Penajam Paser Utara ({names}).",
                "unknown-kecamatan",
            )
        ]
    desa = regions.get(desa_code)
    if desa is None or not desa.is_village or desa.parent_code != kecamatan_code:
        return [
            InputProblem(
                "desa_code",
                f"{desa_code} is not a desa/kelurahan of kecamatan {kecamatan.name} "
                f"({kecamatan_code}).",
                "unknown-desa",
            )
        ]
    return []
