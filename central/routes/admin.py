"""The admin area: terminals and their configuration, staff accounts, the platform's decisions on
applications, the implementing bodies' queues and the fleet — behind the admin token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from central.auth import AdminGate, answer
from central.base import PlatformError
from central.platform import Platform


def router(platform: Platform, admin: AdminGate) -> APIRouter:
    router = APIRouter()

    @router.put("/v1/admin/terminals/{terminal_id}/config", dependencies=[Depends(admin)])
    def set_terminal_config(terminal_id: str, doc: dict[str, Any]) -> JSONResponse:
        return answer(platform.set_config(terminal_id, doc))

    @router.put("/v1/admin/queue/{hall}", dependencies=[Depends(admin)])
    def set_queue(hall: str, doc: dict[str, Any]) -> JSONResponse:
        """A hall's queue: its categories (业务类别) and policy, pulled by its terminals."""
        return answer(platform.set_queue(hall, doc))

    @router.post("/v1/admin/queue/{hall}/appointments", dependencies=[Depends(admin)])
    def book_appointment(hall: str, doc: dict[str, Any]) -> JSONResponse:
        """An appointment (预约) booked for a person, a category and a slot — as the portal
        books them; the person's ID number is kept only as the hall server's digest."""
        return answer(platform.book_appointment(hall, doc))

    @router.get("/v1/admin/statistics/instant", dependencies=[Depends(admin)])
    def instant_statistics() -> dict[str, Any]:
        """即办: the share of the catalogue's items that are 即办件 (the seeds: ≥ 30 %) and of
        the applications received that the platform decided as they arrived (秒批)."""
        return platform.instant_statistics()

    @router.get("/v1/admin/queue/{hall}/statistics", dependencies=[Depends(admin)])
    def queue_statistics(hall: str, day: str = "") -> JSONResponse:
        """The day's tickets, waiting and service times per category, window, clerk, hour."""
        return answer(platform.queue_statistics(hall, day))

    @router.post("/v1/admin/terminals", dependencies=[Depends(admin)])
    def add_terminal(doc: dict[str, str]) -> dict[str, str]:
        tid = doc.get("id", "")
        if not tid or len(tid) > 32:
            raise PlatformError(422, "id required (at most 32 characters)")
        secret = platform.add_terminal(
            tid, doc.get("name", ""), doc.get("hall", ""), doc.get("role", "")
        )
        return {"id": tid, "secret": secret}

    @router.get("/v1/admin/staff", dependencies=[Depends(admin)])
    def list_staff() -> JSONResponse:
        return answer(platform.staff_list())

    @router.put("/v1/admin/staff/{number}", dependencies=[Depends(admin)])
    def put_staff(number: str, doc: dict[str, str]) -> dict[str, Any]:
        """Creates or replaces an account: name, role (clerk/agent/supervisor), hall, password."""
        return platform.add_staff(
            number,
            doc.get("name", ""),
            doc.get("role", ""),
            doc.get("password", ""),
            doc.get("hall", ""),
        )

    @router.delete("/v1/admin/staff/{number}", dependencies=[Depends(admin)])
    def disable_staff(number: str) -> dict[str, Any]:
        return platform.disable_staff(number)

    @router.post("/v1/admin/applications/{official_number}/status", dependencies=[Depends(admin)])
    def set_status(official_number: str, doc: dict[str, str]) -> JSONResponse:
        return answer(
            platform.set_status(official_number, doc.get("status", ""), doc.get("note", ""))
        )

    @router.post("/v1/admin/payments/{code}/paid", dependencies=[Depends(admin)])
    def payment_paid(code: str) -> JSONResponse:
        """The payment platform's notice that a payment code was paid (the reference
        platform's stand-in): the fiscal e-receipt's number is given, a 即办件 waiting for
        its fee is decided."""
        return answer(platform.mark_paid(code))

    @router.post("/v1/admin/applications/{official_number}/delivery", dependencies=[Depends(admin)])
    def set_delivery(official_number: str, doc: dict[str, str]) -> JSONResponse:
        """物流寄递: the carrier and tracking number of a result sent by post."""
        return answer(
            platform.set_delivery(official_number, doc.get("carrier", ""), doc.get("tracking", ""))
        )

    @router.get("/v1/admin/bodies", dependencies=[Depends(admin)])
    def bodies() -> JSONResponse:
        """Implementing bodies (实施主体) and how many applications each has to handle."""
        return answer(platform.bodies())

    @router.get("/v1/admin/bodies/{region_code}/queue", dependencies=[Depends(admin)])
    def body_queue(region_code: str, department: str = "") -> JSONResponse:
        """One body's queue of applications, oldest first (市县乡村联动)."""
        return answer(platform.body_queue(region_code, department))

    @router.get("/v1/admin/fleet", dependencies=[Depends(admin)])
    def fleet() -> JSONResponse:
        return answer(platform.fleet())

    @router.get("/v1/admin/counts", dependencies=[Depends(admin)])
    def counts() -> dict[str, int]:
        return platform.counts()

    return router
