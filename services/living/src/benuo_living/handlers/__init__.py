"""What the living service does with other pillars' events (one durable consumer each)."""
