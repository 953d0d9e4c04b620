"""One OpenAPI document: the gateway's own operations plus each upstream's public API."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from benuo_gateway.domain.routing import RouteTable

_SCHEMA_REF = "#/components/schemas/"
OPTIONAL_AUTH: list[dict[str, list[str]]] = [{}, {"bearer": []}, {"apiKey": []}]


def merge_openapi(
    gateway: Mapping[str, Any], upstreams: Mapping[str, Mapping[str, Any]], routes: RouteTable
) -> dict[str, Any]:
    """Add each upstream's paths that the gateway routes to it; schema names that clash with a
    different schema are prefixed with the upstream's name (and every reference follows)."""
    merged = copy.deepcopy(dict(gateway))
    paths: dict[str, Any] = merged.setdefault("paths", {})
    components: dict[str, Any] = merged.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    tags: list[dict[str, Any]] = merged.setdefault("tags", [])
    for name, document in sorted(upstreams.items()):
        upstream_schemas = document.get("components", {}).get("schemas", {})
        renames = {
            schema: f"{name.capitalize()}{schema}"
            for schema, body in upstream_schemas.items()
            if schema in schemas and schemas[schema] != body
        }
        document = _rename_refs(copy.deepcopy(dict(document)), renames)
        for schema, body in document.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(schema, schema)] = body
        for path, item in document.get("paths", {}).items():
            routed = routes.match(path)
            if routed is None or routed.name != name or path in paths:
                continue
            paths[path] = {method: _tagged(op, name) for method, op in item.items()}
        if not any(tag.get("name") == name for tag in tags):
            tags.append({"name": name, "description": f"The {name} service, through the gateway."})
    return merged


def _tagged(operation: Any, upstream: str) -> Any:
    if not isinstance(operation, dict):
        return operation
    operation.setdefault("tags", [upstream])
    operation.setdefault("security", OPTIONAL_AUTH)
    return operation


def _rename_refs(node: Any, renames: Mapping[str, str]) -> Any:
    if not renames:
        return node
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            target = ref.removeprefix(_SCHEMA_REF)
            node["$ref"] = _SCHEMA_REF + renames.get(target, target)
        for key, value in node.items():
            node[key] = _rename_refs(value, renames)
    elif isinstance(node, list):
        return [_rename_refs(item, renames) for item in node]
    return node
