"""Benchmarks: scripts that print a report (never part of `make test`)."""
