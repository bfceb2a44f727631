"""What the parse says about a time expression: past or future, where a duration reaches, and
whether the expression only modifies a noun.

Direction comes from the tense of the verb that governs the expression, found by climbing the
dependency tree; cue words ("since", "ahead of", "upcoming") override it.
"""

from __future__ import annotations

from typing import Any

from ..docutil import sentence_of_token, sents
from .lexicon import (
    DEFER_LEMMAS,
    FUTURE_AUX,
    FUTURE_IF_TO_LEMMAS,
    FUTURE_LEMMAS,
    FUTURE_MODIFIERS,
    LOCATING_PREPOSITIONS,
    PAST_MODIFIERS,
    PAST_PREPOSITIONS,
    RESCHEDULE_LEMMAS,
    STRONG_FUTURE_AUX,
)

#: How far up the dependency tree we climb from a time expression looking for
#: the verb whose tense tells past from future.
MAX_HEAD_CLIMB = 8

#: Dependency labels by which a time expression attaches to what it locates.
DIRECT_DEPS = frozenset("pobj npadvmod tmod advmod prep appos ROOT".split())


# -- direction from tense ----------------------------------------------------


def _verb_direction(tok: Any) -> tuple[int | None, str]:
    """Direction from one verb's tense and auxiliaries, and how sure it is.

    Returns ``(direction, strength)``; ``direction`` is ``None`` when the verb
    says nothing.  ``strength`` is ``"lexical"`` when a word decided ("will",
    "going to", "is expected to", "continues preparing for"): that holds even
    through a noun phrase; ``"tense"`` for a plain tense, which holds only when
    the expression locates the verb directly; ``"hint"`` for weak cues
    (modals, "planned ... on Friday").
    """
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    aux_words = [a.lower_ for a in auxes]
    tag = tok.tag_
    lemma = tok.lemma_.lower()
    has_xcomp = any(c.dep_ == "xcomp" for c in tok.children)
    perfect = any(a in ("has", "have", "had", "'ve") for a in aux_words)
    if any(a in STRONG_FUTURE_AUX for a in aux_words):
        if "have" in aux_words and tag == "VBN":
            return -1, "tense"  # "will have met"
        return 1, "lexical"
    if "going" in aux_words or (lemma == "go" and tag == "VBG" and has_xcomp):
        return 1, "lexical"
    if lemma in FUTURE_LEMMAS and lemma not in DEFER_LEMMAS:
        if tag == "VBD" or perfect:
            return 1, "hint"  # "planned a rally on Saturday", "has scheduled it for Thursday"
        return 1, "lexical"  # "is expected to", "scheduled for", "continues preparing for"
    if lemma in FUTURE_IF_TO_LEMMAS and has_xcomp and tag != "VBD":
        return 1, "lexical"  # "is set to meet", "is due to"
    if "could" in aux_words:
        return None, "hint"  # "could be located Wednesday": past ability or future possibility
    if any(a in ("would", "'d") for a in aux_words):
        if "have" in aux_words and tag == "VBN":
            return -1, "tense"  # "would have met"
        return 1, "tense"
    if any(a in FUTURE_AUX for a in aux_words):
        return 1, "hint"
    if tag == "VBD":
        return -1, "tense"
    if tag == "VBN":
        if perfect or any(a in ("'s", "was", "were", "been") for a in aux_words):
            return -1, "tense"
        if not aux_words:
            return -1, "tense"  # "the decision, announced Wednesday"
        return None, "tense"
    if tag == "VBG":
        if any(a in ("is", "are", "am", "'re", "'s") for a in aux_words):
            return 1, "tense"  # "is meeting on Monday": an arrangement
        if any(a in ("was", "were") for a in aux_words):
            return -1, "tense"
        return None, "tense"
    if tag in ("VBZ", "VBP"):
        return (0 if lemma != "be" else None), "tense"
    if tag == "MD":
        return 1, "hint"
    return None, "tense"


