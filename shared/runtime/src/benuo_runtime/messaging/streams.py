"""Idempotent JetStream provisioning: one stream per pillar, plus the dead-letter stream."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from benuo_contract import DLQ_STREAM, Pillar, event_types
from benuo_contract.subjects import DLQ_SUBJECT_PREFIX

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamSpec:
    name: str
    subjects: tuple[str, ...]
    description: str


def pillar_streams() -> list[StreamSpec]:
    """A stream for every pillar that has event types in the contract, and the DLQ."""
    pillars = sorted({entry.pillar for entry in event_types()})
    specs = [
        StreamSpec(pillar.stream, (pillar.wildcard,), f"Benuo {pillar.value} events")
        for pillar in pillars
    ]
    specs.append(
        StreamSpec(DLQ_STREAM, (f"{DLQ_SUBJECT_PREFIX}.>",), "Benuo dead letters, per consumer")
    )
    return specs


def stream_for_subject(subject: str) -> str:
    """The stream a ``ppu.<pillar>...`` subject is stored in."""
    pillar = subject.split(".")[1]
    return Pillar(pillar).stream


def stream_config(
    spec: StreamSpec, *, max_age_seconds: float, duplicate_window_seconds: float, replicas: int
) -> StreamConfig:
    return StreamConfig(
        name=spec.name,
        subjects=list(spec.subjects),
        description=spec.description,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        max_age=max_age_seconds,
        duplicate_window=duplicate_window_seconds,
        num_replicas=replicas,
        allow_direct=True,
    )


async def provision_streams(
    js: JetStreamContext,
    specs: list[StreamSpec],
    *,
    max_age_seconds: float,
    duplicate_window_seconds: float,
    replicas: int = 1,
) -> list[str]:
    """Create missing streams and bring existing ones to the wanted config.

    Safe to run from every replica at every start and from a deploy hook: running it twice
    changes nothing. Returns what it did, one line per stream.
    """
    report = []
    for spec in specs:
        config = stream_config(
            spec,
            max_age_seconds=max_age_seconds,
            duplicate_window_seconds=duplicate_window_seconds,
            replicas=replicas,
        )
        try:
            current = await js.stream_info(spec.name)
        except NotFoundError:
            await js.add_stream(config)
            report.append(f"{spec.name}: created")
            continue
        if _differs(current.config, config):
            await js.update_stream(config)
            report.append(f"{spec.name}: updated")
        else:
            report.append(f"{spec.name}: unchanged")
    for line in report:
        log.info("stream %s", line)
    return report


def _differs(current: StreamConfig, wanted: StreamConfig) -> bool:
    fields = ("subjects", "max_age", "duplicate_window", "num_replicas", "description")
    return any(getattr(current, name) != getattr(wanted, name) for name in fields)
