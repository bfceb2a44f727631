"""Quote groups: the renderings of one utterance by several outlets, with word-level diffs.

:func:`group_quotes` takes an :class:`~newsprism.analysis.Analysis` and an
:class:`~newsprism.embed.Encoder` and returns
:class:`~newsprism.model.QuoteGroup` records, one per utterance that at least
two articles quote.  Two quotes render the same utterance when

1. **the speaker is the same** canonical entity (``Quote.speaker``; quotes
   without a linked speaker are left out);
2. **the moment is compatible**: their articles were published at most
   :data:`MAX_DAYS_APART` days apart (when both dates are known; an unknown
   date is compatible with any);
3. **the content matches**: the encoder's cosine similarity reaches
   :data:`SIM_MIN` *and* the pair is the best match of at least one of the two
   quotes among the speaker's quotes in the other article, or it reaches
   :data:`SIM_SURE`; or one quote's words (at least
   :data:`MIN_CONTAINED_WORDS` of them) appear verbatim inside the other.
   The multilingual encoder scores two translations of the same quote close
   together, so differently worded renderings ("Such a meeting is certainly
   necessary – both for Russian-American bilateral relations..." / "...It is
   necessary both primarily from the point of view of bilateral Russian-U.S.
   relations...") group.

Direct and indirect renderings of the same utterance may group together (an
outlet that paraphrases is still reporting that utterance), and one article
may contribute several quotes to a group when it splits the utterance.
Groups are the connected components of the links above; only groups that
span at least two articles are returned.

**Fragments.**  A quote whose words all appear, in order, inside another quote
of the same speaker in the same article (the direct "necessary" inside the
indirect 'a meeting ... is "necessary" to discuss ...') is a nested fragment:
it does not join a group on its own; its container stands for it, which
keeps one-word quotes from producing meaningless all-"delete" diffs.  Other
quotes shorter than :data:`MIN_WORDS` words are too short for the encoder to
identify an utterance; they join only by verbatim containment.

**Diffs.**  Each group has a ``reference`` quote (the longest direct quote,
else the longest quote; ties go to the earlier article and position), and
every member gets a word-level diff against it (:func:`word_diff`, difflib on
words compared case-insensitively without surrounding punctuation):
``insert`` = words only the variant has, ``delete`` = reference words it
lacks (``text=""``, the missing words in ``other``), ``replace`` = its words
(``text``) in place of the reference's (``other``).

**Divergence.**  A member is ``divergent`` when, compared with the members
from the *other* articles, it

- gives a number or date (digits, number words, month and weekday names)
  that none of them gives — "gives X where the others give Y" when they give
  a different one;
- carries a negation (not, never, no, without...) that none of them carries;
- has a clause (a piece between punctuation or before "but", "while"...)
  with at least :data:`CLAUSE_MIN_WORDS` content words that none of them has
  ("adds ..."), or lacks such a clause that all of them (at least two other
  articles) share ("drops ...") — unless the encoder finds the clause said in
  other words (similarity :data:`CLAUSE_SIM_COVERED` or more to another
  rendering or one of its clauses), as translations do.  Content words
  approximate nouns/verbs/adjectives without a tagger: lower-case words of
  three or more letters that are not stop words, compared by their Snowball
  stems (:func:`newsprism.lexicon.words.stem`); capitalised names are left out because
  renderings name the same referent differently ("Russian-U.S." /
  "Russian-American"), which the framing rows report instead.

The quotes' and clauses' embeddings come from one ``encoder.encode`` call for
the whole run, and pairs are only scored within one speaker.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from ..disjoint import DisjointSets
from ..lexicon.calendar import MONTHS, WEEKDAYS
from ..lexicon.words import is_content_word, stem
from ..model import DiffSegment, Quote, QuoteGroup

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..embed import Encoder

__all__ = [
    "CLAUSE_MIN_WORDS",
    "CLAUSE_SIM_COVERED",
    "MAX_DAYS_APART",
    "MIN_CONTAINED_WORDS",
    "MIN_WORDS",
    "SIM_MIN",
    "SIM_SURE",
    "group_quotes",
    "word_diff",
]

# Cosine similarity (default encoder: multilingual USE) for two renderings of one utterance.
# The encoder scores typical paraphrases/translations around 0.69 and unrelated sentences
# around 0.11, while different remarks of one speaker on one topic (the sentences of one press
# briefing, as reported by different outlets) spread over 0.3-0.65.  0.65 keeps most paraphrases; the best-match condition (a quote
# links to the closest rendering in the other article, not to every remark above the
# threshold) is what separates the same-briefing remarks that come close to it.
SIM_MIN = 0.65
# Above this a pair is the same utterance whatever else the other article quotes (well above
# the typical paraphrase level; lets one article's split quotes all join the group).
SIM_SURE = 0.8
# An utterance is reported the same day or within a day or two (time zones, follow-ups, weekend
# editions); articles further apart that quote the speaker alike report a repeated line on
# another occasion.
MAX_DAYS_APART = 2
# Quotes shorter than this (in words) are matched only by verbatim containment: one or two words
# ("necessary", "unconstructive") give the encoder nothing to identify an utterance by.
MIN_WORDS = 3
# Verbatim containment links two quotes when the shorter has at least this many words (a phrase
# that long, word for word, by the same speaker in the same days is the same utterance).
MIN_CONTAINED_WORDS = 4
# A clause "adds or drops a claim" when it has at least this many content words the others lack
# (three could be a rephrased noun phrase; four make a predicate with its arguments).
CLAUSE_MIN_WORDS = 4
# ...and when the encoder does not find it said in other words: a clause whose similarity to
# another rendering (or one of its clauses) reaches this is a paraphrase, not a new claim.  Set
# below the typical paraphrase similarity (~0.69), so only clauses well apart in meaning count.
CLAUSE_SIM_COVERED = 0.6

_EDGE_PUNCT = "\"'“”‘’«»„()[]{}.,;:!?…–—-*"
_NEGATIONS = frozenset(
    {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "cannot",
     "n't", "nowhere"}
)
# number words as the digits they stand for ("three years" = "3 years"); "one" and "two" are
# left out: they are pronouns and "both"-like words as often as numbers ("our two nations")
_NUMBER_WORDS = {
    "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000", "million": "1000000",
    "billion": "1000000000", "dozen": "12", "hundreds": "hundreds", "thousands": "thousands",
    "millions": "millions", "billions": "billions", "dozens": "dozens",
}
_MONTHS = frozenset(MONTHS)  # names and abbreviations
_DATE_WORDS = _MONTHS | frozenset(WEEKDAYS) | {"today", "yesterday", "tomorrow", "tonight"}
# "may", "march", "mar" are months only before a day number or capitalised inside a sentence
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})
_CLAUSE_OPENERS = frozenset({"but", "while", "whereas", "because", "although", "though", "however"})
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*(?:st|nd|rd|th|%)?$")


# --- words -----------------------------------------------------------------------------


def _key(token: str) -> str:
    """Comparison key of a whitespace token: lower case, no surrounding punctuation."""
    k = token.strip(_EDGE_PUNCT).lower().replace("’", "'")
    if k.endswith("'s"):
        k = k[:-2]
    return k


def _words(text: str) -> list[tuple[str, str]]:
    """(token as written, key) for each word of ``text``; punctuation-only tokens are dropped."""
    out = []
    for tok in text.split():
        k = _key(tok)
        if k:
            out.append((tok, k))
    return out


def _is_content(token: str, key: str) -> bool:
    """A common noun, verb, adjective or adverb, roughly: lower case, 3+ letters, not a stop word."""
    return (len(key) >= 3 and key.isalpha() and is_content_word(key)
            and token.strip(_EDGE_PUNCT)[:1].islower())


def word_diff(reference: str, variant: str) -> tuple[DiffSegment, ...]:
    """Word-level diff of ``variant`` against ``reference`` (see the module docstring)."""
    ref = _words(reference)
    var = _words(variant)
    sm = difflib.SequenceMatcher(None, [k for _, k in ref], [k for _, k in var], autojunk=False)
    out: list[DiffSegment] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        mine = " ".join(t for t, _ in var[j1:j2])
        theirs = " ".join(t for t, _ in ref[i1:i2])
        if tag == "equal":
            out.append(DiffSegment("equal", mine))
        elif tag == "insert":
            out.append(DiffSegment("insert", mine))
        elif tag == "delete":
            out.append(DiffSegment("delete", "", theirs))
        else:
            out.append(DiffSegment("replace", mine, theirs))
    return tuple(out)


def _contains(long: list[str], short: list[str]) -> bool:
    """Whether ``short`` occurs as a contiguous run of ``long``."""
    n = len(short)
    if n == 0 or n > len(long):
        return False
    first = short[0]
    return any(long[i] == first and long[i : i + n] == short for i in range(len(long) - n + 1))


# --- grouping ----------------------------------------------------------------------------


def _pub_dates(analysis: Analysis) -> dict[str, date | None]:
    out: dict[str, date | None] = {}
    for a in analysis.articles:
        try:
            out[a.id] = date.fromisoformat(a.published[:10]) if a.published else None
        except ValueError:
            out[a.id] = None
    return out


def _compatible(d1: date | None, d2: date | None) -> bool:
    return d1 is None or d2 is None or abs((d1 - d2).days) <= MAX_DAYS_APART


def _nested(quotes: Sequence[Quote], keys: dict[str, list[str]]) -> set[str]:
    """Ids of quotes contained in another quote of the same article and speaker."""
    out: set[str] = set()
    by_owner: dict[tuple[str, str | None], list[Quote]] = {}
    for q in quotes:
        by_owner.setdefault((q.article, q.speaker), []).append(q)
    for group in by_owner.values():
        for q in group:
            for other in group:
                if other.id == q.id or other.id in out:
                    continue
                kq, ko = keys[q.id], keys[other.id]
                longer = len(ko) > len(kq) or (len(ko) == len(kq) and other.start < q.start)
                if longer and _contains(ko, kq):
                    out.add(q.id)
                    break
    return out


def _pieces(words: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Clause-like pieces of a quote: split after , ; : . ! ? and dashes, and before but/while..."""
    out: list[list[tuple[str, str]]] = [[]]
    for tok, k in words:
        if k in _CLAUSE_OPENERS and out[-1]:
            out.append([])
        out[-1].append((tok, k))
        if tok[-1:] in ",;:.!?" or tok.strip("\"'“”") in ("–", "—", "-"):
            out.append([])
    return [p for p in out if p]


