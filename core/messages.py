"""Words the terminal says to people, in Chinese, able to be said in another language.

The rules live in core and speak Chinese (zh_CN, the terminal's first language). A text a person
reads is made with :func:`tr`: it *is* the Chinese string (a ``str``: compared, logged, stored,
printed as before), and it remembers its template and arguments, so a user interface can say the
same thing in English (``common_qt.i18n.say`` looks the template up in the Qt translation and
fills in the arguments, themselves said in turn).

Qt's ``pyside6-lupdate`` finds every ``tr("…")`` call in the tree (context "", the one the
interfaces look them up in), so a template written here is in the translation file by the next
``make translations``. What is *not* made with ``tr`` — a service's name, a material, a citizen's
address — is data, shown as it was published or read.

    >>> m = tr("{label}不能超过{n}个字。", label="联系电话", n=20)
    >>> m
    '联系电话不能超过20个字。'
    >>> m.template, m.args["n"]
    ('{label}不能超过{n}个字。', 20)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Text(str):
    """A text for people: the Chinese, with the template and arguments it was made from."""

    __slots__ = ("args", "template")
    template: str
    args: Mapping[str, Any]

    def __new__(cls, template: str, args: Mapping[str, Any]) -> Text:
        self = super().__new__(cls, template.format(**args) if args else template)
        self.template = template
        self.args = dict(args)
        return self

    def __add__(self, other: str) -> Text:
        """Texts put together stay translatable: ``a + b`` says a, then b."""
        return Text("{_0}{_1}", {"_0": self, "_1": other})

    def __radd__(self, other: str) -> Text:
        return Text("{_0}{_1}", {"_0": other, "_1": self})

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.template, self.args))


def tr(template: str, **args: Any) -> Text:
    """The text ``template`` with ``{name}`` fields filled from ``args`` (str.format rules).

    ``template`` must be a literal, so that the translation tools find it."""
    return Text(template, args)
