"""The rule table and the choice among candidates: from text to non-overlapping time spans.

Every rule is a regular expression and a handler (:mod:`.handlers`, :mod:`.relative`); all
rules run over the whole text, the leftmost-longest matches win, spaCy DATE/TIME entities that
no rule touched are kept when they look temporal, and a clock time joins the day next to it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from .context import Context, Handler
from .handlers import (
    read_apostrophe_year,
    read_century,
    read_clock,
    read_clock_words,
    read_decade,
    read_full_date,
    read_half,
    read_holiday,
    read_iso,
    read_month,
    read_month_rel_year,
    read_month_year,
    read_q,
    read_quarter,
    read_season,
    read_slash,
    read_spoken_year,
    read_week_of,
    read_weekday,
    read_weekday_plural,
    read_year,
    read_year_fy,
)
from .lexicon import (
    FIXED_HOLIDAYS,
    JUNK_WORDS,
    MAX_YEAR,
    MIN_YEAR,
    MOVING_HOLIDAYS,
    NUMBERED_THINGS,
    TEMPORAL_WORDS,
)
from .patterns import (
    CLOCK,
    DAY_NUMBER,
    DAY_WORD,
    FLAGS,
    MODIFIER,
    MONTH,
    NUMBER,
    NUMBER_WORD,
    PART_OF_DAY,
    POSITION,
    SPOKEN_YEAR,
    UNIT,
    UNIT_SINGULAR,
    UNITS_WORD,
    VAGUE,
    WEEKDAY,
    YEAR,
    dateparser_ok,
    rule_regex,
)
from .records import Reading
from .relative import (
    read_ago,
    read_anaphoric,
    read_deictic,
    read_duration,
    read_duration_adj,
    read_fiscal_period,
    read_period_edge,
    read_recent_units,
    read_ref,
    read_rel_unit,
    read_set,
    read_the_weekend,
    read_this_part,
    read_times_per,
    read_vague_plural,
)


@dataclass(frozen=True)
class Rule:
    """A named regular expression and the handler that reads its matches."""

    name: str
    regex: re.Pattern[str]
    handler: Handler


def build_rules() -> list[Rule]:
    """The rule table, in the order the rules run (the order only matters for equal spans)."""
    wd = rf"(?P<wd>{WEEKDAY})"
    rules: list[Rule] = []

    def add(name: str, pattern: str, handler: Handler) -> None:
        rules.append(Rule(name, rule_regex(pattern), handler))

    # explicit dates, optionally with a weekday in front: "Monday, June 2", "Friday, 16 May 2025"
    add(
        "date_mdy",
        rf"(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?:{wd}\s*,?\s+(?:the\s+)?)?(?P<mon>{MONTH})\s+(?P<day>{DAY_NUMBER}|{DAY_WORD})(?:\s*,?\s*(?P<year>{YEAR}))?",
        read_full_date,
    )
    add(
        "date_dmy",
        rf"(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?:{wd}\s*,?\s+(?:the\s+)?)?(?:(?P<day>{DAY_NUMBER})\s+(?:of\s+)?|(?P<dayw>{DAY_WORD})\s+of\s+)(?P<mon>{MONTH})(?:\s*,?\s*(?P<year>{YEAR}))?",
        read_full_date,
    )
    add(
        "week_of",
        rf"the\s+week\s+of\s+(?P<mon>{MONTH})\s+(?P<day>{DAY_NUMBER})(?:\s*,?\s*(?P<year>{YEAR}))?",
        read_week_of,
    )
    add("date_iso", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", read_iso)
    add("date_slash", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})", read_slash)
    add(
        "month_year",
        rf"(?:(?P<pos>{POSITION})\s*)?(?P<mon>{MONTH})(?:\s+of)?,?\s+(?P<year>{YEAR})",
        read_month_year,
    )
    add(
        "month",
        rf"(?:(?P<rel>last|next|this\s+past|this\s+coming|this)\s+)?(?:(?P<pos>{POSITION})\s*)?(?P<mon>{MONTH})",
        read_month,
    )
    add(
        "year",
        rf"(?:(?P<pos>{POSITION})\s*|(?P<lead>fiscal(?:\s+year)?|(?:the\s+)?(?:calendar\s+)?year|FY)\s*)?(?P<year>{YEAR})",
        read_year,
    )
    add("year_fy", r"FY(?P<year>\d{4})", read_year_fy)
    add(
        "year_spoken",
        rf"(?:(?P<mon>{MONTH})\s+(?:of\s+)?|(?P<lead>the\s+year)\s+)?(?P<yw>{SPOKEN_YEAR})",
        read_spoken_year,
    )
    add(
        "month_rel_year",
        rf"(?P<mon>{MONTH})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year",
        read_month_rel_year,
    )
    add(
        "period_edge",
        r"(?P<pos>the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)\s+the\s+"
        r"(?P<u>week|month|year|quarter)|(?P<yend>year[\s-]end|year's\s+end)",
        read_period_edge,
    )
    add("the_weekend", r"the\s+weekend", read_the_weekend)
    add(
        "fiscal_period",
        r"the\s+(?:fiscal\s+|financial\s+)?(?P<u>year|quarter|half)(?=\s+(?:ended|ending|that\s+ended|through)\b)",
        read_fiscal_period,
    )
    add(
        "clock_words",
        rf"(?P<h>\d{{1,2}}|{UNITS_WORD}|ten|eleven|twelve)\s+(?:o'clock|in\s+the\s+(?P<p>morning|afternoon|evening)|at\s+night)",
        read_clock_words,
    )
    add("year_apostrophe", r"'(?P<yy>\d\d)(?!\d|s)", read_apostrophe_year)
    add(
        "decade",
        r"(?:the\s+)?(?:(?P<pos>early|late|mid-?)\s*)?(?:(?P<dec>(?:1\d|20)\d0)'?s|'(?P<dd>\d0)s|(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
        read_decade,
    )
    add(
        "century",
        rf"(?:the\s+)?(?:(?P<pos>early|late|mid-?)\s*)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{DAY_WORD})[\s-]+century",
        read_century,
    )
    add(
        "holiday",
        rf"(?:(?P<rel>last|next|this)\s+)?(?P<h>{'|'.join(sorted((re.escape(h) for h in (*FIXED_HOLIDAYS, *MOVING_HOLIDAYS)), key=len, reverse=True))})(?:\s*,?\s*(?P<year>{YEAR}))?",
        read_holiday,
    )
    # quarters, halves, seasons
    add(
        "quarter",
        rf"(?:(?P<det>the|this|(?P<relyear>this|last|next)\s+year's)\s+)?(?:(?P<year>{YEAR})\s+)?"
        rf"(?:(?P<rel>current|latest|last|past|previous|next|coming|year-ago|year-earlier|same|comparable)\s+)?"
        rf"(?:fiscal[\s-]+)?(?:(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal[\s-]+)?quarter"
        rf"(?:\s+of\s+(?:(?P<year2>{YEAR})|(?P<relyear2>this|last|next)\s+year))?",
        read_quarter,
    )
    add(
        "quarter_q",
        rf"(?:(?P<year>{YEAR})\s+)?Q(?P<q>[1-4])(?:\s*(?:'|20)?(?P<year2>\d\d)\b)?",
        read_q,
    )
    add(
        "half",
        rf"(?:the\s+)?(?P<ord>first|second|1st|2nd|latter)[\s-]+half(?:\s+of\s+(?:(?P<year>{YEAR})|(?P<relyear>this|last|next)\s+year))?",
        read_half,
    )
    add(
        "season",
        rf"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|the)\s+)?(?:(?P<pos>early|late|mid-?)\s*)?"
        rf"(?P<season>spring|summer|autumn|winter|fall)(?:\s+(?:of\s+)?(?P<year>{YEAR}))?",
        read_season,
    )
    # weekdays: "last Friday", "Thursday morning", "early Tuesday"
    add(
        "weekday",
        rf"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|the\s+previous|past|coming)\s+)?(?:(?P<pos>early|late)\s+)?{wd}"
        rf"(?:\s+(?P<part>{PART_OF_DAY}))?",
        read_weekday,
    )
    # a weekday glued to a byline: "Anastasia ProtzFriday, 16 May 2025"
    rules.append(
        Rule("weekday_glued", re.compile(rf"(?<=[a-z])(?P<wd>{WEEKDAY})(?=[\s,])"), read_weekday)
    )
    add("weekday_plural", rf"(?P<wd>{WEEKDAY})s(?:\s+(?P<part>{PART_OF_DAY})s?)?", read_weekday_plural)
    # today, yesterday, tonight, "yesterday morning", "late yesterday"
    add(
        "deictic",
        rf"(?:(?P<pos>early|late|earlier|later)\s+)?(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)"
        rf"(?:\s+(?P<part>{PART_OF_DAY}))?",
        read_deictic,
    )
    add(
        "this_part",
        r"(?P<rel>this|last|tomorrow)\s+(?P<part>morning|afternoon|evening|night)",
        read_this_part,
    )
    add(
        "ref",
        r"(?P<w>right\s+now|just\s+now|now|nowadays|currently|at\s+present|these\s+days|recently|lately"
        r"|the\s+(?:near|foreseeable|distant|immediate)\s+future|the\s+future|future|the\s+(?:near|short|long)\s+term"
        r"|as\s+soon\s+as\s+possible|soon|shortly|the\s+past)",
        read_ref,
    )
    add(
        "recent_units",
        r"(?:the\s+)?(?P<q>recent|coming|upcoming|(?:the\s+)?(?:past|last|next)\s+(?:few|several|couple\s+of))\s+(?P<u>years|months|weeks|days|decades|hours|quarters)",
        read_recent_units,
    )
    add(
        "rel_unit",
        rf"(?:(?P<pos>{POSITION}|earlier|later)\s+)?(?P<rel>this\s+past|this\s+coming|this|the\s+current|current|last|past|previous|next|coming|upcoming"
        rf"|the\s+past|the\s+last|the\s+next|the\s+previous|the\s+following|the\s+coming|the\s+upcoming|the\s+same|that)\s+"
        rf"(?P<u>week|weekend|month|year|decade|century)",
        read_rel_unit,
    )
    add(
        "ago",
        rf"(?:(?P<mod>{MODIFIER})\s+)?(?:(?P<n>{NUMBER}|{VAGUE})\s+)?(?P<u>{UNIT})(?P<orso>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back)(?!\s+(?:the|a|an|his|her|their|its|he|she|they|it|we)\b)",
        read_ago,
    )
    add(
        "duration",
        rf"(?:(?P<mod>{MODIFIER})\s+(?!the\b))?(?:(?P<det>the|another|an\s+additional)\s+)?"
        rf"(?:(?P<rel>past|last|next|first|coming|previous|following|latest|final|initial|remaining|additional|further)\s+)?"
        rf"(?P<n>{NUMBER}|{VAGUE})(?:\s+(?:more|additional|full|straight|consecutive|long|whole|extra))?\s+(?P<u>{UNIT})"
        r"(?P<half>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?",
        read_duration,
    )
    add(
        "duration_adj",
        r"(?P<n>\d+(?:\.\d+)?|"
        + NUMBER_WORD
        + r")-(?P<u>second|minute|hour|day|night|week|month|year|decade)(?:-long)?",
        read_duration_adj,
    )
    add(
        "duration_long", r"(?P<u>hours?|days?|weeks?|months?|years?|decades?)-long", read_duration_adj
    )
    add(
        "vague_plural",
        r"(?P<u>years|months|weeks|days|decades|hours|minutes|centuries)",
        read_vague_plural,
    )
    add(
        "set",
        rf"(?:daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly|hourly|semiannually)"
        rf"|(?P<every>every(?:\s+other)?|each)\s+(?P<t>{WEEKDAY}|{MONTH}|{UNIT_SINGULAR}|morning|afternoon|evening|night)",
        read_set,
    )
    add(
        "times_per",
        r"(?:once|twice|\w+\s+times)\s+(?:a|an|per|every)\s+(?P<u>day|week|month|year|hour|quarter)",
        read_times_per,
    )
    add("clock", rf"(?:at\s+)?(?P<clock>{CLOCK})", read_clock)
    add(
        "anaphoric",
        r"(?P<rel>the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding|that|the)\s+"
        r"(?P<u>day|morning|evening|night|afternoon)",
        read_anaphoric,
    )
    return rules


RULES = build_rules()

_LEADING_JUNK = re.compile(
    r"^(?:on|in|at|since|until|till|by|from|for|during|of|to|just|only|as|about|around|"
    r"some|roughly|approximately|nearly|almost|over|under|within|after|before|between)\s+",
    FLAGS,
)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|')$")


@dataclass(frozen=True)
class Candidate:
    """A span of the text, what was read there, and which rule (or "spacy") found it."""

    start: int
    end: int
    reading: Reading
    rule: str
    source: str = "rule"


def find_candidates(text: str, ents: list[tuple[int, int]]) -> list[Candidate]:
    """Every rule match over the whole text."""
    ent_starts = [s for s, _ in ents]
    out: list[Candidate] = []

    def in_ent(s: int, e: int) -> bool:
        k = bisect.bisect_right(ent_starts, s) - 1
        return k >= 0 and ents[k][0] <= s and e <= ents[k][1]

    for rule in RULES:
        for m in rule.regex.finditer(text):
            if m.end() == m.start():
                continue
            s, e = m.start(), m.end()
            # strip a leading "at " that the clock rule allows
            lead = re.match(r"at\s+", m.group(0), FLAGS)
            if lead and rule.name == "clock":
                s += lead.end()
            reading = rule.handler(m, Context(text, in_ent(s, e)))
            if reading is not None:
                out.append(Candidate(s + reading.skip_lead, e, reading, rule.name))
    return out


def select(cands: list[Candidate]) -> list[Candidate]:
    """Leftmost-longest non-overlapping choice."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _day_like(c: Candidate) -> bool:
    """A day-level date that a clock time can attach to."""
    r = c.reading
    if r.type == "TIME":
        return False
    return r.kind in ("date", "weekday") or (r.kind == "relative" and r.unit == "day")


