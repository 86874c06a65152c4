"""JSON-ready dicts for service items (storage, the platform API, catalogue diffs)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.catalogue.models import (
    Audience,
    Fee,
    Handling,
    ItemType,
    Level,
    Material,
    MaterialForm,
    ServiceItem,
)
from core.forms import FieldType, FormField, FormSchema, Prefill


def _field_to_dict(f: FormField) -> dict[str, Any]:
    d: dict[str, Any] = {"key": f.key, "label": f.label, "type": f.type.value}
    if not f.required:
        d["required"] = False
    for name in ("max_length", "min_length", "pattern", "pattern_message"):
        value = getattr(f, name)
        if value is not None:
            d[name] = value
    if f.choices:
        d["choices"] = list(f.choices)
    if f.minimum is not None:
        d["minimum"] = str(f.minimum)
    if f.maximum is not None:
        d["maximum"] = str(f.maximum)
    if f.prefill is not None:
        d["prefill"] = f.prefill.value
    if f.help:
        d["help"] = f.help
    return d


def _field_from_dict(d: dict[str, Any]) -> FormField:
    return FormField(
        key=d["key"],
        label=d["label"],
        type=FieldType(d["type"]),
        required=d.get("required", True),
        max_length=d.get("max_length"),
        min_length=d.get("min_length"),
        pattern=d.get("pattern"),
        pattern_message=d.get("pattern_message"),
        choices=tuple(d.get("choices", ())),
        minimum=Decimal(d["minimum"]) if "minimum" in d else None,
        maximum=Decimal(d["maximum"]) if "maximum" in d else None,
        prefill=Prefill(d["prefill"]) if "prefill" in d else None,
        help=d.get("help", ""),
    )


def _material_to_dict(m: Material) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "form": m.form.value,
        "copies": m.copies,
        "required": m.required,
        "condition": m.condition,
        "elicence_type": m.elicence_type,
        "note": m.note,
        # only when set: a material without it keeps its bytes (catalogue hashes, diffs)
        **({"consent_accepted": True} if m.consent_accepted else {}),
    }


def _material_from_dict(d: dict[str, Any]) -> Material:
    return Material(
        d["code"],
        d["name"],
        MaterialForm(d["form"]),
        d["copies"],
        d["required"],
        d.get("condition", ""),
        d.get("elicence_type", ""),
        d.get("note", ""),
        d.get("consent_accepted", False),
    )


def item_to_dict(item: ServiceItem) -> dict[str, Any]:
    return {
        "impl_code": item.impl_code,
        "basic_code": item.basic_code,
        "version": item.version,
        "name": item.name,
        "theme": item.theme,
        "item_type": item.item_type.value,
        "audiences": sorted(a.value for a in item.audiences),
        "department": item.department,
        "region_code": item.region_code,
        "region_name": item.region_name,
        "level": item.level.value,
        "handling": item.handling.value,
        "legal_limit_days": item.legal_limit_days,
        "promised_limit_days": item.promised_limit_days,
        "materials": [_material_to_dict(m) for m in item.materials],
        "fees": [
            {"name": f.name, "amount_yuan": f.amount_yuan, "basis": f.basis} for f in item.fees
        ],
        "online_depth": item.online_depth,
        "max_visits": item.max_visits,
        "card_required": item.card_required,
        "conditions": item.conditions,
        "guide": item.guide,
        "keywords": list(item.keywords),
        "form": [_field_to_dict(f) for f in item.form.fields],
        "popularity": item.popularity,
        # only when set: an item without it keeps its bytes (catalogue hashes, diffs)
        **({"legal_basis": item.legal_basis} if item.legal_basis else {}),
        **({"post_delivery": True} if item.post_delivery else {}),
    }


def item_from_dict(d: dict[str, Any]) -> ServiceItem:
    return ServiceItem(
        impl_code=d["impl_code"],
        basic_code=d["basic_code"],
        version=d["version"],
        name=d["name"],
        theme=d["theme"],
        item_type=ItemType(d["item_type"]),
        audiences=frozenset(Audience(a) for a in d["audiences"]),
        department=d["department"],
        region_code=d["region_code"],
        region_name=d["region_name"],
        level=Level(d["level"]),
        handling=Handling(d["handling"]),
        legal_limit_days=d["legal_limit_days"],
        promised_limit_days=d["promised_limit_days"],
        materials=tuple(_material_from_dict(m) for m in d["materials"]),
        fees=tuple(Fee(f["name"], f["amount_yuan"], f.get("basis", "")) for f in d["fees"]),
        online_depth=d["online_depth"],
        max_visits=d["max_visits"],
        card_required=d.get("card_required", True),  # catalogues before it existed: required
        post_delivery=bool(d.get("post_delivery", False)),
        conditions=d["conditions"],
        guide=d["guide"],
        keywords=tuple(d["keywords"]),
        form=FormSchema(tuple(_field_from_dict(f) for f in d["form"])),
        popularity=d["popularity"],
        legal_basis=d.get("legal_basis", ""),
    )


# Fields that identify an implementation; the rest is usually shared by every implementation
# of a basic item and is stored once (see sync.catalogue).
IMPLEMENTATION_FIELDS = ("impl_code", "department", "region_code", "region_name", "level")
DEPARTMENT_PLACEHOLDER = "\x00DEPT\x00"


def split_item(item: ServiceItem) -> tuple[dict[str, Any], dict[str, Any]]:
    """(shared part, implementation part). The guide's mentions of the department become a
    placeholder so that the shared part is the same for every implementation."""
    d = item_to_dict(item)
    own = {k: d.pop(k) for k in IMPLEMENTATION_FIELDS}
    d["guide"] = d["guide"].replace(item.department, DEPARTMENT_PLACEHOLDER)
    return d, own


def join_item(shared: dict[str, Any], own: dict[str, Any]) -> ServiceItem:
    d = {**shared, **own}
    d["guide"] = d["guide"].replace(DEPARTMENT_PLACEHOLDER, own["department"])
    return item_from_dict(d)
