"""The HTTP side of a delivery, against a real receiver."""

from __future__ import annotations

from benuo_gateway.events.domain.signing import new_secret
from benuo_gateway.events.webhooks.sender import WebhookSender

from .receivers import Receiver


async def test_names_resolving_to_private_addresses_are_refused_before_any_request() -> None:
    receiver = Receiver().start()
    url = f"http://localhost:{receiver.port}/hook"  # passes no literal check: it must resolve
    secret = new_secret()
    refused = WebhookSender(url, secret, timeout=2, allow_private=False)
    allowed = WebhookSender(url, secret, timeout=2, allow_private=True)
    try:
        result = await refused.send("evt-1", b"{}")
        assert (result.ok, result.status_code) == (False, None)
        assert "host resolves to a non-public address" in (result.error or "")
        assert receiver.snapshot() == []

        result = await allowed.send("evt-1", b"{}")
        assert (result.ok, result.status_code) == (True, 204)
        assert len(receiver.snapshot()) == 1
    finally:
        await refused.close()
        await allowed.close()
        receiver.stop()
