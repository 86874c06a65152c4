import uuid
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from core.clock import CST, SystemClock, local_today
from core.ids import provisional_receipt_number, uuid7, uuid7_time


def test_uuid7_layout() -> None:
    now = datetime(2026, 11, 24, 1, 2, 3, tzinfo=UTC)
    u = uuid7(now, bytes(range(10)))
    assert u.version == 7
    assert u.variant == uuid.RFC_4122
    assert uuid7_time(u) == int(now.timestamp() * 1000)


@given(
    st.lists(
        st.datetimes(datetime(2000, 1, 1), datetime(2080, 1, 1), timezones=st.just(UTC)), min_size=2
    )
)
def test_uuid7_sorts_by_time(times: list[datetime]) -> None:
    ids = [uuid7(t) for t in times]
    by_id = sorted(range(len(ids)), key=lambda i: ids[i])
    stamps = [uuid7_time(ids[i]) for i in by_id]
    assert stamps == sorted(stamps)


def test_receipt_number_shape_and_local_date() -> None:
    # 23:30 UTC is already the next day in China.
    now = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    number = provisional_receipt_number("K0001", now, uuid7(now))
    prefix, day, code = number.split("-")
    assert (prefix, day) == ("K0001", "261125")
    assert len(code) == 6
    assert not set(code) & set("ILOU")


def test_receipt_numbers_do_not_collide_in_practice() -> None:
    now = datetime(2026, 11, 24, tzinfo=CST)
    numbers = {provisional_receipt_number("K1", now, uuid7(now)) for _ in range(2000)}
    assert len(numbers) >= 1995  # 30 random bits: a handful of collisions at most


def test_system_clock_is_aware_and_in_china_time() -> None:
    now = SystemClock().now()
    assert now.utcoffset() is not None
    assert local_today(SystemClock()) == datetime.now(CST).date()