class _Vectors:
    """Embeddings of the quotes and of their clause-like pieces, from one ``encode`` call."""

    def __init__(self, encoder: Encoder, quotes: Sequence[Quote],
                 words: dict[str, list[tuple[str, str]]]) -> None:
        texts: list[str] = []
        self.whole: dict[str, int] = {}
        self.pieces: dict[str, list[tuple[list[tuple[str, str]], int]]] = {}
        for q in quotes:
            if len(words[q.id]) >= MIN_WORDS:
                self.whole[q.id] = len(texts)
                texts.append(q.text.strip(_EDGE_PUNCT + " "))
            ps = _pieces(words[q.id])
            self.pieces[q.id] = []
            if len(ps) > 1:
                for p in ps:
                    if len(p) >= MIN_WORDS:
                        self.pieces[q.id].append((p, len(texts)))
                        texts.append(_join(p))
        self.matrix = encoder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)

    def rows(self, qid: str) -> list[int]:
        """Rows of a quote: its whole text and its pieces."""
        whole = [self.whole[qid]] if qid in self.whole else []
        return whole + [i for _, i in self.pieces[qid]]

    def clauses(self, qid: str, words: list[tuple[str, str]]) -> list[tuple[list[tuple[str, str]], int | None]]:
        """A quote's clause-like pieces with their rows (the whole quote when it has one piece)."""
        if self.pieces[qid]:
            return [(p, i) for p, i in self.pieces[qid]]
        return [(words, self.whole.get(qid))]

    def covered(self, row: int | None, other_rows: list[int]) -> bool:
        """Whether the text of ``row`` says what one of ``other_rows`` says (a paraphrase)."""
        if row is None or not other_rows:
            return False
        sims = self.matrix[other_rows] @ self.matrix[row]
        return float(sims.max()) >= CLAUSE_SIM_COVERED


