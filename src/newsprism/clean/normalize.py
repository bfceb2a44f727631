"""Character-level repair: line breaks, mojibake, Unicode quotes, dashes and spaces.

Typographic quotes become straight ones so that the same quote rendered by two
outlets compares equal and the quote finder has one mark to look for; the
replacements are one character for one, so offsets barely move.
"""

from __future__ import annotations

import re
import unicodedata

from ..textmap import Tracked

# one character -> one character, so offsets are unchanged
_CHAR_MAP = {
    # double quotes, guillemets, primes used as quotes
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02", '"'),
    # single quotes and apostrophes
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u02bc\uff07", "'"),
    # hyphens; en and em dashes are kept (they carry meaning), odd dashes become em dashes
    **dict.fromkeys("\u2010\u2011\u2043", "-"),
    **dict.fromkeys("\u2012\u2015\u2e3a\u2e3b", "\u2014"),
    "\u2212": "-",  # minus sign
    # spaces
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                    "\u200a\u202f\u205f\u3000\t", " "),
    "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n",
}
_TABLE = {ord(k): v for k, v in _CHAR_MAP.items()}

# characters that are dropped outright (zero-width and soft hyphen)
_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_EXPAND = {"\u2026": "...", "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff"}
_EXPAND_RE = re.compile("[" + "".join(_EXPAND) + "]")
_CRLF = re.compile(r"\r\n?")
_SPACES = re.compile(r" {2,}")
_TRAILING = re.compile(r" +(?=\n)| +$")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# signs of text decoded with the wrong codec ("EuropeÃ¢â‚¬â„¢s", "â€™")
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e2][\u0080-\u00bf\u20ac\u201a-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2122]")
_COMBINING = re.compile(r".[\u0300-\u036f]+", re.S)
# a closing bracket glued to the first word of a sentence ("intent. ]On Monday"): left over
# from the page's markup, it closes nothing
_STRAY_CLOSER = re.compile(r"(^|[.!?][\"']? )[\])](?=[A-Za-z])", re.M)


def normalize(t: Tracked) -> Tracked:
    """Repair encoding and normalise characters, keeping source offsets."""
    t = t.sub(_CRLF, "\n")
    if _MOJIBAKE_HINT.search(t.text):
        t = _fix_mojibake(t)
    t = t.sub(_COMBINING, lambda m: unicodedata.normalize("NFC", m.group(0)))
    t = t.sub(_DROP, "")
    t = t.sub(_CONTROL, "")
    t = t.sub(_EXPAND_RE, lambda m: _EXPAND[m.group(0)])
    t = t.translate(_TABLE)
    t = t.sub(_SPACES, " ")
    t = t.sub(_STRAY_CLOSER, lambda m: m.group(1))
    return t.sub(_TRAILING, "")


def _fix_mojibake(t: Tracked) -> Tracked:
    """Undo UTF-8-read-as-cp1252 damage line by line (ftfy), where a line shows it."""
    import ftfy

    edits = []
    pos = 0
    for line in t.text.split("\n"):
        if _MOJIBAKE_HINT.search(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                edits.append((pos, pos + len(line), fixed))
        pos += len(line) + 1
    return t.replace_spans(edits)
