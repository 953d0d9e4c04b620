"""Benchmarks: scripts that print a report with figures. Never part of `make test`."""
