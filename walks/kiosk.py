"""The kiosk's scripted walk (``python -m walks kiosk DIR``): a citizen's journeys driven
through the controller's intents — the same calls the pages make — with a screenshot of every
step, numbered in order, and previews of what the printer printed.

1. 我要办事: card read on the reader, search, guide, the form (first with a mistake), scans on
   the document camera, 下一步 with a material missing → the one-time notice printed; back to
   scan it, confirm, submit, the receipt printed, a 不满意 rating with its reason;
2. 进度查询 by the receipt code;
3. 服务评价 of the same application refused (一次一评);
4. the welcome screen in large text; the card page's typed entry with its keypad;

then all of it again in English, switched on the welcome screen as a citizen does (a second
application), every screen checked for words left in Chinese (data — a service's name, the
card's address — aside): ``kiosk-en-NN-name.png``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from common_qt import i18n
from common_qt.app import save_screenshot, settle, wait_until
from common_qt.qt import QtGui
from core.accessibility import LARGE, STANDARD
from core.elicence.licences import masked_number
from core.evaluation import Satisfaction
from core.flows.kiosk import KioskMode, KioskStep, NoticeChoice
from core.settings import Settings
from core.validators import mask_name
from kiosk.window import KioskWindow
from walks.audit import Finding, audit, published_strings, untranslated

ITEM = "居民身份证换领"

#: The demo catalogue's region and its service centre: a guide-only kiosk's walk shows them.
DEMO_REGION = "369901001000"


def demo_hall_name(region_code: str) -> str:
    """The service centre of a demo-city region, e.g. 示范市青山区光明街道便民服务中心."""
    from core.catalogue.regions import demo_city

    region = next(r for r in demo_city().walk() if r.code == region_code)
    return f"{region.name}便民服务中心"


class WalkFailed(Exception):
    pass


#: The screens the audit lays every step out on: landscape, portrait, a small laptop-sized one.
AUDIT_SIZES = ((1920, 1080), (1080, 1920), (1280, 800))


class _Walk:
    def __init__(
        self,
        window: KioskWindow,
        out: Path,
        settings: Settings | None,
        *,
        audit: bool = False,
        language: str = i18n.CHINESE,
    ) -> None:
        self.window = window
        self.language = language
        self.prefix = "kiosk" if language == i18n.CHINESE else f"kiosk-{language}"
        self.settings = settings
        self.c = window.controller
        self.out = out
        self.n = 0
        self.shots: list[Path] = []
        self.receipt = ""
        self.audit = audit
        self.findings: list[Finding] = []
        self.audited = 0

    def begin(self) -> None:
        """A journey starts on the welcome screen: in English, with a tap on its English."""
        if self.language != i18n.current():
            self.window.welcome_page.language_button.click()
            if i18n.current() != self.language:
                raise WalkFailed(f"the welcome screen did not switch to {self.language}")

    def shot(self, name: str) -> None:
        self.n += 1
        screen = f"{self.prefix}-{self.n:02d}-{name}"
        self.shots.append(save_screenshot(self.window, self.out / f"{screen}.png"))
        if self.language != i18n.CHINESE:
            self.findings += untranslated(self.window, screen, self.data())
        if self.audit:
            self.inspect(screen)

    def data(self) -> set[str]:
        """What the screens may show as it is in any language: the service as published, the
        card as read, what was typed, the platform's notes, the hall's name."""
        s, page = self.c.state, self.window.search_page
        hits = [(h.name, h.department, h.region_name) for h in page.hits.rows]
        queue = self.c.queue_overview  # the hall's own names of its queue's categories
        names = [c.name for c in queue.categories] if queue is not None else []
        masked = {mask_name(s.identity.name)} if s.identity is not None else set()
        return (
            set(names)
            | masked
            | published_strings(
                s.item,
                s.identity,
                s.form,
                s.rate_target.item_name if s.rate_target else "",
                hits,
                self.c.last_progress,
                self.window.hall_name,
                [u.licence for u in s.licences.values()],  # as the 证照库 issued them
            )
        )

    def inspect(self, name: str) -> None:
        """The screen at each size, in standard and in large high-contrast text: measured
        (walks.audit), and kept as a screenshot in large text at 1920×1080."""
        window = self.window
        size, large = window.size(), window.large_text
        for width, height in AUDIT_SIZES:
            for mode in (STANDARD, LARGE):
                window.set_large_text(mode is LARGE)
                window.resize(width, height)  # after the mode: its text sets the least size
                # keys up: the page scrolls the field into view once the new layout is done
                settle(window, 0.3 if window.touch.isVisible() else 0.1)
                if (window.width(), window.height()) != (width, height):
                    self.findings.append(
                        Finding(
                            name,
                            f"{width}x{height}",
                            mode.name,
                            "window",
                            f"needs {window.width()}×{window.height()}: larger than the screen",
                        )
                    )
                found = audit(window, name, mode)
                if found:  # the screen as it failed, for whoever reads audit.txt
                    save_screenshot(window, self.out / f"{name}-{width}x{height}-{mode.name}.png")
                self.findings += found
                self.audited += 1
                if mode is LARGE and (width, height) == (1920, 1080):
                    self.shots.append(save_screenshot(window, self.out / f"{name}-large.png"))
        window.set_large_text(large)
        window.resize(size)
        settle(window)

    def keep_print(self, name: str, build: Any) -> None:
        """Keeps what the printer printed as ``name``.escpos (a file printer is overwritten by
        the next print) and a preview ``name``.png of the same document."""
        printer = self.c.services.devices.printer
        if printer is None or self.settings is None:
            return
        from terminal.terminal import Terminal

        ops = Terminal.from_settings(self.settings).open()
        try:
            blocks = build(ops)
        finally:
            ops.close()
        if self.language != i18n.CHINESE:
            name = f"{name}-{self.language}"  # the second citizen's (printed in Chinese too)
        printer.preview(blocks).save(self.out / f"{name}.png")  # type: ignore[attr-defined]
        configured = self.settings.devices["printer"]
        if configured.type == "file":
            shutil.copy(configured.port, self.out / f"{name}.escpos")

    def wait_step(self, step: KioskStep, timeout: float = 20.0) -> None:
        if not wait_until(lambda: self.c.step is step, timeout):
            page = self.window.current_page
            message = getattr(getattr(page, "message", None), "text", lambda: "")()
            raise WalkFailed(f"expected step {step.value}, still at {self.c.step.value}: {message}")

    def wait(self, what: str, predicate: Any, timeout: float = 20.0) -> None:
        if not wait_until(predicate, timeout):
            raise WalkFailed(f"timed out waiting for {what}")


def walk(
    window: KioskWindow,
    out: Path,
    settings: Settings | None,
    *,
    audit_screens: bool = False,
    languages: tuple[str, ...] = i18n.LANGUAGES,
) -> int:
    """The walk in each of ``languages``. ``audit_screens``: every screen also measured at
    each size in both text modes. The findings (and, in English, the words left in Chinese)
    go to ``out``/audit.txt and fail the walk."""
    window.resize(1280, 800)
    window.show()
    walks: list[_Walk] = []
    try:
        for language in languages:
            w = _Walk(window, out, settings, audit=audit_screens, language=language)
            walks.append(w)
            try:
                _journeys(w)
            except WalkFailed as e:
                print(f"kiosk walk failed ({language}): {e}", file=sys.stderr)
                w.shot("failed")
                return 1
    finally:
        window.close()
    findings = [f for w in walks for f in w.findings]
    audited = sum(w.audited for w in walks)
    for w in walks:
        for shot in w.shots:
            print(f"  wrote {shot}")
    checked = sum(w.n for w in walks if w.language != i18n.CHINESE)
    if checked:
        print(f"  translation: {checked} English screens checked for words left in Chinese")
    if audit_screens or findings:
        report = out / "audit.txt"
        report.write_text(
            f"{audited} screen layouts audited, {len(findings)} findings\n"
            + f"{checked} English screens checked for untranslated words\n"
            + "".join(f"{f}\n" for f in findings),
            encoding="utf-8",
        )
        print(f"  audit: {audited} layouts, {len(findings)} findings ({report})")
    return 1 if findings else 0


def _journeys(w: _Walk) -> None:
    window = w.window
    if window.controller.can_apply:
        _apply(w)
        _query(w)
        _rate_again(w)
        _queue(w)
        if w.language == i18n.CHINESE:
            _instant(w)
            _enrol(w)
    else:  # a kiosk without a store (no settings): guides only
        _guides(w)
    w.begin()
    window.toggle_large_text()
    w.shot("welcome-large-text")
    window.toggle_large_text()
    _typing(w)


def _typing(w: _Walk) -> None:
    """The card page's typed entry with its keypad up (a citizen without the card)."""
    window = w.window
    window.controller.cancel()
    w.begin()
    page = window.card_page
    window.show_page(page)
    page.type_button.click()
    page.number.setFocus()
    window.touch.offer(page.number)  # as a finger on the field does
    w.shot("read-card-typing")
    window.controller.cancel()


