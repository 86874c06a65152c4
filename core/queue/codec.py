"""JSON-ready dicts of the queue's things, for the hall server's store and the wire."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from core.queue.tickets import Category, Priority, QueuePolicy, Ticket, TicketState


def _at(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def ticket_to_dict(t: Ticket) -> dict[str, Any]:
    return {
        "number": t.number,
        "category": t.category,
        "day": t.day.isoformat(),
        "issued_at": t.issued_at.isoformat(),
        "issued_by": t.issued_by,
        "person": t.person,
        "priority": int(t.priority),
        "provisional": t.provisional,
        "state": t.state.value,
        "queued_at": t.queued_at.isoformat() if t.queued_at else None,
        "calls": [c.isoformat() for c in t.calls],
        "window": t.window,
        "served_at": t.served_at.isoformat() if t.served_at else None,
        "done_at": t.done_at.isoformat() if t.done_at else None,
        "application": t.application,
        "for_window": t.for_window,
        "clerk": t.clerk,
        "name": t.name,
        "appointment": t.appointment,
        "first_call": t.first_call.isoformat() if t.first_call else None,
    }


def ticket_from_dict(d: dict[str, Any]) -> Ticket:
    """Raises KeyError, ValueError or TypeError for a document that is not a ticket."""
    issued = _at(d["issued_at"])
    if issued is None or issued.tzinfo is None:
        raise ValueError("issued_at: an ISO time with its zone")
    return Ticket(
        number=str(d["number"]),
        category=str(d["category"]),
        day=date.fromisoformat(d["day"]),
        issued_at=issued,
        issued_by=str(d.get("issued_by", "")),
        person=str(d.get("person", "")),
        priority=Priority(int(d.get("priority", 0))),
        provisional=bool(d.get("provisional", False)),
        state=TicketState(d.get("state", TicketState.WAITING.value)),
        queued_at=_at(d.get("queued_at")),
        calls=tuple(c for c in (_at(x) for x in d.get("calls", ())) if c is not None),
        window=str(d.get("window", "")),
        served_at=_at(d.get("served_at")),
        done_at=_at(d.get("done_at")),
        application=str(d.get("application", "")),
        for_window=str(d.get("for_window", "")),
        clerk=str(d.get("clerk", "")),
        name=str(d.get("name", "")),
        appointment=str(d.get("appointment", "")),
        first_call=_at(d.get("first_call")),
    )


def category_to_dict(c: Category) -> dict[str, Any]:
    return {
        "letter": c.letter,
        "name": c.name,
        "themes": list(c.themes),
        "windows": list(c.windows),
        "opens": c.opens.isoformat(),
        "closes": c.closes.isoformat(),
        "daily_limit": c.daily_limit,
        "card_only": c.card_only,
    }


def category_from_dict(d: dict[str, Any]) -> Category:
    """Raises KeyError, ValueError or TypeError for a document that is not a category."""
    return Category(
        letter=str(d["letter"]),
        name=str(d["name"]),
        themes=tuple(str(x) for x in d.get("themes", ())),
        windows=tuple(str(x) for x in d.get("windows", ())),
        opens=time.fromisoformat(d.get("opens", "08:30")),
        closes=time.fromisoformat(d.get("closes", "17:30")),
        daily_limit=int(d.get("daily_limit", 300)),
        card_only=bool(d.get("card_only", False)),
    )


def policy_to_dict(p: QueuePolicy) -> dict[str, Any]:
    return {
        "elderly_age": p.elderly_age,
        "disabled_priority": p.disabled_priority,
        "service_member_priority": p.service_member_priority,
        "recall_gap_seconds": int(p.recall_gap.total_seconds()),
        "max_calls": p.max_calls,
        "requeue_behind": p.requeue_behind,
        "appointment_early_minutes": int(p.appointment_early.total_seconds() // 60),
        "appointment_late_minutes": int(p.appointment_late.total_seconds() // 60),
        "show_estimate": p.show_estimate,
        "show_names": p.show_names,
    }


def policy_from_dict(d: dict[str, Any]) -> QueuePolicy:
    behind = d.get("requeue_behind", 3)
    return QueuePolicy(
        elderly_age=int(d.get("elderly_age", 70)),
        disabled_priority=bool(d.get("disabled_priority", True)),
        service_member_priority=bool(d.get("service_member_priority", True)),
        recall_gap=timedelta(seconds=int(d.get("recall_gap_seconds", 120))),
        max_calls=int(d.get("max_calls", 3)),
        requeue_behind=None if behind is None else int(behind),
        appointment_early=timedelta(minutes=int(d.get("appointment_early_minutes", 30))),
        appointment_late=timedelta(minutes=int(d.get("appointment_late_minutes", 15))),
        show_estimate=bool(d.get("show_estimate", True)),
        show_names=bool(d.get("show_names", False)),
    )
