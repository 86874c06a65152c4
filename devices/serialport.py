"""Opening serial ports from configuration strings (pyserial URLs), with errors translated.

A port is always named by a string, so the same code opens real hardware and simulators:
``/dev/ttyUSB0``, ``COM3``, ``hwgrep://0400:C35A`` (first port whose VID:PID or description
matches), ``socket://127.0.0.1:7001`` (a simulator in another process), ``spy://...``
(logs the traffic), or the path of a pty made by a simulator.
"""

from __future__ import annotations

import contextlib
import sys

import serial

from core.errors import DeviceUnavailable

#: The serial exceptions worth translating: pyserial's own and the OS errors under it (on POSIX
#: a vanished tty also surfaces as termios.error from flushes and attribute calls).
SERIAL_ERRORS: tuple[type[Exception], ...] = (serial.SerialException, OSError)
if sys.platform != "win32":
    import termios

    SERIAL_ERRORS = (*SERIAL_ERRORS, termios.error)


def open_serial(url: str, *, baudrate: int, timeout: float, device_label: str) -> serial.SerialBase:
    """Opens ``url``.

    Args:
        device_label: the device's Chinese name for the user message (e.g. "读卡器").

    Raises:
        DeviceUnavailable: the port does not exist, is busy, or the URL is malformed.
    """
    try:
        port = serial.serial_for_url(url, baudrate=baudrate, timeout=timeout, write_timeout=2.0)
    except (serial.SerialException, OSError, ValueError) as e:
        raise DeviceUnavailable(
            f"cannot open {url!r}: {e}",
            user_message=f"{device_label}未连接或被占用，请检查连接线或联系工作人员。",
        ) from e
    return port


def close_serial(port: serial.SerialBase) -> None:
    """Closes ``port``, ignoring a port that already vanished. Also closes the trace file of a
    ``spy://`` port, which pyserial leaves open (a leak per reconnect otherwise)."""
    with contextlib.suppress(*SERIAL_ERRORS):
        port.close()
    output = getattr(getattr(port, "formatter", None), "output", None)
    if output is not None and output not in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):
            output.close()
