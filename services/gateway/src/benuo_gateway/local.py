"""Local sign-in: demo users for a laptop, and the instructions `make run` prints."""

from __future__ import annotations

from benuo_runtime.auth import Principal, Role

# The agencies (OPD) the governance service seeds. Governance lets an officer act only on the
# requests and permits of their own agencies, so a demo officer without any could do nothing.
GOVERNANCE_AGENCIES = frozenset(
    {
        "DISHUB", "DPUPR", "DLH", "BPBD", "PERUMDAM", "DISDUKCAPIL", "DINKES",
        "DISDIKBUD", "DISPERINDAG", "DISPORA", "DINSOS", "SATPOLPP", "DISKOMINFO", "DPMPTSP",
    }
)  # fmt: skip

DEMO_USERS: dict[str, Principal] = {
    "admin": Principal(subject="demo-admin", roles=frozenset({Role.ADMIN})),
    **{
        f"officer.{pillar}": Principal(
            subject=f"demo-officer-{pillar}",
            roles=frozenset({Role.OFFICER}),
            pillars=frozenset({pillar}),
            agencies=GOVERNANCE_AGENCIES if pillar == "governance" else frozenset(),
        )
        for pillar in ("governance", "economy", "living")
    },
    "citizen": Principal(subject="demo-citizen", roles=frozenset({Role.CITIZEN})),
    "citizen2": Principal(subject="demo-citizen-2", roles=frozenset({Role.CITIZEN})),
}
DEFAULT_DEMO_PASSWORD = "benuo-demo"  # noqa: S105 - a documented demo credential, local only


def sign_in_hint(base_url: str) -> str:
    """What the local runner prints: the demo users and how to get a token."""
    base = base_url.rstrip("/")
    users = ", ".join(DEMO_USERS)
    return (
        f"Sign in locally (demo users: {users}; password: {DEFAULT_DEMO_PASSWORD}, or "
        "LOCAL_DEMO_PASSWORD if set):\n"
        f"  TOKEN=$(curl -s -d username=officer.governance -d password={DEFAULT_DEMO_PASSWORD} "
        f"{base}/api/v1/auth/token | python3 -c 'import json,sys; print(json.load(sys.stdin)"
        '["access_token"])\')\n'
        f'  curl -H "Authorization: Bearer $TOKEN" {base}/api/v1/auth/me\n'
        f"Interactive docs (Authorize with the same user): {base}/docs"
    )
