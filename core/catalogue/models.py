"""Service items (事项) of the catalogue, as published in a platform's implementation list."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from core.forms import FormSchema
from core.messages import tr


class Level(enum.Enum):
    """Level of the implementing body (行使层级). Codes follow GB/T 39046 (3 市级 … 6 村级)."""

    CITY = 3  # 市级
    COUNTY = 4  # 县级
    TOWNSHIP = 5  # 乡镇（街道）级
    VILLAGE = 6  # 村（社区）级

    @property
    def label(self) -> str:
        return {3: tr("市级"), 4: tr("县级"), 5: tr("乡镇级"), 6: tr("村级")}[self.value]


class ItemType(enum.Enum):
    LICENSE = tr("行政许可")
    CONFIRMATION = tr("行政确认")
    BENEFIT = tr("行政给付")
    AWARD = tr("行政奖励")
    RULING = tr("行政裁决")
    OTHER_POWER = tr("其他行政权力")
    PUBLIC_SERVICE = tr("公共服务")


class Audience(enum.Enum):
    PERSON = tr("个人")
    LEGAL_PERSON = tr("法人")


class Handling(enum.Enum):
    IMMEDIATE = tr("即办件")
    PROMISED = tr("承诺件")


class MaterialForm(enum.Enum):
    ORIGINAL = tr("原件")
    COPY = tr("复印件")
    ORIGINAL_AND_COPY = tr("原件及复印件")
    ELECTRONIC = tr("电子材料")


def limit_text(days: int) -> str:
    """A time limit as a guide states it: 当场办结, or N个工作日."""
    return tr("当场办结") if days == 0 else tr("{n}个工作日", n=days)


@dataclass(frozen=True, slots=True)
class Material:
    """One entry of an item's materials list (申请材料)."""

    code: str
    name: str
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = 1
    required: bool = True
    condition: str = ""  # e.g. "委托办理的提供": required only when the condition holds
    elicence_type: str = ""  # an e-licence (电子证照) type that can replace it, if any
    note: str = ""
    # an electronic authorisation may stand for it: the consent the applicant signs on an
    # agent station's screen for this item (代办委托) counts as the 授权委托书
    consent_accepted: bool = False

    @property
    def requirement(self) -> str:
        """What the guide asks of it — form and copies, when it is needed, what can replace
        it, any note — in one line (the guide and the one-time notice say it alike; the
        notice said only 原件1份)."""
        parts = [f"{self.form.value}{self.copies}份"]
        if not self.required:
            parts.append(self.condition or tr("如有"))
        if self.elicence_type:
            parts.append(tr("可用电子证照“{name}”代替", name=self.elicence_type))
        if self.consent_accepted:
            parts.append(tr("在代办站当场电子签署的可代替"))
        if self.note:
            parts.append(self.note)
        return "；".join(parts)


@dataclass(frozen=True, slots=True)
class Fee:
    name: str
    amount_yuan: str  # decimal as text ("0", "10.00"); fees are shown, never computed with
    basis: str = ""


@dataclass(frozen=True, slots=True)
class ServiceItem:
    """One implementation of a basic item by one implementing body, at one version.

    Codes are opaque strings: provinces format them differently (see reference/devices.md §5).
    """

    impl_code: str  # 实施编码 (≤ 24 chars), unique per implementing body
    basic_code: str  # 基本编码 (≤ 10 chars), shared by every implementation of the item
    version: int
    name: str
    theme: str  # 主题: 户籍, 社保, 医保, 公积金 …
    item_type: ItemType
    audiences: frozenset[Audience]
    department: str
    region_code: str  # 12-digit statistical division code of the implementing body
    region_name: str
    level: Level
    handling: Handling
    legal_limit_days: int  # 法定办结时限 (working days)
    promised_limit_days: int  # 承诺办结时限 (0: on the spot)
    materials: tuple[Material, ...] = ()
    fees: tuple[Fee, ...] = ()
    #: 物流寄递: the result may be sent by post (GB/T 39046 是否支持物流快递)
    post_delivery: bool = False
    online_depth: int = 1  # 网办深度 1–4
    max_visits: int = 1  # 到现场次数
    # The applicant must identify by reading an ID card; False: a typed ID number is accepted
    # at a kiosk (the application is then marked as not verified by card).
    card_required: bool = True
    conditions: str = ""
    guide: str = ""
    legal_basis: str = ""  # 设定依据: the laws the item rests on (the guide, the notices)
    keywords: tuple[str, ...] = ()
    form: FormSchema = field(default_factory=FormSchema)
    popularity: int = 0  # relative demand; a ranking prior for search

    @property
    def is_free(self) -> bool:
        return all(f.amount_yuan in ("0", "0.00") for f in self.fees)

    @property
    def required_materials(self) -> tuple[Material, ...]:
        return tuple(m for m in self.materials if m.required)

    def material(self, code: str) -> Material:
        for m in self.materials:
            if m.code == code:
                return m
        raise KeyError(code)
