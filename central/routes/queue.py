"""The hall queue's area (取号 → 叫号): what the hall's kiosks and counters call, each request
signed — the queue's configuration and who waits, a ticket issued, a kiosk's block of numbers
and the tickets it issued while the server was away, a call and what follows it."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from central.auth import Auth, answer
from central.platform import Platform

ACTIONS = ("recall", "no-show", "serve", "finish", "transfer")


def router(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.get("/v1/queue")
    def queue(auth: Auth) -> JSONResponse:
        return answer(platform.queue(auth[0]))

    @router.post("/v1/queue/tickets")
    def issue_ticket(auth: Auth) -> JSONResponse:
        return answer(platform.issue_ticket(auth[0], auth[1]))

    @router.post("/v1/queue/blocks")
    def take_block(auth: Auth) -> JSONResponse:
        return answer(platform.take_block(auth[0], auth[1]))

    @router.post("/v1/queue/provisional")
    def take_provisional(auth: Auth) -> JSONResponse:
        return answer(platform.take_provisional(auth[0], auth[1]))

    @router.post("/v1/queue/call")
    def call_next(auth: Auth) -> JSONResponse:
        return answer(platform.call_next(auth[0], auth[1]))

    @router.post("/v1/queue/tickets/{number}/{action}")
    def ticket_action(number: str, action: str, auth: Auth) -> JSONResponse:
        return answer(platform.ticket_action(auth[0], number, action, auth[1]))

    return router
