"""The documents a terminal prints, as data: receipt (回执), one-time notice (一次性告知书),
acceptance notice (受理通知书), notice of rejection (不予受理通知书) and a service guide (办事指南).
Personal data appears masked.

The counter's notices are administrative decisions (行政许可法 §32, §38): written, dated, naming
the deciding organ, with a seal line; the one-time notice lists every missing or defective
material at once and carries the applicant's (or agent's) and the clerk's signature lines; a
rejection gives its reason and the applicant's remedies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.application import (
    Application,
    Channel,
    NoticeEntry,
    Submission,
    original_handed_back,
    paper_handed_over,
)
from core.catalogue.models import MaterialForm, ServiceItem, limit_text
from core.clock import CST
from core.consent import consent_text
from core.documents.blocks import QR, Align, Block, Cut, Feed, Pair, Picture, Rule, Text
from core.fees import Payment, fee_lines, fee_text, total, yuan
from core.notices import (
    CORRECTION_DAYS,
    correction_basis,
    correction_deadline,
    rejection_number,
    remedies,
)
from core.postal import PICKUP, delivery_of
from core.queue.numbers import follow_code
from core.validators import mask_id_number, mask_name, mask_phone


@dataclass(frozen=True)
class Hall:
    name: str
    phone: str = ""
    query_url: str = "https://zwfw.example.gov.cn/q/"  # + the receipt's query code


def query_code(app: Application) -> str:
    """The code on the receipt that finds the application's progress (also the QR payload's
    key): the provisional receipt number, random enough not to be guessed."""
    return app.receipt_number


def query_payload(app: Application, hall: Hall) -> str:
    return hall.query_url + query_code(app)


def receipt(app: Application, item: ServiceItem | None, hall: Hall) -> list[Block]:
    """The receipt; ``item`` may be None for a reprint when the catalogue no longer has it
    (the application keeps its item's name; the time limit is then left out)."""
    # submitted when it was queued (a 补正 visit before does not count): the last decision's
    # time at a counter, the application's at a kiosk
    at = (app.decisions[-1].at if app.decisions else app.created_at).astimezone(CST)
    agent = app.channel is Channel.AGENT
    blocks: list[Block] = [
        Text("代办回执" if agent else "申请材料接收回执", Align.CENTER, bold=True, large=True),
        Text(hall.name, Align.CENTER),
        Rule(),
        Pair("回执编号", app.receipt_number),
        Text(f"事项：{item.name if item else app.item_name}", indent=6),
        Pair("申请人", mask_name(app.applicant.name)),
        Pair("证件号码", mask_id_number(app.applicant.id_number)),
        Pair("提交时间", f"{at:%Y-%m-%d %H:%M}"),
    ]
    if agent and app.consent is not None:
        blocks.append(Pair("代办员", f"{app.consent.agent_name}（{app.consent.agent_id}）"))
    if not app.applicant.verified_by_card:
        blocks.append(Pair("身份核验", "手工录入，未读卡核验"))
    if item is not None:
        blocks.append(Pair("承诺时限", limit_text(item.promised_limit_days)))
        owed = fee_lines(item)
        if owed:  # what is charged, and that payment is the platform's to confirm
            blocks.append(Pair("收费", f"{yuan(total(owed))}元（待缴费）"))
            blocks.append(
                Text(
                    "缴款码在受理后由政务服务平台生成（缴款通知书），请用手机扫码缴费；"
                    "缴费状态以平台确认为准。"
                )
            )
    if app.official_number:
        blocks.append(Pair("办件编号", app.official_number))
    post = delivery_of(app.form_data)
    if app.form_data.get(PICKUP):
        blocks.append(Pair("领取方式", app.form_data[PICKUP]))
    if post is not None:  # who receives it, masked; where, as given (to be checked)
        blocks.append(Pair("收件人", f"{mask_name(post.recipient)} {mask_phone(post.phone)}"))
        blocks.append(Text(f"寄递地址：{post.address}", indent=6))
    blocks += _received(app, item)
    if agent:
        department = item.department if item else "实施机关"
        blocks.append(
            Text(
                f"本回执不是受理通知书：申请已由代办站提交，由{department}审查决定是否受理，"
                "结果可扫码或凭回执编号查询，代办站同步后也会告知。"
            )
        )
    blocks += [
        Rule(),
        QR(query_payload(app, hall), size=6, caption=f"扫码查询办理进度\n查询码 {query_code(app)}"),
        Text("本回执是您提交申请的凭证，请妥善保管。", Align.CENTER),
    ]
    if hall.phone:
        blocks.append(Text(f"咨询电话：{hall.phone}", Align.CENTER))
    blocks += [Feed(2), Cut()]
    return blocks


def how_received(sub: Submission) -> str | None:
    """How a material of the checklist was received, in the documents' words (电子证照,
    代办站电子委托, 原件已核验，2页 …); None when nothing usable was."""
    if sub.via_elicence:
        return "电子证照，免提交"
    if sub.via_consent and sub.pages == 0:
        return "代办站电子委托"
    if sub.pages == 0 or sub.defect is not None:
        return None
    seen = "原件已收取" if sub.original_kept else "原件已核验"
    return f"{seen if sub.original_seen else '复印件'}，{sub.pages}页"


def _received(app: Application, item: ServiceItem | None) -> list[Block]:
    """已收材料: at a counter, each material of the checklist provided and how (pages
    scanned or not); at a kiosk, each material scanned with its pages (one line a material,
    not a line a page)."""
    names = {m.code: m.name for m in item.materials} if item else {}
    lines: list[str] = []
    if app.channel is not Channel.KIOSK:
        for code, sub in app.checklist.items():
            how = how_received(sub)
            if how is not None:  # missing or not usable: not received
                lines.append(f"{names.get(code, code)}（{how}）")
    else:  # a kiosk's: the e-licences used, then what was scanned
        pages: dict[str, int] = {}
        for code, sub in app.checklist.items():
            if sub.via_elicence:
                lines.append(f"{names.get(code, code)}（{how_received(sub)}）")
        for a in app.attachments:
            if not app.checklist.get(a.material_code, Submission()).via_elicence:
                pages[a.material_code] = pages.get(a.material_code, 0) + a.pages
        lines += [f"{names.get(code, code)}（{n}页）" for code, n in pages.items()]
    if not lines:
        return []
    return [
        Text("已收材料：", bold=True),
        *(Text(f"{i}. {line}", indent=3) for i, line in enumerate(lines, 1)),
    ]


def _seal(organ: str, when: str) -> list[Block]:
    """The deciding organ, the seal line and the date (a decision is written and dated)."""
    return [
        Feed(1),
        Text(organ, Align.RIGHT),
        Text("（盖章）", Align.RIGHT),
        Text(when, Align.RIGHT),
    ]


def _signatures(clerk: str = "") -> list[Block]:
    """Signature lines: the applicant (or agent) and the clerk, named when signed in."""
    return [
        Feed(1),
        Text("申请人（代理人）签字：____________"),
        Feed(1),
        *([Text(f"经办人：{clerk}")] if clerk else []),
        Text("经办人签字：____________"),
    ]


def one_time_notice(
    item: ServiceItem,
    entries: tuple[NoticeEntry, ...],
    hall: Hall,
    applicant_name: str,
    when: str,
    *,
    counter: bool = False,
    receipt_number: str = "",
    clerk: str = "",
    from_licences: tuple[str, ...] = (),
) -> list[Block]:
    """一次性告知书: every missing or defective material at once, with the reason and what the
    guide asks of it; ``from_licences``: the materials e-licences already stand for (said, so
    that nobody brings them on paper). At a counter (``counter=True``) it is a decision: its
    legal basis, the period to correct in and what follows it, signature lines, the organ's
    seal line, and the code (and its QR) that finds the waiting application when the applicant
    returns."""
    blocks: list[Block] = [
        Text("一次性告知书", Align.CENTER, bold=True, large=True),
        Text(hall.name, Align.CENTER),
        Rule(),
        Text(f"{applicant_name}：", bold=True),  # an official notice names its addressee
        Text(
            f"您申请办理的“{item.name}”，经审查，还需补充或更正以下材料，补齐后即可办理：",
            indent=0,
        ),
    ]
    for i, e in enumerate(entries, 1):
        blocks.append(Text(f"{i}. {e.text}", indent=3))
        m = e.material
        if m.requirement != f"{m.form.value}{m.copies}份":  # more than the line above says
            blocks.append(Text(f"   要求：{m.requirement}", indent=9))
    if from_licences:
        blocks.append(Text(f"已调取电子证照，无需提交：{'、'.join(from_licences)}。"))
    basis = correction_basis(item)
    if counter and basis:
        blocks.append(Text(f"依据：{basis}，现一次性告知需要补正的全部内容。"))
    if counter:
        deadline = correction_deadline(date.fromisoformat(when[:10]))
        blocks.append(
            Text(
                f"请于{deadline.year}年{deadline.month}月{deadline.day}日前补正"
                f"（自收到本告知书之日起{CORRECTION_DAYS}日内）。逾期未补正的，视为撤回本次申请，"
                "已收取的材料可凭本告知书领回；您仍可重新提出申请。"
            )
        )
    if receipt_number:
        blocks += [
            Text(
                f"补齐材料后请携带本告知书到窗口办理，凭编号 {receipt_number} 继续办理，"
                "已收取的材料无需重复提交。"
            ),
            QR(
                hall.query_url + receipt_number,
                size=5,
                caption=f"扫码查看待补正事项\n编号 {receipt_number}",
            ),
        ]
    blocks += [
        Rule(),
        Text(f"实施机关：{item.department}"),
        Text(f"告知时间：{when}"),
    ]
    if hall.phone:
        blocks.append(Text(f"咨询电话：{hall.phone}"))
    if counter:
        blocks += _signatures(clerk) + _seal(item.department, when)
    blocks += [Feed(2), Cut()]
    return blocks


def rejection_notice(
    item: ServiceItem,
    hall: Hall,
    applicant_name: str,
    reason: str,
    when: str,
    clerk: str = "",
    *,
    basis: str = "",
    receipt_number: str = "",
) -> list[Block]:
    """不予受理通知书: its document number, the reason and its legal basis, and the applicant's
    remedies with the review organ and the court named (core.notices)."""
    number = rejection_number(receipt_number, date.fromisoformat(when[:10]))
    return [
        Text("不予受理通知书", Align.CENTER, bold=True, large=True),
        Text(hall.name, Align.CENTER),
        *([Text(number, Align.CENTER)] if receipt_number else []),
        Rule(),
        Text(f"{applicant_name}：", bold=True),  # an official notice names its addressee
        Text(f"您于{when[:10]}申请办理的“{item.name}”，经审查，决定不予受理。"),
        Text(f"理由：{reason}"),
        *([Text(f"依据：{basis}")] if basis else []),
        Text(remedies(item)),
        Rule(),
        Text(f"实施机关：{item.department}"),
        *(([Text(f"咨询电话：{hall.phone}")]) if hall.phone else []),
        *_signatures(clerk),
        *_seal(item.department, when),
        Feed(2),
        Cut(),
    ]


def acceptance_notice(
    app: Application,
    item: ServiceItem,
    hall: Hall,
    when: str,
    clerk: str = "",
    due: date | None = None,
) -> list[Block]:
    """受理通知书 for the counter: the application is accepted, with its official number and —
    where the terminal holds the working-day calendar for the period — the date by which it
    is promised (the same computation as the platform's supervision; never guessed)."""
    promised = limit_text(item.promised_limit_days)
    by = (
        [Pair("承诺办结日期", f"{due.year}年{due.month}月{due.day}日")]
        if due is not None and item.promised_limit_days > 0
        else []
    )
    return [
        Text("受理通知书", Align.CENTER, bold=True, large=True),
        Text(hall.name, Align.CENTER),
        Rule(),
        Text(f"{app.applicant.name}：", bold=True),  # named in full, as the notice is theirs
        Text(
            f"您申请的“{item.name}”已予受理，当场办结。"
            if item.promised_limit_days == 0
            else f"您申请的“{item.name}”已予受理，将在{promised}内办结（不含法定节假日）。"
        ),
        *by,
        Pair("办件编号", app.official_number or "（联网后分配）"),
        Pair("回执编号", app.receipt_number),
        Pair("受理时间", when),
        *([Pair("经办人", clerk)] if clerk else []),
        Text("查询方式：扫描下方二维码，或在自助终端“进度查询”输入回执编号。"),
        Rule(),
        QR(query_payload(app, hall), size=5, caption="扫码查询办理进度"),
        *_seal(item.department, when),
        Feed(2),
        Cut(),
    ]


def transfer_list(
    app: Application, item: ServiceItem, hall: Hall, when: str, clerk: str = ""
) -> list[Block]:
    """物料转移单: the paper materials of an accepted application handed to the back office,
    each with what the clerk found and its pages, with signature lines for both sides."""
    blocks: list[Block] = [
        Text("物料转移单", Align.CENTER, bold=True, large=True),
        Text(hall.name, Align.CENTER),
        Rule(),
        Pair("事项", item.name),
        Pair("办件编号", app.official_number or "（联网后分配）"),
        Pair("回执编号", app.receipt_number),
        Pair("申请人", mask_name(app.applicant.name)),
        Pair("移交时间", when),
        Rule(),
    ]
    n = 0
    returned: list[str] = []
    for m in item.materials:
        sub = app.checklist.get(m.code)
        paper = paper_handed_over(m, sub)
        if not paper:  # only paper that changes hands (an e-licence is fetched, not carried)
            if original_handed_back(sub):
                returned.append(m.name)
            continue
        n += 1
        assert sub is not None
        kind = "原件" if paper is MaterialForm.ORIGINAL else "复印件"
        back = "，原件已核验退还" if original_handed_back(sub) else ""
        blocks.append(Text(f"{n}. {m.name}（{kind}{back}，{sub.pages}页）", indent=3))
    if n == 0:
        blocks.append(Text("（无纸质材料）"))
    blocks.append(Text(f"共 {n} 项"))
    if returned:  # checked and handed back to the applicant: not in the hand-over
        blocks += [
            Rule(),
            Text("原件核验后已退还申请人（不移交）："),
            *(Text(f"· {name}", indent=2) for name in returned),
        ]
    blocks += [
        Rule(),
        Feed(1),
        Text(f"移交人：{clerk}" if clerk else "移交人签字：____________"),
        *([Text("移交人签字：____________")] if clerk else []),
        Feed(1),
        Text("接收人签字：____________"),
        Text("接收时间：____________"),
        Feed(2),
        Cut(),
    ]
    return blocks


def consent_confirmation(
    app: Application, item: ServiceItem, hall: Hall, signature: bytes = b""
) -> list[Block]:
    """代办委托确认单, for the villager to keep: who applies for them, for what, when, under
    which consent text (its version), the villager's signature as signed on the screen (it
    printed only a check code of it), and how to query the application."""
    c = app.consent
    if c is None:
        raise ValueError("not an agent application")
    when = f"{c.captured_at.astimezone(CST):%Y-%m-%d %H:%M}"
    method = {
        "signature_pad": "委托人在代办站屏幕上手写签名（已电子存档）",
        "signed_form": "委托人签字的委托书（已扫描存档）",
        "card_present": "委托人本人到场，读取身份证确认",
    }[c.method.value]
    return [
        Text("代办委托确认单", Align.CENTER, bold=True, large=True),
        Text(hall.name, Align.CENTER),
        Rule(),
        Pair("委托人", mask_name(app.applicant.name)),
        Pair("证件号码", mask_id_number(app.applicant.id_number)),
        Pair("代办员", f"{c.agent_name}（工号 {c.agent_id}）"),
        Pair("代办事项", item.name),
        Pair("回执编号", app.receipt_number),
        Pair("委托时间", when),
        Rule(),
        Text(consent_text(c.agent_name, hall.name, item.name, c.text_version)),
        Text(f"委托方式：{method}"),
        Text(f"委托书文本版本：{c.text_version or '—'}"),
        *([Picture(signature, caption="委托人签名")] if signature else []),
        *([Text(f"签名存档校验码：{c.evidence_sha256[:16]}")] if c.evidence_sha256 else []),
        Rule(),
        Text("办理进度可凭回执编号到代办站或在自助终端查询，也可扫描下方二维码。"),
        QR(query_payload(app, hall), size=4, caption="扫码查询办理进度"),
        Feed(2),
        Cut(),
    ]


def progress_slip(app: Application, hall: Hall, when: str) -> list[Block]:
    """办理进度 on paper, for a villager whose agent asks at the station: where the
    application stands, each step with its date and the platform's notes."""
    blocks: list[Block] = [
        Text("办理进度告知", Align.CENTER, bold=True, large=True),
        Text(hall.name, Align.CENTER),
        Rule(),
        Pair("事项", app.item_name),
        Pair("申请人", mask_name(app.applicant.name)),
        Pair("回执编号", app.receipt_number),
        Pair("办件编号", app.official_number or "（尚未上报平台）"),
        Pair("当前状态", app.status.label),
        Rule(),
    ]
    for change in app.history:
        note = f"（{change.note}）" if change.note else ""
        blocks.append(Text(f"{change.at.astimezone(CST):%m-%d %H:%M} {change.status.label}{note}"))
    blocks += [
        Rule(),
        Text(f"打印时间：{when}"),
        QR(query_payload(app, hall), size=4, caption="扫码查询办理进度"),
        Feed(2),
        Cut(),
    ]
    return blocks


def test_page(hall: Hall, terminal_id: str, when: str) -> list[Block]:
    """The technician's test print: text of every width, a signature line and a QR."""
    return [
        Text("打印测试页", Align.CENTER, bold=True, large=True),
        Text(hall.name, Align.CENTER),
        Rule(),
        Pair("终端", terminal_id),
        Pair("时间", when),
        Text("中文：一窗受理 政务服务 便民 𠮷 ABCabc 0123456789"),
        Text("签字：____________"),
        QR(f"TEST:{terminal_id}:{when}", size=4, caption="二维码测试"),
        Feed(2),
        Cut(),
    ]


def guide(item: ServiceItem, hall: Hall) -> list[Block]:
    """The service guide (办事指南) on paper, for a citizen to take home."""
    blocks: list[Block] = [
        Text("办事指南", Align.CENTER, bold=True, large=True),
        Text(item.name, Align.CENTER, bold=True),
        Rule(),
        Pair("实施机关", item.department),
        Pair("办件类型", item.handling.value),
        Pair("承诺时限", limit_text(item.promised_limit_days)),
        Pair("到现场次数", f"{item.max_visits}次"),
        Pair(
            "收费",
            "不收费" if item.is_free else "；".join(fee_text(f) for f in item.fees),
        ),
    ]
    if item.conditions:
        blocks.append(Text(f"办理条件：{item.conditions}"))
    if item.legal_basis:
        blocks.append(Text(f"设定依据：{item.legal_basis}"))
    blocks.append(Text("申请材料：", bold=True))
    for i, m in enumerate(item.materials, 1):
        need = "" if m.required else f"（{m.condition or '如有'}）"
        form = "" if m.form is MaterialForm.ORIGINAL else f"，{m.form.value}{m.copies}份"
        blocks.append(Text(f"{i}. {m.name}{need}{form}", indent=3))
        if m.elicence_type:
            blocks.append(Text(f"可用电子证照“{m.elicence_type}”代替", indent=6))
        if m.consent_accepted:
            blocks.append(Text("在代办站当场电子签署的可代替", indent=6))
    blocks += [Rule(), Text(hall.name, Align.CENTER)]
    if hall.phone:
        blocks.append(Text(f"咨询电话：{hall.phone}", Align.CENTER))
    blocks += [Feed(2), Cut()]
    return blocks


def queue_ticket(
    hall: Hall,
    number: str,
    category: str,
    issued_at: datetime,
    *,
    ahead: int | None,
    estimate: str = "",
    provisional: bool = False,
    appointment: bool = False,
) -> list[Block]:
    """排队号: the hall, the number large, the category, the people ahead (not known for a
    ticket issued while the hall server was away: the queue is the server's) and an honest
    estimate (none when there is none to give), the time, and a QR with the ticket's code
    that the kiosk's progress query follows."""
    code = follow_code(issued_at.astimezone(CST).date(), number)
    blocks: list[Block] = [
        Text(hall.name, Align.CENTER, bold=True),
        Rule(),
        Text("您的排队号", Align.CENTER),
        Text(number, Align.CENTER, bold=True, large=True),
        Text(category + ("（预约）" if appointment else ""), Align.CENTER),
        Rule(),
    ]
    if ahead is not None:
        blocks.append(Pair("前面等候", f"{ahead}人"))
    if estimate:
        blocks.append(Pair("预计等候", estimate))
    blocks.append(Pair("取号时间", f"{issued_at.astimezone(CST):%Y-%m-%d %H:%M}"))
    if provisional:
        blocks.append(Text("（大厅系统恢复前发放的号码，叫号不受影响）", Align.CENTER))
    blocks += [
        Text("请留意叫号屏和语音叫号，过号请到服务台咨询。"),
        QR(hall.query_url + code, size=4, caption=f"在自助机“进度查询”扫码\n查看排队进度 {code}"),
        Feed(2),
        Cut(),
    ]
    return blocks


def _china_time(at: str) -> str:
    """An ISO time as documents print it: China time, to the minute ("" stays "")."""
    try:
        return f"{datetime.fromisoformat(at).astimezone(CST):%Y-%m-%d %H:%M}"
    except ValueError:
        return ""


def instant_result_document(hall: Hall, app: Application, result: dict[str, object]) -> list[Block]:
    """即办: the result the platform issued at once — the certificate or 办结通知书 with the
    办件编号 and a QR to verify it at the platform (never printed before the platform decided:
    ``result`` is its answer)."""
    official = app.official_number
    code = str(result.get("verify", ""))
    given = result.get("lines")
    lines = [str(x) for x in given] if isinstance(given, list | tuple) else []
    return [
        Text(hall.name, Align.CENTER, bold=True),
        Rule(),
        Text(str(result.get("title", "办结通知书")), Align.CENTER, bold=True, large=True),
        *(Text(line) for line in lines),
        Rule(),
        Pair("事项", app.item_name),
        Pair("办件编号", official),
        Pair("办结时间", _china_time(str(result.get("at", "")))),
        QR(f"{hall.query_url}verify/{official}/{code}", size=4, caption=f"扫码核验  核验码 {code}"),
        Text("（政务服务平台即办件自动办结）", Align.CENTER),
        Feed(2),
        Cut(),
    ]


def payment_notice(
    hall: Hall,
    *,
    payer: str,
    item_name: str,
    official_number: str,
    receipt_number: str,
    payment: Payment,
) -> list[Block]:
    """缴款通知书: the payment code the platform issued, with the payer, the collecting body,
    each fee with its basis and the total, and the code as a QR to pay with a phone (the
    province's pay page takes the 20 digits scanned or typed). Whether it is paid is the
    platform's to say: the notice says where to see it."""
    lines: list[Block] = [
        Text("缴款通知书", Align.CENTER, bold=True, large=True),
        Text("（非税收入电子缴款）", Align.CENTER),
        Text(hall.name, Align.CENTER),
        Rule(),
        Pair("缴款人", payer),  # named in full: the notice is theirs
        Pair("事项", item_name),
        Pair("办件编号", official_number),
        Pair("回执编号", receipt_number),
        Pair("收费单位", payment.collector),
        Rule(),
    ]
    for fee in payment.lines:
        lines.append(Pair(fee.name, f"{yuan(fee.amount_fen)}元"))
        if fee.basis:
            lines.append(Text(f"依据：{fee.basis}", indent=3))
    lines += [
        Rule(),
        Pair("合计", f"{yuan(payment.total_fen)}元"),
        Pair("开单时间", _china_time(payment.issued_at)),
        Text("缴款码", Align.CENTER),
        Text(" ".join(payment.code[i : i + 4] for i in range(0, 20, 4)), Align.CENTER, bold=True),
        QR(payment.code, size=6, caption="请用手机扫码缴费（支付宝、微信或银行App）"),
        Text(
            "缴费后由政务服务平台确认，可在自助终端“进度查询”查看缴费状态和电子票据。",
            Align.CENTER,
        ),
        Feed(2),
        Cut(),
    ]
    return lines


def post_slip(
    hall: Hall, app: Application, *, tracking: str = "", carrier: str = ""
) -> list[Block]:
    """寄递单: the result of an application sent by post — from the hall, to the recipient at
    the address the application gave, with what it holds (the item, the 办件编号) and, once
    the carrier's number is known, that number."""
    post = delivery_of(app.form_data)
    if post is None:
        raise ValueError("not an application sent by post")
    blocks: list[Block] = [
        Text("政务服务结果寄递单", Align.CENTER, bold=True, large=True),
        Rule(),
        Text("寄件人", bold=True),
        Pair("单位", hall.name),
        *([Pair("电话", hall.phone)] if hall.phone else []),
        Rule(),
        Text("收件人", bold=True),
        Pair("姓名", post.recipient),
        Pair("手机", post.phone),
        Text(f"地址：{post.address}"),
        *([Pair("区划代码", post.region_code)] if post.region_code else []),
        Rule(),
        Pair("内件", "办理结果"),
        Text(f"事项：{app.item_name}", indent=6),
        Pair("办件编号", app.official_number),
        *([Pair("寄递单号", f"{carrier} {tracking}".strip())] if tracking else []),
        QR(app.official_number, size=4, caption="办件编号"),
        Text("签收人：____________　日期：________", Align.LEFT),
        Feed(2),
        Cut(),
    ]
    return blocks


def portal_slip(hall: Hall, result: dict[str, object]) -> list[Block]:
    """网上办事注册凭条: the account registered (or bound) for the card's person, how to sign in
    on the portal and the app — with the phone and a code, no password — and the portal's
    address as a QR. No ID number, the name masked: it may be left behind."""
    created = bool(result.get("created"))
    return [
        Text(
            "网上办事账号注册凭条" if created else "网上办事账号绑定凭条",
            Align.CENTER,
            bold=True,
            large=True,
        ),
        Text(hall.name, Align.CENTER),
        Rule(),
        Pair("账号", str(result.get("account", ""))),
        Pair("实名", f"{result.get('holder', '')}（{result.get('verified', '')}）"),
        Pair("绑定手机", str(result.get("phone", ""))),
        Text(
            "已为您注册网上办事账号，一次认证，终身受用。"
            if created
            else "您已有网上办事账号，已绑定为新的手机号。"
        ),
        Text(f"登录方式：{result.get('sign_in', '')}"),
        Pair("网站", str(result.get("name", ""))),
        Pair("手机App", str(result.get("app", ""))),
        QR(str(result.get("url", "")), size=5, caption="扫码打开网上办事大厅"),
        Text("工作人员不会向您索要验证码，请勿泄露。", Align.CENTER),
        Feed(2),
        Cut(),
    ]
