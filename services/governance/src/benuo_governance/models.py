"""Tables of the governance service."""

from benuo_runtime.messaging.tables import MESSAGING_TABLES

TABLES = (*MESSAGING_TABLES,)
