"""The gateway's own routes (everything else is proxied by the edge)."""
