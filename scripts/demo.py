"""`make demo`: the product's main job as far as it exists today, end to end.

1. builds the demo city's service catalogue (~52,700 items) and searches it the ways citizens
   type (characters, pinyin, initials, typos);
2. walks the kiosk journey and the counter journey through the real step maps with a sample
   ID card: pre-filled form, pre-check with a one-time notice, an application queued durably
   in the local store, an evaluation exported in both platform code tables;
3. starts the reference central platform on 127.0.0.1, asks it over HTTP, delivers the queued
   application through the outbox (`hall-sync run --once`), accepts it on the platform and
   pulls that progress back;
4. renders the kiosk and counter screens (offscreen without a display) to PNG;
and writes everything to the output folder it names at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from core.application import (
    Applicant,
    Application,
    Channel,
    Status,
    Submission,
)
from core.catalogue.models import Audience
from core.clock import SystemClock, local_today
from core.evaluation import EXPORTERS, Evaluation, EvaluationChannel, Rating, Satisfaction
from core.flows.counter import Decision, DecisionKind, counter_journey
from core.flows.kiosk import KioskMode, kiosk_journey
from core.identity import CardType, Identity, Sex
from core.ids import uuid7
from devices.printer.templates import Hall
from sync.catalogue import CatalogueStore, build_demo_catalogue
from sync.paths import DataPaths
from terminal.operations import Operations, ScanInput, SubmitRequest

REGION = "369901001000"
QUERIES = ("sfz", "身份证", "shebao", "养老", "医保", "gjj", "结婚", "开公司", "shenfenzhegn")


def say(text: str = "") -> None:
    print(text, flush=True)


def sample_identity() -> Identity:
    # A synthetic citizen; the number passes GB 11643 (a published sample number).
    return Identity(
        card_type=CardType.RESIDENT,
        name="王小明",
        sex=Sex.MALE,
        birth=date(1990, 1, 1),
        id_number="110101199001010031",
        valid_from=date(2020, 5, 1),
        valid_to=date(2040, 5, 1),
        address="示范市青山区光明街道幸福路8号",
        authority="示范市公安局青山分局",
        nation_code="01",
    )


def catalogue_step(out: Path) -> Path:
    path = out / "var" / "catalogue.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
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


def demo_scan(code: str, seed: int, out: Path) -> bytes:
    """A page photographed on the synthetic document camera, through the real pipeline:
    detection, correction, checks, black-and-white enhancement, JPEG under 300 KB."""
    import cv2

    from devices.camera import scan, synthetic
    from devices.camera.capture import SyntheticCamera

    camera = SyntheticCamera(seed=seed, options=synthetic.Options(finger=seed % 2 == 0))
    camera.open()
    frame = camera.still()
    result = scan.scan(frame, scan.Mode.TEXT)
    assert result is not None, "the demo page was not found"
    jpeg = scan.encode_jpeg(result.page)
    cv2.imwrite(str(out / f"camera-frame-{code}.jpg"), cv2.resize(frame, None, fx=0.4, fy=0.4))
    (out / f"scan-{code}.jpg").write_bytes(jpeg)
    say(f"  scanned {code}: page found, {result.quality.verdict.guidance}, {len(jpeg) // 1000} KB")
    return jpeg


HALL = "示范市青山区光明街道便民服务中心"


def _printer(out: Path, name: str) -> Any:
    from core.settings import DeviceSettings
    from devices.printer.printer import PrinterConfig, ReceiptPrinter

    # The printer is a file here; on a terminal the same settings name a network/USB printer.
    return ReceiptPrinter(
        PrinterConfig.from_settings(
            DeviceSettings("file", str(out / f"{name}.escpos"), {"paper_mm": "80"})
        )
    )


def print_receipt(out: Path, app: Application, item: Any) -> None:
    from devices.printer.templates import Hall, receipt

    printer = _printer(out, "receipt")
    blocks = receipt(app, item, Hall(HALL, "0791-12345678"))
    printer.preview(blocks).save(out / "receipt.png")
    data = printer.print_document(blocks)
    say(f"  receipt printed: {len(data)} ESC/POS bytes (receipt.escpos), preview receipt.png")


def print_notice(out: Path, item: Any, entries: Any, name: str) -> None:
    from devices.printer.templates import Hall, one_time_notice

    printer = _printer(out, "one-time-notice")
    blocks = one_time_notice(
        item, tuple(entries), Hall(HALL, "0791-12345678"), name, time.strftime("%Y-%m-%d %H:%M")
    )
    printer.preview(blocks).save(out / "one-time-notice.png")
    printer.print_document(blocks)
    say("  one-time notice printed (one-time-notice.escpos, one-time-notice.png)")


def journeys_step(out: Path, catalogue: Path) -> dict[str, Any]:
    clock = SystemClock()
    store_path = out / "var" / "store.sqlite"
    ident = sample_identity()
    with CatalogueStore(catalogue) as cat:
        hit = cat.search("居民身份证换领", region_code=REGION, limit=1)[0]
        item = cat.get(hit.impl_code)
        notice_item = cat.get(
            cat.search("城乡居民基本养老保险参保登记", region_code=REGION, limit=1)[0].impl_code
        )

    # Kiosk: complete materials → queued application and receipt number.
    k = kiosk_journey(clock)
    k.advance(KioskMode.APPLY.value)
    k.advance(ident)
    k.advance(item)
    k.advance()
    form = {**k.state.form_defaults(), "sex": "男", "phone": "13812345678"}
    k.advance(form)
    scans = {m.code: Submission(pages=1) for m in item.required_materials}
    k.advance(scans)
    assert k.current == "confirm", k.current
    paths = DataPaths.for_store(store_path)
    if paths.initialise():  # the terminal's first run: what `hall-sync store init` does
        say(f"· first run: master key created outside the data folder ({paths.key_file})")
    ops = Operations(
        paths.open_store(clock),
        catalogue=catalogue,
        terminal_id="K0001",
        region_code=REGION,
        hall=Hall(HALL, "0791-12345678"),
    )
    # What the document camera hands over: a JPEG per material, through the real pipeline.
    pages = [
        ScanInput(code, demo_scan(code, i + 1, out), pages=submission.pages)
        for i, (code, submission) in enumerate(scans.items())
    ]
    applicant = Applicant(
        ident.name, ident.id_number, ident.card_type.value, "13812345678", ident.address
    )
    # durable (scans fsynced, then one commit) before the receipt prints
    app = ops.submit(
        SubmitRequest(item, applicant, Channel.KIOSK, form=k.state.form, scans=pages)
    ).application
    queued = ops.store.counts()
    ops.close()
    print_receipt(out, app, item)
    k.advance(app.receipt_number)
    k.advance()
    k.advance(Rating(Satisfaction.VERY_SATISFIED))
    say(f"· kiosk journey: {item.name} at {item.department}")
    say(f"  form pre-filled from the card: {', '.join(sorted(k.state.form))}")
    say(
        f"  application queued durably, receipt {app.receipt_number} "
        f"(store: { {s.value: n for s, n in queued.items()} })"
    )

    # Counter: a villager missing a document → 补正 with the one-time notice.
    c = counter_journey(clock)
    c.advance(ident)
    c.advance(notice_item)
    c.advance(
        {
            "name": ident.name,
            "id_number": ident.id_number,
            "mobile": "13812345678",
            "address": ident.address,
            "insurance_type": "城乡居民基本养老保险",
        }
    )
    c.advance({"id_card": Submission(pages=1, original_seen=True)})
    c.advance(Decision(DecisionKind.CORRECTION))
    assert c.state.check is not None
    notice = [e.text for e in c.state.check.entries]
    say(
        f"· counter journey: {notice_item.name} → 补正, "
        f"one-time notice lists {len(notice)} item(s):"
    )
    for line in notice:
        say(f"    - {line}")
    print_notice(out, notice_item, c.state.check.entries, ident.name)

    evaluation = Evaluation(
        local_id=uuid7(clock.now()),
        satisfaction=Satisfaction.BASICALLY_SATISFIED,
        channel=EvaluationChannel.HALL_TERMINAL,
        at=clock.now(),
        terminal_id="K0001",
        application_id=app.local_id,
        item_basic_code=item.basic_code,
        item_impl_code=item.impl_code,
        region_code=REGION,
    )
    exports = {name: x.export(evaluation) for name, x in EXPORTERS.items()}
    say(
        "· evaluation 基本满意 exported: "
        f"GB/T 39046 code {exports['gbt39046']['满意度代码']}, "
        f"provincial code {exports['provincial']['satisfaction']}"
    )
    result = {
        "kiosk": {
            "item": item.name,
            "receipt_number": app.receipt_number,
            "status": app.status.value,
            "form_fields": sorted(k.state.form),
            "today": local_today(clock).isoformat(),
        },
        "counter": {"item": notice_item.name, "decision": "correction", "one_time_notice": notice},
        "evaluation_exports": exports,
    }
    (out / "journeys.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return result


def central_step(out: Path, catalogue: Path) -> None:
    import shutil

    import requests
    import uvicorn

    from central.app import create_app

    data = out / "var" / "central"
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "catalogue.sqlite").exists():
        shutil.copy(catalogue, data / "catalogue.sqlite")
    server = uvicorn.Server(
        uvicorn.Config(create_app(data), host="127.0.0.1", port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    health = requests.get(f"{base}/v1/health", timeout=5).json()
    hits = requests.get(
        f"{base}/v1/catalogue/search", params={"q": "sfz", "region": REGION}, timeout=5
    ).json()
    say(
        f"· central platform on {base}: health {health['status']}, "
        f"catalogue {health['catalogue_version']}, "
        f"search sfz → {hits[0]['name']}"
    )
    synced = sync_step(out, base, app_admin_token(data))
    (out / "central.json").write_text(
        json.dumps(
            {"url": base, "health": health, "search_sfz": hits, "sync": synced},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    server.should_exit = True
    thread.join(10)


def app_admin_token(data: Path) -> str:
    from central.app import admin_token_for

    return admin_token_for(data)


def sync_step(out: Path, base: str, admin_token: str) -> dict[str, Any]:
    """Delivers the kiosk's queued application through the outbox with `hall-sync run --once`,
    then moves it on the platform (受理) and pulls that progress back to the terminal."""
    import requests

    from central.platform import Platform

    bindir = Path(sys.executable).parent
    var = out / "var"
    secret = Platform(var / "central").add_terminal("K0001", "示范自助终端")
    secret_file = out / "keys" / "K0001.secret"  # outside var/: credentials never beside data
    secret_file.parent.mkdir(parents=True, exist_ok=True)
    secret_file.write_text(secret, encoding="utf-8")
    secret_file.chmod(0o600)
    run = [
        str(bindir / "hall-sync"),
        "run",
        "--once",
        "--db",
        str(var / "store.sqlite"),
        "--url",
        base,
        "--terminal",
        "K0001",
        "--secret-file",
        str(secret_file),
    ]
    first = subprocess.run(run, capture_output=True, text=True, check=True)
    say("· sync: " + first.stdout.strip().splitlines()[-1])
    with DataPaths.for_store(var / "store.sqlite").open_store(SystemClock()) as store:
        delivered = [store.load(i) for i in store.ids() if store.load(i).status is Status.DELIVERED]
    for app in delivered:
        requests.post(
            f"{base}/v1/admin/applications/{app.official_number}/status",
            json={"status": "accepted", "note": "材料齐全，予以受理"},
            headers={"Authorization": f"Bearer {admin_token}"},
            timeout=5,
        ).raise_for_status()
    second = subprocess.run(run, capture_output=True, text=True, check=True)
    with DataPaths.for_store(var / "store.sqlite").open_store(SystemClock()) as store:
        apps = [store.load(i) for i in store.ids()]
    rows = [
        {
            "receipt_number": a.receipt_number,
            "official_number": a.official_number,
            "status": a.status.label,
        }
        for a in apps
    ]
    for r in rows[-3:]:
        say(f"  {r['receipt_number']} → 办件编号 {r['official_number']} · {r['status']}")
    say("  " + second.stdout.strip().splitlines()[-1].replace("delivered", "then delivered"))
    return {"applications": rows, "platform": Platform(var / "central").counts()}


def screens_step(out: Path, catalogue: Path) -> None:
    env = {**os.environ}
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    bindir = Path(sys.executable).parent
    say("· kiosk screens:")
    subprocess.run(
        [str(bindir / "hall-kiosk"), "--catalogue", str(catalogue), "--screenshot", str(out)],
        check=True,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    say("· counter with simulated devices (ID card reader on a pty, serial review pad):")
    subprocess.run(
        [
            str(bindir / "hall-counter"),
            "--config",
            str(out / "counter.toml"),
            "--screenshot",
            str(out),
        ],
        check=True,
        env=env,
        stderr=subprocess.DEVNULL,
    )


PAD_KEYS = "31=非常满意, 32=满意, 33=基本满意, 34=不满意, 35=非常不满意"


@contextlib.contextmanager
def simulated_devices(out: Path) -> Iterator[None]:
    """Starts the reader and pad simulators (as a technician would, with hall-devices) and
    writes the counter's settings naming their ports — configuration, not test switches."""
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
                str(var / "idcard"),
                "--card",
                "elder",
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
                "满意",
                "--delay",
                "1",
            ],
        )
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            say(f"  simulator {proc.stdout.readline().strip()}")
        (out / "counter.toml").write_text(
            f"""[terminal]
id = "COUNTER-DEMO"
role = "counter"
region_code = "{REGION}"
hall_name = "示范市青山区光明街道便民服务中心"
window = "3号窗口"

[storage]
data_dir = "var"

[counter]
staff_name = "王芳"
staff_id = "A0123"

[devices.idcard]
type = "sam-serial"
port = "{var / "idcard"}"

[devices.printer]
type = "file"                   # a network/USB/serial printer on a real counter
port = "{out / "counter-reprint.escpos"}"
options = {{ paper_mm = "80" }}

[devices.pad]
type = "serial"
port = "{var / "pad"}"
options = {{ keys = "{PAD_KEYS}", invite_hex = "A501" }}
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
    # The demo terminal's master key: outside its data folder (var/), inside the demo's.
    os.environ.setdefault("HALL_KEY_DIR", str(out / "keys"))
    say(f"Hall Terminal demo → {out}")
    catalogue = catalogue_step(out)
    journeys_step(out, catalogue)
    central_step(out, catalogue)
    with simulated_devices(out):
        screens_step(out, catalogue)
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
                [str(bindir / "hall-kiosk"), "--windowed", "--catalogue", str(catalogue)],
                check=False,
            )
            counter.terminate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
