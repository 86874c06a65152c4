"""The exception hierarchy of Hall Terminal.

Every error raised across a package boundary is a :class:`HallError`. Library errors
(pyserial, requests, sqlite3, OpenCV) are translated at the boundary that catches them.

Two questions are decidable by class alone:

* *Is it worth retrying?* :class:`TransientError` (network down, device busy, platform 5xx)
  may succeed later unchanged; :class:`PermanentError` (bad input, a 4xx validation answer,
  an expired card) will not, and needs a person.
* *What does the user read?* ``user_message`` is Chinese text that says what happened and what
  to do next; ``str(error)`` is the technical detail for the log, never shown to a citizen.

    HallError
    ├── TransientError
    │   ├── DeviceUnavailable      device unplugged, busy or timed out
    │   ├── CardUnreadable         the card moved or a read glitched: place it again
    │   ├── NetworkError           connection refused/reset, timeout, platform 5xx/429
    │   └── StoreBusy              another connection holds the store's write lock
    └── PermanentError
        ├── ValidationError        user or form input that breaks a rule (field errors)
        │   ├── InvalidIdNumber
        │   ├── CardExpired
        │   └── SignInRefused      a staff sign-in refused (password, lockout, role)
        ├── SettingsError          a configuration file that cannot be used
        ├── IllegalTransition      a status change the state machine forbids
        ├── DeviceFault            a device answered with an error it will repeat
        ├── CardRejected           the reader says the card is not a valid identity card
        ├── ProtocolError          malformed bytes from a device or the platform
        ├── RejectedByPlatform     4xx: the platform refused the content
        └── StorageError           the local store is unusable (disk full, corrupt)
            ├── MasterKeyMissing   no master key file where the settings say
            └── WrongMasterKey     the master key does not open this store
"""

from __future__ import annotations

from collections.abc import Mapping

from core.messages import tr


class HallError(Exception):
    """Base of every Hall Terminal error.

    Args:
        detail: technical description for the log (English, may name files, bytes, codes).
        user_message: what the user reads (Chinese first); a generic text when omitted.
    """

    default_user_message = tr("系统出现问题，请联系工作人员。")

    def __init__(self, detail: str, *, user_message: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.user_message = user_message or self.default_user_message

    @property
    def transient(self) -> bool:
        """True when the same operation may succeed later unchanged."""
        return isinstance(self, TransientError)


class TransientError(HallError):
    """May succeed if retried later: do not bother a person yet."""

    default_user_message = tr("暂时无法完成，请稍后再试。")


class PermanentError(HallError):
    """Will fail again unchanged: needs different input or a person."""


class DeviceUnavailable(TransientError):
    default_user_message = tr("设备暂时不可用，请稍候或联系工作人员。")


class CardUnreadable(TransientError):
    default_user_message = tr("读卡失败，请将证件放稳后重试。")


class NetworkError(TransientError):
    default_user_message = tr("网络暂时不通，资料已保存在本机，恢复后会自动上报。")


class ValidationError(PermanentError):
    """Input that breaks a rule.

    Args:
        field_errors: field name → Chinese message, for forms with several fields.
    """

    default_user_message = tr("填写的内容有误，请检查后重试。")

    def __init__(
        self,
        detail: str,
        *,
        user_message: str | None = None,
        field_errors: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail, user_message=user_message)
        self.field_errors: dict[str, str] = dict(field_errors or {})


class InvalidIdNumber(ValidationError):
    default_user_message = tr("证件号码无效，请核对后重新输入。")


class CardExpired(ValidationError):
    default_user_message = tr("您的证件已过有效期，请使用有效证件办理。")


class SettingsError(PermanentError):
    default_user_message = tr("终端配置有误，请联系技术人员。")


class IllegalTransition(PermanentError):
    default_user_message = tr("当前状态下不能进行此操作。")


class DeviceFault(PermanentError):
    default_user_message = tr("设备故障，请联系工作人员。")


class CardRejected(PermanentError):
    """The card itself failed (authentication, wrong type); the reader is fine."""

    default_user_message = tr("无法读取此证件，请确认是有效的身份证件。")


class ProtocolError(PermanentError):
    default_user_message = tr("设备或平台返回了无法识别的数据，请联系技术人员。")


class RejectedByPlatform(PermanentError):
    default_user_message = tr("平台未接收该申请，请联系工作人员处理。")


class StorageError(PermanentError):
    default_user_message = tr("本机存储出现问题（可能空间已满），请联系技术人员。")


class MasterKeyMissing(StorageError):
    default_user_message = tr("未找到本机数据密钥文件，请联系技术人员。")


class WrongMasterKey(StorageError):
    default_user_message = tr("本机数据密钥与数据不匹配（密钥错误），请联系技术人员。")


class AlreadyRunning(StorageError):
    """Another instance of the app holds this terminal's data folder."""

    default_user_message = tr(
        "本终端程序已在运行（同一数据目录只能运行一个），请使用已打开的窗口，或关闭后再启动。"
    )


class StoreBusy(TransientError):
    default_user_message = tr("本机存储正忙，请稍候再试。")


class SignInRefused(ValidationError):
    """A staff sign-in refused: wrong password, locked, disabled, or not allowed here."""

    default_user_message = tr("工号或密码错误。")
