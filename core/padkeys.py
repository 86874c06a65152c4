"""Review-pad key maps: which key of a pad means which of the five levels. Always explicit.

No vendor-neutral pad protocol exists; real pads have 3, 4 or 5 keys (or a tablet with five
buttons). The terminal's configuration says, key by key, what each means — nothing is guessed
from the number of keys. Written as ``KEY=LEVEL`` pairs separated by commas, where LEVEL is a
Chinese label (非常满意 满意 基本满意 不满意 非常不满意 取消) or the enum value::

    # a 3-key serial pad sending bytes 0x31 0x32 0x33
    keys = "31=满意, 32=基本满意, 33=不满意"
    # a 5-key serial pad sending 0x01..0x05, with a cancel key 0x1B
    keys = "01=非常满意, 02=满意, 03=基本满意, 04=不满意, 05=非常不满意, 1B=取消"
    # a pad that acts as a keyboard (HID), sending F1..F4
    keys = "F1=非常满意, F2=满意, F3=不满意, F4=非常不满意"

Serial keys are one byte in hex (two digits); keyboard keys are Qt key names (F1, 1, Enter…).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType

from core.errors import SettingsError
from core.evaluation import Satisfaction
from core.messages import tr


class PadAction(enum.Enum):
    CANCEL = "cancel"


Meaning = Satisfaction | PadAction

_BY_NAME: dict[str, Meaning] = {s.label: s for s in Satisfaction}
_BY_NAME |= {s.value: s for s in Satisfaction}
_BY_NAME |= {"取消": PadAction.CANCEL, "cancel": PadAction.CANCEL}


class KeyKind(enum.Enum):
    BYTE = "byte"  # serial pads: one byte per key
    NAME = "name"  # keyboard (HID) pads: key names


@dataclass(frozen=True)
class KeyMap:
    kind: KeyKind
    keys: MappingProxyType[str, Meaning]  # normalised key → meaning

    @classmethod
    def parse(cls, text: str, kind: KeyKind) -> KeyMap:
        """Raises SettingsError naming every pair it cannot use."""
        keys: dict[str, Meaning] = {}
        problems: list[str] = []
        for raw in text.replace("，", ",").split(","):
            pair = raw.strip()
            if not pair:
                continue
            key, sep, level = (p.strip() for p in pair.partition("="))
            if not sep or not key or not level:
                problems.append(f"{pair!r} is not KEY=LEVEL")
                continue
            meaning = _BY_NAME.get(level)
            if meaning is None:
                problems.append(f"{pair!r}: unknown level {level!r}")
                continue
            norm = cls._normalise(key, kind, problems)
            if norm is None:
                continue
            if norm in keys:
                problems.append(f"key {key!r} mapped twice")
                continue
            keys[norm] = meaning
        levels = [m for m in keys.values() if isinstance(m, Satisfaction)]
        if not problems and len(levels) < 2:
            problems.append("a pad needs at least two keys mapped to satisfaction levels")
        if problems:
            raise SettingsError(
                "review pad keys: " + "; ".join(problems),
                user_message=tr("评价器按键配置有误，请联系技术人员。"),
            )
        return cls(kind, MappingProxyType(keys))

    @staticmethod
    def _normalise(key: str, kind: KeyKind, problems: list[str]) -> str | None:
        if kind is KeyKind.BYTE:
            text = key.lower().removeprefix("0x")
            if len(text) != 2 or any(c not in "0123456789abcdef" for c in text):
                problems.append(f"serial key {key!r} must be one byte in hex, e.g. 31")
                return None
            return text
        return key.upper()

    def meaning_of_byte(self, b: int) -> Meaning | None:
        return self.keys.get(f"{b:02x}")

    def meaning_of_name(self, name: str) -> Meaning | None:
        return self.keys.get(name.upper())

    def byte_for(self, meaning: Meaning) -> int:
        """The key a simulator presses for ``meaning``."""
        for key, m in self.keys.items():
            if m is meaning:
                return int(key, 16)
        raise KeyError(meaning)

    @property
    def levels(self) -> tuple[Satisfaction, ...]:
        return tuple(m for m in self.keys.values() if isinstance(m, Satisfaction))
