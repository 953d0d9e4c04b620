"""Use cases: load, apply the domain rules, write, emit. Callers own the transaction."""
