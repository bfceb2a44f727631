"""What a rule handler sees besides its match, and the helpers every handler uses."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import POSITION_MODS
from .parse import norm
from .records import Reading


@dataclass(frozen=True)
class Context:
    """What a handler may look at besides its match."""

    text: str
    in_ent: bool  # the match lies inside a spaCy DATE/TIME entity

    def before(self, pos: int, n: int = 1) -> list[str]:
        """The ``n`` words before ``pos``, lowercased, nearest last."""
        words = re.findall(r"[\w'$.-]+|[,;:]", self.text[max(0, pos - 60) : pos])
        return [w.lower() for w in words[-n:]]

    def after(self, pos: int, n: int = 1) -> list[str]:
        words = re.findall(r"[\w'$.-]+|[,;:]", self.text[pos : pos + 60])
        return [w.lower() for w in words[:n]]


#: A rule handler: a match and its context to a :class:`Reading`, or ``None`` for no time expression.
Handler = Callable[[re.Match[str], Context], Reading | None]


def group_text(m: re.Match[str], name: str) -> str:
    """A named group's text, "" when the group is absent or did not take part."""
    try:
        return m.group(name) or ""
    except IndexError:
        return ""


def position_mod(s: str | None) -> str | None:
    """TIMEX3 mod for "early", "late", "mid-", "the end of"..."""
    if not s:
        return None
    key = norm(s)
    return POSITION_MODS.get(key) or POSITION_MODS.get(key.rstrip("-"))

