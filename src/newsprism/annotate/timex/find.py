"""Step 1: every time expression in a parsed spaCy ``Doc``, as :class:`TimeMention` records."""

from __future__ import annotations

import bisect
from typing import Any

from ...model import sentence_at
from ..docutil import doc_ents, doc_text, sents, token_starts
from .candidates import (
    Candidate,
    fallback,
    find_candidates,
    is_junk_entity,
    merge_clock,
    select,
    trim_entity,
)
from .lexicon import SET_WORDS
from .parse import norm
from .records import TimeMention
from .syntax import duration_reach, modifies_noun, tense_direction

# entity labels whose names may hold a time word that is no time ("USA TODAY Sports", "Good Morning America")
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "PRODUCT", "FAC"})


def _inside_a_name(doc: Any, c: Candidate) -> bool:
    """Whether candidate ``c`` lies wholly inside a name the tagger found."""
    return any(e.label_ in _NAME_LABELS and e.start_char <= c.start and c.end <= e.end_char
               and (e.end_char - e.start_char) > (c.end - c.start) for e in doc_ents(doc))


def find_time_mentions(doc: Any) -> list[TimeMention]:
    """Every time expression in a parsed spaCy ``Doc``, in text order.

    Candidates come from our patterns and from spaCy DATE/TIME entities; where
    they overlap our patterns win (spaCy often includes prepositions or leaves
    out modifiers).  Entities no pattern covers are kept when dateparser could
    read them or they name a time unit; bare numbers and ages are dropped.
    """
    text: str = doc_text(doc)
    ents = sorted(
        trim_entity(text, e.start_char, e.end_char) for e in doc_ents(doc) if e.label_ in ("DATE", "TIME")
    )
    ents = [(s, e) for s, e in ents if e > s]
    cands = find_candidates(text, ents)
    chosen = select(cands)
    # spaCy entities that no pattern touched
    for s, e in ents:
        if any(c.start < e and s < c.end for c in chosen):
            continue
        if is_junk_entity(text, s, e):
            continue
        reading = fallback(text, s, e)
        if reading is not None:
            chosen.append(Candidate(s, e, reading, "spacy", "spacy"))
    chosen.sort(key=lambda c: c.start)
    chosen = merge_clock(chosen, text)

    chosen = [c for c in chosen if not _frequency_adjective(doc, c) and not _inside_a_name(doc, c)]

    # without a parser or sentencizer every mention is in sentence 0
    sent_starts = [s.start_char for s in sents(doc)] if doc.has_annotation("SENT_START") else [0]
    return [_mention(doc, c, sent_starts) for c in chosen]


def _mention(doc: Any, c: Candidate, sent_starts: list[int]) -> TimeMention:
    """The mention of candidate ``c``: its reading, with the direction, reach and sentence the
    parse gives it."""
    r = c.reading
    d = r.direction or 0
    weak = False
    if not d:
        d, weak = tense_direction(doc, c.start, c.end)
    prev_words = [
        t.lower_ for t in doc[max(0, _tok_index(doc, c.start) - 2) : _tok_index(doc, c.start)]
    ]
    since = bool(prev_words) and prev_words[-1] == "since"
    until = bool(prev_words) and prev_words[-1] in ("until", "till", "'til", "untill")
    if since:
        d, weak = -1, False
    reach = r.reach
    if r.kind == "duration":
        reach = duration_reach(doc, c.start, c.end, r.reach, d)
    offset, unit = r.offset, r.unit
    if r.year_offset is not None:  # "June last year": so many years from the anchor's
        offset, unit = r.year_offset, "year"
    return TimeMention(
        start=c.start,
        end=c.end,
        text=doc_text(doc)[c.start : c.end],
        type=r.type,
        kind=r.kind,
        sentence=sentence_at(sent_starts, c.start),
        year=r.year,
        month=r.month,
        day=r.day,
        weekday=r.weekday,
        direction=d,
        weak=weak,
        offset=offset,
        unit=unit,
        duration=r.duration,
        mod=r.mod,
        since=since,
        until=until,
        reach=reach,
        nominal=modifies_noun(doc, c.start, c.end),
        part=r.part,
        hour=r.hour,
        minute=r.minute,
        value=r.value,
        source=c.source,
    )


def _frequency_adjective(doc: Any, c: Candidate) -> bool:
    """ "quarterly" in "its quarterly dividend" describes the dividend: not a time expression."""
    if c.reading.kind != "set" or norm(doc_text(doc)[c.start : c.end]) not in SET_WORDS:
        return False
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].dep_ == "amod"


def _tok_index(doc: Any, char: int) -> int:
    """Index of the token at (or before) character ``char``: a bisect, not a scan of the Doc."""
    return max(0, bisect.bisect_right(token_starts(doc), char) - 1)
