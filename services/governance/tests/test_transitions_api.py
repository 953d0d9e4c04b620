"""Every workflow transition through the API: one event per change, none for a refusal."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from benuo_contract.events.governance import RequestStatus
from benuo_governance.domain.workflow import TRANSITIONS
from benuo_governance.testing import Callers, Clock, move, outbox, submit

S = RequestStatus
DETAILS: dict[str, dict[str, Any]] = {
    "rejected": {"reason": "Lokasi bukan aset pemerintah kabupaten."},
    "resolved": {"note": "Lampu sudah diganti."},
}


class Walk:
    """Moves requests and checks after every step what the API and the outbox say."""

    def __init__(self, client: TestClient, clock: Clock, officer: dict[str, str]) -> None:
        self.client, self.clock, self.officer = client, clock, officer
        self.edges: set[tuple[str, str]] = set()
        self.refusals_checked: set[RequestStatus] = set()

    def step(
        self,
        request: dict[str, Any],
        to: str,
        headers: dict[str, str] | None = None,
        **details: Any,
    ) -> dict[str, Any]:
        before = outbox(self.client)
        self.clock.advance(hours=1)
        response = move(
            self.client,
            request["id"],
            headers or self.officer,
            to,
            **{**DETAILS.get(to, {}), **details},
        )
        assert response.status_code == 200, response.text
        moved = response.json()
        assert moved["status"] == to
        assert moved["version"] == request["version"] + 1
        [event] = outbox(self.client)[len(before) :]
        expected = "resolved" if to == "resolved" else "status_changed"
        assert event.type == f"ppu.governance.request.{expected}.v1"
        assert event.subject == request["id"]
        assert (event.data.status, event.data.version) == (to, moved["version"])
        if expected == "status_changed":
            assert event.data.previous_status == request["status"]
        self.edges.add((request["status"], to))
        self.refuse_everything_else(moved)
        return moved

    def refuse_everything_else(self, request: dict[str, Any]) -> None:
        """Once per status: every move the table does not allow is a 409 and emits nothing."""
        current = S(request["status"])
        if current in self.refusals_checked:
            return
        self.refusals_checked.add(current)
        before = len(outbox(self.client))
        for wanted in set(S) - set(TRANSITIONS[current]):
            response = move(
                self.client,
                request["id"],
                self.officer,
                wanted,
                **DETAILS.get(wanted, {}),
                duplicate_of="PPU-2026-000001",
                agency_code="DISHUB",
            )
            assert response.status_code == 409, (current, wanted, response.text)
            problem = response.json()
            assert problem["type"].endswith("transition-refused")
            assert problem["current_status"] == current
            assert problem["allowed"] == list(TRANSITIONS[current])
        assert len(outbox(self.client)) == before


def test_every_allowed_transition_emits_one_event_and_every_other_is_refused(
    client: TestClient, clock: Clock, callers: Callers
) -> None:
    walk = Walk(client, clock, callers.officer("DISHUB", "DPUPR"))
    owner = callers.citizen()

    main = submit(client, owner)
    walk.refuse_everything_else(main)
    main = walk.step(main, "verified")
    main = walk.step(main, "assigned")
    main = walk.step(main, "assigned", agency_code="DPUPR")
    assert main["agency_code"] == "DPUPR"
    main = walk.step(main, "in_progress")
    main = walk.step(main, "assigned", agency_code="DISHUB")
    main = walk.step(main, "in_progress")
    main = walk.step(main, "resolved")
    main = walk.step(main, "closed", headers=owner, note="Terima kasih, sudah terang.")
    main = walk.step(main, "reopened", headers=owner, note="Padam lagi.")
    main = walk.step(main, "in_progress")
    main = walk.step(main, "resolved")
    main = walk.step(main, "reopened", headers=owner)
    main = walk.step(main, "assigned")
    main = walk.step(main, "in_progress")
    main = walk.step(main, "resolved")
    main = walk.step(main, "reopened")
    main = walk.step(main, "resolved")

    walk.step(submit(client, owner), "rejected")
    walk.step(submit(client, owner), "duplicate", duplicate_of=main["id"])
    for final in ("rejected", "duplicate"):
        verified = walk.step(submit(client, owner), "verified")
        walk.step(verified, final, duplicate_of=main["id"])
        assigned = walk.step(walk.step(submit(client, owner), "verified"), "assigned")
        walk.step(assigned, final, duplicate_of=main["id"])

    assert walk.edges == {(c, w) for c, nexts in TRANSITIONS.items() for w in nexts}
    assert walk.refusals_checked == set(S)
    history = client.get(f"/api/v1/governance/requests/{main['id']}", headers=owner).json()
    assert [u["to_status"] for u in history["updates"]][:4] == [
        "submitted",
        "verified",
        "assigned",
        "assigned",
    ]
    assert {u["author_role"] for u in history["updates"]} == {"citizen", "officer"}


def test_moves_are_for_the_agencys_officers_and_need_their_details(
    client: TestClient, callers: Callers
) -> None:
    officer = callers.officer("DISHUB")
    created = submit(client, callers.citizen())
    other = submit(client, officer)
    for headers in (
        callers.citizen(),
        callers.citizen("citizen-budi"),
        callers.officer("DLH"),
        callers.integrator(),
    ):
        response = move(client, created["id"], headers, "verified")
        assert response.status_code == 403, response.text
        assert response.json()["type"].endswith("forbidden")
    # The public is asked to sign in, before anything about the request is said.
    for request_id in (created["id"], "PPU-2026-999999"):
        anonymous = move(client, request_id, callers.anonymous(), "verified")
        assert anonymous.status_code == 401, anonymous.text
        assert anonymous.headers["www-authenticate"] == "Bearer"
        note = client.post(
            f"/api/v1/governance/requests/{request_id}/notes",
            json={"note": "Sudah diperbaiki?"},
            headers=callers.anonymous(),
        )
        assert note.status_code == 401, note.text
    cases = [
        ("rejected", {}, "missing-reason"),
        ("duplicate", {}, "missing-original"),
        ("duplicate", {"duplicate_of": created["id"]}, "missing-original"),
        ("duplicate", {"duplicate_of": "PPU-2026-999999"}, "missing-original"),
    ]
    for to, details, kind in cases:
        response = move(client, created["id"], officer, to, **details)
        assert response.status_code == 422, response.text
        assert response.json()["type"].endswith(kind)
    assert (
        move(client, other["id"], officer, "duplicate", duplicate_of=created["id"]).status_code
        == 200
    )
    chained = move(client, created["id"], officer, "duplicate", duplicate_of=other["id"])
    assert chained.status_code == 422
    assert created["id"] in chained.json()["detail"]
    assert move(client, created["id"], callers.admin(), "verified").status_code == 200
    unknown_agency = move(client, created["id"], officer, "assigned", agency_code="DINAS-X")
    assert unknown_agency.json()["type"].endswith("unknown-agency")
    assert move(client, created["id"], officer, "assigned").status_code == 200
    assert move(client, created["id"], officer, "in_progress").status_code == 200
    no_note = move(client, created["id"], officer, "resolved")
    assert no_note.json()["type"].endswith("missing-note")
    assert move(client, "PPU-2026-999999", officer, "verified").status_code == 404
    statuses = [(e.subject, e.data.status) for e in outbox(client)]
    assert statuses == [
        (created["id"], "submitted"),
        (other["id"], "submitted"),
        (other["id"], "duplicate"),
        (created["id"], "verified"),
        (created["id"], "assigned"),
        (created["id"], "in_progress"),
    ]
