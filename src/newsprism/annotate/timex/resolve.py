"""Step 2: a :class:`TimeMention` to a TIMEX3 value against an anchor (publication) date.

The news rules that ``dateparser`` gets wrong live here: "said on Friday" in a Friday article is
that Friday, "will meet on Monday" is the next Monday, "June 2" takes the year the tense points
to; :func:`resolve_all` follows the story's own date for "the next day" and bare clock times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .calendar import (
    WEAK_DIRECTION_DAYS,
    add_months,
    ago_value,
    date_without_year,
    holiday_date,
    iso_week,
    pick,
    relative_value,
    weekday_date,
    weekend_value,
)
from .lexicon import SEASON_START
from .patterns import dateparser_ok
from .records import TimeMention

#: A weekday whose future tense is only a hint ("Wednesday's ruling" under
#: "would") is read as the nearest such day when True, in the hinted direction
#: when False.  A past hint is always followed (see ``_weekday_direction``).
WEAK_WEEKDAY_NEAREST = True


def _weekday_direction(m: TimeMention) -> int:
    """The direction a weekday is resolved in.  A future tense that only hints ("would appeal
    Wednesday's ruling") gives the nearest such day; a past one is kept ("conceded the race
    on Saturday", where the parser hung the day on the noun): in TBAQ, 0 of 63 weekdays
    under a weak past hint lie after the document date, 3 of 10 under a weak future one
    lie before it."""
    if m.weak and WEAK_WEEKDAY_NEAREST and m.direction > 0:
        return 0
    return m.direction


def _period_value(m: TimeMention, anchor: date | None) -> str | None:
    part = m.part or ""
    if m.unit == "quarter" and not part and m.offset is not None and anchor:
        return relative_value(anchor, "quarter", m.offset)
    if m.year is not None:
        return f"{m.year}-{part}"
    if anchor is None:
        return f"XXXX-{part}"
    if m.offset is not None and m.unit == "year":
        return f"{anchor.year + m.offset}-{part}"
    if part.startswith(("Q", "H")):
        size = 3 if part[0] == "Q" else 6
        n = int(part[1])
        cands = []
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            cands.append(((y * 12 + (n - 1) * size), f"{y}-{part}"))
        now = anchor.year * 12 + anchor.month - 1
        if m.direction > 0 and not m.weak:
            # future: this year's unless it ended before the last period
            # ("will report third-quarter results" in October is this year's Q3)
            return pick(cands, now - 2 * size + 1, 1, None)
        # past or unknown: the latest such period that has begun
        return pick(cands, now, -1, None)
    if part in SEASON_START:
        start = SEASON_START[part]
        cands = []
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            idx = (y - 1) * 12 + start - 1 if part == "WI" else y * 12 + start - 1
            cands.append((idx, f"{y}-{part}"))
        now = anchor.year * 12 + anchor.month - 1
        # the season the anchor is in counts as "on or before"/"on or after"
        current = [c for c in cands if c[0] <= now < c[0] + 3]
        if m.offset == 0 or (m.offset is None and current and m.direction == 0):
            return current[0][1] if current else pick(cands, now, 0, None)
        if current and m.offset is None:
            return current[0][1]
        if m.offset == -1:  # "last summer": the latest one that has ended
            ended = [c for c in cands if c[0] + 3 <= now]
            return max(ended)[1] if ended else None
        return pick(cands, now, m.direction, m.offset)
    return None


def _anaphoric_value(m: TimeMention, anchor: date | None, ref: date | None) -> str | None:
    """ "the same day", "the next morning", "that year", "the previous Friday": relative to
    the story's last full date (``ref``); without one, only "same/that" falls back to the anchor."""
    base = ref
    if base is None:
        if m.offset not in (0, None) and m.unit != "weekday":
            return None
        base = anchor
    if base is None or m.unit is None:
        return None
    offset = int(m.offset or 0)
    if m.unit == "weekday":
        return weekday_date(base, m.weekday or 0, -1, -1 if offset < 0 else None).isoformat()
    if m.unit == "day":
        day = (base + timedelta(days=offset)).isoformat()
        return f"{day}T{m.part}" if m.part else day
    return relative_value(base, m.unit, offset)


def _date_part(m: TimeMention, anchor: date | None, ref: date | None = None) -> str | None:
    """The day of a day-level mention (used alone and under clock times).

    A clock time with no day of its own ("at 10 p.m.") takes the story's last
    full date ``ref`` when there is one, else the anchor.
    """
    if m.month is not None and m.day is not None:
        if m.year is not None:
            return f"{m.year:04d}-{m.month:02d}-{m.day:02d}"
        if anchor is None:
            return f"XXXX-{m.month:02d}-{m.day:02d}"
        d = date_without_year(anchor, m.month, m.day, m.direction, m.weekday, m.weak)
        return d.isoformat() if d else None
    if m.weekday is not None:
        if anchor is None:
            return None
        direction = _weekday_direction(m)
        return weekday_date(anchor, m.weekday, direction, m.offset).isoformat()
    if m.offset is not None and m.unit == "day":
        return None if anchor is None else (anchor + timedelta(days=int(m.offset))).isoformat()
    base = ref or anchor
    return None if base is None else base.isoformat()


def _holiday_value(m: TimeMention, anchor: date | None) -> str | None:
    name = m.part or ""
    if m.year is not None:
        return holiday_date(name, m.year).isoformat()
    if anchor is None:
        return None
    cands = [
        (d.toordinal(), d)
        for d in (holiday_date(name, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1))
    ]
    d = pick(cands, anchor.toordinal(), m.direction, m.offset)
    return d.isoformat() if d else None


def _duration_anchor(m: TimeMention, anchor: date | None) -> str | None:
    """The date a duration reaches from the anchor ("more than three years" -> anchor - 3y)."""
    if anchor is None or not m.reach or not m.duration:
        return None
    mt = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", m.duration)
    if not mt or not any(mt.groups()):
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in mt.groups())
    sign = m.reach
    try:
        d = add_months(anchor, sign * (12 * years + months))
        d = d + timedelta(days=sign * (7 * weeks + days))
    except (ValueError, OverflowError):
        return None  # beyond year 1..9999: "two thousand years"
    return d.isoformat()


