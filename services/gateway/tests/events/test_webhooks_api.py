"""Managing webhooks: who may, what is validated, what is shown (the secret only once)."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from benuo_runtime.testing.plugin import AuthKeys

from .harness import Served

HOOK = "https://receiver.example.org/benuo"
HOOKS = "/api/v1/webhooks"


def test_integrators_manage_their_own_webhooks_and_see_the_secret_once(
    serve: Callable[..., Served], database_url: str, auth_keys: AuthKeys
) -> None:
    gateway = serve(database_url)
    alice = auth_keys.headers("integrator", subject="alice")
    bob = auth_keys.headers("integrator", subject="bob")
    with httpx.Client(base_url=gateway.url, timeout=10) as client:
        created = client.post(
            HOOKS, json={"url": HOOK, "subjects": ["ppu.governance.>"]}, headers=alice
        )
        assert created.status_code == 201, created.text
        hook = created.json()
        assert hook["secret"].startswith("whsec_")
        assert created.headers["location"] == f"/api/v1/webhooks/{hook['id']}"
        assert (hook["status"], hook["owner"], hook["subjects"]) == (
            "active",
            "alice",
            ["ppu.governance.>"],
        )

        shown = client.get(f"{HOOKS}/{hook['id']}", headers=alice).json()
        assert "secret" not in shown
        assert [h["id"] for h in client.get(HOOKS, headers=alice).json()] == [hook["id"]]
        assert client.get(HOOKS, headers=bob).json() == []
        assert client.get(f"{HOOKS}/{hook['id']}", headers=bob).status_code == 404
        assert client.delete(f"{HOOKS}/{hook['id']}", headers=bob).status_code == 404
        admin = auth_keys.headers("admin")
        assert [h["id"] for h in client.get(HOOKS, headers=admin).json()] == [hook["id"]]

        rotated = client.post(f"{HOOKS}/{hook['id']}/secret", headers=alice).json()["secret"]
        assert rotated.startswith("whsec_")
        assert rotated != hook["secret"]

        paused = client.post(f"{HOOKS}/{hook['id']}/disable", headers=alice).json()
        assert (paused["status"], paused["disabled_reason"]) == ("disabled", "disabled by alice")
        resumed = client.post(f"{HOOKS}/{hook['id']}/enable", headers=alice).json()
        assert (resumed["status"], resumed["disabled_reason"]) == ("active", None)
        log = client.get(f"{HOOKS}/{hook['id']}/deliveries", headers=alice).json()
        assert log == {"items": [], "next_before": None}

        assert client.delete(f"{HOOKS}/{hook['id']}", headers=alice).status_code == 204
        assert client.get(f"{HOOKS}/{hook['id']}", headers=alice).status_code == 404


def test_only_integrators_and_admins_register_and_bad_input_says_what_to_fix(
    serve: Callable[..., Served], database_url: str, auth_keys: AuthKeys
) -> None:
    gateway = serve(database_url, webhook_allow_private_addresses=False)
    integrator = auth_keys.headers("integrator")
    body = {"url": HOOK, "subjects": ["ppu.governance.>"]}
    with httpx.Client(base_url=gateway.url, timeout=10) as client:
        assert client.post(HOOKS, json=body, headers=auth_keys.headers()).status_code == 401
        for role in ("citizen", "officer"):
            assert client.post(HOOKS, json=body, headers=auth_keys.headers(role)).status_code == 403
        assert client.post(HOOKS, json=body, headers=auth_keys.headers("admin")).status_code == 201

        def field_of_error(**changes: object) -> str:
            answer = client.post(HOOKS, json={**body, **changes}, headers=integrator)
            assert answer.status_code == 422, answer.text
            assert answer.headers["content-type"] == "application/problem+json"
            return answer.json()["errors"][0]["field"]

        for url in (
            "ftp://example.org/x",
            "https://user:pw@example.org/",
            "not a url",
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
            "http://10.1.2.3/",
        ):
            assert field_of_error(url=url) == "body.url", url
        for subjects in ([], ["ppu.nowhere.>"], ["ppu.governance"], ["x.>"]):
            assert field_of_error(subjects=subjects) == "body.subjects", subjects
        assert field_of_error(url="https://example.org/\x00") == "body.url"
        assert field_of_error(description="tab\there") == "body.description"
        assert field_of_error(since="2999-01-01T00:00:00Z") == "body.since"
        assert field_of_error(since="2026-01-01T00:00:00") == "body.since"  # no time zone
        assert field_of_error(secret="mine") == "body.secret"  # unknown fields are refused
        for malformed in ("nope", "whs_%00", "whs_" + "0" * 100):
            answer = client.get(f"{HOOKS}/{malformed}", headers=integrator)
            assert answer.status_code == 422, malformed

        scoped = auth_keys.headers("integrator", scopes=("events:economy",))
        narrowed = client.post(HOOKS, json={**body, "subjects": ["ppu.>"]}, headers=scoped)
        assert narrowed.json()["subjects"] == ["ppu.economy.>"]
        assert client.post(HOOKS, json=body, headers=scoped).status_code == 403
