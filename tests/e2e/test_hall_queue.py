"""The hall queue on the hall server, over signed HTTP (issue 23): the administrator configures
the categories; kiosks issue tickets (one per person per category while it waits, the elderly
first), take a block of numbers and send back what they issued from it while the server was
away (taken once, at their own times; a number outside their block refused); a counter calls,
is refused a recall too soon, recalls, serves and finishes, calls the next, marks a no-show
(requeued behind the next people); no number is ever issued twice."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from typing import Any

import requests

from core.clock import CST
from sync.client import Credentials, PlatformClient
from tests.helpers.central import ADMIN_TOKEN, RunningCentral
from tests.helpers.samples import make_id

HALL = "光明街道便民服务中心"


def person(n: int, born: str = "19900101") -> str:
    """A valid ID number: person ``n`` born on ``born``."""
    return make_id(f"110101{born}{n:03d}")


def _client(central: RunningCentral, terminal: str, role: str) -> PlatformClient:
    secret = central.platform.add_terminal(terminal, terminal, HALL, role)
    return PlatformClient(central.url, Credentials(terminal, secret))


def _post(client: PlatformClient, path: str, doc: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    r = client._send("POST", path, body=json.dumps(doc, ensure_ascii=False).encode())
    return r.status_code, r.json()


def _configure(central: RunningCentral) -> None:
    r = requests.put(
        f"{central.url}/v1/admin/queue/{HALL}",
        json={
            "categories": [
                {
                    "letter": "A",
                    "name": "户籍证件",
                    "windows": ["1号窗口", "2号窗口"],
                    "opens": "00:00:00",
                    "closes": "23:59:59",
                },
                {"letter": "B", "name": "社保医保", "opens": "00:00:00", "closes": "23:59:59"},
            ],
            "policy": {"elderly_age": 70, "recall_gap_seconds": 1, "requeue_behind": 1},
        },
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=5,
    )
    assert r.status_code == 200, r.text


def test_tickets_are_issued_called_and_never_numbered_twice(central: RunningCentral) -> None:
    first_kiosk = _client(central, "K0001", "kiosk")
    second_kiosk = _client(central, "K0002", "kiosk")
    counter = _client(central, "C0003", "counter")
    assert first_kiosk._send("GET", "/v1/queue").status_code == 404  # nothing configured yet
    _configure(central)

    # 取号: the elderly villager first in the call order whatever the time they came
    status, young = _post(
        first_kiosk, "/v1/queue/tickets", {"category": "A", "id_number": person(1)}
    )
    assert status == 201, young
    assert young["ticket"]["number"] == "A001"
    assert (young["ahead"], young["estimate"]) == (0, "无需等待")
    status, refused = _post(
        first_kiosk, "/v1/queue/tickets", {"category": "A", "id_number": person(1)}
    )
    assert status == 409
    assert "您已有一张“户籍证件”的排队号" in refused["error"]
    status, elder = _post(
        second_kiosk, "/v1/queue/tickets", {"category": "A", "id_number": person(2, "19500301")}
    )
    assert status == 201
    assert elder["ticket"]["number"] == "A002"
    assert elder["ahead"] == 0  # called before A001
    _post(first_kiosk, "/v1/queue/tickets", {"category": "B", "id_number": person(5)})
    status, second_b = _post(
        first_kiosk, "/v1/queue/tickets", {"category": "B", "id_number": person(6)}
    )
    assert second_b["ahead"] == 1
    assert second_b["estimate"] == ""  # nobody served in B yet: no made-up figure

    # a kiosk's block, and the tickets it issued from it while the server was away
    status, block = _post(second_kiosk, "/v1/queue/blocks", {"category": "A"})
    assert status == 201
    assert (block["first"], block["last"]) == (950, 999)  # from the top: the server's from 1
    offline_at = datetime.now(CST) - timedelta(minutes=5)  # before A001 and A002
    offline = {
        "number": "A951",
        "category": "A",
        "day": block["day"],
        "issued_at": offline_at.isoformat(),
        "issued_by": "K0002",
        "id_number": person(3),
    }
    for _ in range(2):  # sent again after a lost answer: taken once
        status, taken = _post(second_kiosk, "/v1/queue/provisional", {"tickets": [offline]})
        assert status == 200
        assert taken == {"accepted": ["A951"], "refused": []}
    stolen = {
        **offline,
        "number": "A960",
        "id_number": person(4),
    }  # in K0002's block, sent by K0001
    status, taken = _post(first_kiosk, "/v1/queue/provisional", {"tickets": [stolen]})
    assert taken["accepted"] == []
    assert taken["refused"][0]["number"] == "A960"

    # 叫号: the elderly first, then by the time each ticket was taken
    window = {"window": "1号窗口", "categories": ["A"]}
    status, called = _post(counter, "/v1/queue/call", window)
    assert called["ticket"]["number"] == "A002"
    status, too_soon = _post(counter, "/v1/queue/tickets/A002/recall", {})
    assert status == 409
    assert "秒后再重呼" in too_soon["error"]
    time.sleep(1.1)
    status, recalled = _post(counter, "/v1/queue/tickets/A002/recall", {})
    assert status == 200
    assert len(recalled["ticket"]["calls"]) == 2
    assert _post(counter, "/v1/queue/tickets/A002/serve", {})[0] == 200
    status, done = _post(
        counter, "/v1/queue/tickets/A002/finish", {"application": "C0003-261205-ABCDEF"}
    )
    assert done["ticket"]["state"] == "done"
    assert done["ticket"]["application"] == "C0003-261205-ABCDEF"
    status, called = _post(counter, "/v1/queue/call", window)
    assert called["ticket"]["number"] == "A951"  # its own (earlier) time kept
    assert called["ticket"]["provisional"] is True
    # 过号: requeued behind the next person (policy: 1), then called after them
    status, missed = _post(counter, "/v1/queue/tickets/A951/no-show", {})
    assert missed["ticket"]["state"] == "waiting"
    order = [_post(counter, "/v1/queue/call", window)[1]["ticket"]["number"] for _ in range(2)]
    assert order == ["A001", "A951"]
    assert _post(counter, "/v1/queue/call", window)[1]["ticket"] is None  # nobody waits

    status, later = _post(
        first_kiosk, "/v1/queue/tickets", {"category": "A", "id_number": person(9)}
    )
    assert later["ticket"]["number"] == "A003"  # the server's own numbers go on
    overview = first_kiosk._send("GET", "/v1/queue").json()
    assert [c["letter"] for c in overview["categories"]] == ["A", "B"]
    assert overview["waiting"] == {"A": 1, "B": 2}
    numbers = central.platform.db.conn.execute(
        "SELECT count(*), count(DISTINCT day || number) FROM queue_tickets"
    ).fetchone()
    assert numbers[0] == numbers[1] == 6


def test_a_call_reaches_the_displays_pushed_within_half_a_second(central: RunningCentral) -> None:
    """The displays are told of each call by push (server-sent events), not by polling: first
    the hall's state, then each call and recall with its caption and the words spoken."""
    import threading

    kiosk = _client(central, "K0001", "kiosk")
    counter = _client(central, "C0003", "counter")
    display = _client(central, "D0001", "display")
    _configure(central)
    for who in (person(1), person(2)):
        _post(kiosk, "/v1/queue/tickets", {"category": "A", "id_number": who})
    seen: list[tuple[float, int, str, dict[str, Any]]] = []

    def listen() -> None:
        for seq, kind, doc in display.queue_events(0):
            seen.append((time.monotonic(), seq, kind, doc))
            if len([e for e in seen if e[2] != "state"]) == 2:
                return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.02)
    assert seen[0][2] == "state"
    assert seen[0][3]["waiting"] == {"A": 2}
    clicked = time.monotonic()
    _post(counter, "/v1/queue/call", {"window": "3号窗口", "categories": ["A"]})
    time.sleep(1.05)  # the recall gap
    _post(counter, "/v1/queue/tickets/A001/recall", {})
    listener.join(10)
    calls = [e for e in seen if e[2] != "state"]
    assert [(kind, doc["number"]) for _, _, kind, doc in calls] == [
        ("call", "A001"),
        ("recall", "A001"),
    ]
    first = calls[0][3]
    assert first["caption"] == "请A001号到3号窗口办理"
    assert first["speech"] == "请A零零一号到3号窗口办理"
    assert first["waiting"] == {"A": 1}
    assert calls[0][0] - clicked < 0.5  # pushed within half a second of the click
    # a display reconnecting from its last event gets nothing twice
    again = display.queue_events(calls[-1][1])
    assert next(again)[1] == "state"
    again.close()


