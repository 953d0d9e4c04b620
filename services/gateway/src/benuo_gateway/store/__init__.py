"""State shared by the gateway's replicas (Redis), with per-process fallbacks."""
