"""The kiosk's main window: header, pages, and the wiring between pages and the worker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from common_qt import theme
from common_qt.qt import QtWidgets
from common_qt.tasks import ThreadWorker, user_message
from core.catalogue.models import Audience, ServiceItem
from kiosk.pages.guide import GuidePage
from kiosk.pages.search import SearchPage
from sync.catalogue import CatalogueStore, SearchHit

HOME_THEMES = ("户籍", "社会保险", "医疗保障", "住房公积金", "婚姻登记", "企业开办")


class KioskWindow(QtWidgets.QMainWindow):
    def __init__(self, *, hall_name: str, catalogue: Path, region_code: str) -> None:
        super().__init__()
        self.setWindowTitle(f"{hall_name} · 自助服务")
        self.region_code = region_code
        self.large_text = False
        self.worker = ThreadWorker(
            "kiosk-catalogue",
            setup=lambda: CatalogueStore(catalogue),
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
        theme.apply(self, "kiosk")

    def search(self, text: str) -> None:
        region = self.region_code

        def job(store: CatalogueStore) -> tuple[str, list[SearchHit]]:
            hits = store.search(text, region_code=region, prefer_audience=Audience.PERSON, limit=20)
            return text, hits

        def done(result: tuple[str, Sequence[SearchHit]]) -> None:
            self.search_page.show_results(*result)

        self.worker.submit(job, done)

    def open_item(self, impl_code: str) -> None:
        def done(item: ServiceItem) -> None:
            self.guide_page.show_item(item)
            self.pages.setCurrentWidget(self.guide_page)

        self.worker.submit(lambda store: store.get(impl_code), done)

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
