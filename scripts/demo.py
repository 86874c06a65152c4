"""`make demo`: the product's main job, end to end, with simulated devices.

1. builds the demo city's service catalogue (~52,700 items) and searches it the ways citizens
   type (characters, pinyin, initials, typos);
2. starts the reference central platform on 127.0.0.1 and enrols a kiosk, a counter and a
   village station;
3. starts the ID card readers' and review pad's simulators on virtual serial ports;
4. walks the kiosk as a citizen would (offscreen without a display): card, search, guide,
   form, scans on the synthetic document camera, a one-time notice printed for a missing
   material, submit, the receipt printed, a rating, a progress query; then 取号 by card in
   the hall's queue (configured first on the hall server: ticket.escpos and its picture),
   预约签到 of the card's appointment, the ticket followed, 网上办事注册 by card, phone and the
   code the platform sent (its slip: enrol-slip.escpos) — a numbered screenshot of every
   step, the printed documents as ESC/POS and as pictures; then a second citizen
   the same way in English, switched on the welcome screen (kiosk-en-NN-step.png); every
   screen measured at three sizes in both text modes and kept in large text (…-large.png),
   the English ones checked for words left in Chinese (audit.txt);
5. delivers what the kiosk queued (`hall-sync run --once`), accepts it on the platform and
   pulls that progress back;
6. the village station submits a villager's application (consent signed on the screen) for
   the hall to decide, and delivers it;
7. walks the counter with its devices: back a step, 补正 and its return, 受理, a 不予受理 rated
   不满意 on the serial pad, the station's submission accepted from 代办件; delivers, checks the
   rating bound on the platform, and the station learns the hall's decision;
8. the hall's queue: three more numbers taken, the counter's calls on the hall's display in
   both orientations, each spoken twice;
9. fees and post: a passport accepted at the counter to be sent by post, its 缴款通知书 printed
   with the code's QR, paid on the payment platform (the reference's stand-in), the progress
   query then says 已缴费; 办结, the 寄递单 printed with the carrier's number the query tells;
10. the supervision console: a month of the demo city made on the platform by its own rules
   (central.demo_month), then walked in chromium as a hall's manager and the city's inspector
   — a clock paused and resumed, a 差评 case worked to its end (console-NN-page.png);
and writes everything to the output folder it names at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from core.application import Status
from core.catalogue.models import Audience
from core.clock import SystemClock
from core.settings import load_settings
from sync.catalogue import CatalogueStore, build_demo_catalogue
from sync.paths import DataPaths

REGION = "369901001000"
HALL = "示范市青山区光明街道便民服务中心"
QUERIES = ("sfz", "身份证", "shebao", "养老", "医保", "gjj", "结婚", "开公司", "shenfenzhegn")


def say(text: str = "") -> None:
    print(text, flush=True)


def _catalogue_source() -> str:
    """What the demo catalogue is made from (the seed and its generator): a change makes a
    demo folder's catalogue, and its terminals' copies, stale."""
    import hashlib

    from core.catalogue import generate, seed

    h = hashlib.sha256()
    for path in (Path("assets/catalogue/seed.toml"), Path(generate.__file__), Path(seed.__file__)):
        whole = path if path.is_absolute() else Path(__file__).resolve().parents[1] / path
        h.update(whole.read_bytes())
    return h.hexdigest()


def catalogue_step(out: Path) -> Path:
    path = out / "var" / "catalogue.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = out / "var" / "catalogue.source"
    source = _catalogue_source()
    if path.exists() and (not stamp.exists() or stamp.read_text() != source):
        # made from an older seed: the catalogue and what the terminals copied of it go
        for stale in (path, *(out / "var").glob("*/catalogue.sqlite*")):
            stale.unlink(missing_ok=True)
        for side in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            side.unlink(missing_ok=True)
        say("· the demo catalogue's seed changed: built again")
    stamp.write_text(source)
    started = time.monotonic()
    with CatalogueStore(path) as store:
        if store.count() == 0:
            build_demo_catalogue(store)
            say(
                f"· built the demo catalogue: {store.count():,} items in "
                f"{time.monotonic() - started:.1f} s ({len(store.themes())} themes)"
            )
        else:
            say(f"· demo catalogue ready: {store.count():,} items")
        results: dict[str, Any] = {}
        for q in QUERIES:
            t0 = time.perf_counter()
            hits = store.search(q, region_code=REGION, prefer_audience=Audience.PERSON, limit=5)
            ms = (time.perf_counter() - t0) * 1000
            say(f"  “{q}” ({ms:.1f} ms): " + " / ".join(h.name for h in hits[:3]))
            results[q] = {
                "ms": round(ms, 2),
                "hits": [
                    {**asdict(h), "level": h.level.label, "match": h.match.value} for h in hits
                ],
            }
    (out / "search-results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return path


@contextlib.contextmanager
def central_running(out: Path, catalogue: Path) -> Iterator[tuple[str, str]]:
    """The reference platform on 127.0.0.1 (a real HTTP server), with the demo catalogue."""
    import shutil

    import requests
    import uvicorn

    from central.app import admin_token_for, create_app

    data = out / "var" / "central"
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "catalogue.sqlite").exists():
        shutil.copy(catalogue, data / "catalogue.sqlite")
    from central.server import server_config

    server = uvicorn.Server(
        server_config(create_app(data), host="127.0.0.1", port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    health = requests.get(f"{base}/v1/health", timeout=5).json()
    hits = requests.get(
        f"{base}/v1/catalogue/search", params={"q": "sfz", "region": REGION}, timeout=5
    ).json()
    say(
        f"· central platform on {base}: health {health['status']}, "
        f"catalogue {health['catalogue_version']}, search sfz → {hits[0]['name']}"
    )
    (out / "central.json").write_text(
        json.dumps({"url": base, "health": health, "search_sfz": hits}, ensure_ascii=False),
        encoding="utf-8",
    )
    try:
        yield base, admin_token_for(data)
    finally:
        server.should_exit = True
        thread.join(10)


def console_step(out: Path, base: str) -> None:
    """The supervision console (电子监察, 好差评): a month of the demo city made on the platform
    by its own rules (once: a demo run again keeps it), then the console walked in a real
    browser as a hall's manager and the city's inspector — console-*.png."""
    from datetime import timedelta

    from central.app import create_app
    from central.demo_month import DEMO_PASSWORD, INSPECTOR, MANAGERS, generate_month
    from scripts.console_walk import walk

    data = out / "var" / "central"
    platform = create_app(data).state.platform
    made = platform.db.conn.execute(
        "SELECT value FROM platform_meta WHERE key = 'demo_month'"
    ).fetchone()
    if made is None:
        end = platform.china_now().date() - timedelta(days=1)
        # a city at 60 % of its usual day: every page shows real numbers, and the demo (part of
        # make test) stays quick
        done = generate_month(platform, data / "catalogue.sqlite", end=end, scale=0.6)
        with platform.db.transaction() as c:
            c.execute("INSERT INTO platform_meta VALUES ('demo_month', ?)", (end.isoformat(),))
        say(
            f"· supervision: a month of the demo city to {end} — {done.applications}"
            f" applications, {done.evaluations} ratings, {done.cases} 差评 cases,"
            f" {done.tickets} tickets"
        )
    else:
        say(f"· supervision: the demo city's month to {made[0]} (made by an earlier run)")
    # a 差评 arrives today at the city centre's counter (the console's walk works it to its
    # end: each run its own, whatever earlier runs closed)
    row = platform.db.conn.execute(
        "SELECT terminal_id, idem_key FROM applications WHERE terminal_id = 'H1-C2'"
        " ORDER BY received_at DESC LIMIT 1"
    ).fetchone()
    if row is not None:
        key = f"E-demo-{int(time.time())}"
        rating = {
            "local_id": key,
            "application_id": row[1],
            "satisfaction": "dissatisfied",
            "reasons": ["等候时间过长"],
            "comment": "下午只开了一个窗口",
            "window": "2号窗口",
        }
        platform.receive_evaluation(row[0], key, json.dumps(rating, ensure_ascii=False).encode())
    platform.db.conn.close()
    walked = walk(base, out, MANAGERS[0][0], INSPECTOR[0], DEMO_PASSWORD)
    if walked.problems:
        raise SystemExit("the console in the browser: " + "; ".join(walked.problems))
    say(
        f"  console walked in chromium as {MANAGERS[0][1]} and {INSPECTOR[1]}:"
        f" 差评件 #{walked.case_id} worked to its end, the clock of {walked.paused_official}"
        f" paused and resumed; {len(walked.screenshots)} pages (console-*.png); accounts"
        f" M001–M003, S001, password {DEMO_PASSWORD}"
    )


def enrol(out: Path, terminal_id: str, name: str, role: str) -> Path:
    """What a technician does once per terminal: its secret from the platform, kept outside
    the data folder (mode 600)."""
    from central.platform import Platform

    secret = Platform(out / "var" / "central").add_terminal(terminal_id, name, role=role)
    path = out / "keys" / f"{terminal_id}.secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secret, encoding="utf-8")
    path.chmod(0o600)
    return path


#: The demo's clerk (工号:密码): made on central as `hall-central staff add` does; the counter
#: pulls it at its first sync and the scripted walk signs in with it.
DEMO_STAFF = ("A0123", "王芳", "Wangfang2026")


#: the village station's agent (代办员), who signs in at the station
DEMO_AGENT = ("D0001", "李代办", "Lidaiban2026")


def add_staff(out: Path) -> None:
    from central.platform import Platform

    platform = Platform(out / "var" / "central")
    number, name, password = DEMO_STAFF
    platform.add_staff(number, name, "clerk", password)
    say(f"  staff account {number} {name} (clerk) on central; the counter signs in with it")
    number, name, password = DEMO_AGENT
    platform.add_staff(number, name, "agent", password)
    say(f"  staff account {number} {name} (agent) on central; the village station signs in")


def queue_config_step(out: Path) -> None:
    """The hall's queue on the hall server before the kiosk opens: two categories (open round
    the clock, so that the demo runs at any hour; 户籍证件 needs a card), and an appointment
    booked for the kiosk's demo card in ten minutes (预约签到). A demo run again starts the
    day's queue anew."""
    from central.platform import Platform
    from core.clock import CST
    from devices.idcard.cards import DEMO_CARDS

    say("· the hall's queue (取号 → 叫号 → 叫号屏) configured on the hall server:")
    platform = Platform(out / "var" / "central")
    with platform.db.transaction() as c:  # a demo run again: its hall opens with no queue
        for table in ("queue_tickets", "queue_blocks", "queue_events", "queue_appointments"):
            c.execute(f"DELETE FROM {table} WHERE hall = ''")
        c.execute("DELETE FROM queue_requests WHERE hall = ''")
    platform.set_queue(
        "",
        {
            "categories": [
                {
                    "letter": "A",
                    "name": "户籍证件",
                    "themes": ["户籍", "身份证"],
                    "windows": ["3号窗口"],
                    "opens": "00:00:00",
                    "closes": "23:59:59",
                    "card_only": True,
                },
                {
                    "letter": "B",
                    "name": "社保医保",
                    "themes": ["社会保险", "医疗保障"],
                    "windows": ["3号窗口"],
                    "opens": "00:00:00",
                    "closes": "23:59:59",
                },
            ],
            "policy": {"elderly_age": 70},
        },
    )
    say("  户籍证件 (A, card only) and 社保医保 (B) at 3号窗口")
    card = DEMO_CARDS["resident"].id_number
    for letter, minutes in (("A", 10), ("B", 20)):  # one for each walk's citizen
        now = datetime.now(CST)
        # today's, whatever the hour: a demo run at 23:55 booked tomorrow's 00:05 and the
        # kiosk, rightly, found no appointment for today
        slot = min(now + timedelta(minutes=minutes), now.replace(hour=23, minute=59, second=0))
        booked = platform.book_appointment(
            "", {"category": letter, "id_number": card, "slot": slot.isoformat()}
        )
        reference = booked.doc["reference"]
        say(f"  appointment {reference} ({letter}) for the kiosk's card at {slot:%H:%M}")
    platform.db.conn.close()


