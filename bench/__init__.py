"""Benchmarks: each module prints a report; run one with ``python -m bench.<name>``."""
