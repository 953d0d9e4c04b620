"""Tables of the gateway service."""

from benuo_gateway.events.webhooks.models import WEBHOOK_TABLES
from benuo_runtime.messaging.tables import MESSAGING_TABLES

TABLES = (*MESSAGING_TABLES, *WEBHOOK_TABLES)