def queue_step(out: Path, base: str, env: dict[str, str]) -> None:
    """The hall's queue after the kiosk's tickets: three more citizens take a number (the
    hall server's answers said), and the counter calls them all on the hall's display
    (display-landscape.png, display-portrait.png)."""
    from core.validators import id_check_char
    from sync.client import Credentials, PlatformClient

    say("· the hall's calls (叫号 → 叫号屏):")
    display_secret = enrol(out, "DISPLAY-DEMO", "大厅叫号屏", "display")
    (out / "display.toml").write_text(
        f"""[terminal]
id = "DISPLAY-DEMO"
role = "display"
region_code = "{REGION}"
hall_name = "{HALL}"

[storage]
data_dir = "var/display"

[platform]
url = "{base}"
secret_file = "{display_secret}"
""",
        encoding="utf-8",
    )
    kiosk_secret = (out / "keys" / "K0001.secret").read_text(encoding="utf-8").strip()
    kiosk = PlatformClient(base, Credentials("K0001", kiosk_secret))
    people = (("A", "19880402"), ("A", "19500618"), ("B", "19791130"))
    for n, (letter, birth) in enumerate(people, 1):
        first17 = f"110101{birth}{n:03d}"  # a synthetic person born then
        body = json.dumps({"category": letter, "id_number": first17 + id_check_char(first17)})
        got = kiosk._send("POST", "/v1/queue/tickets", body=body.encode()).json()
        ticket = got["ticket"]
        say(
            f"  取号 {ticket['number']} {got['category_name']}: {got['ahead']} ahead"
            + (" (70+: called first)" if ticket["priority"] else "")
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "walks",
            "display",
            str(out),
            "--config",
            str(out / "display.toml"),
            "--counter",
            str(out / "counter.toml"),
        ],
        check=True,
        env=env,
    )


