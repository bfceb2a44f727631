"""Who said each direct quote, and with which cue.

In order: an attribution right after the closing mark (``"...," Peskov
said`` / ``said Peskov`` / ``according to X``); a cue before the opening mark
(``Peskov said: "..."``, ``X - "..."``, ``He added that, "..."``); a speech
cue anywhere else in the quote's sentences (preferring one with a subject
whose clause holds the quote) -- :func:`attribute_own`.  Then, for a quote
that stands as its own sentence (or a ``Quote:`` block), the nearest
attribution in the previous sentences, else one in the next sentence --
:func:`attribute_from_context`.  Speaker phrases never cross a paragraph
break, since the small parser sometimes links clauses across one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cues import NAMING_VERBS, cue_bounds, is_according, is_cue
from .document import Ctx
from .indirect import Indirect
from .marks import Marked
from .speakers import (
    NP_POS,
    SPEAKER_ENTS,
    np_after,
    np_before,
    np_span,
    speaker_span,
    subject_token,
    surface_np,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Tokens scanned after a closing mark for ``," Peskov said`` style
#: attributions; 16 fits a name with a short apposition ("," Brent Bozell III,
#: founder of the Media Research Center, tells ...").
POST_WINDOW_TOKENS = 16

#: A cue after a quote that already ended its sentence ('"... ready." Peskov
#: said on Friday.') is taken only when at most this many words follow it.
BARE_ATTRIBUTION_TAIL = 5

#: Tokens scanned back from an opening mark for ``Peskov said: "``.
PRE_WINDOW_TOKENS = 25

#: How many sentences back a quote without its own attribution may take its
#: speaker from ("...Peskov noted that..." + a ``Quote:`` paragraph).
CONTEXT_SENTENCES_BACK = 3

DASHES = {"-", "–", "—", "--"}


@dataclass
class Event:
    """Someone saying something at ``pos``: the speakers context resolution draws on."""

    pos: int
    sent: int
    speaker: tuple[int, int]


def attribute_own(ctx: Ctx, m: Marked) -> None:
    """Find the cue and speaker of direct quote ``m`` in its own sentence(s)."""
    if m.label is not None:
        m.cue = m.label
        if m.label_who is not None:
            m.speaker = m.label_who
        return
    for finder in (_after_close, _before_open, _in_window):
        found = finder(ctx, m)
        if found is not None:
            m.cue, m.speaker = found
            m.adjacent = finder is not _in_window
            m.naming = ctx.doc[ctx.token_at(m.cue[0])].lemma_.lower() in NAMING_VERBS
            if finder is _after_close:
                m.after_cue = ctx.token_at(m.cue[0])
            return


#: What an attribution finder returns: (cue span, speaker span or None).
_Attr = tuple[tuple[int, int], tuple[int, int] | None]


def _after_close(ctx: Ctx, m: Marked) -> _Attr | None:
    """``"...," Peskov said`` / ``"...," said Peskov`` / ``"...," according to X``."""
    if m.close is None:
        return None
    doc = ctx.doc
    para = ctx.para_of(m.close)
    close_end = m.close_end if m.close_end is not None else m.close + 1
    i = ctx.token_at(close_end)
    while i < len(doc) and doc[i].idx < close_end:
        i += 1
    skipped = 0
    while i < len(doc) and doc[i].text in (",", *DASHES) and skipped < 2:
        i += 1
        skipped += 1
    start = i
    # '"... ready." Peskov said.' is rare; '"... ready." O'Malley's move was
    # reported by MSNBC' is a new sentence: after a finished sentence, take
    # only a lower-case continuation ('"Why?" he asked') or a bare attribution
    finished = ctx.text[m.end - 1] in ".!?" and not (i < len(doc) and doc[i].text[:1].islower())
    if i < len(doc) and not (
        doc[i].pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM") or is_cue(doc[i]) or is_according(doc[i])
    ):
        return None  # '"..." on Sunday and he agreed': not an attribution of this quote
    for j in range(i, min(i + POST_WINDOW_TOKENS, len(doc))):
        t = doc[j]
        if ctx.quoted[j] or t.is_space or ctx.para_of(t.idx) != para:
            return None
        if is_according(t):
            pobj = next((c for c in doc[j + 1].children if c.dep_ == "pobj"), None)
            speaker = np_span(ctx, pobj) if pobj is not None else np_after(ctx, j + 2)
            return (t.idx, doc[j + 1].idx + len(doc[j + 1].text)), speaker
        if is_cue(t):
            if finished and not _bare_attribution(t):
                return None
            speaker = speaker_span(ctx, t)
            between = surface_np(ctx, start, j, cut_apposition=True)
            if speaker is not None and (
                speaker[0] < doc[start].idx or (between is not None and speaker[0] > t.idx)
            ):
                # the parse took a subject from inside the quote, or an object after
                # the cue ('"...," Bozell tells Breitbart News') over the phrase before it
                speaker = None
            if speaker is None:
                speaker = between or np_after(ctx, j + 1)
            return cue_bounds(t), speaker
        if t.is_punct and t.text not in (",", "-", "'s", "’s"):
            return None
        if t.pos_ not in NP_POS and t.pos_ not in ("AUX", "ADV", "PUNCT", "CCONJ"):
            return None
    return None


def _bare_attribution(cue: Token) -> bool:
    """A cue that reports nothing of its own: "Peskov said on Friday." (no clause, no object)."""
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "nsubjpass", "auxpass") for c in cue.children):
        return False
    rest = [t for t in cue.doc[cue.i + 1 : cue.sent.end] if not t.is_punct and not t.is_space]
    return len(rest) <= BARE_ATTRIBUTION_TAIL


def _before_open(ctx: Ctx, m: Marked) -> _Attr | None:
    """``Peskov said: "..."``, ``He added that, "..."``, ``Peskov - "..."``."""
    doc = ctx.doc
    o = ctx.token_at(m.open)
    if o <= 0:
        return None
    para = ctx.para_of(m.open)
    prev = o - 1
    while prev >= 0 and doc[prev].is_space:
        prev -= 1
    if prev < 0 or ctx.para_of(doc[prev].idx) != para or ctx.quoted[prev]:
        return None
    intro = doc[prev]
    if intro.text not in (":", ",", *DASHES) and not (intro.lower_ == "that" or is_cue(intro)):
        return None
    if is_cue(intro):  # Peskov said "..."
        return cue_bounds(intro), speaker_span(ctx, intro)
    sent_start = doc[prev].sent.start
    lo = max(sent_start, o - PRE_WINDOW_TOKENS)
    for j in range(prev - 1, lo - 1, -1):
        if ctx.quoted[j] or ctx.para_of(doc[j].idx) != para:
            break
        if is_cue(doc[j]):
            return cue_bounds(doc[j]), speaker_span(ctx, doc[j])
    if intro.text == ":" or intro.text in DASHES:
        k = prev - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        verb = _clause_before(doc, k, prev)
        speaker: tuple[int, int] | None
        if verb is not None:
            # "Harris had a message for migrants to the United States: ..." is Harris's, not the
            # last name's before the colon
            subj = subject_token(verb)
            if subj is None or ctx.quoted[subj.i] or not (
                    subj.ent_type_ in SPEAKER_ENTS or subj.pos_ == "PROPN"
                    or (subj.pos_ == "PRON" and subj.lower_ not in ("it", "this", "that", "there"))):
                return None
            speaker = np_span(ctx, subj)
        else:
            speaker = np_before(ctx, k)
        if speaker is not None:
            return (intro.idx, intro.idx + len(intro.text)), speaker
    return None


def _clause_before(doc: Doc, k: int, colon: int) -> Token | None:
    """The highest verb before ``colon`` that token ``k`` depends on: the phrase before the colon
    is then part of a clause, not a speaker's label."""
    verb = None
    cur = doc[k]
    sent_start = cur.sent.start
    while cur.head.i != cur.i and sent_start <= cur.head.i < colon:
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            verb = cur
    return verb


