"""Month and weekday names: the one definition every stage derives its own list from.

Ground floor: imports nothing from newsprism.  Names are lowercase; a stage that
matches only capitalised names ("May" the month, not "may" the verb) builds its
pattern with :func:`alternation`.  Stages that leave words out do so where they use
them (``set(MONTH_NAMES) - {"may"}``), so what each leaves out stays visible there.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "MONTHS",
    "MONTH_ABBREVS",
    "MONTH_NAMES",
    "WEEKDAYS",
    "WEEKDAY_ABBREVS",
    "WEEKDAY_NAMES",
    "alternation",
]

#: Month names in calendar order.
MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip

#: Abbreviated month names (without their full stop) and their month number, in calendar
#: order.  "may" has none; September has two ("sep" and "sept").
MONTH_ABBREVS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

#: Month name or abbreviation -> month number (1-12); each name is followed by its
#: abbreviations, in calendar order.
MONTHS: dict[str, int] = {
    word: number
    for number, name in enumerate(MONTH_NAMES, 1)
    for word in (name, *(a for a, n in MONTH_ABBREVS.items() if n == number))
}

#: Weekday names, Monday first (as :meth:`datetime.date.weekday` counts).
WEEKDAY_NAMES: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip

#: Weekday name -> 0 (Monday) .. 6 (Sunday); full names only.
WEEKDAYS: dict[str, int] = {name: number for number, name in enumerate(WEEKDAY_NAMES)}

#: Abbreviated weekday names (as in date lines: "Thu, 15 May 2025") -> 0..6.
WEEKDAY_ABBREVS: dict[str, int] = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}  # fmt: skip


def alternation(words: Iterable[str], *, capitalise: bool = False) -> str:
    """``"a|b|c"`` for a regular expression, in the order given (no group around it).

    ``capitalise`` writes "January" for "january", for patterns that match case-sensitively.
    The words are letters only, so nothing needs escaping.
    """
    return "|".join(w.capitalize() if capitalise else w for w in words)
