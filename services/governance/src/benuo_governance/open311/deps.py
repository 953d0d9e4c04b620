"""What every Open311 route needs: the format, the jurisdiction, the form, the write check."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from benuo_governance.api.deps import SettingsDep
from benuo_governance.open311.errors import Open311Error
from benuo_governance.open311.render import Format
from benuo_governance.settings import Settings
from benuo_runtime.auth import Principal, Role

WRITE_SCOPE = "open311:write"


def response_format(fmt: str) -> Format:
    if fmt not in ("json", "xml"):
        raise Open311Error(404, f"Unknown format .{fmt}; use .json or .xml.")
    return "json" if fmt == "json" else "xml"


def _check_jurisdiction(given: object, settings: Settings) -> None:
    """jurisdiction_id is optional here (one jurisdiction), but a wrong one is an error."""
    if given and given != settings.open311_jurisdiction_id:
        raise Open311Error(404, f"jurisdiction_id {given} is not served here.")


def jurisdiction(request: Request, settings: SettingsDep) -> None:
    _check_jurisdiction(request.query_params.get("jurisdiction_id"), settings)


async def form_fields(request: Request, settings: SettingsDep) -> FormData:
    form = await request.form()
    _check_jurisdiction(form.get("jurisdiction_id"), settings)
    return form


FormatDep = Annotated[Format, Depends(response_format)]
FormDep = Annotated[FormData, Depends(form_fields)]
Scoped = [Depends(jurisdiction)]


def may_post(principal: Principal) -> bool:
    """The gateway checked the api_key; it sends an integrator or a signed-in user here."""
    return (
        not principal.is_anonymous
        or Role.INTEGRATOR in principal.roles
        or WRITE_SCOPE in principal.scopes
    )
