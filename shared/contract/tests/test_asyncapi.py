"""The committed AsyncAPI document and JSON Schemas are exactly what the code generates."""

from benuo_contract import build_asyncapi, event_types
from benuo_contract.__main__ import SCHEMA_DIR, rendered_files


def test_committed_documents_match_the_code() -> None:
    stale = []
    for path, text in rendered_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path.name)
    extra = {p.name for p in SCHEMA_DIR.glob("*.json")} - {
        p.name for p in rendered_files() if p.parent == SCHEMA_DIR
    }
    hint = "regenerate with `make contract`"
    assert not stale, f"{hint} (stale: {stale})"
    assert not extra, f"{hint} (extra: {sorted(extra)})"


def test_document_is_asyncapi_3_with_a_channel_and_message_per_type() -> None:
    document = build_asyncapi()
    assert document["asyncapi"] == "3.0.0"
    messages = document["components"]["messages"]
    for entry in event_types():
        message = messages[entry.name]
        assert message["payload"]["properties"]["type"]["const"] == entry.name
        channel = document["channels"][entry.subject.removeprefix("ppu.")]
        assert channel["address"] == entry.subject
        assert channel["messages"][entry.name] == {"$ref": f"#/components/messages/{entry.name}"}
    for operation in document["operations"].values():
        assert operation["action"] == "receive"
        assert operation["channel"]["$ref"].removeprefix("#/channels/") in document["channels"]


def test_every_reference_in_the_document_resolves() -> None:
    document = build_asyncapi()

    def refs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for item in node:
                yield from refs(item)

    for ref in refs(document):
        target = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        assert target is not None, ref
