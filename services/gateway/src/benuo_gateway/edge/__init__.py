"""The front door's hot path, below FastAPI's routing: identify, limit, cache, proxy."""