def _join(words: list[tuple[str, str]]) -> str:
    return " ".join(t for t, _ in words).strip(_EDGE_PUNCT + " ")


def group_quotes(analysis: Analysis, encoder: Encoder) -> list[QuoteGroup]:
    """Quotes of different articles that render the same utterance (see the module docstring).

    Groups come in order of their first article and first position there, with ids
    ``qg1``, ``qg2``...; members are sorted by article and position.  The encoder is called
    once, for all the quotes (and their clauses) of the run.
    """
    order = {a.id: i for i, a in enumerate(sorted(analysis.articles, key=lambda a: a.id))}
    quotes = sorted((q for q in analysis.quotes if q.speaker and q.id),
                    key=lambda q: (order.get(q.article, len(order)), q.article, q.start, q.id))
    words = {q.id: _words(q.text) for q in quotes}
    keys = {qid: [k for _, k in w] for qid, w in words.items()}
    nested = _nested(quotes, keys)
    by_speaker: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.id not in nested and keys[q.id]:
            by_speaker.setdefault(q.speaker or "", []).append(q)
    # only speakers quoted by two or more articles can form a group
    by_speaker = {s: qs for s, qs in by_speaker.items() if len({q.article for q in qs}) >= 2}
    members = [q for qs in by_speaker.values() for q in qs]
    if not members:
        return []
    vectors = _Vectors(encoder, members, words)
    published = _pub_dates(analysis)

    def compatible(q: Quote, o: Quote) -> bool:
        return _compatible(published.get(q.article), published.get(o.article))

    uf = DisjointSets(q.id for q in members)
    for qs in by_speaker.values():
        # verbatim containment
        for q in qs:
            for o in qs:
                if (o.article != q.article and len(keys[q.id]) >= MIN_CONTAINED_WORDS
                        and len(keys[o.id]) >= len(keys[q.id]) and compatible(q, o)
                        and _contains(keys[o.id], keys[q.id])):
                    uf.join(q.id, o.id)
        # similarity, with the best-match condition
        enc = [q for q in qs if q.id in vectors.whole]
        if len(enc) < 2:
            continue
        m = vectors.matrix[[vectors.whole[q.id] for q in enc]]
        sims = m @ m.T
        best: dict[tuple[int, str], int] = {}
        for i, q in enumerate(enc):
            for j, o in enumerate(enc):
                if o.article != q.article and compatible(q, o):
                    k = (i, o.article)
                    if k not in best or sims[i, j] > sims[i, best[k]]:
                        best[k] = j
        for i, q in enumerate(enc):
            for j in range(i + 1, len(enc)):
                o = enc[j]
                if o.article == q.article or not compatible(q, o):
                    continue
                s = float(sims[i, j])
                best_match = best.get((i, o.article)) == j or best.get((j, q.article)) == i
                if s >= SIM_SURE or (s >= SIM_MIN and best_match):
                    uf.join(q.id, o.id)

    components: dict[str, list[Quote]] = {}
    for q in sorted(members, key=lambda q: (order.get(q.article, len(order)), q.article, q.start)):
        components.setdefault(uf.find(q.id), []).append(q)
    names = {e.id: e.name for e in analysis.entities}
    groups = [c for c in components.values() if len({q.article for q in c}) >= 2]
    groups.sort(key=lambda c: (order.get(c[0].article, len(order)), c[0].article, c[0].start))
    return [_make_group(f"qg{n}", g, names, words, vectors) for n, g in enumerate(groups, 1)]


