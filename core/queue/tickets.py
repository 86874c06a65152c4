"""Tickets and the rules of calling them.

Who may take a ticket (one per person per category while it waits; within the category's
hours and daily limit), the order tickets are called in (a checked-in appointment first, then
the priorities the hall enables — elderly people by the card's birth date, disabled people,
service members — then the time the ticket joined the queue), a recall only after a gap, a
no-show after so many calls (requeued behind K people, or dropped, as the hall chooses), and a
transfer that keeps the ticket's place. Each ticket keeps its times: waiting is the first call
less the ticket's time (TheQ), service the end less the start.

Rules only: the hall server keeps the tickets and applies these; the counter and the kiosk ask.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from core.clock import CST
from core.errors import ValidationError
from core.messages import tr
from core.queue.numbers import hall_day


class Priority(enum.IntEnum):
    """Who is called before whom (higher first); the hall enables each kind."""

    NONE = 0
    SERVICE_MEMBER = 1  # 军人依法优先
    DISABLED = 2  # 残疾人
    ELDERLY = 3  # 老年人 (适老化): age from the card's birth date
    APPOINTMENT = 4  # 预约签到 within its window: called first


class TicketState(enum.Enum):
    WAITING = "waiting"
    CALLED = "called"  # called, not yet at the window
    SERVING = "serving"  # at the window (the acceptance that follows)
    DONE = "done"
    MISSED = "missed"  # no-show after the last call, dropped
    CANCELLED = "cancelled"

    @property
    def open(self) -> bool:
        """Still in the hall's queue (a person may not take another of its category)."""
        return self in (TicketState.WAITING, TicketState.CALLED)


@dataclass(frozen=True, slots=True)
class Category:
    """业务类别: a letter, a name, what belongs to it and who serves it."""

    letter: str  # A, B … : the tickets' prefix
    name: str  # 户籍证件, 社保医保 …
    themes: tuple[str, ...] = ()  # catalogue themes whose items belong here
    windows: tuple[str, ...] = ()  # windows that serve it
    opens: time = time(8, 30)
    closes: time = time(17, 30)
    daily_limit: int = 300
    card_only: bool = False  # a ticket only with an ID card read (else also without one)

    def __post_init__(self) -> None:
        if len(self.letter) != 1 or not self.letter.isascii() or not self.letter.isupper():
            raise ValueError(f"a category's letter is one capital letter, not {self.letter!r}")


@dataclass(frozen=True, slots=True)
class QueuePolicy:
    """What the hall chooses (configured on central, pulled by its terminals)."""

    elderly_age: int = 70  # 0: no priority for age
    disabled_priority: bool = True
    service_member_priority: bool = True
    recall_gap: timedelta = timedelta(minutes=2)  # a recall not before this since the last call
    max_calls: int = 3  # then the ticket is missed (ZMS: callCountMax 3)
    requeue_behind: int | None = 3  # a no-show goes back behind K waiting (None: dropped)
    appointment_early: timedelta = timedelta(minutes=30)  # check-in window around the slot
    appointment_late: timedelta = timedelta(minutes=15)
    show_estimate: bool = True  # tickets and the kiosk say how long the wait may be
    show_names: bool = False  # the display shows the caller's masked name (张*)


@dataclass(frozen=True, slots=True)
class Ticket:
    number: str  # A012
    category: str  # its letter
    day: date
    issued_at: datetime
    issued_by: str  # the hall server, or the kiosk that issued it offline
    person: str = ""  # a keyed digest of the ID number ("" without a card): one per person
    priority: Priority = Priority.NONE
    provisional: bool = False  # issued by a kiosk while the server was away
    state: TicketState = TicketState.WAITING
    queued_at: datetime | None = None  # its place in the queue (a requeue moves it)
    calls: tuple[datetime, ...] = ()  # the calls since it last waited
    window: str = ""
    served_at: datetime | None = None
    done_at: datetime | None = None
    application: str = ""  # the application the acceptance made, once made
    for_window: str = ""  # transferred to one window: only it calls the ticket
    clerk: str = ""  # the staff number of who called it (the statistics per clerk)
    name: str = ""  # the masked name (张*), kept only where the hall shows names
    appointment: str = ""  # the appointment it checked in for (预约签到)
    first_call: datetime | None = None  # kept through a requeue or a transfer

    @property
    def place(self) -> datetime:
        return self.queued_at or self.issued_at

    @property
    def waited(self) -> timedelta | None:
        """Waiting time: the first call less the ticket's time (None until called)."""
        first = self.first_call or (self.calls[0] if self.calls else None)
        return first - self.issued_at if first else None

    @property
    def service_time(self) -> timedelta | None:
        if self.served_at is None or self.done_at is None:
            return None
        return self.done_at - self.served_at