def _apply(w: _Walk) -> None:
    c = w.c
    w.wait("the catalogue", lambda: c.catalogue_worker is not None and not c.catalogue_worker.busy)
    w.begin()
    w.shot("welcome")
    c.choose(KioskMode.APPLY)
    # the card may already lie on the reader: the page as it shows before the read arrives
    w.n += 1
    w.window.grab().save(str(w.out / f"{w.prefix}-{w.n:02d}-read-card.png"))
    w.shots.append(w.out / f"{w.prefix}-{w.n:02d}-read-card.png")
    w.wait_step(KioskStep.SEARCH, 30)  # the card on the reader
    identity = c.state.identity
    assert identity is not None
    print(f"  card read: {identity!r}")
    page = w.window.search_page
    query = "身份证" if w.language == i18n.CHINESE else "ID card"  # in the citizen's words
    keyboard = w.window.touch.keyboard
    if keyboard is not None and w.language == i18n.CHINESE:
        # typed by touch on the Pinyin keys, the candidates on screen, one chosen
        page.query.setFocus()
        w.window.touch.offer(page.query)
        drawn = keyboard.frames_drawn()
        keyboard.type_text("shenfenzheng")
        w.wait("the Pinyin candidates", lambda: query in keyboard.candidates())
        w.wait("the candidates drawn", lambda: keyboard.frames_drawn() > drawn)
        # as drawn on this screen (the audit's other sizes would measure keys laid out for
        # this one)
        settle(w.window, 0.5)  # the keys laid out for this screen before the picture
        keyboard.view.grabFramebuffer()  # offscreen, the view's last frame is drawn on request
        # unnumbered: the numbered steps stay the same in both languages
        pinyin = w.out / f"{w.prefix}-search-pinyin.png"
        w.shots.append(save_screenshot(w.window, pinyin))
        keyboard.choose(keyboard.candidates().index(query))
        QtGui.QGuiApplication.inputMethod().hide()  # its own hide key: the results in full
        w.wait("the keys put away", lambda: not w.window.touch.isVisible())
    else:
        page.query.setText(query)
    w.wait("search results", lambda: page.shown_query == query and page.hits.rowCount() > 0)
    w.shot("search")
    hit = next(h for h in page.hits.rows if h.name == ITEM)
    c.choose_item(hit.impl_code)
    w.wait_step(KioskStep.GUIDE)
    w.shot("guide")
    c.apply()
    w.wait_step(KioskStep.AUTHORISE)  # 授权用证: the card's holder's licences for this item
    w.shot("authorise")
    c.authorise(True)
    w.wait_step(KioskStep.FORM)
    for code, use in c.state.licences.items():
        lic = use.licence
        number = masked_number(lic.number)
        print(f"  授权用证: {code} ← 电子证照 {lic.type_name} {number} ({lic.issuer_name})")
    w.shot("form-prefilled")
    values = w.window.form_page.values()
    c.submit_form({**values, "phone": "1381234"})  # a citizen's slip: the phone too short
    w.wait("the field message", lambda: w.window.form_page.fields["phone"].error.isVisible())
    w.shot("form-mistake")
    c.submit_form({**values, "phone": "13812345678"})
    w.wait_step(KioskStep.SCAN)
    item = c.state.item
    assert item is not None
    # what a licence stands for needs no scan (免提交)
    required = [m.code for m in item.required_materials if m.code not in c.state.licences]
    for code in required[:-1]:  # the last one "forgotten" at first
        c.select_material(code)
        w.wait(f"a page of {code}", lambda code=code: len(c.pages.of(code)) >= 1, 30)
        if code == required[0]:
            w.wait("preview frames", lambda: w.window.scan_page.frames > 3)
            w.shot("scan")
    c.scans_done()
    w.wait_step(KioskStep.NOTICE)
    w.wait("the notice printed", lambda: c.last_print is not None, 30)
    w.shot("one-time-notice")
    s = c.state
    assert s.check is not None
    w.keep_print(
        "one-time-notice",
        lambda ops: ops.notice_document(item, s.check.entries, identity.display_name),
    )
    print(f"  one-time notice: {c.last_print.message if c.last_print else ''}")
    c.notice_choice(NoticeChoice.RESCAN)
    w.wait_step(KioskStep.SCAN)
    c.select_material(required[-1])
    w.wait("the last page", lambda: len(c.pages.of(required[-1])) >= 1, 30)
    c.scans_done()
    w.wait_step(KioskStep.CONFIRM)
    w.shot("confirm")
    c.last_print = None
    c.confirm()
    w.wait_step(KioskStep.RECEIPT)
    w.wait("the receipt printed", lambda: c.last_print is not None, 30)
    w.shot("receipt")
    printed = c.last_print.message if c.last_print else ""
    print(f"  submitted, receipt {c.state.receipt_number}: {printed}")
    w.receipt = c.state.receipt_number
    submitted = c.submitted
    assert submitted is not None
    w.keep_print("receipt", lambda ops: ops.receipt_document(submitted.local_id))
    c.receipt_done()
    w.wait_step(KioskStep.EVALUATE)
    rating = w.window.evaluate_page  # tapped as a citizen taps it
    rating.level_buttons[Satisfaction.DISSATISFIED].click()
    rating.submit_button.click()  # refused: a 差评 needs its reason
    w.wait("the reason asked for", lambda: rating.message.isVisible() and rating.message.text())
    w.shot("evaluate-reason-needed")
    rating.reason_buttons[0].click()
    w.shot("evaluate")
    rating.submit_button.click()
    w.wait_step(KioskStep.DONE)
    w.shot("done")
    c.finish()
    w.wait_step(KioskStep.WELCOME)


