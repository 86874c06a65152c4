"""The e-licence library's area (电子证照库): a terminal's query by holder for an item (signed),
and the administrator's licences and use log."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from central.auth import AdminGate, Auth, answer
from central.base import Answer, PlatformError
from central.platform import Platform
from core.elicence.licences import LicenceStatus


def router(platform: Platform, admin: AdminGate) -> APIRouter:
    router = APIRouter()

    @router.post("/v1/licences/query")
    def query(auth: Auth) -> JSONResponse:
        """The holder's licences for an item, with their annotated copies (授权用证): needs the
        application in progress, the purpose and the holder's authorisation; logged."""
        return answer(platform.query_licences(auth[0], auth[1]))

    @router.post("/v1/admin/licences", dependencies=[Depends(admin)])
    def add(doc: dict[str, Any]) -> JSONResponse:
        """A licence issued to a holder (the library's own; the demo city's are seeded)."""
        try:
            licence = platform.add_licence(
                str(doc["id_number"]),
                str(doc["type_name"]),
                str(doc["type_code"]),
                str(doc["issuer"]),
                str(doc["issuer_name"]),
                str(doc["serial"]),
                str(doc["number"]),
                holder_name=str(doc.get("holder_name", "")),
                valid_to=date.fromisoformat(doc["valid_to"]) if doc.get("valid_to") else None,
                status=LicenceStatus(doc.get("status", "valid")),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise PlatformError(422, f"not a licence: {e}") from None
        return answer(Answer(201, {"identifier": licence.identifier}))

    @router.get("/v1/admin/licences/uses", dependencies=[Depends(admin)])
    def uses() -> dict[str, Any]:
        """用证日志: every query — who, window, application, purpose, authorisation, answer."""
        return {"uses": platform.licence_uses()}

    return router
