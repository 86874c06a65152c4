"""A terminal built from its settings, in one place (the composition roots call this)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from core.application import Channel
from core.clock import Clock, SystemClock, local_today
from core.documents.hall import Hall
from core.ports import ReviewPad
from core.settings import Role, Settings, load_settings
from sync.paths import DataPaths
from terminal.bundles import BundleDesk
from terminal.devices import KINDS, TerminalDevices
from terminal.operations import Operations, PlatformLookup

CHANNELS = {Role.KIOSK: Channel.KIOSK, Role.COUNTER: Channel.COUNTER, Role.AGENT: Channel.AGENT}


@dataclass(frozen=True)
class Terminal:
    """What a terminal is, from its settings; safe to share between threads (it holds no
    connection: :meth:`open` gives each thread its own)."""

    settings: Settings
    paths: DataPaths
    clock: Clock = field(default_factory=SystemClock)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock | None = None) -> Terminal:
        return cls(settings, DataPaths.from_settings(settings), clock or SystemClock())

    @classmethod
    def load(cls, config: Path, clock: Clock | None = None) -> Terminal:
        return cls.from_settings(load_settings(config), clock)

    @property
    def terminal_id(self) -> str:
        return self.settings.terminal.id

    @property
    def channel(self) -> Channel:
        return CHANNELS[self.settings.terminal.role]

    @property
    def hall(self) -> Hall:
        t = self.settings.terminal
        return Hall(t.hall_name, t.hall_phone)

    def open(self, *, sweep: bool = False) -> Operations:
        """The operations on the calling thread (its own store connection). The capturing
        app passes ``sweep=True`` once at start (see LocalStore)."""
        return Operations(
            self.paths.open_store(self.clock, sweep=sweep),
            catalogue=self.paths.catalogue,
            terminal_id=self.terminal_id,
            region_code=self.settings.terminal.region_code,
            hall=self.hall,
            platform=self._lookup_client if self.paths.secret_file is not None else None,
            role=self.settings.terminal.role,
        )

    def _lookup_client(self) -> PlatformLookup:
        """A client for questions a citizen waits for: short timeouts."""
        from sync.client import client_for

        p, secret = self.settings.platform, self.paths.read_secret()
        return client_for(p, self.terminal_id, secret, "lookup")

    def devices(
        self, *, qt_pad: ReviewPad | None = None, kinds: Collection[str] = KINDS
    ) -> TerminalDevices:
        """The terminal's devices of ``kinds`` as its settings name them, each with its owner
        thread (not started). ``qt_pad``: a keyboard or on-screen pad built by the app."""
        return TerminalDevices.from_settings(
            self.settings.devices,
            today=lambda: local_today(self.clock),  # an expired card is refused with the reason
            qt_pad=qt_pad,
            kinds=kinds,
        )

    def bundles(self) -> BundleDesk:
        """USB bundles and the station's waiting and storage (代办站 offline for days)."""
        enrolled = self.paths.secret_file is not None
        return BundleDesk(
            self.terminal_id,
            self.paths.data_dir,
            self.paths.read_secret if enrolled else None,
            uploader=self._bundle_client if enrolled else None,
        )

    def _bundle_client(self) -> object:
        """A client for carried bundles: the upload may take minutes."""
        from sync.client import client_for

        p, secret = self.settings.platform, self.paths.read_secret()
        return client_for(p, self.terminal_id, secret, "bundle")

    def sync_job(
        self, device_health: Callable[[], dict[str, str]] | None = None
    ) -> Callable[[Callable[[str, int, int], None]], object] | None:
        """The background delivery job, or None on a station not enrolled yet (no secret)."""
        if self.paths.secret_file is None:
            return None
        from sync.background import make_sync_job

        return make_sync_job(self.settings, self.paths, device_health, self.clock)
