"""Which webhook URLs we deliver to.

http and https only, no credentials in the URL (they would end up in logs). Unless
private addresses are allowed (local development), loopback, private, link-local and
other non-public addresses are refused, both as written and as the host name resolves
at delivery time, so a webhook cannot be pointed at the platform's own network.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain")


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL if we may deliver to it; ValueError saying why not otherwise."""
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"The URL is longer than {MAX_URL_LENGTH} characters.")
    if any(character.isspace() or not character.isprintable() for character in url):
        raise ValueError("The URL has spaces or control characters; percent-encode them.")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError("Webhook URLs must start with http:// or https://.")
    if not parts.hostname:
        raise ValueError("The URL has no host.")
    if parts.username is not None or parts.password is not None:
        raise ValueError("Put no credentials in the URL; verify our signature instead.")
    if parts.fragment:
        raise ValueError("Webhook URLs take no #fragment.")
    try:
        _ = parts.port  # raises on a port out of range
    except ValueError:
        raise ValueError("The URL's port is not a valid port number.") from None
    if not allow_private and not host_is_public(parts.hostname):
        raise ValueError(f"{parts.hostname} is not a public address; webhooks go to the internet.")
    return url


def host_is_public(host: str) -> bool:
    """False for loopback/private literals and local-only names; names are checked again
    once resolved (see ``address_is_public``)."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(_LOCAL_SUFFIXES):
        return False
    try:
        return address_is_public(name)
    except ValueError:
        return True  # a DNS name: judged by what it resolves to, at delivery


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.strip("[]"))
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    return ip.is_global
