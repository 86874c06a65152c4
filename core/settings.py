"""Terminal settings, loaded from a TOML file and validated with messages a technician can act on.

Example (``hall.toml``)::

    [terminal]
    id = "KIOSK-0001"
    role = "kiosk"                 # kiosk | counter | agent | display
    region_code = "369901001000"   # 12-digit division code of the hall or station
    hall_name = "示范市政务服务中心"

    [platform]
    url = "http://127.0.0.1:8700"

    [devices.idcard]
    type = "serial"
    port = "hwgrep://0400:C35A"

Every error names the file, the section and key, what was expected and what was found;
all errors are reported at once.
"""

from __future__ import annotations

import difflib
import enum
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from core.errors import SettingsError
from core.messages import tr

#: the languages a terminal may start in ([terminal] language; pushed: core.pushed)
LANGUAGES = ("zh_CN", "en")


class Problems(ValueError):
    """What is wrong in one section, every problem at once: (key, what is wrong and the fix)."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in items))
        self.items = items


def _check(*rules: tuple[object, str, str]) -> None:
    """Raises :class:`Problems` with every (key, message) whose condition is false."""
    found = [(key, message) for ok, key, message in rules if not ok]
    if found:
        raise Problems(found)


class Role(enum.Enum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    AGENT = "agent"  # village proxy station (代办站)
    DISPLAY = "display"  # the hall's call display (叫号屏)


@dataclass(frozen=True)
class TerminalSettings:
    id: str
    role: Role
    region_code: str
    hall_name: str = "政务服务中心"
    hall_phone: str = ""
    window: str = ""
    language: str = "zh_CN"

    def __post_init__(self) -> None:
        _check(
            (
                re.fullmatch(r"[A-Za-z0-9-]{1,32}", self.id),
                "id",
                f"{self.id!r}: letters, digits and '-', at most 32 (e.g. \"KIOSK-0001\")",
            ),
            (
                re.fullmatch(r"\d{12}", self.region_code),
                "region_code",
                f"{self.region_code!r}: the hall's 12-digit division code (e.g. 369901001000)",
            ),
            (
                self.language in LANGUAGES,
                "language",
                f"{self.language!r}: zh_CN or en",
            ),
            # said at start rather than read and ignored: staff screens are Chinese only
            (
                self.language not in ("en",) or self.role is Role.KIOSK,
                "language",
                "en is for kiosks: counters and agent stations are Chinese (remove the key)",
            ),
        )


@dataclass(frozen=True)
class StorageSettings:
    data_dir: Path = Path("var")
    retention_days: int = 30
    key_file: str = ""  # master key, outside data_dir; empty: ~/.local/share/hall-terminal/keys

    def __post_init__(self) -> None:
        _check(
            (
                0 <= self.retention_days <= 3650,
                "retention_days",
                f"{self.retention_days}: days from 0 to 3650 (e.g. 30)",
            )
        )


@dataclass(frozen=True)
class PlatformSettings:
    url: str = "http://127.0.0.1:8700"
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    secret_file: str = ""  # the terminal's secret from `hall-central terminal add` (mode 600)
    #: the platform's signing key pinned at enrolment (`hall-sync enrol` writes platform.pub):
    #: updates it did not sign are refused; none pinned: no update is taken
    public_key_file: str = ""
    sync_interval: float = 30.0
    #: applications delivered at once: a stalled upload holds one lane, not the queue
    parallel_uploads: int = 3

    #: keys a [platform] section must give (the loopback default serves the demo alone)
    REQUIRED = ("url",)

    def __post_init__(self) -> None:
        seconds = "a positive number of seconds"
        _check(
            (
                re.match(r"^https?://[^\s/]+", self.url),
                "url",
                f"{self.url!r}: the platform's address, http://host:port or https://host",
            ),
            (
                self.connect_timeout > 0,
                "connect_timeout",
                f"{self.connect_timeout!r}: {seconds} (e.g. 5)",
            ),
            (self.read_timeout > 0, "read_timeout", f"{self.read_timeout!r}: {seconds} (e.g. 30)"),
            (
                self.sync_interval > 0,
                "sync_interval",
                f"{self.sync_interval!r}: {seconds} (e.g. 30)",
            ),
            (
                1 <= self.parallel_uploads <= 8,
                "parallel_uploads",
                f"{self.parallel_uploads}: from 1 to 8 (e.g. 3)",
            ),
        )


@dataclass(frozen=True)
class KioskSettings:
    idle_timeout_seconds: int = 90
    idle_warning_seconds: int = 20
    large_text: bool = False
    #: The on-screen keyboard with Pinyin (Qt Virtual Keyboard: GPLv3 or commercial licence);
    #: off, citizens still type ID and phone numbers on our keypads and search by theme
    virtual_keyboard: bool = True
    #: spoken prompts where a Mandarin voice is installed (speech-dispatcher + espeak-ng)
    voice: bool = True
    voice_name: str = ""  # an installed voice to use instead of the Mandarin one found
    #: The technician's exit from the locked-down kiosk: a PIN's hash (`hall-kiosk --hash-pin`)
    technician_pin_hash: str = ""

    def __post_init__(self) -> None:
        _check(
            (
                0 < self.idle_warning_seconds < self.idle_timeout_seconds,
                "idle_warning_seconds",
                f"{self.idle_warning_seconds}: more than 0 and less than idle_timeout_seconds"
                f" ({self.idle_timeout_seconds}), e.g. 20 of 90",
            ),
            (
                not self.technician_pin_hash or self.technician_pin_hash.startswith("scrypt$"),
                "technician_pin_hash",
                "not a PIN's hash: make it with `hall-kiosk --hash-pin`",
            ),
        )


@dataclass(frozen=True)
class CounterSettings:
    """Counters and agent stations: staff sign in (accounts pulled from the platform); the
    screen locks after this many minutes without input."""

    lock_after_minutes: int = 10

    def __post_init__(self) -> None:
        _check(
            (
                1 <= self.lock_after_minutes <= 240,
                "lock_after_minutes",
                f"{self.lock_after_minutes}: minutes from 1 to 240 (e.g. 10)",
            )
        )


@dataclass(frozen=True)
class DeviceSettings:
    """A device chosen by configuration strings, never by code paths for testing."""

    type: str
    port: str = ""
    options: dict[str, str] = field(default_factory=dict)


_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def parse_options(
    section: str, options: Mapping[str, str], spec: Mapping[str, Any]
) -> dict[str, Any]:
    """A device's ``options = { … }`` strings as typed values, by one rule for every device.

    ``spec`` maps each known option to its default, whose type (bool, int, float, str) is the
    option's type. Booleans are true/false, 1/0, yes/no or on/off — anything else is an error,
    never silently false. Every unknown option and every bad value is named at once.

    Raises:
        SettingsError: naming the section, and each option it cannot use.
    """
    values = dict(spec)
    problems = []
    for key, raw in options.items():
        if key not in spec:
            problems.append(f"unknown option {key!r} (known: {', '.join(sorted(spec))})")
            continue
        default, text = spec[key], str(raw).strip()
        try:
            if isinstance(default, bool):
                if text.lower() not in _TRUE + _FALSE:
                    raise ValueError(text)
                values[key] = text.lower() in _TRUE
            elif isinstance(default, int):
                values[key] = int(text)
            elif isinstance(default, float):
                values[key] = float(text)
            else:
                values[key] = text
        except ValueError:
            problems.append(f"option {key!r}: expected {type(default).__name__}, got {raw!r}")
    if problems:
        raise SettingsError(f"[devices.{section}] " + "; ".join(problems))
    return values


@dataclass(frozen=True)
class Settings:
    terminal: TerminalSettings
    storage: StorageSettings = field(default_factory=StorageSettings)
    platform: PlatformSettings = field(default_factory=PlatformSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    devices: dict[str, DeviceSettings] = field(default_factory=dict)
    counter: CounterSettings = field(default_factory=CounterSettings)


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}" if where else message)


def _where(path: tuple[str, ...]) -> str:
    if not path:
        return ""
    if len(path) == 1:
        return path[0]
    return f"[{'.'.join(path[:-1])}] {path[-1]}"


def _type_name(tp: Any) -> str:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return " | ".join(repr(m.value) for m in tp)
    return getattr(tp, "__name__", str(tp))


def _convert(value: Any, tp: Any, path: tuple[str, ...], errors: _Errors) -> Any:
    origin = typing.get_origin(tp)
    if origin is dict:
        _, val_tp = typing.get_args(tp)
        if not isinstance(value, dict):
            errors.add(_where(path), f"expected a table, found {type(value).__name__}")
            return None
        return {k: _convert(v, val_tp, (*path, k), errors) for k, v in value.items()}
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return None if value is None else _convert(value, inner[0], path, errors)
    if is_dataclass(tp) and isinstance(tp, type):
        return _build(tp, value, path, errors)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            errors.add(_where(path), f"expected one of {_type_name(tp)}, found {value!r}")
            return None
    if tp is Path:
        if not isinstance(value, str):
            errors.add(_where(path), f"expected a path string, found {type(value).__name__}")
            return None
        return Path(value)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp in (str, int, bool, float):
        ok = isinstance(value, tp) and not (tp is int and isinstance(value, bool))
        if not ok:
            errors.add(
                _where(path),
                f"expected {tp.__name__}, found {type(value).__name__} {value!r}",
            )
            return None
        return value
    raise TypeError(f"unsupported settings type {tp!r}")


def _build(cls: type[Any], data: Any, path: tuple[str, ...], errors: _Errors) -> Any:
    if not isinstance(data, dict):
        errors.add(_where(path), f"expected a table, found {type(data).__name__}")
        return None
    hints = typing.get_type_hints(cls)
    names = [f.name for f in fields(cls)]
    for key in data:
        if key not in names:
            guess = difflib.get_close_matches(key, names, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            errors.add(_where((*path, key)), f"unknown key{hint}")
    for key in getattr(cls, "REQUIRED", ()):
        if key not in data:
            errors.add(_where((*path, key)), "required but missing")
    kwargs: dict[str, Any] = {}
    before = len(errors.items)
    for f in fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(data[f.name], hints[f.name], (*path, f.name), errors)
        elif f.default is MISSING and f.default_factory is MISSING:
            label = f"[{'.'.join((*path, f.name))}]" if is_dataclass(hints[f.name]) else None
            errors.add(label or _where((*path, f.name)), "required but missing")
    if len(errors.items) > before:
        return None
    try:
        return cls(**kwargs)
    except Problems as e:
        for key, message in e.items:
            errors.add(_where((*path, key)), message)
        return None
    except ValueError as e:
        errors.add(f"[{'.'.join(path)}]" if path else "", str(e))
        return None


def parse_settings(data: dict[str, Any], source: str = "<settings>") -> Settings:
    """Builds validated settings from parsed TOML.

    Raises:
        SettingsError: listing every problem, one per line, each prefixed with ``source``.
    """
    errors = _Errors()
    settings = _build(Settings, data, (), errors)
    if errors.items or settings is None:
        lines = "\n".join(f"{source}: {e}" for e in errors.items)
        raise SettingsError(lines, user_message=tr("终端配置文件有误，请联系技术人员。"))
    assert isinstance(settings, Settings)
    return settings


def load_settings(path: Path) -> Settings:
    """Reads and validates a TOML settings file. Relative paths in it (data_dir, key_file,
    secret_file, public_key_file) resolve against the file's folder, all of them and the same
    way."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"{path}: not valid TOML: {e}") from None
    settings = parse_settings(data, str(path))
    base = path.parent

    def resolve(value: str) -> str:
        return str(base / value) if value and not Path(value).is_absolute() else value

    storage = replace(
        settings.storage,
        data_dir=base / settings.storage.data_dir,  # an absolute data_dir stays as it is
        key_file=resolve(settings.storage.key_file),
    )
    platform = replace(
        settings.platform,
        secret_file=resolve(settings.platform.secret_file),
        public_key_file=resolve(settings.platform.public_key_file),
    )
    return replace(settings, storage=storage, platform=platform)
