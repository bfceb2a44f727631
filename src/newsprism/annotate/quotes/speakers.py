"""Speakers: the noun phrase that names who speaks for a cue, and the entity it names.

:func:`speaker_span` follows the parse from a cue verb to its subject (up
through conjuncts, clausal complements and agents) and cuts the subject's noun
phrase to the name or description (:func:`np_span`: no relative clauses, no
appositions, no dateline, never across a paragraph break).  :func:`surface_np`,
:func:`np_after` and :func:`np_before` read a phrase from the words alone,
for the attributions the parser gets wrong.

:func:`speaker_entity` runs after linking: it picks, among the entity mentions
inside a quote's speaker span, the one that is the speaker ("Trump's tweet
said" is Trump; "Clinton's top aide said" is not Clinton).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import Mention, Quote
from .cues import coordinated_cue, is_cue
from .document import Ctx

if TYPE_CHECKING:
    from spacy.tokens import Token


#: How far the parser is followed up from a cue verb without a subject
#: ("calling it ..." -> "dismissed" -> its subject).
MAX_SUBJECT_CLIMB = 3

#: Speaker phrases longer than this (in tokens) are cut to their head and its
#: modifiers on the left ("the spokesman for ... and ... who ..." -> "the spokesman").
SPEAKER_MAX_TOKENS = 12

# Dependency labels used when building noun phrases and finding subjects.
_NP_STOP_DEPS = frozenset({"relcl", "appos", "acl", "advcl", "parataxis", "punct", "dep"})
_NP_CONT_DEPS = frozenset({"conj", "cc", "compound", "flat", "prep", "nummod", "case", "nmod"})
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acomp"})
#: Parts of speech a speaker phrase read from the words alone may contain.
NP_POS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "ADP"})
#: Entity types that can speak (a person, an organisation, a nationality, a country).
SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

# Speaker linking (:func:`speaker_entity`): a possessor before what it owns ("Trump's tweet"),
# and a lower-case word after a place or nationality ("one U.S. official").
_POSSESSOR = re.compile(r"^(?:'s|’s|'|’)?\s+(?P<rest>\S.*)$", re.S)
_BEFORE_COMMON_NOUN = re.compile(r"^\s+[a-z]")
# what someone put out in their own words ("Trump's tweet said", "Ryan's statement"), or
# the organisation that speaks for them ("Clinton's campaign said", "Pelosi's office")
_OWN_WORDS = frozenset(
    "account ad ads administration announcement article book brief camp campaign column comments "
    "complaint email emails essay filing government interview language letter memo message note office "
    "op-ed post posts remarks response speech statement team testimony tweet tweets video words".split())
# where the possessed noun phrase's head ends: a preposition, a relative pronoun, punctuation
_HEAD_ENDS = re.compile(r"\s(?:of|in|on|at|for|to|with|from|about|that|which|who)\s|[,;(]")


def subject_token(tok: Token) -> Token | None:
    """The token naming who speaks for cue verb ``tok``, following the parse upwards."""
    cur = tok
    for _ in range(MAX_SUBJECT_CLIMB + 1):
        subjects = [c for c in cur.children if c.dep_ == "nsubj"]
        if not subjects:
            # "Voters going to the polls said": the parser made a clausal subject
            for csubj in (c for c in cur.children if c.dep_ == "csubj"):
                subjects = [c for c in csubj.children if c.dep_ == "nsubj"]
        if subjects and tok.tag_ == "VBG" and cur.i != tok.i and cur.dep_ == "ccomp" and is_cue(cur.head) \
                and not is_cue(cur):
            # "Trump told Newsmax that Romney "had a crazy policy," adding, "...": a participle of
            # saying hung under the reported clause tells the saying, not what Romney did
            cur = cur.head
            continue
        if subjects:
            # "Details: ..., Peskov noted" has two: take the one nearest the verb
            subj = min(subjects, key=lambda s: abs(s.i - cur.i))
            if subj.tag_ in ("WP", "WDT") and cur.dep_ == "relcl":
                return cur.head
            return subj
        agent = next((c for c in cur.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if cur.lemma_ == "quote":  # "Peskov was quoted as saying"
            passive = next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
        if cur.dep_ == "conj":
            coordinated = coordinated_cue(cur)
            if coordinated is not None:
                cur = coordinated
                continue
        if cur.dep_ in _CLIMB_DEPS and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def np_span(ctx: Ctx, head: Token) -> tuple[int, int]:
    """Char span of the noun phrase headed by ``head``, without relative clauses or appositions."""
    doc = ctx.doc
    lo = head.left_edge.i
    hi = head.i + 1
    rights = list(head.rights)
    k = 0
    while k < len(rights):
        c = rights[k]
        if c.dep_ == "punct":
            # a comma before a conjunct ("Putin, Xi and Modi") is part of the phrase
            later = rights[k + 1] if k + 1 < len(rights) else None
            if later is not None and later.dep_ in ("conj", "cc") and c.text == ",":
                k += 1
                continue
            break
        if c.dep_ in _NP_STOP_DEPS or c.dep_ not in _NP_CONT_DEPS:
            break
        hi = c.right_edge.i + 1
        k += 1
    if hi - lo > SPEAKER_MAX_TOKENS:
        lo = head.i
        for c in reversed(list(head.lefts)):
            if c.dep_ in ("det", "compound", "amod", "poss", "flat", "nmod", "nummod"):
                lo = c.left_edge.i
            else:
                break
        hi = head.i + 1
    para = ctx.para_of(head.idx)
    while lo < head.i and ctx.para_of(doc[lo].idx) != para:
        lo += 1
    for j in range(head.i - 1, lo - 1, -1):
        # "WASHINGTON — Sen. Chuck Grassley": a dateline or label before a dash or colon
        spaced_hyphen = doc[j].text == "-" and doc[j].whitespace_ and j > 0 and doc[j - 1].whitespace_
        if doc[j].text in ("—", "–", "--", ":") or spaced_hyphen:
            lo = j + 1
            break
    while hi - 1 > head.i and ctx.para_of(doc[hi - 1].idx) != para:
        hi -= 1
    while lo < hi - 1 and (doc[lo].is_punct or doc[lo].is_space or ctx.quoted[lo]):
        lo += 1
    while hi - 1 > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space or ctx.quoted[hi - 1]):
        hi -= 1
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)


_DASHES = frozenset({"—", "–", "-", "--"})


def _dateline(ctx: Ctx, tok: Token) -> bool:
    """``tok`` is a dateline's place: an upper-case word that opens its paragraph, before a comma
    or a dash ("CLEVELAND, July 19 (UPI) — ...")."""
    para = ctx.para_starts[ctx.para_of(tok.idx)]
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (tok.text.isupper() and len(tok.text) > 1 and not ctx.text[para:tok.idx].strip()
            and nxt is not None and (nxt.text == "," or nxt.text in _DASHES))


def speaker_span(ctx: Ctx, cue: Token) -> tuple[int, int] | None:
    """The phrase naming who speaks for ``cue``, from the parse, else a name right after it."""
    subj = subject_token(cue)
    if subj is not None and _dateline(ctx, subj):
        # the parser made the dateline the subject and the speaker its apposition, after the
        # dateline's dash (not the agency in it: "CLEVELAND, July 19 (UPI) — Former ...")
        dash = next((t.i for t in cue.doc[subj.i + 1:cue.i] if t.text in _DASHES), cue.i)
        subj = next((c for c in subj.children if c.dep_ == "appos" and dash < c.i < cue.i
                     and c.ent_type_ in SPEAKER_ENTS), None)
    if (
        subj is None
        or ctx.quoted[subj.i]
        or subj.lower_ == "there"
        or ctx.para_of(subj.idx) != ctx.para_of(cue.idx)
    ):
        # inverted order the parser missed: "..., says Kremlin"
        if cue.i + 1 < len(cue.doc) and cue.doc[cue.i + 1].pos_ == "PROPN":
            return np_after(ctx, cue.i + 1)
        return None
    return np_span(ctx, subj)


def surface_np(ctx: Ctx, a: int, b: int, cut_apposition: bool = False) -> tuple[int, int] | None:
    """Char span of tokens ``[a, b)`` when they read as a noun phrase (fallback when the parse fails).

    With ``cut_apposition``, "Brent Bozell III, founder of the Media Research
    Center," is cut to the name before the first comma.
    """
    doc = ctx.doc
    if cut_apposition:
        for k in range(a + 1, b):
            if doc[k].text == "," and any(t.pos_ == "PROPN" for t in doc[a:k]):
                b = k
                break
    while a < b and (doc[a].is_punct or doc[a].pos_ in ("AUX", "ADV", "CCONJ")):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].pos_ in ("AUX", "ADV", "PART", "CCONJ")):
        b -= 1
    if b <= a or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in doc[a:b]):
        return None
    if any(t.pos_ not in NP_POS and not t.is_punct for t in doc[a:b]):
        return None
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def np_after(ctx: Ctx, i: int) -> tuple[int, int] | None:
    """Noun phrase starting at token ``i`` ("said [Kremlin spokesman Dmitry Peskov]")."""
    doc = ctx.doc
    j = i
    while j < len(doc) and doc[j].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM") and not ctx.quoted[j]:
        j += 1
        if doc[j - 1].pos_ == "PRON":
            break
    return surface_np(ctx, i, j) if j > i else None


def np_before(ctx: Ctx, i: int) -> tuple[int, int] | None:
    """Phrase naming a speaker that ends at token ``i`` (``Peskov: "..."``, ``X - "..."``).

    Only phrases that look like speakers count (a person, organisation, pronoun
    or proper-noun phrase), so labels such as "Details:" are not taken.
    """
    doc = ctx.doc
    if i < 0 or ctx.quoted[i]:
        return None
    tok = doc[i]
    if tok.ent_type_ in SPEAKER_ENTS:
        ent = next((e for e in doc.ents if e.start <= i < e.end), None)
        if ent is not None:
            return ent.start_char, ent.end_char
    if tok.pos_ == "PRON" and tok.lower_ not in ("it", "this", "that", "there"):
        return tok.idx, tok.idx + len(tok.text)
    if tok.pos_ == "PROPN":
        j = i
        while j - 1 >= 0 and doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET") and not doc[j - 1].is_sent_end:
            j -= 1
        return doc[j].idx, tok.idx + len(tok.text)
    return None


def speaker_entity(q: Quote, mentions: tuple[Mention, ...], text: str) -> str | None:
    """The entity a quote's speaker span names: its first person ("Peskov, spokesman for Putin"),
    else its last mention; not one that only qualifies the speaker, a possessor ("Trump's
    critics") or a nationality ("one U.S. official", "a Russian diplomat")."""
    if q.speaker_start is None or q.speaker_end is None:
        return None
    inside = [m for m in mentions if m.key and m.start < q.speaker_end and q.speaker_start < m.end
              and not _qualifies(m, text[m.end:q.speaker_end])]
    people = [m for m in inside if m.type == "PERSON"]
    # a title the parser cut from the name after it: "[Chief Justice of the United States] John Roberts"
    named = [m for m in mentions if m.key and m.type == "PERSON" and m.start >= q.speaker_end
             and not text[q.speaker_end:m.start].strip()]
    if not people and named:
        return named[0].key
    if not inside:
        return None
    pick = people[0] if people else inside[-1]
    return pick.key


def _qualifies(m: Mention, after: str) -> bool:
    """Whether mention ``m``, followed in the speaker span by ``after``, only qualifies the
    speaker: a possessor of someone else ("Clinton's top aide"; not of their own words or
    their campaign: "Trump's tweet", "Clinton's campaign"), or a place or nationality before a
    common noun.  An organisation before
    its spokesman stays the speaker ("a Kremlin spokesman")."""
    if m.text.endswith(("'s", "’s")) or after[:2] in ("'s", "’s") or after[:1] in ("'", "’"):
        owned = _POSSESSOR.match(after)
        if owned is None:
            return False
        head = _HEAD_ENDS.split(" " + owned.group("rest"), maxsplit=1)[0].split()
        return not (head and head[-1].lower() in _OWN_WORDS)  # "Trump's tweet": his words
    return m.type in ("GPE", "NORP") and bool(_BEFORE_COMMON_NOUN.match(after))
