"""What goes on the paper, independent of how it gets there: blocks laid out in columns.

A document is a list of blocks (text lines with alignment and emphasis, rules, QR codes, blank
feed, cut). :func:`layout` turns it into printable lines for a paper width: text wrapped by
*display width* (a Han character or full-width punctuation takes two columns, as on the
printer's grid), and every line the printer's font cannot show marked to be printed as an image
— never as '?'. Both the ESC/POS renderer and the PNG preview consume the same laid-out lines,
so what the preview shows is what the bytes print.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field

from core.documents.blocks import QR, Align, Block, Cut, Feed, Pair, Picture, Rule, Text


class Charset(enum.Enum):
    """What the printer's built-in font can show."""

    GB2312 = "gb2312"
    GBK = "gbk"
    GB18030 = "gb18030"


@dataclass(frozen=True)
class Paper:
    dots: int  # printable width in dots (58 mm ≈ 384, 80 mm ≈ 576)
    columns: int  # half-width columns of Font A (12 dots each)

    @classmethod
    def mm(cls, width: int) -> Paper:
        if width == 58:
            return cls(384, 32)
        if width == 80:
            return cls(576, 48)
        raise ValueError("paper width must be 58 or 80 (mm)")


@dataclass(frozen=True)
class Line:
    """One printable line."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    large: bool = False
    as_image: bool = False  # the font lacks a character: print this line as a raster image


@dataclass(frozen=True)
class QRLine:
    data: str
    size: int


@dataclass(frozen=True)
class PictureLine:
    png: bytes = field(repr=False)
    share: float = 0.6


@dataclass(frozen=True)
class FeedLine:
    lines: int


@dataclass(frozen=True)
class CutLine:
    pass


Printable = Line | QRLine | PictureLine | FeedLine | CutLine


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


#: Marks that must not begin a line (Chinese line-breaking rules, 避头点).
NO_LINE_START = frozenset("，。、；：！？）》」』】”’,.;:!?)]}%")


def wrap(text: str, columns: int, indent: int = 0) -> list[str]:
    """Wraps by display width. Han characters break anywhere; runs of Latin letters and digits
    (numbers, codes, English names) are kept whole when they fit on a line."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, width = "", 0
        tokens = _tokens(paragraph)
        for tok in tokens:
            w = display_width(tok)
            if width + w <= columns:
                line, width = line + tok, width + w
                continue
            if tok.isspace():
                out.append(line.rstrip())
                line, width = " " * indent, indent
                continue
            if w <= columns - indent and line.strip():
                carried = ""
                if tok[0] in NO_LINE_START and len(line.strip()) > 1:
                    # 避头点: a closing mark never starts a line; its character comes along
                    line, carried = line.rstrip()[:-1], line.rstrip()[-1]
                out.append(line.rstrip())
                line = " " * indent + carried + tok
                width = display_width(line)
                continue
            for ch in tok:  # a token longer than a line, or Han text: break by character
                cw = char_width(ch)
                if width + cw > columns:
                    carried = ""
                    if ch in NO_LINE_START and len(line.strip()) > 1:
                        # 避头点: a closing mark never starts a line; its character comes along
                        line, carried = line[:-1], line[-1]
                    out.append(line.rstrip())
                    line = " " * indent + carried
                    width = display_width(line)
                line, width = line + ch, width + cw
        out.append(line.rstrip())
    return out


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for ch in text:
        if tokens and _joins(tokens[-1][-1], ch):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _joins(prev: str, ch: str) -> bool:
    def word(c: str) -> bool:
        return c.isascii() and (c.isalnum() or c in "-_./:*@#")

    return word(prev) and word(ch)


def printable_in(text: str, charset: Charset) -> bool:
    try:
        text.encode(charset.value)
    except UnicodeEncodeError:
        return False
    return True


def layout(blocks: list[Block], paper: Paper, charset: Charset = Charset.GBK) -> list[Printable]:
    out: list[Printable] = []

    def add_text(text: str, align: Align, bold: bool, large: bool) -> None:
        out.append(Line(text, align, bold, large, not printable_in(text, charset)))

    for b in blocks:
        if isinstance(b, Text):
            cols = paper.columns // 2 if b.large else paper.columns
            for piece in wrap(b.text, cols, b.indent):
                add_text(piece, b.align, b.bold, b.large)
        elif isinstance(b, Pair):
            label_w, value_w = display_width(b.label), display_width(b.value)
            if label_w + 1 + value_w <= paper.columns:
                gap = paper.columns - label_w - value_w
                add_text(b.label + " " * gap + b.value, Align.LEFT, False, False)
            else:
                add_text(b.label, Align.LEFT, False, False)
                for piece in wrap(b.value, paper.columns - 2):
                    pad = paper.columns - display_width(piece)
                    add_text(" " * pad + piece, Align.LEFT, False, False)
        elif isinstance(b, Rule):
            out.append(Line(b.char * (paper.columns // char_width(b.char))))
        elif isinstance(b, QR):
            out.append(QRLine(b.data, b.size))
            if b.caption:
                for piece in wrap(b.caption, paper.columns):
                    add_text(piece, Align.CENTER, False, False)
        elif isinstance(b, Picture):
            out.append(PictureLine(b.png, b.share))
            if b.caption:
                for piece in wrap(b.caption, paper.columns):
                    add_text(piece, Align.CENTER, False, False)
        elif isinstance(b, Feed):
            out.append(FeedLine(b.lines))
        elif isinstance(b, Cut):
            out.append(CutLine())
    return out
