"""Laid-out lines → ESC/POS bytes, and the same lines → a PNG preview.

Text is encoded by us as GB18030 (python-escpos 3.1's ``text()`` would print '?' for CJK
punctuation and rare characters); a line the printer font cannot show is rasterised with a CJK
font and sent as an image (GS v 0), and the preview draws that very raster. python-escpos does
the rest: alignment and emphasis, QR (native GS ( k or as an image, per profile), images, cut.
"""

from __future__ import annotations

import functools
import io
import logging
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from core.documents.blocks import Align
from core.documents.fonts import cjk_font_path
from core.errors import DeviceFault
from core.messages import tr
from devices.printer.layout import (
    CutLine,
    FeedLine,
    Line,
    Paper,
    PictureLine,
    Printable,
    QRLine,
    char_width,
    display_width,
)

log = logging.getLogger(__name__)

DOT_COLUMN = 12  # Font A: 12 × 24 dots per half-width column
LINE_HEIGHT = 30  # dots per text line (24-dot font + default spacing)
#: The text's baseline in the line: a CJK glyph (21 dots above it, 2 below) and the
#: underscore of a signature line (0–4 below) both fit in LINE_HEIGHT.
BASELINE = 25

FS_CJK_ON = b"\x1c\x26"
FS_CJK_OFF = b"\x1c\x2e"


@dataclass(frozen=True)
class PrinterProfile:
    """What differs between printers (from configuration)."""

    name: str = "default"  # an escpos-printer-db profile
    paper_mm: int = 80
    native_qr: bool = True  # GS ( k; False: QR as a raster image
    cjk_mode_commands: bool = False  # wrap CJK text in FS & … FS .
    can_cut: bool = True

    @property
    def paper(self) -> Paper:
        return Paper.mm(self.paper_mm)


@functools.cache
def font_path() -> str:
    found = cjk_font_path()
    if found is not None:
        return found
    raise DeviceFault(
        "no CJK font found for printing image lines",
        user_message=tr("本机缺少中文字体，无法打印生僻字，请联系技术人员。"),
    )


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), size)


@functools.cache
def _missing_glyph(size: int) -> bytes:
    mask = _font(size).getmask("\U0010fffd")
    return bytes(mask)


def _has_glyph(ch: str, size: int) -> bool:
    return ch.isspace() or bytes(_font(size).getmask(ch)) != _missing_glyph(size)


def rasterise(line: Line, paper: Paper) -> Image.Image:
    """The line as the printer would show it, 1 bit per dot (used both to print and to
    preview). Characters no installed font has are written as their code point, never '?'."""
    scale = 2 if line.large else 1
    size = 24 * scale
    text = "".join(c if _has_glyph(c, size) else f"[U+{ord(c):04X}]" for c in line.text)
    img = Image.new("1", (paper.dots, LINE_HEIGHT * scale), 1)
    draw = ImageDraw.Draw(img)
    font = _font(size)
    width = display_width(text) * DOT_COLUMN * scale
    starts = {
        Align.LEFT: 0,
        Align.CENTER: (paper.dots - width) // 2,
        Align.RIGHT: paper.dots - width,
    }
    x = max(starts[line.align], 0)
    for ch in text:  # one cell per character, on the printer's grid
        cell = char_width(ch) * DOT_COLUMN * scale
        glyph = font.getlength(ch)
        draw.text(  # on a baseline that leaves room for descenders and underscores
            (x + (cell - glyph) / 2, BASELINE * scale),
            ch,
            font=font,
            anchor="ls",
            fill=0,
            stroke_width=1 if line.bold else 0,
            stroke_fill=0,
        )
        x += cell
    return img


def qr_image(data: str, size: int) -> Image.Image:
    import qrcode  # when a receipt is printed, not when the kiosk starts (40 ms)

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=size, border=0)
    code.add_data(data)
    code.make(fit=True)
    img: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return img.convert("1")


