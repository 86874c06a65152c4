"""Receipts and notices: layout by display width, GB18030 bytes checked by an independent
decoder, rare characters as images (never '?'), QR payloads, previews, transports."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.application import (
    Applicant,
    Application,
    Attachment,
    Channel,
    CheckState,
    Defect,
    NoticeEntry,
    checklist_from,
)
from core.documents.blocks import Align, Pair, Text
from core.documents.hall import (
    Hall,
    acceptance_notice,
    guide,
    one_time_notice,
    query_payload,
    receipt,
    transfer_list,
)
from core.errors import DeviceFault, DeviceUnavailable, SettingsError
from core.ids import uuid7
from core.ports import DeviceState
from core.settings import DeviceSettings
from devices.printer.layout import (
    Charset,
    Line,
    Paper,
    display_width,
    layout,
    wrap,
)
from devices.printer.printer import PrinterConfig, ReceiptPrinter
from devices.printer.render import PrinterProfile, preview, rasterise, to_escpos
from tests.helpers.escpos_decode import decode
from tests.helpers.samples import simple_item

HALL = Hall("示范市青山区光明街道便民服务中心", "0791-12345678")
NOW = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)


def read_qr(gray: np.ndarray) -> str:
    """OpenCV's two QR readers (the classic one misses some crisp synthetic codes)."""
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        payload, _, _ = detector.detectAndDecode(gray)
        if payload:
            return str(payload)
    return ""


def sample_app(name: str = "张三丰") -> Application:
    lid = uuid7(NOW)
    return Application(
        local_id=lid,
        receipt_number="K0001-261125-ABCDEF",
        item_impl_code="3699010000000101001",
        item_version=1,
        item_name="居民身份证申领",
        channel=Channel.KIOSK,
        applicant=Applicant(name, "110101199001010031", "resident", "", ""),
        created_at=NOW,
        terminal_id="K0001",
        attachments=[Attachment("hukou", "ab" * 32, 2, "image/jpeg", 100)],
    )


def _bytes(blocks: list, profile: PrinterProfile, charset: Charset = Charset.GBK) -> bytes:
    return to_escpos(layout(blocks, profile.paper, charset), profile)


@pytest.mark.parametrize("paper", [58, 80])
def test_sample_receipt_decodes_intact(paper: int) -> None:
    profile = PrinterProfile(paper_mm=paper)
    app = sample_app()
    d = decode(_bytes(receipt(app, simple_item(), HALL), profile))
    text = d.text
    for expected in (
        "申请材料接收回执",
        HALL.name,
        "K0001-261125-ABCDEF",
        "居民身份证申领",
        "张*丰",
        "1101**********0031",
        "2026-11-25 10:30",
        "20个工作日",
        "居民户口簿（2页）",
        "扫码查询办理进度",
        "咨询电话：0791-12345678",
    ):
        assert expected in text, expected
    assert "张三丰" not in text  # masked
    assert "?" not in text
    assert d.qr_payloads == [query_payload(app, HALL)]
    assert d.cuts == 1
    assert d.kinds()[0] == "init"
    assert max(display_width(line) for line in d.text_lines) <= profile.paper.columns


def test_a_name_the_font_cannot_show_is_printed_as_an_image() -> None:
    profile = PrinterProfile(paper_mm=58)
    app = sample_app("𠮷祥云")
    lines = layout(receipt(app, simple_item(), HALL), profile.paper, Charset.GBK)
    [image_line] = [x for x in lines if isinstance(x, Line) and x.as_image]
    assert "𠮷" in image_line.text
    d = decode(to_escpos(lines, profile))
    assert "𠮷" not in d.text
    assert "?" not in d.text
    [raster] = d.rasters
    expected = ~np.array(rasterise(image_line, profile.paper), dtype=bool)
    assert raster.bits[:, : expected.shape[1]].tolist() == expected.tolist()  # same dots
    assert raster.bits.any()
    # with a GB18030 font on the printer, the same name goes as text
    assert (
        "𠮷*云"
        in decode(
            to_escpos(
                layout(receipt(app, simple_item(), HALL), profile.paper, Charset.GB18030), profile
            )
        ).text
    )


