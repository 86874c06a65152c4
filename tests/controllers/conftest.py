"""Controller tests: no window, the workers inline (tests.helpers.inline)."""

from tests.helpers.inline import inline_workers

__all__ = ["inline_workers"]
