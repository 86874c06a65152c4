"""网上注册 (引导网上注册，一次认证，终身受用): after the card, the mobile the platform sends a
code to, the code, and the account — registered, or the one the citizen had bound to this
phone — with its slip printed. The kiosk never asks for a password."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from common_qt.i18n import say, translate
from common_qt.qt import Qt, QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.reading import ReadableText
from core.flows.kiosk import KioskStep
from core.validators import mask_name
from kiosk.pages.base import KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController


def _digits(edit: QtWidgets.QLineEdit, length: int) -> None:
    """An entry of ``length`` digits on the number keys (no Pinyin, no letters)."""
    edit.setMaxLength(length)
    edit.setInputMethodHints(
        edit.inputMethodHints()
        | Qt.InputMethodHint.ImhDigitsOnly
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    lock_down(edit)


class EnrolPhonePage(KioskPage):
    submitted = Signal(str)
    back_requested = Signal()

    step = KioskStep.ENROL_PHONE

    def prompt(self) -> str:
        return translate("prompts", "请输入您本人的手机号码，我们将发送短信验证码。")

    def focus_widget(self) -> QtWidgets.QWidget | None:
        return self.phone

    def present(self, c: KioskController) -> None:
        who = c.state.identity
        name = mask_name(who.display_name) if who is not None else ""
        self.lead.setText(
            self.tr(
                "%1，您好！注册网上办事账号后，可在网上和手机上办事、查进度，"
                "一次认证，终身受用。请输入您本人的手机号码，平台将发送6位验证码。"
            ).replace("%1", escape(name))
        )

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.lead = QtWidgets.QLabel()
        self.lead.setWordWrap(True)
        self.body.addWidget(self.lead)
        self.phone = QtWidgets.QLineEdit()
        _digits(self.phone, 11)
        self.phone.returnPressed.connect(self._submit)
        self.body.addWidget(self.phone)
        self.privacy = QtWidgets.QLabel()
        self.privacy.setWordWrap(True)
        self.privacy.setObjectName("hint")
        self.body.addWidget(self.privacy)
        self.body.addStretch(1)
        self.back_button = back = button()
        back.clicked.connect(self.back_requested)
        self.send_button = send = button(primary=True)
        send.clicked.connect(self._submit)
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(send)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("网上办事注册"))
        self.phone.setPlaceholderText(self.tr("11位手机号码"))
        self.phone.setAccessibleName(self.tr("手机号码"))
        self.privacy.setText(
            self.tr("本机不设置、也不保存任何密码；登录网上办事大厅时用手机号和短信验证码。")
        )
        label(self.back_button, self.tr("返回"))
        label(self.send_button, self.tr("获取验证码"))

    def _submit(self) -> None:
        self.submitted.emit(self.phone.text())

    def reset(self) -> None:
        super().reset()
        wipe_line(self.phone)
        self.lead.clear()


class EnrolCodePage(KioskPage):
    submitted = Signal(str)
    resend_requested = Signal()

    step = KioskStep.ENROL_CODE

    def prompt(self) -> str:
        return translate("prompts", "请输入短信中的6位验证码。")

    def focus_widget(self) -> QtWidgets.QWidget | None:
        return self.code

    def present(self, c: KioskController) -> None:
        sent: dict[str, Any] = c.state.enrolment or {}
        self.lead.setText(
            self.tr("验证码已发送到 %1，5分钟内有效。请输入短信中的6位验证码。").replace(
                "%1", escape(str(sent.get("phone", "")))
            )
        )

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.lead = QtWidgets.QLabel()
        self.lead.setWordWrap(True)
        self.body.addWidget(self.lead)
        self.code = QtWidgets.QLineEdit()
        _digits(self.code, 6)
        self.code.returnPressed.connect(self._submit)
        self.body.addWidget(self.code)
        self.body.addStretch(1)
        self.resend_button = resend = button()
        resend.clicked.connect(self.resend_requested)
        self.ok_button = ok = button(primary=True)
        ok.clicked.connect(self._submit)
        self.buttons.addWidget(resend)
        self.buttons.addStretch(1)
        self.buttons.addWidget(ok)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("短信验证"))
        self.code.setPlaceholderText(self.tr("6位验证码"))
        self.code.setAccessibleName(self.tr("短信验证码"))
        label(self.resend_button, self.tr("重新获取"))
        label(self.ok_button, self.tr("确定"))

    def _submit(self) -> None:
        self.submitted.emit(self.code.text())

    def reset(self) -> None:
        super().reset()
        wipe_line(self.code)
        self.lead.clear()


class EnrolDonePage(KioskPage):
    finished = Signal()

    step = KioskStep.ENROL_DONE

    def prompt(self) -> str:
        return translate("prompts", "注册完成，请取走注册凭条。")

    def present(self, c: KioskController) -> None:
        done: dict[str, Any] = c.state.enrolled or {}
        created = bool(done.get("created"))
        head = (
            self.tr("注册成功！您的网上办事账号：%1")
            if created
            else self.tr("您已有网上办事账号 %1，已绑定为新的手机号。")
        ).replace("%1", escape(str(done.get("account", ""))))
        how = self.tr("登录方式：在“%1”网站或“%2”手机App，用手机号 %3 和短信验证码登录。")
        how = (
            how.replace("%1", escape(str(done.get("name", ""))))
            .replace("%2", escape(str(done.get("app", ""))))
            .replace("%3", escape(str(done.get("phone", ""))))
        )
        self.text.setHtml(
            f"<p><b>{head}</b></p><p>{how}</p><p>"
            + self.tr("注册凭条正在打印，扫描凭条上的二维码即可打开网上办事大厅。")
            + "</p>"
        )

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.text = ReadableText()
        self.body.addWidget(self.text, 1)
        self.print_state = QtWidgets.QLabel()
        self.print_state.setWordWrap(True)
        self.body.addWidget(self.print_state)
        self.done_button = done = button(primary=True)
        done.clicked.connect(self.finished)
        self.buttons.addStretch(1)
        self.buttons.addWidget(done)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("注册完成"))
        self.text.setAccessibleName(self.tr("注册结果"))
        label(self.done_button, self.tr("完成"))

    def show_print(self, ok: bool, message: str) -> None:
        self.print_state.setText(say(message))

    def reset(self) -> None:
        super().reset()
        self.text.clear()
        self.print_state.clear()