def test_qr_as_image_for_printers_without_native_qr() -> None:
    profile = PrinterProfile(paper_mm=80, native_qr=False)
    app = sample_app()
    d = decode(_bytes(receipt(app, simple_item(), HALL), profile))
    assert d.qr_payloads == []
    qr = max(d.rasters, key=lambda r: r.height)
    img = np.where(qr.bits, 0, 255).astype(np.uint8)
    img = cv2.copyMakeBorder(img, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    assert read_qr(img) == query_payload(app, HALL)


def test_cjk_mode_commands_wrap_chinese_text() -> None:
    profile = PrinterProfile(paper_mm=58, cjk_mode_commands=True)
    d = decode(_bytes([Text("你好，世界"), Text("ABC")], profile))
    kinds = d.kinds()
    assert kinds.count("cjk_on") == 1
    assert kinds.index("cjk_on") < kinds.index("text") < kinds.index("cjk_off")
    assert d.text_lines == ["你好，世界", "ABC"]


def test_preview_shows_the_receipt_with_a_readable_qr(tmp_path: Path) -> None:
    profile = PrinterProfile(paper_mm=58)
    app = sample_app()
    img = preview(layout(receipt(app, simple_item(), HALL), profile.paper), profile)
    assert img.width == profile.paper.dots + 32
    path = tmp_path / "receipt.png"
    img.save(path)
    gray = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert read_qr(gray) == query_payload(app, HALL)
    assert (gray < 128).mean() > 0.03  # there is text on it


def test_notices_and_guide() -> None:
    item = simple_item()
    profile = PrinterProfile(paper_mm=80)
    entries = (
        NoticeEntry(item.materials[1], Defect.MISSING),
        NoticeEntry(item.materials[0], Defect.UNREADABLE, "照片模糊"),
    )
    notice_lines = decode(
        _bytes(one_time_notice(item, entries, HALL, "张三丰", "2026-11-25 10:30"), profile)
    ).text_lines
    notice = "".join(line.strip() for line in notice_lines)
    assert "一次性告知书" in notice
    assert "居民户口簿" in notice
    assert "未提供" in notice
    assert "照片模糊" in notice
    assert "张三丰：" in notice  # a notice names its addressee in full (the receipt masks)
    app = sample_app()
    app.official_number = "3699010000000101001202611250001"
    accepted = decode(_bytes(acceptance_notice(app, item, HALL, "2026-11-25 10:40"), profile))
    assert "受理通知书" in accepted.text
    assert "3699010000000101001202611250001" in accepted.text.replace("\n", "")
    printed_guide = decode(_bytes(guide(item, HALL), profile)).text
    assert "办事指南" in printed_guide
    assert "授权委托书（委托他人代办的提供）" in printed_guide
    # the item's 设定依据 and a material an agent station's signed consent stands for
    from dataclasses import replace

    attorney = replace(item.material("power_of_attorney"), consent_accepted=True)
    signed = replace(
        item,
        legal_basis="《中华人民共和国居民身份证法》",
        materials=tuple(attorney if m.code == attorney.code else m for m in item.materials),
    )
    printed = decode(_bytes(guide(signed, HALL), profile)).text.replace("\n", "")
    assert "设定依据：《中华人民共和国居民身份证法》" in printed
    assert "在代办站当场电子签署的可代替" in printed


@given(
    st.text(alphabet=st.sampled_from(list("申请人居民身份证ABCdef123 -，。（）𠮷")), max_size=120),
    st.integers(8, 48),
)
def test_wrapping_respects_display_width_and_keeps_every_character(text: str, columns: int) -> None:
    lines = wrap(text, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_pairs_align_right_and_wrap_under_long_labels() -> None:
    paper = Paper.mm(58)
    [line] = layout([Pair("回执编号", "K1-2")], paper)
    assert isinstance(line, Line)
    assert display_width(line.text) == paper.columns
    assert line.text.endswith("K1-2")
    long = layout(
        [Pair("实施机关", "示范市青山区人力资源和社会保障局（社会保险事业管理中心）")], paper
    )
    assert len(long) > 2
    assert all(isinstance(x, Line) and display_width(x.text) <= paper.columns for x in long)
    centred = layout([Text("中", Align.CENTER)], paper)[0]
    assert isinstance(centred, Line)


def test_file_transport_writes_the_bytes(tmp_path: Path) -> None:
    out = tmp_path / "lp0"
    printer = ReceiptPrinter(
        PrinterConfig.from_settings(DeviceSettings("file", str(out), {"paper_mm": "58"}))
    )
    data = printer.print_document(receipt(sample_app(), simple_item(), HALL))
    assert out.read_bytes() == data
    assert "申请材料接收回执" in decode(out.read_bytes()).text


@pytest.fixture
def network_printer() -> Iterator[tuple[int, dict[str, object]]]:
    """A printer on 127.0.0.1: answers DLE EOT 4 with the paper state, keeps what it got."""
    state: dict[str, object] = {"paper": 0x12, "got": b""}
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                got = b""
                while True:
                    try:
                        chunk = conn.recv(65536)
                    except (TimeoutError, OSError):
                        break
                    if not chunk:
                        break
                    got += chunk
                    if got.endswith(b"\x10\x04\x04"):
                        conn.sendall(bytes([int(state["paper"])]))  # type: ignore[arg-type]
                state["got"] = got

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], state
    stop.set()
    thread.join(3)
    server.close()


def test_network_printer_prints_and_reports_paper_out(
    network_printer: tuple[int, dict[str, object]],
) -> None:
    port, state = network_printer
    printer = ReceiptPrinter(
        PrinterConfig.from_settings(
            DeviceSettings("network", f"127.0.0.1:{port}", {"paper_mm": "80"})
        )
    )
    data = printer.print_document(receipt(sample_app(), simple_item(), HALL))
    deadline = datetime.now().timestamp() + 3
    while not state["got"] and datetime.now().timestamp() < deadline:
        threading.Event().wait(0.05)
    query = b"\x10\x04\x04"  # DLE EOT 4: paper status, asked before and read back after
    while bytes(state["got"]).count(query) < 2 and datetime.now().timestamp() < deadline:  # type: ignore[arg-type]
        threading.Event().wait(0.05)
    assert bytes(state["got"]) == query + data + query  # type: ignore[arg-type]
    assert printer.two_way
    state["paper"] = 0x72  # the no-paper bits
    with pytest.raises(DeviceFault) as err:
        printer.print_document(receipt(sample_app(), simple_item(), HALL))
    assert "缺纸" in err.value.user_message


def test_an_unreachable_printer_says_so_and_nothing_of_what_it_printed() -> None:
    """The driver does not know whether it printed a receipt, a notice or a guide: what to do
    next is said by the page or window that printed (a guide has no receipt to reprint)."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    printer = ReceiptPrinter(
        PrinterConfig.from_settings(DeviceSettings("network", f"127.0.0.1:{port}", {}))
    )
    with pytest.raises(DeviceUnavailable) as err:
        printer.print_document(receipt(sample_app(), simple_item(), HALL))
    assert err.value.user_message == "打印机未连接或未开机。"


def test_bad_printer_settings_are_explained() -> None:
    with pytest.raises(SettingsError):
        PrinterConfig.from_settings(DeviceSettings("parallel", "lpt1", {}))
    with pytest.raises(SettingsError):
        PrinterConfig.from_settings(DeviceSettings("file", "x", {"paper_mm": "70"}))


def test_a_probe_asks_without_printing_and_finds_a_printer_brought_back(tmp_path: Path) -> None:
    """Between citizens the kiosk asks the printer how it is: an unreachable one is
    DISCONNECTED, the same address listening again READY — nothing printed, a file printer's
    output never emptied by the question."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    printer = ReceiptPrinter(
        PrinterConfig.from_settings(DeviceSettings("network", f"127.0.0.1:{port}", {}))
    )
    assert printer.probe() is DeviceState.DISCONNECTED
    with socket.create_server(("127.0.0.1", port)) as back:
        back.settimeout(5)
        assert printer.probe() is DeviceState.READY
        conn, _ = back.accept()
        with conn:
            conn.settimeout(1)
            try:
                sent = conn.recv(100)
            except TimeoutError:
                sent = b""
            assert sent == b"" or not sent.startswith(b"\\x1b@")  # no document
    out = tmp_path / "printer.escpos"
    out.write_bytes(b"an earlier receipt")
    file_printer = ReceiptPrinter(PrinterConfig.from_settings(DeviceSettings("file", str(out), {})))
    assert file_printer.probe() is DeviceState.READY
    assert out.read_bytes() == b"an earlier receipt"


