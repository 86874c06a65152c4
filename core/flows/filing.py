"""What both journeys fill in (the kiosk's citizen alone, the counter's clerk for an
applicant): whose application, which item, its form, the materials provided and their
pre-check — and the applicant the application is filed for, derived once from them."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.applicant import applicant_from
from core.application import Applicant, PrecheckResult, Submission
from core.catalogue.models import ServiceItem
from core.errors import ValidationError
from core.forms import FormSchema, form_for, prefill_values
from core.identity import Identity
from core.messages import tr


@dataclass
class Filing:
    identity: Identity | None = None
    identity_typed: bool = False  # 人工录入: typed in, not read from a card (marked on it)
    item: ServiceItem | None = None
    form: dict[str, str] = field(default_factory=dict)
    provided: dict[str, Submission] = field(default_factory=dict)
    check: PrecheckResult | None = None

    @property
    def form_schema(self) -> FormSchema:
        """The chosen item's form for this card's holder (core.forms.form_for)."""
        return form_for(self.item.form, self.identity) if self.item else FormSchema()

    def form_defaults(self) -> dict[str, str]:
        """Values to show in the form: what was typed, else what the card says."""
        if self.item is None:
            return {}
        base = prefill_values(self.form_schema, self.identity) if self.identity else {}
        return {**base, **self.form}

    def applicant(self) -> Applicant:
        """Whom the application is for: the card's name, number and type with the phone and
        address the form collected; not verified by a card when the identity was typed."""
        if self.identity is None:
            raise ValidationError(
                "no applicant identified", user_message=tr("请先读取身份证并选择事项。")
            )
        return applicant_from(
            self.identity, self.form_schema, self.form, verified_by_card=not self.identity_typed
        )
