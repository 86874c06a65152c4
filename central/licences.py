"""The reference 电子证照库 (e-licence library) on central: licences per holder (type, GB/T
36904 identifier, number, issuer, validity, status), a query by holder that needs the
terminal, the application in progress, the purpose and the holder's authorisation and asks
only for the types the item's materials name — answered with each licence and its annotated
copy (加注件: a picture stamped with the purpose and how long it may be used) — and the use log
(用证日志: who, which window, which application, purpose, authorisation, the identifiers
returned). Holders are kept as the platform's digest of their ID number."""

from __future__ import annotations

import base64
import io
import json
from datetime import date, timedelta
from typing import Any

from central.base import Answer, PlatformBase, PlatformError, json_object, text_field
from core.documents.fonts import cjk_font_path
from core.elicence.identifier import InvalidLicenceId, licence_id, parse_licence_id
from core.elicence.licences import (
    HOLDER_CITIZEN,
    ELicence,
    LicenceStatus,
    check_query,
    licence_from_dict,
    licence_to_dict,
    purpose_for,
    wanted_types,
)
from core.errors import InvalidIdNumber, ValidationError
from core.validators import mask_name, parse_id_number

#: How long an annotated copy may be used (its stamp says until when).
COPY_DAYS = 30


def annotated_copy(licence: ELicence, holder: str, purpose: str, until: date) -> bytes:
    """加注件: the licence drawn with its holder (masked), number, issuer and validity, and
    stamped in red with the purpose and the last day it may be used — a PNG."""
    from PIL import Image, ImageDraw, ImageFont  # the library's own copies, drawn on request

    path = cjk_font_path()

    def font(size: int) -> Any:
        return ImageFont.truetype(path, size) if path else ImageFont.load_default()

    image = Image.new("RGB", (900, 560), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 889, 549), outline=(30, 60, 120), width=4)
    draw.text((40, 36), licence.type_name, fill=(30, 60, 120), font=font(44))
    lines = (
        ("持证人", mask_name(holder) if holder else "—"),
        ("证照编号", licence.number),
        ("颁发机构", licence.issuer_name),
        ("有效期至", licence.valid_to.isoformat() if licence.valid_to else "长期"),
        ("证照标识", licence.identifier),
    )
    for i, (label, value) in enumerate(lines):
        draw.text((40, 120 + 52 * i), f"{label}：{value}", fill="black", font=font(26))
    stamp = f"加注：仅用于{purpose}，{until.isoformat()}前有效"
    draw.rectangle((36, 400, 864, 520), outline=(200, 20, 20), width=3)
    draw.text((56, 420), stamp[:30], fill=(200, 20, 20), font=font(28))
    draw.text((56, 466), stamp[30:60], fill=(200, 20, 20), font=font(28))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


