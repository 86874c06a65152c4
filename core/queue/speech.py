"""What the call display shows and says for a call: the same words on screen and aloud
(请A012号到3号窗口办理), a number read as a person reads it (A零一二号: digit by digit), and the
name masked where the hall shows names (张*)."""

from __future__ import annotations

from core.validators import mask_name

_DIGITS = "零一二三四五六七八九"


def spoken_number(number: str) -> str:
    """A012 → A零一二号: the letter, then each digit as it is read out in a hall."""
    letters = "".join(c for c in number if not c.isdigit())
    digits = "".join(_DIGITS[int(c)] for c in number if c.isdigit())
    return f"{letters}{digits}号"


def call_caption(number: str, window: str, name: str = "") -> str:
    """The line on the display: 请A012号（张*）到3号窗口办理 — ``window`` as the hall names it."""
    who = f"（{mask_name(name)}）" if name else ""
    return f"请{number}号{who}到{window}办理"


def call_speech(number: str, window: str) -> str:
    """What is spoken, twice by the display: the caption's words with the number read out."""
    return f"请{spoken_number(number)}到{window}办理"