@lru_cache(maxsize=64)
def _date_data_parser(anchor: date | None, prefer: str) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser_value(text: str, anchor: date | None, direction: int) -> str | None:
    """dateparser on an explicit string our rules did not cover, at its own granularity."""
    if not dateparser_ok(text):
        return None
    prefer = {-1: "past", 1: "future"}.get(direction, "current_period")
    try:
        data = _date_data_parser(anchor, prefer).get_date_data(text)
    except Exception:  # dateparser raises many kinds of error on odd strings
        return None
    d = data.date_obj if data else None
    if d is None:
        return None
    has_year = bool(re.search(r"\d{4}", text))
    if anchor is None and not has_year:
        return None
    period = data.period or "day"
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        return iso_week(d.date())
    if period == "time":
        return d.strftime("%Y-%m-%dT%H:%M")
    return d.date().isoformat()


def _resolve_value(m: TimeMention, anchor: date | None, ref: date | None) -> str | None:
    k = m.kind
    if k in ("ref", "set", "decade", "century"):
        return m.value
    if k == "duration":
        return m.duration
    if k == "year":
        return f"{m.year:04d}" if m.year is not None else None
    if k == "date":
        day = _date_part(m, anchor)
        if m.unit == "week" and day and not day.startswith("X"):
            return iso_week(date.fromisoformat(day))
        return day
    if k == "weekday":
        if anchor is None:
            return None
        direction = _weekday_direction(m)
        d = weekday_date(anchor, m.weekday or 0, direction, m.offset)
        return d.isoformat() + (f"T{m.part}" if m.part else "")
    if k == "month":
        if m.year is not None:
            return f"{m.year:04d}-{m.month:02d}"
        if anchor is None or m.month is None:
            return None
        if m.unit == "year" and m.offset is not None:  # "June last year"
            return f"{anchor.year + m.offset:04d}-{m.month:02d}"
        if m.offset == 0:
            return f"{anchor.year:04d}-{m.month:02d}"
        cands = [
            ((y * 12 + m.month - 1), f"{y:04d}-{m.month:02d}")
            for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        ]
        window = WEAK_DIRECTION_DAYS / 30 if m.weak else None
        return pick(cands, anchor.year * 12 + anchor.month - 1, m.direction, m.offset, window)
    if k == "relative":
        if anchor is None or m.unit is None:
            return None
        if m.unit == "weekend" and m.offset is None:  # "the weekend"
            return weekend_value(anchor, 0 if m.weak else m.direction)
        if m.offset is None:
            return None
        v = relative_value(anchor, m.unit, m.offset)
        if v and m.part and m.unit == "day":
            v += f"T{m.part}"
        return v
    if k == "ago":
        if anchor is None or m.unit is None or m.offset is None:
            return None
        return ago_value(anchor, m.unit, m.offset)
    if k == "period":
        return _period_value(m, anchor)
    if k == "holiday":
        return _holiday_value(m, anchor)
    if k == "anaphoric":
        return _anaphoric_value(m, anchor, ref)
    if k == "time":
        day = _date_part(m, anchor, ref)
        if day is None:
            return None
        if m.hour is not None:
            return f"{day}T{m.hour:02d}:{m.minute or 0:02d}"
        return f"{day}T{m.part}" if m.part else day
    if k == "fallback":
        return _dateparser_value(m.text, anchor, m.direction)
    return None