class QueueRefused(ValidationError):
    default_user_message = tr("暂时无法取号，请咨询工作人员。")


def age_on(birth: date, day: date) -> int:
    """Whole years from ``birth`` to ``day`` (a birthday on 29 February counts on 1 March)."""
    years = day.year - birth.year
    return years - ((day.month, day.day) < (birth.month, birth.day))


def priority_for(
    policy: QueuePolicy,
    *,
    birth: date | None = None,
    today: date | None = None,
    disabled: bool = False,
    service_member: bool = False,
) -> Priority:
    """The priority a person's ticket carries, as the hall enables them (the highest one)."""
    if (
        policy.elderly_age
        and birth is not None
        and today is not None
        and age_on(birth, today) >= policy.elderly_age
    ):
        return Priority.ELDERLY
    if disabled and policy.disabled_priority:
        return Priority.DISABLED
    if service_member and policy.service_member_priority:
        return Priority.SERVICE_MEMBER
    return Priority.NONE


def check_issue(category: Category, person: str, tickets: Iterable[Ticket], now: datetime) -> None:
    """Raises :class:`QueueRefused` (with the reason, in the citizen's words) when a ticket of
    ``category`` may not be issued to ``person`` now: outside the hours, the day's limit
    reached, or one of theirs still waiting in it."""
    day = hall_day(now)
    today = [t for t in tickets if t.category == category.letter and t.day == day]
    check_issue_counted(
        category,
        now,
        issued=len(today),
        holding=bool(person) and any(t.person == person and t.state.open for t in today),
    )


def check_issue_counted(category: Category, now: datetime, *, issued: int, holding: bool) -> None:
    """:func:`check_issue` on what a store counts: ``issued`` tickets of the category today,
    and whether the person ``holding`` one still waiting or called in it."""
    local = now.astimezone(CST)
    if not category.opens <= local.time() < category.closes:
        raise QueueRefused(
            f"{category.letter} closed at {local.time()}",
            user_message=tr(
                "“{name}”取号时间为{opens}至{closes}。",
                name=category.name,
                opens=category.opens.strftime("%H:%M"),
                closes=category.closes.strftime("%H:%M"),
            ),
        )
    if issued >= category.daily_limit:
        raise QueueRefused(
            f"{category.letter} limit {category.daily_limit}",
            user_message=tr("“{name}”今日号源已发完，请明日再来或预约。", name=category.name),
        )
    if holding:
        raise QueueRefused(
            f"{category.letter} one per person",
            user_message=tr("您已有一张“{name}”的排队号，请留意叫号。", name=category.name),
        )


def served_by(categories: Iterable[Category], window: str) -> list[str]:
    """The letters a window calls: the categories naming it, and those naming no window (any
    window of the hall serves them)."""
    return [c.letter for c in categories if not c.windows or window in c.windows]


def call_order(ticket: Ticket) -> tuple[int, datetime]:
    """The key tickets are called by: priority first (an appointment highest), then place."""
    return (-int(ticket.priority), ticket.place)


def waiting(
    tickets: Iterable[Ticket], categories: Sequence[str], window: str | None = None
) -> list[Ticket]:
    """The waiting tickets of ``categories`` in the order they will be called — by
    ``window`` when given (a ticket transferred to another window is not its to call)."""
    chosen = [
        t
        for t in tickets
        if t.state is TicketState.WAITING
        and t.category in categories
        and (window is None or t.for_window in ("", window))
    ]
    return sorted(chosen, key=call_order)


def next_ticket(
    tickets: Iterable[Ticket], categories: Sequence[str], window: str | None = None
) -> Ticket | None:
    """The ticket ``window`` serving ``categories`` calls next (None: nobody waits)."""
    queue = waiting(tickets, categories, window)
    return queue[0] if queue else None


def people_ahead(ticket: Ticket, tickets: Iterable[Ticket]) -> int:
    """Waiting tickets of its category called before it (what its ticket prints)."""
    return sum(
        1
        for t in waiting(tickets, (ticket.category,))
        if t.number != ticket.number and call_order(t) < call_order(ticket)
    )


def call(ticket: Ticket, window: str, now: datetime, clerk: str = "") -> Ticket:
    """叫号: a waiting ticket called to ``window`` (by ``clerk``). A ticket called before (a
    no-show requeued, a transfer) keeps its first call — its waiting time is the first wait —
    and its calls count again from one."""
    if ticket.state is not TicketState.WAITING:
        raise QueueRefused(f"{ticket.number} is {ticket.state.value}")
    if ticket.for_window and ticket.for_window != window:
        raise QueueRefused(f"{ticket.number} is for {ticket.for_window}")
    return replace(
        ticket,
        state=TicketState.CALLED,
        window=window,
        calls=(now,),
        first_call=ticket.first_call or now,
        clerk=clerk or ticket.clerk,
    )


