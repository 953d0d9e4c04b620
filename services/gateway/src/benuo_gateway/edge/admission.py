"""Before anything is answered: who is calling, are they within their limits and scopes,
and may their read be answered from the cache."""

from __future__ import annotations

from benuo_gateway.domain import scopes
from benuo_gateway.domain.cache_policy import CacheRule
from benuo_gateway.domain.ratelimit import route_group
from benuo_gateway.domain.routing import Upstream
from benuo_gateway.edge.exchange import Exchange
from benuo_gateway.gateway import Gateway
from benuo_runtime.problems import ProblemError

_READS = frozenset({"GET", "HEAD"})


async def admit(gateway: Gateway, ex: Exchange, upstream: Upstream | None) -> None:
    """Identify the caller; ``ProblemError`` 401, 429 or 403 when they may not go on."""
    identity = await gateway.authenticator.identify(
        ex.header(b"authorization"), ex.header(b"x-api-key"), ex.client_ip
    )
    ex.identity = identity
    if gateway.settings.rate_limit_enabled:
        group = route_group(ex.method, ex.path)
        rate = gateway.rate_policy.rate_for(group, identity.kind)
        if rate is not None:
            decision = await gateway.rate_limiter.hit(f"{group}:{identity.rate_key}", rate)
            ex.extra_headers.extend(decision.headers())
            if not decision.allowed:
                raise ProblemError(
                    429,
                    f"Too many {group} requests: the limit is {rate.limit} per "
                    f"{rate.window_seconds} s; retry in {decision.reset_seconds} s.",
                    kind="rate-limited",
                )
    if (
        upstream is not None
        and identity.is_api_key
        and not scopes.grants(identity.principal.scopes, upstream.name, ex.method)
    ):
        wanted = scopes.required_scope(upstream.name, ex.method)
        raise ProblemError(
            403, f"This API key lacks the {wanted} scope.", kind="insufficient-scope"
        )


def cache_rule(gateway: Gateway, ex: Exchange, upstream: Upstream | None) -> CacheRule | None:
    """The rule to cache this exchange under, if it is a read whose answer is public."""
    if ex.method not in _READS or not gateway.settings.cache_enabled:
        return None
    rule = gateway.cache_policy.rule_for(ex.path, upstream)
    if rule is None or rule.shared_by_everyone:
        return rule
    anonymous = ex.identity is None or ex.identity.principal.is_anonymous
    return rule if anonymous else None
