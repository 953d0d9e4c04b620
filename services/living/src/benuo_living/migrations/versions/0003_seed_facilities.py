"""seed facilities: two verified, the rest demo data (see benuo_living/data/README.md)

Revision ID: living_0003
Revises: living_0002
"""

import csv
from datetime import UTC, datetime
from importlib import resources

import sqlalchemy as sa
from alembic import op

from benuo_runtime.regions import ppu_regions

revision = "living_0003"
down_revision = "living_0002"
branch_labels = None
depends_on = None

facility = sa.table(
    "living_facility",
    sa.column("facility_id", sa.String),
    sa.column("version", sa.Integer),
    sa.column("type", sa.String),
    sa.column("name", sa.String),
    sa.column("kecamatan_code", sa.String),
    sa.column("desa_code", sa.String),
    sa.column("lat", sa.Float),
    sa.column("lng", sa.Float),
    sa.column("status", sa.String),
    sa.column("officer_status", sa.String),
    sa.column("opening_hours", sa.String),
    sa.column("demo", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def seed_rows() -> list[dict[str, object]]:
    regions = ppu_regions()
    now = datetime.now(UTC)
    source = resources.files("benuo_living") / "data" / "facilities.csv"
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "facility_id": row["facility_id"],
            "version": 1,
            "type": row["type"],
            "name": row["name"],
            "kecamatan_code": regions.by_code[row["desa_code"]].parent_code,
            "desa_code": row["desa_code"],
            "lat": float(row["lat"]),
            "lng": float(row["lng"]),
            "status": "operational",
            "officer_status": "operational",
            "opening_hours": row["opening_hours"] or None,
            "demo": row["demo"] == "true",
            "created_at": now,
            "updated_at": now,
        }
        for row in rows
    ]


def upgrade() -> None:
    op.bulk_insert(facility, seed_rows())


def downgrade() -> None:
    ids = [row["facility_id"] for row in seed_rows()]
    op.execute(facility.delete().where(facility.c.facility_id.in_(ids)))
