"""An item's guide (办事指南) as rich text, for the kiosk's guide page and the counter's
acceptance screen."""

from __future__ import annotations

from html import escape

from core.catalogue.models import MaterialForm, ServiceItem, limit_text


def guide_html(item: ServiceItem) -> str:
    """The guide as a citizen reads it: conditions, materials (and which an e-licence may
    replace), time limits, fees, 即办/承诺."""
    parts = [
        f"<p><b>实施机关：</b>{escape(item.department)}（{escape(item.region_name)}）</p>",
        f"<p><b>办件类型：</b>{item.handling.value}　<b>承诺时限：</b>"
        f"{limit_text(item.promised_limit_days)}　"
        f"<b>法定时限：</b>{limit_text(item.legal_limit_days)}"
        f"　<b>到现场次数：</b>{item.max_visits}次</p>",
    ]
    if item.conditions:
        parts.append(f"<p><b>办理条件：</b>{escape(item.conditions)}</p>")
    if item.materials:
        rows = []
        for m in item.materials:
            form = "" if m.form is MaterialForm.ORIGINAL else f"（{m.form.value}{m.copies}份）"
            need = "必交" if m.required else escape(m.condition or "如有")
            el = (
                f"<br/><i>可用电子证照“{escape(m.elicence_type)}”代替</i>"
                if m.elicence_type
                else ""
            )
            rows.append(f"<li>{escape(m.name)}{form}　[{need}]{el}</li>")
        parts.append("<p><b>申请材料：</b></p><ol>" + "".join(rows) + "</ol>")
    fees = (
        "不收费"
        if item.is_free
        else "；".join(f"{escape(f.name)} {escape(f.amount_yuan)}元" for f in item.fees)
    )
    parts.append(f"<p><b>收费：</b>{fees}</p>")
    if item.guide:
        text = escape(item.guide).replace("\n", "<br/>")
        parts.append(f"<hr/><p><b>办事指南全文：</b></p><p>{text}</p>")
    return "".join(parts)
