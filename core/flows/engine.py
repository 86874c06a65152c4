"""A small step-map engine.

A :class:`StepMap` names steps; each :class:`Step` says how to take an intent's payload into
the journey's state (``accept``, which validates and may raise) and which step follows
(``next``: a name, or a function of the state). A :class:`Journey` walks one map with one
state object, keeps a back stack, and wipes everything on cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from core.errors import IllegalTransition

S = TypeVar("S")

Accept = Callable[[S, Any], None]
Next = str | Callable[[S], str]


@dataclass(frozen=True)
class Step(Generic[S]):
    """One screen's worth of decision.

    Attributes:
        label: Chinese label shown in the progress indicator.
        accept: takes the intent's payload into the state; raises a HallError to refuse.
        next: the following step, fixed or decided from the state; None on the last step.
        can_go_back: False where going back would make no sense (after submitting).
    """

    label: str
    accept: Accept[S] | None = None
    next: Next[S] | None = None
    can_go_back: bool = True


@dataclass(frozen=True)
class StepMap(Generic[S]):
    start: str
    steps: dict[str, Step[S]]
    trail: tuple[str, ...] = ()  # the main path, for the progress indicator

    def __post_init__(self) -> None:
        if self.start not in self.steps:
            raise ValueError(f"start step {self.start!r} not in map")
        for name, step in self.steps.items():
            if isinstance(step.next, str) and step.next not in self.steps:
                raise ValueError(f"step {name!r} leads to unknown step {step.next!r}")
        for name in self.trail:
            if name not in self.steps:
                raise ValueError(f"trail names unknown step {name!r}")


@dataclass
class Journey(Generic[S]):
    """One walk through a step map.

    Args:
        step_map: the map to walk.
        new_state: builds an empty state; called at start and on every cancel (full wipe).
    """

    step_map: StepMap[S]
    new_state: Callable[[], S]
    state: S = field(init=False)
    current: str = field(init=False)
    _back: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.state = self.new_state()
        self.current = self.step_map.start

    @property
    def step(self) -> Step[S]:
        return self.step_map.steps[self.current]

    @property
    def finished(self) -> bool:
        return self.step.next is None

    @property
    def previous(self) -> str | None:
        """The step :meth:`back` would return to (None at the start)."""
        return self._back[-1] if self._back else None

    @property
    def can_go_back(self) -> bool:
        return bool(self._back) and self.step.can_go_back

    def advance(self, payload: Any = None) -> str:
        """Accepts the payload for the current step and moves on.

        Returns:
            The name of the new current step.

        Raises:
            HallError: from the step's ``accept``; the journey stays where it was.
            IllegalTransition: the current step is the last one.
        """
        step = self.step
        if step.next is None:
            raise IllegalTransition(f"{self.current!r} is the last step")
        if step.accept is not None:
            step.accept(self.state, payload)
        target = step.next if isinstance(step.next, str) else step.next(self.state)
        if target not in self.step_map.steps:
            raise ValueError(f"step {self.current!r} chose unknown step {target!r}")
        self._back.append(self.current)
        self.current = target
        return target

    def back(self) -> str:
        if not self.can_go_back:
            raise IllegalTransition(f"cannot go back from {self.current!r}")
        self.current = self._back.pop()
        return self.current

    def cancel(self) -> None:
        """Ends the journey and wipes everything it held (idle timeout, cancel button)."""
        self.state = self.new_state()
        self.current = self.step_map.start
        self._back.clear()

    def progress(self) -> tuple[int, int]:
        """(position, total) on the map's trail; position is of the last trail step passed."""
        trail = self.step_map.trail
        if not trail:
            return (0, 0)
        seen = [*self._back, self.current]
        position = max((trail.index(s) + 1 for s in seen if s in trail), default=0)
        return (position, len(trail))
