"""Metadata from text cues: dates in date lines, bylines and URLs; titles; language.

Evidence order (DESIGN.md): markup > dateline/byline > URL path > inference.
Every value found here comes with a sentence saying where it was found.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..lexicon.calendar import MONTHS as MONTH_NUMBERS
from .lines import MONTHS

_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<t>\d{1,2}:\d{2}(?::\d{2})?))?")
_DMY = re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{MONTHS})\.?,?\s+(?P<y>\d{{4}})", re.I)
_MDY = re.compile(rf"(?P<mon>{MONTHS})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I)
# /2025/05/13/, /2025-05-13/, /20250513/ in a URL path (years 1990-2099)
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01])(?:/|[-_]|$)"
)
_URL_SLUG = re.compile(r"/([a-z0-9]+(?:-[a-z0-9]+){3,})(?:\.html?)?/?$", re.I)
_TIME = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[AaPp])?")

# A title is short and is not a sentence of the story: at most this many characters...
TITLE_MAX_CHARS = 200
# ...and, if it ends with a full stop, at most this many (headline-style sentences are short).
TITLE_MAX_CHARS_WITH_PERIOD = 90


def parse_date(text: str) -> date | None:
    """A full date (with year) in ISO, "16 May 2025" or "May 16, 2025" form."""
    for rx in (_ISO_DATE, _DMY, _MDY):
        m = rx.search(text)
        if not m:
            continue
        try:
            if "mon" in m.groupdict():
                return date(int(m["y"]), MONTH_NUMBERS[m["mon"].lower().rstrip(".")], int(m["d"]))
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        except (ValueError, KeyError):
            return None
    return None


def parse_time(text: str | None) -> str | None:
    """``HH:MM`` (24-hour) from "13:57", "10:30 a.m." ..."""
    if not text:
        return None
    m = _TIME.search(text)
    if not m:
        return None
    h, mi = int(m["h"]), int(m["m"])
    if m["ampm"]:
        h = h % 12 + (12 if m["ampm"].lower() == "p" else 0)
    if h > 23 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


def date_from_url(url: str) -> tuple[date, str] | None:
    """The date in a URL path (``/2025/05/13/``), with the matched part as evidence."""
    m = _URL_DATE.search(url)
    if not m:
        return None
    y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
    try:
        return date(int(y), int(mo), int(d)), m.group(0).strip("/-_")
    except ValueError:
        return None


def title_from_url(url: str) -> str | None:
    """A readable title from a URL slug ("kremlin-yet-to-confirm-..."), dropping trailing ids."""
    m = _URL_SLUG.search(url.split("?")[0])
    if not m:
        return None
    words = [w for w in m.group(1).split("-") if w]
    while words and (re.fullmatch(r"[a-z]?\d+", words[-1]) or re.fullmatch(r"[a-z0-9]{8,}", words[-1])
                     and any(c.isdigit() for c in words[-1])):
        words.pop()
    if len(words) < 3:
        return None
    text = " ".join(words)
    return text[0].upper() + text[1:]


def looks_like_title(paragraph: str) -> bool:
    """A headline: one short line, not ending like a sentence of prose, not a label."""
    s = paragraph.strip()
    if not s or "\n" in s or len(s) > TITLE_MAX_CHARS or len(s.split()) < 3:
        return False
    if s.endswith((":", ",", ";")):
        return False
    if s.endswith(".") and (len(s) > TITLE_MAX_CHARS_WITH_PERIOD or not _title_case(s)):
        return False
    # a headline has no sentence break in its middle
    if re.search(r"[a-z]{2}\. [A-Z]", s):
        return False
    return s[0].isupper() or s[0] in "\"'"


def _title_case(s: str) -> bool:
    """Headline capitalisation: most longer words capitalised ("Clinton Was Headed to ER")."""
    long_words = [w for w in re.findall(r"[A-Za-z][\w'-]*", s) if len(w) >= 4]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6


def iso(d: date) -> str:
    return d.isoformat()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None for too little text."""
    sample = text[:4000]
    if len(sample.split()) < 5:
        return None
    import py3langid

    _cached_identifier()
    lang, _ = py3langid.classify(sample)
    return str(lang)


def _cached_identifier() -> None:
    """Give py3langid its model from the per-user cache (:mod:`..cache`): decompressing it is
    0.65 s of every process's first article, unpickling it 0.13 s."""
    from py3langid import langid

    if langid.IDENTIFIER is not None:
        return
    import importlib.metadata
    from pathlib import Path

    from ..cache import cached, file_key

    model = Path(langid.__file__).parent / langid.MODEL_FILE
    if model.exists():
        key = file_key(model, importlib.metadata.version("py3langid"))
        langid.IDENTIFIER = cached("py3langid", key, langid._load_identifier)


def normalise_published(value: str) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, HH:MM or None) from a date string given by markup or a JSONL field."""
    v = value.strip()
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
        t = dt.strftime("%H:%M") if ("T" in v or " " in v) and len(v) > 10 else None
        return dt.date().isoformat(), t
    except ValueError:
        pass
    d = parse_date(v)
    if d:
        return d.isoformat(), parse_time(v[v.find(str(d.year)) + 4:] if str(d.year) in v else None)
    import dateparser

    parsed = dateparser.parse(v, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        return None, None
    return parsed.date().isoformat(), None
