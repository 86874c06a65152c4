"""`hall-sync enrol`: a new terminal enrolled with the one-time code the platform issued for it
(`hall-central terminal code`): its credentials and first settings fetched, its secret written
to a file only root (or the terminal's user) can read — never into the settings file — its
master key and store made. Enrolling again with a new code rotates the secret."""

from __future__ import annotations

import argparse
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from core import signing
from core.clock import SystemClock
from core.settings import load_settings
from sync.paths import DataPaths


def add_arguments(sub: Any) -> None:
    p = sub.add_parser(
        "enrol",
        help="enrol this terminal with the one-time code the platform issued"
        " (hall-central terminal code): credentials, settings, master key, store",
    )
    p.add_argument("--central", required=True, help="the platform's address (https://…)")
    p.add_argument("--code", required=True, help="the one-time enrolment code (XXXX-XXXX-XXXX)")
    p.add_argument(
        "--config",
        type=Path,
        default=Path("hall.toml"),
        help="the settings file: made when missing; an existing one must be this terminal's",
    )
    p.add_argument(
        "--secret-file",
        type=Path,
        default=None,
        help="where the secret goes (default: terminal.secret beside the settings; mode 600)",
    )
    p.add_argument("--data-dir", default="var", help="new settings: the data folder (default: var)")
    p.add_argument(
        "--key-file", default="", help="new settings: the master key's file (outside the data)"
    )
    p.add_argument(
        "--owner",
        default="",
        help="the user the terminal's services run as (the package's hall-terminal): the"
        " secret, the key and the data folder become its own (run as root)",
    )


def run(args: argparse.Namespace) -> int:
    central = str(args.central).rstrip("/")
    try:
        r = requests.post(f"{central}/v1/enrolments", json={"code": args.code}, timeout=30)
    except requests.RequestException as e:
        print(f"无法连接平台：{central}（{type(e).__name__}）", flush=True)
        return 2
    if r.status_code != 200:
        try:
            reason = str(r.json().get("error", r.text))
        except ValueError:
            reason = r.text[:200]
        print(f"注册失败（{r.status_code}）：{reason}")
        return 1
    doc = r.json()
    config: Path = args.config
    secret_file: Path = args.secret_file or config.parent / "terminal.secret"
    terminal = doc["terminal_id"]
    if config.exists():
        existing = load_settings(config)
        if existing.terminal.id != terminal:
            print(
                f"{config} is the settings of terminal {existing.terminal.id}, not {terminal}:"
                " give another --config"
            )
            return 1
        wanted = Path(existing.platform.secret_file) if existing.platform.secret_file else None
        if wanted is not None and wanted.resolve() != secret_file.resolve():
            secret_file = wanted  # where these settings read the secret from
    else:
        config.parent.mkdir(parents=True, exist_ok=True)
        text = _settings_text(doc, central, secret_file, config, args.data_dir, args.key_file)
        config.write_text(text, encoding="utf-8")
    _write_secret(secret_file, doc["secret"])
    pinned = _pin_key(config, doc.get("platform_key"))
    settings = load_settings(config)  # what was written is what the apps will read
    paths = DataPaths.from_settings(settings)
    made = paths.initialise()
    with paths.open_store(SystemClock()):
        pass
    if args.owner:
        _give(args.owner, [secret_file, paths.key_file], paths.data_dir)
    print(f"terminal {terminal} ({doc['role']}) enrolled at {central}")
    print(f"settings: {config}")
    print(f"secret: {secret_file} (mode 600; never put it in the settings file)")
    if pinned is not None:
        print(f"platform key pinned: {pinned} (updates must be signed with it)")
        configured = settings.platform.public_key_file
        if not configured or Path(configured).resolve() != pinned:
            print(
                f"  add to [platform] in {config}: public_key_file = {_text(str(pinned))}"
                " — until then no update is taken"
            )
    print(
        f"master key {'created' if made else 'kept'}: {paths.key_file}"
        + ("  (back it up: without it the sealed data cannot be read)" if made else "")
    )
    return 0


def _write_secret(path: Path, secret: str) -> None:
    """The secret, readable by its owner only, replaced whole (a rotation never leaves half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".new")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, secret.encode() + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)


def _pin_key(config: Path, key: object) -> Path | None:
    """The platform's public key written where the settings read it (default platform.pub
    beside them), root's to change and anyone's to read; None from a platform without one."""
    if not isinstance(key, str):
        return None
    try:
        signing.parse_public_key(key)
    except ValueError:
        print("the platform's key in its answer is not a key: none pinned")
        return None
    existing = load_settings(config).platform.public_key_file
    path = Path(existing) if existing else config.parent / "platform.pub"
    partial = path.with_name(path.name + ".new")
    partial.write_text(key + "\n", encoding="ascii")
    partial.chmod(0o644)
    os.replace(partial, path)
    return path.resolve()


def _give(owner: str, files: list[Path], folder: Path) -> None:
    """``files`` and everything in ``folder`` made ``owner``'s (modes kept: 600 stays 600)."""
    import pwd

    user = pwd.getpwnam(owner)
    for path in [*files, folder, *folder.rglob("*")]:
        if path.exists():
            os.chown(path, user.pw_uid, user.pw_gid)


def _settings_text(
    doc: dict[str, Any],
    central: str,
    secret_file: Path,
    config: Path,
    data_dir: str = "var",
    key_file: str = "",
) -> str:
    terminal = doc["settings"]["terminal"]
    try:
        secret = secret_file.resolve().relative_to(config.parent.resolve())
    except ValueError:
        secret = secret_file.resolve()
    lines = [
        f"# Made by `hall-sync enrol` on {datetime.now().date()}: terminal {doc['terminal_id']}"
        + (f" of hall {doc['hall']}" if doc.get("hall") else ""),
        "# The annotated examples in assets/settings/ list every key.",
        "",
        "[terminal]",
        f"id = {_text(terminal['id'])}",
        f"role = {_text(terminal['role'])}",
        f"region_code = {_text(terminal.get('region_code', ''))}",
    ]
    if terminal.get("hall_name"):
        lines.append(f"hall_name = {_text(terminal['hall_name'])}")
    lines += [
        "",
        "[platform]",
        f"url = {_text(central)}",
        f"secret_file = {_text(str(secret))}  # the secret itself is there (mode 600), never here",
        'public_key_file = "platform.pub"  # the platform\'s key, pinned: signed updates only',
        "",
        "[storage]",
        f"data_dir = {_text(data_dir)}",
        *([f"key_file = {_text(key_file)}  # the master key: back it up"] if key_file else []),
        "",
    ]
    return "\n".join(lines)


def _text(value: object) -> str:
    """A TOML basic string (JSON's string escapes are TOML's)."""
    return json.dumps(str(value), ensure_ascii=False)
