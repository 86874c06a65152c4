"""What a USB stick brings a terminal from the platform (`hall-central usb`), for a village
station days without network: a new version, the whole catalogue, the settings the platform
keeps for it — each a file with ``<file>.manifest.json`` beside it, the manifest signed with
the platform's key (core.signing). Nothing is taken that the key pinned at enrolment did not
sign, whose bytes differ from the manifest's sha256, or that is older than what the terminal
holds; settings made for another terminal are refused.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import signing
from core.clock import SystemClock
from core.settings import Settings
from sync.catalogue import CatalogueStore
from sync.catalogue_sync import load_snapshot_file, snapshot_part
from sync.outbox import Outbox
from sync.paths import DataPaths
from sync.updates import Updates, read_public_key
from sync.worker import store_config


@dataclass(frozen=True)
class Loaded:
    kind: str
    version: str
    done: bool  # taken (False: refused or not newer; ``said`` tells why)
    said: str


def load(manifest_file: Path, settings: Settings) -> Loaded:
    """Takes one signed file from a stick; what came of it."""
    paths = DataPaths.from_settings(settings)
    try:
        doc = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return Loaded("?", "?", False, f"{manifest_file.name}: not a signed manifest ({e})")
    manifest = doc.get("manifest") if isinstance(doc, dict) else None
    kind = str(manifest.get("kind", "?")) if isinstance(manifest, dict) else "?"
    version = str(manifest.get("version", "?")) if isinstance(manifest, dict) else "?"
    if kind == "terminal-update":  # staged for the installer, as a download would be
        done = Updates(paths.data_dir, paths.public_key_file).stage_file(manifest_file)
        return Loaded(kind, version, done == "staged", done)
    key = read_public_key(paths.public_key_file)
    if key is None:
        return Loaded(kind, version, False, "未保存平台公钥：请重新注册本终端 (no key pinned)")
    try:
        checked = signing.verify(key, manifest, doc.get("signature"))
    except signing.SignatureRefused as e:
        return Loaded(kind, version, False, f"签名校验未通过：{e}")
    payload = manifest_file.with_name(manifest_file.name.removesuffix(".manifest.json"))
    try:
        with open(payload, "rb") as f:
            matches = hashlib.file_digest(f, "sha256").hexdigest() == checked.sha256
    except OSError as e:
        return Loaded(kind, version, False, f"{payload.name}: {e.strerror}")
    if not matches or payload.stat().st_size != checked.size:
        return Loaded(kind, version, False, "文件与平台签名的不符 (sha256 differs)")
    if kind == "catalogue":
        return _catalogue(paths, payload, checked)
    return _settings(paths, settings, payload, checked)


def _catalogue(paths: DataPaths, payload: Path, checked: signing.Manifest) -> Loaded:
    with gzip.open(payload, "rb") as gz:
        head: dict[str, Any] = json.loads(gz.readline())
    with CatalogueStore(paths.catalogue) as store:
        held_base = store.meta("platform_base") or ""
        held = int(store.meta("platform_cursor") or -1)
        if store.count() and held_base == str(head.get("base")) and held >= int(head["cursor"]):
            return Loaded("catalogue", checked.version, False, "本机目录已是此版本或更新")
        part = snapshot_part(store)
        assert part is not None  # a catalogue file, not in memory
        shutil.copyfile(payload, part)  # checked above; loaded and removed from there
        n = load_snapshot_file(store, part, None)
    return Loaded("catalogue", checked.version, True, f"{n} 个事项")


def _settings(
    paths: DataPaths, settings: Settings, payload: Path, checked: signing.Manifest
) -> Loaded:
    if checked.doc.get("terminal") != settings.terminal.id:
        return Loaded(
            "settings",
            checked.version,
            False,
            f"这是终端 {checked.doc.get('terminal')} 的设置，不是本终端 {settings.terminal.id} 的",
        )
    doc = json.loads(payload.read_text(encoding="utf-8"))
    with paths.open_store(SystemClock()) as store:
        box = Outbox(store)
        if int(box.get_state("config_version", "0")) >= int(doc["version"]):
            return Loaded("settings", checked.version, False, "本机设置已是此版本或更新")
        store_config(box, doc)
    return Loaded("settings", checked.version, True, "设置已保存，终端的应用在下次同步时应用")