def merge_clock(cands: list[Candidate], text: str) -> list[Candidate]:
    """Join a clock time with a day next to it: "10 p.m. Wednesday", "16 May 2025, 13:57"."""
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if i + 1 < len(cands):
            n = cands[i + 1]
            gap = text[c.end : n.start]
            if re.fullmatch(r"\s*,?\s*", gap) and (
                (c.reading.kind == "time" and _day_like(n))
                or (n.reading.kind == "time" and _day_like(c))
            ):
                clock, day = (c, n) if c.reading.kind == "time" else (n, c)
                reading = replace(
                    day.reading,
                    type="TIME",
                    kind="time",
                    hour=clock.reading.hour,
                    minute=clock.reading.minute,
                )
                out.append(Candidate(c.start, n.end, reading, "clock+" + day.rule, c.source))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def trim_entity(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop prepositions in front and a possessive at the end of a spaCy entity."""
    span = text[s:e]
    while True:
        m = _LEADING_JUNK.match(span)
        if not m:
            break
        s += m.end()
        span = span[m.end() :]
    m2 = _TRAILING_POSSESSIVE.search(span)
    if m2 and len(span) > 2:
        e -= len(m2.group(0))
    return s, e


def is_junk_entity(text: str, s: int, e: int) -> bool:
    """Whether a spaCy DATE/TIME entity is no time: a bare number, an age, a number that names a
    thing."""
    span = text[s:e]
    words = re.findall(r"[a-z]+", span.lower())
    if not span.strip():
        return True
    if re.fullmatch(r"[\d.,\s%$]+", span) and not (
        re.fullmatch(r"\d{4}", span.strip()) and MIN_YEAR <= int(span) <= MAX_YEAR
    ):
        return True  # bare numbers ("33", "0735"), not years
    before = re.findall(r"[a-z]+", text[max(0, s - 12) : s].lower())
    if (
        before
        and before[-1] in ("his", "her", "their", "my", "your", "our")
        and re.search(r"\d", span)
    ):
        return True  # "in his 30s": an age
    after = text[e : e + 12].lower()
    if JUNK_WORDS & set(words) or re.match(r"\s*-?\s*(?:old|years?[\s-]old)\b", after):
        return True
    # "H.R. 1280", "Bill No. 1999", "Flight 1549": a number that names a thing
    lead = re.findall(r"[\w'$.#-]+", text[max(0, s - 20) : s].lower())
    own = re.findall(r"[\w'$.#-]+", span.lower())
    first = next((i for i, w in enumerate(own) if re.fullmatch(r"\d[\d,]*", w)), None)
    named = (lead + own[:first])[-1:] if first is not None else []
    return bool(named) and named[0] in NUMBERED_THINGS


def fallback(text: str, s: int, e: int) -> Reading | None:
    """What to keep of a spaCy entity that none of our rules read."""
    span = text[s:e]
    words = set(re.findall(r"[a-z]+", span.lower()))
    if dateparser_ok(span):
        return Reading(type="DATE", kind="fallback")
    if words & TEMPORAL_WORDS:
        return Reading(type="DATE", kind="unknown")
    return None

