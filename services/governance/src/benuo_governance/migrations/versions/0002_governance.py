"""catalogue, service requests, SLA breaches, permits, holidays, audit

Revision ID: governance_0002
Revises: governance_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "governance_0002"
down_revision = "governance_0001"
branch_labels = None
depends_on = None


def _utc(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.create_table(
        "service_category",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_en", sa.String(120), nullable=False),
        sa.Column("description", sa.String(1000), nullable=False),
        sa.Column("group", sa.String(80), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("agency_code", sa.String(32), sa.ForeignKey("agency.code"), nullable=False),
        sa.Column("sla_working_days", sa.Integer(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        _utc("retired_at", nullable=True),
        _utc("updated_at"),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "service_request",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column(
            "service_code", sa.String(32), sa.ForeignKey("service_category.code"), nullable=False
        ),
        sa.Column("agency_code", sa.String(32), sa.ForeignKey("agency.code"), nullable=False),
        sa.Column("description", sa.String(4000), nullable=False),
        sa.Column("address", sa.String(255), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("kecamatan_code", sa.String(8), nullable=False),
        sa.Column("desa_code", sa.String(13), nullable=False),
        sa.Column("facility_ref", sa.String(100), nullable=True),
        sa.Column("media_urls", sa.JSON(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("reporter_subject", sa.String(200), nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("duplicate_of", sa.String(32), nullable=True),
        _utc("submitted_at"),
        _utc("updated_at"),
        _utc("verification_due_at"),
        _utc("verification_done_at", nullable=True),
        _utc("follow_up_due_at", nullable=True),
        _utc("follow_up_done_at", nullable=True),
        _utc("resolved_at", nullable=True),
        _utc("closed_at", nullable=True),
    )
    op.create_index("ix_service_request_updated_at", "service_request", ["updated_at"])
    op.create_index("ix_service_request_recent", "service_request", ["submitted_at", "id"])
    for column in (
        "status",
        "service_code",
        "agency_code",
        "kecamatan_code",
        "desa_code",
        "reporter_subject",
    ):
        op.create_index(
            f"ix_service_request_{column}_recent", "service_request", [column, "submitted_at"]
        )
    op.create_index(
        "ix_service_request_agency_status_recent",
        "service_request",
        ["agency_code", "status", "submitted_at"],
    )
    op.create_index("ix_service_request_lat_lng", "service_request", ["lat", "lng"])
    op.create_table(
        "request_reporter",
        sa.Column(
            "request_id", sa.Integer(), sa.ForeignKey("service_request.id"), primary_key=True
        ),
        sa.Column("name", sa.String(120), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
    )
    op.create_table(
        "request_update",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("service_request.id"), nullable=False),
        _utc("at"),
        sa.Column("author_subject", sa.String(200), nullable=False),
        sa.Column("author_role", sa.String(16), nullable=False),
        sa.Column("agency_code", sa.String(32), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=True),
        sa.Column("note", sa.String(2000), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_request_update_request_id", "request_update", ["request_id"])
    op.create_table(
        "sla_breach",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("service_request.id"), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        _utc("due_at"),
        _utc("detected_at"),
        sa.UniqueConstraint("request_id", "stage", "due_at", name="uq_sla_breach"),
    )
    op.create_table(
        "kbli",
        sa.Column("code", sa.String(5), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("risk_level", sa.String(16), nullable=False),
    )
    op.create_table(
        "permit_application",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("business_name", sa.String(200), nullable=False),
        sa.Column("kbli_code", sa.String(5), sa.ForeignKey("kbli.code"), nullable=False),
        sa.Column("risk_level", sa.String(16), nullable=False),
        sa.Column("kecamatan_code", sa.String(8), nullable=False),
        sa.Column("desa_code", sa.String(13), nullable=False),
        sa.Column("applicant_subject", sa.String(200), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        _utc("submitted_at"),
        _utc("updated_at"),
        _utc("decided_at", nullable=True),
        sa.Column("permit_number", sa.String(64), nullable=True, unique=True),
        sa.Column("rejection_reason", sa.String(500), nullable=True),
    )
    for column in ("status", "submitted_at", "applicant_subject"):
        op.create_index(f"ix_permit_application_{column}", "permit_application", [column])
    op.create_table(
        "permit_owner",
        sa.Column(
            "permit_id", sa.Integer(), sa.ForeignKey("permit_application.id"), primary_key=True
        ),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("business_address", sa.String(255), nullable=True),
    )
    op.create_table(
        "permit_update",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "permit_id", sa.Integer(), sa.ForeignKey("permit_application.id"), nullable=False
        ),
        _utc("at"),
        sa.Column("author_subject", sa.String(200), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
    )
    op.create_index("ix_permit_update_permit_id", "permit_update", ["permit_id"])
    op.create_table(
        "holiday",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _utc("at"),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "audit_entry",
        "holiday",
        "permit_update",
        "permit_owner",
        "permit_application",
        "kbli",
        "sla_breach",
        "request_update",
        "request_reporter",
        "service_request",
        "service_category",
        "agency",
    ):
        op.drop_table(table)