def _guides(w: _Walk) -> None:
    c, page = w.c, w.window.search_page
    w.wait("the catalogue", lambda: not c.catalogue_worker.busy)
    w.begin()
    w.shot("welcome")
    c.choose(KioskMode.GUIDE)
    for query in ("sfz", "shebao", "养老"):
        page.query.setText(query)
        w.wait(
            f"results for {query}",
            lambda q=query: page.shown_query == q and page.hits.rowCount() > 0,
        )
        w.shot(f"search-{query}")
        print(f"  {query}: " + " / ".join(hit.name for hit in page.hits.rows[:3]))
    c.choose_item(page.hits.row(0).impl_code)
    w.wait_step(KioskStep.GUIDE)
    w.shot("guide")
    c.finish()


def _query(w: _Walk) -> None:
    c = w.c
    w.begin()
    c.choose(KioskMode.QUERY)
    w.wait_step(KioskStep.QUERY)
    w.shot("query")
    c.query(w.receipt)
    w.wait_step(KioskStep.QUERY_RESULT)
    w.wait("the progress", lambda: c.last_progress is not None, 20)
    w.shot("query-result")
    report = c.last_progress
    assert report is not None
    for line in report.lines:
        print(f"  progress of {line.receipt_number}: {line.status.label}")
    c.finish()


