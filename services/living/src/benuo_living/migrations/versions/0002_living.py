"""facilities, their status history, tracked requests, prices and the cost-of-living index

Revision ID: living_0002
Revises: living_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "living_0002"
down_revision = "living_0001"
branch_labels = None
depends_on = None


def timestamp(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "living_facility",
        sa.Column("facility_id", sa.String(40), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kecamatan_code", sa.String(8), nullable=False),
        sa.Column("desa_code", sa.String(13), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("officer_status", sa.String(20), nullable=False),
        sa.Column("opening_hours", sa.String(120), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        timestamp("created_at"),
        timestamp("updated_at"),
    )
    op.create_index("ix_living_facility_type", "living_facility", ["type"])
    op.create_index("ix_living_facility_kecamatan_code", "living_facility", ["kecamatan_code"])
    op.create_index("ix_living_facility_status", "living_facility", ["status"])
    op.create_index("ix_living_facility_lat_lng", "living_facility", ["lat", "lng"])

    op.create_table(
        "living_facility_status_change",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("facility_id", sa.String(40), nullable=False),
        sa.Column("facility_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("previous_status", sa.String(20), nullable=False),
        sa.Column("cause", sa.String(20), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=True),
        sa.Column("open_request_ids", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        timestamp("changed_at"),
    )
    op.create_index(
        "ix_living_facility_status_change_facility_id",
        "living_facility_status_change",
        ["facility_id"],
    )

    op.create_table(
        "living_request",
        sa.Column("request_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("service_code", sa.String(40), nullable=False),
        sa.Column("facility_id", sa.String(40), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        timestamp("updated_at"),
    )
    op.create_index("ix_living_request_facility_id", "living_request", ["facility_id"])

    op.create_table(
        "living_price_observation",
        sa.Column("observation_id", sa.String(64), primary_key=True),
        sa.Column("commodity_code", sa.String(40), nullable=False),
        sa.Column("market_code", sa.String(64), nullable=False),
        sa.Column("kecamatan_code", sa.String(8), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("corrects", sa.String(64), nullable=True),
        timestamp("recorded_at"),
    )
    op.create_index(
        "ix_living_price_observation_observed_on", "living_price_observation", ["observed_on"]
    )
    op.create_index(
        "ix_living_price_observation_corrects", "living_price_observation", ["corrects"]
    )

    op.create_table(
        "living_cost_index_point",
        sa.Column("index_id", sa.String(8), primary_key=True),
        sa.Column("as_of", sa.Date(), primary_key=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("basket_cost", sa.Integer(), nullable=False),
        sa.Column("priced_commodities", sa.Integer(), nullable=False),
        timestamp("computed_at"),
    )
    op.create_table(
        "living_cost_index",
        sa.Column("index_id", sa.String(8), primary_key=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("basket_cost", sa.Integer(), nullable=False),
        sa.Column("priced_commodities", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("published_value", sa.Float(), nullable=True),
        timestamp("updated_at"),
    )


def downgrade() -> None:
    op.drop_table("living_cost_index")
    op.drop_table("living_cost_index_point")
    op.drop_table("living_price_observation")
    op.drop_table("living_request")
    op.drop_table("living_facility_status_change")
    op.drop_table("living_facility")
