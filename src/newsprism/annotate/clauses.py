"""Split sentences into clause-level statements: who did or said what.

A sentence is cut where a coordinated verb with a subject of its own starts
("Russia and Ukraine held talks, and the two sides agreed to a swap"), where a
non-restrictive relative clause that ends the sentence starts ("..., where the
two sides agreed to a swap") and at semicolons.  Relative and reported clauses stay with their sentence: what
someone said is one statement with its attribution.  A clause shorter than
``MIN_CLAUSE_TOKENS`` stays with its neighbour.
"""

from __future__ import annotations

from typing import Any

from ..model import Clause, Sentence
from .docutil import doc_ents, tokens

# clauses shorter than this (in tokens) are not split off
MIN_CLAUSE_TOKENS = 5
SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj"}
NEGATIONS = {"not", "n't", "never", "no"}
RELATIVE_TAGS = {"WDT", "WP", "WP$", "WRB"}
# prepositions that put an event at a place ("in Istanbul", "at the Dolmabahce Palace")
LOCATIVE_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# how a date in front of a noun names a thing: "the Jan. 6 riot", "Wednesday's vote"
PRENOMINAL_DEPS = {"nmod", "compound", "poss", "amod", "nummod"}
TIMING_PREPS = {"at", "during", "amid", "throughout"}
TIME_OF_DAY = {"morning", "afternoon", "evening", "night", "noon", "midday", "midnight", "dawn", "lunchtime"}
# nouns of the calendar that a date phrase may end in ("the first week", "last weekend")
CALENDAR_NOUNS = {"day", "week", "weekend", "month", "year", "decade", "century", "quarter", "season",
                  "spring", "summer", "fall", "autumn", "winter", "time", "period", "holiday", "term",
                  "today", "tomorrow", "yesterday", "tonight", "ago", "date", "era", "hour", "minute"}
# how many words before "since" a superlative may stand ("the lowest weekly level since")
SUPERLATIVE_WINDOW = 5


def _subject(verb: Any) -> Any | None:
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    return None


def _negated(verb: Any) -> bool:
    """A negation on the verb ("did not find") or on its subject or object ("found no evidence");
    not "had not met since March 2022", which says when they last met (as "last met in March
    2022" does)."""
    if _since_a_date(verb):
        return False
    for c in verb.children:
        if c.dep_ == "neg" or c.lower_ in NEGATIONS and c.i < verb.i:
            return True
        if c.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"} and (
                c.lower_ in {"nothing", "nobody", "none", "noone"}
                or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
            return True  # "found no evidence", "no money was paid", "nobody came"
    return False


# what a subject says of its head without naming who acts: "Dmitry Peskov, spokesman for
# Kremlin leader Vladimir Putin", "the envoy, who met Putin", "officials speaking in Kyiv"
DESCRIBING_DEPS = {"appos", "relcl", "acl"}


def _actor_words(subj: Any) -> tuple[Any, Any]:
    """First and last token of the words of a subject that name who acts: a person's name alone
    ("Ukrainian President Volodymyr Zelensky" -> "Volodymyr Zelensky"), else the subject
    without its apposition or its relative or participial clause."""
    if subj.ent_type_ == "PERSON":
        ent = next((e for e in doc_ents(subj.doc) if e.start <= subj.i < e.end), None)
        if ent is not None:
            return ent[0], ent[-1]
    cut = min((t.i for c in subj.children if c.dep_ in DESCRIBING_DEPS and c.i > subj.i
               for t in c.subtree), default=None)
    right = subj.right_edge if cut is None else subj.doc[max(subj.i, cut - 1)]
    while right.i > subj.i and (right.is_punct or right.is_space):
        right = right.nbor(-1)
    return subj.left_edge, right


def _since_a_date(verb: Any) -> bool:
    """``verb`` is timed by "since" and a date ("since March 2022"), not by "since" a reason."""
    return any(c.lower_ == "since" and any(g.ent_type_ == "DATE" for g in c.subtree)
               for c in verb.children)