INSTANT_ITEM = "户籍证明开具"  # 即办件: a certificate from the platform's records


def _instant(w: _Walk) -> None:
    """即办/秒批: 户籍证明开具 by card, both materials from the citizen's e-licences, submitted —
    the platform decides it as it arrives and the kiosk prints its certificate
    (instant-result.escpos and its picture; kiosk-instant-result.png)."""
    import time

    c = w.c
    w.begin()
    c.choose(KioskMode.APPLY)
    w.wait_step(KioskStep.SEARCH, 30)
    page = w.window.search_page
    page.query.setText(INSTANT_ITEM)
    w.wait("the item", lambda: page.shown_query == INSTANT_ITEM and page.hits.rowCount() > 0)
    c.choose_item(next(h for h in page.hits.rows if h.name == INSTANT_ITEM).impl_code)
    w.wait_step(KioskStep.GUIDE)
    c.apply()
    w.wait_step(KioskStep.AUTHORISE)
    c.authorise(True)
    w.wait_step(KioskStep.FORM)
    c.submit_form({**w.window.form_page.values(), "phone": "13812345678", "reason": "入学"})
    w.wait("the scan or the summary", lambda: c.step in (KioskStep.SCAN, KioskStep.CONFIRM))
    if c.step is KioskStep.SCAN:
        c.scans_done()  # nothing to scan: both materials from licences
    w.wait_step(KioskStep.CONFIRM)
    c.confirm()
    submitted = time.monotonic()
    w.wait_step(KioskStep.RECEIPT)
    w.wait("the platform's decision", lambda: c.instant_result is not None, 20)
    took = time.monotonic() - submitted
    result = c.instant_result
    assert result is not None
    print(f"  即办 {INSTANT_ITEM}: 办结 by the platform in {took:.1f} s — {result.get('title')}")
    w.wait("the decision shown", lambda: "已办结" in w.window.receipt_page.instant.text())
    # the result's own print done (the file printer held the receipt until then: a copy taken
    # at the decision kept the receipt as instant-result.escpos)
    w.wait(
        "the result printed",
        lambda: c.last_print is not None and "办理结果" in str(c.last_print.message),
        20,
    )
    shot = w.out / "kiosk-instant-result.png"
    w.shots.append(save_screenshot(w.window, shot))
    submitted_app = c.submitted
    assert submitted_app is not None
    local_id = submitted_app.local_id
    w.keep_print("instant-result", lambda ops: ops.instant_document(local_id, result))
    c.finish()


