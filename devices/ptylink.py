"""A pseudo-terminal that plays a serial device for simulators, with a stable name.

The simulator holds the master side; the host opens the slave side with pyserial, through a
symlink that keeps its name when the device is "unplugged" and "plugged" again (each plug is a
new pty, as a real USB-serial adapter gets a new node).
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import tty
from pathlib import Path


class PtyLink:
    def __init__(self, link: Path | None = None) -> None:
        self.link = link
        self._master = -1
        self._slave = -1
        self._slave_name = ""
        self._lock = threading.Lock()
        self.plugged = threading.Event()

    @property
    def port(self) -> str:
        """The name the host opens: the symlink when there is one."""
        return str(self.link) if self.link is not None else self._slave_name

    def plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing, before any host opens it
        with self._lock:
            self._master, self._slave = master, slave
            self._slave_name = os.ttyname(slave)
        if self.link is not None:
            tmp = self.link.with_name(self.link.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(self._slave_name)
            tmp.replace(self.link)
        self.plugged.set()

    def unplug(self) -> None:
        """The device vanishes: the host's next read or write fails, the name is gone."""
        self.plugged.clear()
        with self._lock:
            for fd in (self._master, self._slave):
                if fd >= 0:
                    os.close(fd)
            self._master = self._slave = -1
        if self.link is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()

    def read(self, timeout: float) -> bytes | None:
        """Bytes from the host, b"" when none came in ``timeout``, None while unplugged."""
        if not self.plugged.wait(timeout):
            return None
        master = self._master
        if master < 0:
            return None
        try:
            ready, _, _ = select.select([master], [], [], timeout)
            return os.read(master, 4096) if ready else b""
        except (OSError, ValueError):
            return None  # unplugged under our feet

    def write(self, data: bytes) -> bool:
        master = self._master
        if master < 0:
            return False
        try:
            os.write(master, data)
        except OSError:
            return False
        return True
