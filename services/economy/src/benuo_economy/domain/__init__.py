"""The economy pillar's rules as plain code: no FastAPI, SQL or NATS in here."""
