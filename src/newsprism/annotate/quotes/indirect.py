"""Indirect (reported) speech from the dependency parse.

A speech cue verb ("said", "noted", "told reporters", "pointed out") with a
clausal complement (``ccomp``; ``xcomp`` for promise-like verbs); a
post-posed or parenthetical attribution parsed as ``parataxis`` ("...,
Peskov explained.", "The talks, he said, were useful"); "according to X";
and the headline form "Peskov: meeting requires preparation".  "He noted A
and said B" gives two quotes.  An indirect quote needs a speaker: a cue
without one ("it was announced") is not reported.  Cues inside direct quotes
are nested attributions and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cues import NAMING_VERBS, coordinated_cue, cue_bounds, is_according, is_cue
from .document import Ctx, count_words, paragraphs
from .speakers import SPEAKER_ENTS, np_span, speaker_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Cue verbs whose reported content may be an infinitive complement
#: ("promised to cut taxes", "urged voters to stay home").
XCOMP_CUES: frozenset[str] = frozenset(
    {"promise", "pledge", "vow", "threaten", "urge", "claim", "ask", "demand", "warn", "swear"}
)

#: Headline attribution ("Graham: ...") is read only in paragraphs of at most
#: this many words, with a speaker phrase of at most this many tokens.
HEADLINE_MAX_WORDS = 30

HEADLINE_SPEAKER_MAX_TOKENS = 6

#: First words of paragraph labels that are not speakers ("Photo: AFP"), and
#: the Q and A of interview transcripts.
LABEL_WORDS: frozenset[str] = frozenset(
    """
    background by caption comment comments context correction credit date dateline details
    disclaimer editor image update updated note photo photos picture posted published quote
    read related see share source sources subject tags topics video watch warning q a
    """.split()
)

#: Indirect contents shorter than this many word tokens are not reported.
MIN_INDIRECT_WORDS = 2


@dataclass
class Indirect:
    start: int
    end: int
    cue: tuple[int, int]
    cue_tok: int
    speaker: tuple[int, int] | None
    drop: bool = False


def find_indirect(ctx: Ctx) -> list[Indirect]:
    doc = ctx.doc
    out: list[Indirect] = []
    seen: set[tuple[int, int]] = set()
    for tok in doc:
        if ctx.quoted[tok.i]:
            continue
        if is_according(tok):
            found = _according(ctx, tok)
            if found:
                out.append(found)
            continue
        lemma = tok.lemma_.lower()
        if not is_cue(tok) or lemma in NAMING_VERBS:
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if lemma in XCOMP_CUES:
            comps += [c for c in tok.children if c.dep_ == "xcomp"]
        bounds: list[tuple[int, int]] = [(_skip_leading_date(c), c.right_edge.i + 1) for c in comps]
        if not comps and tok.dep_ == "parataxis" and tok.head.i < tok.i:
            # "Russia is ready, Peskov said" parsed with "said" hanging off "is"
            head = tok.head
            bounds.append((head.left_edge.i, tok.left_edge.i))
        elif not comps and tok.dep_ == "parataxis" and tok.head.left_edge.i < tok.left_edge.i:
            # "The talks, Peskov said, were useful": a quote is one span, so the
            # parenthetical attribution stays inside the content
            head = tok.head
            bounds.append((head.left_edge.i, head.right_edge.i + 1))
        for a, b in bounds:
            b = _cut_at_coordinated_cue(doc, a, b)
            span = _trim_content(ctx, a, b, tok)
            if span is None or span in seen:
                continue
            seen.add(span)
            out.append(
                Indirect(span[0], span[1], cue_bounds(tok), tok.i, speaker_span(ctx, tok))
            )
    out += _headline_colons(ctx)
    return [q for q in out if q.speaker is not None]


def _headline_colons(ctx: Ctx) -> list[Indirect]:
    """Headline-style attribution ``Graham: Trump's rhetoric destroying GOP's chances``.

    Only short paragraphs (headlines, standfirsts) that open with a short
    proper-noun phrase and a colon, followed by a clause; labels such as
    "Photo:" or "Details:" are not speakers.
    """
    doc = ctx.doc
    out: list[Indirect] = []
    for p_lo, p_hi in paragraphs(ctx.text):
        if count_words(ctx.text[p_lo:p_hi]) > HEADLINE_MAX_WORDS:
            continue
        colon = ctx.text.find(":", p_lo, p_hi)
        if colon < 0 or not ctx.text[p_lo:colon].strip():
            continue
        a = ctx.token_at(p_lo)
        c = ctx.token_at(colon)
        if doc[c].text != ":" or not 0 < c - a <= HEADLINE_SPEAKER_MAX_TOKENS:
            continue
        np_toks = [t for t in doc[a:c] if not t.is_space]
        if (
            not np_toks
            or np_toks[0].lower_ in LABEL_WORDS
            or any(t.pos_ not in ("PROPN", "NOUN", "ADJ", "DET", "PART", "NUM") and t.text not in (".", "-") for t in np_toks)
            or not any(t.pos_ == "PROPN" or t.ent_type_ in SPEAKER_ENTS for t in np_toks)
        ):
            continue
        rest = [t for t in doc[c + 1 :] if t.idx < p_hi]
        if not rest or ctx.quoted[rest[0].i] or not any(t.pos_ in ("VERB", "AUX") for t in rest):
            continue  # a quoted remainder is a direct quote with ":" as its cue
        span = _trim_content(ctx, rest[0].i, rest[-1].i + 1, doc[c])
        if span is None or count_words(ctx.text[span[0] : span[1]]) < 3:
            continue
        speaker = (np_toks[0].idx, np_toks[-1].idx + len(np_toks[-1].text))
        out.append(Indirect(span[0], span[1], (colon, colon + 1), c, speaker))
    return out


def _skip_leading_date(clause: Token) -> int:
    """Start of ``clause`` after a leading date the parser put inside it.

    "Trump said on Friday he would ..." often parses "on Friday" into the
    reported clause; it dates the saying, not what was said.
    """
    a = clause.left_edge.i
    for child in clause.lefts:
        if child.left_edge.i != a or child.dep_ not in ("prep", "npadvmod"):
            break
        toks = [t for t in child.subtree if not (t.i == child.i and t.pos_ == "ADP")]
        if not toks or not all(t.ent_type_ in ("DATE", "TIME") for t in toks):
            break
        a = child.right_edge.i + 1
    return a


def _cut_at_coordinated_cue(doc: Doc, a: int, b: int) -> int:
    """End of a content ``[a, b)`` before a second, coordinated cue ("... and said that ...")."""
    for j in range(a, b):
        t = doc[j]
        if t.dep_ == "conj" and coordinated_cue(t) is not None and not any(
            c.dep_ == "nsubj" for c in t.children
        ):
            k = j - 1
            while k > a and (doc[k].dep_ in ("cc", "advmod", "aux") or doc[k].is_punct):
                k -= 1
            return k + 1
    return b


def _trim_content(ctx: Ctx, a: int, b: int, anchor: Token) -> tuple[int, int] | None:
    """Char span of tokens ``[a, b)`` without a leading "that" and punctuation at either end.

    The span is cut to the paragraph of ``anchor`` (the cue): the parser
    sometimes links clauses across a paragraph break.
    """
    doc = ctx.doc
    para = ctx.para_of(anchor.idx)
    while a < b and ctx.para_of(doc[a].idx) < para:
        a += 1
    while b > a and ctx.para_of(doc[b - 1].idx) > para:
        b -= 1
    while a < b and (doc[a].is_punct or doc[a].is_space or doc[a].lower_ == "that" and doc[a].dep_ == "mark"):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    if b <= a or sum(1 for t in doc[a:b] if not t.is_punct) < MIN_INDIRECT_WORDS:
        return None
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def _according(ctx: Ctx, tok: Token) -> Indirect | None:
    """``According to X, ...`` / ``..., according to X``: the content is the rest of the sentence.

    The parser attaches "according" to all sorts of heads, so the content is
    read from the sentence around the phrase instead: the words after it when
    it opens the sentence, the words before it when it closes the sentence (or
    a clause: ``A, according to X, and B``), and the whole sentence when it is a
    parenthesis in the middle (``The talks, according to X, were useful``).
    Colons and semicolons bound the sentence.
    """
    doc = ctx.doc
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    speaker = np_span(ctx, pobj)
    phrase_lo = tok.i
    phrase_hi = ctx.token_at(speaker[1] - 1) + 1
    s_lo, s_hi = ctx.sents[ctx.sent_of[tok.i]]
    for j in range(phrase_lo - 1, s_lo - 1, -1):
        if doc[j].text in (":", ";"):
            s_lo = j + 1
            break
    for j in range(phrase_hi, s_hi):
        if doc[j].text in (":", ";"):
            s_hi = j
            break
    left = _trim_content(ctx, s_lo, phrase_lo, tok)
    right = _trim_content(ctx, phrase_hi, s_hi, tok)
    comma_before = phrase_lo > s_lo and doc[phrase_lo - 1].text == ","
    comma_after = phrase_hi < s_hi and doc[phrase_hi].text == ","
    right_is_new_clause = phrase_hi + 1 < s_hi and doc[phrase_hi + 1].pos_ == "CCONJ"
    span: tuple[int, int] | None
    if left is not None and right is not None:
        if comma_before and comma_after and not right_is_new_clause:
            span = (left[0], right[1])  # a parenthesis: the whole sentence
        elif comma_after and not comma_before and not right_is_new_clause:
            span = right  # "Among voters according to X, ..." -- rare; the clause after
        else:
            span = left
    else:
        span = left or right
    if span is None:
        return None
    cue = (tok.idx, to.idx + len(to.text))
    return Indirect(span[0], span[1], cue, tok.i, speaker)
