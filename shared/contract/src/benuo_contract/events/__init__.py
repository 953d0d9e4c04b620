"""Payload models of every pillar; importing this package registers them all."""

from benuo_contract.events import economy, governance, living, platform

__all__ = ["economy", "governance", "living", "platform"]
