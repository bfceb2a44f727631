"""Regular-expression parts the rules are built from (month names, numbers, units, clock times).

Names are regex source strings, combined into whole rules in :mod:`.candidates`.
"""

from __future__ import annotations

import re

from ...lexicon.calendar import MONTH_ABBREVS, MONTH_NAMES, WEEKDAY_NAMES, alternation
from .lexicon import MAX_YEAR, MIN_YEAR, MOD_WORDS, ORDINAL_WORDS

#: Month abbreviations that count only with their full stop ("Mar." but not "Mar").
DOTTED_ONLY_ABBREVS = frozenset({"mar", "jun", "jul"})

#: A weekday name, capitalised (the rules run case-insensitively; handlers check the case).
WEEKDAY = rf"(?:{alternation(WEEKDAY_NAMES, capitalise=True)})"
#: A month name, or an abbreviation with its full stop, or one without it that is no other word.
MONTH = (
    rf"(?:{alternation(MONTH_NAMES, capitalise=True)}"
    rf"|(?:{alternation(MONTH_ABBREVS, capitalise=True)})\."
    rf"|(?:{alternation((a for a in MONTH_ABBREVS if a not in DOTTED_ONLY_ABBREVS), capitalise=True)})\b)"
)
DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
DAY_WORD = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
YEAR = r"(?<![\d$£€.,])(?:1\d{3}|20\d{2})(?![\d%]|,\d|\.\d|-\d)"
NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|hundred|a hundred|one hundred|two hundred|a thousand|two thousand"
    r"|a dozen|a couple of|a couple|couple of|half an|half a|an|a)"
)
NUMBER = (
    rf"(?:(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+1/2|½)?)|{NUMBER_WORD}(?:\s+and\s+a\s+half)?)"
    r"(?:\s+(?:to|or|-)\s+(?:\d+|" + NUMBER_WORD + r"))?"
)
VAGUE = r"(?:several|a\s+few|few|many|some|numerous|a\s+number\s+of|dozens\s+of|hundreds\s+of|countless)"
UNIT = (
    r"(?:(?:trading|business|working|calendar|school)\s+)?"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    r"|century|centuries|millenni(?:um|a))"
)
UNIT_SINGULAR = (
    r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|century)"
)
MODIFIER = "|".join(sorted((re.escape(k) for k in MOD_WORDS), key=len, reverse=True))
POSITION = r"(?:early|late|mid-?|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of|beginning\s+of)"
PART_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"
TIME_ZONE = r"(?-i:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|MSK)|local\s+time|Moscow\s+time|Kyiv\s+time"
CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)|noon|midday|midnight)"
    rf"(?:\s+(?:{TIME_ZONE}))?"
)

UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
#: Spoken years in transcripts: "nineteen ninety-six", "two thousand and one".
SPOKEN_YEAR = (
    rf"(?:(?:nineteen|twenty)[\s-]+(?:{_TENS_WORD}(?:[\s-]+{UNITS_WORD})?|{_TEENS_WORD}|hundred|oh[\s-]+{UNITS_WORD})"
    rf"|two\s+thousand(?:\s+and)?(?:\s+(?:{_TENS_WORD}(?:[\s-]+{UNITS_WORD})?|{_TEENS_WORD}|{UNITS_WORD}))?)"
)

FLAGS = re.IGNORECASE


def rule_regex(pattern: str) -> re.Pattern[str]:
    """A rule pattern that starts and ends on word boundaries (and not inside "1,000")."""
    return re.compile(r"(?<![\w'])(?<!\d[,.])" + pattern + r"(?![\w])", FLAGS)


def dateparser_ok(s: str) -> bool:
    """Only explicit strings go to dateparser: a month name or a year."""
    years = [int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", s)]
    return bool(re.search(MONTH, s)) or any(MIN_YEAR <= y <= MAX_YEAR for y in years)
