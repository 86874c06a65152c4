"""The staff shift: 工作人员登录, 锁屏 (by hand or idle) and 退出登录. The work shows only
while a member is signed in and the screen is not locked; another member signing in at the
lock ends the first one's session (its applicant, form and selection go)."""

from __future__ import annotations

from common_qt.idle import IdleGuard
from common_qt.qt import QtCore, QtWidgets, Signal
from common_qt.tasks import ThreadWorker, user_message
from core.staff import StaffMember
from counter.signin import SignInPage
from terminal.operations import SignedIn


class Shift(QtCore.QObject):
    """Owns the sign-in page in front of ``work`` in ``pages``.

    Signals: ``started(member)`` when a member signed in or unlocked; ``ending()`` when what a
    member was doing must go (sign-out, or another member at the lock); ``locking()`` when the
    work goes behind the lock (what floats above it hides); ``say(text)`` for the window's
    status line (the idle countdown)."""

    started = Signal(object)  # StaffMember
    ending = Signal()
    locking = Signal()
    say = Signal(str)

    def __init__(
        self,
        worker: ThreadWorker,
        *,
        title: str,
        work: QtWidgets.QWidget,
        required: bool,
        lock_after_minutes: float,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.required = required
        self.clerk: StaffMember | None = None
        self.work = work
        self.pages = QtWidgets.QStackedWidget()
        self.sign_in_page = SignInPage(title)
        self.sign_in_page.submitted.connect(self.sign_in)
        self.pages.addWidget(self.sign_in_page)
        self.pages.addWidget(work)
        self.pages.setCurrentWidget(self.sign_in_page if required else work)
        self.idle_lock: IdleGuard | None = None
        if required:
            app = QtCore.QCoreApplication.instance()
            assert app is not None
            self.idle_lock = IdleGuard(
                app,
                timeout_seconds=lock_after_minutes * 60,
                warning_seconds=min(30.0, lock_after_minutes * 30),
                parent=self,
            )
            self.idle_lock.warning.connect(
                lambda s: self.say.emit(self.tr("无操作，%n 秒后锁屏", "", s))
            )
            self.idle_lock.resumed.connect(lambda: self.say.emit(""))
            self.idle_lock.expired.connect(lambda: self.lock("idle"))

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.sign_in_page

    @property
    def open(self) -> bool:
        """Whether the work may be done now (a card read opens an acceptance)."""
        return not self.required or (self.clerk is not None and not self.locked)

    def sign_in(self, number: str, password: str) -> None:
        unlocking = self.clerk.number if self.clerk is not None else ""

        def signed_in(done: SignedIn) -> None:
            if self.clerk is not None and done.member.number != self.clerk.number:
                self.ending.emit()  # another member at the locked screen: the first one's goes
            self.start(done.member)

        self.worker.submit(
            lambda ops: ops.staff.sign_in(number, password, unlocking=unlocking),
            signed_in,
            lambda e: self.sign_in_page.say(user_message(e)),
        )

    def start(self, member: StaffMember) -> None:
        """Signed in (or unlocked): the work shows, named after the member."""
        self.clerk = member
        self.sign_in_page.show_sign_in()
        self.pages.setCurrentWidget(self.work)
        self.started.emit(member)
        if self.idle_lock is not None:
            self.idle_lock.poke()

    def lock(self, reason: str = "idle") -> None:
        """锁屏: the work stays as it was behind the lock; only this member's password (or
        another member signing in, which ends this session) opens it."""
        if not self.required or self.clerk is None or self.locked:
            return
        number = self.clerk.number
        self.locking.emit()
        self.sign_in_page.show_locked(number, self.clerk.display)
        self.pages.setCurrentWidget(self.sign_in_page)
        self.worker.submit(lambda ops: ops.staff.screen_locked(number, reason))

    def sign_out(self) -> None:
        """退出登录: the applicant on screen, the form and the selection go with the clerk."""
        if self.clerk is None:
            return
        number = self.clerk.number
        self.worker.submit(lambda ops: ops.staff.sign_out(number))
        self.ending.emit()
        self.clerk = None
        self.sign_in_page.show_sign_in(self.tr("已退出登录。"))
        self.pages.setCurrentWidget(self.sign_in_page)