def tense_direction(doc: Any, start: int, end: int) -> tuple[int, bool]:
    """Past (-1), future (+1) or unknown (0) for the expression at [start, end), and
    whether that reading is only a hint (``weak``).

    The tense of a verb counts fully only when the expression locates that
    verb directly ("met on Friday", "will meet Monday").  Reached through a
    noun phrase ("the Aug. 7 bombings"), an infinitive ("agreed to buy it in
    February") or a preposition that does not locate ("payable Dec. 7", "until
    January"), it is a hint: resolution then prefers the nearest reading
    unless that is far against the hint.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0, False
    parsed = doc.has_annotation("DEP")
    # a cue word just before: "since Monday", "ahead of Thursday's talks"
    i = span.start
    before = [t.lower_ for t in doc[max(0, i - 2) : i]]
    if before and before[-1] in PAST_PREPOSITIONS:
        return -1, False
    if before[-2:] == ["ahead", "of"]:
        return 1, False
    # a past verb right before ("said Friday", "said on Friday") governs it,
    # whatever the parser attached the expression to
    j = i - 1
    if j >= 0 and doc[j].lower_ in ("on", "late", "early", "last"):
        j -= 1
    if j >= 0 and doc[j].tag_ == "VBD":
        return -1, False
    if not parsed:
        return 0, False
    inside = range(span.start, span.end)
    tok = span.root
    weak = tok.dep_ not in DIRECT_DEPS
    prep = ""
    for _ in range(MAX_HEAD_CLIMB):
        if tok.i not in inside:
            pos = tok.pos_
            if pos in ("VERB", "AUX"):
                if (prep in ("until", "till", "to") and tok.lemma_.lower() in DEFER_LEMMAS) or \
                        (prep == "for" and tok.lemma_.lower() in RESCHEDULE_LEMMAS):
                    return 1, False  # "postponed until Tuesday", "rescheduled for Friday"; not "delayed on Monday"
                d, strength = _verb_direction(tok)
                if strength == "lexical":
                    return int(d or 0), False
                if d is not None:
                    return d, (weak or strength == "hint") and d != 0
                if tok.tag_ == "VB" and any(c.tag_ == "TO" for c in tok.children):
                    weak = True  # infinitive: the verb it depends on only hints
                if tok.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "ROOT", "relcl", "pcomp"):
                    weak = True
            elif pos == "ADP":
                prep = prep or tok.lower_
                if tok.lower_ not in LOCATING_PREPOSITIONS:
                    weak = True
            else:
                weak = True
                for c in tok.children:
                    if c.i in inside or c.dep_ not in ("amod", "compound", "advmod"):
                        continue
                    lemma = c.lemma_.lower()
                    if lemma in FUTURE_MODIFIERS:
                        return 1, False
                    if lemma in PAST_MODIFIERS and c.dep_ == "amod":
                        return -1, False
        if tok.head is tok:
            break
        tok = tok.head
    return 0, False


# -- reach of durations ------------------------------------------------------

_BACK_CUES = frozenset({"first", "not", "n't", "never", "no", "last", "only"})


def duration_reach(doc: Any, start: int, end: int, reach: int, direction: int) -> int:
    """Does a duration end at the anchor (-1), start there (+1), or float (0)?

    ``reach`` is what the words already said ("the past three years": -1); 0 asks the parse.
    """
    if reach:
        return int(reach)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    i = span.start
    prev = doc[i - 1].lower_ if i > 0 else ""
    first = (sents(doc)[sentence_of_token(doc)[i]].start if doc.has_annotation("SENT_START")
             else max(0, i - 12))
    left = list(doc[first:i])
    perfect = False
    verb = span.root
    for _ in range(MAX_HEAD_CLIMB):
        if verb.pos_ in ("VERB", "AUX"):
            perfect = any(
                c.lower_ in ("has", "have", "had", "'ve") and c.dep_ == "aux" for c in verb.children
            )
            break
        if verb.head is verb:
            break
        verb = verb.head
    if prev in ("in", "over") and direction <= 0:
        if perfect or any(t.lower_ in _BACK_CUES or t.tag_ in ("JJS", "RBS") for t in left):
            return -1
    if prev in ("in", "within") and direction > 0:
        return 1
    if prev == "for":
        if perfect:
            return -1
        if direction > 0:
            return 1
    return 0


#: Dependencies by which a date modifies a noun ("the July 25 call"); a possessive
#: ("Tuesday's hearing") usually names the day the story is at, so it is not one of them.
NOMINAL_DEPS = frozenset({"nmod", "compound", "amod", "nummod"})


def modifies_noun(doc: Any, start: int, end: int) -> bool:
    """Does the expression at [start, end) modify a noun outside it ("July 25" in
    "Trump's July 25 phone call")?"""
    if not doc.has_annotation("DEP"):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    head = root.head
    return (root.dep_ in NOMINAL_DEPS and head is not root
            and not (span.start <= head.i < span.end) and head.pos_ in ("NOUN", "PROPN"))
