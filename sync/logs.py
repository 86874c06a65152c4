"""The terminal's logs: rotating files in its data folder (``logs/<app>.log``, JSON lines with
the terminal's id and version), personal data masked on the way in, and read back for a
technician (`hall-sync logs --since 2h`).

Code logs no personal data by rule (tests scan whole journeys' logs for it); the masking here
is the second line: an 18-character ID number, a mobile number, a 15-character old ID number
anywhere in a message or a traceback is masked as receipts mask it (1101**********002X,
138****5678) before any handler sees it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import logging.handlers
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from core.validators import mask_id_number, mask_phone

#: a file's size before it rotates, and the files kept (≈ 25 MB an app)
MAX_BYTES = 5 << 20
BACKUPS = 4

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def mask(text: str) -> str:
    """``text`` with ID numbers and mobile numbers masked."""
    text = _ID.sub(lambda m: mask_id_number(m.group(1)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(1)), text)


class MaskingFilter(logging.Filter):
    """Masks a record's message (arguments merged) and its traceback, for every handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, app, terminal, version."""

    def __init__(self, app: str, terminal: str, version: str) -> None:
        super().__init__()
        self.fixed = {"app": app, "terminal": terminal, "version": version}

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="microseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **self.fixed,
        }
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def version() -> str:
    try:
        return metadata.version("hall-terminal")
    except metadata.PackageNotFoundError:  # a frozen bundle without its metadata
        return "unknown"


def log_folder(data_dir: Path) -> Path:
    return data_dir / "logs"


def setup_logging(
    data_dir: Path, app: str, terminal: str, *, level: int = logging.INFO, console: bool = True
) -> Path:
    """The process's logging: ``data_dir/logs/<app>.log`` rotating, masked, JSON lines (and
    the console, masked too, unless ``console`` is false). Returns the file's path."""
    folder = log_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{app}.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "hall_terminal", False):
            root.removeHandler(handler)
            handler.close()
    to_file = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    to_file.setFormatter(JsonLines(app, terminal, version()))
    handlers: list[logging.Handler] = [to_file]
    for handler in root.handlers:  # what was there (an app's console) is masked too
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
    if console and not any(type(h) is logging.StreamHandler for h in root.handlers):
        to_console = logging.StreamHandler(sys.stderr)
        to_console.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        handlers.append(to_console)
    for handler in handlers:
        handler.hall_terminal = True  # type: ignore[attr-defined]
        handler.addFilter(MaskingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    return path


def read_logs(data_dir: Path, since: datetime, app: str = "") -> Iterator[dict[str, Any]]:
    """Every log line of the data folder's apps (rotated files too) at or after ``since``,
    in time order."""
    folder = log_folder(data_dir)
    pattern = f"{app}.log*" if app else "*.log*"
    lines = []
    # oldest first (app.log.4 … app.log.1, app.log): lines of one instant keep their order
    found = sorted(folder.glob(pattern), key=_age, reverse=True) if folder.exists() else []
    for path in found:
        with open(path, encoding="utf-8", errors="replace") as f:
            for raw in f:
                try:
                    line = json.loads(raw)
                    at = datetime.fromisoformat(line["time"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut by a power loss
                if at >= since:
                    lines.append((at, line))
    for _, line in sorted(lines, key=lambda pair: pair[0]):
        yield line


def _age(path: Path) -> tuple[int, str]:
    """How many rotations old a log file is (app.log: 0, app.log.3: 3)."""
    tail = path.name.rpartition(".")[2]
    return (int(tail) if tail.isdigit() else 0, path.name)


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``30m``, ``2h``, ``3d`` ago, or an ISO time (China time when it has no zone)."""
    now = now or datetime.now(UTC)
    found = re.fullmatch(r"(\d+)\s*([mhd])", text.strip())
    if found:
        n, unit = int(found.group(1)), found.group(2)
        return now - timedelta(**{{"m": "minutes", "h": "hours", "d": "days"}[unit]: n})
    at = datetime.fromisoformat(text.strip())
    if at.tzinfo is None:
        from core.clock import CST

        at = at.replace(tzinfo=CST)
    return at


def close_logging() -> None:
    """Removes and closes the handlers :func:`setup_logging` added."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "hall_terminal", False):
            root.removeHandler(handler)
            handler.close()


#: the crash reports waiting for the next heartbeat, at most (the oldest first)
CRASHES_SENT = 3
#: the log lines kept with a crash report (already masked as they were written)
TAIL_LINES = 40


def record_crash(data_dir: Path, app: str, error: BaseException) -> Path:
    """A crash report in ``logs/``: when, which app, the traceback (masked) and the app's
    last log lines — sent to the platform with the next heartbeat (sync.worker)."""
    import traceback

    folder = log_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    log = folder / f"{app}.log"
    if log.exists():
        with open(log, encoding="utf-8", errors="replace") as f:
            lines = [line.rstrip("\n")[:500] for line in f][-TAIL_LINES:]
    at = datetime.now(UTC)
    doc = {
        "at": at.isoformat(timespec="seconds"),
        "app": app,
        "error": mask("".join(traceback.format_exception(error)))[-4000:],
        "log_tail": lines,
    }
    path = folder / f"crash-{at.strftime('%Y%m%dT%H%M%S%f')}-{app}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def install_crash_reports(data_dir: Path, app: str) -> None:
    """An uncaught error, on the main thread or any other, leaves a crash report before the
    usual handling (the app then ends and systemd starts it again)."""
    import threading

    previous, previous_thread = sys.excepthook, threading.excepthook

    def on_error(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        with contextlib.suppress(OSError):  # a full disk: no report; the error is still said
            record_crash(data_dir, app, error.with_traceback(tb))
        previous(kind, error, tb)

    def on_thread_error(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            with contextlib.suppress(OSError):
                record_crash(data_dir, app, args.exc_value)
        previous_thread(args)

    sys.excepthook = on_error
    threading.excepthook = on_thread_error


def pending_crashes(data_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The oldest crash reports not yet sent (a damaged one is dropped)."""
    found = []
    folder = log_folder(data_dir)
    for path in sorted(folder.glob("crash-*.json"))[:CRASHES_SENT] if folder.exists() else []:
        try:
            found.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            path.unlink(missing_ok=True)
    return found
