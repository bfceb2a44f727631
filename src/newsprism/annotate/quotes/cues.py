"""Speech cues: the verbs (and "according to") that attribute words to someone.

The lexicons say which lemmas count; :func:`is_cue` checks a token of the
parse against them (a verb, not "so-called", not an agentless passive), and
:func:`cue_bounds` gives the cue as written ("pointed out", "made clear").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


#: Verbs that report speech or writing (lemmas), including verbs of praise and
#: criticism that news uses to frame a quoted wording ("blasted Disney for its
#: "outrageous practices"").  Curated from reporting verbs common in wire copy
#: and the cues of the PolNeAR training split; each one only counts as a cue
#: when the parser tags it as a verb.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    accuse acknowledge add admit advise affirm agree allege announce answer argue
    ask assert assure blame blast boast brag caution chant charge cite claim comment
    complain concede conclude condemn confirm contend counter criticize criticise cry
    declare decry deny deride describe demand denounce disclose dismiss echo
    emphasize emphasise estimate exclaim explain forecast grouse hail insist
    indicate inform insinuate joke lambaste lament maintain mention mock mutter
    note object observe praise predict proclaim promise pledge propose question
    quip recall recount reiterate remark remind repeat reply report respond retort
    reveal say scoff scream shout signal slam speculate state stress suggest swear
    testify tell threaten tout tweet underline underscore urge vow warn whisper
    wonder write yell
    """.split()
)

#: Verbs that attribute a belief or judgement; PolNeAR and the issue count
#: "X believes that ..." as (indirect) attribution.
BELIEF_VERBS: frozenset[str] = frozenset({"believe", "think", "fear", "doubt"})

#: Verbs that attribute a *wording* to someone ("calling it "unconstructive"",
#: "described them as "thugs""): they make a partial quote attributable but
#: do not introduce reported clauses.
NAMING_VERBS: frozenset[str] = frozenset(
    {"call", "describe", "label", "dub", "brand", "term", "nickname"}
)

#: Everything that can attribute a quote.
CUE_LEMMAS: frozenset[str] = SPEECH_VERBS | BELIEF_VERBS | NAMING_VERBS

#: Phrasal cues: verb lemma -> the word that must follow it within two tokens.
PHRASAL_CUES: dict[str, str] = {"point": "out", "spell": "out", "make": "clear",
                                "shoot": "back", "fire": "back", "hit": "back", "push": "back"}


def is_cue(tok: Token) -> bool:
    """A speech cue verb; passives without an agent ("would be announced") report nobody."""
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    if lemma not in CUE_LEMMAS and not _phrasal_part(tok):
        return False
    if lemma == "call" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("so", "so-", "-"):
        return False  # "so-called" marks a scare quote, it attributes nothing
    deps = {c.dep_ for c in tok.children}
    return not ("auxpass" in deps and "agent" not in deps)


def is_according(tok: Token) -> bool:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ == "according" and nxt is not None and nxt.lower_ == "to"


def _phrasal_part(tok: Token) -> Token | None:
    """The second word of a phrasal cue ("pointed [out]", "made [clear]"), if ``tok`` has one."""
    second = PHRASAL_CUES.get(tok.lemma_.lower())
    if second is None:
        return None
    return next((c for c in tok.rights if c.lower_ == second and c.i <= tok.i + 2), None)


def cue_bounds(tok: Token) -> tuple[int, int]:
    """The cue as written: the verb plus an adjacent particle ("pointed out", "made clear")."""
    start, end = tok.idx, tok.idx + len(tok.text)
    part = _phrasal_part(tok)
    if part is not None:
        end = part.idx + len(part.text)
    for c in tok.children:
        if c.dep_ == "prt" and c.i == tok.i + 1:
            end = max(end, c.idx + len(c.text))
    return start, end


def coordinated_cue(tok: Token) -> Token | None:
    """For "He said A and said B" parsed with the second "said" inside A: the first "said"."""
    if not is_cue(tok):
        return None
    h = tok.head
    while h.dep_ == "conj" and h.head.i != h.i:
        h = h.head
    if h.dep_ == "ccomp" and is_cue(h.head):
        return h.head
    return None
