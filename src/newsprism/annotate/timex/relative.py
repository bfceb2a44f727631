"""Rule handlers for expressions counted from a point or spread over time.

Deictic words and relative units ("yesterday", "last week", "three years ago"), references
("recently", "the near future"), durations ("for two weeks", "a three-year term"), frequencies
("every Monday", "twice a year") and story-relative days ("the next day", "that morning").
Like :mod:`.handlers`, each reads one match and returns its parts or ``None``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .context import Context, group_text, position_mod
from .lexicon import (
    DAY_PARTS,
    DURATION_CUES,
    MAX_YEAR,
    MIN_YEAR,
    MOD_WORDS,
    REFERENCE_WORDS,
    SET_WORDS,
    WEEKDAYS,
)
from .parse import capitalised, duration_value, month_num, norm, parse_number, range_low, unit_base
from .patterns import FLAGS, VAGUE
from .records import Reading


def read_period_edge(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the end of the month", "the start of the week", "year-end"."""
    unit: str = "year"
    mod: str | None = "END"
    if not group_text(m, "yend"):
        unit, mod = unit_base(group_text(m, "u")), position_mod(group_text(m, "pos"))
    return Reading(type="DATE", kind="relative", unit=unit, offset=0, mod=mod)


def read_fiscal_period(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the year ended ...", "the quarter ending ...": a period as long as that."""
    months = {"year": 12, "quarter": 3, "half": 6}[norm(group_text(m, "u"))]
    value = "P1Y" if months == 12 else f"P{months}M"
    return Reading(type="DURATION", kind="duration", duration=value, unit="month")


def read_the_weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the weekend": which one depends on the tense."""
    return Reading(type="DATE", kind="relative", unit="weekend", offset=None)


def read_deictic(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "today", "yesterday morning", "late tomorrow", "tonight"."""
    w = norm(group_text(m, "w"))
    offset = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }[w]
    part = group_text(m, "part")
    pos = norm(group_text(m, "pos") or "")
    out = Reading(
        type="DATE",
        kind="relative",
        offset=offset,
        unit="day",
        direction=(offset > 0) - (offset < 0),
        mod={"early": "START", "late": "END"}.get(pos),
    )
    if w == "tonight":
        out = replace(out, type="TIME", part="NI")
    if part:
        out = replace(out, type="TIME", part=DAY_PARTS[norm(part)])
    return out


def read_this_part(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "this morning", "last night", "tomorrow evening"."""
    rel = norm(group_text(m, "rel"))
    part = norm(group_text(m, "part"))
    offset = -1 if rel == "last" else (1 if rel == "tomorrow" else 0)
    return Reading(
        type="TIME",
        kind="relative",
        offset=offset,
        unit="day",
        part=DAY_PARTS[part],
        direction=(offset > 0) - (offset < 0),
    )


def read_ref(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "now", "recently", "soon", "the near future": a reference to the present, past or future."""
    w = norm(group_text(m, "w"))
    if w == "future":
        prev = ctx.before(m.start())
        if not prev or prev[-1] not in ("in", "the"):
            return None
    if w == "now" and ctx.text[m.end() : m.end() + 1] == "-":
        return None  # "now-defunct"
    if w in ("soon", "shortly"):
        prev, nxt = ctx.before(m.start()), ctx.after(m.end(), 2)
        if prev[-1:] == ["as"] and nxt[:2] != ["as", "possible"]:
            return None  # "as soon as we can": a conjunction
        if nxt[:1] in (["after"], ["before"], ["afterwards"], ["thereafter"]):
            return None  # "shortly after the slaying": relative to an event, not to now
    value = REFERENCE_WORDS[w]
    d = {"PAST_REF": -1, "FUTURE_REF": 1}.get(value, 0)
    return Reading(type="DATE", kind="ref", value=value, direction=d)


def read_recent_units(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "recent years", "the past few months", "the coming weeks"."""
    q = norm(group_text(m, "q"))
    unit = unit_base(group_text(m, "u"))
    if q in ("recent",):
        return Reading(type="DATE", kind="ref", value="PAST_REF", direction=-1)
    if q in ("coming", "the coming", "upcoming", "future"):
        return Reading(type="DATE", kind="ref", value="FUTURE_REF", direction=1)
    reach = 1 if q.startswith(("next", "the next")) else -1
    return Reading(
        type="DURATION",
        kind="duration",
        duration=duration_value(None, unit),
        unit=unit,
        reach=reach,
        direction=reach,
    )


_REL_OFFSETS: dict[str, int] = {
    "this": 0, "current": 0, "the current": 0, "this current": 0,
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "this past": -1,
    "next": 1, "coming": 1, "the coming": 1, "this coming": 1, "upcoming": 1,
    "the upcoming": 1, "the following": 1, "following": 1, "the same": 0, "that": 0,
    "the last": -1, "the past": -1, "the next": 1, "later this": 0, "earlier this": 0,
}  # fmt: skip


def read_rel_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "this week", "last year", "the past year", "the following month"."""
    rel = norm(group_text(m, "rel"))
    unit = unit_base(group_text(m, "u"))
    pos = group_text(m, "pos")
    mod = position_mod(pos)
    if rel in ("the past", "the last", "the next") and not pos:
        # "the past year": a duration reaching back from the anchor (TE3)
        if unit == "weekend":
            return None
        reach = 1 if rel == "the next" else -1
        return Reading(
            type="DURATION",
            kind="duration",
            duration=duration_value(1, unit),
            unit=unit,
            reach=reach,
            direction=reach,
        )
    if rel in ("the same", "that", "the following", "the previous"):
        return Reading(
            type="DATE",
            kind="anaphoric",
            unit=unit,
            offset=_REL_OFFSETS[rel],
        )
    offset = _REL_OFFSETS[rel]
    if pos and norm(pos) in ("earlier", "later"):
        mod = "START" if norm(pos) == "earlier" else None
    return Reading(
        type="DATE",
        kind="relative",
        unit=unit,
        offset=offset,
        mod=mod,
        direction=(offset > 0) - (offset < 0),
    )


def read_ago(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "two years ago", "three weeks from now", "a year earlier"."""
    unit = unit_base(group_text(m, "u"))
    word = norm(group_text(m, "dir"))
    ntext = group_text(m, "n")
    n = parse_number(range_low(ntext)) if ntext else None
    vague = not ntext or re.fullmatch(VAGUE, ntext.strip(), FLAGS) is not None
    mod = MOD_WORDS.get(norm(group_text(m, "mod") or "")) if group_text(m, "mod") else None
    if mod is None and group_text(m, "orso"):
        mod = "APPROX"
    sign = -1 if word in ("ago", "earlier", "before", "back") else 1
    if word in ("ago", "from now", "hence", "back"):
        if vague or n is None:
            return Reading(
                type="DATE",
                kind="ref",
                value="PAST_REF" if sign < 0 else "FUTURE_REF",
                direction=sign,
            )
        return Reading(
            type="DATE",
            kind="ago",
            unit=unit,
            offset=int(sign * n) if n == int(n) else sign * n,
            mod=mod,
            direction=sign,
        )
    if word == "earlier" and unit in ("year", "quarter") and not vague and n is not None:
        # "a year earlier" in news compares with the publication date's period
        return Reading(
            type="DATE",
            kind="ago",
            unit=unit,
            offset=-int(n) if n == int(n) else -n,
            mod=mod,
            direction=-1,
        )
    # "three days later", "a week before": a duration from some other point of
    # the story (TimeML marks "three days" alone); the duration rule takes it
    return None


def read_duration(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "three years", "more than two weeks", "the past six months", "a year and a half"."""
    ntext = group_text(m, "n")
    unit_text = group_text(m, "u")
    unit = unit_base(unit_text)
    modtext = norm(group_text(m, "mod") or "")
    mod = MOD_WORDS.get(modtext) if modtext else None
    rel = norm(group_text(m, "rel") or "")
    det = norm(group_text(m, "det") or "")
    vague = re.fullmatch(VAGUE, ntext.strip(), FLAGS) is not None
    low = range_low(ntext)
    n = None if vague else parse_number(low)
    if not vague and n is None:
        return None
    if re.fullmatch(r"\d{4}", low.strip()) and MIN_YEAR <= int(low) <= MAX_YEAR:
        return None  # "the 1988 quarter": a year, not 1988 quarters
    if re.match(r"\s*-?\s*old\b|\s+of\s+age\b", ctx.text[m.end() : m.end() + 10], FLAGS):
        return None  # an age: "33 years old"
    singular_a = norm(ntext) in ("a", "an") and not rel and not mod
    prev = ctx.before(m.start(), 2)
    if singular_a and not det:
        # "a year": a duration only with a cue; "$5 million a year" is a frequency
        if prev and (
            re.fullmatch(r"[\d.,$%]+", prev[-1])
            or prev[-1] in ("million", "billion", "times", "once", "twice", "per")
        ):
            return Reading(type="SET", kind="set", value=duration_value(1, unit))
        if not ctx.in_ent and (not prev or prev[-1] not in DURATION_CUES):
            return None
    if vague and not rel and not mod and not ctx.in_ent:
        if not prev or prev[-1] not in DURATION_CUES | {"the"}:
            return None
    reach = -1 if rel in ("past", "last", "previous") else (1 if rel in ("next", "coming") else 0)
    if n is not None and group_text(m, "half"):
        n += 0.5
    if mod is None and (group_text(m, "orso") or norm(ntext) in ("a couple of", "a couple", "couple of")):
        mod = "APPROX"
    return Reading(
        type="DURATION",
        kind="duration",
        duration=duration_value(n, unit),
        unit=unit,
        mod=mod,
        reach=reach,
        direction=reach,
    )


def read_duration_adj(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "a three-year term", "a 10-day visit", "months-long talks"."""
    if re.match(r"-old\b|\s+old\b", ctx.text[m.end() : m.end() + 6], FLAGS):
        return None  # "33-year-old"
    ntext = group_text(m, "n")
    if ntext and norm(ntext) in ("a", "an"):
        return None
    plural = group_text(m, "u").lower().endswith("s")
    n = parse_number(ntext) if ntext else (None if plural else 1.0)
    if ntext and n is None:
        return None
    unit = unit_base(group_text(m, "u"))
    return Reading(
        type="DURATION",
        kind="duration",
        duration=duration_value(n, unit),
        unit=unit,
    )


def read_vague_plural(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "for years", "within days": an unspecified number of units."""
    if re.match(r"\s*-?\s*old\b|\s+of\s+age\b", ctx.text[m.end() : m.end() + 10], FLAGS):
        return None
    prev = ctx.before(m.start())
    if not ctx.in_ent and (
        not prev
        or prev[-1]
        not in ("for", "in", "within", "over", "after", "took", "lasted", "spent", "last")
    ):
        return None
    unit = unit_base(group_text(m, "u"))
    return Reading(
        type="DURATION",
        kind="duration",
        duration=duration_value(None, unit),
        unit=unit,
    )


def read_set(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "daily", "every Monday", "each morning", "every other week"."""
    w = norm(m.group(0))
    if w in SET_WORDS:
        return Reading(type="SET", kind="set", value=SET_WORDS[w])
    every = norm(group_text(m, "every"))
    target = group_text(m, "t")
    step = 2 if "other" in every else 1
    tn = norm(target)
    if tn in WEEKDAYS:
        if not capitalised(target):
            return None
        return Reading(type="SET", kind="set", value=f"XXXX-WXX-{WEEKDAYS[tn] + 1}")
    if month_num(tn) is not None:
        if not capitalised(target):
            return None
        return Reading(type="SET", kind="set", value=f"XXXX-{month_num(tn):02d}")
    if tn in DAY_PARTS:
        return Reading(type="SET", kind="set", value=f"XXXX-XX-XXT{DAY_PARTS[tn]}")
    return Reading(type="SET", kind="set", value=duration_value(step, tn))


def read_times_per(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "twice a year", "three times per week"."""
    return Reading(type="SET", kind="set", value=duration_value(1, group_text(m, "u")))


_ANAPHORIC_OFFSETS: dict[str, int] = {
    "the same": 0, "that": 0, "the": 0, "the next": 1, "the following": 1,
    "the previous": -1, "the preceding": -1,
}  # fmt: skip


def read_anaphoric(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "the next day", "that morning", "the same day": counted from the story's date."""
    rel = norm(group_text(m, "rel"))
    unit = norm(group_text(m, "u"))
    if rel == "the":
        # a bare "the day" only where spaCy saw a date, and not "the day before the vote"
        if not ctx.in_ent or ctx.after(m.end())[:1] in (["before"], ["after"], ["of"]):
            return None
    out = Reading(
        type="DATE",
        kind="anaphoric",
        unit="day",
        offset=_ANAPHORIC_OFFSETS[rel],
    )
    if unit != "day":
        out = replace(out, type="TIME", part=DAY_PARTS[unit])
    return out


