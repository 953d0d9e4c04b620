"""Webhooks: subscriptions, their signed deliveries, and the dispatcher that makes them."""