# --- one group ----------------------------------------------------------------------------


def _reference(members: Sequence[Quote], words: dict[str, list[tuple[str, str]]]) -> Quote:
    """The longest direct quote, else the longest quote (earlier article/position on ties)."""
    pool = [q for q in members if q.kind == "direct"] or list(members)
    return max(pool, key=lambda q: (len(words[q.id]), -members.index(q)))


def _make_group(gid: str, members: Sequence[Quote], names: dict[str, str],
                words: dict[str, list[tuple[str, str]]], vectors: _Vectors) -> QuoteGroup:
    ref = _reference(members, words)
    diffs = {q.id: ((DiffSegment("equal", " ".join(t for t, _ in words[q.id])),)
                    if q.id == ref.id else word_diff(ref.text, q.text)) for q in members}
    speaker = members[0].speaker
    return QuoteGroup(
        id=gid,
        speaker=speaker,
        speaker_name=names.get(speaker or "") or members[0].speaker_name,
        quotes=tuple(q.id for q in members),
        articles=tuple(dict.fromkeys(q.article for q in members)),
        reference=ref.id,
        diffs=diffs,
        divergent=tuple(_divergent(members, words, vectors)),
    )


def _numbers(words: list[tuple[str, str]]) -> dict[str, str]:
    """Numbers and dates a rendering gives: normalised value -> as written (in order).

    A month next to a day number is one date ("June 2", "2 June" -> "june 2").
    """
    out: dict[str, str] = {}
    i = 0
    while i < len(words):
        tok, k = words[i]
        nxt = words[i + 1][1] if i + 1 < len(words) else ""
        step = 1
        if _DIGITS.match(k) and nxt in _MONTHS and len(k) <= 2:
            v, written, step = f"{nxt} {k}", f"{tok} {words[i + 1][0]}", 2
        elif k in _MONTHS and _DIGITS.match(nxt) and len(nxt) <= 4:
            v, written, step = f"{k} {nxt}", f"{tok} {words[i + 1][0]}", 2
        elif _DIGITS.match(k):
            v, written = k.replace(",", ""), tok
        elif k in _NUMBER_WORDS:
            v, written = _NUMBER_WORDS[k], tok
        elif k in _DATE_WORDS and (k not in _AMBIGUOUS_MONTHS or (tok[:1].isupper() and i > 0)):
            v, written = k, tok
        else:
            i += 1
            continue
        out.setdefault(v, written.strip(_EDGE_PUNCT))
        i += step
    return out


