"""Someone at the terminal: a citizen's session at the kiosk, a clerk signed in at the counter.

While someone is, the app holds a shared lock on the data folder's busy file
(sync.updates.busy_lock); the update installer takes it alone before it moves the terminal to a
new version, so a version never changes under a person — it waits for the next quiet moment.
The kernel drops the lock with the process: an app that crashed holds nobody up.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from sync.updates import busy_lock

log = logging.getLogger(__name__)


class Presence:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._fd: int | None = None

    @property
    def busy(self) -> bool:
        return self._fd is not None

    def set(self, busy: bool) -> None:
        """Someone is (True) or is no longer (False) at the terminal."""
        if busy and self._fd is None:
            try:
                fd = os.open(busy_lock(self.data_dir), os.O_RDWR | os.O_CREAT, 0o664)
            except OSError as e:  # a data folder it cannot write: updates wait for a restart
                log.warning("busy lock: %s", e.strerror)
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:  # the installer, this very moment: the person goes on
                os.close(fd)
                return
            self._fd = fd
        elif not busy and self._fd is not None:
            os.close(self._fd)  # the lock goes with the descriptor
            self._fd = None