CLAIM_DEPS = {"ccomp", "xcomp", "conj", "advcl"}
# verbs that negate what they govern: "denied paying" = did not pay
NEGATING_VERBS = {"deny", "refuse", "reject", "dismiss", "decline", "fail"}
# complements that ask or suppose rather than assert: "asked if he would condemn"
NON_ASSERTING_MARKS = {"if", "whether"}


def _disjoined(verb: Any, conj: Any) -> bool:
    """``conj`` is coordinated with ``verb`` by "or" / "nor" and has no subject of its own
    ("has never changed or evolved"): a negation of the first verb spans both."""
    return _subject(conj) is None and any(
        c.dep_ == "cc" and c.lower_ in {"or", "nor"} and verb.i < c.i < conj.i for c in verb.children)


def _claim_verbs(verb: Any, a: int, b: int) -> tuple[tuple[str, bool], ...]:
    """(lemma, negated) for the main verb and the verbs of what it reports or coordinates.

    Relative clauses ("doses that it is not using") are someone else's claim and
    are left out; a negating verb ("denied paying") negates its complement.  A negation
    reaches a complement that follows its verb ("did not say he paid"), not a clause the parser
    hangs under a later verb ("We're building a wall ..., you can't get under": the building is
    not denied); and a verb joined by "or" ("never changed or evolved").
    """
    out: list[tuple[str, bool]] = []
    stack = [(verb, False)]
    while stack:
        v, inherited = stack.pop()
        neg = _negated(v) != inherited  # "did not deny" undoes the denial
        if v.pos_ in {"VERB", "AUX"}:
            out.append((v.lemma_.lower(), neg))
        passes = neg if v.lemma_.lower() not in NEGATING_VERBS else not neg
        # and through a predicate adjective to its verb: "was willing to travel", "is ready to sign"
        kids = [k for c in v.children for k in ([c] if c.dep_ != "acomp" else
                                                 [g for g in c.children if g.dep_ == "xcomp"])]
        for c in kids:
            if c.dep_ in CLAIM_DEPS and a <= c.i < b and c.pos_ in {"VERB", "AUX"}:
                if any(m.dep_ == "mark" and m.lower_ in NON_ASSERTING_MARKS for m in c.children):
                    continue
                if c.dep_ in {"ccomp", "xcomp"}:
                    stack.append((c, passes and c.i > v.i))
                else:
                    stack.append((c, neg if c.dep_ == "conj" and _disjoined(v, c) else False))
    return tuple(sorted(set(out)))


# adverbs that spread a claim over time: "has repeatedly said", "has long argued"
REPEATED_ADVERBS = {"repeatedly", "consistently", "long", "often", "frequently", "always", "previously",
                    "already", "again", "continually", "persistently"}
# verbs that say a claim was made before: "reiterated", "repeated"
REPEATING_VERBS = {"reiterate", "repeat"}


def _repeated(verb: Any) -> bool:
    """The clause's claim is not one day's: the present perfect ("has said", "have warned":
    some time up to now), a repetition ("has repeatedly said", "reiterated")."""
    if verb.lemma_.lower() in REPEATING_VERBS:
        return True
    kids = list(verb.children)
    if any(c.dep_ == "advmod" and c.lower_ in REPEATED_ADVERBS for c in kids):
        return True
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in {"VBZ", "VBP"}
                                      for c in kids)


