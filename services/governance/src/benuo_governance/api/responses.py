"""Answering hot list endpoints with one serialisation pass."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Response
from pydantic import TypeAdapter


@cache
def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


def json_response(value: Any, shape: Any) -> Response:
    """``value`` as JSON, serialised once in pydantic's core.

    Returning the model instead makes FastAPI dump, validate and dump it again; routes that
    use this keep ``response_model=shape`` so the OpenAPI document still describes them.
    """
    return Response(_adapter(shape).dump_json(value), media_type="application/json")
