"""``make bench``: list the benchmarks."""

import pkgutil
from pathlib import Path

print("Benchmarks (run one with `uv run python -m bench.<name>`):")
for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)])):
    if not module.name.startswith("_"):
        print(f"  bench.{module.name}")
