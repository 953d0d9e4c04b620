"""Read side: the queries behind the public GET routes (no writes, no events)."""
