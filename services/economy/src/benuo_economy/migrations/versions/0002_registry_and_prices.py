"""business registry, markets, commodities, price observations, early-warning state

Revision ID: economy_0002
Revises: economy_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "economy_0002"
down_revision = "economy_0001"
branch_labels = None
depends_on = None


def _moment(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "economy_business",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kbli_code", sa.String(5), nullable=False),
        sa.Column("sector_code", sa.String(1), nullable=True),
        sa.Column("risk_level", sa.String(20), nullable=False),
        sa.Column("permit_number", sa.String(100), nullable=True, unique=True),
        sa.Column("application_id", sa.String(64), nullable=True, unique=True),
        sa.Column("permit_version", sa.Integer(), nullable=True),
        sa.Column("kecamatan_code", sa.String(8), nullable=False),
        sa.Column("desa_code", sa.String(13), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("origin", sa.String(10), nullable=False),
        _moment("registered_at"),
        _moment("updated_at"),
    )
    for column in ("kbli_code", "sector_code", "kecamatan_code", "desa_code", "status"):
        op.create_index(f"ix_economy_business_{column}", "economy_business", [column])
    op.create_index("ix_economy_business_registered_on", "economy_business", ["registered_on"])

    op.create_table(
        "economy_market",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("kecamatan_code", sa.String(8), nullable=False),
        sa.Column("desa_code", sa.String(13), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "economy_commodity",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("unit", sa.String(10), nullable=False),
        sa.Column("reference_price", sa.Integer(), nullable=True),
        sa.Column("reference_kind", sa.String(10), nullable=True),
        sa.Column("reference_source", sa.String(300), nullable=True),
    )

    op.create_table(
        "economy_price_observation",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "commodity_code",
            sa.String(40),
            sa.ForeignKey("economy_commodity.code"),
            nullable=False,
        ),
        sa.Column(
            "market_code", sa.String(40), sa.ForeignKey("economy_market.code"), nullable=False
        ),
        sa.Column("kecamatan_code", sa.String(8), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(10), nullable=False),
        sa.Column("confirmed_implausible", sa.Boolean(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("correction_reason", sa.String(300), nullable=True),
        _moment("superseded_at", nullable=True),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        _moment("recorded_at"),
    )
    table = "economy_price_observation"
    op.create_index(f"ix_{table}_corrects_id", table, ["corrects_id"])
    op.create_index(f"ix_{table}_series", table, ["commodity_code", "market_code", "observed_on"])
    op.create_index(f"ix_{table}_day", table, ["commodity_code", "observed_on"])
    op.create_index(
        f"uq_{table}_current",
        table,
        ["commodity_code", "market_code", "observed_on"],
        unique=True,
        sqlite_where=sa.text("superseded_at IS NULL"),
        postgresql_where=sa.text("superseded_at IS NULL"),
    )

    op.create_table(
        "economy_price_watch",
        sa.Column("alert_id", sa.String(100), primary_key=True),
        sa.Column("commodity_code", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("market_code", sa.String(40), nullable=True),
        sa.Column("kecamatan_code", sa.String(8), nullable=True),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("above_reference", sa.Boolean(), nullable=False),
        sa.Column("alert_since", sa.Date(), nullable=True),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("markets", sa.Integer(), nullable=False),
        sa.Column("change_vs_previous_pct", sa.Float(), nullable=True),
        sa.Column("change_vs_window_avg_pct", sa.Float(), nullable=True),
        sa.Column("reference_price", sa.Integer(), nullable=True),
        _moment("updated_at"),
    )
    op.create_index(
        "ix_economy_price_watch_commodity_code", "economy_price_watch", ["commodity_code"]
    )

    op.create_table(
        "economy_price_alert_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.String(100), nullable=False),
        sa.Column("commodity_code", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("market_code", sa.String(40), nullable=True),
        sa.Column("transition", sa.String(10), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("previous_level", sa.String(10), nullable=False),
        sa.Column("above_reference", sa.Boolean(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("change_vs_previous_pct", sa.Float(), nullable=True),
        sa.Column("change_vs_window_avg_pct", sa.Float(), nullable=True),
        sa.Column("reference_price", sa.Integer(), nullable=True),
        _moment("recorded_at"),
    )
    for column in ("alert_id", "commodity_code", "observed_on"):
        op.create_index(
            f"ix_economy_price_alert_history_{column}", "economy_price_alert_history", [column]
        )


def downgrade() -> None:
    op.drop_table("economy_price_alert_history")
    op.drop_table("economy_price_watch")
    op.drop_table("economy_price_observation")
    op.drop_table("economy_commodity")
    op.drop_table("economy_market")
    op.drop_table("economy_business")
