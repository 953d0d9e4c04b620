"""Business permit applications, their owners' contact details and their history."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from benuo_governance.persistence.columns import utc_column


class Kbli(SQLModel, table=True):
    """A KBLI 2020 business activity and its OSS-RBA risk level."""

    __tablename__ = "kbli"

    code: str = Field(primary_key=True, max_length=5)
    title: str = Field(max_length=200)
    risk_level: str = Field(max_length=16)


class PermitApplication(SQLModel, table=True):
    __tablename__ = "permit_application"

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=32, unique=True)
    version: int = 1
    status: str = Field(max_length=16, index=True)
    business_name: str = Field(max_length=200)
    kbli_code: str = Field(foreign_key="kbli.code", max_length=5)
    risk_level: str = Field(max_length=16)
    kecamatan_code: str = Field(max_length=8)
    desa_code: str = Field(max_length=13)
    applicant_subject: str = Field(max_length=200, index=True)
    created_by: str = Field(max_length=200)
    submitted_at: datetime = Field(sa_column=utc_column(index=True))
    updated_at: datetime = Field(sa_column=utc_column())
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    permit_number: str | None = Field(default=None, max_length=64, unique=True)
    rejection_reason: str | None = Field(default=None, max_length=500)


class PermitOwner(SQLModel, table=True):
    """Personal data of the business owner: for the applicant and DPMPTSP only."""

    __tablename__ = "permit_owner"

    permit_id: int = Field(foreign_key="permit_application.id", primary_key=True)
    name: str = Field(max_length=120)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    business_address: str | None = Field(default=None, max_length=255)


class PermitUpdate(SQLModel, table=True):
    __tablename__ = "permit_update"

    id: int | None = Field(default=None, primary_key=True)
    permit_id: int = Field(foreign_key="permit_application.id", index=True)
    at: datetime = Field(sa_column=utc_column())
    author_subject: str = Field(max_length=200)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    note: str | None = Field(default=None, max_length=500)