def _admin(central: RunningCentral, method: str, path: str, **kw: Any) -> requests.Response:
    return requests.request(
        method,
        f"{central.url}{path}",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=5,
        **kw,
    )


def test_appointments_check_in_first_a_ticket_is_followed_and_the_day_is_counted(
    central: RunningCentral,
) -> None:
    """预约签到 by card within its window (called before the walk-ins), a ticket followed by its
    number, a window paused (it calls nobody; the displays are told), a transfer to another
    category's window (only it calls the ticket), and the day's figures per category, window,
    clerk and hour; no ID number is kept by the hall server."""
    kiosk = _client(central, "K0001", "kiosk")
    counter = _client(central, "C0003", "counter")
    _configure(central)
    now = datetime.now(CST)
    booked = _admin(
        central,
        "POST",
        f"/v1/admin/queue/{HALL}/appointments",
        json={
            "category": "A",
            "id_number": person(7),
            # today's even at 23:55 (tomorrow's is rightly not found among today's)
            "slot": min(now + timedelta(minutes=10), now.replace(hour=23, minute=59)).isoformat(),
        },
    )
    assert booked.status_code == 201, booked.text
    reference = booked.json()["reference"]
    late = _admin(
        central,
        "POST",
        f"/v1/admin/queue/{HALL}/appointments",
        json={
            "category": "B",
            "id_number": person(7),
            "slot": (late_slot := now + timedelta(hours=3)).isoformat(),
        },
    ).json()["reference"]
    walk_in = _post(kiosk, "/v1/queue/tickets", {"category": "A", "id_number": person(1)})[1]
    assert walk_in["ticket"]["number"] == "A001"

    status, found = _post(kiosk, "/v1/queue/appointments/find", {"id_number": person(7)})
    assert status == 200
    by_ref = {a["reference"]: a for a in found["appointments"]}
    assert by_ref[reference]["refused"] == ""
    if late_slot.date() == now.date():
        assert "请于" in by_ref[late]["refused"]  # too early: said when
    else:  # after 21:00 the slot is tomorrow's: not found among today's
        assert late not in by_ref
    assert _post(kiosk, "/v1/queue/appointments/find", {"id_number": person(8)})[1] == {
        "appointments": []
    }
    status, _wrong = _post(
        kiosk, f"/v1/queue/appointments/{reference}/check-in", {"id_number": person(8)}
    )
    assert status == 404  # another person's card does not check it in
    status, checked = _post(
        kiosk, f"/v1/queue/appointments/{reference}/check-in", {"id_number": person(7)}
    )
    assert status == 201, checked
    assert checked["ticket"]["number"] == "A002"
    assert checked["ahead"] == 0  # an appointment is called first
    status, again = _post(
        kiosk, f"/v1/queue/appointments/{reference}/check-in", {"id_number": person(7)}
    )
    assert status == 409
    assert "已签到" in again["error"]

    # followed by its number, as the kiosk's query does with the ticket's QR
    followed = kiosk._send("GET", "/v1/queue/tickets/A001").json()
    assert (followed["ahead"], followed["ticket"]["state"]) == (1, "waiting")
    assert "person" not in followed["ticket"]

    # a paused window calls nobody, the other calls on
    assert _post(counter, "/v1/queue/windows", {"window": "1号窗口", "paused": True})[0] == 200
    status, refused = _post(counter, "/v1/queue/call", {"window": "1号窗口", "categories": ["A"]})
    assert status == 409
    assert "已暂停服务" in refused["error"]
    assert kiosk._send("GET", "/v1/queue").json()["paused"] == ["1号窗口"]
    window2 = {"window": "2号窗口", "categories": ["A"], "clerk": "S001"}
    assert _post(counter, "/v1/queue/call", window2)[1]["ticket"]["number"] == "A002"
    _post(counter, "/v1/queue/tickets/A002/serve", {})
    _post(counter, "/v1/queue/tickets/A002/finish", {"application": "C0003-X"})
    # 转移: A001 to category B at 5号窗口 alone
    assert _post(counter, "/v1/queue/call", window2)[1]["ticket"]["number"] == "A001"
    status, moved = _post(
        counter, "/v1/queue/tickets/A001/transfer", {"category": "B", "window": "5号窗口"}
    )
    assert status == 200, moved
    assert (moved["ticket"]["category"], moved["ticket"]["for_window"]) == ("B", "5号窗口")
    other = {"window": "6号窗口", "categories": ["B"]}
    assert _post(counter, "/v1/queue/call", other)[1]["ticket"] is None
    five = {"window": "5号窗口", "categories": ["B"], "clerk": "S002"}
    assert _post(counter, "/v1/queue/call", five)[1]["ticket"]["number"] == "A001"
    _post(counter, "/v1/queue/windows", {"window": "1号窗口", "paused": False})

    figures = _admin(central, "GET", f"/v1/admin/queue/{HALL}/statistics").json()
    assert figures["all"]["tickets"] == 2
    assert figures["all"]["appointments"] == 1
    assert figures["by_category"]["A"]["served"] == 1
    assert set(figures["by_window"]) == {"2号窗口", "5号窗口"}
    assert set(figures["by_clerk"]) == {"S001", "S002"}
    assert figures["all"]["wait_minutes"]["mean"] is not None
    kept = _docs(central, "queue_tickets") + _docs(central, "queue_appointments")
    assert person(7) not in kept
    assert person(1) not in kept


