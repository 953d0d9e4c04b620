"""``benuo-contract write``: regenerate the committed AsyncAPI document and JSON Schemas."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benuo_contract.asyncapi import render_asyncapi
from benuo_contract.registry import event_types
from benuo_contract.schemas import standalone_schema

PACKAGE_DIR = Path(__file__).parent
ASYNCAPI_PATH = PACKAGE_DIR / "asyncapi.json"
SCHEMA_DIR = PACKAGE_DIR / "jsonschema"


def rendered_files() -> dict[Path, str]:
    """Every generated file with the text it should have."""
    files = {ASYNCAPI_PATH: render_asyncapi()}
    for entry in event_types():
        text = json.dumps(standalone_schema(entry), indent=2, ensure_ascii=False) + "\n"
        files[SCHEMA_DIR / f"{entry.name}.json"] = text
    return files


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["write"]:
        print("usage: benuo-contract write", file=sys.stderr)
        return 2
    SCHEMA_DIR.mkdir(exist_ok=True)
    expected = rendered_files()
    for stale in set(SCHEMA_DIR.glob("*.json")) - set(expected):
        stale.unlink()
    for path, text in expected.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(expected)} files under {PACKAGE_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
