"""Which facility a citizen request holds, and the status that follows (real database)."""

from __future__ import annotations

from sqlmodel import col, select

from benuo_contract.events.governance import RequestState, RequestStatus
from benuo_contract.events.living import FacilityStatus
from benuo_living.models import Facility, FacilityStatusChange, TrackedRequest
from benuo_living.settings import DEFAULT_FACILITY_TYPES
from benuo_living.store.registry import remove_facility, set_officer_status
from benuo_living.store.requests import track_request
from benuo_runtime.db import SessionFactory
from benuo_runtime.geo import haversine_m
from services.living.tests.events import created, resolved, status_changed

TYPES = {code: str(kind) for code, kind in DEFAULT_FACILITY_TYPES.items()}
LIGHT = "FAC-PJU-0001"
OPEN, DONE = RequestStatus.IN_PROGRESS, RequestStatus.RESOLVED


def apply(sessions: SessionFactory, *states: RequestState) -> None:
    with sessions() as session:
        for state in states:
            track_request(session, state, types=TYPES, radius_m=300)
        session.commit()


def facility(sessions: SessionFactory, facility_id: str) -> Facility:
    with sessions() as session:
        found = session.get(Facility, facility_id)
        assert found is not None
        return found


def spot(sessions: SessionFactory, facility_id: str, north_m: float = 0) -> tuple[float, float]:
    """A point ``north_m`` metres north of a facility."""
    f = facility(sessions, facility_id)
    return f.lat + north_m / 111_195, f.lng


def history(sessions: SessionFactory, facility_id: str) -> list[tuple[str, str, str | None]]:
    with sessions() as session:
        changes = session.exec(
            select(FacilityStatusChange)
            .where(FacilityStatusChange.facility_id == facility_id)
            .order_by(col(FacilityStatusChange.id))
        ).all()
    return [(c.previous_status, c.status, c.request_id) for c in changes]


def held_by(sessions: SessionFactory, request_id: str) -> str | None:
    with sessions() as session:
        tracked = session.get(TrackedRequest, request_id)
        assert tracked is not None
        return tracked.facility_id


def test_a_report_holds_the_nearest_light_within_the_radius_and_nothing_farther(
    sessions: SessionFactory,
) -> None:
    apply(sessions, created("R-1", at=spot(sessions, LIGHT, north_m=10)))
    assert held_by(sessions, "R-1") == LIGHT
    assert facility(sessions, LIGHT).status == "degraded"

    with sessions() as session:
        lights = session.exec(select(Facility).where(Facility.type == "street_light")).all()
    far = spot(sessions, "FAC-AIR-0001")
    assert min(haversine_m(*far, light.lat, light.lng) for light in lights) > 300
    apply(sessions, created("R-2", at=far))
    assert held_by(sessions, "R-2") is None


def test_the_facility_a_report_names_wins_over_the_nearest_and_an_unknown_name_does_not(
    sessions: SessionFactory,
) -> None:
    at_first_light = spot(sessions, LIGHT)
    apply(
        sessions,
        created("R-1", at=at_first_light, facility_ref="FAC-PJU-0005"),
        created("R-2", at=at_first_light, facility_ref="FAC-PJU-9999"),
    )
    assert (held_by(sessions, "R-1"), held_by(sessions, "R-2")) == ("FAC-PJU-0005", LIGHT)


def test_reports_outside_the_mapped_categories_are_ignored(sessions: SessionFactory) -> None:
    apply(sessions, created("R-1", at=spot(sessions, LIGHT), service_code="JALAN-RUSAK"))
    with sessions() as session:
        assert session.get(TrackedRequest, "R-1") is None
    assert facility(sessions, LIGHT).version == 1


def test_a_light_is_back_only_when_every_report_on_it_is_finished(
    sessions: SessionFactory,
) -> None:
    at = spot(sessions, LIGHT)
    apply(sessions, created("R-1", at=at), created("R-2", at=at))
    apply(sessions, resolved("R-1", 3, at=at))
    assert facility(sessions, LIGHT).status == "degraded"
    apply(
        sessions, status_changed("R-2", 2, RequestStatus.REJECTED, RequestStatus.SUBMITTED, at=at)
    )
    assert facility(sessions, LIGHT).status == "operational"
    assert history(sessions, LIGHT) == [
        ("operational", "degraded", "R-1"),
        ("degraded", "operational", "R-2"),
    ]
    apply(sessions, status_changed("R-1", 4, RequestStatus.REOPENED, DONE, at=at))
    assert facility(sessions, LIGHT).status == "degraded"


def test_reports_do_not_overrule_an_officer_who_closed_the_facility(
    sessions: SessionFactory,
) -> None:
    at = spot(sessions, LIGHT)
    with sessions() as session:
        light = session.get(Facility, LIGHT)
        assert light is not None
        set_officer_status(session, light, FacilityStatus.OUT_OF_SERVICE, "Tiang roboh")
        session.commit()
    apply(sessions, created("R-1", at=at))
    apply(sessions, resolved("R-1", 2, at=at))
    assert facility(sessions, LIGHT).status == "out_of_service"
    assert history(sessions, LIGHT) == [("operational", "out_of_service", None)]


def test_a_report_moved_to_another_category_lets_go_of_its_light(sessions: SessionFactory) -> None:
    at = spot(sessions, LIGHT)
    apply(sessions, created("R-1", at=at))
    apply(
        sessions,
        status_changed("R-1", 2, OPEN, RequestStatus.SUBMITTED, at=at, service_code="JALAN-RUSAK"),
    )
    assert held_by(sessions, "R-1") is None
    assert facility(sessions, LIGHT).status == "operational"


def test_a_removed_facility_lets_go_of_its_reports(sessions: SessionFactory) -> None:
    at = spot(sessions, LIGHT)
    apply(sessions, created("R-1", at=at))
    with sessions() as session:
        light = session.get(Facility, LIGHT)
        assert light is not None
        remove_facility(session, light)
        session.commit()
    assert held_by(sessions, "R-1") is None
    apply(sessions, resolved("R-1", 2, at=at))  # nothing left to restore, and no error
    assert history(sessions, LIGHT) == []