def recall(ticket: Ticket, now: datetime, policy: QueuePolicy) -> Ticket:
    """重呼: the called ticket again, not before the gap since its last call; past the last
    call it is a no-show (:func:`no_show`)."""
    if ticket.state is not TicketState.CALLED:
        raise QueueRefused(f"{ticket.number} is {ticket.state.value}")
    since = now - ticket.calls[-1]
    if since < policy.recall_gap:
        left = int((policy.recall_gap - since).total_seconds()) + 1
        raise QueueRefused(
            f"{ticket.number} recalled {since} after its call",
            user_message=tr("刚刚已呼叫，请{n}秒后再重呼。", n=left),
        )
    if len(ticket.calls) >= policy.max_calls:
        raise QueueRefused(
            f"{ticket.number} called {len(ticket.calls)} times",
            user_message=tr("已呼叫{n}次，请标记为过号。", n=len(ticket.calls)),
        )
    return replace(ticket, calls=(*ticket.calls, now))


def no_show(ticket: Ticket, tickets: Iterable[Ticket], policy: QueuePolicy) -> Ticket:
    """过号: the called person did not come. Requeued behind ``policy.requeue_behind`` waiting
    people of its category (its place just after theirs), or dropped as missed."""
    if ticket.state is not TicketState.CALLED:
        raise QueueRefused(f"{ticket.number} is {ticket.state.value}")
    if policy.requeue_behind is None:
        return replace(ticket, state=TicketState.MISSED)
    queue = waiting(tickets, (ticket.category,))
    ahead = queue[: policy.requeue_behind]
    place = (ahead[-1].place if ahead else ticket.place) + timedelta(microseconds=1)
    return replace(
        ticket,
        state=TicketState.WAITING,
        queued_at=max(place, ticket.place),
        window="",
        priority=Priority.NONE,  # a place given back, not a priority kept
    )


def serve(ticket: Ticket, now: datetime) -> Ticket:
    """The called person is at the window: the service starts."""
    if ticket.state is not TicketState.CALLED:
        raise QueueRefused(f"{ticket.number} is {ticket.state.value}")
    return replace(ticket, state=TicketState.SERVING, served_at=now)


def finish(ticket: Ticket, now: datetime, application: str = "") -> Ticket:
    """The service ended (and the application it made, if any)."""
    if ticket.state is not TicketState.SERVING:
        raise QueueRefused(f"{ticket.number} is {ticket.state.value}")
    return replace(ticket, state=TicketState.DONE, done_at=now, application=application)


def transfer(ticket: Ticket, category: Category, window: str = "") -> Ticket:
    """转移: to another category (and, when given, to one of its windows alone), keeping its
    place — the person has waited already — and its number, which the display shows with the
    window that calls it next."""
    if ticket.state not in (TicketState.CALLED, TicketState.SERVING, TicketState.WAITING):
        raise QueueRefused(f"{ticket.number} is {ticket.state.value}")
    if window and category.windows and window not in category.windows:
        raise QueueRefused(
            f"{window} does not serve {category.letter}",
            user_message=tr("{window}不办理“{name}”。", window=window, name=category.name),
        )
    return replace(
        ticket,
        category=category.letter,
        state=TicketState.WAITING,
        window="",
        for_window=window,
        served_at=None,
    )


def category_for(categories: Iterable[Category], theme: str) -> Category | None:
    """The category a service item of catalogue ``theme`` is queued in (取号 from a search)."""
    return next((c for c in categories if theme and theme in c.themes), None)


@dataclass(frozen=True, slots=True)
class Appointment:
    """预约: a slot booked on the platform for a person and a category."""

    reference: str
    category: str
    person: str
    slot: datetime
    checked_in: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def check_in(appointment: Appointment, now: datetime, policy: QueuePolicy) -> None:
    """预约签到 is open from ``appointment_early`` before the slot to ``appointment_late``
    after it; raises :class:`QueueRefused` saying when otherwise."""
    if appointment.checked_in:
        raise QueueRefused(
            f"{appointment.reference} checked in", user_message=tr("该预约已签到，请留意叫号。")
        )
    opens = appointment.slot - policy.appointment_early
    closes = appointment.slot + policy.appointment_late
    if now < opens:
        raise QueueRefused(
            f"{appointment.reference} too early",
            user_message=tr(
                "预约时间为{at}，请于{opens}后签到。",
                at=appointment.slot.astimezone(CST).strftime("%H:%M"),
                opens=opens.astimezone(CST).strftime("%H:%M"),
            ),
        )
    if now > closes:
        raise QueueRefused(
            f"{appointment.reference} too late",
            user_message=tr("已超过预约签到时间，请取普通号排队。"),
        )
