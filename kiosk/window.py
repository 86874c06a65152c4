"""The kiosk's main window: the header, one page per journey step, the idle guard.

It renders what the controller says (the current step and its state) and forwards the pages'
intents to it; there is no rule here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from typing import cast

from common_qt import i18n, theme
from common_qt.devices import BackgroundLoop
from common_qt.i18n import say
from common_qt.idle import IdleGuard
from common_qt.qt import QtCore, QtGui, QtWidgets
from common_qt.voice import Voice
from common_qt.widgets.editing import touch_only
from common_qt.widgets.touch_input import TouchInput
from core.accessibility import LARGE, STANDARD
from core.errors import HallError
from core.flows.kiosk import KioskMode, KioskStep, unavailable
from core.messages import tr
from core.pushed import Pushed
from kiosk.controller import KioskController
from kiosk.footer import DEVICE_NAMES, Footer
from kiosk.header import KioskHeader
from kiosk.pages.authorise import AuthorisePage
from kiosk.pages.base import KioskPage, StepView, page_entry
from kiosk.pages.card import ReadCardPage
from kiosk.pages.enrol import EnrolCodePage, EnrolDonePage, EnrolPhonePage
from kiosk.pages.evaluate import EvaluatePage
from kiosk.pages.form import FormPage
from kiosk.pages.guide import GuidePage
from kiosk.pages.outcome import ConfirmPage, DonePage, NoticePage, ReceiptPage
from kiosk.pages.query import CodePage, QueryResultPage
from kiosk.pages.queue import AppointmentsPage, QueueCategoryPage, TicketPage
from kiosk.pages.scan import ScanPage
from kiosk.pages.search import SearchPage
from kiosk.pages.technician import TechnicianPage, TechnicianPinPage
from kiosk.pages.welcome import WelcomePage
from terminal.printing import PrintOutcome

log = logging.getLogger(__name__)

# the catalogue's themes offered as chips on the search page (searched in Chinese)
HOME_THEMES = (
    tr("户籍"),
    tr("社会保险"),
    tr("医疗保障"),
    tr("住房公积金"),
    tr("婚姻登记"),
    tr("企业开办"),
)


class KioskWindow(QtWidgets.QMainWindow):
    def __init__(
        self,
        controller: KioskController,
        *,
        hall_name: str,
        today: Callable[[], date],
        idle_timeout: float = 90.0,
        idle_warning: float = 20.0,
        lockdown: bool = False,
        large_text: bool = False,
        virtual_keyboard: bool = True,
        voice: Voice | None = None,
        language: str = i18n.CHINESE,
    ) -> None:
        """``lockdown``: a kiosk alone in the hall — no close by the window manager, Alt+F4
        or any key; only the technician's PIN (a hidden gesture opens it) leaves.
        ``language``: where every session starts ([terminal] language); the citizen may switch
        on the welcome screen, and a wipe comes back to it."""
        super().__init__()
        self.lockdown = lockdown
        self._may_close = not lockdown
        self._taps: list[float] = []
        self._started = False  # the controller starts after the first paint (see event)
        self.controller = controller
        self.hall_name = hall_name
        self.language_default = language
        self.large_text = False
        self.large_text_default = large_text  # [kiosk] large_text: where every session starts
        self.sync_loop: BackgroundLoop | None = None  # attached by the composition root
        # the style first: each widget made after it is styled once, when it is first shown
        # (set at the end, every widget made so far was styled again: 60 ms of the start)
        theme.apply(self, "kiosk")

        central = QtWidgets.QWidget()
        outer = QtWidgets.QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._header(hall_name, voice))

        # No time pressure without warning, then a full wipe (nothing stays behind).
        self.idle_banner = QtWidgets.QFrame()
        self.idle_banner.setObjectName("idleBanner")
        banner = QtWidgets.QHBoxLayout(self.idle_banner)
        self.idle_text = QtWidgets.QLabel()
        self.idle_text.setWordWrap(True)
        banner.addWidget(self.idle_text, 1)
        self.idle_continue = QtWidgets.QPushButton()
        banner.addWidget(self.idle_continue)
        self.idle_banner.hide()
        outer.addWidget(self.idle_banner)

        self.progress = QtWidgets.QLabel()
        self.progress.setObjectName("trail")
        self.progress.hide()  # on the trail of an application only (see _show_trail)
        outer.addWidget(self.progress)

        self.pages = self._pages(today)
        outer.addWidget(self.pages, 1)
        # 返回首页 where there is somewhere to come back from (it did nothing on the start page)
        self.pages.currentChanged.connect(lambda _: self._show_home_button())
        self._show_home_button()

        # Typing by touch, laid out below the pages (they shrink; the focused field is scrolled
        # into view above the keys): our keypad for ID and phone numbers, the virtual keyboard
        # (Pinyin, English) for the rest — when the application was prepared for it.
        self.touch = TouchInput(self.pages, virtual_keyboard=virtual_keyboard)
        outer.addWidget(self.touch)
        self.touch.shown.connect(self._typing)

        self.footer = Footer()
        outer.addWidget(self.footer)
        self.setCentralWidget(central)

        self._connect_pages()
        self._connect_controller()

        self.wipes = 0
        self._pushed_idle: tuple[float, float] | None = None  # pushed, for the next session
        #: told whether a citizen is at the screen (app.py: terminal.presence holds the lock
        #: the update installer waits for)
        self.presence: Callable[[bool], None] = lambda busy: None
        app = QtWidgets.QApplication.instance()
        assert app is not None
        self.idle = IdleGuard(
            app,
            timeout_seconds=idle_timeout,
            warning_seconds=idle_warning,
            assistive=True,  # a screen reader's or switch's actions are use too
            parent=self,
        )
        self.idle.warning.connect(self._idle_warning)
        self.idle.resumed.connect(self.idle_banner.hide)
        self.idle.expired.connect(self.wipe)
        self.idle_continue.clicked.connect(self.idle.poke)
        self.idle.set_session(False)  # the start page, untouched
        self._clock = QtCore.QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(15_000)
        self.retranslate()
        if large_text:
            self.toggle_large_text()
        if language != i18n.current():
            self.set_language(language)
        touch_only(self)

    # -- building ---------------------------------------------------------------------------

    def _header(self, hall_name: str, voice: Voice | None) -> QtWidgets.QWidget:
        """The top row (kiosk.header), its buttons wired: the hall's name (five quick taps:
        the technician's way out), 大字模式, the voice's mute button and 返回首页."""
        self.header = header = KioskHeader(hall_name)
        self.hall_label, self.clock_label = header.hall_label, header.clock_label
        self.large_button, self.mute_button = header.large_button, header.mute_button
        self.home_button = header.home_button
        self.hall_label.installEventFilter(self)  # five quick taps: the technician's way out
        self.large_button.clicked.connect(self.toggle_large_text)
        # spoken prompts (where a voice for the language is installed), with their mute button
        self.voice = voice
        self.muted = False
        self.mute_button.clicked.connect(lambda: self.set_muted(not self.muted))
        self._show_mute_button()
        if voice is not None:  # shown once a voice is known to be there, never for silence
            voice.checked.connect(self._show_mute_button)
        self.home_button.clicked.connect(self.go_home)
        return header

    def _pages(self, today: Callable[[], date]) -> QtWidgets.QStackedWidget:
        """A page a step (the step table: each page declares the step it renders), and the
        technician's two."""
        pages = QtWidgets.QStackedWidget()
        self.pages = pages
        self.welcome_page = WelcomePage()
        self.card_page = ReadCardPage()
        self.search_page = SearchPage(HOME_THEMES)
        self.guide_page = GuidePage()
        self.authorise_page = AuthorisePage()
        self.form_page = FormPage(today)
        self.scan_page = ScanPage()
        self.notice_page = NoticePage()
        self.confirm_page = ConfirmPage()
        self.receipt_page = ReceiptPage()
        self.evaluate_page = EvaluatePage()
        self.done_page = DonePage()
        self.query_page = CodePage(rating=False)
        self.result_page = QueryResultPage()
        self.rate_page = CodePage(rating=True)
        self.category_page = QueueCategoryPage()
        self.appointments_page = AppointmentsPage()
        self.ticket_page = TicketPage()
        self.enrol_phone_page = EnrolPhonePage()
        self.enrol_code_page = EnrolCodePage()
        self.enrol_done_page = EnrolDonePage()
        # the step table: each page declares the step it renders (kiosk/pages/base.StepView)
        views: tuple[StepView, ...] = (
            self.welcome_page,
            self.card_page,
            self.search_page,
            self.guide_page,
            self.authorise_page,
            self.form_page,
            self.scan_page,
            self.notice_page,
            self.confirm_page,
            self.receipt_page,
            self.evaluate_page,
            self.done_page,
            self.query_page,
            self.result_page,
            self.rate_page,
            self.category_page,
            self.appointments_page,
            self.ticket_page,
            self.enrol_phone_page,
            self.enrol_code_page,
            self.enrol_done_page,
        )
        self.step_pages: dict[KioskStep, StepView] = {v.step: v for v in views if v.step}
        missing = set(KioskStep) - set(self.step_pages)
        assert not missing, f"steps without a page: {missing}"
        self.controller.wants = {step: view.wants for step, view in self.step_pages.items()}
        # Each page scrolls when it does not fit (a 1280×800 screen, large text): the window
        # never grows past the screen. Its message and buttons stay below the scroll area, in
        # view: nobody has to find 下一步 or 提交评价 by scrolling.
        self._scrolls: dict[QtWidgets.QWidget, QtWidgets.QScrollArea] = {}
        self._entries: dict[QtWidgets.QWidget, QtWidgets.QWidget] = {}  # page → in the stack
        self.pin_page = TechnicianPinPage()
        self.technician_page = TechnicianPage()
        for page in (*views, self.pin_page, self.technician_page):
            self._add_page(cast(QtWidgets.QWidget, page))
        return pages

    def _connect_controller(self) -> None:
        """What the controller says, shown."""
        c = self.controller
        c.step_changed.connect(self._render)
        c.error.connect(self._show_error)
        c.field_errors.connect(self.form_page.show_field_errors)
        c.busy.connect(self._busy)
        c.search_results.connect(self.search_page.show_results)
        c.pages_changed.connect(self._pages_changed)
        c.printed.connect(self._printed)
        c.progress_ready.connect(self.result_page.show_report)
        c.ticket_followed.connect(self.result_page.show_ticket)
        c.deliver_now.connect(self._deliver_now)
        c.instant_decided.connect(self.receipt_page.show_instant)
        c.queue_changed.connect(self._queue_changed)
        c.appointments_found.connect(self.appointments_page.show_appointments)
        c.categories_found.connect(self.category_page.show_found)
        c.device_changed.connect(self._device_changed)  # a method: gone with the window
        c.wiped.connect(self._wiped)
        c.technician_unlocked.connect(self._technician)
        c.technician_refused.connect(self.pin_page.show_message)
        self.pin_page.submitted.connect(c.technician_unlock)
        self.pin_page.cancelled.connect(self.go_home)
        self.technician_page.back_requested.connect(self.go_home)
        self.technician_page.test_print.connect(c.print_test_page)
        self.technician_page.exit_requested.connect(self.technician_exit)
        c.card_tested.connect(self.technician_page.show_card)
        shortcut = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+Alt+T"), self)
        shortcut.activated.connect(self.show_technician_entry)
        c.camera_bridge.frame_ready.connect(self._frame)
        c.camera_bridge.error.connect(self._no_picture)

    def event(self, e: QtCore.QEvent) -> bool:
        handled = super().event(e)
        if not self._started and e.type() == QtCore.QEvent.Type.UpdateRequest:
            # The welcome screen is on: now the catalogue, the store and the devices start
            # on their threads (their loading would otherwise compete with the first paint).
            self._started = True
            QtCore.QTimer.singleShot(0, self.controller.start)
        return handled

    def start(self) -> None:
        """Starts the controller now (scripts and tests that do not wait for a paint)."""
        if not self._started:
            self._started = True
            self.controller.start()

    # -- wiring ---------------------------------------------------------------------------

    def _connect_pages(self) -> None:
        c = self.controller
        self.welcome_page.chosen.connect(c.choose)
        self.welcome_page.language_requested.connect(self._language_chosen)
        self.card_page.back_requested.connect(c.back)
        self.card_page.typed.connect(c.typed_identity)
        self.card_page.no_card.connect(c.no_card)
        self.category_page.chosen.connect(c.take_ticket)
        self.category_page.find_requested.connect(c.find_category)
        self.category_page.back_requested.connect(c.back)
        self.appointments_page.chosen.connect(c.check_in)
        self.appointments_page.back_requested.connect(c.back)
        self.ticket_page.reprint_requested.connect(c.print_ticket)
        self.ticket_page.finished.connect(c.finish)
        self.search_page.search_requested.connect(c.search)
        self.search_page.item_chosen.connect(c.choose_item)
        self.guide_page.back_requested.connect(c.back)
        self.guide_page.apply_requested.connect(c.apply)
        self.guide_page.print_requested.connect(c.print_guide)
        self.authorise_page.answered.connect(c.authorise)
        self.authorise_page.back_requested.connect(c.back)
        self.form_page.submitted.connect(c.submit_form)
        self.form_page.back_requested.connect(c.back)
        self.scan_page.material_chosen.connect(c.select_material)
        self.scan_page.capture_requested.connect(c.capture)
        self.scan_page.remove_requested.connect(c.remove_page)
        self.scan_page.done.connect(c.scans_done)
        self.scan_page.back_requested.connect(c.back)
        self.notice_page.chosen.connect(c.notice_choice)
        self.confirm_page.confirmed.connect(c.confirm)
        self.confirm_page.back_requested.connect(c.back)
        self.receipt_page.reprint_requested.connect(c.print_receipt)
        self.receipt_page.next_requested.connect(c.receipt_done)
        self.evaluate_page.rated.connect(c.rate)
        self.done_page.finished.connect(c.finish)
        self.query_page.submitted.connect(c.query)
        self.query_page.back_requested.connect(c.back)
        self.enrol_phone_page.submitted.connect(c.enrol_phone)
        self.enrol_phone_page.back_requested.connect(c.back)
        self.enrol_code_page.submitted.connect(c.enrol_code)
        self.enrol_code_page.resend_requested.connect(c.enrol_again)
        self.enrol_done_page.finished.connect(c.finish)
        self.result_page.finished.connect(c.finish)
        self.result_page.back_requested.connect(c.back)
        self.rate_page.submitted.connect(c.rate_code)
        self.rate_page.back_requested.connect(c.back)

    # -- rendering ------------------------------------------------------------------------

    def _add_page(self, page: QtWidgets.QWidget) -> None:
        """``page`` in the stack: in a scroll area, its actions (if it has) below it."""
        entry, self._scrolls[page] = page_entry(page)
        self._entries[page] = entry
        self.pages.addWidget(entry)

    @property
    def current_page(self) -> QtWidgets.QWidget:
        entry = self.pages.currentWidget()
        return next(page for page, e in self._entries.items() if e is entry)

    # -- language ---------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """The citizen's language (the welcome screen's 中文 / English): every page in it,
        the keys too. A wipe returns to the configured one."""
        i18n.set_language(language)
        self.touch.set_language(i18n.current() == i18n.CHINESE)
        self.retranslate()
        self._session_changed()

    def _language_chosen(self, language: str) -> None:
        """The citizen's switch: the screen, and the voice where one speaks the language."""
        self.set_language(language)
        if self.voice is not None:
            self.voice.say(self.step_pages[self.controller.step].prompt(), i18n.current())

    def retranslate(self) -> None:
        """Sets the window's and every page's own words in the current language."""
        self.setWindowTitle(self.tr("%1 · 自助服务").replace("%1", self.hall_name))
        self.set_large_text(self.large_text, restyle=False)
        self.set_muted(self.muted)
        self._show_mute_button()
        self.header.retranslate()
        self.touch.retranslate()
        self.idle_continue.setText(self.tr("继续办理"))
        for page in (*self.step_pages.values(), self.pin_page, self.technician_page):
            retranslate = getattr(page, "retranslate", None)
            if retranslate is not None:
                retranslate()
        self._tick()
        self._show_devices()
        if self.pages.currentWidget() is not None and self.current_page is not self.welcome_page:
            self._show_trail()

    def _show_mute_button(self) -> None:
        """The mute button, where a voice speaks the current language."""
        self.mute_button.setVisible(self.voice is not None and self.voice.speaks(i18n.current()))

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        self.header.show_muted(muted)
        if self.voice is not None:
            self.voice.set_muted(muted)
        self._session_changed()

    def _render(self, step_name: str) -> None:
        """The step's page, as it declares: said aloud, shown with the session, focused."""
        view = self.step_pages[KioskStep(step_name)]
        if self.voice is not None:  # silent in a language without a voice of its own
            self.voice.say(view.prompt(), i18n.current())
        view.present(self.controller)
        self.pages.setCurrentWidget(self._entries[cast(QtWidgets.QWidget, view)])
        focus = view.focus_widget()
        if focus is not None:
            focus.setFocus()  # typing goes where the citizen looks
        self._show_trail()
        self._session_changed()

    def _show_home_button(self) -> None:
        self.home_button.setVisible(self.current_page is not self.welcome_page)

    def _session_changed(self) -> None:
        """Tells the idle guard whether there is anything to wipe: a step past the start page,
        or the start page changed (language, large text, voice muted), or the technician's."""
        idle = getattr(self, "idle", None)
        if idle is None:  # still being built
            return
        started = (
            self.controller.step is not KioskStep.WELCOME
            or i18n.current() != self.language_default
            or self.large_text != self.large_text_default
            or self.muted
            or self.current_page in (self.pin_page, self.technician_page)
        )
        idle.set_session(started)
        self.presence(started)  # no update is installed under a citizen (terminal.presence)

    def _show_trail(self) -> None:
        """第 n 步，共 m 步 on the way of an application."""
        c = self.controller
        position, total = c.journey.progress()
        step = c.journey.step
        on_trail = c.state.mode is KioskMode.APPLY and c.journey.current is not KioskStep.WELCOME
        self.progress.setText(
            self.tr("第 %1 步，共 %2 步：%3")
            .replace("%1", str(position))
            .replace("%2", str(total))
            .replace("%3", say(step.label))
            if on_trail
            else ""
        )
        self.progress.setVisible(on_trail)  # off the trail its empty line took the page's room

    def _show_error(self, text: str) -> None:
        page = self.current_page
        if isinstance(page, KioskPage):
            page.show_message(text)
        elif isinstance(page, SearchPage) and text:
            page.show_error(text)

    def _busy(self, text: str) -> None:
        self.footer.status.setText(text)
        self.confirm_page.set_busy(bool(text))
        self.authorise_page.set_busy(bool(text))

    def _pages_changed(self) -> None:
        self.scan_page.show_pages(self.controller)

    def _frame(self, image: object, guidance: str, steady: bool) -> None:
        if self.current_page is self.scan_page:
            self.scan_page.show_frame(image, guidance, steady)  # type: ignore[arg-type]
        elif self.current_page is self.technician_page:
            self.technician_page.show_frame(image)  # type: ignore[arg-type]

    def _no_picture(self, error: HallError) -> None:
        """The camera failed: its live views show no frame (the last may be stale)."""
        why = say(error.user_message)
        self.scan_page.show_no_picture(why)
        self.technician_page.show_no_picture(why)

    def _printed(self, outcome: PrintOutcome) -> None:
        page = self.current_page
        if page is self.technician_page:  # 测试打印: the printer's state as it is now
            self._show_technician_state()
        if page is self.receipt_page:
            self.receipt_page.show_print(outcome.state.ok, outcome.message)
        elif page is self.ticket_page:
            self.ticket_page.show_print(outcome.state.ok, outcome.message)
        elif page is self.enrol_done_page:
            self.enrol_done_page.show_print(outcome.state.ok, outcome.message)
        elif page is self.notice_page:
            self.notice_page.show_print(outcome.message)
        elif isinstance(page, KioskPage) or page is self.search_page:
            self.footer.status.setText(say(outcome.message))
        self._show_devices()

    def show_network(self, text: str) -> None:
        """The sync loop's last word (网络正常 / 网络中断, 待上报 n 件; a core text)."""
        self.footer.show_network(text, self.controller.services.clock.now())

    def _deliver_now(self) -> None:
        """A 即办件 submitted: the background delivery at once (the platform decides it as
        it arrives); the receipt page says it is being decided."""
        self.receipt_page.show_instant_waiting()
        if self.sync_loop is not None:
            self.sync_loop.trigger()

    def _queue_changed(self, overview: object) -> None:
        """取号 and 预约签到 offered where the hall keeps a queue; the category page follows."""
        self.welcome_page.set_queue(overview is not None)
        if overview is not None and self.current_page is self.category_page:
            self.category_page.show_overview(overview)  # type: ignore[arg-type]

    def _device_changed(self, name: str, state: object) -> None:
        self._show_devices()

    def _show_readiness(self) -> None:
        c = self.controller  # a guide-only kiosk (no store) offers guides alone
        states, configured = c.device_states, c.can_apply
        self.welcome_page.show_readiness(
            {m: unavailable(m, states, configured=configured) for m in KioskMode}
        )

    def _show_devices(self) -> None:
        self._show_readiness()
        self.footer.show_devices(dict(self.controller.device_states))

    def _tick(self) -> None:
        self.header.show_time(self.controller.services.clock.now())

    def _idle_warning(self, seconds_left: int) -> None:
        self.idle_text.setText(
            self.tr("您还在办理吗？%1秒后将返回首页，并清除您输入的信息。").replace(
                "%1", str(seconds_left)
            )
        )
        self.idle_banner.show()

    # -- session --------------------------------------------------------------------------

    # -- typing by touch ----------------------------------------------------------------------

    def show_page(self, page: QtWidgets.QWidget) -> None:
        """Shows a page outside the controller's steps (the scripted walk, the technician)."""
        self.pages.setCurrentWidget(self._entries[page])

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if watched is self.hall_label and event.type() == QtCore.QEvent.Type.MouseButtonPress:
            now = time.monotonic()  # five quick taps on the hall's name: the technician's entry
            self._taps = [t for t in self._taps if now - t < 3.0] + [now]
            if len(self._taps) >= 5:
                self._taps.clear()
                self.show_technician_entry()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.touch.fit(self.height())

    def _typing(self, on: bool) -> None:
        """The keys came or went: each page puts away (or back) what it can while typing, and
        the status line goes (the keys are the bottom of the screen then)."""
        self.footer.setVisible(not on)
        for view in self.step_pages.values():
            view.keys_shown(on)

    def _wiped(self) -> None:
        self.touch.reset()
        for page in self.step_pages.values():
            reset = getattr(page, "reset", None)
            if reset is not None:
                reset()
        self.footer.status.clear()
        if self.muted:  # the next person hears the prompts again
            self.set_muted(False)
        if self.large_text != self.large_text_default:  # the next person starts as configured
            self.toggle_large_text()
        if i18n.current() != self.language_default:  # and in the hall's language
            self.set_language(self.language_default)
        self._apply_idle()  # time-outs the platform pushed during the session

    def apply_pushed(self, settings: Pushed) -> None:
        """What the platform pushed (core.pushed), applied where it is safe: the idle
        time-outs from the next session (a citizen at the screen keeps the time they were
        given), the starting language at once on an untouched welcome screen, else at the
        next return to it."""
        if settings.idle_timeout is not None or settings.idle_warning is not None:
            self._pushed_idle = (
                settings.idle_timeout or self.idle.timeout,
                settings.idle_warning or (self.idle.timeout - self.idle.warn_after),
            )
            self._apply_idle()
        if settings.language is not None and settings.language != self.language_default:
            untouched = not self.idle.in_session
            self.language_default = settings.language
            if untouched and i18n.current() != settings.language:
                self.set_language(settings.language)
            self._session_changed()

    def _apply_idle(self) -> None:
        wanted = self._pushed_idle
        if wanted is None or self.idle.in_session:
            return  # the session under way keeps its time; _wiped applies it
        timeout, warning = wanted
        if 0 < warning < timeout:
            self.idle.set_timeouts(timeout, warning)
        self._pushed_idle = None

    def wipe(self) -> None:
        """The citizen walked away: forget everything of the session and start over."""
        self.idle_banner.hide()
        self.controller.cancel()
        self.wipes += 1

    def go_home(self) -> None:
        """Back to the start, forgetting everything (nothing stays behind)."""
        self.controller.cancel()

    # -- lockdown and the technician's way out ---------------------------------------------

    def show_technician_entry(self) -> None:
        """The PIN pad (the citizen's session, if any, is wiped first)."""
        self.controller.cancel()
        self.pin_page.reset()
        self.pages.setCurrentWidget(self._entries[self.pin_page])
        self._session_changed()

    def _technician(self) -> None:
        self._show_technician_state()
        self.pin_page.reset()
        self.pages.setCurrentWidget(self._entries[self.technician_page])
        self.controller.technician_devices(True)  # the reader's test and the camera's view

    def _show_technician_state(self) -> None:
        """The technician page's table: devices as they are now (a 测试打印 that worked says
        the printer is ready: it said 未连接 from before), the network, the catalogue."""
        c = self.controller
        states = [(name, state.label) for name, state in sorted(c.device_states.items())]
        from core.delivery import software_version

        self.technician_page.show_state(
            [
                ("终端", self.windowTitle()),
                ("版本", software_version()),
                *[(DEVICE_NAMES.get(name, name), label) for name, label in states],
                ("网络与上报", self.footer.network or "尚未联系平台"),
                ("上次联系平台", self.footer.last_sync or "—"),
                ("事项目录", "已就绪" if c.catalogue_ready else "未同步"),
            ]
        )

    def technician_exit(self) -> None:
        """退出自助程序 (after the PIN): the one way a locked-down kiosk closes."""
        self._may_close = True
        self.close()

    def toggle_large_text(self) -> None:
        """大字模式: large text with high contrast, one tap on every screen (the header)."""
        self.set_large_text(not self.large_text)

    def set_large_text(self, on: bool, *, restyle: bool = True) -> None:
        self.large_text = on
        self._session_changed()
        self.header.show_large_text(on)
        if not restyle:
            return
        theme.apply(self, "kiosk", large_text=on, high_contrast=on)
        # the Pinyin candidates a little above the body text; taller rows: the field back
        # into view
        self.touch.set_text_size((LARGE if on else STANDARD).body_px + 4)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._may_close:  # Alt+F4, the window manager, a stray key: refused
            event.ignore()
            return
        self._clock.stop()
        if self.sync_loop is not None:
            self.sync_loop.request_stop()  # a drain cut short is finished by the next start
        self.controller.stop()
        super().closeEvent(event)