def _negations(words: list[tuple[str, str]]) -> list[str]:
    return [k for _, k in words if k in _NEGATIONS or k.endswith("n't")]


def _content(words: list[tuple[str, str]]) -> set[str]:
    return {stem(k) for t, k in words if _is_content(t, k)}


def _divergent(members: Sequence[Quote], words: dict[str, list[tuple[str, str]]],
               vectors: _Vectors) -> list[tuple[str, str]]:
    stems = {q.id: _content(words[q.id]) for q in members}
    out: list[tuple[str, str]] = []
    for q in members:
        others = [o for o in members if o.article != q.article]
        reasons: list[str] = []
        # numbers and dates
        mine = _numbers(words[q.id])
        theirs: dict[str, str] = {}
        for o in others:
            for v, written in _numbers(words[o.id]).items():
                theirs.setdefault(v, written)
        extra = [w for v, w in mine.items() if v not in theirs]
        if extra:
            differ = [w for v, w in theirs.items() if v not in mine]
            if differ:
                reasons.append(f"gives {', '.join(extra)} where the others give {', '.join(differ)}")
            else:
                reasons.append(f"adds {', '.join(extra)}, which the others do not give")
        # negation
        neg = _negations(words[q.id])
        if neg and not any(_negations(words[o.id]) for o in others):
            reasons.append(f'adds a negation ("{neg[0]}") the others lack')
        # a clause only this rendering has
        their_stems: set[str] = set().union(*(stems[o.id] for o in others))
        other_rows = [r for o in others for r in vectors.rows(o.id)]
        for piece, row in vectors.clauses(q.id, words[q.id]):
            if (len(_content(piece) - their_stems) >= CLAUSE_MIN_WORDS
                    and not vectors.covered(row, other_rows)):
                reasons.append(f'adds "{_join(piece)}"')
        # a clause all the other articles have and this one lacks
        other_articles = list(dict.fromkeys(o.article for o in others))
        if len(other_articles) >= 2:
            shared = set.intersection(*(
                set().union(*(stems[o.id] for o in others if o.article == a))
                for a in other_articles)) - stems[q.id]
            my_rows = vectors.rows(q.id)
            dropped: list[str] = []
            for o in others:
                for piece, row in vectors.clauses(o.id, words[o.id]):
                    text = _join(piece)
                    if (len(_content(piece) & shared) >= CLAUSE_MIN_WORDS and text not in dropped
                            and not vectors.covered(row, my_rows)):
                        dropped.append(text)
            reasons.extend(f'drops "{t}", which the others carry' for t in dropped[:1])
        if reasons:
            out.append((q.id, "; ".join(reasons)))
    return out
