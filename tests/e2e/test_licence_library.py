"""The reference 证照库 on central (issue 24): a query needs the holder's authorisation and the
application in progress and answers only the item's licence types, each with its annotated
copy; every query is logged; an application's identifiers are verified again on arrival."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from central.base import PlatformError
from central.platform import Platform
from core.catalogue.models import Material, MaterialForm
from core.elicence.licences import LicenceStatus
from tests.helpers.samples import simple_item

HOLDER = "110101199001010031"
TYPE = "11100000000013127D001"
ITEM = simple_item(
    materials=(
        Material("id_card", "申请人居民身份证", MaterialForm.ORIGINAL, 1, True, "", "居民身份证"),
        Material("photo", "照片", MaterialForm.ORIGINAL, 1, True),
    )
)


def _query(platform: Platform, **doc: str) -> dict[str, object]:
    body = {
        "holder_code": "111",
        "id_number": HOLDER,
        "item": ITEM.impl_code,
        "application": "APP-1",
        "authorisation": "KIOSK-APP-1",
        **doc,
    }
    return platform.query_licences("K1", json.dumps(body).encode()).doc


def test_the_library_answers_what_the_item_needs_logs_it_and_verifies_it_again(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    platform.catalogue_item = lambda code: ITEM if code == ITEM.impl_code else None
    card = platform.add_licence(HOLDER, "居民身份证", TYPE, "369901", "示范市公安局", "1", "N1")
    platform.add_licence(HOLDER, "结婚证", "11100000000014125E001", "369901", "民政局", "2", "J1")
    platform.add_licence(
        HOLDER,
        "居民身份证",
        TYPE,
        "369901",
        "示范市公安局",
        "3",
        "N0",
        status=LicenceStatus.REVOKED,
    )
    answer = _query(platform)
    licences = answer["licences"]
    assert isinstance(licences, list)
    assert {lic["type_name"] for lic in licences} == {"居民身份证"}  # not the 结婚证
    copy = base64.b64decode(licences[0]["copy_png"])
    assert copy.startswith(b"\x89PNG")
    (use,) = platform.licence_uses()
    assert use["application"] == "APP-1"
    assert use["authorisation"] == "KIOSK-APP-1"
    assert card.identifier in use["identifiers"]
    # without the holder's authorisation, for another holder code: refused, not logged
    with pytest.raises(PlatformError) as refused:
        _query(platform, authorisation="")
    assert refused.value.status == 422
    with pytest.raises(PlatformError):
        _query(platform, holder_code="001")
    assert len(platform.licence_uses()) == 1
    # on arrival: an identifier answered for this application passes; another does not
    platform.check_licences_used("K1", "APP-1", [card.identifier])
    with pytest.raises(PlatformError, match="not answered"):
        platform.check_licences_used("K1", "APP-2", [card.identifier])
    with pytest.raises(PlatformError, match="e-licence"):
        platform.check_licences_used("K1", "APP-1", ["1.2.156.3005.2.BAD"])
