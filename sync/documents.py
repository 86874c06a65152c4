"""The documents a terminal sends the platform (the wire format): an application with its
personal part, a decision, an evaluation — built from the domain's objects, and read back."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from core.application import (
    Application,
    DecisionKind,
    DecisionRecord,
    Defect,
    Submission,
)
from core.evaluation import Evaluation, NationalStandardExporter
from sync.database import iso

log = logging.getLogger(__name__)


def personal_document(app: Application) -> dict[str, Any]:
    """The personal part of an application: applicant, form data, agent consent. Sealed at
    rest (LocalStore) and sent inside the application document."""
    a, c = app.applicant, app.consent
    return {
        "applicant": {
            "name": a.name,
            "id_number": a.id_number,
            "card_type": a.card_type,
            "phone": a.phone,
            "address": a.address,
            "verified_by_card": a.verified_by_card,
        },
        "form": app.form_data,
        "checklist": {
            code: {
                "pages": sub.pages,
                "via_elicence": sub.via_elicence,
                "original_seen": sub.original_seen,
                # only when kept: an entry without it keeps its bytes (and payload hash)
                **({"original_kept": True} if sub.original_kept else {}),
                **({"via_consent": True} if sub.via_consent else {}),
                **({"elicence": sub.elicence} if sub.elicence else {}),
                "defect": sub.defect.name if sub.defect else None,
                "remark": sub.remark,
            }
            for code, sub in app.checklist.items()
        },
        "consent": None
        if c is None
        else {
            "agent_id": c.agent_id,
            "agent_name": c.agent_name,
            "method": c.method.value,
            "captured_at": iso(c.captured_at),
            "evidence_sha256": c.evidence_sha256,
            "text_version": c.text_version,
        },
        # the counter's decisions (absent when none: the bytes of an application queued
        # before decisions were recorded stay the same, and so does its payload hash)
        **({"decisions": [decision_document(d) for d in app.decisions]} if app.decisions else {}),
    }


def decision_document(d: DecisionRecord) -> dict[str, Any]:
    return {
        "kind": d.kind.value,
        "at": iso(d.at),
        "clerk_id": d.clerk_id,
        "clerk_name": d.clerk_name,
        "window": d.window,
        "reason": d.reason,
        "missing": list(d.missing),
        # only when given: a decision recorded before keeps its bytes (and payload hash)
        **({"basis": d.basis} if d.basis else {}),
        **({"ticket": d.ticket} if d.ticket else {}),
    }


def submission_from(doc: Mapping[str, Any]) -> Submission:
    """A checklist entry as :func:`personal_document` wrote it.

    Raises:
        KeyError, TypeError: not such an entry (a document from elsewhere).
    """
    return Submission(
        doc["pages"],
        doc["via_elicence"],
        doc["original_seen"],
        doc.get("original_kept", False),
        Defect[doc["defect"]] if doc["defect"] else None,
        doc["remark"],
        doc.get("via_consent", False),
        doc.get("elicence", ""),
    )


def decision_from(doc: Mapping[str, Any]) -> DecisionRecord:
    return DecisionRecord(
        DecisionKind(doc["kind"]),
        datetime.fromisoformat(doc["at"]),
        clerk_id=doc.get("clerk_id", ""),
        clerk_name=doc.get("clerk_name", ""),
        window=doc.get("window", ""),
        reason=doc.get("reason", ""),
        missing=tuple(doc.get("missing", ())),
        basis=doc.get("basis", ""),
        ticket=doc.get("ticket", ""),
    )


def personal_digest(doc: Mapping[str, Any]) -> str:
    """The personal record's content, whatever the order of its keys."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def application_document(app: Application) -> bytes:
    """What the platform receives: deterministic (sorted keys), so a retry sends the very same
    bytes and the platform recognises it by its Idempotency-Key and payload hash."""
    doc = {
        "local_id": str(app.local_id),
        "receipt_number": app.receipt_number,
        "item_impl_code": app.item_impl_code,
        "item_version": app.item_version,
        "item_name": app.item_name,
        "channel": app.channel.value,
        "terminal_id": app.terminal_id,
        "created_at": iso(app.created_at),
        **personal_document(app),
        "attachments": [
            {
                "material_code": x.material_code,
                "sha256": x.sha256,
                "pages": x.pages,
                "media_type": x.media_type,
                "size": x.size,
            }
            for x in app.attachments
        ],
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()


def evaluation_document(e: Evaluation) -> dict[str, Any]:
    return {
        "local_id": str(e.local_id),
        "application_id": str(e.application_id) if e.application_id else None,
        "satisfaction": e.satisfaction.value,
        "channel": e.channel.value,
        "at": iso(e.at),
        "terminal_id": e.terminal_id,
        "item_basic_code": e.item_basic_code,
        "item_impl_code": e.item_impl_code,
        "staff_id": e.staff_id,
        "window": e.window,
        "reasons": list(e.reasons),
        "comment": e.comment,
        "attempt": e.attempt,
        "region_code": e.region_code,
        "gbt39046": NationalStandardExporter().export(e),
    }


PURGED: dict[str, Any] = {
    "applicant": {"name": "", "id_number": "", "card_type": "", "phone": "", "address": ""},
    "form": {},
    "consent": None,
}