def test_a_hall_that_shows_names_shows_them_masked(central: RunningCentral) -> None:
    """Where the hall shows names on its display, the name is kept masked (张*) and the call's
    caption carries it; the words spoken do not (the number and the window are called)."""
    kiosk = _client(central, "K0001", "kiosk")
    counter = _client(central, "C0003", "counter")
    _configure(central)
    config = json.loads(
        central.platform.db.conn.execute("SELECT doc FROM queue_config").fetchone()[0]
    )
    central.platform.set_queue(HALL, {**config, "policy": {**config["policy"], "show_names": True}})
    _post(kiosk, "/v1/queue/tickets", {"category": "A", "id_number": person(1), "name": "张三丰"})
    called = _post(counter, "/v1/queue/call", {"window": "1号窗口", "categories": ["A"]})[1]
    assert called["ticket"]["name"] == "张*丰"
    event = json.loads(
        central.platform.db.conn.execute(
            "SELECT doc FROM queue_events WHERE kind = 'call'"
        ).fetchone()[0]
    )
    assert event["caption"] == "请A001号（张*丰）到1号窗口办理"
    assert "张" not in event["speech"]
    assert "三" not in _docs(central, "queue_tickets")


def _docs(central: RunningCentral, table: str) -> str:
    """Every document a table of the hall server keeps, as one text."""
    return "\n".join(r[0] for r in central.platform.db.conn.execute(f"SELECT doc FROM {table}"))
