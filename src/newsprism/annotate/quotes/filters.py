"""Filters: what looks like a quote but is not one, or is one found twice.

A short quoted phrase inside a sentence that no speech cue attributes to
anyone is a scare quote ("so-called "peace plan"") and is dropped, as is a
quoted name or title (ABC's "Good Morning America") that no adjacent cue
introduces.  A quotation that is a paragraph by itself, with nobody named,
whose words are quoted again elsewhere is a pull quote.  An indirect quote
whose content is (almost) all one or more direct quotes is the same quote
seen twice and is dropped; a direct quote *inside* a longer indirect content
("said he would meet Putin "as soon as we can set it up"") is kept next to
it, since the two are different quotes.  A reported-speech cue inside the
content of a kept indirect quote is a nested attribution and does not make a
quote of its own.

Filters set ``drop`` on the candidates; nothing is removed here.
"""

from __future__ import annotations

import re

from .document import Ctx, count_words
from .indirect import Indirect
from .marks import Marked

#: A quoted phrase of at most this many words, inside a sentence, that no
#: speech cue attributes to a speaker is a scare quote ("so-called "peace
#: plan"").  Four words keeps short attributed fragments ("unconstructive",
#: "crisis around Ukraine") when a cue is present and drops labels, titles and
#: ironic quotes when not.  On a third of PolNeAR train, such uncued phrases of
#: 1-3 words lie inside an annotated attribution ~60% of the time, of 7+ words
#: ~90%: longer ones are mostly real quotes whose attribution we missed.
SCARE_MAX_WORDS = 4

#: A quote of at most this many words, all capitalised (small words aside) and
#: without final punctuation, inside a sentence, is a name or title: ABC's
#: "Good Morning America", the "State of the Union".
TITLE_MAX_WORDS = 6

TITLE_SMALL_WORDS: frozenset[str] = frozenset(
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
)

#: A paragraph where at least this share of the longer words is capitalised is
#: a headline: every quoted phrase in it looks like a title, so none is dropped.
HEADLINE_CAPS_SHARE = 0.6

#: An indirect quote is dropped when at least this share of its content
#: characters (letters and digits, not counting attribution words) lies inside
#: direct quotes: it is the direct quote found a second time by the parser.
INDIRECT_COVERED_BY_DIRECT = 0.8


def drop_repeated_indirect(ctx: Ctx, marked: list[Marked], indirect: list[Indirect]) -> None:
    """Drop indirect quotes that are a direct quote found again, or nested in another.

    Run once the direct quotes have their cues and speakers: the words of
    those attributions do not count as content, and the cue right after a
    closing mark reports the direct quote, not a clause before it.
    """
    content_chars = [False] * len(ctx.text)
    for m in marked:
        for c in range(m.start, m.end):
            content_chars[c] = True
    attribution_chars = [False] * len(ctx.text)
    for m in marked:
        for span in (m.cue, m.speaker):
            if span is not None:
                for c in range(*span):
                    attribution_chars[c] = True
    post_cues = {m.after_cue: m.open for m in marked if m.after_cue is not None}
    for q in indirect:
        if q.cue_tok in post_cues and q.start < q.cue[0]:
            # '"...," he said' -- "said" reports the quote; a clause before it that the
            # parser hung on it ('X noted that ...: "...," he said') is not its content
            q.drop = True
            continue
        words = [c for c in range(q.start, q.end) if not attribution_chars[c] and ctx.text[c].isalnum()]
        if words and sum(content_chars[c] for c in words) / len(words) >= INDIRECT_COVERED_BY_DIRECT:
            q.drop = True
    _drop_nested(indirect)


def drop_pull_quotes(ctx: Ctx, marked: list[Marked]) -> None:
    """Drop pull quotes: a quotation that is a paragraph by itself, with nobody named, and
    whose words are quoted again elsewhere (a subheading "My fears have been realized"
    above 'Morrison said, "... My fears have been realized."') is a display copy.

    Run before speakers are taken from context, which would give it one.
    """
    quoted_words = [f" {_word_key(ctx.text[m.start : m.end])} " for m in marked]
    for m, own in zip(marked, quoted_words, strict=True):
        if m.cue is None and m.speaker is None and own.strip() and _whole_paragraph(ctx, m):
            if any(len(other) > len(own) and own in other for other in quoted_words):
                m.drop = True


def drop_scare_quotes_and_titles(ctx: Ctx, marked: list[Marked]) -> None:
    """Drop scare quotes (short, inside a sentence, nobody said them) and quoted
    names (ABC's "Good Morning America", a handle "@JebBush").

    Run last: a quote standing on its own, or one with a cue and a speaker
    (from its sentence or from context), is kept.
    """
    for m in marked:
        if m.standalone or m.label is not None:
            continue
        if (m.cue is None or m.speaker is None) and count_words(ctx.text[m.start : m.end]) <= SCARE_MAX_WORDS:
            m.drop = True
        elif not m.adjacent and not m.naming and _is_title(ctx, m):
            m.drop = True


def _drop_nested(indirect: list[Indirect]) -> None:
    """Drop indirect quotes whose cue lies inside another kept indirect quote's content."""
    kept: list[Indirect] = []
    for q in sorted(indirect, key=lambda q: -(q.end - q.start)):
        if q.drop:
            continue
        if any(k.start <= q.cue[0] < k.end for k in kept):
            q.drop = True
            continue
        kept.append(q)


def _word_key(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def _whole_paragraph(ctx: Ctx, m: Marked) -> bool:
    """Is the quotation, marks and all, the whole of its paragraph?"""
    p_lo = ctx.para_starts[ctx.para_of(m.open)]
    end = m.close_end if m.close_end is not None else m.end
    p_hi = ctx.text.find("\n", end)
    p_hi = len(ctx.text) if p_hi < 0 else p_hi
    return not ctx.text[p_lo : m.open].strip() and not ctx.text[end:p_hi].strip(" .,;:!?")


def _is_title(ctx: Ctx, m: Marked) -> bool:
    """A quoted name or title ("State of the Union", "@JebBush"), not a quote.

    Headlines capitalise every word, so a paragraph that is itself in title
    case says nothing: there the quote is kept.
    """
    content = ctx.text[m.start : m.end]
    if re.fullmatch(r"[@#]\w+", content):
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    if not words or len(words) > TITLE_MAX_WORDS or content.rstrip()[-1:] in ".!?,":
        return False
    if not all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words):
        return False
    p_lo = ctx.para_starts[ctx.para_of(m.open)]
    p_hi = ctx.text.find("\n", m.open)
    p_hi = len(ctx.text) if p_hi < 0 else p_hi
    outside = ctx.text[p_lo : m.open] + " " + ctx.text[m.close_end or m.end : p_hi]
    long_words = [w for w in re.findall(r"[^\W\d_]+", outside) if len(w) > 3]
    if not long_words:
        return False
    return sum(w[0].isupper() for w in long_words) / len(long_words) < HEADLINE_CAPS_SHARE
