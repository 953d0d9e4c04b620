"""The local signing key: the gateway signs internal tokens, services verify them."""

from __future__ import annotations

import json
from pathlib import Path

from benuo_runtime.auth import TokenIssuer, generate_signing_key


def ensure_local_keys(directory: Path) -> tuple[Path, Path]:
    """(private key PEM, public JWKS) under ``directory``, created on first use."""
    directory.mkdir(parents=True, exist_ok=True)
    private, jwks = directory / "signing.pem", directory / "jwks.json"
    if not private.exists():
        private.write_bytes(generate_signing_key())
        private.chmod(0o600)
    issuer = TokenIssuer(private.read_bytes(), issuer="benuo-gateway", audience="benuo-services")
    jwks.write_text(json.dumps(issuer.jwks(), indent=2))
    return private, jwks