def resolve(
    mention: TimeMention, anchor: date | None, ref: date | None = None
) -> tuple[str | None, str | None, str | None]:
    """``(value, anchor_value, mod)`` of a mention against the publication date.

    ``value`` is a TIMEX3 value ("2025-05-16", "2025-05", "2025-W20", "P3Y",
    "PRESENT_REF"...), or ``None`` when it needs an anchor and has none
    (explicit dates still resolve; a date without its year becomes
    "XXXX-05-16").  ``anchor_value`` is the date reached from the anchor by a
    duration that ends or starts there ("more than three years" -> three years
    before), or the start point of "since December 2019".  ``mod`` is the
    TIMEX3 modifier, "ON_OR_AFTER" for "since ..." and "ON_OR_BEFORE" for
    "until ..." when the expression has none of its own.

    ``ref`` is the story's current date, for expressions that count from the
    story rather than from the publication ("the next day", "that year", a bare
    "at 10 p.m."); :func:`resolve_all` tracks it along an article.
    """
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    value = _resolve_value(mention, anchor, ref)
    anchor_value: str | None = None
    mod = mention.mod
    if mention.kind == "duration":
        anchor_value = _duration_anchor(mention, anchor)
    elif mention.since and value is not None:
        anchor_value = value
    if mod is None and value is not None and mention.type != "DURATION":
        if mention.since:
            mod = "ON_OR_AFTER"
        elif mention.until:
            mod = "ON_OR_BEFORE"
    return value, anchor_value, mod


#: Kinds whose full-date value moves the story's current date forward.
STORY_DATE_KINDS = frozenset({"date", "weekday", "relative", "holiday", "time", "anaphoric"})


def resolve_all(
    mentions: Sequence[TimeMention], anchor: date | None
) -> list[tuple[str | None, str | None, str | None]]:
    """:func:`resolve` for an article's mentions in text order, tracking story time.

    After each mention that names a day ("on Oct. 23", "yesterday"), that day
    becomes the reference for later anaphoric ones ("the next day", "that
    morning") and for clock times without a day; a date that only modifies a noun
    ("the July 25 call", ``TimeMention.nominal``) does not.
    """
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    ref: date | None = None
    out = []
    for m in sorted(mentions, key=lambda x: x.start):
        res = resolve(m, anchor, ref)
        out.append((m.start, res))
        value = res[0]
        if (m.kind in STORY_DATE_KINDS and not m.nominal and value
                and re.match(r"\d{4}-\d{2}-\d{2}", value)):
            ref = date.fromisoformat(value[:10])
    by_start = dict(out)
    return [by_start[m.start] for m in mentions]