def _enrol(w: _Walk) -> None:
    """网上办事注册 (引导网上注册): by the card, the phone, the code the platform sent (its
    reference SMS gateway writes it to var/central/sms-outbox.log), the account — registered the
    first time, bound again on a later run — and its slip (enrol-slip.escpos and its picture;
    kiosk-enrol-*.png)."""
    import json
    import re

    c, window = w.c, w.window
    sms = w.out / "var" / "central" / "sms-outbox.log"
    before = sms.read_text(encoding="utf-8").count("\n") if sms.exists() else 0
    w.begin()
    c.choose(KioskMode.ENROL)
    w.wait_step(KioskStep.ENROL_PHONE, 30)
    window.enrol_phone_page.phone.setText("13812345678")
    w.shots.append(save_screenshot(window, w.out / "kiosk-enrol-phone.png"))
    c.enrol_phone("13812345678")
    w.wait_step(KioskStep.ENROL_CODE)
    w.wait(
        "the code's text message",
        lambda: sms.exists() and sms.read_text(encoding="utf-8").count("\n") > before,
    )
    last = json.loads(sms.read_text(encoding="utf-8").splitlines()[-1])
    found = re.search(r"验证码为(\d{6})", last["text"])
    if found is None:
        raise WalkFailed(f"no code in the text message: {last}")
    window.enrol_code_page.code.setText(found.group(1))
    w.shots.append(save_screenshot(window, w.out / "kiosk-enrol-code.png"))
    c.enrol_code(found.group(1))
    w.wait_step(KioskStep.ENROL_DONE)
    w.wait(
        "the slip printed",
        lambda: c.last_print is not None and "注册凭条" in str(c.last_print.message),
        20,
    )
    w.shots.append(save_screenshot(window, w.out / "kiosk-enrol-done.png"))
    result = c.state.enrolled
    assert result is not None
    print(
        f"  网上办事注册: account {result.get('account')}"
        f" ({'registered' if result.get('created') else 'bound to the phone again'})"
    )
    w.keep_print("enrol-slip", lambda ops: ops.portal_document(result))
    c.finish()


