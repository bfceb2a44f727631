"""Calendar arithmetic for resolution: months and ISO weeks, the news reading of a weekday or a
date without its year, holidays, and values counted from an anchor date.

Plain functions of dates; nothing here knows about mentions.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from .lexicon import FIXED_HOLIDAYS, UNIT_FACTORS

#: A weekday in future tense that is the publication weekday means the *next*
#: such day (DESIGN.md: "after it for future tense").  Set True to read it as
#: the same day instead ("is set to land on Monday" in a Monday article); the
#: three such cases in TBAQ and MEANTIME all mean the same day.
FUTURE_WEEKDAY_SAME_DAY = False

#: With no tense at all, a weekday up to this many days ahead is read as
#: coming, otherwise as past (3 would be simply the nearest; news leans to the
#: past: 2 was slightly better than 3 on TBAQ).
UNKNOWN_WEEKDAY_MAX_AHEAD = 2

#: With only a hint of direction, a date without its year takes the nearest
#: reading unless that lies more than this many days against the hint
#: ("payable Dec. 7" under a past verb in an October article is this December;
#: "the Oct. 23 attack" in a May article is last October).  On TBAQ, 60-180
#: days moved value accuracy by under 0.3 points; 120 was best.
WEAK_DIRECTION_DAYS = 120


def add_months(d: date, n: int) -> date:
    """The date ``n`` months after ``d`` (the day clipped to the month's length)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def iso_week(d: date) -> str:
    """The ISO week of a date as TIMEX3 writes it: "2025-W20"."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def pick(
    candidates: list[tuple[int, Any]],
    now: int,
    direction: int,
    offset: float | None,
    weak_window: float | None = None,
) -> Any:
    """Choose among (index, value) candidates by position relative to ``now``.

    offset -1: latest strictly before; +1: earliest strictly after; otherwise
    direction -1: latest on or before; +1: earliest on or after; 0: nearest
    (ties go to the past, the more common case in news).  With a
    ``weak_window``, the direction is a hint: the nearest candidate wins unless
    it lies against the direction by more than the window.
    """
    if weak_window is not None and direction and offset is None:
        near_i, near = min(candidates, key=lambda c: (abs(c[0] - now), c[0] > now))
        against = (near_i - now) * direction < 0
        if not against or abs(near_i - now) <= weak_window:
            return near
    if offset == -1:
        pool = [c for c in candidates if c[0] < now]
        return max(pool, key=lambda c: c[0])[1] if pool else None
    if offset == 1:
        pool = [c for c in candidates if c[0] > now]
        return min(pool, key=lambda c: c[0])[1] if pool else None
    if direction < 0:
        pool = [c for c in candidates if c[0] <= now]
        if pool:
            return max(pool, key=lambda c: c[0])[1]
    elif direction > 0:
        pool = [c for c in candidates if c[0] >= now]
        if pool:
            return min(pool, key=lambda c: c[0])[1]
    return min(candidates, key=lambda c: (abs(c[0] - now), c[0] > now))[1]


def weekday_date(anchor: date, weekday: int, direction: int, offset: float | None) -> date:
    """The news reading of a weekday name relative to the publication date."""
    aw = anchor.weekday()
    back = (aw - weekday) % 7
    fwd = (weekday - aw) % 7
    if offset == -1:
        return anchor - timedelta(days=back or 7)
    if offset == 1:
        return anchor + timedelta(days=fwd or 7)
    if direction < 0:
        return anchor - timedelta(days=back)
    if direction > 0:
        if fwd == 0 and not FUTURE_WEEKDAY_SAME_DAY:
            fwd = 7
        return anchor + timedelta(days=fwd)
    if back == 0:
        return anchor
    if fwd <= UNKNOWN_WEEKDAY_MAX_AHEAD:
        return anchor + timedelta(days=fwd)
    return anchor - timedelta(days=back)


def date_without_year(
    anchor: date, month: int, day: int, direction: int, weekday: int | None, weak: bool = False
) -> date | None:
    """The news reading of "June 2" (and "Monday, June 2"): the year before, of or after the
    anchor's that the direction points to, or ``None`` when no such day exists."""
    cands: list[tuple[int, date]] = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        cands.append((d.toordinal(), d))
    if not cands:
        return None
    if weekday is not None:
        matching = [c for c in cands if c[1].weekday() == weekday]
        if matching:
            cands = matching
    return pick(cands, anchor.toordinal(), direction, None, WEAK_DIRECTION_DAYS if weak else None)


def _easter(year: int) -> date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) given weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, year: int) -> date:
    """The date of a named holiday (a key of ``FIXED_HOLIDAYS`` or ``MOVING_HOLIDAYS``) in ``year``."""
    if name in FIXED_HOLIDAYS:
        mo, d = FIXED_HOLIDAYS[name]
        return date(year, mo, d)
    if name.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if name.startswith("easter"):
        return _easter(year)
    if name == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if name == "election day":  # US: the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    return _nth_weekday(year, 5, 0, -1)  # memorial day


def relative_value(anchor: date, unit: str, offset: float) -> str | None:
    """Value of "``offset`` ``unit``s from the anchor" at that unit's granularity."""
    n = int(round(offset))
    if unit in ("day", "night"):
        return (anchor + timedelta(days=n)).isoformat()
    if unit in ("week", "fortnight"):
        return iso_week(anchor + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit == "weekend":
        # "this weekend" is the weekend of the anchor's ISO week, "last weekend" the one before
        return iso_week(anchor + timedelta(weeks=n)) + "-WE"
    if unit == "month":
        return add_months(anchor, n).strftime("%Y-%m")
    if unit == "quarter":
        q = (anchor.month - 1) // 3 + n
        y, q = divmod(q, 4)
        return f"{anchor.year + y}-Q{q + 1}"
    if unit == "half":
        h = (anchor.month - 1) // 6 + n
        y, h = divmod(h, 2)
        return f"{anchor.year + y}-H{h + 1}"
    if unit == "year":
        return f"{anchor.year + n:04d}"
    if unit == "decade":
        return str(anchor.year // 10 + n)
    if unit == "century":
        return f"{anchor.year // 100 + n:02d}"
    if unit in ("hour", "minute", "second"):
        return anchor.isoformat()
    return None


def weekend_value(anchor: date, direction: int) -> str:
    """ "the weekend": the last one in past tense, the coming one in future tense,
    otherwise the nearer (early in the week: the one just gone)."""
    wd = anchor.weekday()
    if wd >= 5:
        return iso_week(anchor) + "-WE"
    if direction < 0 or (direction == 0 and wd <= 2):
        return iso_week(anchor - timedelta(weeks=1)) + "-WE"
    return iso_week(anchor) + "-WE"


def ago_value(anchor: date, unit: str, offset: float) -> str | None:
    """ "two years ago": the date reached, at the granularity of the unit."""
    if unit in ("decade", "century", "millennium"):
        years = offset * UNIT_FACTORS[unit]
        return f"{anchor.year + int(round(years)):04d}"
    if unit == "year" and offset != int(offset):
        return add_months(anchor, int(round(offset * 12))).strftime("%Y-%m")
    return relative_value(anchor, unit, offset)
