"""The e-licence identifier (证照标识, GB/T 36904):

    1.2.156.3005.2.<证照类型代码>.<颁证机构代码>.<流水号>.<版本号>.<校验位>

- the type code: the defining ministry's unified social credit code (18 characters, USCC)
  and a 3-digit number of the licence type;
- the issuer: its USCC (18 characters) — some provinces use a 6-digit area code instead;
- the serial number and the version: digits or capitals;
- the check character: ISO 7064 MOD 37,36 over type + issuer + serial + version.

Published identifiers exist whose check character does not match: a mismatch is a warning
naming the issuer, not a refusal (:attr:`LicenceId.check_matches`). A wrong root, a part
missing or malformed is a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.cn import uscc
from stdnum.iso7064 import mod_37_36

from core.errors import ValidationError
from core.messages import tr

ROOT = "1.2.156.3005.2"
_TYPE = re.compile(r"^[0-9A-HJ-NP-RT-UW-Y]{18}\d{3}$")
_ISSUER = re.compile(r"^(?:[0-9A-HJ-NP-RT-UW-Y]{18}|\d{6})$")
_PART = re.compile(r"^[0-9A-Z]{1,40}$")


class InvalidLicenceId(ValidationError):
    default_user_message = tr("电子证照标识不正确，请改用纸质材料。")


@dataclass(frozen=True, slots=True)
class LicenceId:
    type_code: str  # the ministry's USCC + 3 digits
    issuer: str  # the issuing body's USCC, or a 6-digit area code
    serial: str
    version: str
    check: str

    @property
    def expected_check(self) -> str:
        return mod_37_36.calc_check_digit(self.type_code + self.issuer + self.serial + self.version)

    @property
    def check_matches(self) -> bool:
        """False for a published identifier whose check character does not match (used,
        with a warning naming its issuer)."""
        return self.check == self.expected_check

    def __str__(self) -> str:
        return ".".join((ROOT, self.type_code, self.issuer, self.serial, self.version, self.check))


def licence_id(type_code: str, issuer: str, serial: str, version: str = "1") -> LicenceId:
    """A new identifier with its check character (the reference 证照库 issues them so)."""
    body = type_code + issuer + serial + version
    return parse_licence_id(
        f"{ROOT}.{type_code}.{issuer}.{serial}.{version}.{mod_37_36.calc_check_digit(body)}"
    )


def parse_licence_id(text: str) -> LicenceId:
    """The identifier's parts, checked for structure (the root, each part's form, the type
    code's USCC). The check character is computed, not enforced (see the module).

    Raises:
        InvalidLicenceId: not an e-licence identifier.
    """
    value = text.strip().upper()
    if not value.startswith(ROOT + "."):
        raise InvalidLicenceId(f"identifier {value[:40]!r}: root is not {ROOT}")
    parts = value[len(ROOT) + 1 :].split(".")
    if len(parts) != 5:
        raise InvalidLicenceId(f"identifier {value[:60]!r}: {len(parts)} parts after the root")
    type_code, issuer, serial, version, check = parts
    if not _TYPE.match(type_code) or not uscc.is_valid(type_code[:18]):
        raise InvalidLicenceId(f"identifier type code {type_code!r} is not a USCC + 3 digits")
    if not _ISSUER.match(issuer) or (len(issuer) == 18 and not uscc.is_valid(issuer)):
        raise InvalidLicenceId(f"identifier issuer {issuer!r} is not a USCC or an area code")
    if not (_PART.match(serial) and _PART.match(version)):
        raise InvalidLicenceId(f"identifier serial/version {serial!r}/{version!r} malformed")
    if not re.fullmatch(r"[0-9A-Z]", check):  # MOD 37,36: one of the 36 alphanumerics
        raise InvalidLicenceId(f"identifier check character {check!r} malformed")
    return LicenceId(type_code, issuer, serial, version, check)