def test_the_transfer_list_hands_over_only_the_paper_the_hall_keeps() -> None:
    """物料转移单: an original checked and handed back is not handed to the back office (it
    was listed as handed over); a kept original and copies are; the copy of a 原件及复印件
    material is, its original noted as handed back."""
    app = sample_app()
    app.checklist = checklist_from(
        {
            "id_card": (CheckState.ORIGINAL_SEEN, ""),  # 原件: checked, handed back
            "hukou": (CheckState.ORIGINAL_SEEN, ""),  # 原件及复印件: the copy stays
            "photo": (CheckState.ORIGINAL_KEPT, ""),  # 原件: kept
        },
        {"id_card": 1, "hukou": 2, "photo": 2},
    )
    blocks = transfer_list(app, simple_item(), HALL, "2026-11-25 10:30")
    text = decode(_bytes(blocks, PrinterProfile(paper_mm=80))).text
    assert "1. 居民户口簿（复印件，原件已核验退还，2页）" in text
    assert "2. 照片（原件，2页）" in text
    assert "共 2 项" in text
    handed_over = text.split("共 2 项")[0].split("原件核验后已退还申请人")[0]
    assert "申请人居民身份证" not in handed_over
    assert "原件核验后已退还申请人（不移交）" in text
    assert text.index("申请人居民身份证", text.index("不移交")) > 0


