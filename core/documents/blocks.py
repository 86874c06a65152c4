"""A document as the hall prints it: blocks — text lines with alignment and emphasis, label
and value pairs, rules, QR codes, pictures (a signature), blank feed, the cut — independent of
the paper and the printer (devices/printer lays them out for a paper width and renders them as
ESC/POS or a PNG preview)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Align(enum.Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    large: bool = False  # double width and height: half the columns
    indent: int = 0  # columns of hanging indent for wrapped continuation lines


@dataclass(frozen=True)
class Pair:
    """A label and a value on one line, the value right-aligned (wraps under the label)."""

    label: str
    value: str


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class QR:
    data: str
    size: int = 6  # module size in dots
    caption: str = ""


@dataclass(frozen=True)
class Picture:
    """A picture printed as it is drawn (a signature): a PNG, centred, ``share`` of the paper's
    width at most (never wider than it was drawn), with an optional caption under it."""

    png: bytes = field(repr=False)
    share: float = 0.6
    caption: str = ""


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


Block = Text | Pair | Rule | QR | Picture | Feed | Cut
