"""The console's pages: server-rendered (Jinja2), htmx for the parts that change in place, ECharts
for the charts — both served from the tree (static/vendor), no CDN: the halls' networks are
closed. Every page needs a signed-in console account; what a hall's manager sees is their hall,
an inspector sees every hall. Every POST carries the session's CSRF token (a form field, or the
X-CSRF-Token header htmx sends) and comes from this origin."""

from __future__ import annotations

import hmac
import json
import secrets
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import StrictUndefined

from central.base import PlatformError
from central.console.sessions import ConsoleSessions, Officer, SignInRefused
from central.platform import Platform
from central.releases import UPDATE_STATES
from core.clock import CST
from core.ports import DeviceState
from core.supervision.cases import CaseState, FollowUpResult, Outcome
from core.supervision.clock import PauseKind
from core.supervision.metrics import METRIC_BY_KEY, Channel, Dimension
from core.validators import mask_name

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
COOKIE = "hc_session"
LOGIN_COOKIE = "hc_login"
FORM_LIMIT = 64 << 10

#: the console's pages forbid what they do not need: no script but their own files, no
#: framing, no connection elsewhere
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
        " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self';"
        " base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

LEVELS = {"red": "红牌", "yellow": "黄牌", "missing": "日历缺失", "green": "正常"}
STATUS_LABELS = {
    "delivered": "已收件",
    "accepted": "已受理",
    "correction_requested": "待补正",
    "rejected": "不予受理",
    "completed": "已办结",
}


class NotSignedIn(Exception):
    pass


async def _form(request: Request) -> dict[str, str]:
    """A form's fields (application/x-www-form-urlencoded, at most 64 KiB)."""
    body = await request.body()
    if len(body) > FORM_LIMIT:
        raise PlatformError(413, "表单过大。")
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _period(request: Request, today: date) -> tuple[date, date]:
    """The period asked for (since/until), by default the last 30 days to today."""
    try:
        until = date.fromisoformat(request.query_params.get("until", "")) or today
    except ValueError:
        until = today
    try:
        since = date.fromisoformat(request.query_params.get("since", ""))
    except ValueError:
        since = until - timedelta(days=29)
    return (since, until) if since <= until else (until, until)


TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.undefined = StrictUndefined  # a name a page lacks is an error, not a blank


def _cst(stamp: str) -> str:
    """A platform timestamp (UTC, ISO) as the console shows it: Beijing time, to the minute."""
    try:
        return f"{datetime.fromisoformat(stamp).astimezone(CST):%Y-%m-%d %H:%M}"
    except ValueError:
        return stamp


TEMPLATES.env.filters["cst"] = _cst
TEMPLATES.env.globals.update(
    levels=LEVELS,
    status_labels=STATUS_LABELS,
    dimensions=list(Dimension),
    channels={c.value: c.label for c in Channel},
    pause_kinds=[(k.name.lower(), k.value) for k in PauseKind],
    outcomes=[(o.value, o.label) for o in Outcome],
    follow_ups=[(f.value, f.label) for f in FollowUpResult],
    case_states=[(s.value, s.label) for s in CaseState],
    device_names={
        "idcard": "身份证阅读器",
        "camera": "高拍仪",
        "review_pad": "评价器",
        "printer": "打印机",
    },
    device_states={s.value: s.label for s in DeviceState},
    update_states=UPDATE_STATES,
    #: a terminal's role on the fleet page
    terminal_roles={
        "kiosk": "自助终端",
        "counter": "窗口",
        "agent": "代办点",
        "display": "叫号屏",
    },
)


def _ranked(rows: list[dict[str, Any]], metric: str) -> list[dict[str, Any]]:
    """Rows with a figure for ``metric``, the highest first (排名); ties by name."""
    known = [r for r in rows if r["figures"][metric] is not None]
    return sorted(known, key=lambda r: (-r["figures"][metric], r["key"]))[:10]


