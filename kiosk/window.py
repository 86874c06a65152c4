"""The kiosk's main window: header, pages, and the wiring between pages and the worker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from common_qt import theme
from common_qt.idle import IdleGuard
from common_qt.qt import QtWidgets
from common_qt.tasks import ThreadWorker, user_message
from core.catalogue.models import ServiceItem
from kiosk.pages.guide import GuidePage
from kiosk.pages.search import SearchPage
from terminal.catalogue import Catalogue, CatalogueNotSynced, SearchHit

HOME_THEMES = ("户籍", "社会保险", "医疗保障", "住房公积金", "婚姻登记", "企业开办")


class KioskWindow(QtWidgets.QMainWindow):
    def __init__(
        self,
        *,
        hall_name: str,
        catalogue: Path,
        region_code: str,
        idle_timeout: float = 90.0,
        idle_warning: float = 20.0,
    ) -> None:
        super().__init__()
        self.setWindowTitle(f"{hall_name} · 自助服务")
        self.region_code = region_code
        self.large_text = False
        self.worker = ThreadWorker(
            "kiosk-catalogue",
            setup=lambda: Catalogue(catalogue, region_code),
            on_failure=lambda e: self.search_page.show_error(user_message(e)),
        )

        central = QtWidgets.QWidget()
        outer = QtWidgets.QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        header = QtWidgets.QWidget()
        header.setObjectName("header")
        row = QtWidgets.QHBoxLayout(header)
        row.setContentsMargins(32, 12, 32, 12)
        row.addWidget(QtWidgets.QLabel(hall_name))
        row.addStretch(1)
        self.large_button = QtWidgets.QPushButton(self.tr("大字模式"))
        self.large_button.clicked.connect(self.toggle_large_text)
        row.addWidget(self.large_button)
        self.home_button = QtWidgets.QPushButton(self.tr("返回首页"))
        self.home_button.clicked.connect(self.go_home)
        row.addWidget(self.home_button)
        outer.addWidget(header)

        self.pages = QtWidgets.QStackedWidget()
        self.search_page = SearchPage(HOME_THEMES)
        self.guide_page = GuidePage()
        self.pages.addWidget(self.search_page)
        self.pages.addWidget(self.guide_page)
        outer.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.search_page.search_requested.connect(self.search)
        self.search_page.item_chosen.connect(self.open_item)
        self.guide_page.back_requested.connect(
            lambda: self.pages.setCurrentWidget(self.search_page)
        )
        # No time pressure without warning, then a full wipe (nothing stays behind).
        self.idle_banner = QtWidgets.QFrame(self)
        self.idle_banner.setObjectName("idleBanner")
        banner = QtWidgets.QHBoxLayout(self.idle_banner)
        self.idle_text = QtWidgets.QLabel()
        banner.addWidget(self.idle_text, 1)
        self.idle_continue = QtWidgets.QPushButton(self.tr("继续办理"))
        banner.addWidget(self.idle_continue)
        outer.insertWidget(1, self.idle_banner)
        self.idle_banner.hide()
        self.wipes = 0
        app = QtWidgets.QApplication.instance()
        assert app is not None
        self.idle = IdleGuard(
            app, timeout_seconds=idle_timeout, warning_seconds=idle_warning, parent=self
        )
        self.idle.warning.connect(self._idle_warning)
        self.idle.resumed.connect(self.idle_banner.hide)
        self.idle.expired.connect(self.wipe)
        self.idle_continue.clicked.connect(self.idle.poke)
        theme.apply(self, "kiosk")
        self.worker.submit(lambda catalogue: catalogue.ready(), self._catalogue_ready)

    def _catalogue_ready(self, ready: bool) -> None:
        if not ready:
            self.search_page.show_error(CatalogueNotSynced("").user_message)

    def _idle_warning(self, seconds_left: int) -> None:
        self.idle_text.setText(
            self.tr("您还在办理吗？")
            + f"{seconds_left}"
            + self.tr("秒后将返回首页，并清除您输入的信息。")
        )
        self.idle_banner.show()

    def wipe(self) -> None:
        """The citizen walked away: forget everything of the session and start over."""
        self.idle_banner.hide()
        if self.large_text:
            self.toggle_large_text()
        self.guide_page.clear()
        self.go_home()
        self.wipes += 1

    def search(self, text: str) -> None:
        def job(catalogue: Catalogue) -> tuple[str, list[SearchHit]]:
            return text, catalogue.search(text)

        def done(result: tuple[str, Sequence[SearchHit]]) -> None:
            self.search_page.show_results(*result)

        self.worker.submit(job, done)

    def open_item(self, impl_code: str) -> None:
        def done(item: ServiceItem) -> None:
            self.guide_page.show_item(item)
            self.pages.setCurrentWidget(self.guide_page)

        self.worker.submit(lambda catalogue: catalogue.item(impl_code), done)

    def toggle_large_text(self) -> None:
        self.large_text = not self.large_text
        self.large_button.setText(self.tr("标准字体") if self.large_text else self.tr("大字模式"))
        theme.apply(self, "kiosk", large_text=self.large_text)

    def go_home(self) -> None:
        """Back to the start, forgetting what was typed (nothing stays behind)."""
        self.search_page.reset()
        self.pages.setCurrentWidget(self.search_page)

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.worker.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