def _clause(doc: Any, a: int, b: int, sentence: int, verb: Any | None) -> Clause | None:
    """The clause over tokens [a, b), trimmed of edge punctuation; None when nothing is left."""
    toks = tokens(doc)
    while a < b and (toks[a].is_punct or toks[a].is_space or toks[a].dep_ == "cc"):
        a += 1
    while b > a and (toks[b - 1].is_space or toks[b - 1].dep_ == "cc"
                     or toks[b - 1].text in {",", ";", "-", "\u2013", "\u2014"}):
        b -= 1
    if b <= a:
        return None
    start = toks[a].idx
    end = toks[b - 1].idx + len(toks[b - 1])
    subj = _subject(verb) if verb is not None else None
    if subj is not None and a <= subj.i < b:
        left, right = _actor_words(subj)
        s_start, s_end = left.idx, right.idx + len(right)
    else:
        s_start = s_end = None
    places = tuple(
        (t.idx, t.idx + len(t)) for t in toks[a:b]
        if t.ent_type_ in PLACE_LABELS and t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS
    )
    verbs = _claim_verbs(verb, a, b) if verb is not None else ()
    negated = any(neg for _, neg in verbs)
    repeated = verb is not None and _repeated(verb)
    # the date's whole phrase: the time finder's "this year" begins at a "this" the tagger left out
    attributive = tuple((t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for t in toks[a:b]
                        if _attributive_date(t) or _baseline_date(t) or _noun_clause_date(t, verb))
    antecedent = pronoun = None
    if subj is not None and subj.tag_ in RELATIVE_TAGS and verb is not None and verb.dep_ == "relcl" \
            and a <= subj.i < b:
        noun = verb.head  # the noun phrase up to the comma before the clause
        if noun.pos_ in {"NOUN", "PROPN", "PRON"} and noun.ent_type_ not in {"DATE", "TIME"}:
            antecedent = (noun.left_edge.idx, noun.idx + len(noun))
            pronoun = (subj.idx, subj.idx + len(subj))
    if antecedent is None:
        antecedent, pronoun = _such_antecedent(doc, a, b)
    return Clause(start, end, sentence, verb.lemma_.lower() if verb is not None else None,
                  s_start, s_end, negated, places, verbs, attributive, antecedent, pronoun, repeated)


# "such a meeting" reaches back this many sentences for the meeting it stands for, whose
# description is at most this many tokens
SUCH_SENTENCES = 3
SUCH_MAX_TOKENS = 20
POSTMODIFIER_DEPS = {"prep", "acl"}
# determiners of a noun that stands for one described before: "such a meeting", "this deal"
# (the demonstratives only bare: "this new deal" says more itself).  Not "the": read with an
# antecedent, "the investigation" and "the trial" brought one event's other claims together
# (of 6 new aligned pairs on the corroboration reading sets, 5 were different claims)
ANAPHORIC = {"such", "this", "these", "that", "those"}


def _such_antecedent(doc: Any, a: int, b: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(antecedent, anaphor) character spans for the first noun in tokens [a, b) that stands for
    one described before ("such a meeting", "this deal"): the closest earlier
    mention of the same noun with a phrase after it that says which ("a meeting between Russian
    President Vladimir Putin and U.S. President Donald Trump"), within ``SUCH_SENTENCES``
    sentences, up to its first punctuation; (None, None) when there is none.  "Such a meeting is
    certainly necessary" names nothing by itself: read with its antecedent, it can be compared
    with the claims of other articles about that meeting.  A noun with words of its own that say
    which ("this new deal", "these talks in Istanbul") is left as it is, but for "such"."""
    toks = tokens(doc)
    for t in toks[a:b]:
        noun = t.head
        if t.lower_ not in ANAPHORIC or noun.pos_ != "NOUN" or not a <= noun.i < b or noun.i < t.i \
                or noun.lemma_.lower() in CALENDAR_NOUNS:  # "this week" is a time, not a thing told before
            continue
        if t.lower_ != "such" and any(c.dep_ not in {"det", "predet"} for c in noun.children):
            continue
        first = t.sent.start  # the first token of the sentence SUCH_SENTENCES back
        for _ in range(SUCH_SENTENCES):
            if first == 0:
                break
            first = toks[first - 1].sent.start
        for m in reversed(toks[first:a]):
            if m.lemma_ != noun.lemma_ or m.pos_ != "NOUN" or m.i == noun.i:
                continue
            mods = [c for c in m.children if c.dep_ in POSTMODIFIER_DEPS and c.i > m.i]
            if not mods:
                continue
            right = max(c.right_edge.i for c in mods)
            # up to its first punctuation, but through a list ("the CEOs of Facebook, Google,
            # Amazon and Apple"), not into what follows it (", which ...")
            cut = next((x.i for x in toks[m.i + 1:right + 1] if x.is_punct
                        and not (x.i < right and toks[x.i + 1].dep_ in {"conj", "cc"})), right + 1)
            right = cut - 1
            if right >= a or right - m.left_edge.i + 1 > SUCH_MAX_TOKENS:
                break
            last = toks[right]
            return (m.left_edge.idx, last.idx + len(last)), (t.idx, noun.idx + len(noun))
    return None, None


def _attributive_date(tok: Any) -> bool:
    """A token of a date that stands in front of a noun and names it ("a commission into the
    Jan. 6 Capitol riot", "the 2020 election", "Wednesday's vote") rather than timing the
    clause's verb; not one whose event is when the clause happened ("at the May 16 talks")."""
    if tok.ent_type_ != "DATE":
        return False
    top = tok
    while top.head.i != top.i and _part_of_a_time(top.head):
        top = top.head
    head = top.head
    # up through the noun's own modifiers: "the landmark 2008 D.C. v. Heller decision", where the
    # parser hangs the year on "landmark"
    while top.dep_ in PRENOMINAL_DEPS and head.dep_ in PRENOMINAL_DEPS and head.head.i > head.i \
            and head.pos_ in {"NOUN", "PROPN"} and not _part_of_a_time(head):
        head = head.head
    # "agreed a swap at the May 16 talks", "during the Jan. 6 riot": the named event times the clause
    timing = head.dep_ == "pobj" and head.head.lower_ in TIMING_PREPS
    return (top.dep_ in PRENOMINAL_DEPS and head.i > top.i and head.pos_ in {"NOUN", "PROPN"}
            and not _part_of_a_time(head) and not timing)


def _noun_clause_date(tok: Any, own: Any | None = None) -> bool:
    """A token of a date inside a past participle or a relative clause that modifies a noun
    ("vacated the moratorium established last year", "railed against players who protested at
    Thursday night's games"): when that thing was made or done, not when the clause happened.
    (A relative clause with a subject of its own is a clause of its own: see find_clauses; the
    dates of ``own``, the clause's own verb, time the clause.)"""
    if tok.ent_type_ != "DATE":
        return False
    cur = tok
    while cur.head.i != cur.i:
        if own is not None and cur.i == own.i:
            return False
        if cur.head.pos_ in {"NOUN", "PROPN", "PRON"} and (
                (cur.dep_ == "acl" and cur.tag_ == "VBN") or cur.dep_ == "relcl"):
            return True
        if cur.pos_ in {"VERB", "AUX"}:
            return False  # the date's own clause is reached first
        cur = cur.head
    return False


def _part_of_a_time(tok: Any) -> bool:
    """A word of a time expression: "Monday morning" times the clause as "Monday" does; not a
    noun the tagger ran into a date ("a July Fourth party": the party is a thing, not a time)."""
    if tok.pos_ == "NOUN" and tok.lemma_.lower() not in CALENDAR_NOUNS and tok.lower_ not in TIME_OF_DAY:
        return False
    return tok.ent_type_ in {"DATE", "TIME"} or tok.lower_ in TIME_OF_DAY


def _baseline_date(tok: Any) -> bool:
    """A token of a date after "since" that a superlative or "first" measures from ("the lowest
    level since mid-March", "the first talks since 2022"): a comparison, not when the clause happened."""
    if tok.ent_type_ != "DATE":
        return False
    prep = tok
    while prep.head.i != prep.i and prep.lower_ != "since" and prep.head.i < prep.i + 4:
        prep = prep.head
    if prep.lower_ != "since":
        return False
    before = tok.doc[max(prep.i - SUPERLATIVE_WINDOW, prep.sent.start):prep.i]
    return any(t.tag_ in {"JJS", "RBS"} or t.lower_ == "first" for t in before)


def find_clauses(doc: Any, sentences: tuple[Sentence, ...] | list[Sentence]) -> list[Clause]:
    """Clauses of every sentence, in text order; each lies inside one sentence."""
    out: list[Clause] = []
    for si, s in enumerate(sentences):
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        root = span.root
        cuts = [span.start]
        verbs = [root]
        # coordinated verbs with their own subject start a new clause
        for conj in _conjuncts(root):
            if conj.i <= span.start or conj.i >= span.end or _subject(conj) is None:
                continue
            begin = conj.left_edge.i
            # the coordinator and comma before the new clause belong to neither
            if begin - cuts[-1] >= MIN_CLAUSE_TOKENS and span.end - begin >= MIN_CLAUSE_TOKENS:
                cuts.append(begin)
                verbs.append(conj)
        # non-restrictive relative clauses that end the sentence, with a subject of their own
        # ("..., where the two sides agreed"), or with a relative pronoun when one of the two
        # parts has a date of its own and the other does not: then they tell two events ("the
        # warring sides, who had not met since March 2022": the story's background;  "last held
        # talks in March 2022, which produced a draft": a dated event and what came of it)
        for tok in span:
            subj = _subject(tok) if tok.dep_ == "relcl" and tok.pos_ in {"VERB", "AUX"} else None
            if subj is not None and (subj.tag_ not in RELATIVE_TAGS or _dated(tok)
                                     or _dated(root) and not _dated(tok, deep=True)):
                begin = tok.left_edge.i
                if begin - 1 >= span.start and doc[begin - 1].text == "," and _ends_sentence(tok, span) \
                        and begin - cuts[-1] >= MIN_CLAUSE_TOKENS and span.end - begin >= MIN_CLAUSE_TOKENS \
                        and begin > cuts[-1]:
                    cuts.append(begin)
                    verbs.append(tok)
        # semicolons
        for tok in span:
            if tok.text == ";" and tok.i + 1 - cuts[-1] >= MIN_CLAUSE_TOKENS \
                    and span.end - tok.i - 1 >= MIN_CLAUSE_TOKENS and tok.i + 1 > cuts[-1]:
                nxt = [v for v in span[tok.i + 1 - span.start:] if v.pos_ in {"VERB", "AUX"}]
                cuts.append(tok.i + 1)
                verbs.append(nxt[0] if nxt else None)
        order = sorted(range(len(cuts)), key=lambda k: cuts[k])
        cuts = [cuts[k] for k in order]
        verbs = [verbs[k] for k in order]
        bounds = cuts + [span.end]
        for k in range(len(cuts)):
            a, b = bounds[k], bounds[k + 1]
            if b > a:
                c = _clause(doc, a, b, si, verbs[k])
                if c is not None and c.end > c.start:
                    out.append(c)
    return out


def _ends_sentence(verb: Any, span: Any) -> bool:
    """Nothing but punctuation or a verbless phrase follows the clause of ``verb`` in its sentence
    ("..., who had not met since March 2022, the month after the invasion.")."""
    return not any(t.pos_ in {"VERB", "AUX"} for t in span.doc[verb.right_edge.i + 1:span.end])


def _dated(verb: Any, deep: bool = False) -> bool:
    """A date times ``verb`` itself ("who had not met since March 2022", "held talks in March
    2022"), not a thing ("who attended the 2020 summit"); with ``deep``, any verb under it."""
    for t in verb.subtree:
        if t.ent_type_ == "DATE" and not _attributive_date(t):
            cur = t
            while cur.head.i != cur.i and cur.pos_ not in {"VERB", "AUX"}:
                cur = cur.head
            if cur.i == verb.i or deep:
                return True
    return False


def _conjuncts(verb: Any) -> list[Any]:
    out = []
    stack = [verb]
    while stack:
        v = stack.pop()
        for c in v.children:
            if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
                out.append(c)
                stack.append(c)
    return sorted(out, key=lambda t: t.i)
