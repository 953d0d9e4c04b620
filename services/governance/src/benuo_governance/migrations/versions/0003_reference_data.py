"""reference data: agencies, the seed catalogue, holidays 2026-2027, KBLI risk levels

Revision ID: governance_0003
Revises: governance_0002
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from benuo_governance.reference import catalogue, holidays, kbli

revision = "governance_0003"
down_revision = "governance_0002"
branch_labels = None
depends_on = None

SEED_TIME = datetime(2026, 11, 28, tzinfo=UTC)


def _table(name: str, *columns: sa.Column) -> sa.Table:
    return sa.table(name, *columns)


def upgrade() -> None:
    agency = _table("agency", sa.column("code"), sa.column("name"))
    op.bulk_insert(agency, [{"code": c, "name": n} for c, n in catalogue.AGENCIES])
    category = _table(
        "service_category",
        *(
            sa.column(name)
            for name in ("code", "name", "name_en", "description", "group", "agency_code")
        ),
        sa.column("sla_working_days", sa.Integer()),
        sa.column("keywords", sa.JSON()),
        sa.column("attributes", sa.JSON()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("updated_by"),
    )
    op.bulk_insert(
        category,
        [
            {**entry, "updated_at": SEED_TIME, "updated_by": "seed"}
            for entry in catalogue.CATEGORIES
        ],
    )
    holiday = _table(
        "holiday",
        sa.column("day", sa.Date()),
        sa.column("name"),
        sa.column("kind"),
        sa.column("status"),
        sa.column("updated_by"),
    )
    op.bulk_insert(
        holiday,
        [
            {"day": h.day, "name": h.name, "kind": h.kind, "status": h.status, "updated_by": "seed"}
            for h in holidays()
        ],
    )
    activity = _table("kbli", sa.column("code"), sa.column("title"), sa.column("risk_level"))
    op.bulk_insert(
        activity,
        [{"code": k.code, "title": k.title, "risk_level": k.risk_level} for k in kbli()],
    )


def downgrade() -> None:
    for table in ("kbli", "holiday", "service_category", "agency"):
        op.execute(sa.table(table).delete())