def sync_once(config: Path) -> str:
    """`hall-sync run --once` for a terminal's settings, as a technician runs it: its last
    line (what was delivered)."""
    bindir = Path(sys.executable).parent
    run = [str(bindir / "hall-sync"), "run", "--once", "--config", str(config)]
    said = subprocess.run(run, capture_output=True, text=True, check=True)
    return said.stdout.strip().splitlines()[-1]


def station_step(out: Path, env: dict[str, str]) -> None:
    """The village station (代办站): the agent submits a villager's application for the hall
    to decide, with the villager's consent signed on the screen, and delivers it."""
    say("· village station (代办): a villager's card on its reader, the consent signed on screen:")
    subprocess.run(
        [sys.executable, "-m", "walks", "counter", str(out), "--config", str(out / "station.toml")],
        check=True,
        env={**env, "HALL_DEMO_SIGN_IN": f"{DEMO_AGENT[0]}:{DEMO_AGENT[2]}"},
        stderr=open(out / "station.log", "w", encoding="utf-8"),  # noqa: SIM115
    )
    say("· station sync: " + sync_once(out / "station.toml"))


def fees_step(out: Path, base: str, admin_token: str) -> None:
    """Fees (在线支付): at the counter a passport (护照证件费 120 元) is accepted for the demo
    card's citizen; once delivered the platform issues its payment code and the worklist's
    打印缴款通知书 prints it (payment-notice.escpos and its picture); the payment platform's
    notice (the reference platform's admin API) marks it paid, and the progress query says
    已缴费 with the e-receipt — never from a click at the terminal."""
    import cv2
    import numpy as np
    import requests

    from core import postal
    from core.application import Applicant, Channel, Decision, DecisionKind, Submission
    from core.fees import yuan
    from core.settings import DeviceSettings
    from devices.idcard.cards import DEMO_CARDS
    from devices.printer.printer import PrinterConfig, ReceiptPrinter
    from terminal.catalogue import Catalogue
    from terminal.operations import DecideRequest, ScanInput, SubmitRequest
    from terminal.terminal import Terminal

    terminal = Terminal.from_settings(load_settings(out / "counter.toml"))
    catalogue = Catalogue(terminal.paths.catalogue, REGION)  # as the counter's form asks it
    try:
        [hit] = catalogue.search("普通护照签发", limit=1)
        item = catalogue.item(hit.impl_code)
    finally:
        catalogue.close()
    card = DEMO_CARDS["resident"]
    applicant = Applicant(card.name, card.id_number, "resident", "13812345678", card.address)
    page = bytes(cv2.imencode(".jpg", np.full((600, 800, 3), 240, np.uint8))[1])
    checklist = {m.code: Submission(pages=1, original_seen=True) for m in item.required_materials}
    streets = next(f.choices for f in item.form.fields if f.key == postal.REGION)
    form = {
        "name": card.name,
        "id_number": card.id_number,
        "mobile": "13812345678",
        "destination": "新加坡",
        # the passport by post (物流寄递): to the applicant's street, the hall's county first
        postal.PICKUP: postal.BY_POST,
        postal.RECIPIENT: card.name,
        postal.PHONE: "13812345678",
        postal.REGION: streets[0],
        postal.DETAIL: "幸福路8号3单元201",
    }
    request = DecideRequest(
        SubmitRequest(
            item,
            applicant,
            Channel.COUNTER,
            form=form,
            scans=[ScanInput(code, page) for code in checklist],
        ),
        checklist,
        Decision(DecisionKind.ACCEPT),
    )
    with terminal.open() as ops:
        done = ops.decide(request)
        receipt_blocks = ops.receipt_document(done.local_id)  # 待缴费, 邮政寄递 and the address

    def printed(name: str, blocks: list[Any]) -> None:
        """``name``.escpos as the counter's 80 mm printer prints it, and its picture."""
        paper = {"paper_mm": "80"}
        printer = ReceiptPrinter(
            PrinterConfig.from_settings(DeviceSettings("file", str(out / f"{name}.escpos"), paper))
        )
        printer.print_document(blocks)
        printer.preview(blocks).save(out / f"{name}.png")

    printed("receipt-post", receipt_blocks)
    say(f"· fees: {item.name} accepted at the counter ({done.receipt_number}), delivered:")
    say(f"  {sync_once(out / 'counter.toml')}")
    with terminal.open() as ops:
        blocks = ops.payment_document(done.local_id)
        (line,) = ops.query_progress(code=done.receipt_number).lines
    printed("payment-notice", blocks)
    say(
        f"  缴款通知书 printed: code {line.payment_code}, {yuan(line.payment_total_fen)} 元,"
        f" {line.payment_status.label if line.payment_status else '?'}"
    )
    paid = requests.post(
        f"{base}/v1/admin/payments/{line.payment_code}/paid",
        headers={"Authorization": f"Bearer {admin_token}"},
        timeout=10,
    )
    paid.raise_for_status()
    with terminal.open() as ops:
        (after,) = ops.query_progress(code=done.receipt_number).lines
    if after.payment_status is None or after.payment_receipt == "":
        raise SystemExit("the payment platform's notice did not reach the progress query")
    say(
        f"  the payment platform's notice: progress query says {after.payment_status.label},"
        f" e-receipt {after.payment_receipt}"
    )
    # 办结, sent by post: the platform told the carrier's number; the counter prints the slip
    admin = {"Authorization": f"Bearer {admin_token}"}
    official = after.official_number
    for path, body in (
        (f"/v1/admin/applications/{official}/status", {"status": "completed", "note": "办结"}),
        (f"/v1/admin/applications/{official}/delivery",
         {"carrier": "中国邮政EMS", "tracking": "1189012345678"}),
    ):  # fmt: skip
        requests.post(base + path, json=body, headers=admin, timeout=10).raise_for_status()
    sync_once(out / "counter.toml")
    with terminal.open() as ops:
        slip = ops.post_slip_document(done.local_id)
        (posted,) = ops.query_progress(code=done.receipt_number).lines
    printed("post-slip", slip)
    say(f"  办结 by post: 寄递单 printed (post-slip.escpos), progress query: {posted.tracking}")


