"""The online portal's area (引导网上注册): a hall terminal's request of a verification code for
the card's person and phone, and its confirmation (signed); the administrator's counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from central.auth import AdminGate, Auth, answer
from central.platform import Platform


def router(platform: Platform, admin: AdminGate) -> APIRouter:
    router = APIRouter()

    @router.post("/v1/portal/enrolments")
    def enrol(auth: Auth) -> JSONResponse:
        """A verification code sent to the phone for the card's person ({id_number, name,
        phone, window}); answers the request to confirm (201)."""
        return answer(platform.enrol_start(auth[0], auth[1]))

    @router.post("/v1/portal/enrolments/{request}/confirm")
    def confirm(request: str, auth: Auth) -> JSONResponse:
        """The code ({code}): the person's portal account, created or bound to this phone."""
        return answer(platform.enrol_confirm(auth[0], request, auth[1]))

    @router.get("/v1/admin/portal/enrolments", dependencies=[Depends(admin)])
    def counts(hall: str = Query("", max_length=64)) -> dict[str, Any]:
        """Enrolments guided per hall and window (new accounts and bound ones)."""
        return platform.enrolment_counts(hall or None)

    return router
