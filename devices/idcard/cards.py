"""Cards as JSON (the technician CLI's output, the simulator's card files) and demo cards.

The JSON keys are those of ``hall-devices idcard read --json``: card_type, name, sex, nation,
birth, address, id_number, authority, valid_from, valid_to, then the type-specific ones. The
same document fed to ``hall-devices idcard simulate --card FILE`` puts that card on the
simulated reader, so a read can be replayed.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from core.errors import SettingsError
from core.identity import LONG_TERM, NATIONS, CardType, Identity, Sex
from core.ports import CardRead
from core.validators import id_check_char

#: Type-specific keys, printed only for the card types that carry them.
_EXTRA_KEYS: dict[CardType, tuple[str, ...]] = {
    CardType.RESIDENT: (),
    CardType.HMT_PERMIT: ("pass_number", "issue_count"),
    CardType.FOREIGN_2017: ("english_name", "nationality", "card_version", "authority_code"),
    CardType.FOREIGN_2023: ("english_name", "nationality", "renewal_count", "old_number_link"),
}


def identity_to_json(identity: Identity) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "card_type": identity.card_type.value,
        "card_type_label": identity.card_type.label,
        "name": identity.name,
        "sex": identity.sex.label,
        "sex_code": identity.sex.value,
        "nation": identity.nation,
        "nation_code": identity.nation_code,
        "birth": identity.birth.isoformat(),
        "address": identity.address,
        "id_number": identity.id_number,
        "authority": identity.authority,
        "valid_from": identity.valid_from.isoformat(),
        "valid_to": LONG_TERM if identity.valid_to is None else identity.valid_to.isoformat(),
    }
    for key in _EXTRA_KEYS[identity.card_type]:
        doc[key] = getattr(identity, key)
    return doc


def card_to_json(read: CardRead) -> dict[str, Any]:
    doc = identity_to_json(read.identity)
    doc["address_appendix"] = read.address_appendix
    doc["photo_bytes"] = len(read.photo)
    doc["photo_sha256"] = hashlib.sha256(read.photo).hexdigest() if read.photo else ""
    doc["fingerprint_bytes"] = len(read.fingerprint)
    return doc


def identity_from_json(doc: dict[str, Any]) -> Identity:
    """Builds an identity from a card document; raises SettingsError with the key at fault."""
    try:
        card_type = CardType(doc.get("card_type", "resident"))
        sex_code = str(doc.get("sex_code") or {"男": "1", "女": "2"}.get(doc.get("sex", ""), "0"))
        nation_code = str(doc.get("nation_code", ""))
        if not nation_code and doc.get("nation"):
            by_name = {v: k for k, v in NATIONS.items()}
            nation_code = by_name[str(doc["nation"]).removesuffix("族")]
        valid_to_text = str(doc["valid_to"])
        values: dict[str, Any] = {
            "card_type": card_type,
            "name": str(doc.get("name", "")),
            "sex": Sex(sex_code),
            "birth": date.fromisoformat(str(doc["birth"])),
            "id_number": str(doc["id_number"]),
            "valid_from": date.fromisoformat(str(doc["valid_from"])),
            "valid_to": None if valid_to_text == LONG_TERM else date.fromisoformat(valid_to_text),
            "address": str(doc.get("address", "")),
            "authority": str(doc.get("authority", "")),
            "nation_code": nation_code,
        }
        for key in _EXTRA_KEYS[card_type]:
            values[key] = str(doc.get(key, ""))
        return Identity(**values)
    except KeyError as e:
        raise SettingsError(f"card document: missing or unknown value {e}") from None
    except ValueError as e:
        raise SettingsError(f"card document: {e}") from None


def load_card_file(path: Path) -> Identity:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise SettingsError(f"card file {path}: {e}") from None
    if not isinstance(doc, dict):
        raise SettingsError(f"card file {path}: expected a JSON object")
    return identity_from_json(doc)


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


#: Demo cards of the four layouts: synthetic people with valid numbers (GB 11643 check digits).
DEMO_CARDS: dict[str, Identity] = {
    "resident": Identity(
        card_type=CardType.RESIDENT,
        name="张三丰",
        sex=Sex.MALE,
        birth=date(1990, 1, 1),
        id_number="110101199001010031",
        valid_from=date(2020, 5, 1),
        valid_to=date(2040, 5, 1),
        address="北京市东城区示范路1号",
        authority="北京市公安局东城分局",
        nation_code="01",
    ),
    "elder": Identity(
        card_type=CardType.RESIDENT,
        name="欧阳娜娜",
        sex=Sex.FEMALE,
        birth=date(1949, 12, 31),
        id_number="11010519491231002X",
        valid_from=date(2015, 3, 1),
        valid_to=None,
        address="北京市朝阳区幸福村委会东街十八号院三号楼二单元五〇二室",
        authority="北京市公安局朝阳分局",
        nation_code="11",
    ),
    "expired": Identity(
        card_type=CardType.RESIDENT,
        name="李四",
        sex=Sex.MALE,
        birth=date(1985, 6, 15),
        id_number=_id("36990119850615003"),
        valid_from=date(2005, 6, 1),
        valid_to=date(2025, 6, 1),
        address="示范省示范市青山区河畔路8号",
        authority="示范市公安局青山分局",
        nation_code="03",
    ),
    "J": Identity(
        card_type=CardType.HMT_PERMIT,
        name="陈大文",
        sex=Sex.MALE,
        birth=date(1988, 8, 8),
        id_number=_id("81000019880808001"),
        valid_from=date(2023, 1, 10),
        valid_to=date(2028, 1, 10),
        address="广东省深圳市福田区示范街2号",
        authority="深圳市公安局福田分局",
        pass_number="H12345678",
        issue_count="01",
    ),
    "I": Identity(
        card_type=CardType.FOREIGN_2017,
        name="史密斯",
        sex=Sex.MALE,
        birth=date(1975, 3, 21),
        id_number="USA110075032101",
        valid_from=date(2019, 7, 1),
        valid_to=date(2029, 7, 1),
        authority="",
        english_name="SMITH, JOHN WILLIAM",
        nationality="USA",
        card_version="01",
        authority_code="1500",
    ),
    "Y": Identity(
        card_type=CardType.FOREIGN_2023,
        name="玛丽亚",
        sex=Sex.FEMALE,
        birth=date(1992, 11, 5),
        id_number=_id("93311019921105002"),
        valid_from=date(2024, 2, 1),
        valid_to=date(2034, 2, 1),
        english_name="GARCIA LOPEZ, MARIA FERNANDA DE LOS ANGELES",
        nationality="ESP",
        renewal_count="00",
        old_number_link="",
    ),
}
