"""Word lists of the time-expression rules: cue words, unit codes, holidays, fixed values.

Month and weekday names come from the ground floor (:mod:`newsprism.lexicon.calendar`), the one
definition the whole package shares; everything here is particular to reading time expressions.
Calibrated on hand-made news sentences and checked (not fitted document by document) against
TempEval-3 TBAQ-cleaned with eval/timex.py.
"""

from __future__ import annotations

from ...lexicon.calendar import MONTHS, WEEKDAYS

__all__ = ["MONTHS", "WEEKDAYS"]  # re-exported: the rules read month and weekday names here too

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

#: Fixed-date holidays (month, day).  Moving ones are computed in :func:`holiday_date`.
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
