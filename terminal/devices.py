"""The devices of a terminal, built once from its settings, each with the one thread that
talks to it (a ``core.ports.DeviceOwner``): the ID card reader's, the document camera's and the
review pad's; the receipt printer is printed on through ``common_qt.printing.PrintDesk``, its
one thread. The apps attach Qt bridges (``common_qt.devices``) to the owners, start them and
stop them; nothing else builds a device or an owner.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date

from core.clock import SystemClock, local_today
from core.ports import (
    CardOwner,
    DeviceOwner,
    DocumentCamera,
    IdCardReader,
    PadOwner,
    Printer,
    ReviewPad,
    ScanOwner,
)
from core.settings import DeviceSettings
from devices.camera.owner import CameraOwner
from devices.factory import (
    camera_factory,
    make_id_reader,
    make_photo_decoder,
    make_printer,
    make_review_pad,
)
from devices.idcard.photo import PhotoDecoder
from devices.idcard.watcher import CardWatcher
from devices.pad.session import PadSession

#: The devices a terminal may have, by their settings' section ([devices.idcard] …).
KINDS = ("idcard", "camera", "pad", "printer")


@dataclass
class TerminalDevices:
    """What a terminal has; None where it has none (a station being set up says so where
    it needs one)."""

    card: CardOwner | None = None
    camera: ScanOwner | None = None
    pad: PadOwner | None = None
    printer: Printer | None = None

    @classmethod
    def from_settings(
        cls,
        devices: Mapping[str, DeviceSettings],
        *,
        today: Callable[[], date],
        qt_pad: ReviewPad | None = None,
        kinds: Collection[str] = KINDS,
    ) -> TerminalDevices:
        """The devices in ``devices`` (the settings' [devices.*] sections) of ``kinds``.

        ``today`` is the hall's date: an expired card is refused with the reason.
        ``qt_pad``: the keyboard or on-screen pad the app built (they live in the Qt layer),
        which takes the place of [devices.pad]. Raises SettingsError for a device named
        wrongly. The camera is built later, on its owner's thread (OpenCV loads there)."""
        idcard = devices.get("idcard") if "idcard" in kinds else None
        reader = make_id_reader(idcard)
        camera = camera_factory(devices.get("camera")) if "camera" in kinds else None
        pad = None
        if "pad" in kinds:
            pad = qt_pad if qt_pad is not None else make_review_pad(devices.get("pad"))
        printer = make_printer(devices.get("printer")) if "printer" in kinds else None
        return cls.of(
            reader=reader,
            photo_decoder=make_photo_decoder(idcard) if reader is not None else None,
            camera=camera,
            pad=pad,
            printer=printer,
            today=today,
        )

    @classmethod
    def of(
        cls,
        *,
        reader: IdCardReader | None = None,
        photo_decoder: PhotoDecoder | None = None,
        camera: DocumentCamera | Callable[[], DocumentCamera] | None = None,
        pad: ReviewPad | None = None,
        printer: Printer | None = None,
        today: Callable[[], date] | None = None,
    ) -> TerminalDevices:
        """The owners of devices already built (the settings' path above; tests, benchmarks
        and tools with adapters of their own). ``today``: the hall's date by the system
        clock unless given."""
        if today is None:
            clock = SystemClock()
            today = lambda: local_today(clock)  # noqa: E731
        return cls(
            card=CardWatcher(reader, today=today, photo_decoder=photo_decoder)
            if reader is not None
            else None,
            camera=CameraOwner(camera) if camera is not None else None,
            pad=PadSession(pad) if pad is not None else None,
            printer=printer,
        )

    def owners(self) -> list[DeviceOwner]:
        """The devices' owner threads (the printer's is the app's print desk)."""
        return [o for o in (self.card, self.camera, self.pad) if o is not None]

    def health(self) -> dict[str, str]:
        """Each device's state, for the platform's fleet view (read from the sync thread)."""
        states = {
            "idcard": self.card,
            "camera": self.camera,
            "review_pad": self.pad,
            "printer": self.printer,
        }
        return {name: d.state.value for name, d in states.items() if d is not None}
