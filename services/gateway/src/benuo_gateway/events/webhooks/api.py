"""``/api/v1/webhooks``: integrators register, inspect, pause, resume and remove webhooks."""

import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from benuo_gateway.events.access import invalid, stream_plan
from benuo_gateway.events.domain.signing import new_secret
from benuo_gateway.events.domain.urls import check_url
from benuo_gateway.events.settings import EventsSettings
from benuo_gateway.events.webhooks.models import (
    Outcome,
    SubscriptionStatus,
    WebhookDelivery,
    WebhookLane,
    WebhookSubscription,
)
from benuo_gateway.events.webhooks.schemas import (
    DeliveryPage,
    DeliveryPublic,
    SecretRotated,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
)
from benuo_runtime.auth import Principal
from benuo_runtime.db import SessionDep
from benuo_runtime.messaging.tables import utcnow
from benuo_runtime.problems import ProblemError

MAX_SUBSCRIPTIONS_PER_OWNER = 25
SubscriptionId = Annotated[
    str, Path(pattern=r"^whs_[0-9a-f]{24}$", examples=["whs_5b1e0c2a9d8f4e7a6b3c1d0e"])
]
_MAX_SUBJECTS_LENGTH = 2000


def webhooks_router(integrator: Callable[..., Principal], settings: EventsSettings) -> APIRouter:
    router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])
    Integrator = Annotated[Principal, Depends(integrator)]

    @router.post("", status_code=status.HTTP_201_CREATED, summary="Register a webhook")
    def create(
        body: SubscriptionCreate, principal: Integrator, session: SessionDep, response: Response
    ) -> SubscriptionCreated:
        plan = stream_plan(principal, body.subjects, "body.subjects")
        subjects = ",".join(subject for filters in plan.values() for subject in filters)
        if len(subjects) > _MAX_SUBJECTS_LENGTH:
            raise invalid("body.subjects", "These filters are too many; use wider ones.")
        try:
            url = check_url(body.url, allow_private=settings.private_addresses_allowed)
        except ValueError as error:
            raise invalid("body.url", str(error)) from None
        owned = session.exec(
            select(func.count()).where(col(WebhookSubscription.owner) == principal.subject)
        ).one()
        if owned >= MAX_SUBSCRIPTIONS_PER_OWNER:
            raise ProblemError(
                409,
                f"You have {owned} webhooks, the most allowed; delete one first.",
                kind="limit-reached",
            )
        now = utcnow()
        row = WebhookSubscription(
            id=f"whs_{secrets.token_hex(12)}",
            owner=principal.subject,
            url=url,
            subjects=subjects,
            description=body.description,
            secret=new_secret(),
            start_at=body.since or now,
            created_at=now,
        )
        session.add(row)
        session.commit()
        response.headers["Location"] = f"{router.prefix}/{row.id}"
        return SubscriptionCreated(**SubscriptionPublic.of(row).model_dump(), secret=row.secret)

    @router.get("", summary="List your webhooks (an admin sees all)")
    def list_subscriptions(
        principal: Integrator,
        session: SessionDep,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> list[SubscriptionPublic]:
        query = select(WebhookSubscription).order_by(col(WebhookSubscription.created_at))
        if not principal.is_admin:
            query = query.where(col(WebhookSubscription.owner) == principal.subject)
        return [
            SubscriptionPublic.of(row, _lanes(session, row.id))
            for row in session.exec(query.limit(limit))
        ]

    @router.get("/{subscription_id}", summary="A webhook, with where its delivery is")
    def get(
        subscription_id: SubscriptionId, principal: Integrator, session: SessionDep
    ) -> SubscriptionPublic:
        row = _owned(session, subscription_id, principal)
        return SubscriptionPublic.of(row, _lanes(session, row.id))

    @router.delete(
        "/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a webhook"
    )
    def remove(subscription_id: SubscriptionId, principal: Integrator, session: SessionDep) -> None:
        row = _owned(session, subscription_id, principal)
        for table in (WebhookDelivery, WebhookLane):
            session.execute(delete(table).where(col(table.subscription_id) == row.id))
        session.delete(row)
        session.commit()

    @router.post("/{subscription_id}/disable", summary="Pause deliveries (nothing is lost)")
    def disable(
        subscription_id: SubscriptionId, principal: Integrator, session: SessionDep
    ) -> SubscriptionPublic:
        row = _owned(session, subscription_id, principal)
        if row.status == SubscriptionStatus.ACTIVE:
            row.status = SubscriptionStatus.DISABLED
            row.disabled_reason = f"disabled by {principal.subject}"
            row.disabled_at = utcnow()
            session.commit()
        return SubscriptionPublic.of(row, _lanes(session, row.id))

    @router.post("/{subscription_id}/enable", summary="Resume deliveries where they stopped")
    def enable(
        subscription_id: SubscriptionId, principal: Integrator, session: SessionDep
    ) -> SubscriptionPublic:
        row = _owned(session, subscription_id, principal)
        row.status = SubscriptionStatus.ACTIVE
        row.disabled_reason = None
        row.disabled_at = None
        for lane in _lanes(session, row.id):
            lane.consecutive_failures = 0
        session.commit()
        return SubscriptionPublic.of(row, _lanes(session, row.id))

    @router.post("/{subscription_id}/secret", summary="Replace the signing secret")
    def rotate_secret(
        subscription_id: SubscriptionId, principal: Integrator, session: SessionDep
    ) -> SecretRotated:
        row = _owned(session, subscription_id, principal)
        row.secret = new_secret()
        session.commit()
        return SecretRotated(secret=row.secret)

    @router.get("/{subscription_id}/deliveries", summary="The delivery log, newest first")
    def deliveries(
        subscription_id: SubscriptionId,
        principal: Integrator,
        session: SessionDep,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        before: Annotated[
            int | None, Query(ge=1, le=2**63 - 1, description="Only attempts older than this id")
        ] = None,
        outcome: Outcome | None = None,
    ) -> DeliveryPage:
        row = _owned(session, subscription_id, principal)
        query = select(WebhookDelivery).where(col(WebhookDelivery.subscription_id) == row.id)
        if before is not None:
            query = query.where(col(WebhookDelivery.id) < before)
        if outcome is not None:
            query = query.where(col(WebhookDelivery.outcome) == outcome)
        found = list(session.exec(query.order_by(col(WebhookDelivery.id).desc()).limit(limit)))
        next_before = found[-1].id if len(found) == limit else None
        return DeliveryPage(
            items=[DeliveryPublic.of(item) for item in found], next_before=next_before
        )

    return router


def _owned(session: Session, subscription_id: str, principal: Principal) -> WebhookSubscription:
    row = session.get(WebhookSubscription, subscription_id)
    if row is None or not (principal.is_admin or row.owner == principal.subject):
        raise ProblemError(404, f"You have no webhook {subscription_id}.", kind="not-found")
    return row


def _lanes(session: Session, subscription_id: str) -> list[WebhookLane]:
    query = select(WebhookLane).where(col(WebhookLane.subscription_id) == subscription_id)
    return list(session.exec(query.order_by(col(WebhookLane.stream))))
