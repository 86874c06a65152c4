"""The Debian package of a built bundle: what a hall technician installs with `apt install
./hall-terminal_<version>_<arch>.deb` on Debian, UOS or Kylin.

    python packaging/deb.py dist/hall-terminal --out dist

It holds the bundle in /opt/hall-terminal/versions/<version> with /opt/hall-terminal/current
pointing at it (a signed update installs the next version beside it and moves ``current``:
sync.updates), the commands in /usr/bin (into ``current``), the systemd units (the kiosk and
the call display each in a cage session on tty7, hall-sync as a service, the counter as the
clerk's user unit, the update installer's timer), the annotated settings examples, and
maintainer scripts
that make the hall-terminal system user, its data folder (mode 750, its own) and the
settings folder (root writes, the user reads). Built with dpkg-deb (root-owned files, modes
as set here); prints its size beside the bundle's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COMMANDS = ("hall-kiosk", "hall-counter", "hall-display", "hall-sync", "hall-devices")
SYSTEM_UNITS = (
    "hall-kiosk.service",
    "hall-display.service",
    "hall-sync.service",
    "hall-update.service",
    "hall-update.timer",
)
USER_UNITS = ("hall-counter.service",)
SCRIPTS = ("postinst", "prerm", "postrm")


def version(bundle: Path | None = None) -> str:
    """The version the bundle's apps report (its package metadata, read as the update
    installer reads it), else this tree's."""
    if bundle is not None:
        from sync.updates import bundle_version

        found = bundle_version(bundle)
        if found:
            return found
    try:
        return metadata.version("hall-terminal")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def architecture() -> str:
    done = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "amd64"


def _has_keyboard(bundle: Path) -> bool:
    """Whether the bundle carries the Qt Virtual Keyboard (``make bundle KEYBOARD=0``: not)."""
    return any(bundle.rglob("libQt6VirtualKeyboard.so*"))


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(bundle: Path, out: Path, *, compress: bool = True) -> Path:
    """``bundle`` (PyInstaller's one folder) as a .deb in ``out``; its path. ``compress``
    False: stored uncompressed (a test that only unpacks it; xz takes a minute)."""
    if not (bundle / "hall-kiosk").exists():
        raise SystemExit(f"{bundle}: not a built bundle (make bundle builds it)")
    out.mkdir(parents=True, exist_ok=True)
    arch = architecture()
    release = version(bundle)
    deb = out / f"hall-terminal_{release}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="hall-deb-") as scratch:
        root = Path(scratch) / "root"
        opt = root / "opt" / "hall-terminal"
        shutil.copytree(bundle, opt / "versions" / release, symlinks=True)
        (opt / "current").symlink_to(f"versions/{release}")
        bin_dir = root / "usr" / "bin"
        bin_dir.mkdir(parents=True)
        for command in COMMANDS:
            (bin_dir / command).symlink_to(f"/opt/hall-terminal/current/{command}")
        for folder, units in (
            ("lib/systemd/system", SYSTEM_UNITS),
            ("usr/lib/systemd/user", USER_UNITS),
        ):
            target = root / folder
            target.mkdir(parents=True)
            for unit in units:
                shutil.copy(HERE / "debian" / unit, target / unit)
                (target / unit).chmod(0o644)
        docs = root / "usr" / "share" / "doc" / "hall-terminal"
        shutil.copytree(ROOT / "assets" / "settings", docs / "examples")
        shutil.copy(ROOT / "README.md", docs / "README.md")
        control = root / "DEBIAN"
        control.mkdir()
        installed_kb = _size(root) // 1024
        (control / "control").write_text(
            "Package: hall-terminal\n"
            f"Version: {release}\n"
            f"Architecture: {arch}\n"
            "Maintainer: Hall Terminal <hall-terminal@example.org>\n"
            f"Installed-Size: {installed_kb}\n"
            "Depends: adduser, libc6, libgl1, libegl1, libfontconfig1, libxkbcommon0,"
            " libdbus-1-3\n"
            "Recommends: cage, fonts-noto-cjk, speech-dispatcher, espeak-ng\n"
            "Section: misc\n"
            "Priority: optional\n"
            "Homepage: https://example.org/hall-terminal\n"
            "Description: terminals of government service halls (政务服务大厅)\n"
            " Self-service kiosk, counter (一窗受理), village proxy station (代办站) and call\n"
            " display (叫号屏), with offline-first delivery to the central platform.\n"
            + (
                ""
                if _has_keyboard(bundle)
                else " Built without the Qt Virtual Keyboard (no GPLv3 part): the kiosk types\n"
                " on its own keypads.\n"
            ),
            encoding="utf-8",
        )
        for script in SCRIPTS:
            shutil.copy(HERE / "debian" / script, control / script)
            (control / script).chmod(0o755)
        # every directory 755 and every file root-owned in the archive (--root-owner-group)
        for path in root.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        subprocess.run(
            [
                "dpkg-deb",
                "--root-owner-group",
                "-Zxz" if compress else "-Znone",
                "--build",
                str(root),
                str(deb),
            ],
            check=True,
            capture_output=True,
        )
    print(
        f"{deb.name}: {deb.stat().st_size / 1e6:.1f} MB"
        f" (the bundle {_size(bundle) / 1e6:.0f} MB unpacked)"
    )
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--out", type=Path, default=Path("dist"))
    parser.add_argument(
        "--uncompressed", action="store_true", help="no xz (for a test that only unpacks it)"
    )
    args = parser.parse_args(argv)
    if shutil.which("dpkg-deb") is None:
        print("dpkg-deb is needed (Debian's dpkg)", file=sys.stderr)
        return 2
    build(args.bundle, args.out, compress=not args.uncompressed)
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    raise SystemExit(main())
