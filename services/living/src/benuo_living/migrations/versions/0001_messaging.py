"""outbox and inbox

Revision ID: living_0001
Revises:
"""

from benuo_runtime.migrations import create_messaging_tables, drop_messaging_tables

revision = "living_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()


def downgrade() -> None:
    drop_messaging_tables()