def picture_image(png: bytes, paper: Paper, share: float) -> Image.Image:
    """A PNG as the paper's black dots: on white where it is transparent (a signature's
    strokes), cropped to what was drawn, at most ``share`` of the paper's width and never
    enlarged, centred."""
    drawn = Image.open(io.BytesIO(png))
    drawn.load()
    white = Image.new("RGBA", drawn.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(white, drawn.convert("RGBA")).convert("L")
    # what was drawn, not the empty pad around it (a signature takes a corner of its pad)
    inked = flat.point(lambda v: 255 if v <= 160 else 0).getbbox()
    if inked is not None:
        left, top, right, bottom = inked
        margin = 8
        flat = flat.crop(
            (
                max(0, left - margin),
                max(0, top - margin),
                min(flat.width, right + margin),
                min(flat.height, bottom + margin),
            )
        )
    widest = max(1, int(paper.dots * share))
    if flat.width > widest:
        high = max(1, flat.height * widest // flat.width)
        flat = flat.resize((widest, high), Image.Resampling.LANCZOS)
    ink = flat.point(lambda v: 255 if v > 160 else 0).convert("1")
    return _centred(ink, paper)


def _printer(profile: PrinterProfile) -> Any:
    # python-escpos loads its printer database on import (~0.2 s): on the printer's thread,
    # at the first print, not while a kiosk starts.
    from escpos.printer import Dummy

    p = Dummy(profile=profile.name)
    # escpos centres images using the profile's paper width; set it from our configuration.
    media = p.profile.profile_data.setdefault("media", {}).setdefault("width", {})
    media["pixels"] = profile.paper.dots
    media["mm"] = profile.paper_mm
    return p


def to_escpos(lines: list[Printable], profile: PrinterProfile) -> bytes:
    paper = profile.paper
    p = _printer(profile)
    p.hw("INIT")
    for item in lines:
        if isinstance(item, Line):
            if item.as_image:
                p.set(align="left")
                p.image(rasterise(item, paper), center=False)
                continue
            p.set(
                align=item.align.value,
                bold=item.bold,
                double_width=item.large,
                double_height=item.large,
                normal_textsize=not item.large,
            )
            data = item.text.encode("gb18030")
            if profile.cjk_mode_commands and not item.text.isascii():
                data = FS_CJK_ON + data + FS_CJK_OFF
            p._raw(data + b"\n")
        elif isinstance(item, QRLine):
            p.set(align="center", normal_textsize=True, bold=False)
            if profile.native_qr:
                p.qr(item.data, native=True, size=item.size, center=False)
            else:
                p.image(_centred(qr_image(item.data, item.size), paper), center=False)
        elif isinstance(item, PictureLine):
            p.set(align="left", normal_textsize=True, bold=False)
            p.image(picture_image(item.png, paper, item.share), center=False)
        elif isinstance(item, FeedLine):
            p._raw(b"\x1bd" + bytes([min(item.lines, 255)]))
        elif isinstance(item, CutLine) and profile.can_cut:
            p.cut()
    p.set(align="left", bold=False, normal_textsize=True)
    return bytes(p.output)


def _centred(img: Image.Image, paper: Paper) -> Image.Image:
    canvas = Image.new("1", (paper.dots, img.height), 1)
    canvas.paste(img, ((paper.dots - img.width) // 2, 0))
    return canvas


def preview(lines: list[Printable], profile: PrinterProfile) -> Image.Image:
    """The paper as it comes out, at 1 pixel per dot."""
    paper = profile.paper
    parts: list[Image.Image] = []
    for item in lines:
        if isinstance(item, Line):
            parts.append(rasterise(item, paper))
        elif isinstance(item, QRLine):
            parts.append(_centred(qr_image(item.data, item.size), paper))
        elif isinstance(item, PictureLine):
            parts.append(picture_image(item.png, paper, item.share))
        elif isinstance(item, FeedLine):
            parts.append(Image.new("1", (paper.dots, LINE_HEIGHT * item.lines), 1))
        elif isinstance(item, CutLine):
            cut = Image.new("1", (paper.dots, 12), 1)
            draw = ImageDraw.Draw(cut)
            for x in range(0, paper.dots, 12):
                draw.line((x, 6, x + 6, 6), fill=0)
            parts.append(cut)
    margin = 16
    height = sum(p.height for p in parts) + 2 * margin
    page = Image.new("L", (paper.dots + 2 * margin, height), 255)
    y = margin
    for part in parts:
        page.paste(part.convert("L"), (margin, y))
        y += part.height
    return page
