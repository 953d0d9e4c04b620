"""The gateway's rules as plain code: routing, breakers, limits, cache policy, merging. No I/O."""