def _queue(w: _Walk) -> None:
    """取号 by card (the hall's categories, the ticket printed: ticket.escpos and its
    picture); in Chinese also 预约签到 of the card holder's appointment; then the ticket
    followed at the progress query by its number. Only where the hall keeps a queue."""
    c = w.c
    if not wait_until(lambda: c.queue_overview is not None, 15):
        print("  no queue in this hall: 取号 not walked")
        return
    w.begin()
    w.shot("welcome-queue")
    letter = (
        "A" if w.language == i18n.CHINESE else "B"
    )  # one ticket per person per category while it waits
    c.choose(KioskMode.TICKET)
    w.wait_step(KioskStep.QUEUE_CATEGORY, 30)  # the card on the reader
    page = w.window.category_page
    w.wait("the categories", lambda: letter in page.category_buttons)
    w.shot("ticket-categories")
    page.category_buttons[letter].click()
    w.wait_step(KioskStep.TICKET)
    w.wait("the ticket printed", lambda: c.last_print is not None)
    ticket = c.state.ticket
    print(f"  取号 {ticket.number} {ticket.category_name}: {ticket.ahead} ahead {ticket.estimate}")
    w.shot("ticket")
    w.keep_print("ticket", lambda ops: ops.ticket_document(ticket))
    c.finish()
    # 预约签到: the card's appointments of today (the demo booked one for each walk)
    w.begin()
    c.choose(KioskMode.CHECK_IN)
    w.wait_step(KioskStep.APPOINTMENTS, 30)
    booked = w.window.appointments_page
    w.wait("the appointments", lambda: booked.list.count() > 0)
    w.shot("check-in")
    found = [booked.list.itemAt(i) for i in range(booked.list.count())]
    buttons = [b for item in found if item is not None and (b := item.widget()) is not None]
    open_ = [b for b in buttons if b.isEnabled()]
    if not open_:
        raise WalkFailed("no appointment of the demo card can be checked in")
    open_[0].click()  # type: ignore[attr-defined]
    w.wait_step(KioskStep.TICKET)
    print(f"  预约签到 → {c.state.ticket.number}, called first")
    w.shot("ticket-appointment")
    c.finish()
    w.begin()
    c.choose(KioskMode.QUERY)
    w.wait_step(KioskStep.QUERY)
    followed: list[object] = []
    c.ticket_followed.connect(followed.append)
    c.query(ticket.number)
    w.wait("the ticket followed", lambda: bool(followed))
    c.ticket_followed.disconnect(followed.append)
    w.shot("ticket-followed")
    c.finish()


def _rate_again(w: _Walk) -> None:
    c = w.c
    w.begin()
    c.choose(KioskMode.RATE)
    w.wait_step(KioskStep.RATE_CODE)
    c.rate_code(w.receipt)
    w.wait("the refusal", lambda: bool(w.window.rate_page.message.text()))
    w.shot("rate-once")
    c.cancel()
