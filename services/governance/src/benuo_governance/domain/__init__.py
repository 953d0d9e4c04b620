"""Governance rules as plain code: no FastAPI, SQL or NATS in here."""
