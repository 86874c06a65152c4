"""An item's guide (办事指南) as rich text, for the kiosk's guide page and the counter's
acceptance screen: the guide's headings and the catalogue's terms in the interface's language,
what the platform published (names, conditions, the guide's text) as published."""

from __future__ import annotations

from html import escape

from common_qt.i18n import published, say, translate
from core.catalogue.models import MaterialForm, ServiceItem, limit_text
from core.fees import fen, yuan


def guide_html(item: ServiceItem) -> str:
    """The guide as a citizen reads it: conditions, materials (and which an e-licence may
    replace), time limits, fees, 即办/承诺."""
    department = translate("guide", "实施机关：")
    handling = translate("guide", "办件类型：")
    promised = translate("guide", "承诺时限：")
    legal = translate("guide", "法定时限：")
    visits = translate("guide", "到现场次数：")
    times = translate("guide", "%1次").replace("%1", str(item.max_visits))
    parts = [
        f"<p><b>{department}</b>{escape(item.department)}（{escape(item.region_name)}）</p>",
        f"<p><b>{handling}</b>{say(item.handling.value)}　"
        f"<b>{promised}</b>{say(limit_text(item.promised_limit_days))}　"
        f"<b>{legal}</b>{say(limit_text(item.legal_limit_days))}　"
        f"<b>{visits}</b>{times}</p>",
    ]
    if item.conditions:
        conditions = translate("guide", "办理条件：")
        parts.append(f"<p><b>{conditions}</b>{escape(item.conditions)}</p>")
    if item.legal_basis:  # the laws, as published
        basis = translate("guide", "设定依据：")
        parts.append(f"<p><b>{basis}</b>{escape(item.legal_basis)}</p>")
    if item.materials:
        rows = []
        for m in item.materials:
            form = ""
            if m.form is not MaterialForm.ORIGINAL:
                form = translate("guide", "（%1%2份）")
                form = form.replace("%1", say(m.form.value)).replace("%2", str(m.copies))
            if m.required:
                need = translate("guide", "必交")
            else:
                need = escape(published(m.condition)) or translate("guide", "如有")
            el = ""
            if m.elicence_type:
                el = translate("guide", "可用电子证照“%1”代替")
                el = "<br/><i>" + el.replace("%1", escape(published(m.elicence_type))) + "</i>"
            if m.consent_accepted:
                signed = translate("guide", "在代办站当场电子签署的可代替")
                el += f"<br/><i>{signed}</i>"
            rows.append(f"<li>{escape(published(m.name))}{form}　[{need}]{el}</li>")
        materials = translate("guide", "申请材料：")
        parts.append(f"<p><b>{materials}</b></p><ol>" + "".join(rows) + "</ol>")
    if item.is_free:
        fees = translate("guide", "不收费")
    else:  # each fee, its amount and legal basis, and who collects it
        amount = translate("guide", "%1元")
        basis = translate("guide", "依据：%1")
        lines = [
            f"{escape(published(f.name))} <b>{amount.replace('%1', yuan(fen(f.amount_yuan)))}</b>"
            + (f"<br/><i>{basis.replace('%1', escape(f.basis))}</i>" if f.basis else "")
            for f in item.fees
            if fen(f.amount_yuan) > 0
        ]
        collector = translate("guide", "收费单位：%1").replace("%1", escape(item.department))
        pay = translate("guide", "受理后凭缴款通知书上的缴款码用手机缴费。")
        fees = "<br/>".join(lines) + f"<br/>{collector}<br/>{pay}"
    parts.append("<p><b>" + translate("guide", "收费：") + f"</b>{fees}</p>")
    if item.guide:
        text = escape(item.guide).replace("\n", "<br/>")
        full = translate("guide", "办事指南全文：")
        parts.append(f"<hr/><p><b>{full}</b></p><p>{text}</p>")
    return "".join(parts)
