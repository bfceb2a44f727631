"""Time expressions in news text: find them, read their parts, resolve them later.

Three steps, kept apart because they may run in different processes:

1. :func:`find_time_mentions` reads a parsed spaCy ``Doc`` and returns
   :class:`TimeMention` records: the span, its TIMEX3 type, and the parts needed
   to resolve it (weekday, month, offset and unit, duration, the tense of the
   governing verb...).  Candidates come from our own patterns and from spaCy's
   DATE/TIME entities, which miss and mis-bound many expressions.
2. :func:`resolve` turns one mention into a TIMEX3 value against an anchor date
   (the publication date), with the news rules that ``dateparser`` gets wrong:
   "said on Friday" in a Friday article is that Friday, "will meet on Monday" is
   the next Monday, "June 2" takes the year the tense points to.
3. :func:`date_refs` builds :class:`~newsprism.model.DateRef` records from the
   text, its sentence spans and the mentions, without the ``Doc``.

Mentions are plain frozen dataclasses: picklable, and they can wait until a
publication date has been inferred.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ..model import DateRef
from .docutil import sentence_of_token, sents, token_starts

__all__ = [
    "TimeMention",
    "date_refs",
    "find_time_mentions",
    "resolve",
    "resolve_all",
]

# ---------------------------------------------------------------------------
# Tuning constants and lexicons.
# Calibrated on hand-made news sentences and checked (not fitted document by
# document) against TempEval-3 TBAQ-cleaned with eval/timex.py.
# ---------------------------------------------------------------------------

#: A weekday in future tense that is the publication weekday means the *next*
#: such day (DESIGN.md: "after it for future tense").  Set True to read it as
#: the same day instead ("is set to land on Monday" in a Monday article); the
#: three such cases in TBAQ and MEANTIME all mean the same day.
FUTURE_WEEKDAY_SAME_DAY = False

#: A weekday whose future tense is only a hint ("Wednesday's ruling" under
#: "would") is read as the nearest such day when True, in the hinted direction
#: when False.  A past hint is always followed (see ``_weekday_direction``).
WEAK_WEEKDAY_NEAREST = True

#: With no tense at all, a weekday up to this many days ahead is read as
#: coming, otherwise as past (3 would be simply the nearest; news leans to the
#: past: 2 was slightly better than 3 on TBAQ).
UNKNOWN_WEEKDAY_MAX_AHEAD = 2

#: How far up the dependency tree we climb from a time expression looking for
#: the verb whose tense tells past from future.
MAX_HEAD_CLIMB = 8

#: Years we accept as bare four-digit numbers ("in 2022").
MIN_YEAR, MAX_YEAR = 1000, 2099
#: Words before a number that make it a name, not a year: "H.R. 1280", "S. 2010", "Flight 1549".
NUMBERED_THINGS = frozenset({"h.r.", "s.", "no.", "bill", "res.", "resolution", "section", "sec.", "article",
                             "rule", "flight", "route", "highway", "interstate", "proposition", "prop.",
                             "amendment", "chapter", "room", "suite", "unit", "code", "model", "#"})

#: Words before a bare four-digit number that make it a year.
YEAR_CUES = frozenset(
    "in since until till by of from to through during before after between and or "
    "early late mid fiscal year years calendar around circa spring summer fall "
    "autumn winter end beginning start middle half the".split()
)

#: Prepositions/verbs before a bare "a year", "years", "days" that make it a duration.
DURATION_CUES = frozenset(
    "for in within over after during about around nearly almost than past last next "
    "took take takes taking lasted lasting last lasts spent spend spending another "
    "additional extra once full entire whole least most only just some".split()
)

#: Lemmas of verbs that put what they govern in the future ("is expected to
#: take place on June 2", "continues preparing for Thursday's negotiations").
FUTURE_LEMMAS = frozenset(
    "expect schedule plan prepare slate intend anticipate await postpone delay reschedule".split()
)

#: Verbs that put the end of "until ..." in the future: "postponed until Tuesday".
DEFER_LEMMAS = frozenset("postpone delay defer extend adjourn suspend reschedule push put move".split())
#: ... and "for ...": "rescheduled for Friday" (not "the figures for January extended a surge").
RESCHEDULE_LEMMAS = frozenset("postpone delay defer reschedule push".split())

#: Verbs that point to the future only with an infinitive: "is set to meet".
FUTURE_IF_TO_LEMMAS = frozenset("set due aim hope want propose agree promise vow".split())

#: Modifiers of a noun that put it in the future or the past ("the upcoming
#: meeting on Monday", "the previous round in March").
FUTURE_MODIFIERS = frozenset(
    "upcoming forthcoming planned scheduled expected next coming proposed future".split()
)
PAST_MODIFIERS = frozenset("previous last past earlier former recent".split())

#: Auxiliaries that mark future reference outright ...
STRONG_FUTURE_AUX = frozenset("will 'll shall wo".split())
#: ... and those that only lean that way (reported speech, possibility).
FUTURE_AUX = frozenset("would 'd can could may might must should".split())

#: Words right before an expression that fix its direction.
PAST_PREPOSITIONS = frozenset({"since"})

#: Prepositions that locate an event in time; the tense of the verb they attach
#: to then counts fully.  Others ("until", "by", "to", "payable Dec. 7") only hint.
LOCATING_PREPOSITIONS = frozenset("on in at during over around about".split())

#: Dependency labels by which a time expression attaches to what it locates.
DIRECT_DEPS = frozenset("pobj npadvmod tmod advmod prep appos ROOT".split())

#: With only a hint of direction, a date without its year takes the nearest
#: reading unless that lies more than this many days against the hint
#: ("payable Dec. 7" under a past verb in an October article is this December;
#: "the Oct. 23 attack" in a May article is last October).  On TBAQ, 60-180
#: days moved value accuracy by under 0.3 points; 120 was best.
WEAK_DIRECTION_DAYS = 120

#: TIMEX3 ``mod`` values for words in front of a duration or date.
MOD_WORDS: dict[str, str] = {
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "just over": "MORE_THAN",
    "well over": "MORE_THAN",
    "upwards of": "MORE_THAN",
    "less than": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "under": "LESS_THAN",
    "just under": "LESS_THAN",
    "nearly": "APPROX",
    "almost": "APPROX",
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "close to": "APPROX",
    "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
}

#: Position words ("early May", "the end of 2024") and their TIMEX3 mod.
POSITION_MODS: dict[str, str] = {
    "early": "START",
    "earlier": "START",
    "the beginning of": "START",
    "the start of": "START",
    "beginning of": "START",
    "start of": "START",
    "late": "END",
    "the end of": "END",
    "end of": "END",
    "mid": "MID",
    "mid-": "MID",
    "the middle of": "MID",
    "middle of": "MID",
}

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

#: Months that are also common words: bare, they need a cue ("in May").
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "dec", "sep", "oct", "aug"})

#: Words before a bare month name that make it a month.
MONTH_CUES = frozenset(
    "in since until till by of from to through during before after between and or "
    "early late mid last next this since end beginning start middle until each every "
    "on".split()
)

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "a": 1, "an": 1, "dozen": 12,
}  # fmt: skip

ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23,
    "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
    "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29,
    "thirtieth": 30, "thirty-first": 31,
}  # fmt: skip

#: Unit name -> (TIMEX3 duration letter, whether it goes after the "T").
UNIT_CODES: dict[str, tuple[str, bool]] = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "night": ("D", False),
    "week": ("W", False),
    "fortnight": ("W", False),
    "month": ("M", False),
    "quarter": ("M", False),
    "year": ("Y", False),
    "decade": ("Y", False),
    "century": ("Y", False),
    "millennium": ("Y", False),
}

#: Multipliers for units expressed through another unit (a decade is 10 years).
UNIT_FACTORS: dict[str, int] = {
    "fortnight": 2,
    "quarter": 3,
    "decade": 10,
    "century": 100,
    "millennium": 1000,
}

#: TIMEX3 codes for parts of the day.
DAY_PARTS: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
    "midday": "MI",
}

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
#: First month of each season (winter runs December to February, named by
#: the year its January falls in).
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

#: Fixed-date holidays (month, day).  Moving ones are computed in :func:`_holiday_date`.
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "independence day": (7, 4),
    "the fourth of july": (7, 4),
    "veterans day": (11, 11),
    "armistice day": (11, 11),
    "victory day": (5, 9),
}
MOVING_HOLIDAYS = frozenset(
    {
        "thanksgiving",
        "thanksgiving day",
        "easter",
        "easter sunday",
        "labor day",
        "memorial day",
        "election day",
    }
)

#: Fixed values for words that point at now, the past or the future in general.
REFERENCE_WORDS: dict[str, str] = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "just now": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "soon": "FUTURE_REF",
    "shortly": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
    "the future": "FUTURE_REF",
    "future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF",
    "the distant future": "FUTURE_REF",
    "the immediate future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
}

#: Fixed values for frequency words (TIMEX3 SET).
SET_WORDS: dict[str, str] = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "semiannually": "P6M",
}

#: spaCy DATE/TIME entities we could not parse are kept (value None) only when
#: they contain one of these words; the rest ("33", "three years old") is junk.
TEMPORAL_WORDS = frozenset(
    "day days week weeks weekend month months year years decade decades century "
    "centuries quarter quarters morning afternoon evening night tonight today "
    "yesterday tomorrow season spring summer autumn fall winter period time".split()
)

#: Words that make a spaCy entity junk: ages and the like.
JUNK_WORDS = frozenset({"old", "aged", "age", "ages"})

# ---------------------------------------------------------------------------
# The mention record.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeMention:
    """One time expression with the parts needed to resolve it without the Doc.

    ``kind`` says how to resolve it: ``date`` (day, month, optional year and
    weekday), ``weekday``, ``month``, ``year``, ``relative`` (``offset`` units
    from the anchor's own unit: "yesterday", "next week", "this year"), ``ago``
    (``offset`` units back from the anchor date: "two years ago"), ``period``
    (quarters, halves, seasons: ``part`` is "Q3", "H1", "SU"), ``decade``,
    ``century``, ``duration``, ``ref`` and ``set`` (a fixed ``value``), ``time``
    (a clock time or part of day on a day given by the other fields),
    ``holiday``, ``anaphoric`` ("the next day": relative to the story, not the
    anchor), ``fallback`` (explicit text for dateparser) and ``unknown``.

    ``direction`` is -1 (past), +1 (future) or 0 (unknown), from cues in the
    expression or the tense of the verb that governs it; ``weak`` marks a
    direction that is only a hint (a tense reached through a noun phrase or an
    infinitive: "the Aug. 7 bombings", "agreed to buy it in February").  For durations,
    ``reach`` says whether the stretch ends at the anchor (-1: "in the past
    three years", "first talks in more than three years") or starts there
    (+1: "within two weeks", future tense).
    """

    start: int
    end: int
    text: str
    type: str
    kind: str
    sentence: int = 0
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    direction: int = 0
    weak: bool = False
    offset: float | None = None
    unit: str | None = None
    duration: str | None = None
    mod: str | None = None
    since: bool = False
    until: bool = False
    reach: int = 0
    nominal: bool = False
    part: str | None = None
    hour: int | None = None
    minute: int | None = None
    value: str | None = None
    source: str = "rule"


# ---------------------------------------------------------------------------
# Regular-expression building blocks.
# ---------------------------------------------------------------------------

_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.|(?:Jan|Feb|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\b)"
)
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_DAYWORD = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
_YEAR = r"(?<![\d$£€.,])(?:1\d{3}|20\d{2})(?![\d%]|,\d|\.\d|-\d)"
_NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|hundred|a hundred|one hundred|two hundred|a thousand|two thousand"
    r"|a dozen|a couple of|a couple|couple of|half an|half a|an|a)"
)
_NUM = (
    rf"(?:(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+1/2|½)?)|{_NUMWORD}(?:\s+and\s+a\s+half)?)"
    r"(?:\s+(?:to|or|-)\s+(?:\d+|" + _NUMWORD + r"))?"
)
_VAGUE = r"(?:several|a\s+few|few|many|some|numerous|a\s+number\s+of|dozens\s+of|hundreds\s+of|countless)"
_UNIT = (
    r"(?:(?:trading|business|working|calendar|school)\s+)?"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    r"|century|centuries|millenni(?:um|a))"
)
_UNIT_SING = (
    r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|century)"
)
_MODS = "|".join(sorted((re.escape(k) for k in MOD_WORDS), key=len, reverse=True))
_POS = r"(?:early|late|mid-?|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of|beginning\s+of)"
_PART = r"(?:morning|afternoon|evening|night|overnight)"
_TZ = r"(?-i:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|MSK)|local\s+time|Moscow\s+time|Kyiv\s+time"
_CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)|noon|midday|midnight)"
    rf"(?:\s+(?:{_TZ}))?"
)

_UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
#: Spoken years in transcripts: "nineteen ninety-six", "two thousand and one".
_YEARW = (
    rf"(?:(?:nineteen|twenty)[\s-]+(?:{_TENS_WORD}(?:[\s-]+{_UNITS_WORD})?|{_TEENS_WORD}|hundred|oh[\s-]+{_UNITS_WORD})"
    rf"|two\s+thousand(?:\s+and)?(?:\s+(?:{_TENS_WORD}(?:[\s-]+{_UNITS_WORD})?|{_TEENS_WORD}|{_UNITS_WORD}))?)"
)

_FLAGS = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    """A rule pattern that starts and ends on word boundaries (and not inside "1,000")."""
    return re.compile(r"(?<![\w'])(?<!\d[,.])" + pattern + r"(?![\w])", _FLAGS)


# ---------------------------------------------------------------------------
# Small parsers shared by the rules.
# ---------------------------------------------------------------------------


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


def _month_num(s: str) -> int | None:
    return MONTHS.get(s.lower().rstrip("."))


def _weekday_num(s: str) -> int | None:
    return WEEKDAYS.get(s.lower())


def _capitalised(s: str) -> bool:
    """Month and weekday names only count capitalised ("may" is a verb)."""
    return bool(s) and s[0].isupper()


def _parse_number(s: str) -> float | None:
    """Number words and digits to a number; ``None`` for vague quantities."""
    s = _norm(s).replace(",", "")
    if not s:
        return None
    half = 0.0
    for suffix in (" and a half", " 1/2", "½"):
        if s.endswith(suffix):
            s, half = s[: -len(suffix)].strip(), 0.5
            break
    if s in ("half a", "half an"):
        return 0.5
    if s in ("a couple of", "a couple", "couple of"):
        return 2.0 + half
    if s == "a dozen":
        return 12.0 + half
    try:
        return float(s) + half
    except ValueError:
        pass
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", s):
        if word in ("and",):
            continue
        n = NUMBER_WORDS.get(word)
        if n is None:
            return None
        if n in (100, 1000):
            current = max(current, 1) * n
            if n == 1000:
                total, current = total + current, 0
        else:
            current += n
    return float(total + current) + half


def _range_low(s: str) -> str:
    """ "two to three weeks": keep the lower bound."""
    return re.split(r"\s+(?:to|or)\s+|-", s.strip(), maxsplit=1)[0]


def _unit_base(u: str) -> str:
    """ "trading days" -> "day", "centuries" -> "century"."""
    u = _norm(u).split()[-1]
    if u == "centuries":
        return "century"
    if u in ("millennia", "millennium"):
        return "millennium"
    return u[:-1] if u.endswith("s") else u


def _duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: (3, "year") -> "P3Y"; (None, "year") -> "PXY"; 2.5 years -> "P2Y6M"."""
    unit = _unit_base(unit)
    if unit == "weekend":
        return "P2D" if n is None or n == 1 else f"P{int(2 * n)}D"
    code, timed = UNIT_CODES.get(unit, ("X", False))
    factor = UNIT_FACTORS.get(unit, 1)
    t = "T" if timed else ""
    if n is None:
        return f"P{t}X{code}"
    n = n * factor
    whole = int(n)
    frac = n - whole
    if frac < 1e-9:
        return f"P{t}{whole}{code}"
    smaller = {
        "Y": ("M", 12, False),
        "M": ("D", 30, False) if not timed else ("S", 60, True),
        "W": ("D", 7, False),
        "D": ("H", 24, True),
        "H": ("M", 60, True),
        "S": ("S", 1, True),
    }[code]
    sub_code, mult, sub_timed = smaller
    sub = round(frac * mult)
    head = f"{whole}{code}" if whole else ""
    if timed or not sub_timed:
        return f"P{t}{head}{sub}{sub_code}"
    return f"P{head}T{sub}{sub_code}"


# ---------------------------------------------------------------------------
# Rules: a regular expression and a handler that turns a match into parts.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
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


Handler = Callable[[re.Match[str], _Ctx], dict[str, Any] | None]


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: Handler


def _g(m: re.Match[str], name: str) -> str:
    """A named group's text, "" when the group is absent or did not take part."""
    try:
        return m.group(name) or ""
    except IndexError:
        return ""


def _pos_mod(s: str | None) -> str | None:
    """TIMEX3 mod for "early", "late", "mid-", "the end of"..."""
    if not s:
        return None
    key = _norm(s)
    return POSITION_MODS.get(key) or POSITION_MODS.get(key.rstrip("-"))


def _h_full_date(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    mon = _g(m, "mon")
    if not _capitalised(mon):
        return None
    month = _month_num(mon)
    dtext = _g(m, "day") or _g(m, "dayw")
    if not dtext or month is None:
        return None
    dnorm = dtext.lower()
    day = ORDINAL_WORDS.get(dnorm) or int(re.sub(r"\D", "", dnorm) or 0)
    year = int(_g(m, "year")) if _g(m, "year") else None
    if not 1 <= day <= 31 or day > calendar.monthrange(year or 2024, month)[1]:
        return None
    wd = _g(m, "wd")
    if wd and not _capitalised(wd):
        return None
    rel = _norm(_g(m, "rel") or "")
    offset = {"last": -1, "this past": -1, "next": 1, "this coming": 1}.get(rel)
    return {
        "direction": offset or 0,
        "type": "DATE",
        "kind": "date",
        "year": year,
        "month": month,
        "day": day,
        "weekday": _weekday_num(wd) if wd else None,
    }


def _h_week_of(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    parts = _h_full_date(m, ctx)
    if parts is not None:
        parts["unit"] = "week"
    return parts


def _h_iso(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    y, mo, d = int(_g(m, "y")), int(_g(m, "m")), int(_g(m, "d"))
    try:
        date(y, mo, d)
    except ValueError:
        return None
    return {"type": "DATE", "kind": "date", "year": y, "month": mo, "day": d}


def _h_slash(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    a, b, y = int(_g(m, "a")), int(_g(m, "b")), int(_g(m, "y"))
    if y < 100:
        y += 2000 if y < 50 else 1900
    for mo, d in ((a, b), (b, a)):  # US order first, then day-first
        try:
            date(y, mo, d)
        except ValueError:
            continue
        return {"type": "DATE", "kind": "date", "year": y, "month": mo, "day": d}
    return None


def _h_month_year(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    mon = _g(m, "mon")
    if not _capitalised(mon):
        return None
    return {
        "type": "DATE",
        "kind": "month",
        "year": int(_g(m, "year")),
        "month": _month_num(mon),
        "mod": _pos_mod(_g(m, "pos")),
    }


def _h_month(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    mon = _g(m, "mon")
    if not _capitalised(mon):
        return None
    rel = _norm(_g(m, "rel") or "")
    pos = _g(m, "pos")
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
    return {
        "type": "DATE",
        "kind": "month",
        "month": _month_num(mon),
        "offset": offset,
        "mod": _pos_mod(pos),
        "direction": {-1: -1, 1: 1}.get(offset or 0, 0),
    }


def _h_year(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    year = int(_g(m, "year"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    prev = ctx.before(m.start())
    if prev and prev[-1] in NUMBERED_THINGS:
        return None  # "H.R. 1280", "Flight 1549": a number that names a bill or a flight
    pos = _g(m, "pos")
    lead = _norm(_g(m, "lead") or "")
    if not pos and not lead and not ctx.in_ent:
        if not prev or prev[-1] not in YEAR_CUES:
            return None
        nxt = ctx.after(m.end())
        if nxt and nxt[0] in ("%", "percent", "people", "troops", "km", "kilometres", "miles"):
            return None
    return {"type": "DATE", "kind": "year", "year": year, "mod": _pos_mod(pos)}


def _h_year_fy(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    return {"type": "DATE", "kind": "year", "year": int(_g(m, "year"))}


def _spoken_year(s: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    words = [w for w in re.split(r"[\s-]+", _norm(s)) if w not in ("and",)]
    if words[:2] == ["two", "thousand"]:
        rest = _parse_number(" ".join(words[2:])) if words[2:] else 0.0
        return None if rest is None else 2000 + int(rest)
    century = NUMBER_WORDS.get(words[0])
    if century is None:
        return None
    if words[1:] == ["hundred"]:
        return century * 100
    if words[1:2] == ["oh"]:
        words = words[:1] + words[2:]
    rest = _parse_number(" ".join(words[1:]))
    return None if rest is None or rest >= 100 else century * 100 + int(rest)


def _h_spoken_year(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    year = _spoken_year(_g(m, "yw"))
    if year is None:
        return None
    mon = _g(m, "mon")
    if mon:
        if not _capitalised(mon):
            return None
        return {"type": "DATE", "kind": "month", "year": year, "month": _month_num(mon)}
    if _norm(_g(m, "yw")).startswith("two thousand") and not _g(m, "lead"):
        prev = ctx.before(m.start())
        if not prev or prev[-1] not in YEAR_CUES:
            return None  # "two thousand people"
    return {"type": "DATE", "kind": "year", "year": year}


def _h_month_rel_year(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    mon = _g(m, "mon")
    if not _capitalised(mon):
        return None
    off = {"this": 0, "last": -1, "next": 1}[_norm(_g(m, "rel"))]
    return {"type": "DATE", "kind": "month", "month": _month_num(mon), "year_offset": off}


def _h_period_edge(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    unit: str = "year"
    mod: str | None = "END"
    if not _g(m, "yend"):
        unit, mod = _unit_base(_g(m, "u")), _pos_mod(_g(m, "pos"))
    return {"type": "DATE", "kind": "relative", "unit": unit, "offset": 0, "mod": mod}


def _h_fiscal_period(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    months = {"year": 12, "quarter": 3, "half": 6}[_norm(_g(m, "u"))]
    value = "P1Y" if months == 12 else f"P{months}M"
    return {"type": "DURATION", "kind": "duration", "duration": value, "unit": "month"}


def _h_the_weekend(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    return {"type": "DATE", "kind": "relative", "unit": "weekend", "offset": None}


def _h_clock_words(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    h = _parse_number(_g(m, "h"))
    if h is None or not 1 <= h <= 12:
        return None
    hour = int(h)
    part = _norm(_g(m, "p") or "")
    if part in ("afternoon", "evening", "night") and hour < 12:
        hour += 12
    elif part == "morning" and hour == 12:
        hour = 0
    return {"type": "TIME", "kind": "time", "hour": hour, "minute": 0}


def _half_code(s: str) -> str:
    s = _norm(s)
    return "H1" if s.startswith(("first", "1st")) else "H2"


def _h_apostrophe_year(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    prev = ctx.before(m.start())
    if not ctx.in_ent and (not prev or prev[-1] not in YEAR_CUES | {"class"}):
        return None
    yy = int(_g(m, "yy"))
    return {"type": "DATE", "kind": "year", "year": (1900 if yy >= 30 else 2000) + yy}


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}  # fmt: skip


def _h_decade(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    if _g(m, "dec"):
        d = int(_g(m, "dec")) // 10
    elif _g(m, "dd"):
        d = 190 + int(_g(m, "dd")) // 10
    else:
        d = 190 + _DECADE_WORDS[_g(m, "dw").lower()]
    return {"type": "DATE", "kind": "decade", "value": str(d), "mod": _pos_mod(_g(m, "pos"))}


def _h_century(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    o = _g(m, "ord").lower()
    n = ORDINAL_WORDS.get(o) or int(re.sub(r"\D", "", o) or 0)
    if not 1 <= n <= 22:
        return None
    return {
        "type": "DATE",
        "kind": "century",
        "value": f"{n - 1:02d}",
        "mod": _pos_mod(_g(m, "pos")),
    }


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    wd = _g(m, "wd")
    if not _capitalised(wd):
        return None
    rel = _norm(_g(m, "rel") or "")
    part = _g(m, "part")
    offset = {
        "last": -1,
        "next": 1,
        "this past": -1,
        "this coming": 1,
        "past": -1,
        "coming": 1,
    }.get(rel)
    out: dict[str, Any] = {
        "type": "DATE",
        "kind": "weekday",
        "weekday": _weekday_num(wd),
        "offset": offset,
        "direction": {-1: -1, 1: 1}.get(offset or 0, 0),
        "mod": _pos_mod(_g(m, "pos")),
    }
    if rel == "the previous":
        out.update(kind="anaphoric", unit="weekday", offset=-1)
    if part:
        out.update(type="TIME", part=DAY_PARTS[_norm(part)])
    return out


def _h_weekday_plural(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    wd = _g(m, "wd")
    if not _capitalised(wd):
        return None
    prev = ctx.before(m.start())
    if not prev or prev[-1] not in ("on", "every", "each", "most", "some", "all"):
        return None
    n = _weekday_num(wd)
    value = f"XXXX-WXX-{(n or 0) + 1}"
    if _g(m, "part"):
        value += "T" + DAY_PARTS[_norm(_g(m, "part"))]
    return {"type": "SET", "kind": "set", "value": value}


def _h_deictic(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    w = _norm(_g(m, "w"))
    offset = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }[w]
    part = _g(m, "part")
    pos = _norm(_g(m, "pos") or "")
    out: dict[str, Any] = {
        "type": "DATE",
        "kind": "relative",
        "offset": offset,
        "unit": "day",
        "direction": (offset > 0) - (offset < 0),
        "mod": {"early": "START", "late": "END"}.get(pos),
    }
    if w == "tonight":
        out.update(type="TIME", part="NI")
    if part:
        out.update(type="TIME", part=DAY_PARTS[_norm(part)])
    return out


def _h_this_part(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    rel = _norm(_g(m, "rel"))
    part = _norm(_g(m, "part"))
    offset = -1 if rel == "last" else (1 if rel == "tomorrow" else 0)
    return {
        "type": "TIME",
        "kind": "relative",
        "offset": offset,
        "unit": "day",
        "part": DAY_PARTS[part],
        "direction": (offset > 0) - (offset < 0),
    }


def _h_ref(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    w = _norm(_g(m, "w"))
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
    return {"type": "DATE", "kind": "ref", "value": value, "direction": d}


def _h_recent_units(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    q = _norm(_g(m, "q"))
    unit = _unit_base(_g(m, "u"))
    if q in ("recent",):
        return {"type": "DATE", "kind": "ref", "value": "PAST_REF", "direction": -1}
    if q in ("coming", "the coming", "upcoming", "future"):
        return {"type": "DATE", "kind": "ref", "value": "FUTURE_REF", "direction": 1}
    reach = 1 if q.startswith(("next", "the next")) else -1
    return {
        "type": "DURATION",
        "kind": "duration",
        "duration": _duration_value(None, unit),
        "unit": unit,
        "reach": reach,
        "direction": reach,
    }


_REL_OFFSETS: dict[str, int] = {
    "this": 0, "current": 0, "the current": 0, "this current": 0,
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "this past": -1,
    "next": 1, "coming": 1, "the coming": 1, "this coming": 1, "upcoming": 1,
    "the upcoming": 1, "the following": 1, "following": 1, "the same": 0, "that": 0,
    "the last": -1, "the past": -1, "the next": 1, "later this": 0, "earlier this": 0,
}  # fmt: skip


def _h_rel_unit(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    rel = _norm(_g(m, "rel"))
    unit = _unit_base(_g(m, "u"))
    pos = _g(m, "pos")
    mod = _pos_mod(pos)
    if rel in ("the past", "the last", "the next") and not pos:
        # "the past year": a duration reaching back from the anchor (TE3)
        if unit == "weekend":
            return None
        reach = 1 if rel == "the next" else -1
        return {
            "type": "DURATION",
            "kind": "duration",
            "duration": _duration_value(1, unit),
            "unit": unit,
            "reach": reach,
            "direction": reach,
        }
    if rel in ("the same", "that", "the following", "the previous"):
        return {
            "type": "DATE",
            "kind": "anaphoric",
            "unit": unit,
            "offset": _REL_OFFSETS[rel],
        }
    offset = _REL_OFFSETS[rel]
    if pos and _norm(pos) in ("earlier", "later"):
        mod = "START" if _norm(pos) == "earlier" else None
    return {
        "type": "DATE",
        "kind": "relative",
        "unit": unit,
        "offset": offset,
        "mod": mod,
        "direction": (offset > 0) - (offset < 0),
    }


def _h_ago(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    unit = _unit_base(_g(m, "u"))
    word = _norm(_g(m, "dir"))
    ntext = _g(m, "n")
    n = _parse_number(_range_low(ntext)) if ntext else None
    vague = not ntext or re.fullmatch(_VAGUE, ntext.strip(), _FLAGS) is not None
    mod = MOD_WORDS.get(_norm(_g(m, "mod") or "")) if _g(m, "mod") else None
    if mod is None and _g(m, "orso"):
        mod = "APPROX"
    sign = -1 if word in ("ago", "earlier", "before", "back") else 1
    if word in ("ago", "from now", "hence", "back"):
        if vague or n is None:
            return {
                "type": "DATE",
                "kind": "ref",
                "value": "PAST_REF" if sign < 0 else "FUTURE_REF",
                "direction": sign,
            }
        return {
            "type": "DATE",
            "kind": "ago",
            "unit": unit,
            "offset": int(sign * n) if n == int(n) else sign * n,
            "mod": mod,
            "direction": sign,
        }
    if word == "earlier" and unit in ("year", "quarter") and not vague and n is not None:
        # "a year earlier" in news compares with the publication date's period
        return {
            "type": "DATE",
            "kind": "ago",
            "unit": unit,
            "offset": -int(n) if n == int(n) else -n,
            "mod": mod,
            "direction": -1,
        }
    # "three days later", "a week before": a duration from some other point of
    # the story (TimeML marks "three days" alone); the duration rule takes it
    return None


def _h_duration(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    ntext = _g(m, "n")
    unit_text = _g(m, "u")
    unit = _unit_base(unit_text)
    modtext = _norm(_g(m, "mod") or "")
    mod = MOD_WORDS.get(modtext) if modtext else None
    rel = _norm(_g(m, "rel") or "")
    det = _norm(_g(m, "det") or "")
    vague = re.fullmatch(_VAGUE, ntext.strip(), _FLAGS) is not None
    low = _range_low(ntext)
    n = None if vague else _parse_number(low)
    if not vague and n is None:
        return None
    if re.fullmatch(r"\d{4}", low.strip()) and MIN_YEAR <= int(low) <= MAX_YEAR:
        return None  # "the 1988 quarter": a year, not 1988 quarters
    if re.match(r"\s*-?\s*old\b|\s+of\s+age\b", ctx.text[m.end() : m.end() + 10], _FLAGS):
        return None  # an age: "33 years old"
    singular_a = _norm(ntext) in ("a", "an") and not rel and not mod
    prev = ctx.before(m.start(), 2)
    if singular_a and not det:
        # "a year": a duration only with a cue; "$5 million a year" is a frequency
        if prev and (
            re.fullmatch(r"[\d.,$%]+", prev[-1])
            or prev[-1] in ("million", "billion", "times", "once", "twice", "per")
        ):
            return {"type": "SET", "kind": "set", "value": _duration_value(1, unit)}
        if not ctx.in_ent and (not prev or prev[-1] not in DURATION_CUES):
            return None
    if vague and not rel and not mod and not ctx.in_ent:
        if not prev or prev[-1] not in DURATION_CUES | {"the"}:
            return None
    reach = -1 if rel in ("past", "last", "previous") else (1 if rel in ("next", "coming") else 0)
    if n is not None and _g(m, "half"):
        n += 0.5
    if mod is None and (_g(m, "orso") or _norm(ntext) in ("a couple of", "a couple", "couple of")):
        mod = "APPROX"
    return {
        "type": "DURATION",
        "kind": "duration",
        "duration": _duration_value(n, unit),
        "unit": unit,
        "mod": mod,
        "reach": reach,
        "direction": reach,
    }


def _h_duration_adj(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    if re.match(r"-old\b|\s+old\b", ctx.text[m.end() : m.end() + 6], _FLAGS):
        return None  # "33-year-old"
    ntext = _g(m, "n")
    if ntext and _norm(ntext) in ("a", "an"):
        return None
    plural = _g(m, "u").lower().endswith("s")
    n = _parse_number(ntext) if ntext else (None if plural else 1.0)
    if ntext and n is None:
        return None
    unit = _unit_base(_g(m, "u"))
    return {
        "type": "DURATION",
        "kind": "duration",
        "duration": _duration_value(n, unit),
        "unit": unit,
    }


def _h_vague_plural(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    if re.match(r"\s*-?\s*old\b|\s+of\s+age\b", ctx.text[m.end() : m.end() + 10], _FLAGS):
        return None
    prev = ctx.before(m.start())
    if not ctx.in_ent and (
        not prev
        or prev[-1]
        not in ("for", "in", "within", "over", "after", "took", "lasted", "spent", "last")
    ):
        return None
    unit = _unit_base(_g(m, "u"))
    return {
        "type": "DURATION",
        "kind": "duration",
        "duration": _duration_value(None, unit),
        "unit": unit,
    }


def _h_set(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    w = _norm(m.group(0))
    if w in SET_WORDS:
        return {"type": "SET", "kind": "set", "value": SET_WORDS[w]}
    every = _norm(_g(m, "every"))
    target = _g(m, "t")
    step = 2 if "other" in every else 1
    tn = _norm(target)
    if tn in WEEKDAYS:
        if not _capitalised(target):
            return None
        return {"type": "SET", "kind": "set", "value": f"XXXX-WXX-{WEEKDAYS[tn] + 1}"}
    if _month_num(tn) is not None:
        if not _capitalised(target):
            return None
        return {"type": "SET", "kind": "set", "value": f"XXXX-{_month_num(tn):02d}"}
    if tn in DAY_PARTS:
        return {"type": "SET", "kind": "set", "value": f"XXXX-XX-XXT{DAY_PARTS[tn]}"}
    return {"type": "SET", "kind": "set", "value": _duration_value(step, tn)}


def _h_times_per(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    return {"type": "SET", "kind": "set", "value": _duration_value(1, _g(m, "u"))}


def _ordinal_num(s: str) -> int | None:
    s = _norm(s)
    if s in ("final", "last", "latter"):
        return 4
    return ORDINAL_WORDS.get(s) or (int(re.sub(r"\D", "", s)) if re.search(r"\d", s) else None)


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    ordt = _g(m, "ord")
    rel = _norm(_g(m, "rel") or "")
    yr = _g(m, "year") or _g(m, "year2")
    relyear = _norm(_g(m, "relyear") or _g(m, "relyear2"))
    det = _norm(_g(m, "det") or "")
    q = _ordinal_num(ordt) if ordt else None
    if q is not None and not 1 <= q <= 4:
        return None
    if q is None and not rel and det not in ("the", "this") and not ctx.in_ent:
        return None
    if q is None and not rel and det == "this":
        rel = "current"
    out: dict[str, Any] = {"type": "DATE", "kind": "period", "unit": "quarter"}
    if det == "the" and re.search(r"-quarter$", m.group(0), _FLAGS) and not rel:
        out["skip_lead"] = len(_g(m, "det")) + 1  # "the third-quarter loss": "the" goes with "loss"
    if q is not None:
        out["part"] = f"Q{q}"
        if yr:
            out["year"] = int(yr)
        elif relyear or rel in ("year-ago", "year-earlier", "last year's"):
            year_off = {"this": 0, "last": -1, "next": 1}.get(
                relyear.split()[0] if relyear else "last", -1
            )
            out["year_offset"] = year_off
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
    out.update(kind="relative", offset=offsets[rel] + 4 * year_off)
    return out


def _h_q(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    yr = _g(m, "year") or _g(m, "year2")
    out: dict[str, Any] = {
        "type": "DATE",
        "kind": "period",
        "part": f"Q{m.group('q')}",
        "unit": "quarter",
    }
    if yr:
        out["year"] = int(yr) if len(yr) == 4 else 2000 + int(yr)
    return out


def _h_half(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    yr = _g(m, "year")
    relyear = _norm(_g(m, "relyear") or "")
    if not yr and not relyear and not ctx.in_ent:
        return None
    out: dict[str, Any] = {
        "type": "DATE",
        "kind": "period",
        "part": _half_code(_g(m, "ord")),
        "unit": "half",
    }
    if yr:
        out["year"] = int(yr)
    elif relyear:
        out["year_offset"] = {"this": 0, "last": -1, "next": 1}[relyear]
    return out


def _h_season(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    rel = _norm(_g(m, "rel") or "")
    yr = _g(m, "year")
    season = SEASONS[_norm(_g(m, "season"))]
    pos = _g(m, "pos")
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
        if _norm(_g(m, "season")) == "fall":
            return None
    out: dict[str, Any] = {
        "type": "DATE",
        "kind": "period",
        "part": season,
        "unit": "season",
        "mod": _pos_mod(pos),
    }
    if yr:
        out["year"] = int(yr)
    else:
        out["offset"] = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "this": 0}.get(
            rel
        )
        out["direction"] = {-1: -1, 1: 1}.get(out["offset"] or 0, 0)
    return out


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    name = _norm(_g(m, "h"))
    rel = _norm(_g(m, "rel") or "")
    if not _capitalised(_g(m, "h").replace("the ", "")) and not name.startswith("the"):
        return None
    out: dict[str, Any] = {"type": "DATE", "kind": "holiday", "part": name}
    if _g(m, "year"):
        out["year"] = int(_g(m, "year"))
    if rel:
        out["offset"] = {"last": -1, "next": 1, "this": 0}.get(rel)
        out["direction"] = {-1: -1, 1: 1}.get(out["offset"] or 0, 0)
    return out


def _h_clock(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    t = _norm(_g(m, "clock"))
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
    return {"type": "TIME", "kind": "time", "hour": hour, "minute": minute}


_ANAPHORIC_OFFSETS: dict[str, int] = {
    "the same": 0, "that": 0, "the": 0, "the next": 1, "the following": 1,
    "the previous": -1, "the preceding": -1,
}  # fmt: skip


def _h_anaphoric(m: re.Match[str], ctx: _Ctx) -> dict[str, Any] | None:
    rel = _norm(_g(m, "rel"))
    unit = _norm(_g(m, "u"))
    if rel == "the":
        # a bare "the day" only where spaCy saw a date, and not "the day before the vote"
        if not ctx.in_ent or ctx.after(m.end())[:1] in (["before"], ["after"], ["of"]):
            return None
    out: dict[str, Any] = {
        "type": "DATE",
        "kind": "anaphoric",
        "unit": "day",
        "offset": _ANAPHORIC_OFFSETS[rel],
    }
    if unit != "day":
        out.update(type="TIME", part=DAY_PARTS[unit])
    return out


def _build_rules() -> list[_Rule]:
    wd = rf"(?P<wd>{_WD})"
    rules: list[_Rule] = []

    def add(name: str, pattern: str, handler: Handler) -> None:
        rules.append(_Rule(name, _rx(pattern), handler))

    # explicit dates, optionally with a weekday in front: "Monday, June 2", "Friday, 16 May 2025"
    add(
        "date_mdy",
        rf"(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?:{wd}\s*,?\s+(?:the\s+)?)?(?P<mon>{_MON})\s+(?P<day>{_DAYNUM}|{_DAYWORD})(?:\s*,?\s*(?P<year>{_YEAR}))?",
        _h_full_date,
    )
    add(
        "date_dmy",
        rf"(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?:{wd}\s*,?\s+(?:the\s+)?)?(?:(?P<day>{_DAYNUM})\s+(?:of\s+)?|(?P<dayw>{_DAYWORD})\s+of\s+)(?P<mon>{_MON})(?:\s*,?\s*(?P<year>{_YEAR}))?",
        _h_full_date,
    )
    add(
        "week_of",
        rf"the\s+week\s+of\s+(?P<mon>{_MON})\s+(?P<day>{_DAYNUM})(?:\s*,?\s*(?P<year>{_YEAR}))?",
        _h_week_of,
    )
    add("date_iso", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", _h_iso)
    add("date_slash", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})", _h_slash)
    add(
        "month_year",
        rf"(?:(?P<pos>{_POS})\s*)?(?P<mon>{_MON})(?:\s+of)?,?\s+(?P<year>{_YEAR})",
        _h_month_year,
    )
    add(
        "month",
        rf"(?:(?P<rel>last|next|this\s+past|this\s+coming|this)\s+)?(?:(?P<pos>{_POS})\s*)?(?P<mon>{_MON})",
        _h_month,
    )
    add(
        "year",
        rf"(?:(?P<pos>{_POS})\s*|(?P<lead>fiscal(?:\s+year)?|(?:the\s+)?(?:calendar\s+)?year|FY)\s*)?(?P<year>{_YEAR})",
        _h_year,
    )
    add("year_fy", r"FY(?P<year>\d{4})", _h_year_fy)
    add(
        "year_spoken",
        rf"(?:(?P<mon>{_MON})\s+(?:of\s+)?|(?P<lead>the\s+year)\s+)?(?P<yw>{_YEARW})",
        _h_spoken_year,
    )
    add(
        "month_rel_year",
        rf"(?P<mon>{_MON})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year",
        _h_month_rel_year,
    )
    add(
        "period_edge",
        r"(?P<pos>the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)\s+the\s+"
        r"(?P<u>week|month|year|quarter)|(?P<yend>year[\s-]end|year's\s+end)",
        _h_period_edge,
    )
    add("the_weekend", r"the\s+weekend", _h_the_weekend)
    add(
        "fiscal_period",
        r"the\s+(?:fiscal\s+|financial\s+)?(?P<u>year|quarter|half)(?=\s+(?:ended|ending|that\s+ended|through)\b)",
        _h_fiscal_period,
    )
    add(
        "clock_words",
        rf"(?P<h>\d{{1,2}}|{_UNITS_WORD}|ten|eleven|twelve)\s+(?:o'clock|in\s+the\s+(?P<p>morning|afternoon|evening)|at\s+night)",
        _h_clock_words,
    )
    add("year_apostrophe", r"'(?P<yy>\d\d)(?!\d|s)", _h_apostrophe_year)
    add(
        "decade",
        r"(?:the\s+)?(?:(?P<pos>early|late|mid-?)\s*)?(?:(?P<dec>(?:1\d|20)\d0)'?s|'(?P<dd>\d0)s|(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
        _h_decade,
    )
    add(
        "century",
        rf"(?:the\s+)?(?:(?P<pos>early|late|mid-?)\s*)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{_DAYWORD})[\s-]+century",
        _h_century,
    )
    add(
        "holiday",
        rf"(?:(?P<rel>last|next|this)\s+)?(?P<h>{'|'.join(sorted((re.escape(h) for h in (*FIXED_HOLIDAYS, *MOVING_HOLIDAYS)), key=len, reverse=True))})(?:\s*,?\s*(?P<year>{_YEAR}))?",
        _h_holiday,
    )
    # quarters, halves, seasons
    add(
        "quarter",
        rf"(?:(?P<det>the|this|(?P<relyear>this|last|next)\s+year's)\s+)?(?:(?P<year>{_YEAR})\s+)?"
        rf"(?:(?P<rel>current|latest|last|past|previous|next|coming|year-ago|year-earlier|same|comparable)\s+)?"
        rf"(?:fiscal[\s-]+)?(?:(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal[\s-]+)?quarter"
        rf"(?:\s+of\s+(?:(?P<year2>{_YEAR})|(?P<relyear2>this|last|next)\s+year))?",
        _h_quarter,
    )
    add(
        "quarter_q",
        rf"(?:(?P<year>{_YEAR})\s+)?Q(?P<q>[1-4])(?:\s*(?:'|20)?(?P<year2>\d\d)\b)?",
        _h_q,
    )
    add(
        "half",
        rf"(?:the\s+)?(?P<ord>first|second|1st|2nd|latter)[\s-]+half(?:\s+of\s+(?:(?P<year>{_YEAR})|(?P<relyear>this|last|next)\s+year))?",
        _h_half,
    )
    add(
        "season",
        rf"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|the)\s+)?(?:(?P<pos>early|late|mid-?)\s*)?"
        rf"(?P<season>spring|summer|autumn|winter|fall)(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?",
        _h_season,
    )
    # weekdays: "last Friday", "Thursday morning", "early Tuesday"
    add(
        "weekday",
        rf"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|the\s+previous|past|coming)\s+)?(?:(?P<pos>early|late)\s+)?{wd}"
        rf"(?:\s+(?P<part>{_PART}))?",
        _h_weekday,
    )
    # a weekday glued to a byline: "Anastasia ProtzFriday, 16 May 2025"
    rules.append(
        _Rule("weekday_glued", re.compile(rf"(?<=[a-z])(?P<wd>{_WD})(?=[\s,])"), _h_weekday)
    )
    add("weekday_plural", rf"(?P<wd>{_WD})s(?:\s+(?P<part>{_PART})s?)?", _h_weekday_plural)
    # today, yesterday, tonight, "yesterday morning", "late yesterday"
    add(
        "deictic",
        rf"(?:(?P<pos>early|late|earlier|later)\s+)?(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)"
        rf"(?:\s+(?P<part>{_PART}))?",
        _h_deictic,
    )
    add(
        "this_part",
        r"(?P<rel>this|last|tomorrow)\s+(?P<part>morning|afternoon|evening|night)",
        _h_this_part,
    )
    add(
        "ref",
        r"(?P<w>right\s+now|just\s+now|now|nowadays|currently|at\s+present|these\s+days|recently|lately"
        r"|the\s+(?:near|foreseeable|distant|immediate)\s+future|the\s+future|future|the\s+(?:near|short|long)\s+term"
        r"|as\s+soon\s+as\s+possible|soon|shortly|the\s+past)",
        _h_ref,
    )
    add(
        "recent_units",
        r"(?:the\s+)?(?P<q>recent|coming|upcoming|(?:the\s+)?(?:past|last|next)\s+(?:few|several|couple\s+of))\s+(?P<u>years|months|weeks|days|decades|hours|quarters)",
        _h_recent_units,
    )
    add(
        "rel_unit",
        rf"(?:(?P<pos>{_POS}|earlier|later)\s+)?(?P<rel>this\s+past|this\s+coming|this|the\s+current|current|last|past|previous|next|coming|upcoming"
        rf"|the\s+past|the\s+last|the\s+next|the\s+previous|the\s+following|the\s+coming|the\s+upcoming|the\s+same|that)\s+"
        rf"(?P<u>week|weekend|month|year|decade|century)",
        _h_rel_unit,
    )
    add(
        "ago",
        rf"(?:(?P<mod>{_MODS})\s+)?(?:(?P<n>{_NUM}|{_VAGUE})\s+)?(?P<u>{_UNIT})(?P<orso>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back)(?!\s+(?:the|a|an|his|her|their|its|he|she|they|it|we)\b)",
        _h_ago,
    )
    add(
        "duration",
        rf"(?:(?P<mod>{_MODS})\s+(?!the\b))?(?:(?P<det>the|another|an\s+additional)\s+)?"
        rf"(?:(?P<rel>past|last|next|first|coming|previous|following|latest|final|initial|remaining|additional|further)\s+)?"
        rf"(?P<n>{_NUM}|{_VAGUE})(?:\s+(?:more|additional|full|straight|consecutive|long|whole|extra))?\s+(?P<u>{_UNIT})"
        r"(?P<half>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?",
        _h_duration,
    )
    add(
        "duration_adj",
        r"(?P<n>\d+(?:\.\d+)?|"
        + _NUMWORD
        + r")-(?P<u>second|minute|hour|day|night|week|month|year|decade)(?:-long)?",
        _h_duration_adj,
    )
    add(
        "duration_long", r"(?P<u>hours?|days?|weeks?|months?|years?|decades?)-long", _h_duration_adj
    )
    add(
        "vague_plural",
        r"(?P<u>years|months|weeks|days|decades|hours|minutes|centuries)",
        _h_vague_plural,
    )
    add(
        "set",
        rf"(?:daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly|hourly|semiannually)"
        rf"|(?P<every>every(?:\s+other)?|each)\s+(?P<t>{_WD}|{_MON}|{_UNIT_SING}|morning|afternoon|evening|night)",
        _h_set,
    )
    add(
        "times_per",
        r"(?:once|twice|\w+\s+times)\s+(?:a|an|per|every)\s+(?P<u>day|week|month|year|hour|quarter)",
        _h_times_per,
    )
    add("clock", rf"(?:at\s+)?(?P<clock>{_CLOCK})", _h_clock)
    add(
        "anaphoric",
        r"(?P<rel>the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding|that|the)\s+"
        r"(?P<u>day|morning|evening|night|afternoon)",
        _h_anaphoric,
    )
    return rules


_RULES = _build_rules()

# ---------------------------------------------------------------------------
# Finding mentions in a Doc.
# ---------------------------------------------------------------------------

_LEADING_JUNK = re.compile(
    r"^(?:on|in|at|since|until|till|by|from|for|during|of|to|just|only|as|about|around|"
    r"some|roughly|approximately|nearly|almost|over|under|within|after|before|between)\s+",
    _FLAGS,
)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|')$")


@dataclass
class _Cand:
    start: int
    end: int
    parts: dict[str, Any]
    rule: str
    source: str = "rule"


def _candidates(text: str, ents: list[tuple[int, int]]) -> list[_Cand]:
    """Every rule match over the whole text."""
    ent_starts = [s for s, _ in ents]
    out: list[_Cand] = []

    def in_ent(s: int, e: int) -> bool:
        k = bisect.bisect_right(ent_starts, s) - 1
        return k >= 0 and ents[k][0] <= s and e <= ents[k][1]

    for rule in _RULES:
        for m in rule.regex.finditer(text):
            if m.end() == m.start():
                continue
            s, e = m.start(), m.end()
            # strip a leading "at " that the clock rule allows
            lead = re.match(r"at\s+", m.group(0), _FLAGS)
            if lead and rule.name == "clock":
                s += lead.end()
            parts = rule.handler(m, _Ctx(text, in_ent(s, e)))
            if parts is not None:
                s += parts.pop("skip_lead", 0)
                out.append(_Cand(s, e, parts, rule.name))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Leftmost-longest non-overlapping choice."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _day_like(c: _Cand) -> bool:
    """A day-level date that a clock time can attach to."""
    p = c.parts
    if p.get("type") == "TIME":
        return False
    return p["kind"] in ("date", "weekday") or (p["kind"] == "relative" and p.get("unit") == "day")


def _merge_clock(cands: list[_Cand], text: str) -> list[_Cand]:
    """Join a clock time with a day next to it: "10 p.m. Wednesday", "16 May 2025, 13:57"."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if i + 1 < len(cands):
            n = cands[i + 1]
            gap = text[c.end : n.start]
            if re.fullmatch(r"\s*,?\s*", gap) and (
                (c.parts["kind"] == "time" and _day_like(n))
                or (n.parts["kind"] == "time" and _day_like(c))
            ):
                clock, day = (c, n) if c.parts["kind"] == "time" else (n, c)
                parts = dict(day.parts)
                parts.update(
                    type="TIME",
                    kind="time",
                    hour=clock.parts["hour"],
                    minute=clock.parts["minute"],
                )
                out.append(_Cand(c.start, n.end, parts, "clock+" + day.rule, c.source))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _trim_ent(text: str, s: int, e: int) -> tuple[int, int]:
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


def _is_junk_ent(text: str, s: int, e: int) -> bool:
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


def _dateparser_ok(s: str) -> bool:
    """Only explicit strings go to dateparser: a month name or a year."""
    years = [int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", s)]
    return bool(re.search(_MON, s)) or any(MIN_YEAR <= y <= MAX_YEAR for y in years)


def _fallback(text: str, s: int, e: int) -> dict[str, Any] | None:
    """What to keep of a spaCy entity that none of our rules read."""
    span = text[s:e]
    words = set(re.findall(r"[a-z]+", span.lower()))
    if _dateparser_ok(span):
        return {"type": "DATE", "kind": "fallback"}
    if words & TEMPORAL_WORDS:
        return {"type": "DATE", "kind": "unknown"}
    return None


# -- direction from tense ----------------------------------------------------


def _verb_direction(tok: Any) -> tuple[int | None, str]:
    """Direction from one verb's tense and auxiliaries, and how sure it is.

    Returns ``(direction, strength)``; ``direction`` is ``None`` when the verb
    says nothing.  ``strength`` is ``"lexical"`` when a word decided ("will",
    "going to", "is expected to", "continues preparing for"): that holds even
    through a noun phrase; ``"tense"`` for a plain tense, which holds only when
    the expression locates the verb directly; ``"hint"`` for weak cues
    (modals, "planned ... on Friday").
    """
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    aux_words = [a.lower_ for a in auxes]
    tag = tok.tag_
    lemma = tok.lemma_.lower()
    has_xcomp = any(c.dep_ == "xcomp" for c in tok.children)
    perfect = any(a in ("has", "have", "had", "'ve") for a in aux_words)
    if any(a in STRONG_FUTURE_AUX for a in aux_words):
        if "have" in aux_words and tag == "VBN":
            return -1, "tense"  # "will have met"
        return 1, "lexical"
    if "going" in aux_words or (lemma == "go" and tag == "VBG" and has_xcomp):
        return 1, "lexical"
    if lemma in FUTURE_LEMMAS and lemma not in DEFER_LEMMAS:
        if tag == "VBD" or perfect:
            return 1, "hint"  # "planned a rally on Saturday", "has scheduled it for Thursday"
        return 1, "lexical"  # "is expected to", "scheduled for", "continues preparing for"
    if lemma in FUTURE_IF_TO_LEMMAS and has_xcomp and tag != "VBD":
        return 1, "lexical"  # "is set to meet", "is due to"
    if "could" in aux_words:
        return None, "hint"  # "could be located Wednesday": past ability or future possibility
    if any(a in ("would", "'d") for a in aux_words):
        if "have" in aux_words and tag == "VBN":
            return -1, "tense"  # "would have met"
        return 1, "tense"
    if any(a in FUTURE_AUX for a in aux_words):
        return 1, "hint"
    if tag == "VBD":
        return -1, "tense"
    if tag == "VBN":
        if perfect or any(a in ("'s", "was", "were", "been") for a in aux_words):
            return -1, "tense"
        if not aux_words:
            return -1, "tense"  # "the decision, announced Wednesday"
        return None, "tense"
    if tag == "VBG":
        if any(a in ("is", "are", "am", "'re", "'s") for a in aux_words):
            return 1, "tense"  # "is meeting on Monday": an arrangement
        if any(a in ("was", "were") for a in aux_words):
            return -1, "tense"
        return None, "tense"
    if tag in ("VBZ", "VBP"):
        return (0 if lemma != "be" else None), "tense"
    if tag == "MD":
        return 1, "hint"
    return None, "tense"


def _direction(doc: Any, start: int, end: int) -> tuple[int, bool]:
    """Past (-1), future (+1) or unknown (0) for the expression at [start, end), and
    whether that reading is only a hint (``weak``).

    The tense of a verb counts fully only when the expression locates that
    verb directly ("met on Friday", "will meet Monday").  Reached through a
    noun phrase ("the Aug. 7 bombings"), an infinitive ("agreed to buy it in
    February") or a preposition that does not locate ("payable Dec. 7", "until
    January"), it is a hint: resolution then prefers the nearest reading
    unless that is far against the hint.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0, False
    parsed = doc.has_annotation("DEP")
    # a cue word just before: "since Monday", "ahead of Thursday's talks"
    i = span.start
    before = [t.lower_ for t in doc[max(0, i - 2) : i]]
    if before and before[-1] in PAST_PREPOSITIONS:
        return -1, False
    if before[-2:] == ["ahead", "of"]:
        return 1, False
    # a past verb right before ("said Friday", "said on Friday") governs it,
    # whatever the parser attached the expression to
    j = i - 1
    if j >= 0 and doc[j].lower_ in ("on", "late", "early", "last"):
        j -= 1
    if j >= 0 and doc[j].tag_ == "VBD":
        return -1, False
    if not parsed:
        return 0, False
    inside = range(span.start, span.end)
    tok = span.root
    weak = tok.dep_ not in DIRECT_DEPS
    prep = ""
    for _ in range(MAX_HEAD_CLIMB):
        if tok.i not in inside:
            pos = tok.pos_
            if pos in ("VERB", "AUX"):
                if (prep in ("until", "till", "to") and tok.lemma_.lower() in DEFER_LEMMAS) or \
                        (prep == "for" and tok.lemma_.lower() in RESCHEDULE_LEMMAS):
                    return 1, False  # "postponed until Tuesday", "rescheduled for Friday"; not "delayed on Monday"
                d, strength = _verb_direction(tok)
                if strength == "lexical":
                    return int(d or 0), False
                if d is not None:
                    return d, (weak or strength == "hint") and d != 0
                if tok.tag_ == "VB" and any(c.tag_ == "TO" for c in tok.children):
                    weak = True  # infinitive: the verb it depends on only hints
                if tok.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "ROOT", "relcl", "pcomp"):
                    weak = True
            elif pos == "ADP":
                prep = prep or tok.lower_
                if tok.lower_ not in LOCATING_PREPOSITIONS:
                    weak = True
            else:
                weak = True
                for c in tok.children:
                    if c.i in inside or c.dep_ not in ("amod", "compound", "advmod"):
                        continue
                    lemma = c.lemma_.lower()
                    if lemma in FUTURE_MODIFIERS:
                        return 1, False
                    if lemma in PAST_MODIFIERS and c.dep_ == "amod":
                        return -1, False
        if tok.head is tok:
            break
        tok = tok.head
    return 0, False


# -- reach of durations ------------------------------------------------------

_BACK_CUES = frozenset({"first", "not", "n't", "never", "no", "last", "only"})


def _reach(doc: Any, start: int, end: int, parts: dict[str, Any], direction: int) -> int:
    """Does a duration end at the anchor (-1), start there (+1), or float (0)?"""
    if parts.get("reach"):
        return int(parts["reach"])
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    i = span.start
    prev = doc[i - 1].lower_ if i > 0 else ""
    first = (sents(doc)[sentence_of_token(doc)[i]].start if doc.has_annotation("SENT_START")
             else max(0, i - 12))
    left = list(doc[first:i])
    perfect = False
    verb = span.root
    for _ in range(MAX_HEAD_CLIMB):
        if verb.pos_ in ("VERB", "AUX"):
            perfect = any(
                c.lower_ in ("has", "have", "had", "'ve") and c.dep_ == "aux" for c in verb.children
            )
            break
        if verb.head is verb:
            break
        verb = verb.head
    if prev in ("in", "over") and direction <= 0:
        if perfect or any(t.lower_ in _BACK_CUES or t.tag_ in ("JJS", "RBS") for t in left):
            return -1
    if prev in ("in", "within") and direction > 0:
        return 1
    if prev == "for":
        if perfect:
            return -1
        if direction > 0:
            return 1
    return 0


#: Dependencies by which a date modifies a noun ("the July 25 call"); a possessive
#: ("Tuesday's hearing") usually names the day the story is at, so it is not one of them.
NOMINAL_DEPS = frozenset({"nmod", "compound", "amod", "nummod"})


def _modifies_noun(doc: Any, start: int, end: int) -> bool:
    """Does the expression at [start, end) modify a noun outside it ("July 25" in
    "Trump's July 25 phone call")?"""
    if not doc.has_annotation("DEP"):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    head = root.head
    return (root.dep_ in NOMINAL_DEPS and head is not root
            and not (span.start <= head.i < span.end) and head.pos_ in ("NOUN", "PROPN"))


def _sentence_index(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


# entity labels whose names may hold a time word that is no time ("USA TODAY Sports", "Good Morning America")
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "PRODUCT", "FAC"})


def _inside_a_name(doc: Any, c: _Cand) -> bool:
    """Whether candidate ``c`` lies wholly inside a name the tagger found."""
    return any(e.label_ in _NAME_LABELS and e.start_char <= c.start and c.end <= e.end_char
               and (e.end_char - e.start_char) > (c.end - c.start) for e in doc.ents)


def find_time_mentions(doc: Any) -> list[TimeMention]:
    """Every time expression in a parsed spaCy ``Doc``, in text order.

    Candidates come from our patterns and from spaCy DATE/TIME entities; where
    they overlap our patterns win (spaCy often includes prepositions or leaves
    out modifiers).  Entities no pattern covers are kept when dateparser could
    read them or they name a time unit; bare numbers and ages are dropped.
    """
    text: str = doc.text
    ents = sorted(
        _trim_ent(text, e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")
    )
    ents = [(s, e) for s, e in ents if e > s]
    cands = _candidates(text, ents)
    chosen = _select(cands)
    # spaCy entities that no pattern touched
    for s, e in ents:
        if any(c.start < e and s < c.end for c in chosen):
            continue
        if _is_junk_ent(text, s, e):
            continue
        parts = _fallback(text, s, e)
        if parts is not None:
            chosen.append(_Cand(s, e, parts, "spacy", "spacy"))
    chosen.sort(key=lambda c: c.start)
    chosen = _merge_clock(chosen, text)

    chosen = [c for c in chosen if not _frequency_adjective(doc, c) and not _inside_a_name(doc, c)]

    # without a parser or sentencizer every mention is in sentence 0
    sent_starts = [s.start_char for s in sents(doc)] if doc.has_annotation("SENT_START") else [0]
    out: list[TimeMention] = []
    for c in chosen:
        parts = dict(c.parts)
        year_offset = parts.pop("year_offset", None)
        d = parts.pop("direction", 0) or 0
        weak = False
        if not d:
            d, weak = _direction(doc, c.start, c.end)
        prev_words = [
            t.lower_ for t in doc[max(0, _tok_index(doc, c.start) - 2) : _tok_index(doc, c.start)]
        ]
        since = bool(prev_words) and prev_words[-1] == "since"
        until = bool(prev_words) and prev_words[-1] in ("until", "till", "'til", "untill")
        if since:
            d, weak = -1, False
        if parts.get("kind") == "duration":
            parts["reach"] = _reach(doc, c.start, c.end, parts, d)
        if year_offset is not None:
            parts["offset"] = year_offset
            parts["unit"] = "year"
        out.append(
            TimeMention(
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                sentence=_sentence_index(sent_starts, c.start),
                direction=d,
                weak=weak,
                since=since,
                until=until,
                nominal=_modifies_noun(doc, c.start, c.end),
                source=c.source,
                **parts,
            )
        )
    return out


def _frequency_adjective(doc: Any, c: _Cand) -> bool:
    """ "quarterly" in "its quarterly dividend" describes the dividend: not a time expression."""
    if c.parts.get("kind") != "set" or _norm(doc.text[c.start : c.end]) not in SET_WORDS:
        return False
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].dep_ == "amod"


def _tok_index(doc: Any, char: int) -> int:
    """Index of the token at (or before) character ``char``: a bisect, not a scan of the Doc."""
    return max(0, bisect.bisect_right(token_starts(doc), char) - 1)


# ---------------------------------------------------------------------------
# Resolution against an anchor date.
# ---------------------------------------------------------------------------


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _pick(
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


def _weekday_direction(m: TimeMention) -> int:
    """The direction a weekday is resolved in.  A future tense that only hints ("would appeal
    Wednesday's ruling") gives the nearest such day; a past one is kept ("conceded the race
    on Saturday", where the parser hung the day on the noun): in TBAQ, 0 of 63 weekdays
    under a weak past hint lie after the document date, 3 of 10 under a weak future one
    lie before it."""
    if m.weak and WEAK_WEEKDAY_NEAREST and m.direction > 0:
        return 0
    return m.direction


def _weekday_date(anchor: date, weekday: int, direction: int, offset: float | None) -> date:
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


def _date_without_year(
    anchor: date, month: int, day: int, direction: int, weekday: int | None, weak: bool = False
) -> date | None:
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
    return _pick(cands, anchor.toordinal(), direction, None, WEAK_DIRECTION_DAYS if weak else None)


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


def _holiday_date(name: str, year: int) -> date:
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


def _relative_value(anchor: date, unit: str, offset: float) -> str | None:
    """Value of "``offset`` ``unit``s from the anchor" at that unit's granularity."""
    n = int(round(offset))
    if unit in ("day", "night"):
        return (anchor + timedelta(days=n)).isoformat()
    if unit in ("week", "fortnight"):
        return _iso_week(anchor + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit == "weekend":
        # "this weekend" is the weekend of the anchor's ISO week, "last weekend" the one before
        return _iso_week(anchor + timedelta(weeks=n)) + "-WE"
    if unit == "month":
        return _add_months(anchor, n).strftime("%Y-%m")
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


def _weekend_value(anchor: date, direction: int) -> str:
    """ "the weekend": the last one in past tense, the coming one in future tense,
    otherwise the nearer (early in the week: the one just gone)."""
    wd = anchor.weekday()
    if wd >= 5:
        return _iso_week(anchor) + "-WE"
    if direction < 0 or (direction == 0 and wd <= 2):
        return _iso_week(anchor - timedelta(weeks=1)) + "-WE"
    return _iso_week(anchor) + "-WE"


def _ago_value(anchor: date, unit: str, offset: float) -> str | None:
    """ "two years ago": the date reached, at the granularity of the unit."""
    if unit in ("decade", "century", "millennium"):
        years = offset * UNIT_FACTORS[unit]
        return f"{anchor.year + int(round(years)):04d}"
    if unit == "year" and offset != int(offset):
        return _add_months(anchor, int(round(offset * 12))).strftime("%Y-%m")
    return _relative_value(anchor, unit, offset)


def _period_value(m: TimeMention, anchor: date | None) -> str | None:
    part = m.part or ""
    if m.unit == "quarter" and not part and m.offset is not None and anchor:
        return _relative_value(anchor, "quarter", m.offset)
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
            return _pick(cands, now - 2 * size + 1, 1, None)
        # past or unknown: the latest such period that has begun
        return _pick(cands, now, -1, None)
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
            return current[0][1] if current else _pick(cands, now, 0, None)
        if current and m.offset is None:
            return current[0][1]
        if m.offset == -1:  # "last summer": the latest one that has ended
            ended = [c for c in cands if c[0] + 3 <= now]
            return max(ended)[1] if ended else None
        return _pick(cands, now, m.direction, m.offset)
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
        return _weekday_date(base, m.weekday or 0, -1, -1 if offset < 0 else None).isoformat()
    if m.unit == "day":
        day = (base + timedelta(days=offset)).isoformat()
        return f"{day}T{m.part}" if m.part else day
    return _relative_value(base, m.unit, offset)


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
        d = _date_without_year(anchor, m.month, m.day, m.direction, m.weekday, m.weak)
        return d.isoformat() if d else None
    if m.weekday is not None:
        if anchor is None:
            return None
        direction = _weekday_direction(m)
        return _weekday_date(anchor, m.weekday, direction, m.offset).isoformat()
    if m.offset is not None and m.unit == "day":
        return None if anchor is None else (anchor + timedelta(days=int(m.offset))).isoformat()
    base = ref or anchor
    return None if base is None else base.isoformat()


def _holiday_value(m: TimeMention, anchor: date | None) -> str | None:
    name = m.part or ""
    if m.year is not None:
        return _holiday_date(name, m.year).isoformat()
    if anchor is None:
        return None
    cands = [
        (d.toordinal(), d)
        for d in (_holiday_date(name, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1))
    ]
    d = _pick(cands, anchor.toordinal(), m.direction, m.offset)
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
        d = _add_months(anchor, sign * (12 * years + months))
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
    if not _dateparser_ok(text):
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
        return _iso_week(d.date())
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
            return _iso_week(date.fromisoformat(day))
        return day
    if k == "weekday":
        if anchor is None:
            return None
        direction = _weekday_direction(m)
        d = _weekday_date(anchor, m.weekday or 0, direction, m.offset)
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
        return _pick(cands, anchor.year * 12 + anchor.month - 1, m.direction, m.offset, window)
    if k == "relative":
        if anchor is None or m.unit is None:
            return None
        if m.unit == "weekend" and m.offset is None:  # "the weekend"
            return _weekend_value(anchor, 0 if m.weak else m.direction)
        if m.offset is None:
            return None
        v = _relative_value(anchor, m.unit, m.offset)
        if v and m.part and m.unit == "day":
            v += f"T{m.part}"
        return v
    if k == "ago":
        if anchor is None or m.unit is None or m.offset is None:
            return None
        return _ago_value(anchor, m.unit, m.offset)
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


# ---------------------------------------------------------------------------
# Output records.
# ---------------------------------------------------------------------------


def _as_date(published: date | datetime | str | None) -> date | None:
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(published))
    if not m:
        raise ValueError(f"published date {published!r} is not ISO 8601 (YYYY-MM-DD...)")
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _span_of(s: Any) -> tuple[int, int]:
    if isinstance(s, tuple):
        return int(s[0]), int(s[1])
    return int(s.start), int(s.end)


def date_refs(
    article_id: str,
    text: str,
    sentences: Sequence[tuple[int, int] | Any],
    mentions: Sequence[TimeMention],
    published: date | datetime | str | None,
) -> list[DateRef]:
    """:class:`DateRef` records for ``mentions`` resolved against ``published``.

    ``sentences`` are ``(start, end)`` spans (or objects with ``start``/``end``,
    such as :class:`~newsprism.model.Sentence`) in the same order as the Doc's
    sentences; the mention's sentence is found by offset, so a different but
    covering segmentation works too.  No ``Doc`` is needed, so this can run in
    another process, later, once a publication date has been inferred.
    """
    anchor = _as_date(published)
    spans = [_span_of(s) for s in sentences]
    starts = [s for s, _ in spans]
    resolved = resolve_all(mentions, anchor)
    out: list[DateRef] = []
    for m, (value, anchor_value, mod) in zip(mentions, resolved, strict=True):
        idx = m.sentence
        if not (
            0 <= idx < len(spans)
            and spans[idx][0] <= m.start < max(spans[idx][1], spans[idx][0] + 1)
        ):
            idx = _sentence_index(starts, m.start) if spans else 0
        s_text = text[spans[idx][0] : spans[idx][1]].strip() if spans else ""
        out.append(
            DateRef(
                article=article_id,
                start=m.start,
                end=m.end,
                text=m.text,
                type=m.type,
                value=value,
                sentence=idx,
                sentence_text=s_text,
                anchor=anchor_value,
                mod=mod,
            )
        )
    return out
