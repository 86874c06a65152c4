"""Parses the demo catalogue seed (assets/catalogue/seed.toml) into typed records."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from core.catalogue.models import Audience, Fee, Handling, ItemType, Material, MaterialForm
from core.errors import SettingsError
from core.fees import fen
from core.forms import FieldType, FormField, FormSchema, Prefill

ITEM_TYPES = {
    "XK": ItemType.LICENSE,
    "QR": ItemType.CONFIRMATION,
    "JF": ItemType.BENEFIT,
    "JL": ItemType.AWARD,
    "CJ": ItemType.RULING,
    "QT": ItemType.OTHER_POWER,
    "GG": ItemType.PUBLIC_SERVICE,
}
LEVEL_LETTERS = "CTSV"  # city, county, township, village


@dataclass(frozen=True)
class SeedItem:
    name: str
    theme: str
    theme_no: int
    item_no: int
    department: str
    audience: Audience
    item_type: ItemType
    levels: str  # subset of LEVEL_LETTERS
    handling: Handling
    legal_days: int
    promised_days: int
    materials: tuple[Material, ...]
    form: FormSchema
    popularity: int
    keywords: tuple[str, ...]
    basis: str = ""  # 设定依据 of the theme's items
    fees: tuple[Fee, ...] = ()  # none: 不收费
    post_delivery: bool = False  # 物流寄递 offered


@dataclass(frozen=True)
class Seed:
    items: tuple[SeedItem, ...]
    synonyms: dict[str, tuple[str, ...]]
    materials: dict[str, Material]


def _cells(line: str, n: int, where: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    if len(cells) != n:
        raise SettingsError(f"{where}: expected {n} '|'-separated cells, found {len(cells)}")
    return cells


def _material(code: str, spec: str) -> Material:
    name, form, copies, elicence = _cells(spec, 4, f"materials.{code}")
    return Material(code, name, MaterialForm(form), int(copies), True, "", elicence)


def _field(key: str, spec: str) -> FormField:
    label, type_, required, prefill, extra = _cells(spec, 5, f"fields.{key}")
    ftype = FieldType(type_)
    choices = tuple(extra.split("/")) if ftype is FieldType.CHOICE else ()
    max_length = int(extra) if extra.isdigit() else None
    minimum = Decimal(0) if ftype is FieldType.NUMBER else None
    return FormField(
        key=key,
        label=label,
        type=ftype,
        required=required == "1",
        max_length=max_length,
        choices=choices,
        minimum=minimum,
        prefill=Prefill(prefill) if prefill else None,
    )


_AGENT_CONDITION = "委托他人代办的提供"


def _materials_for(
    spec: str, audience: Audience, name: str, lib: dict[str, Material]
) -> tuple[Material, ...]:
    out: list[Material] = []
    if audience is Audience.PERSON:
        out.append(lib["id_card"])
    else:
        if "设立" not in name and "开办" not in name:
            out.append(lib["biz_licence"])
        out.append(lib["legal_rep_id"])
    for raw in filter(None, (c.strip() for c in spec.split(","))):
        code = raw.rstrip("?@")
        if code not in lib:
            raise SettingsError(f"item {name}: unknown material {code!r}")
        m = lib[code]
        if raw.endswith("?"):
            m = Material(m.code, m.name, m.form, m.copies, False, "如有", m.elicence_type)
        out.append(m)
    for code in ("power_of_attorney", "agent_id"):
        m = lib[code]
        # a person may authorise an agent by signing on the station's screen (an electronic
        # 授权委托书); an organisation's authorisation carries its seal, on paper
        signed = code == "power_of_attorney" and audience is Audience.PERSON
        out.append(
            Material(m.code, m.name, m.form, m.copies, False, _AGENT_CONDITION, "", "", signed)
        )
    return tuple(out)


def parse_seed(data: dict[str, Any]) -> Seed:
    """Builds the seed from the parsed TOML document.

    Raises:
        SettingsError: naming the item, material or field that is malformed.
    """
    lib = {code: _material(code, spec) for code, spec in data["materials"].items()}
    field_lib = {key: _field(key, spec) for key, spec in data["fields"].items()}
    forms = {
        name: FormSchema(tuple(field_lib[k] for k in keys)) for name, keys in data["forms"].items()
    }
    items: list[SeedItem] = []
    for theme_no, theme in enumerate(data["themes"], start=1):
        audience = Audience(theme["audience"])
        for item_no, line in enumerate(theme["items"], start=1):
            where = f"{theme['name']} #{item_no}"
            (name, type_, levels, handling, legal, promised, mats, form, pop, kw) = _cells(
                line, 10, where
            )
            level_letters = levels.replace(",", "")
            if not level_letters or set(level_letters) - set(LEVEL_LETTERS):
                raise SettingsError(f"{where}: bad levels {levels!r}")
            if form not in forms:
                raise SettingsError(f"{where}: unknown form {form!r}")
            items.append(
                SeedItem(
                    name=name,
                    theme=theme["name"],
                    theme_no=theme_no,
                    item_no=item_no,
                    department=theme["department"],
                    audience=audience,
                    item_type=ITEM_TYPES[type_],
                    levels=level_letters,
                    handling=Handling.IMMEDIATE if handling == "J" else Handling.PROMISED,
                    legal_days=int(legal),
                    promised_days=0 if handling == "J" else int(promised),
                    materials=_materials_for(mats, audience, name, lib),
                    form=forms[form],
                    popularity=int(pop),
                    keywords=tuple(kw.split()),
                    basis=theme.get("basis", ""),
                )
            )
    fees = {
        name: tuple(_fee(spec, f"fees.{name}") for spec in specs)
        for name, specs in data.get("fees", {}).items()
    }
    unknown = set(fees) - {i.name for i in items}
    if unknown:
        raise SettingsError(f"fees for items not in the seed: {sorted(unknown)}")
    items = [replace(i, fees=fees[i.name]) if i.name in fees else i for i in items]
    post = set(data.get("delivery", {}).get("post", ()))
    unknown = post - {i.name for i in items}
    if unknown:
        raise SettingsError(f"post delivery for items not in the seed: {sorted(unknown)}")
    items = [replace(i, post_delivery=True) if i.name in post else i for i in items]
    synonyms = {k: tuple(v) for k, v in data.get("synonyms", {}).items()}
    return Seed(tuple(items), synonyms, lib)


def _fee(spec: str, where: str) -> Fee:
    name, amount, basis = _cells(spec, 3, where)
    try:
        if fen(amount) <= 0:
            raise ValueError("a fee of nothing")
    except ValueError as e:
        raise SettingsError(f"{where}: {e}") from None
    return Fee(name, amount, basis)
