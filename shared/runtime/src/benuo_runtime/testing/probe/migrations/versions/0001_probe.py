"""probe tables, outbox and inbox

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from benuo_runtime.migrations import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "probe_request",
        sa.Column("request_id", sa.String(64), primary_key=True),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "probe_effect",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("trace_id", sa.String(32), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
    )
    op.create_index("ix_probe_effect_event_id", "probe_effect", ["event_id"])
    op.create_table("probe_fault", sa.Column("request_id", sa.String(64), primary_key=True))


def downgrade() -> None:
    op.drop_table("probe_fault")
    op.drop_table("probe_effect")
    op.drop_table("probe_request")
    drop_messaging_tables()
