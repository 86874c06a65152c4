"""The review pad's rules without a window: one invitation at a time, one rating an
application (一次一评), each rating recorded bound to its application, and the clerk told only
that the applicant rated — never what."""

from __future__ import annotations

from pathlib import Path

from core.evaluation import Satisfaction
from core.ports import PadOutcome, PadResult
from core.staff import StaffMember, StaffRole
from counter.panels.pad import PadController
from devices.pad.session import PadSession
from tests.helpers.inline import InlineWorker
from tests.helpers.keys import accepted_application, counter_terminal
from tests.helpers.pads import AnsweringPad


def test_a_rating_is_recorded_once_for_its_application_and_never_shown(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    terminal = counter_terminal(tmp_path / "store.sqlite")
    decided = accepted_application(terminal)
    pad = AnsweringPad(
        PadResult(PadOutcome.RATED, Satisfaction.VERY_DISSATISFIED, ("工作人员态度不好",))
    )
    worker = InlineWorker("store", setup=terminal.open)
    said: list[str] = []
    c = PadController(
        worker,  # type: ignore[arg-type]
        PadSession(pad),
        clerk=lambda: StaffMember("A0123", "王芳", StaffRole.CLERK),
        window_name="3号窗口",
    )
    c.said.connect(said.append)
    c.start()
    try:
        with qtbot.waitSignal(c.inviting, check_params_cb=lambda on: not on, timeout=5000):
            c.invite("居民身份证申领", decided)
        evaluation = c.last_evaluation
        assert evaluation is not None
        assert evaluation.application_id == decided
        assert evaluation.satisfaction is Satisfaction.VERY_DISSATISFIED
        assert (evaluation.staff_id, evaluation.window) == ("A0123", "3号窗口")
        [invitation] = pad.invitations
        assert (invitation.staff_name, invitation.item_name) == ("王芳", "居民身份证申领")
        assert said[-1] == "申请人已评价（已保存，将上报平台）"
        assert not any("不满意" in s for s in said)  # what was rated is the citizen's
        # the worklist's 邀请评价 on the same application: 一次一评, the pad is not asked
        with terminal.open() as ops:
            [row] = [r for r in ops.worklist().rows if r.local_id == decided]
        c.invite_selected(row)
        assert said[-1] == "该办件已评价（一次一评）。"
        assert len(pad.invitations) == 1
        c.invite_selected(None)
        assert said[-1] == "请先办理或在办件列表中选择要评价的办件。"
    finally:
        assert c.pad is not None
        c.pad.stop(3)
        worker.stop()
