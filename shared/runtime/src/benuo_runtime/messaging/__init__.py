"""Reliable messaging over NATS JetStream: outbox, relay, consumers, dead letters."""