def station_learns(out: Path) -> list[dict[str, str]]:
    """The station's next sync brings the hall's decision back to it (and to the villager)."""
    sync_once(out / "station.toml")
    paths = DataPaths.from_settings(load_settings(out / "station.toml"))
    with paths.open_store(SystemClock()) as store:
        apps = [store.load(i) for i in store.ids()]
    learnt = [{"receipt_number": a.receipt_number, "status": a.status.label} for a in apps]
    for a in apps[-3:]:
        say(f"  station learns: {a.receipt_number} → {a.status.label}")
    if not any(a.status is Status.ACCEPTED for a in apps):
        raise SystemExit("the hall's 受理 of the station's submission did not reach the station")
    return learnt


def kiosk_step(out: Path, env: dict[str, str]) -> None:
    """The kiosk, offscreen, walked by its scripted citizens (python -m walks kiosk) in
    Chinese and in English, every screen also measured at three screen sizes in standard and
    large high-contrast text and kept in large text (kiosk-NN-name-large.png), the English
    screens checked for untranslated words (the findings in audit.txt)."""
    say("· kiosk journeys (card on the simulated reader, pages on the synthetic camera):")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "walks",
            "kiosk",
            str(out),
            "--config",
            str(out / "kiosk.toml"),
            "--audit",
        ],
        check=True,
        env=env,
    )


