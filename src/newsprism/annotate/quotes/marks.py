"""Direct quotes from quotation marks, paired per paragraph.

Cleaned text has only straight ``"`` and ``'``, so whether a mark opens or
closes is read from its neighbours (opening after whitespace or ``([{:-``,
closing before whitespace or punctuation); curly marks and the typewriter
pairs ``''`` / ````` `` ````` are accepted as well.  An opening mark that is
never closed runs to the end of its paragraph; when the next paragraph opens
with a quotation mark (the news convention for a quote that goes on over
several paragraphs) the two pieces become one quote whose span covers the
paragraph break.  Single-quoted spans (``'...'``) are taken only outside
double quotes and only when they close in the same paragraph, because ``'``
is mostly an apostrophe.

A :class:`Marked` span stays mutable while later stages attribute or drop it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...lexicon.words import QUOTE_LABELS
from .document import Ctx, paragraphs

#: Single-quoted spans longer than this (characters) are rejected: apostrophes
#: ("the players' union ... 'em") pair up over long distances.
SINGLE_QUOTE_MAX_CHARS = 400

#: Paragraph labels that introduce a block quote (Ukrainska Pravda style:
#: ``Quote: "..."``), optionally naming the speaker ("Quote from Peskov:").
QUOTE_LABEL_RE = re.compile(
    r"^(?P<label>(?:" + "|".join(QUOTE_LABELS) + r")(?:\s+from\s+(?P<who>[^:]{1,80}?))?)\s*:\s*$",
    re.IGNORECASE,
)

DOUBLE_OPENERS = "“„‟«"

DOUBLE_CLOSERS = "”»"

DOUBLE_MARKS = '"' + DOUBLE_OPENERS + DOUBLE_CLOSERS

#: Double marks, including the typewriter pairs ``''`` and ````` `` ````` that
#: some archives (the NYT's among them) use for double quotes.
DOUBLE_MARK_RE = re.compile(r"''|``|[\"“”„‟«»]")

SINGLE_MARKS = "'‘’‚‛‹›"

QUOTE_CHARS = DOUBLE_MARKS + SINGLE_MARKS

#: Characters after which a straight mark may open a quote.
OPEN_PRECEDERS = "([{<—–-:;/"

#: Characters before which a straight mark may close a quote.
CLOSE_FOLLOWERS = ".,;:!?)]}>—–-/…"

#: Elisions that start with an apostrophe and must not open a single quote.
ELISION_RE = re.compile(r"(?:em|n|til|cause|tis|twas|bout|\d0s|\d\d\b)", re.IGNORECASE)

_LETTER_RE = re.compile(r"[^\W\d_]")  # quotes of bare numbers ("2015-12-02") are not quotes

_SENT_END_RE = re.compile(r"[.!?…][\"'”’)]*$")


@dataclass
class Marked:
    """A quoted span found from quotation marks (mutable while it is attributed)."""

    open: int  # char index of the opening mark
    close: int | None  # char index of the closing mark; None when unclosed
    start: int  # content start
    end: int  # content end
    close_end: int | None = None  # end of the closing mark (marks may be two characters: '')
    standalone: bool = False  # nothing but a label or a finished sentence before it
    label: tuple[int, int] | None = None  # a "Quote:" label before it
    label_who: tuple[int, int] | None = None  # "Quote from X:" -> X
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    after_cue: int | None = None  # token index of a cue found right after the closing mark
    adjacent: bool = False  # the cue sits right before or after the quote (not just in its sentence)
    naming: bool = False  # the cue is a naming verb ("calling it ...")
    drop: bool = False


_OPEN, _CLOSE, _EITHER = "open", "close", "either"


def _double_role(text: str, i: int, j: int, lo: int, hi: int) -> str:
    """Whether the double mark ``text[i:j]`` opens or closes a quote, from its neighbours."""
    mark = text[i:j]
    if mark in DOUBLE_OPENERS or mark == "``":
        return _OPEN
    if mark in DOUBLE_CLOSERS:
        return _CLOSE
    prev = text[i - 1] if i > lo else None
    nxt = text[j] if j < hi else None
    can_open = (
        prev is None or prev.isspace() or prev in OPEN_PRECEDERS or prev in QUOTE_CHARS
    ) and (nxt is not None and not nxt.isspace())
    can_close = (prev is not None and not prev.isspace()) and (
        nxt is None or nxt.isspace() or nxt in CLOSE_FOLLOWERS or nxt in QUOTE_CHARS
    )
    if can_open and not can_close:
        return _OPEN
    if can_close and not can_open:
        return _CLOSE
    return _EITHER


def _single_opens(text: str, i: int, lo: int, hi: int) -> bool:
    ch = text[i]
    if ch not in "'‘‚‛‹":
        return False
    prev = text[i - 1] if i > lo else None
    nxt = text[i + 1] if i + 1 < hi else None
    if nxt is None or not (nxt.isalnum() or nxt in ".…"):
        return False
    if not (prev is None or prev.isspace() or prev in OPEN_PRECEDERS or prev in DOUBLE_MARKS):
        return False
    return not ELISION_RE.match(text, i + 1)


def _single_closes(text: str, i: int, lo: int, hi: int) -> bool:
    ch = text[i]
    if ch not in "'’›":
        return False
    prev = text[i - 1] if i > lo else None
    nxt = text[i + 1] if i + 1 < hi else None
    if prev is None or prev.isspace() or prev in OPEN_PRECEDERS:
        return False
    return nxt is None or nxt.isspace() or nxt in CLOSE_FOLLOWERS or nxt in DOUBLE_MARKS


def _content_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip whitespace and a trailing comma (``"...," he said``) from quote content."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ",":
        end -= 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def find_marked(ctx: Ctx) -> list[Marked]:
    text = ctx.text
    spans: list[Marked] = []
    # pieces left open at a paragraph end, by paragraph index, to join with a continuation
    open_at_end: dict[int, Marked] = {}
    opens_para: dict[int, Marked] = {}
    for k, (lo, hi) in enumerate(paragraphs(text)):
        para_spans: list[Marked] = []
        opened: re.Match[str] | None = None
        for mark in DOUBLE_MARK_RE.finditer(text, lo, hi):
            i = mark.start()
            role = _double_role(text, i, mark.end(), lo, hi)
            if opened is None:
                if role in (_OPEN, _EITHER):
                    opened = mark
                # a closing mark with nothing open is a stray: ignored
            elif role in (_CLOSE, _EITHER):
                para_spans.append(
                    Marked(opened.start(), i, *_content_bounds(text, opened.end(), i), close_end=mark.end())
                )
                opened = None
            else:  # a second opener: the first quote was never closed
                para_spans.append(Marked(opened.start(), None, *_content_bounds(text, opened.end(), i)))
                opened = mark
        if opened is not None:
            piece = Marked(opened.start(), None, *_content_bounds(text, opened.end(), hi))
            para_spans.append(piece)
            open_at_end[k] = piece
        if para_spans and not text[lo : para_spans[0].open].strip():
            opens_para[k] = para_spans[0]
        para_spans += _find_single(text, lo, hi, para_spans)
        spans += para_spans

    # news convention: an unclosed quote continues when the next paragraph opens with a mark
    for k in sorted(open_at_end):
        first = open_at_end[k]
        if first.drop:
            continue
        nxt_k = k + 1
        tail = first
        while nxt_k in opens_para and tail.close is None and tail is open_at_end.get(nxt_k - 1):
            cont = opens_para[nxt_k]
            first.end, first.close, first.close_end = cont.end, cont.close, cont.close_end
            cont.drop = True
            tail = cont
            nxt_k += 1
    spans = [s for s in spans if not s.drop and s.end > s.start and _LETTER_RE.search(text[s.start : s.end])]
    spans.sort(key=lambda s: s.open)
    for s in spans:
        _classify_position(ctx, s)
    return spans


def mark_quoted_tokens(ctx: Ctx, marked: list[Marked]) -> None:
    """Fill ``ctx.quoted``: which tokens lie inside a direct quote, marks included.

    Later stages skip cues and speakers there: a cue inside a quote is a
    nested attribution, and a speaker is never taken from quoted words.
    """
    doc = ctx.doc
    ctx.quoted = [False] * len(doc)
    for m in marked:
        last = m.close_end if m.close_end is not None else m.end
        for i in range(ctx.token_at(m.open), len(doc)):
            if doc[i].idx >= last:
                break
            ctx.quoted[i] = True


def _find_single(text: str, lo: int, hi: int, doubles: list[Marked]) -> list[Marked]:
    """Single-quoted spans in ``text[lo:hi]`` outside the double-quoted ``doubles``."""
    blocked = [(d.open, d.close_end if d.close_end is not None else d.end) for d in doubles]

    def inside_double(i: int) -> bool:
        return any(a <= i < b for a, b in blocked)

    out: list[Marked] = []
    opened: int | None = None
    for i in range(lo, hi):
        if text[i] not in SINGLE_MARKS or inside_double(i):
            if opened is not None and inside_double(i):
                opened = None  # never pair across a double quote
            continue
        if opened is not None and _single_closes(text, i, lo, hi):
            if i - opened <= SINGLE_QUOTE_MAX_CHARS:
                out.append(Marked(opened, i, *_content_bounds(text, opened + 1, i), close_end=i + 1))
            opened = None
        elif _single_opens(text, i, lo, hi):
            opened = i
    return out


def _classify_position(ctx: Ctx, m: Marked) -> None:
    """Mark quotes that start a sentence (or follow a ``Quote:`` label) as standalone."""
    text = ctx.text
    para_start = ctx.para_starts[ctx.para_of(m.open)]
    before = text[para_start : m.open]
    stripped = before.strip()
    label = QUOTE_LABEL_RE.match(stripped)
    if label:
        offset = para_start + (len(before) - len(before.lstrip()))
        m.label = (offset + label.start("label"), offset + stripped.rindex(":") + 1)
        if label.group("who"):
            m.label_who = (offset + label.start("who"), offset + label.end("who"))
        m.standalone = True
        return
    m.standalone = not stripped or bool(_SENT_END_RE.search(stripped))
