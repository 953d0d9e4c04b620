"""The list endpoint's query parameters, and how they become filters."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.access import Viewer
from benuo_governance.domain.calendar import start_of_day
from benuo_governance.service_layer.queries import RequestFilters
from benuo_runtime.geo import BoundingBox
from benuo_runtime.problems import ProblemError

_NUMBER = r"-?\d{1,3}(?:\.\d+)?"
# Days far enough from the calendar's ends that WITA midnights and the day after exist.
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


class RequestQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: list[RequestStatus] = Field(default_factory=list, description="Repeat for several")
    service_code: list[str] = Field(default_factory=list, description="Repeat for several")
    agency_code: str | None = Field(default=None, max_length=32)
    kecamatan_code: str | None = Field(default=None, pattern=r"^\d{2}\.\d{2}\.\d{2}$")
    desa_code: str | None = Field(default=None, pattern=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
    submitted_from: date | None = Field(
        default=None, ge=EARLIEST, le=LATEST, description="First day (WITA), included"
    )
    submitted_to: date | None = Field(
        default=None, ge=EARLIEST, le=LATEST, description="Last day (WITA), included"
    )
    bbox: str | None = Field(
        default=None,
        pattern=rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$",
        description="min_lng,min_lat,max_lng,max_lat (GeoJSON order)",
        examples=["116.55,-1.30,116.65,-1.20"],
    )
    q: str | None = Field(default=None, min_length=2, max_length=100, description="Text")
    mine: bool = Field(default=False, description="Only requests I reported (signed in)")
    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=20, ge=1, le=100)

    def filters(self, viewer: Viewer) -> RequestFilters:
        if self.mine and not viewer.signed_in:
            raise ProblemError(401, "Sign in to list your own requests.", kind="unauthorized")
        return RequestFilters(
            statuses=self.status,
            service_codes=self.service_code,
            agency_code=self.agency_code,
            kecamatan_code=self.kecamatan_code,
            desa_code=self.desa_code,
            submitted_from=start_of_day(self.submitted_from) if self.submitted_from else None,
            submitted_before=start_of_day(self.submitted_to + timedelta(days=1))
            if self.submitted_to
            else None,
            bbox=self._box(),
            text=self.q,
            reporter_subject=viewer.subject if self.mine else None,
        )

    def _box(self) -> BoundingBox | None:
        if self.bbox is None:
            return None
        min_lng, min_lat, max_lng, max_lat = (float(part) for part in self.bbox.split(","))
        if min_lng > max_lng or min_lat > max_lat:
            raise ProblemError(
                422,
                "bbox must be min_lng,min_lat,max_lng,max_lat with min <= max.",
                kind="validation-error",
            )
        return BoundingBox(min_lat, max_lat, min_lng, max_lng)
