"""Settings the platform pushes (core.pushed): what a running terminal applies, within bounds;
everything else said, not applied."""

from __future__ import annotations

from core.pushed import Pushed, pushed


def test_values_within_their_bounds_are_applied() -> None:
    assert pushed(
        {
            "sync_interval": 60,
            "idle_timeout_seconds": 120,
            "idle_warning_seconds": 15.5,
            "language": "en",
        }
    ) == Pushed(sync_interval=60.0, idle_timeout=120.0, idle_warning=15.5, language="en")
    assert pushed({}) == Pushed()


def test_out_of_bounds_wrong_types_and_unknown_keys_are_said_not_applied() -> None:
    p = pushed(
        {
            "sync_interval": 2,
            "idle_timeout_seconds": True,
            "idle_warning_seconds": 20,
            "language": "fr",
            "hall_name": "新大厅",
            "notice": "本周六正常办公",
        }
    )
    assert p == Pushed(idle_warning=20.0, refused=p.refused, ignored=("hall_name", "notice"))
    said = "\n".join(p.refused)
    for key in ("sync_interval: 2", "idle_timeout_seconds: True", "language: 'fr'"):
        assert key in said, said
    assert len(p.refused) == 3
    # a warning that does not come before the time-out: neither is applied
    q = pushed({"idle_timeout_seconds": 60, "idle_warning_seconds": 60})
    assert (q.idle_timeout, q.idle_warning) == (None, None)
    assert "not less than" in q.refused[0]
