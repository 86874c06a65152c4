"""The hall queue's rules (issue 23): numbering in disjoint blocks reset at China midnight,
who may take a ticket, the call order, recall and no-show, transfer, appointments, the
estimate and what the display says."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.clock import CST
from core.queue.estimate import estimate_wait, said
from core.queue.numbers import (
    LAST_NUMBER,
    NumberBlock,
    NumbersExhausted,
    allocate,
    hall_day,
    overlapping,
    ticket_number,
)
from core.queue.speech import call_caption, call_speech, spoken_number
from core.queue.tickets import (
    Appointment,
    Category,
    Priority,
    QueuePolicy,
    QueueRefused,
    Ticket,
    TicketState,
    call,
    check_in,
    check_issue,
    finish,
    next_ticket,
    no_show,
    people_ahead,
    priority_for,
    recall,
    serve,
    transfer,
    waiting,
)

DAY = date(2026, 12, 5)
A = Category("A", "户籍证件", windows=("1号窗口", "2号窗口"))
B = Category("B", "社保医保")
POLICY = QueuePolicy()


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 12, 5, hour, minute, second, tzinfo=CST)


def ticket(n: int, issued: datetime, **kw: object) -> Ticket:
    values: dict[str, object] = {
        "number": ticket_number("A", n),
        "category": "A",
        "day": hall_day(issued),
        "issued_at": issued,
        "issued_by": "hall",
    }
    values.update(kw)
    return Ticket(**values)  # type: ignore[arg-type]


# -- numbers -----------------------------------------------------------------------------------


def test_the_day_is_chinas_whatever_the_machines_zone() -> None:
    assert hall_day(datetime(2026, 12, 5, 23, 59, tzinfo=CST)) == date(2026, 12, 5)
    assert hall_day(datetime(2026, 12, 6, 0, 0, tzinfo=CST)) == date(2026, 12, 6)
    # 16:00 UTC is midnight in Beijing: the numbers start again then, not at UTC midnight
    assert hall_day(datetime(2026, 12, 5, 16, 0, tzinfo=UTC)) == date(2026, 12, 6)
    assert hall_day(datetime(2026, 12, 5, 15, 59, tzinfo=UTC)) == date(2026, 12, 5)
    with pytest.raises(ValueError, match="time zone"):
        hall_day(datetime(2026, 12, 5, 12, 0))  # the naive moment refused


def test_numbers_are_a_letter_and_three_digits() -> None:
    assert ticket_number("A", 12) == "A012"
    assert ticket_number("C", 999) == "C999"
    with pytest.raises(ValueError, match="1–999"):
        ticket_number("A", 0)
    with pytest.raises(ValueError, match="1–999"):
        ticket_number("A", 1000)


def test_blocks_follow_each_other_per_category_and_day() -> None:
    kiosk = allocate([], "A", DAY, "K0001")  # a kiosk asks first, before any ticket
    first = allocate([kiosk], "A", DAY, "hall")
    second = allocate([kiosk, first], "A", DAY, "K0002")
    other = allocate([first, kiosk], "B", DAY, "K0001")
    tomorrow = allocate([first, kiosk, other], "A", DAY + timedelta(days=1), "hall")
    assert (first.first, first.last) == (1, 50)  # the server's own count up from 1
    assert (kiosk.first, kiosk.last) == (950, 999)  # the kiosks' down from 999
    assert (second.first, second.last) == (900, 949)
    assert (other.first, tomorrow.first) == (950, 1)  # each category and each day anew
    assert first.next_after(0) == 1
    assert first.next_after(49) == 50
    assert first.next_after(50) is None  # used up: the holder asks for another block


def test_the_last_block_stops_at_999_and_then_none_is_left() -> None:
    blocks: list[NumberBlock] = []
    for _ in range(3):
        blocks.append(allocate(blocks, "A", DAY, "hall", size=400))
    with pytest.raises(NumbersExhausted) as none_left:
        allocate(blocks, "A", DAY, "hall", size=400)
    assert "号码已发完" in none_left.value.user_message
    assert [(b.first, b.last) for b in blocks] == [(1, 400), (401, 800), (801, LAST_NUMBER)]
    # the server's blocks and the kiosks' meet in the middle, never overlapping
    meeting = [allocate([], "B", DAY, "K0001", size=600)]
    meeting.append(allocate(meeting, "B", DAY, "hall", size=600))
    assert [(b.first, b.last) for b in meeting] == [(400, 999), (1, 399)]
    with pytest.raises(NumbersExhausted):
        allocate(meeting, "B", DAY, "K0002")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["hall", "K0001", "K0002", "K0003"]),
            st.sampled_from(["A", "B"]),
            st.integers(0, 1),
            st.integers(1, 120),  # block size
            st.integers(0, 150),  # tickets issued from it
        ),
        max_size=40,
    )
)
def test_no_number_is_ever_issued_twice(plan: list[tuple[str, str, int, int, int]]) -> None:
    """Whoever asks for blocks in whatever order, each issuing what it can from them: every
    number of a category and day is issued once at most."""
    blocks: list[NumberBlock] = []
    issued: list[tuple[str, date, int]] = []
    for holder, category, day_offset, size, count in plan:
        day = DAY + timedelta(days=day_offset)
        try:
            block = allocate(blocks, category, day, holder, size)
        except NumbersExhausted:
            continue
        blocks.append(block)
        last = 0
        for _ in range(count):
            n = block.next_after(last)
            if n is None:
                break
            issued.append((category, day, n))
            last = n
    assert overlapping(blocks) == []
    assert len(issued) == len(set(issued))


# -- who may take a ticket -------------------------------------------------------------------


def test_one_ticket_per_person_per_category_while_it_waits() -> None:
    first = ticket(1, at(9), person="p1")
    check_issue(B, "p1", [first], at(9, 5))  # another category: fine
    check_issue(A, "p2", [first], at(9, 5))  # another person: fine
    check_issue(A, "", [first], at(9, 5))  # without a card nobody is recognised
    with pytest.raises(QueueRefused) as refused:
        check_issue(A, "p1", [first], at(9, 5))
    assert "您已有一张“户籍证件”的排队号" in refused.value.user_message
    served = finish(serve(call(first, "1号窗口", at(9, 10)), at(9, 11)), at(9, 20))
    check_issue(A, "p1", [served], at(9, 30))  # served: a new matter, a new ticket
    yesterday = ticket(1, at(9) - timedelta(days=1), person="p1")
    check_issue(A, "p1", [yesterday], at(9, 5))  # yesterday's ticket is not today's


def test_tickets_only_in_opening_hours_and_within_the_days_limit() -> None:
    with pytest.raises(QueueRefused) as refused:
        check_issue(A, "", [], at(8, 29))
    assert "08:30至17:30" in refused.value.user_message
    check_issue(A, "", [], at(8, 30))
    with pytest.raises(QueueRefused):
        check_issue(A, "", [], at(17, 30))
    small = Category("A", "户籍证件", daily_limit=2)
    issued = [ticket(1, at(9)), ticket(2, at(9, 1))]
    with pytest.raises(QueueRefused) as refused:
        check_issue(small, "", issued, at(9, 2))
    assert "今日号源已发完" in refused.value.user_message


def test_priority_by_age_from_the_birth_date_and_as_the_hall_enables() -> None:
    birth = date(1956, 12, 5)
    assert priority_for(POLICY, birth=birth, today=date(2026, 12, 5)) is Priority.ELDERLY
    assert priority_for(POLICY, birth=birth, today=date(2026, 12, 4)) is Priority.NONE  # 69
    leap = date(1956, 2, 29)
    assert priority_for(POLICY, birth=leap, today=date(2026, 2, 28)) is Priority.NONE
    assert priority_for(POLICY, birth=leap, today=date(2026, 3, 1)) is Priority.ELDERLY
    assert priority_for(POLICY, disabled=True) is Priority.DISABLED
    assert priority_for(POLICY, service_member=True) is Priority.SERVICE_MEMBER
    off = QueuePolicy(elderly_age=0, disabled_priority=False, service_member_priority=False)
    everyone = {"birth": birth, "today": DAY, "disabled": True, "service_member": True}
    assert priority_for(off, **everyone) is Priority.NONE  # type: ignore[arg-type]


# -- calling ---------------------------------------------------------------------------------


def test_appointments_then_priority_then_time() -> None:
    early = ticket(1, at(9))
    elder = ticket(2, at(9, 5), priority=Priority.ELDERLY)
    booked = ticket(3, at(9, 10), priority=Priority.APPOINTMENT)
    later = ticket(4, at(9, 15))
    other = ticket(1, at(8, 50), category="B", number="B001")
    queue = [later, early, other, elder, booked]
    assert [t.number for t in waiting(queue, ("A",))] == ["A003", "A002", "A001", "A004"]
    assert next_ticket(queue, ("B",)) is other
    assert next_ticket(queue, ("A", "B")) is booked
    assert next_ticket([], ("A",)) is None
    assert people_ahead(later, queue) == 3
    assert people_ahead(booked, queue) == 0


def test_recall_waits_for_its_gap_and_stops_at_the_last_call() -> None:
    called = call(ticket(1, at(9)), "1号窗口", at(9, 10))
    assert called.state is TicketState.CALLED
    assert called.waited == timedelta(minutes=10)  # waiting: first call less the ticket's time
    with pytest.raises(QueueRefused) as refused:
        recall(called, at(9, 11), POLICY)
    assert "秒后再重呼" in refused.value.user_message
    twice = recall(called, at(9, 12), POLICY)
    thrice = recall(twice, at(9, 14), POLICY)
    assert len(thrice.calls) == 3
    assert thrice.waited == timedelta(minutes=10)  # the first call counts
    with pytest.raises(QueueRefused) as refused:
        recall(thrice, at(9, 20), POLICY)
    assert "过号" in refused.value.user_message
    with pytest.raises(QueueRefused):
        call(called, "2号窗口", at(9, 15))  # called already


def test_a_no_show_goes_back_behind_k_people_or_is_dropped() -> None:
    missed = call(ticket(1, at(9), priority=Priority.ELDERLY), "1号窗口", at(9, 30))
    others = [ticket(n, at(9, n)) for n in range(2, 8)]
    back = no_show(missed, others, POLICY)
    assert back.state is TicketState.WAITING
    order = [t.number for t in waiting([*others, back], ("A",))]
    assert order.index("A001") == 3  # behind three waiting people
    assert back.priority is Priority.NONE
    few = no_show(missed, others[:1], POLICY)
    assert [t.number for t in waiting([others[0], few], ("A",))] == ["A002", "A001"]
    dropped = no_show(missed, others, QueuePolicy(requeue_behind=None))
    assert dropped.state is TicketState.MISSED
    assert not dropped.state.open
    # called again after the requeue: its calls count from one, its wait is the first one
    again = call(back, "2号窗口", at(10))
    assert len(again.calls) == 1
    assert again.waited == timedelta(minutes=30)


def test_a_transfer_keeps_its_place_in_the_new_category() -> None:
    first = call(ticket(1, at(9)), "1号窗口", at(9, 10))
    moved = transfer(first, B)
    b_queue = [ticket(5, at(9, 5), category="B", number="B005"), moved]
    assert [t.number for t in waiting(b_queue, ("B",))] == ["A001", "B005"]
    assert moved.window == ""
    assert moved.waited == timedelta(minutes=10)
    # to one window of the category alone: only it calls the ticket
    only = transfer(first, A, "2号窗口")
    assert next_ticket([only], ("A",), "1号窗口") is None
    assert next_ticket([only], ("A",), "2号窗口") == only
    with pytest.raises(QueueRefused):
        call(only, "1号窗口", at(9, 20))
    with pytest.raises(QueueRefused) as refused:
        transfer(first, A, "9号窗口")
    assert "9号窗口不办理“户籍证件”" in refused.value.user_message


def test_a_ticket_is_followed_by_its_code_or_its_number() -> None:
    from core.queue.numbers import follow_code, parse_follow_code

    assert follow_code(date(2026, 12, 5), "A012") == "Q20261205A012"
    assert parse_follow_code("q20261205a012") == (date(2026, 12, 5), "A012")
    assert parse_follow_code(" A012 ") == (None, "A012")
    for not_a_ticket in ("Q20261399A012", "K0001-261205-ABCDEF", "A12", "AB012", ""):
        assert parse_follow_code(not_a_ticket) is None


def test_service_times_are_kept() -> None:
    served = serve(call(ticket(1, at(9)), "1号窗口", at(9, 10)), at(9, 11))
    done = finish(served, at(9, 23), application="K0001-261205-ABCDEF")
    assert done.service_time == timedelta(minutes=12)
    assert done.application == "K0001-261205-ABCDEF"
    with pytest.raises(QueueRefused):
        finish(done, at(9, 30))


def test_an_appointment_checks_in_within_its_window() -> None:
    booked = Appointment("Y20261205001", "A", "p1", at(10))
    check_in(booked, at(9, 30), POLICY)
    check_in(booked, at(10, 15), POLICY)
    with pytest.raises(QueueRefused) as early:
        check_in(booked, at(9, 29), POLICY)
    assert "请于09:30后签到" in early.value.user_message
    with pytest.raises(QueueRefused) as late:
        check_in(booked, at(10, 16), POLICY)
    assert "取普通号" in late.value.user_message


# -- estimate and display --------------------------------------------------------------------


def test_the_estimate_is_honest() -> None:
    assert estimate_wait(0, [], 0) == timedelta(0)  # nobody ahead: no wait, not an error
    assert estimate_wait(3, [], 2) is None  # nothing observed: no made-up figure
    assert estimate_wait(3, [timedelta(minutes=10)], 0) is None  # no window open
    times = [timedelta(minutes=m) for m in (6, 10, 8)]
    assert estimate_wait(4, times, 2) == timedelta(minutes=16)
    assert said(timedelta(minutes=16)) == "约16分钟"
    assert said(timedelta(0)) == "无需等待"
    assert said(None) == ""


def test_the_display_says_what_it_shows() -> None:
    assert spoken_number("A012") == "A零一二号"
    assert spoken_number("B100") == "B一零零号"
    assert call_caption("A012", "3号窗口") == "请A012号到3号窗口办理"
    assert call_caption("A012", "3号窗口", "张三丰") == "请A012号（张*丰）到3号窗口办理"
    assert call_speech("A012", "3号窗口") == "请A零一二号到3号窗口办理"


def test_a_category_is_named_by_one_capital_letter() -> None:
    with pytest.raises(ValueError, match="one capital letter"):
        Category("AB", "x")
    with pytest.raises(ValueError, match="one capital letter"):
        Category("a", "x")
    assert Category("C", "企业开办", opens=time(9)).opens == time(9)


def test_the_queue_codec_round_trips() -> None:
    from core.queue.codec import (
        category_from_dict,
        category_to_dict,
        policy_from_dict,
        policy_to_dict,
        ticket_from_dict,
        ticket_to_dict,
    )

    served = finish(
        serve(call(ticket(7, at(9), person="p"), "2号窗口", at(9, 3)), at(9, 4)), at(9, 9)
    )
    back = no_show(
        call(ticket(8, at(9, 1), priority=Priority.ELDERLY), "1号窗口", at(9, 5)), [], POLICY
    )
    moved = transfer(call(ticket(10, at(9)), "1号窗口", at(9, 2), clerk="S001"), A, "2号窗口")
    for t in (served, back, moved, ticket(9, at(10), provisional=True, name="张*")):
        assert ticket_from_dict(ticket_to_dict(t)) == t
    for c in (A, Category("C", "企业开办", themes=("企业开办",), daily_limit=5, card_only=True)):
        assert category_from_dict(category_to_dict(c)) == c
    fewer = QueuePolicy(requeue_behind=None, show_estimate=False, show_names=True)
    for p in (POLICY, fewer, QueuePolicy(recall_gap=timedelta(seconds=30))):
        assert policy_from_dict(policy_to_dict(p)) == p
    with pytest.raises(ValueError, match="zone"):
        ticket_from_dict({**ticket_to_dict(served), "issued_at": "2026-12-05T09:00:00"})
