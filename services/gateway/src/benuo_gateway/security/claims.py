"""The one place where an identity provider's claims become our ``Principal``.

Understood, in this order of precedence for roles:
- ``roles``: a list of role names (our local tokens, most providers' custom mappers);
- ``realm_access.roles`` and ``resource_access.<client>.roles`` (Keycloak);
- ``groups`` (providers that model roles as groups; a leading '/' is ignored).
A role written ``officer:<pillar>`` makes the caller an officer of that pillar. ``pillars`` and
``agencies`` claims (lists, or space-separated strings) add pillars and agencies; ``scope`` or
``scp`` give scopes. Names we do not know (``offline_access``...) are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from benuo_runtime.auth import Principal, Role

_ROLES = {role.value: role for role in Role}


def principal_from_claims(claims: dict[str, Any], *, client_id: str | None = None) -> Principal:
    names = [
        *_strings(claims.get("roles")),
        *_strings(claims.get("realm_access", {}).get("roles")),
        *_strings(claims.get("groups")),
    ]
    if client_id:
        client = claims.get("resource_access", {}).get(client_id, {})
        names += _strings(client.get("roles"))
    roles: set[Role] = set()
    pillars = set(_strings(claims.get("pillars")))
    for name in (name.lstrip("/").lower() for name in names):
        role_name, _, pillar = name.partition(":")
        role = _ROLES.get(role_name)
        if role is None:
            continue
        roles.add(role)
        if role is Role.OFFICER and pillar:
            pillars.add(pillar)
    return Principal(
        subject=str(claims["sub"]),
        roles=frozenset(roles),
        pillars=frozenset(pillars),
        agencies=frozenset(_strings(claims.get("agencies"))),
        scopes=frozenset(_strings(claims.get("scope") or claims.get("scp"))),
    )


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, Iterable):
        return [str(item) for item in value]
    return []
