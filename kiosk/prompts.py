"""What the kiosk says aloud on each step (spoken by common_qt.voice where a voice exists):
short, in the words of the page, what to do next."""

from __future__ import annotations

from common_qt.i18n import translate
from core.flows.kiosk import KioskStep


def prompt(step: KioskStep) -> str:
    """The spoken prompt of ``step`` ("" for none)."""
    return {
        KioskStep.WELCOME: translate("prompts", "您好，请选择要办理的业务。"),
        KioskStep.READ_CARD: translate("prompts", "请将身份证平放在感应区，读取完成前请不要移开。"),
        KioskStep.SEARCH: translate("prompts", "请输入或选择要办理的事项。"),
        KioskStep.GUIDE: translate("prompts", "这是办事指南，请查看需要的材料。"),
        KioskStep.FORM: translate("prompts", "请核对并填写申请信息。"),
        KioskStep.SCAN: translate("prompts", "请将材料平放在高拍仪下，保持不动即可自动拍摄。"),
        KioskStep.NOTICE: translate("prompts", "材料还不齐全，请取走一次性告知书。"),
        KioskStep.CONFIRM: translate("prompts", "请核对申请信息，确认后提交。"),
        KioskStep.RECEIPT: translate("prompts", "申请已提交，请取走回执。"),
        KioskStep.EVALUATE: translate("prompts", "请对本次服务进行评价。"),
        KioskStep.DONE: translate("prompts", "感谢您的使用，再见。"),
        KioskStep.QUERY: translate("prompts", "请输入回执编号，或放置身份证查询办理进度。"),
        KioskStep.QUERY_RESULT: translate("prompts", "这是办理进度。"),
        KioskStep.RATE_CODE: translate("prompts", "请输入要评价的办件的回执编号。"),
    }.get(step, "")
