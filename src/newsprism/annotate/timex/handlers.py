"""Rule handlers for expressions that name their own point in time.

Explicit and partial dates ("June 2, 2025", "May 16", "6/2/2025"), months, years, decades,
centuries, weekdays, quarters, halves, seasons, holidays and clock times.  Each handler reads
one regular-expression match (see the rule table in :mod:`.candidates`) and returns its parts,
or ``None`` when the match is not a time expression after all ("may" the verb, "Jan Kavan").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date

from .context import Context, group_text, position_mod
from .lexicon import (
    AMBIGUOUS_MONTHS,
    DAY_PARTS,
    MAX_YEAR,
    MIN_YEAR,
    MONTH_CUES,
    NUMBER_WORDS,
    NUMBERED_THINGS,
    ORDINAL_WORDS,
    SEASONS,
    YEAR_CUES,
)
from .parse import capitalised, month_num, norm, parse_number, weekday_num
from .patterns import FLAGS
from .records import Reading


def read_full_date(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "June 2", "Monday, June 2, 2025", "16 May 2025", "the fifth of May": a day."""
    mon = group_text(m, "mon")
    if not capitalised(mon):
        return None
    month = month_num(mon)
    dtext = group_text(m, "day") or group_text(m, "dayw")
    if not dtext or month is None:
        return None
    dnorm = dtext.lower()
    day = ORDINAL_WORDS.get(dnorm) or int(re.sub(r"\D", "", dnorm) or 0)
    year = int(group_text(m, "year")) if group_text(m, "year") else None
    if not 1 <= day <= 31 or day > calendar.monthrange(year or 2024, month)[1]:
        return None
    wd = group_text(m, "wd")
    if wd and not capitalised(wd):
        return None
    rel = norm(group_text(m, "rel") or "")
    offset = {"last": -1, "this past": -1, "next": 1, "this coming": 1}.get(rel)
    return Reading(
        direction=offset or 0,
        type="DATE",
        kind="date",
        year=year,
        month=month,
        day=day,
        weekday=weekday_num(wd) if wd else None,
    )


