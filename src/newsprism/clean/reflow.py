"""Join hard-wrapped lines into paragraphs, and URLs broken across lines.

Two layouts occur in pasted text: one paragraph per line (lines of any
length, usually ending a sentence), and hard-wrapped text (lines of nearly
equal width, blank lines between paragraphs).  :func:`is_hard_wrapped` tells
them apart; :func:`paragraphs` then joins lines accordingly.
"""

from __future__ import annotations

import re
from statistics import median

from ..textmap import Tracked, join

# A document is hard-wrapped when at least this share of its non-final lines
# fill at least WRAP_FILL of the widest line...
WRAP_SHARE = 0.6
WRAP_FILL = 0.6
# ...and the widest line is no wider than this (one-paragraph-per-line text has
# lines of several hundred characters).
WRAP_MAX_WIDTH = 180
# A URL this long that ends a line was probably broken by wrapping.
URL_BREAK_MIN_CHARS = 60

_TERMINAL = re.compile(r"[.!?][\"')\]]*$|:$")
_URL_END = re.compile(r"(?:https?://|www\.)[^\s]+$", re.I)
_URL_CONT = re.compile(r"^[A-Za-z0-9\-._~/?#%=&+]+$")
_CONTINUATION_WORDS = {
    "and", "but", "or", "nor", "to", "the", "a", "an", "of", "in", "that", "with", "for", "by",
    "on", "at", "from", "as", "than", "who", "which", "whose", "his", "her", "its", "their",
}
_LABEL = re.compile(r"^(?:[A-Z][\w ]{0,30}):\s*$")  # "Background:"
BULLET = re.compile(r"^\s*(?:[\u2022\u00b7\u25aa\u25e6\u25cf\u2023\u2043*]|-(?=\s))\s+")


def rejoin_urls(lines: list[Tracked]) -> list[Tracked]:
    """Rejoin a long URL that wrapping split over two lines (``...istanbul-talk`` / ``s-with-...``)."""
    out: list[Tracked] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        m = _URL_END.search(line.text.rstrip())
        if m and nxt is not None and len(m.group(0)) >= URL_BREAK_MIN_CHARS:
            first = nxt.text.strip().split(" ")[0] if nxt.text.strip() else ""
            if first and _URL_CONT.match(first) and not first.lower().startswith(("http", "www.")) \
                    and not first.endswith((".", ",")) and len(nxt.text.strip().split()) == 1:
                joined = join([line.strip(), nxt.strip()], "")
                out.append(joined)
                i += 2
                continue
        out.append(line)
        i += 1
    return out


def is_hard_wrapped(blocks: list[list[Tracked]]) -> bool:
    """Whether lines inside paragraphs were broken at a fixed width."""
    inner = [len(line.text) for b in blocks for line in b[:-1]]
    everything = [len(line.text) for b in blocks for line in b]
    if len(inner) < 2 or not everything:
        return False
    width = max(everything)
    if width > WRAP_MAX_WIDTH:
        return False
    full = sum(1 for n in inner if n >= WRAP_FILL * width)
    unterminated = sum(1 for b in blocks for line in b[:-1] if not _TERMINAL.search(line.text.rstrip()))
    return full / len(inner) >= WRAP_SHARE and unterminated / len(inner) >= 0.5 and median(inner) > 30


def _continues(prev: str, nxt: str) -> bool:
    """In one-paragraph-per-line text: does ``nxt`` clearly continue ``prev``'s sentence?"""
    p, n = prev.rstrip(), nxt.lstrip()
    if not p or not n or _TERMINAL.search(p):
        return False
    if n[0].islower() or n[0].isdigit():
        return True
    if p.endswith((",", ";", "(", "-", "\u2014", "\u2013")):
        return True
    last = p.split()[-1].lower()
    return last in _CONTINUATION_WORDS


def paragraphs(blocks: list[list[Tracked]]) -> list[Tracked]:
    """Join the lines of each block into paragraphs.

    ``blocks`` are runs of consecutive content lines (a blank or removed line
    ends a block).  Bullets and labels ("Background:") always start a new
    paragraph; a label stays a paragraph of its own.
    """
    wrapped = is_hard_wrapped(blocks)
    width = max((len(line.text) for b in blocks for line in b), default=0)
    out: list[Tracked] = []
    for block in blocks:
        current: list[Tracked] = []
        for line in block:
            line = _strip_bullet(line)
            if not line.text:
                continue
            if current:
                prev = current[-1].text
                starts_new = bool(BULLET.match(line.text)) or _LABEL.match(prev.strip()) is not None \
                    or _LABEL.match(line.text.strip()) is not None
                if wrapped:
                    short_end = _TERMINAL.search(prev.rstrip()) and len(prev) < 0.75 * width
                    keep_going = not starts_new and not short_end
                else:
                    keep_going = not starts_new and _continues(prev, line.text)
                if not keep_going:
                    out.append(_join_lines(current))
                    current = []
            current.append(line)
        if current:
            out.append(_join_lines(current))
    return [p for p in out if p.text]


def _strip_bullet(line: Tracked) -> Tracked:
    m = BULLET.match(line.text)
    return line[m.end():].strip() if m else line.strip()


def _join_lines(lines: list[Tracked]) -> Tracked:
    parts = [line.strip() for line in lines]
    # a word hyphenated at the line end keeps its hyphen and loses the space
    out = parts[0]
    for part in parts[1:]:
        if re.search(r"[A-Za-z]-$", out.text) and part.text[:1].islower():
            out = join([out, part], "")
        else:
            out = join([out, part], " ")
    return out
