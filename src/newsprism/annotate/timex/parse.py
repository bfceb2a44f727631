"""Small readers of matched text shared by the rule handlers: numbers, units, durations, names."""

from __future__ import annotations

import re

from .lexicon import MONTHS, NUMBER_WORDS, UNIT_CODES, UNIT_FACTORS, WEEKDAYS


def norm(s: str) -> str:
    """Lower-case with single spaces: "The  Next" -> "the next"."""
    return re.sub(r"\s+", " ", s.strip().lower())


def month_num(s: str) -> int | None:
    """Month number of a name or abbreviation ("Sept." -> 9), ``None`` for other words."""
    return MONTHS.get(s.lower().rstrip("."))


def weekday_num(s: str) -> int | None:
    """Weekday number (Monday 0) of a full weekday name, ``None`` for other words."""
    return WEEKDAYS.get(s.lower())


def capitalised(s: str) -> bool:
    """Month and weekday names only count capitalised ("may" is a verb)."""
    return bool(s) and s[0].isupper()


def parse_number(s: str) -> float | None:
    """Number words and digits to a number; ``None`` for vague quantities."""
    s = norm(s).replace(",", "")
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


def range_low(s: str) -> str:
    """ "two to three weeks": keep the lower bound."""
    return re.split(r"\s+(?:to|or)\s+|-", s.strip(), maxsplit=1)[0]


def unit_base(u: str) -> str:
    """ "trading days" -> "day", "centuries" -> "century"."""
    u = norm(u).split()[-1]
    if u == "centuries":
        return "century"
    if u in ("millennia", "millennium"):
        return "millennium"
    return u[:-1] if u.endswith("s") else u


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: (3, "year") -> "P3Y"; (None, "year") -> "PXY"; 2.5 years -> "P2Y6M"."""
    unit = unit_base(unit)
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
