"""markets and commodities from the package's reference data

Revision ID: economy_0003
Revises: economy_0002
"""

import sqlalchemy as sa
from alembic import op

from benuo_economy.reference import commodity_rows, market_rows

revision = "economy_0003"
down_revision = "economy_0002"
branch_labels = None
depends_on = None


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(column) for column in columns))


MARKETS = _table("economy_market", "code", "name", "address", "kecamatan_code", "desa_code", "demo")
COMMODITIES = _table(
    "economy_commodity",
    "code",
    "name",
    "unit",
    "reference_price",
    "reference_kind",
    "reference_source",
)


def upgrade() -> None:
    op.bulk_insert(MARKETS, market_rows())
    op.bulk_insert(COMMODITIES, commodity_rows())


def downgrade() -> None:
    op.execute(MARKETS.delete())
    op.execute(COMMODITIES.delete())
