"""Tables of the governance service."""

from benuo_governance.persistence.catalogue import Agency, ServiceCategory
from benuo_governance.persistence.permits import Kbli, PermitApplication, PermitOwner, PermitUpdate
from benuo_governance.persistence.reference import AuditEntry, Holiday
from benuo_governance.persistence.requests import Reporter, RequestUpdate, ServiceRequest, SlaBreach
from benuo_runtime.db import tables_of
from benuo_runtime.messaging.tables import MESSAGING_TABLES

TABLES = (
    *tables_of(
        Agency,
        ServiceCategory,
        ServiceRequest,
        Reporter,
        RequestUpdate,
        SlaBreach,
        Kbli,
        PermitApplication,
        PermitOwner,
        PermitUpdate,
        Holiday,
        AuditEntry,
    ),
    *MESSAGING_TABLES,
)
