"""The kiosk's journeys and their steps, named — all a screen needs to know of the journey
to be drawn: the welcome screen shows before the rest of the kiosk is loaded (kiosk.first),
so what it imports stays small (core.flows.kiosk, the journey's rules, re-exports these)."""

from __future__ import annotations

import enum


class KioskMode(enum.Enum):
    APPLY = "apply"  # 我要办事
    QUERY = "query"  # 进度查询
    GUIDE = "guide"  # 打印办事指南: find an item and print its guide
    RATE = "rate"  # 服务评价: rate an earlier application by its receipt code (一次一评)
    TICKET = "ticket"  # 取号: a number for the hall's queue
    CHECK_IN = "check_in"  # 预约签到: an appointment of today checked in, called first
    ENROL = "enrol"  # 网上注册: the portal's account for the card's person (引导网上注册)


class KioskStep(enum.StrEnum):
    """The kiosk journey's steps (pages render one each)."""

    WELCOME = "welcome"
    READ_CARD = "read_card"
    SEARCH = "search"
    GUIDE = "guide"
    AUTHORISE = "authorise"  # 授权用证: the citizen's licences for this item, yes or no
    FORM = "form"
    SCAN = "scan"
    NOTICE = "notice"
    CONFIRM = "confirm"
    RECEIPT = "receipt"
    EVALUATE = "evaluate"
    DONE = "done"
    QUERY = "query"
    QUERY_RESULT = "query_result"
    RATE_CODE = "rate_code"
    QUEUE_CATEGORY = "queue_category"
    APPOINTMENTS = "appointments"
    TICKET = "ticket"
    ENROL_PHONE = "enrol_phone"  # the mobile the code goes to
    ENROL_CODE = "enrol_code"  # the code from the SMS
    ENROL_DONE = "enrol_done"  # the account, and its slip


class Wants(enum.Flag):
    """The devices a step wants awake (each page declares its own: kiosk/pages/base.py)."""

    NOTHING = 0
    CARD = enum.auto()  # the ID card reader polls: a card on it answers the step
    CAMERA = enum.auto()  # the document camera's live view, capturing pages by itself
    CODES = enum.auto()  # the camera watches for a receipt's QR code