def sync_step(out: Path, base: str, admin_token: str) -> dict[str, Any]:
    """Whatever the kiosk had not delivered yet goes with `hall-sync run --once`; the platform
    accepts the application (受理) and the next drain brings that progress back."""
    import requests

    from central.platform import Platform

    say("· sync: " + sync_once(out / "kiosk.toml"))
    paths = DataPaths.from_settings(load_settings(out / "kiosk.toml"))
    with paths.open_store(SystemClock()) as store:
        delivered = [store.load(i) for i in store.ids(Status.DELIVERED)]
    for app in delivered:
        requests.post(
            f"{base}/v1/admin/applications/{app.official_number}/status",
            json={"status": "accepted", "note": "材料齐全，予以受理"},
            headers={"Authorization": f"Bearer {admin_token}"},
            timeout=5,
        ).raise_for_status()
    second = sync_once(out / "kiosk.toml")
    with paths.open_store(SystemClock()) as store:
        apps = [store.load(i) for i in store.ids()]
    rows = [
        {
            "receipt_number": a.receipt_number,
            "official_number": a.official_number,
            "status": a.status.label,
            "attachments": len(a.attachments),
        }
        for a in apps
    ]
    for r in rows[-3:]:
        say(f"  {r['receipt_number']} → 办件编号 {r['official_number']} · {r['status']}")
    say("  " + second.replace("delivered", "then delivered"))
    result = {"applications": rows, "platform": Platform(out / "var" / "central").counts()}
    central = json.loads((out / "central.json").read_text(encoding="utf-8"))
    (out / "central.json").write_text(
        json.dumps({**central, "sync": result}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return result


def counter_step(out: Path, env: dict[str, str]) -> None:
    say("· counter with simulated devices (ID card reader on a pty, serial review pad):")
    subprocess.run(
        [sys.executable, "-m", "walks", "counter", str(out), "--config", str(out / "counter.toml")],
        check=True,
        env={**env, "HALL_DEMO_SIGN_IN": f"{DEMO_STAFF[0]}:{DEMO_STAFF[2]}"},
        stderr=open(out / "counter.log", "w", encoding="utf-8"),  # noqa: SIM115,
    )


PAD_KEYS = "31=非常满意, 32=满意, 33=基本满意, 34=不满意, 35=非常不满意"


def counter_sync_step(out: Path) -> dict[str, Any]:
    """Whatever the counter had not delivered yet goes with `hall-sync run --once`; on the
    platform each of its ratings is bound to its application — the serial pad's 不满意 to
    the 不予受理 it followed (a 差评 is kept and followed up, never dropped)."""
    from central.platform import Platform

    say("· counter sync: " + sync_once(out / "counter.toml"))
    db = Platform(out / "var" / "central").db.conn
    decided = {
        key: json.loads(doc)
        for key, doc in db.execute(
            "SELECT idem_key, doc FROM applications WHERE terminal_id = 'COUNTER-DEMO'"
        )
    }
    ratings = []
    for (doc,) in db.execute("SELECT doc FROM evaluations WHERE terminal_id = 'COUNTER-DEMO'"):
        rating = json.loads(doc)
        bound = decided.get(rating["application_id"] or "")
        kinds = [d["kind"] for d in (bound or {}).get("decisions", ())]
        ratings.append(
            {
                "satisfaction": rating["satisfaction"],
                "application": bound.get("receipt_number") if bound else None,
                "decisions": kinds,
            }
        )
    bound = sum(1 for r in ratings if r["application"])
    say(f"  {len(ratings)} counter ratings on the platform, {bound} bound to their applications")
    refused = [r for r in ratings if "reject" in r["decisions"]]
    for r in refused:
        say(f"  {r['satisfaction']} → {r['application']}（不予受理）")
    if not any(r["satisfaction"] == "dissatisfied" for r in refused):
        raise SystemExit("the serial pad's 不满意 did not reach the platform bound to the refusal")
    return {"counter_ratings": ratings}


@contextlib.contextmanager
def simulated_devices(out: Path, base: str) -> Iterator[None]:
    """Starts the readers' and the pad's simulators (as a technician would, with hall-devices)
    and writes the kiosk's and the counter's settings naming their ports — configuration, not
    test switches. The document camera is the synthetic one; printers write files."""
    bindir = Path(sys.executable).parent
    var = out / "var"
    var.mkdir(parents=True, exist_ok=True)
    procs = [
        subprocess.Popen(
            [str(bindir / "hall-devices"), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for args in (
            [
                "idcard",
                "simulate",
                "--pty",
                "--link",
                str(var / "idcard-kiosk"),
                "--card",
                "resident",
                "--represent-every",
                "5",
            ],
            [
                "idcard",
                "simulate",
                "--pty",
                "--link",
                str(var / "idcard"),
                "--card",
                "elder",
                "--represent-every",
                "5",
            ],
            [
                "idcard",
                "simulate",
                "--pty",
                "--link",
                str(var / "idcard-station"),
                "--card",
                "resident",
                "--represent-every",
                "5",
            ],
            [
                "pad",
                "simulate",
                "--pty",
                "--link",
                str(var / "pad"),
                "--keys",
                PAD_KEYS,
                "--invite-hex",
                "A501",
                "--auto",
                "满意,不满意",  # in turn: the refused applicant rates 不满意
                "--delay",
                "1",
            ],
        )
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            say(f"  simulator {proc.stdout.readline().strip()}")
        kiosk_secret = enrol(out, "K0001", "示范自助终端", "kiosk")
        counter_secret = enrol(out, "COUNTER-DEMO", "3号窗口", "counter")
        station_secret = enrol(out, "STATION-DEMO", "光明街道幸福村代办站", "agent")
        add_staff(out)
        (out / "kiosk.toml").write_text(
            f"""[terminal]
id = "K0001"
role = "kiosk"
region_code = "{REGION}"
hall_name = "{HALL}"
hall_phone = "0791-12345678"

[storage]
data_dir = "var/kiosk"

[platform]
url = "{base}"
secret_file = "{kiosk_secret}"
sync_interval = 2

[devices.idcard]
type = "sam-serial"
port = "{var / "idcard-kiosk"}"

[devices.camera]
type = "synthetic"              # a UVC document camera on a real kiosk
options = {{ seed = "11" }}

[devices.printer]
type = "file"                   # a USB/serial/network printer on a real kiosk
port = "{var / "kiosk-printer.escpos"}"
options = {{ paper_mm = "80" }}
""",
            encoding="utf-8",
        )
        (out / "counter.toml").write_text(
            f"""[terminal]
id = "COUNTER-DEMO"
role = "counter"
region_code = "{REGION}"
hall_name = "{HALL}"
window = "3号窗口"

[storage]
data_dir = "var/counter"

[platform]
url = "{base}"
secret_file = "{counter_secret}"

[counter]
lock_after_minutes = 10

[devices.camera]
type = "synthetic"              # the counter's document camera (高拍仪)
options = {{ seed = "5" }}

[devices.idcard]
type = "sam-serial"
port = "{var / "idcard"}"

[devices.printer]
type = "file"
port = "{out / "counter-reprint.escpos"}"
options = {{ paper_mm = "80" }}

[devices.pad]
type = "serial"
port = "{var / "pad"}"
options = {{ keys = "{PAD_KEYS}", invite_hex = "A501" }}
""",
            encoding="utf-8",
        )
        (out / "station.toml").write_text(
            f"""[terminal]
id = "STATION-DEMO"
role = "agent"
region_code = "{REGION}"
hall_name = "示范市青山区光明街道幸福村代办站"

[storage]
data_dir = "var/station"

[platform]
url = "{base}"
secret_file = "{station_secret}"

[devices.camera]
type = "synthetic"
options = {{ seed = "7" }}

[devices.idcard]
type = "sam-serial"
port = "{var / "idcard-station"}"

[devices.printer]
type = "file"
port = "{out / "station-printer.escpos"}"
options = {{ paper_mm = "80" }}
""",
            encoding="utf-8",
        )
        yield
    finally:
        for proc in procs:
            proc.terminate()
            proc.communicate(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("demo-output"))
    parser.add_argument(
        "--interactive",
        action="store_true",
        help="afterwards, open the kiosk and counter windows (default when a display exists)",
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    # a demo run again: the screens and prints of the last run go (a renumbered step left its
    # old picture beside the new one); the terminals' data stays, as a hall's would
    for stale in ("*.png", "*.escpos", "audit.txt"):
        for old in out.glob(stale):
            old.unlink()
    # The demo terminals' master keys: outside their data folders (var/), inside the demo's.
    os.environ.setdefault("HALL_KEY_DIR", str(out / "keys"))
    env = {**os.environ}
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    say(f"Hall Terminal demo → {out}")
    catalogue = catalogue_step(out)
    for terminal in ("kiosk", "counter", "station"):  # what a new terminal's first sync brings
        target = out / "var" / terminal / "catalogue.sqlite"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copy(catalogue, target)
    with central_running(out, catalogue) as (base, admin_token), simulated_devices(out, base):
        for terminal in ("kiosk", "counter", "station"):
            paths = DataPaths.from_settings(load_settings(out / f"{terminal}.toml"))
            if paths.initialise():  # a terminal's first run: what `hall-sync store init` does
                say(f"· {terminal} first run: master key created outside its data folder")
        queue_config_step(out)
        kiosk_step(out, env)
        synced = sync_step(out, base, admin_token)
        station_step(out, env)
        counter_step(out, env)
        rated = counter_sync_step(out)
        fees_step(out, base, admin_token)
        rated["station"] = station_learns(out)
        queue_step(out, base, env)
        console_step(out, base)
        (out / "journeys.json").write_text(
            json.dumps({"kiosk": synced["applications"], **rated}, ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
        say()
        say(f"Results: {out}")
        for p in sorted(out.iterdir()):
            if p.is_file():
                say(f"  {p.name}")
        if args.interactive or os.environ.get("DISPLAY"):
            bindir = Path(sys.executable).parent
            counter = subprocess.Popen(
                [str(bindir / "hall-counter"), "--config", str(out / "counter.toml")]
            )
            subprocess.run(
                [str(bindir / "hall-kiosk"), "--windowed", "--config", str(out / "kiosk.toml")],
                check=False,
            )
            counter.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
