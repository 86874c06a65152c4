"""A terminal's side of the 证照库 (e-licence library): with the holder's authorisation, their
licences for the item being applied for, each with its annotated copy — asked of the platform
on the store's thread. What a licence may stand for is core.elicence's rule; a library that
cannot be reached or answers wrongly leaves the citizen to scan paper, said plainly."""

from __future__ import annotations

import base64
import binascii
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from core.catalogue.models import ServiceItem
from core.clock import Clock, local_today
from core.elicence.identifier import InvalidLicenceId, parse_licence_id
from core.elicence.licences import (
    HOLDER_CITIZEN,
    ELicence,
    licence_from_dict,
    purpose_for,
    refusal,
    replacing,
)
from core.errors import HallError, ValidationError
from core.messages import tr

log = logging.getLogger(__name__)


class LicenceClient(Protocol):
    def licence_query(self, doc: dict[str, Any]) -> dict[str, Any]: ...


class LicencesUnavailable(ValidationError):
    default_user_message = tr("电子证照暂不可用，请扫描纸质材料。")


@dataclass(frozen=True)
class LicenceUse:
    """A licence standing for a material, and its annotated copy (加注件, PNG) sent with the
    application in place of a scan."""

    licence: ELicence
    copy_png: bytes
    until: date


class LicenceDesk:
    def __init__(self, client: Callable[[], LicenceClient] | None, clock: Clock) -> None:
        self._client = client  # None: not enrolled (no library to ask)
        self.clock = clock

    def query(
        self,
        item: ServiceItem,
        id_number: str,
        application: uuid.UUID,
        authorisation: str,
        window: str = "",
    ) -> dict[str, LicenceUse]:
        """Material code → the licence standing for it (none: scan as usual).

        Raises:
            LicencesUnavailable: the library cannot be asked or answered wrongly.
        """
        return self.query_all(item, id_number, application, authorisation, window)[0]

    def query_all(
        self,
        item: ServiceItem,
        id_number: str,
        application: uuid.UUID,
        authorisation: str,
        window: str = "",
    ) -> tuple[dict[str, LicenceUse], dict[str, str]]:
        """:meth:`query`, and material code → why a licence the library answered for it may
        not stand for it (expired, revoked …: what a clerk is shown beside the material)."""
        if self._client is None:
            raise LicencesUnavailable("not enrolled")
        doc = {
            "holder_code": HOLDER_CITIZEN,
            "id_number": id_number,
            "item": item.impl_code,
            "application": str(application),
            "purpose": purpose_for(item),
            "authorisation": authorisation,
            "window": window,
        }
        try:
            answer = self._client().licence_query(doc)
            found = {}
            for d in answer.get("licences", ()):
                found[str(d["identifier"])] = (
                    licence_from_dict(d),
                    base64.b64decode(d["copy_png"], validate=True),
                    date.fromisoformat(d["copy_until"]),
                )
        except HallError as e:
            log.warning("licences: %s", e.detail)
            raise LicencesUnavailable(f"licence query: {e.detail}") from e
        except (KeyError, TypeError, ValueError, binascii.Error) as e:
            raise LicencesUnavailable(f"licence answer malformed: {e}") from e
        for licence, _, _ in found.values():
            try:
                if not parse_licence_id(licence.identifier).check_matches:
                    # published identifiers exist whose check does not match: used, and said
                    log.warning(
                        "e-licence of %s: its identifier's check character does not match",
                        licence.issuer_name,
                    )
            except InvalidLicenceId:
                pass  # refused below (core.elicence.licences.refusal)
        today = local_today(self.clock)
        licences = [lic for lic, _, _ in found.values()]
        usable = replacing(item, licences, today)
        refused: dict[str, str] = {}
        for m in item.materials:
            if m.code in usable or not m.elicence_type:
                continue
            reasons = [
                r
                for lic in licences
                if lic.type_name == m.elicence_type
                if (r := refusal(lic, today))
            ]
            if reasons:
                refused[m.code] = str(reasons[0])
        uses = {
            code: LicenceUse(licence, found[licence.identifier][1], found[licence.identifier][2])
            for code, licence in usable.items()
        }
        return uses, refused
