"""Tell boilerplate and metadata lines from the story's own lines.

Pasted news text carries lines that are not the story: photo credits,
"Related news" and "Read more" links, navigation ("All Sections"), source URL
blocks, date lines and bylines.  Each rule here is a short-line pattern; a line
longer than ``MAX_BOILERPLATE_CHARS`` is never boilerplate, so a sentence that
happens to contain "photo:" survives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon.calendar import (
    MONTH_ABBREVS,
    MONTH_NAMES,
    WEEKDAY_ABBREVS,
    WEEKDAY_NAMES,
    alternation,
)

# Lines longer than this are prose, never boilerplate (the longest credit or
# related-link line in the seeds and in the PolNeAR texts is ~110 characters).
MAX_BOILERPLATE_CHARS = 160

# month and weekday names with their abbreviations, capitalised, as regex alternations
MONTHS = alternation((*MONTH_NAMES, *MONTH_ABBREVS), capitalise=True)
WEEKDAYS = alternation((*WEEKDAY_NAMES, *WEEKDAY_ABBREVS), capitalise=True)

_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
_DMY = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?,?\s+\d{{4}}"
_MDY = rf"(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
DATE_RE = rf"(?:{_ISO}|{_DMY}|{_MDY})"
TIME_RE = r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:UTC|GMT|CET|CEST|EET|EEST|MSK|EST|EDT|PST|PDT|ET|BST))?"
_NAV_TAIL = r"(?:\s+(?:all\s+sections|menu|home|news|search|sections?))*"

DATE_LINE = re.compile(
    rf"^\s*(?P<label>date|published(?:\s+on)?|posted(?:\s+on)?|first\s+published|publication\s+date|"
    rf"updated(?:\s+on)?|last\s+updated|modified)\s*[:\-\u2013]?\s*(?P<weekday>(?:{WEEKDAYS}),?\s+)?"
    rf"(?P<date>{DATE_RE})(?:,?\s*(?:at\s+)?(?P<time>{TIME_RE}))?{_NAV_TAIL}\s*$",
    re.I,
)
# a line that is nothing but a full date ("May 03, 2013", "Friday, 16 May 2025, 13:57")
BARE_DATE = re.compile(
    rf"^\s*(?P<weekday>(?:{WEEKDAYS}),?\s+)?(?P<date>{DATE_RE})(?:,?\s*(?:at\s+)?(?P<time>{TIME_RE}))?\s*$",
    re.I,
)
_NAME = r"[A-Z][\w'.\-]*[a-z.](?:\s+(?:[A-Z][\w'.\-]*[a-z.]|de|da|van|von|der|al|bin|le|la))*?"
BYLINE_DATE = re.compile(
    rf"^\s*(?:by\s+)?(?P<author>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*?)\s*[,|\u2013\u2014-]?\s*"
    rf"(?:(?P<weekday>{WEEKDAYS}),?\s*)?(?P<date>{DATE_RE})(?:,?\s*(?:at\s+)?(?P<time>{TIME_RE}))?\s*$",
)
BYLINE = re.compile(
    rf"^\s*(?:by|written\s+by|author:|words\s+by)\s+(?P<author>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*?)"
    rf"(?:\s*[,|\u2013\u2014-]\s*(?P<org>[A-Z][\w .&'-]{{1,40}}))?\s*$",
    re.I,
)
CREDIT = re.compile(
    r"(?:^|[\s.,;|(\[])(?:(?:stock|file|main|top|cover|featured|header|lead)\s+)?"
    r"(?:photo|photograph|image|picture|pic|illustration|video|photo\s+illustration|credit|"
    r"photo\s+credit|image\s+credit|source\s+of\s+photo)s?(?:\s+(?:by|courtesy(?:\s+of)?))?\s*[:/]\s*"
    r"(?P<credit>[^:]{2,80}?)[)\].]?\s*$",
    re.I,
)
PHOTO_BY = re.compile(r"^\s*[(\[]?\s*(?:photo|image|picture)\s+(?:by|courtesy\s+of)\s+(?P<credit>[^)\]]{2,80})[)\]]?\s*$", re.I)
COPYRIGHT = re.compile(r"(?:\u00a9|\(c\)|copyright)\s*(?P<credit>[^\u00a9]{2,80}?)\s*$", re.I)
AGENCY_CREDIT = re.compile(r"^\s*(?P<credit>(?:REUTERS|AP|AFP|EPA|GETTY IMAGES|SPUTNIK|TASS|ANADOLU)(?:\s+PHOTO)?\s*/\s*[\w .'-]+)\s*$")
RELATED = re.compile(
    r"^\s*(?:related(?:\s+(?:news|articles?|stories|story|posts|content|coverage|reading|topics?|links?))?|"
    r"read\s+(?:more|also|next|the\s+rest(?:\s+here)?|full\s+(?:story|article))|see\s+also|"
    r"more\s+(?:on\s+this(?:\s+story)?|stories|news)|also\s+read|recommended(?:\s+for\s+you)?|"
    r"you\s+may\s+(?:also\s+)?like|advertisement|sponsored(?:\s+content)?|subscribe|sign\s+up|"
    r"share(?:\s+(?:this(?:\s+(?:article|story))?|on\s+\w+))?|follow\s+us|all\s+sections|"
    r"skip\s+to(?:\s+main)?\s+content|click\s+here|trending(?:\s+now)?|most\s+read|top\s+stories|"
    r"print|email|copy\s+link|comments?|back\s+to\s+top|ad|editor'?s\s+picks?)"
    r"\s*(?:[:\-\u2013\u2014|>]\s*(?P<rest>.*)|[.!]|\s+(?P<tail>.{0,120}))?$",
    re.I,
)
URL_HEADER = re.compile(r"^\s*(?:original|source|canonical|article)?\s*(?:url|link)\s*:\s*(?P<url>\S+)?\s*$", re.I)
URL_LINE = re.compile(r"^\s*<?(?P<url>(?:https?://|www\.)\S+?)>?\s*$", re.I)
_GLUED_WEEKDAY = re.compile(rf"([a-z])(?=(?:{alternation(WEEKDAY_NAMES, capitalise=True)})\b)")
# a news dateline opening the story: "WASHINGTON (AP) — ", "MOSCOW, May 16 (Reuters) - ",
# "Jerusalem (CNN)Israeli ...", "(CNN) — ", "WASHINGTON — "; the place is in capitals, or
# the tag in brackets is a news agency ("Amnesty International (AI) said" is no dateline)
_AGENCIES = (r"AP|Reuters|REUTERS|AFP|CNN|CNN Business|UPI|Bloomberg|dpa|DPA|TASS|Xinhua|Sputnik|Interfax"
             r"|Anadolu|ANI|PTI|IANS|EFE|Kyodo|Yonhap|RIA Novosti|JTA|BBC|CNS|AAP|KCNA|IRNA|WAFA")
_STATE = r"(?:,\s*[A-Z][A-Za-z.]{1,12}(?: [A-Z][A-Za-z.]+)?)?"  # ", D.C.", ", N.Y."
_CAPS_PLACE = rf"[A-Z][A-Z.'’\-]{{2,}}(?:[ /][A-Z][A-Z.'’\-]*){{0,3}}{_STATE}"
_ANY_PLACE = rf"[A-Z][\w.'’\-]+(?:[ /][A-Z][\w.'’\-]*){{0,3}}{_STATE}"
_DATED = rf"(?:,\s*(?:{MONTHS})\.?\s+\d{{1,2}})?"
_DASH = r"\s*(?:[—–]|--?)\s*"
NEWS_DATELINE = re.compile(
    rf"^(?:(?:{_CAPS_PLACE}){_DATED}\s*\([A-Z][\w&.]*(?: [A-Z][\w&.]*){{0,2}}\)(?:{_DASH})?"
    rf"|(?:(?:{_ANY_PLACE}){_DATED}\s*)?\((?:{_AGENCIES})\)(?:{_DASH})?"
    rf"|(?:{_CAPS_PLACE}){_DATED}{_DASH})\s*(?=[\"“'‘(]?[A-Z0-9])"
)
# an opinion page's disclaimer, wherever it stands: "The opinions expressed in this commentary are
# solely those of the author.", "The views expressed here are the writer's own."
DISCLAIMER = re.compile(
    r"(?:^|(?<=[.!?\"”] ))(?:\(?(?:The\s+)?(?:views?|opinions?)\s+expressed\s+(?:in\s+(?:this|these|the)\s+"
    r"(?:commentar(?:y|ies)|articles?|columns?|pieces?|op-eds?|posts?|essays?)\s+|here(?:in)?\s+|above\s+)?"
    r"(?:are|is)\s+(?:solely\s+|strictly\s+|entirely\s+|only\s+)?(?:those\s+of\s+the\s+(?:authors?|writers?|"
    r"contributors?)|the\s+(?:authors?|writers?)['’]s?(?:\s+own)?)[^.]{0,80}\.\)?)\s*",
    re.I,
)
BULLET = re.compile(r"^\s*(?:[\u2022\u00b7\u25aa\u25e6\u25cf\u2023\u2043*]|-(?=\s))\s+")


@dataclass(frozen=True)
class LineKind:
    """What a line is: ``content`` or one of the boilerplate/metadata kinds."""

    kind: str
    match: re.Match[str] | None = None


def classify(line: str) -> LineKind:
    """Classify one (normalised) line."""
    s = line.strip()
    if not s:
        return LineKind("blank")
    if m := URL_HEADER.match(s):
        return LineKind("url_header", m)
    if m := URL_LINE.match(s):
        return LineKind("url", m)
    if len(s) > MAX_BOILERPLATE_CHARS:
        return LineKind("content")
    if m := DATE_LINE.match(s) or BARE_DATE.match(s):
        return LineKind("dateline", m)
    # a byline pasted without its separator: "Anastasia ProtzFriday, 16 May 2025"
    unglued = _GLUED_WEEKDAY.sub(r"\1 ", s)
    if m := BYLINE_DATE.match(unglued):
        return LineKind("byline", m)
    if m := RELATED.match(s):
        if _is_related(m):
            return LineKind("related", m)
    if m := BYLINE.match(s):
        if len(s.split()) <= 10:
            return LineKind("byline", m)
    for pattern in (AGENCY_CREDIT, PHOTO_BY, CREDIT, COPYRIGHT):
        if (m := pattern.search(s)) and _is_credit(s, m):
            return LineKind("credit", m)
    return LineKind("content")


def _is_related(m: re.Match[str]) -> bool:
    tail = m.group("tail")
    if tail is None:
        return True
    # "Share this" + words is navigation; "Print the ballots..." is prose.
    return bool(re.fullmatch(r"[\w\s'|>&-]{0,40}", tail)) and not tail.rstrip().endswith(".")


def _is_credit(line: str, m: re.Match[str]) -> bool:
    credit = m.group("credit").strip()
    # a credit names someone in a few words; a sentence with a colon is not a credit
    if len(credit.split()) > 8 or credit.endswith((".", "?", "!")) and len(credit.split()) > 3:
        return False
    before = line[: m.start()].strip()
    # what precedes a credit is a caption: short, and not a full sentence with a verb clause
    return len(before.split()) <= 14