def router(platform: Platform) -> APIRouter:
    sessions = ConsoleSessions(platform)
    templates = TEMPLATES
    api = APIRouter(include_in_schema=False)

    def officer_of(request: Request) -> Officer:
        found = sessions.officer(request.cookies.get(COOKIE, ""))
        if found is None:
            raise NotSignedIn
        return found

    def halls_for(officer: Officer, request: Request) -> str | None:
        """The hall a page looks at: the manager's own; an inspector's choice (all: None)."""
        if officer.hall is not None:
            return officer.hall
        return request.query_params.get("hall") or None

    def page(
        request: Request, name: str, officer: Officer | None, status: int = 200, **context: Any
    ) -> HTMLResponse:
        halls = [
            str(h)
            for (h,) in platform.db.conn.execute(
                "SELECT DISTINCT hall FROM terminals WHERE hall != '' ORDER BY hall"
            )
        ]
        response = templates.TemplateResponse(
            request,
            name,
            {
                "officer": officer,
                "halls": halls,
                "today": platform.china_now().date(),
                "query": dict(request.query_params),
                **context,
            },
            status_code=status,
        )
        response.headers.update(SECURITY_HEADERS)
        return response

    async def checked_form(request: Request, officer: Officer) -> dict[str, str]:
        """A POST's form, refused (403) without the session's CSRF token or from elsewhere."""
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
            raise PlatformError(403, "跨站请求被拒绝。")
        fields = await _form(request)
        given = request.headers.get("x-csrf-token") or fields.get("csrf", "")
        if not ConsoleSessions.csrf_ok(officer, given):
            sessions.audit(officer.actor, "csrf_refused", {"path": request.url.path})
            raise PlatformError(403, "页面已过期或请求来源无效，请刷新页面后重试。")
        return fields

    def visible(officer: Officer, official: str) -> dict[str, Any]:
        """The 办件 if the officer may see it (a manager: their hall's), else 404."""
        row = platform.db.conn.execute(
            "SELECT a.official_number, a.status, a.item_impl_code, a.doc, a.received_at,"
            " a.updated_at, t.hall, t.role, t.name, r.department"
            " FROM applications a LEFT JOIN terminals t ON t.id = a.terminal_id"
            " LEFT JOIN routes r ON r.official_number = a.official_number"
            " WHERE a.official_number = ?",
            (official,),
        ).fetchone()
        if row is None or (officer.hall is not None and row[6] != officer.hall):
            raise PlatformError(404, f"没有办件 {official}")
        o, status, impl, doc, received, updated, hall, role, terminal, department = row
        detail = json.loads(doc)
        applicant = detail.get("applicant") or {}
        decisions = detail.get("decisions") or []
        return {
            "official_number": o,
            "status": status,
            "item_impl_code": impl,
            "item_name": detail.get("item_name", ""),
            "applicant": mask_name(str(applicant.get("name", ""))) if applicant else "",
            "received_at": received,
            "updated_at": updated,
            "hall": hall or "",
            "channel": Channel(role).label if role in {c.value for c in Channel} else "",
            "terminal": terminal or "",
            "department": department or "",
            "decisions": decisions,
        }

    def clock_or_none(official: str) -> dict[str, Any] | None:
        try:
            return platform.legal_clock(official)
        except PlatformError:
            return None

    # --- sign-in --------------------------------------------------------------------------

    @api.get("/console/login")
    def login_page(request: Request) -> Response:
        token = secrets.token_urlsafe(24)
        response = page(request, "login.html", None, login_csrf=token)
        response.set_cookie(
            LOGIN_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            path="/console",
            secure=request.url.scheme == "https",
        )
        return response

    @api.post("/console/login")
    async def login(request: Request) -> Response:
        fields = await _form(request)
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not (expected and hmac.compare_digest(expected, fields.get("csrf", ""))):
            error = "登录页面已过期，请重新输入。"
        else:
            try:
                token = sessions.sign_in(fields.get("number", ""), fields.get("password", ""))
            except SignInRefused as e:
                error = e.message
            else:
                done = RedirectResponse("/console/", 303)
                done.set_cookie(
                    COOKIE,
                    token,
                    httponly=True,
                    samesite="strict",
                    path="/console",
                    secure=request.url.scheme == "https",
                )
                done.delete_cookie(LOGIN_COOKIE, path="/console")
                return done
        token = secrets.token_urlsafe(24)
        response = page(
            request,
            "login.html",
            None,
            status=401,
            login_csrf=token,
            error=error,
            number=fields.get("number", "")[:32],
        )
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/console")
        return response

    @api.post("/console/logout")
    async def logout(request: Request) -> Response:
        officer = officer_of(request)
        await checked_form(request, officer)
        sessions.sign_out(request.cookies.get(COOKIE, ""))
        sessions.audit(officer.actor, "sign_out")
        response = RedirectResponse("/console/login", 303)
        response.delete_cookie(COOKIE, path="/console")
        return response

    # --- pages ----------------------------------------------------------------------------

    @api.get("/console/")
    def overview(request: Request) -> Response:
        officer = officer_of(request)
        hall = halls_for(officer, request)
        today = platform.china_now().date()
        since, until = _period(request, today)
        platform.supervise_if_due()
        facts = platform.facts(hall, since, until)  # gathered once, split three ways
        figures = platform.statistics(hall, since, until, facts=facts)
        by_body = platform.statistics(hall, since, until, "body", facts=facts)
        by_window = platform.statistics(hall, since, until, "window", facts=facts)
        days = [since + timedelta(days=i) for i in range((until - since).days + 1)]
        trend = {
            "days": [d.strftime("%m-%d") for d in days],
            "series": [
                {
                    "name": channel.label,
                    "data": [
                        sum(
                            1
                            for a in facts.applications
                            if a.channel is channel and a.received == d
                        )
                        for d in days
                    ],
                }
                for channel in Channel
            ],
        }
        fleet = platform.fleet(hall).doc["terminals"]
        pool = platform.warning_pool(hall)
        return page(
            request,
            "overview.html",
            officer,
            hall=hall,
            since=since,
            until=until,
            figures=figures,
            rank_body=_ranked(by_body["rows"], "good_rate"),
            rank_window=_ranked(by_window["rows"], "overdue"),
            trend=trend,
            channel_pie=[
                {"name": c.label, "value": sum(1 for a in facts.applications if a.channel is c)}
                for c in Channel
            ],
            pool=pool[:10],
            reds=sum(1 for w in pool if w["level"] == "red"),
            yellows=sum(1 for w in pool if w["level"] == "yellow"),
            fleet_alive=sum(1 for t in fleet if not t["stale"]),
            fleet_total=len(fleet),
            open_cases=len([k for k in platform.case_list(hall=hall) if k["state"] != "closed"]),
        )

    @api.get("/console/warnings")
    def warnings(request: Request) -> Response:
        officer = officer_of(request)
        hall = halls_for(officer, request)
        platform.supervise_if_due()
        level = request.query_params.get("level", "")
        pool = [w for w in platform.warning_pool(hall) if not level or w["level"] == level]
        return page(request, "warnings.html", officer, hall=hall, pool=pool, level=level)

    @api.get("/console/applications")
    def applications(request: Request) -> Response:
        """The 办件 behind a figure (click-through from the statistics and the overview)."""
        officer = officer_of(request)
        hall = halls_for(officer, request)
        since, until = _period(request, platform.china_now().date())
        metric = request.query_params.get("metric", "volume")
        by = request.query_params.get("by", "")
        key = request.query_params.get("key", "")
        if metric not in METRIC_BY_KEY or by not in {"", *(d.value for d in Dimension)}:
            raise PlatformError(404, "没有这项统计。")
        officials = platform.statistics_members(hall, since, until, metric, by, key)
        rows = [visible(officer, o) for o in officials[:500]]
        clocks = {o: clock_or_none(o) for o in officials[:500]}
        return page(
            request,
            "applications.html",
            officer,
            hall=hall,
            metric=METRIC_BY_KEY[metric],
            by=Dimension(by) if by else None,
            key=key,
            since=since,
            until=until,
            rows=rows,
            clocks=clocks,
            total=len(officials),
        )

    @api.get("/console/applications/{official}")
    def application(request: Request, official: str) -> Response:
        officer = officer_of(request)
        found = visible(officer, official)
        progress = platform.db.conn.execute(
            "SELECT status, note, at FROM progress WHERE official_number = ? ORDER BY seq",
            (official,),
        ).fetchall()
        cases = [k for k in platform.case_list() if k["official_number"] == official]
        return page(
            request,
            "application.html",
            officer,
            app=found,
            progress=progress,
            clock=clock_or_none(official),
            cases=cases,
            records=platform.supervision_records(official),
        )

    @api.post("/console/applications/{official}/clock/{action}")
    async def clock_action(request: Request, official: str, action: str) -> Response:
        officer = officer_of(request)
        fields = await checked_form(request, officer)
        visible(officer, official)
        error = ""
        try:
            if action == "pause":
                platform.pause_clock(
                    official,
                    fields.get("kind", ""),
                    fields.get("reason", ""),
                    fields.get("notice", ""),
                    officer.actor,
                )
            elif action == "resume":
                platform.resume_clock(official, officer.actor)
            elif action == "extend":
                try:
                    days = int(fields.get("days", ""))
                except ValueError:
                    raise PlatformError(422, "请填写延期的工作日数。") from None
                platform.extend_clock(
                    official,
                    days,
                    fields.get("approver", ""),
                    fields.get("notice", ""),
                    officer.actor,
                )
            else:
                raise PlatformError(404, f"没有操作 {action}")
            done = {k: v for k, v in fields.items() if k != "csrf"}
            sessions.audit(officer.actor, f"clock_{action}", {"official_number": official, **done})
        except PlatformError as e:
            if e.status == 404:
                raise
            error = e.message
        if request.headers.get("hx-request"):
            return page(
                request,
                "_clock.html",
                officer,
                app={"official_number": official},
                clock=clock_or_none(official),
                error=error,
            )
        if error:
            raise PlatformError(422, error)
        return RedirectResponse(f"/console/applications/{official}", 303)

    @api.get("/console/cases")
    def cases(request: Request) -> Response:
        officer = officer_of(request)
        hall = halls_for(officer, request)
        state = request.query_params.get("state", "")
        overdue = request.query_params.get("overdue") == "1"
        found = platform.case_list(hall=hall, state=state, overdue=overdue)
        return page(
            request, "cases.html", officer, hall=hall, cases=found, state=state, overdue=overdue
        )

    def case_visible(officer: Officer, case_id: int) -> dict[str, Any]:
        found = platform.case(case_id)
        if officer.hall is not None and found["hall"] != officer.hall:
            raise PlatformError(404, f"没有差评件 {case_id}")
        return found

    @api.get("/console/cases/{case_id}")
    def case(request: Request, case_id: int) -> Response:
        officer = officer_of(request)
        return page(request, "case.html", officer, case=case_visible(officer, case_id))

    @api.post("/console/cases/{case_id}/{action}")
    async def case_action(request: Request, case_id: int, action: str) -> Response:
        officer = officer_of(request)
        fields = await checked_form(request, officer)
        case_visible(officer, case_id)
        step = {k: v for k, v in fields.items() if k != "csrf"}
        try:
            platform.case_step(case_id, action, step, officer.actor, inspector=officer.inspector)
        except PlatformError as e:
            if e.status == 404:
                raise
            return page(
                request,
                "case.html",
                officer,
                status=e.status,
                case=case_visible(officer, case_id),
                error=e.message,
                given=step,
            )
        return RedirectResponse(f"/console/cases/{case_id}", 303)

    @api.get("/console/statistics")
    def statistics_page(request: Request) -> Response:
        officer = officer_of(request)
        hall = halls_for(officer, request)
        since, until = _period(request, platform.china_now().date())
        by = request.query_params.get("by", "window")
        if by not in {d.value for d in Dimension}:
            by = "window"
        figures = platform.statistics(hall, since, until, by)
        chart = {
            "keys": [r["key"] for r in figures["rows"]],
            "volume": [r["figures"]["volume"] for r in figures["rows"]],
            "good_rate": [r["figures"]["good_rate"] for r in figures["rows"]],
        }
        link = {"since": since.isoformat(), "until": until.isoformat()}
        if hall is not None and officer.hall is None:
            link["hall"] = hall
        return page(
            request,
            "statistics.html",
            officer,
            hall=hall,
            since=since,
            until=until,
            by=Dimension(by),
            figures=figures,
            chart=chart,
            link=urlencode(link),
            enrolments=platform.enrolment_counts(hall, since, until),
        )

    @api.get("/console/fleet")
    def fleet(request: Request) -> Response:
        officer = officer_of(request)
        hall = halls_for(officer, request)
        terminals = platform.fleet(hall).doc["terminals"]
        return page(request, "fleet.html", officer, hall=hall, terminals=terminals)

    return api


def install(app: FastAPI, platform: Platform) -> None:
    """Adds the console to the platform's application: its pages, its static files, and the
    answers to a request without a session (to the sign-in page) or refused (a page saying
    why, not JSON)."""
    app.include_router(router(platform))
    app.mount("/console/static", StaticFiles(directory=str(STATIC)), name="console-static")

    @app.exception_handler(NotSignedIn)
    def not_signed_in(request: Request, e: NotSignedIn) -> Response:
        if request.headers.get("hx-request"):  # htmx: the whole page goes to the sign-in
            return Response(status_code=401, headers={"HX-Redirect": "/console/login"})
        return RedirectResponse("/console/login", 303)


def error_page(request: Request, e: PlatformError) -> Response:
    """A refusal on a console page, said on a page (the API's answers stay JSON)."""
    response = TEMPLATES.TemplateResponse(
        request,
        "error.html",
        {"officer": None, "halls": [], "query": {}, "status": e.status, "message": e.message},
        status_code=e.status,
    )
    response.headers.update(SECURITY_HEADERS)
    return response