def read_week_of(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the week of June 2": the ISO week of that day."""
    reading = read_full_date(m, ctx)
    return None if reading is None else replace(reading, unit="week")


def read_iso(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "2025-05-16"."""
    y, mo, d = int(group_text(m, "y")), int(group_text(m, "m")), int(group_text(m, "d"))
    try:
        date(y, mo, d)
    except ValueError:
        return None
    return Reading(type="DATE", kind="date", year=y, month=mo, day=d)


def read_slash(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "5/16/2025" (month first, else day first), "16/5/25"."""
    a, b, y = int(group_text(m, "a")), int(group_text(m, "b")), int(group_text(m, "y"))
    if y < 100:
        y += 2000 if y < 50 else 1900
    for mo, d in ((a, b), (b, a)):  # US order first, then day-first
        try:
            date(y, mo, d)
        except ValueError:
            continue
        return Reading(type="DATE", kind="date", year=y, month=mo, day=d)
    return None


def read_month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "May 2025", "early March 2024"."""
    mon = group_text(m, "mon")
    if not capitalised(mon):
        return None
    return Reading(
        type="DATE",
        kind="month",
        year=int(group_text(m, "year")),
        month=month_num(mon),
        mod=position_mod(group_text(m, "pos")),
    )


def read_month(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "May", "last March", "early June"; a bare month that is also a word needs a cue."""
    mon = group_text(m, "mon")
    if not capitalised(mon):
        return None
    rel = norm(group_text(m, "rel") or "")
    pos = group_text(m, "pos")
    key = mon.lower().rstrip(".")
    if not mon.endswith(".") and len(key) <= 4 and key != "may":
        nxt = ctx.text[m.end() : m.end() + 2]
        if re.match(r"\s[A-Z]", nxt):
            return None  # "Jan Kavan": a first name
    if key in AMBIGUOUS_MONTHS and not rel and not pos and not ctx.in_ent:
        prev = ctx.before(m.start())
        if not prev or prev[-1] not in MONTH_CUES:
            return None
        if key in ("may", "march") and ctx.after(m.end())[:1] in (["be"], ["have"], ["not"]):
            return None
    offset = {"last": -1, "next": 1, "this": 0, "this past": -1, "this coming": 1}.get(rel)
    return Reading(
        type="DATE",
        kind="month",
        month=month_num(mon),
        offset=offset,
        mod=position_mod(pos),
        direction={-1: -1, 1: 1}.get(offset or 0, 0),
    )


def read_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "2022", "fiscal 2024", "the end of 2024"; a bare number needs a cue word before it."""
    year = int(group_text(m, "year"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    prev = ctx.before(m.start())
    if prev and prev[-1] in NUMBERED_THINGS:
        return None  # "H.R. 1280", "Flight 1549": a number that names a bill or a flight
    pos = group_text(m, "pos")
    lead = norm(group_text(m, "lead") or "")
    if not pos and not lead and not ctx.in_ent:
        if not prev or prev[-1] not in YEAR_CUES:
            return None
        nxt = ctx.after(m.end())
        if nxt and nxt[0] in ("%", "percent", "people", "troops", "km", "kilometres", "miles"):
            return None
    return Reading(type="DATE", kind="year", year=year, mod=position_mod(pos))


def read_year_fy(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "FY2025"."""
    return Reading(type="DATE", kind="year", year=int(group_text(m, "year")))


def _spoken_year(s: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    words = [w for w in re.split(r"[\s-]+", norm(s)) if w not in ("and",)]
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(words[2:])) if words[2:] else 0.0
        return None if rest is None else 2000 + int(rest)
    century = NUMBER_WORDS.get(words[0])
    if century is None:
        return None
    if words[1:] == ["hundred"]:
        return century * 100
    if words[1:2] == ["oh"]:
        words = words[:1] + words[2:]
    rest = parse_number(" ".join(words[1:]))
    return None if rest is None or rest >= 100 else century * 100 + int(rest)


def read_spoken_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "nineteen ninety-six", "June of two thousand and one"."""
    year = _spoken_year(group_text(m, "yw"))
    if year is None:
        return None
    mon = group_text(m, "mon")
    if mon:
        if not capitalised(mon):
            return None
        return Reading(type="DATE", kind="month", year=year, month=month_num(mon))
    if norm(group_text(m, "yw")).startswith("two thousand") and not group_text(m, "lead"):
        prev = ctx.before(m.start())
        if not prev or prev[-1] not in YEAR_CUES:
            return None  # "two thousand people"
    return Reading(type="DATE", kind="year", year=year)


def read_month_rel_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "June last year", "March of next year"."""
    mon = group_text(m, "mon")
    if not capitalised(mon):
        return None
    off = {"this": 0, "last": -1, "next": 1}[norm(group_text(m, "rel"))]
    return Reading(type="DATE", kind="month", month=month_num(mon), year_offset=off)


def read_clock_words(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "ten o'clock", "six in the morning", "nine at night"."""
    h = parse_number(group_text(m, "h"))
    if h is None or not 1 <= h <= 12:
        return None
    hour = int(h)
    part = norm(group_text(m, "p") or "")
    if part in ("afternoon", "evening", "night") and hour < 12:
        hour += 12
    elif part == "morning" and hour == 12:
        hour = 0
    return Reading(type="TIME", kind="time", hour=hour, minute=0)


def _half_code(s: str) -> str:
    s = norm(s)
    return "H1" if s.startswith(("first", "1st")) else "H2"


def read_apostrophe_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "'98", "the class of '05"."""
    prev = ctx.before(m.start())
    if not ctx.in_ent and (not prev or prev[-1] not in YEAR_CUES | {"class"}):
        return None
    yy = int(group_text(m, "yy"))
    return Reading(type="DATE", kind="year", year=(1900 if yy >= 30 else 2000) + yy)


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}  # fmt: skip


def read_decade(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the 1990s", "the '80s", "the late sixties"."""
    if group_text(m, "dec"):
        d = int(group_text(m, "dec")) // 10
    elif group_text(m, "dd"):
        d = 190 + int(group_text(m, "dd")) // 10
    else:
        d = 190 + _DECADE_WORDS[group_text(m, "dw").lower()]
    return Reading(type="DATE", kind="decade", value=str(d), mod=position_mod(group_text(m, "pos")))


def read_century(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the 20th century", "the early nineteenth century"."""
    o = group_text(m, "ord").lower()
    n = ORDINAL_WORDS.get(o) or int(re.sub(r"\D", "", o) or 0)
    if not 1 <= n <= 22:
        return None
    return Reading(
        type="DATE",
        kind="century",
        value=f"{n - 1:02d}",
        mod=position_mod(group_text(m, "pos")),
    )


def read_weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "Friday", "last Tuesday", "Thursday morning", "the previous Monday"."""
    wd = group_text(m, "wd")
    if not capitalised(wd):
        return None
    rel = norm(group_text(m, "rel") or "")
    part = group_text(m, "part")
    offset = {
        "last": -1,
        "next": 1,
        "this past": -1,
        "this coming": 1,
        "past": -1,
        "coming": 1,
    }.get(rel)
    out = Reading(
        type="DATE",
        kind="weekday",
        weekday=weekday_num(wd),
        offset=offset,
        direction={-1: -1, 1: 1}.get(offset or 0, 0),
        mod=position_mod(group_text(m, "pos")),
    )
    if rel == "the previous":
        out = replace(out, kind="anaphoric", unit="weekday", offset=-1)
    if part:
        out = replace(out, type="TIME", part=DAY_PARTS[norm(part)])
    return out


def read_weekday_plural(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "on Mondays", "most Fridays": a weekly set."""
    wd = group_text(m, "wd")
    if not capitalised(wd):
        return None
    prev = ctx.before(m.start())
    if not prev or prev[-1] not in ("on", "every", "each", "most", "some", "all"):
        return None
    n = weekday_num(wd)
    value = f"XXXX-WXX-{(n or 0) + 1}"
    if group_text(m, "part"):
        value += "T" + DAY_PARTS[norm(group_text(m, "part"))]
    return Reading(type="SET", kind="set", value=value)


def _ordinal_num(s: str) -> int | None:
    s = norm(s)
    if s in ("final", "last", "latter"):
        return 4
    return ORDINAL_WORDS.get(s) or (int(re.sub(r"\D", "", s)) if re.search(r"\d", s) else None)


def read_quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the third quarter", "the fourth quarter of 2024", "last quarter", "this year's
    second quarter"."""
    ordt = group_text(m, "ord")
    rel = norm(group_text(m, "rel") or "")
    yr = group_text(m, "year") or group_text(m, "year2")
    relyear = norm(group_text(m, "relyear") or group_text(m, "relyear2"))
    det = norm(group_text(m, "det") or "")
    q = _ordinal_num(ordt) if ordt else None
    if q is not None and not 1 <= q <= 4:
        return None
    if q is None and not rel and det not in ("the", "this") and not ctx.in_ent:
        return None
    if q is None and not rel and det == "this":
        rel = "current"
    out = Reading(type="DATE", kind="period", unit="quarter")
    if det == "the" and re.search(r"-quarter$", m.group(0), FLAGS) and not rel:
        # "the third-quarter loss": "the" goes with "loss"
        out = replace(out, skip_lead=len(group_text(m, "det")) + 1)
    if q is not None:
        out = replace(out, part=f"Q{q}")
        if yr:
            out = replace(out, year=int(yr))
        elif relyear or rel in ("year-ago", "year-earlier", "last year's"):
            year_off = {"this": 0, "last": -1, "next": 1}.get(
                relyear.split()[0] if relyear else "last", -1
            )
            out = replace(out, year_offset=year_off)
        return out
    # no ordinal: relative to the anchor's quarter
    offsets = {
        "current": 0, "this": 0, "latest": -1, "last": -1, "past": -1, "previous": -1,
        "next": 1, "coming": 1, "year-ago": -5, "year-earlier": -5, "same": -5, "": -1,
    }  # fmt: skip
    if rel not in offsets:
        return None
    if yr:
        return None  # "the 1988 quarter": which one depends on the story
    year_off = {"this": 0, "last": -1, "next": 1}.get(relyear, 0)
    return replace(out, kind="relative", offset=offsets[rel] + 4 * year_off)


def read_q(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "Q3", "2024 Q1", "Q2 '25"."""
    yr = group_text(m, "year") or group_text(m, "year2")
    out = Reading(
        type="DATE",
        kind="period",
        part=f"Q{m.group('q')}",
        unit="quarter",
    )
    if yr:
        out = replace(out, year=int(yr) if len(yr) == 4 else 2000 + int(yr))
    return out


def read_half(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the first half of 2025", "the second half of next year"."""
    yr = group_text(m, "year")
    relyear = norm(group_text(m, "relyear") or "")
    if not yr and not relyear and not ctx.in_ent:
        return None
    out = Reading(
        type="DATE",
        kind="period",
        part=_half_code(group_text(m, "ord")),
        unit="half",
    )
    if yr:
        out = replace(out, year=int(yr))
    elif relyear:
        out = replace(out, year_offset={"this": 0, "last": -1, "next": 1}[relyear])
    return out


def read_season(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "last summer", "spring 2024", "the winter"; a bare season needs a cue."""
    rel = norm(group_text(m, "rel") or "")
    yr = group_text(m, "year")
    season = SEASONS[norm(group_text(m, "season"))]
    pos = group_text(m, "pos")
    if not rel and not yr and not pos and not ctx.in_ent:
        prev = ctx.before(m.start())
        if not prev or prev[-1] not in (
            "in",
            "during",
            "since",
            "until",
            "by",
            "over",
            "this",
            "last",
            "next",
            "the",
        ):
            return None
        if norm(group_text(m, "season")) == "fall":
            return None
    out = Reading(
        type="DATE",
        kind="period",
        part=season,
        unit="season",
        mod=position_mod(pos),
    )
    if yr:
        return replace(out, year=int(yr))
    offset = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "this": 0}.get(rel)
    return replace(out, offset=offset, direction={-1: -1, 1: 1}.get(offset or 0, 0))


def read_holiday(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "Christmas", "Thanksgiving Day", "last Easter", "Labor Day 2024"."""
    name = norm(group_text(m, "h"))
    rel = norm(group_text(m, "rel") or "")
    if not capitalised(group_text(m, "h").replace("the ", "")) and not name.startswith("the"):
        return None
    out = Reading(type="DATE", kind="holiday", part=name)
    if group_text(m, "year"):
        out = replace(out, year=int(group_text(m, "year")))
    if rel:
        offset = {"last": -1, "next": 1, "this": 0}.get(rel)
        out = replace(out, offset=offset, direction={-1: -1, 1: 1}.get(offset or 0, 0))
    return out


def read_clock(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "10 p.m.", "at 13:57", "noon", "midnight GMT"; a bare "13:57" needs a cue."""
    t = norm(group_text(m, "clock"))
    prev = ctx.before(m.start())
    hm = re.match(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?", t)
    if t.startswith(("noon", "midday")):
        if prev and prev[-1] == "high":
            return None  # "high noon"
        hour, minute = 12, 0
    elif t.startswith("midnight"):
        hour, minute = 0, 0
    elif hm:
        hour, minute = int(hm.group(1)), int(hm.group(2) or 0)
        ampm = hm.group(3)
        if ampm is None:
            # a bare "13:57" only with a cue: inside an entity, after "at" or a date
            if not ctx.in_ent and not (
                prev
                and (
                    prev[-1]
                    in (
                        "at",
                        "by",
                        "from",
                        "until",
                        "till",
                        "before",
                        "after",
                        "around",
                        "about",
                        ",",
                    )
                    or re.match(r"\d{4}$", prev[-1])
                )
            ):
                return None
        elif hour > 12 or hour == 0:
            return None
        elif ampm == "p" and hour != 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
    else:
        return None
    return Reading(type="TIME", kind="time", hour=hour, minute=minute)
