"""`hall-devices printer test`: print the sample receipt, or write its bytes and preview."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.application import Applicant, Application, Attachment, Channel
from core.catalogue.models import (
    Audience,
    Handling,
    ItemType,
    Level,
    Material,
    MaterialForm,
    ServiceItem,
)
from core.documents.hall import Hall, query_payload, receipt
from core.errors import HallError
from core.forms import FormSchema
from core.ids import uuid7
from core.settings import DeviceSettings
from devices.printer.printer import TYPES, PrinterConfig, ReceiptPrinter


def add_parser(sub: Any) -> None:
    p = sub.add_parser("printer", help="receipt printer (ESC/POS)")
    psub = p.add_subparsers(dest="printer_command", required=True)
    t = psub.add_parser("test", help="print the sample receipt (or write its bytes / preview)")
    where = t.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", help="network HOST:PORT, serial port, USB VID:PID, or a device")
    where.add_argument("--output", type=Path, help="write the ESC/POS bytes to this file")
    t.add_argument("--type", choices=TYPES, default="network", help="transport for --port")
    t.add_argument("--profile", default="default", help="escpos-printer-db profile")
    t.add_argument("--paper", type=int, choices=(58, 80), default=80)
    t.add_argument("--image-qr", action="store_true", help="QR as an image (no GS ( k)")
    t.add_argument("--cjk-mode", action="store_true", help="wrap Chinese in FS & … FS .")
    t.add_argument("--charset", choices=("gb2312", "gbk", "gb18030"), default="gbk")
    t.add_argument("--preview", type=Path, help="also write the PNG preview here")
    t.set_defaults(handler=_test)


def sample_documents() -> tuple[Application, ServiceItem, Hall]:
    now = datetime.now(UTC)
    lid = uuid7(now)
    item = ServiceItem(
        impl_code="3699010000000101001",
        basic_code="0101001",
        version=1,
        name="居民身份证申领",
        theme="身份证",
        item_type=ItemType.CONFIRMATION,
        audiences=frozenset({Audience.PERSON}),
        department="示范市青山区公安局",
        region_code="369901000000",
        region_name="示范市青山区",
        level=Level.COUNTY,
        handling=Handling.PROMISED,
        legal_limit_days=60,
        promised_limit_days=20,
        materials=(Material("hukou", "居民户口簿", MaterialForm.ORIGINAL_AND_COPY, 1, True),),
        form=FormSchema(()),
    )
    app = Application(
        local_id=lid,
        receipt_number="TEST-000000-PRINT1",
        item_impl_code=item.impl_code,
        item_version=1,
        item_name=item.name,
        channel=Channel.COUNTER,
        applicant=Applicant("𠮷祥云", "110101199001010031", "resident", "", ""),
        created_at=now,
        terminal_id="TEST",
        attachments=[Attachment("hukou", "0" * 64, 2, "image/jpeg", 1)],
    )
    return app, item, Hall("打印测试 · 示范市政务服务中心", "0791-12345678")


def _test(args: argparse.Namespace) -> int:
    options = {
        "profile": args.profile,
        "paper_mm": str(args.paper),
        "native_qr": str(not args.image_qr),
        "cjk_mode_commands": str(args.cjk_mode),
        "charset": args.charset,
    }
    settings = (
        DeviceSettings("file", str(args.output), options)
        if args.output
        else DeviceSettings(args.type, args.port, options)
    )
    app, item, hall = sample_documents()
    try:
        printer = ReceiptPrinter(PrinterConfig.from_settings(settings))
        blocks = receipt(app, item, hall)
        if args.preview:
            printer.preview(blocks).save(args.preview)
            print(f"preview: {args.preview}")
        data = printer.print_document(blocks)
    except HallError as e:
        print(f"打印失败: {e.user_message} ({e.detail})", file=sys.stderr)
        return 2
    print(f"sent {len(data)} bytes; QR payload {query_payload(app, hall)}")
    return 0
