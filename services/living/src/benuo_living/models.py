"""Tables of the living service."""

from benuo_runtime.messaging.tables import MESSAGING_TABLES

TABLES = (*MESSAGING_TABLES,)
