"""A minimal service built on the runtime, for the runtime's own end-to-end tests.

It accepts "requests" over HTTP (each write emits ``ppu.governance.request.created.v1``
through the outbox) and consumes the same events, recording one effect row per application.
Effects have no unique key on purpose: a duplicate application shows up as a second row.
"""