def test_a_counters_one_time_notice_for_a_licence_cites_its_law_and_the_guides_words() -> None:
    """Issue 29 item 13: the notice reduced a material to 原件1份 and cited no law."""
    from core.catalogue.models import ItemType

    item = simple_item(item_type=ItemType.LICENSE)
    entry = NoticeEntry(item.material("id_card"), Defect.MISSING)
    blocks = one_time_notice(
        item, (entry,), HALL, "张三丰", "2026-11-25 10:30", counter=True, receipt_number="C1"
    )
    text = decode(_bytes(blocks, PrinterProfile(paper_mm=80))).text.replace("\n", "")
    assert "要求：原件1份；可用电子证照“居民身份证”代替" in text
    assert "依据：《中华人民共和国行政许可法》第三十二条第一款第（四）项" in text
    assert "请于2026年12月25日前补正" in text


def test_a_one_time_notice_cites_the_items_own_legal_basis_too() -> None:
    """Issue 29 item 13: the item's 设定依据 (from the catalogue) before the Licensing Law."""
    from core.catalogue.models import ItemType

    item = simple_item(item_type=ItemType.LICENSE, legal_basis="《中华人民共和国居民身份证法》")
    entry = NoticeEntry(item.material("id_card"), Defect.MISSING)
    blocks = one_time_notice(item, (entry,), HALL, "张三丰", "2026-11-25 10:30", counter=True)
    text = decode(_bytes(blocks, PrinterProfile(paper_mm=80))).text.replace("\n", "")
    assert (
        "依据：《中华人民共和国居民身份证法》和《中华人民共和国行政许可法》第三十二条第一款第（四）项"
        in text
    )


def test_the_review_organ_and_the_court_follow_the_organ_and_its_level() -> None:
    from core.catalogue.models import Level
    from core.notices import competent_court, review_organ

    county = simple_item()
    assert review_organ(county) == "示范市青山区人民政府"
    assert competent_court(county) == "示范市青山区人民法院"
    street = simple_item(
        level=Level.TOWNSHIP, region_name="示范市青山区光明街道", department="光明街道办事处"
    )
    assert review_organ(street) == "示范市青山区人民政府"  # a 街道's act: the county's
    assert competent_court(street) == "示范市青山区人民法院"
    tax = simple_item(department="国家税务总局示范市青山区税务局")
    assert review_organ(tax) == "国家税务总局示范市青山区税务局的上一级主管部门"
    city = simple_item(level=Level.CITY, region_name="示范市", department="示范市民政局")
    assert review_organ(city) == "示范市人民政府"
    assert competent_court(city) == "示范市民政局所在地的基层人民法院"


def test_a_signature_prints_as_drawn_cropped_to_its_ink_and_within_its_share() -> None:
    """The villager's signature on the consent slip: transparent where not drawn (white on
    paper), the empty pad around the strokes left out, never wider than its share."""
    import io

    from PIL import Image, ImageDraw

    from devices.printer.layout import Paper
    from devices.printer.render import picture_image

    pad = Image.new("RGBA", (1200, 500), (0, 0, 0, 0))  # transparent, as the pad exports it
    ImageDraw.Draw(pad).line((100, 100, 1100, 140), fill=(0, 0, 0, 255), width=6)
    png = io.BytesIO()
    pad.save(png, "PNG")
    paper = Paper.mm(80)
    printed = picture_image(png.getvalue(), paper, 0.6)
    assert printed.width == paper.dots  # centred on the paper's width
    ink = printed.point(lambda v: 255 if v == 0 else 0).getbbox()
    assert ink is not None
    left, _, right, _ = ink
    assert right - left <= int(paper.dots * 0.6)
    assert printed.height < 80  # the strokes' band, not the 500-px pad
    assert (left + right) // 2 == pytest.approx(paper.dots // 2, abs=4)


def test_a_queue_ticket_prints_its_number_the_people_ahead_and_a_qr() -> None:
    """Issue 23: 排队号 — the number large, the category, who is ahead, an honest estimate."""
    from datetime import datetime

    from core.clock import CST
    from core.documents.hall import queue_ticket

    at = datetime(2026, 12, 5, 9, 30, tzinfo=CST)
    blocks = queue_ticket(HALL, "A012", "户籍证件", at, ahead=3, estimate="约15分钟")
    printed = decode(_bytes(blocks, PrinterProfile(paper_mm=80)))
    text = printed.text.replace("\n", "")
    assert "A012" in text
    assert "前面等候" in text and "3人" in text  # noqa: PT018 - one line on the ticket
    assert "约15分钟" in text
    assert "2026-12-05 09:30" in text
    bare = decode(_bytes(queue_ticket(HALL, "B001", "社保医保", at, ahead=0), PrinterProfile()))
    assert "预计等候" not in bare.text  # no estimate to give: none printed