class Licences(PlatformBase):
    def add_licence(
        self,
        id_number: str,
        type_name: str,
        type_code: str,
        issuer: str,
        issuer_name: str,
        serial: str,
        number: str,
        *,
        holder_name: str = "",
        valid_to: date | None = None,
        status: LicenceStatus = LicenceStatus.VALID,
    ) -> ELicence:
        """A licence issued to the holder of ``id_number`` (the administrator's and the demo's:
        the library a province keeps). Its identifier is made with its check character."""
        licence = ELicence(
            str(licence_id(type_code, issuer, serial)),
            type_name,
            number,
            issuer_name,
            valid_to,
            status,
        )
        doc = {**licence_to_dict(licence), "holder_name": holder_name}
        holder = self.person_digest(id_number)  # (its key made before the transaction)
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO elicences VALUES (?, ?, ?, ?, ?) ON CONFLICT (identifier)"
                " DO UPDATE SET doc = excluded.doc, at = excluded.at",
                (
                    licence.identifier,
                    holder,
                    type_name,
                    json.dumps(doc, ensure_ascii=False),
                    self.now_iso(),
                ),
            )
        return licence

    def query_licences(self, terminal: str, body: bytes) -> Answer:
        """A terminal asks for the holder's licences for an item (授权用证): the holder
        (holder code 111, the card's number), the item, the application in progress, the
        purpose (申请事由) and the holder's authorisation reference. Only the item's licence
        types are answered, each with its annotated copy; the query is logged."""
        doc = json_object(body)
        if text_field(doc, "holder_code", 3) not in ("", HOLDER_CITIZEN):
            raise PlatformError(422, "holder_code: 111 (a citizen's ID number)")
        item = self.catalogue_item(text_field(doc, "item", 40))
        if item is None:
            raise PlatformError(422, "item: an implementation code of the catalogue")
        purpose = text_field(doc, "purpose", 400) or purpose_for(item)
        authorisation = text_field(doc, "authorisation", 64)
        application = text_field(doc, "application", 64)
        if not application:
            raise PlatformError(422, "application: the 办件 in progress")
        types = wanted_types(item)
        today = self.china_now().date()
        try:
            check_query(purpose, authorisation, types, dict.fromkeys(types, True))
            number = parse_id_number(text_field(doc, "id_number", 40), today=today)
        except (ValidationError, InvalidIdNumber) as e:
            raise PlatformError(422, e.user_message) from None
        holder = self.person_digest(number.value)
        rows = self.db.conn.execute(
            f"SELECT doc FROM elicences WHERE holder = ? AND type_name IN"
            f" ({', '.join('?' * len(types))}) ORDER BY type_name, at DESC",
            (holder, *types),
        ).fetchall()
        until = today + timedelta(days=COPY_DAYS) if rows else today
        found = []
        for (raw,) in rows:
            kept = json.loads(raw)
            licence = licence_from_dict(kept)
            copy = annotated_copy(licence, str(kept.get("holder_name", "")), purpose, until)
            found.append(
                {
                    **licence_to_dict(licence),
                    "copy_png": base64.b64encode(copy).decode("ascii"),
                    "copy_until": until.isoformat(),
                }
            )
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO licence_uses (at, terminal, window, application, item, purpose,"
                " authorisation, identifiers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.now_iso(),
                    terminal,
                    text_field(doc, "window", 40),
                    application,
                    item.impl_code,
                    purpose,
                    authorisation,
                    json.dumps([f["identifier"] for f in found]),
                ),
            )
        return Answer(200, {"licences": found, "purpose": purpose})

    def licences_used(self, terminal: str, application: str) -> set[str]:
        """The identifiers the library answered this terminal for this application."""
        return {
            identifier
            for (ids,) in self.db.conn.execute(
                "SELECT identifiers FROM licence_uses WHERE terminal = ? AND application = ?",
                (terminal, application),
            )
            for identifier in json.loads(ids)
        }

    def check_licences_used(self, terminal: str, application: str, identifiers: list[str]) -> None:
        """An application's e-licences verified again on arrival: each identifier well formed
        and one the library answered this terminal for this application.

        Raises:
            PlatformError: 422 naming the identifier.
        """
        if not identifiers:
            return
        used = self.licences_used(terminal, application)
        for identifier in identifiers:
            try:
                parse_licence_id(identifier)
            except InvalidLicenceId as e:
                raise PlatformError(422, f"e-licence {identifier[:60]!r}: {e.detail}") from None
            if identifier not in used:
                raise PlatformError(
                    422, f"e-licence {identifier[:60]!r} was not answered for this application"
                )

    def licence_uses(self) -> list[dict[str, Any]]:
        """用证日志, oldest first (the administrator's)."""
        rows = self.db.conn.execute(
            "SELECT at, terminal, window, application, item, purpose, authorisation,"
            " identifiers FROM licence_uses ORDER BY seq"
        ).fetchall()
        keys = ("at", "terminal", "window", "application", "item", "purpose", "authorisation")
        return [
            {**dict(zip(keys, row[:7], strict=True)), "identifiers": json.loads(row[7])}
            for row in rows
        ]


#: The demo city's licences, for the people on the simulated ID cards (devices.idcard.cards:
#: 张三丰 and 欧阳娜娜): their ID cards and household registers, issued by the city's bodies.
#: Type codes: the defining ministry's USCC (a demo one) and the type's number.
DEMO_LICENCES = (
    # (id number, holder, type, type code, issuer, issuer name, serial, number, valid to)
    (
        "110101199001010031",
        "张三丰",
        "居民身份证",
        "11100000000013127D001",
        "369901",
        "示范市公安局青山分局",
        "0000000001",
        "110101199001010031",
        "2040-05-01",
    ),
    (
        "110101199001010031",
        "张三丰",
        "居民户口簿",
        "11100000000013127D002",
        "369901",
        "示范市公安局青山分局光明派出所",
        "0000000002",
        "369901001000031",
        "",
    ),
    (
        "11010519491231002X",
        "欧阳娜娜",
        "居民身份证",
        "11100000000013127D001",
        "369901",
        "示范市公安局青山分局",
        "0000000003",
        "11010519491231002X",
        "",
    ),
    (
        "11010519491231002X",
        "欧阳娜娜",
        "居民户口簿",
        "11100000000013127D002",
        "369901",
        "示范市公安局青山分局光明派出所",
        "0000000004",
        "369901001000032",
        "",
    ),
)


def seed_demo_licences(platform: Licences) -> int:
    """The demo city's licences, when the library holds none (a new reference platform)."""
    if platform.db.conn.execute("SELECT 1 FROM elicences LIMIT 1").fetchone():
        return 0
    for number, holder, type_name, code, issuer, issuer_name, serial, face, until in DEMO_LICENCES:
        platform.add_licence(
            number,
            type_name,
            code,
            issuer,
            issuer_name,
            serial,
            face,
            holder_name=holder,
            valid_to=date.fromisoformat(until) if until else None,
        )
    return len(DEMO_LICENCES)
