"""The request workflow: every transition, allowed and refused, from the one table."""

from __future__ import annotations

import itertools

import pytest

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.access import OWNER_TRANSITIONS, View, Viewer
from benuo_governance.domain.workflow import (
    TRANSITIONS,
    TransitionRefused,
    check_transition,
    open311_status,
)

S = RequestStatus
ALLOWED = [
    (S.SUBMITTED, S.VERIFIED),
    (S.SUBMITTED, S.REJECTED),
    (S.SUBMITTED, S.DUPLICATE),
    (S.VERIFIED, S.ASSIGNED),
    (S.VERIFIED, S.REJECTED),
    (S.VERIFIED, S.DUPLICATE),
    (S.ASSIGNED, S.ASSIGNED),
    (S.ASSIGNED, S.IN_PROGRESS),
    (S.ASSIGNED, S.REJECTED),
    (S.ASSIGNED, S.DUPLICATE),
    (S.IN_PROGRESS, S.ASSIGNED),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.RESOLVED, S.CLOSED),
    (S.RESOLVED, S.REOPENED),
    (S.CLOSED, S.REOPENED),
    (S.REOPENED, S.ASSIGNED),
    (S.REOPENED, S.IN_PROGRESS),
    (S.REOPENED, S.RESOLVED),
]
REFUSED = [pair for pair in itertools.product(S, S) if pair not in ALLOWED]


def test_the_table_is_exactly_the_documented_workflow() -> None:
    table = {(current, wanted) for current, nexts in TRANSITIONS.items() for wanted in nexts}
    assert table == set(ALLOWED)
    assert set(TRANSITIONS) == set(S)


@pytest.mark.parametrize(("current", "wanted"), ALLOWED, ids=lambda s: s.value)
def test_allowed_transition(current: RequestStatus, wanted: RequestStatus) -> None:
    check_transition(current, wanted)


@pytest.mark.parametrize(("current", "wanted"), REFUSED, ids=lambda s: s.value)
def test_refused_transition_names_the_current_and_the_allowed_statuses(
    current: RequestStatus, wanted: RequestStatus
) -> None:
    with pytest.raises(TransitionRefused) as refused:
        check_transition(current, wanted)
    assert refused.value.current is current
    assert refused.value.allowed == list(TRANSITIONS[current])
    assert f"is {current} cannot become {wanted}" in str(refused.value)


def test_final_statuses_say_so() -> None:
    for final in (S.REJECTED, S.DUPLICATE):
        with pytest.raises(TransitionRefused, match="none: it is final"):
            check_transition(final, S.REOPENED)


def test_open311_knows_only_open_and_closed() -> None:
    closed = {s for s in S if open311_status(s) == "closed"}
    assert closed == {S.RESOLVED, S.CLOSED, S.REJECTED, S.DUPLICATE}


OFFICER = Viewer(
    "o-1", role="officer", signed_in=True, governance_officer=True, agencies=frozenset({"DISHUB"})
)
OWNER = Viewer("citizen-ani", role="citizen", signed_in=True)
ADMIN = Viewer("admin-1", role="admin", signed_in=True, admin=True)


@pytest.mark.parametrize(("current", "wanted"), ALLOWED, ids=lambda s: s.value)
def test_officers_of_the_agency_and_admins_may_make_every_move_reporters_only_theirs(
    current: RequestStatus, wanted: RequestStatus
) -> None:
    assert OFFICER.may_move("DISHUB", "citizen-ani", current, wanted)
    assert ADMIN.may_move("DPUPR", "citizen-ani", current, wanted)
    assert not OFFICER.may_move("DPUPR", "citizen-ani", current, wanted)
    owner_may = (current, wanted) in OWNER_TRANSITIONS
    assert OWNER.may_move("DISHUB", "citizen-ani", current, wanted) is owner_may
    assert not OWNER.may_move("DISHUB", "someone-else", current, wanted)


def test_views_follow_who_is_looking() -> None:
    assert OFFICER.view_of("DISHUB", "citizen-ani") is View.OFFICER
    assert OFFICER.view_of("DLH", "citizen-ani") is View.PUBLIC
    assert OWNER.view_of("DISHUB", "citizen-ani") is View.OWNER
    assert OWNER.view_of("DISHUB", None) is View.PUBLIC
    anonymous = Viewer("anonymous")
    assert anonymous.view_of("DISHUB", "anonymous") is View.PUBLIC
    not_governance = Viewer("o-2", role="officer", signed_in=True, agencies=frozenset({"DISHUB"}))
    assert not_governance.view_of("DISHUB", None) is View.PUBLIC