def _in_window(ctx: Ctx, m: Marked) -> _Attr | None:
    """Any speech cue in the quote's sentences, outside quotes; the one governing it first."""
    doc = ctx.doc
    o = ctx.token_at(m.open)
    last_char = m.close if m.close is not None else max(m.end - 1, m.start)
    c = ctx.token_at(last_char)
    first_sent, last_sent = ctx.sent_of[o], ctx.sent_of[c]
    lo = ctx.sents[first_sent][0]
    hi = ctx.sents[last_sent][1]
    inside = {ctx.token_at(m.start), ctx.token_at(max(m.start, m.end - 1))}
    para = ctx.para_of(m.open)
    best: tuple[tuple[bool, bool, int], Token, tuple[int, int] | None] | None = None
    for j in range(lo, hi):
        t = doc[j]
        if ctx.quoted[j] or not is_cue(t) or ctx.para_of(t.idx) != para:
            continue
        governs = any(t.is_ancestor(doc[k]) for k in inside)
        dist = min(abs(j - o), abs(j - c))
        speaker = speaker_span(ctx, t)
        # a cue with a speaker beats one without ("would be announced"), then
        # one whose clause holds the quote, then the nearest
        key = (speaker is None, not governs, dist)
        if best is None or key < best[0]:
            best = (key, t, speaker)
    if best is None:
        return None
    return cue_bounds(best[1]), best[2]


def attribution_events(ctx: Ctx, marked: list[Marked], indirect: list[Indirect]) -> list[Event]:
    """Every attribution with a speaker, in text order: what context resolution draws on."""
    doc = ctx.doc
    events: list[Event] = []
    nested = [(q.start, q.end, q.cue_tok) for q in indirect if not q.drop]
    for tok in doc:
        if ctx.quoted[tok.i] or not (is_cue(tok) and tok.lemma_.lower() not in NAMING_VERBS):
            continue
        if any(a <= tok.idx < b and tok.i != own for a, b, own in nested):
            continue
        speaker = speaker_span(ctx, tok)
        if speaker is not None:
            events.append(Event(tok.idx, ctx.sent_of[tok.i], speaker))
    for m in marked:
        if m.speaker is not None and not m.drop:
            events.append(Event(m.start, ctx.sent_of[ctx.token_at(m.start)], m.speaker))
    events.sort(key=lambda e: e.pos)
    return events


def attribute_from_context(ctx: Ctx, m: Marked, events: list[Event]) -> None:
    """Speaker from the nearest earlier attribution, else the next sentence's."""
    first_sent = ctx.sent_of[ctx.token_at(m.open)]
    last_char = m.close if m.close is not None else max(m.end - 1, m.start)
    last_sent = ctx.sent_of[ctx.token_at(last_char)]
    before = [e for e in events if e.pos < m.open and e.sent >= first_sent - CONTEXT_SENTENCES_BACK]
    if before:
        chosen = before[-1]
    else:
        after = [e for e in events if e.pos > last_char and e.sent == last_sent + 1]
        if not after:
            return
        chosen = after[0]
    m.speaker = chosen.speaker
    # chain: the next quote without attribution may take its speaker from this one
    events.append(Event(m.start, first_sent, chosen.speaker))
    events.sort(key=lambda e: e.pos)
