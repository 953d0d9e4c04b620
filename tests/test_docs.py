"""The README's configuration tables name every setting a service reads."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
SERVICES = ["governance", "economy", "living", "gateway"]


def documented_variables() -> set[str]:
    names: set[str] = set()
    for line in README.read_text().splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


@pytest.mark.parametrize("service", SERVICES)
def test_every_setting_is_in_the_readme(service: str) -> None:
    settings = importlib.import_module(f"benuo_{service}.settings").Settings
    missing = sorted(
        name.upper() for name in settings.model_fields if name.upper() not in documented_variables()
    )
    assert not missing, f"add to README.md's configuration tables: {missing}"


def test_readme_gives_the_two_commands() -> None:
    text = README.read_text()
    assert "make run" in text
    assert "make test" in text
