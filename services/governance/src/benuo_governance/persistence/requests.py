"""Service requests, their reporters' contact details, their history and SLA breaches."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from benuo_governance.domain.sla import Clocks
from benuo_governance.persistence.columns import json_column, utc_column


class ServiceRequest(SQLModel, table=True):
    __tablename__ = "service_request"
    # Lists are newest first: each filter column leads an index that ends in submitted_at,
    # so a filtered page is read in order and stops at the page size.
    __table_args__ = (
        Index("ix_service_request_recent", "submitted_at", "id"),
        *(
            Index(f"ix_service_request_{column}_recent", column, "submitted_at")
            for column in (
                "status",
                "service_code",
                "agency_code",
                "kecamatan_code",
                "desa_code",
                "reporter_subject",
            )
        ),
        # An officer's console: "my agency's requests in this status".
        Index("ix_service_request_agency_status_recent", "agency_code", "status", "submitted_at"),
        Index("ix_service_request_lat_lng", "lat", "lng"),
    )

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=32, unique=True)
    token_hash: str = Field(max_length=64, unique=True)
    version: int = 1
    status: str = Field(max_length=16)
    service_code: str = Field(foreign_key="service_category.code", max_length=32)
    agency_code: str = Field(foreign_key="agency.code", max_length=32)
    description: str = Field(max_length=4000)
    address: str | None = Field(default=None, max_length=255)
    lat: float
    lng: float
    kecamatan_code: str = Field(max_length=8)
    desa_code: str = Field(max_length=13)
    facility_ref: str | None = Field(default=None, max_length=100)
    media_urls: list[str] = Field(default_factory=list, sa_column=json_column())
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    channel: str = Field(max_length=16)
    reporter_subject: str | None = Field(default=None, max_length=200)
    created_by: str = Field(max_length=200)
    duplicate_of: str | None = Field(default=None, max_length=32)
    submitted_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column(index=True))
    verification_due_at: datetime = Field(sa_column=utc_column())
    verification_done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    follow_up_due_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    follow_up_done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    closed_at: datetime | None = Field(
        default=None, sa_column=utc_column(nullable=True), description="Set while Open311-closed"
    )

    @property
    def clocks(self) -> Clocks:
        return Clocks(
            verification_due_at=self.verification_due_at,
            verification_done_at=self.verification_done_at,
            follow_up_due_at=self.follow_up_due_at,
            follow_up_done_at=self.follow_up_done_at,
        )

    def set_clocks(self, clocks: Clocks) -> None:
        self.verification_due_at = clocks.verification_due_at
        self.verification_done_at = clocks.verification_done_at
        self.follow_up_due_at = clocks.follow_up_due_at
        self.follow_up_done_at = clocks.follow_up_done_at


class Reporter(SQLModel, table=True):
    """Personal data (UU 27/2022): read only for the owner and the agency's officers."""

    __tablename__ = "request_reporter"

    request_id: int = Field(foreign_key="service_request.id", primary_key=True)
    name: str | None = Field(default=None, max_length=120)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)


class RequestUpdate(SQLModel, table=True):
    """One entry of a request's append-only history: who, when, what, and for whom."""

    __tablename__ = "request_update"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id", index=True)
    at: datetime = Field(sa_column=utc_column())
    author_subject: str = Field(max_length=200)
    author_role: str = Field(max_length=16)
    agency_code: str = Field(max_length=32)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    note: str | None = Field(default=None, max_length=2000)
    public: bool = True


class SlaBreach(SQLModel, table=True):
    """A missed deadline, recorded once whichever replica finds it first."""

    __tablename__ = "sla_breach"
    __table_args__ = (UniqueConstraint("request_id", "stage", "due_at", name="uq_sla_breach"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="service_request.id")
    stage: str = Field(max_length=16)
    due_at: datetime = Field(sa_column=utc_column())
    detected_at: datetime = Field(sa_column=utc_column())
