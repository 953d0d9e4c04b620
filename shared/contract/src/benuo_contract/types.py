"""Value types shared by the payload models of several pillars."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

KecamatanCode = Annotated[
    str,
    Field(
        pattern=r"^\d{2}\.\d{2}\.\d{2}$",
        examples=["64.09.01"],
        description="Kemendagri kecamatan code",
    ),
]
DesaCode = Annotated[
    str,
    Field(
        pattern=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$",
        examples=["64.09.01.1010"],
        description="Kemendagri desa/kelurahan code",
    ),
]
Rupiah = Annotated[int, Field(ge=0, description="An amount in whole rupiah")]
EntityVersion = Annotated[
    int,
    Field(
        ge=1,
        description=(
            "Increases by one with every change of the entity. Consumers use it to ignore "
            "stale or reordered events."
        ),
    ),
]


class GeoPoint(BaseModel):
    """A WGS 84 position."""

    model_config = ConfigDict(frozen=True)

    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
