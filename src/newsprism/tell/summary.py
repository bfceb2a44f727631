"""A neutral multi-document summary in which every sentence cites the articles behind it.

Extractive by default (offline, deterministic):

1. candidates are facts; importance = independent outlets carrying the fact +
   its centrality in the story + a bonus for facts stated in a lead;
2. sentences are picked by maximal marginal relevance, so five outlets'
   versions of one event yield one sentence;
3. each sentence is the fact's clearest variant: a whole sentence when it is
   short, without loaded terms from the framing lexicon where another variant
   avoids them, not a bare quotation; a sentence that cannot stand alone is never
   used: one that opens with a pronoun ("He begged lawmakers...") or speaks in the
   first person outside quotation marks (an opinion piece's voice); a sentence from
   the middle of a quotation whose speaker is named elsewhere is given its speaker
   (``Kurt Volker said: "I was not on the call."``) or, with none known, left out;
   a wording whose subject is another than the one who acts in most of the fact's
   wordings ("X was commenting after Y said ...") gives way to one of those, and one
   that opens with a connective ("However, ...": the rest of the sentence before it)
   to one that does not;
4. where outlets disagree on a fact (a conflict), the sentence says so and
   cites each side;
5. sentences are ordered by the date of what they report (for a fact with no
   date, the day its shown sentence names), then importance; background from
   before the story comes last.

An optional LLM back end (:mod:`.llm`) rewrites the chosen facts fluently;
it must keep every sentence's citations or its output is not used.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..model import Conflict, Fact, Quote, Statement, SummarySentence
from .voice import QUOTE_MARKS, dangling, paired, voiced

if TYPE_CHECKING:
    from ..analysis import Analysis

MAX_SENTENCES = 8
MIN_SENTENCES = 5
# MMR trade-off between importance and novelty
MMR_LAMBDA = 0.7
# a candidate this similar to a chosen sentence says the same thing again
REDUNDANT_SIMILARITY = 0.75
# a whole sentence up to this long is used as is; longer ones give way to the clause
MAX_SENTENCE_WORDS = 40
LEAD_SENTENCES = 2
LEAD_BONUS = 0.5
# "Details: ", "Quote: " -- not "Roth said: ..." nor a speaker's name before a quotation
# (and the longer labels of news briefs: "Why it matters: ", "The big picture: "; a longer
# pattern would also take "Trump had one message:" for a label and drop the attribution)
_LABEL = re.compile(r"^(?:[A-Z][a-z]+(?:'s)?(?: (?!(?:said|says|told|tells|added|adds|wrote|writes|tweeted|"
                    r"stated|states|explained|noted|asked|warned|insisted)\b)[a-z]+)?"
                    r"|Why it matters|The big picture|Between the lines|The bottom line|What they're saying"
                    r"|Driving the news|State of play|What's next|What to watch|By the numbers|Go deeper"
                    r"|The latest|Reality check|The other side|Yes, but|Our thought bubble"
                    r"):\s+(?![\"“])")

# a connective that ties the sentence to the one before it in its article, not in the summary
_CONNECTIVE = re.compile(r"^(?:(?:However|Meanwhile|Moreover|Furthermore|Nevertheless|Nonetheless|Additionally"
                         r"|In addition|At the same time|Still|Also),|But|And|Yet)\s+(?=[A-Za-z])")


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "this", "that"})


@dataclass(frozen=True)
class _Candidate:
    fact: Fact
    statement: Statement
    text: str
    importance: float
    order: tuple[str, float]
    wordings: frozenset[str] = frozenset()  # the fact's statement ids
    words: str = ""  # the shown text's words, lower case, " a b c " (:func:`_words`)


def story_sentence(analysis: Analysis, s: Statement) -> tuple[str, int, int]:
    """The statement's whole sentence when short enough, else the clause itself, with
    its span in the article."""
    for r in analysis.results:
        if r.article.id == s.article and s.sentence < len(r.sentences):
            sent = r.sentences[s.sentence]
            text = r.article.text[sent.start:sent.end]
            if len(text.split()) <= MAX_SENTENCE_WORDS:
                return text, sent.start, sent.end
    return s.text, s.start, s.end


def _enclosing_quote(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The direct quotation (of the article's ``quotes``) the span [start, end) lies in, when
    its speaker is not named inside that span (the middle sentences of a long quotation)."""
    for q in quotes:
        if (q.kind == "direct" and q.start <= start + 1 and end - 1 <= q.end
                and not (q.speaker_start is not None and start <= q.speaker_start < end)):
            return q
    return None


def _tidy(text: str) -> str:
    """One line, a capital first letter, a full stop, no opening connective ("However, "), and
    quotation marks that pair up: a sentence wholly in quotation marks loses them, a mark
    left over from a quotation that runs on into the next sentence is dropped, and
    '"We will not sign," Berg said.' keeps its opening mark."""
    text = " ".join(text.split()).replace("''", '"').replace("``", '"')  # typewriter quotes
    text = _LABEL.sub("", text).strip()
    if text[:1] == "(" and text.endswith((")", ").")) and text.count("(") == 1:
        text = text[1:].removesuffix(".").removesuffix(")")  # a sentence in parentheses
    marks = [i for i, c in enumerate(text) if c in QUOTE_MARKS]
    # a connective inside a quotation is the speaker's word ('And we are going," he said.')
    if not marks or (marks[0] > 0 and (len(marks) % 2 == 0 or text[marks[0] - 1].isspace())):
        text = _CONNECTIVE.sub("", text)
        marks = [i for i, c in enumerate(text) if c in QUOTE_MARKS]
    if len(marks) == 2 and marks == [0, len(text) - 1]:
        text = text[1:-1].strip()
    else:
        text = paired(text)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text.rstrip(QUOTE_MARKS + "'’")[-1:] not in (".", "!", "?"):
        text += "."
    return text


def _loaded(text: str) -> int:
    """How many loaded terms the text uses: lexicon terms of groups that name a neutral
    alternative, other than that neutral term ("war of aggression", "Kiev")."""
    from ..lexicon.framing import load_lexicon

    lex = load_lexicon()
    n = 0
    for m in lex.find(text):
        group = lex.group(m.group)
        if not group.blocking and group.neutral and m.term not in group.neutral:
            n += 1
    return n


def _pick_variant(analysis: Analysis, fact: Fact, by_id: dict[str, Statement],
                  quotes: dict[str, list[Quote]], names: dict[str, str],
                  by_sentence: dict[tuple[str, int], list[Statement]]) -> tuple[Statement, str] | None:
    """The fact's clearest variant and its text, or None when no variant can stand alone.
    ``quotes`` are the analysis's quotes by article, ``names`` the entities' names by id,
    ``by_sentence`` the statements by (article, sentence): a sentence that also states what
    is not this fact is cut to the variant's own clause when that reads alone, so that the
    sentence cites no outlet for words only one of them wrote."""
    options = []
    mine = {v.statement for v in fact.variants}
    who = _fact_actor(fact, by_id)
    for v in fact.variants:
        s = by_id.get(v.statement)
        if s is None:
            continue
        raw, start, end = story_sentence(analysis, s)
        others = [o for o in by_sentence.get((s.article, s.sentence), ()) if o.id not in mine]
        clause = s.text.strip()
        if others and (start, end) != (s.start, s.end) and len(clause.split()) >= 6 \
                and clause.lstrip("\"'“‘(")[:1].isupper() and not dangling(clause) and not voiced(clause):
            raw, start, end = clause, s.start, s.end
        raw = raw.strip()
        text = _tidy(raw)
        inside = _enclosing_quote(quotes.get(s.article, []), start, end)
        if inside is not None:
            # by canonical name ("Kurt Volker", not the "Volker" of the article)
            speaker = names.get(inside.speaker or "") or inside.speaker_name
            if not speaker or speaker.lower() in _PRONOUNS:
                continue  # 'He said: "..."' leans on the sentence before as much as "He ..." does
            text = f'{speaker[:1].upper()}{speaker[1:]} said: "{text}"'  # "The Democratic governor said
        elif dangling(raw) or voiced(raw):
            continue
        # a bare quotation (or its tail) reads badly out of context
        quoted = (inside is not None or raw.startswith(('"', "'", "“"))
                  or raw.count('"') % 2 == 1)
        # one that leans on an earlier sentence ("such a meeting should be prepared", "who had not
        # met since ...": ``Statement.reads``) after one that reads alone
        # one whose subject names another than who the fact's other wordings have act ("X was
        # commenting after Trump said he would meet Putin", beside three wordings of Trump saying it)
        acting = _acting(s)
        aside = who is not None and bool(acting) and who not in acting
        # one that opens by tying itself to the sentence before it in its article ("However, the
        # Russian leader insists that first, results must be achieved"): the second half of what
        # another wording may say whole ("Putin is open to high-level negotiations ..., but any
        # such meeting must be preceded by concrete progress")
        leans = bool(_CONNECTIVE.match(raw))
        options.append(((quoted, bool(s.reads), aside, leans, _loaded(text), abs(len(text.split()) - 22),
                         v.article, s.start), s, text))
    if not options:
        return None
    options.sort(key=lambda o: o[0])
    _, s, text = options[0]
    return s, text


def _acting(s: Statement) -> set[str]:
    """Who acts in the statement: the entities of its subject, and the institutions a person
    among them speaks for ("Kremlin spokesman Dmitry Peskov": the Kremlin too)."""
    return set(s.actors) | set(s.speaks_for)


def _fact_actor(fact: Fact, by_id: dict[str, Statement]) -> str | None:
    """The one entity that acts in most of the fact's wordings, when that is more than half of
    them (of at least three); else None."""
    sts = [by_id[v.statement] for v in fact.variants if v.statement in by_id]
    if len(sts) < 3:
        return None
    counts = Counter(e for s in sts for e in _acting(s))
    top = counts.most_common(2)
    if not top or top[0][1] * 2 <= len(sts) or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


def _date_key(fact: Fact, analysis: Analysis) -> str:
    """When the fact happened: its latest date within the story's days, else the earliest
    publication date of its articles; background (older) facts sort after the story."""
    days = sorted(a.published for a in analysis.articles if a.published)
    story_start = days[0][:7] if days else ""
    pub = min((a.published for a in analysis.articles if a.id in fact.articles and a.published), default="9999")
    recent = [d for d in fact.dates if d >= story_start]
    if recent:
        return recent[0]
    if fact.dates and all(d < story_start for d in fact.dates):
        return "~" + fact.dates[0]  # after every ISO date: background last
    return pub


def summarize(analysis: Analysis, statements: list[Statement], facts: list[Fact],
              conflicts: list[Conflict], vectors: np.ndarray,
              max_sentences: int = MAX_SENTENCES) -> tuple[SummarySentence, ...]:
    """Up to ``max_sentences`` cited sentences (fewer only when the story has fewer facts)."""
    if not facts:
        return ()
    by_id = {s.id: s for s in statements}
    index = {s.id: i for i, s in enumerate(statements)}
    n_outlets = max(f.outlets for f in facts)
    cands: list[_Candidate] = []
    seen_texts: set[str] = set()
    names = {e.id: e.name for e in analysis.entities}
    quotes: dict[str, list[Quote]] = {}
    for q in analysis.quotes:
        quotes.setdefault(q.article, []).append(q)
    by_sentence: dict[tuple[str, int], list[Statement]] = {}
    for st in statements:
        by_sentence.setdefault((st.article, st.sentence), []).append(st)
    for f in facts:
        picked = _pick_variant(analysis, f, by_id, quotes, names, by_sentence)
        if picked is None:
            continue
        s, text = picked
        # two facts of one sentence would put the same sentence in twice
        if len(text.split()) < 6 or text.endswith("?") or text in seen_texts:
            continue
        seen_texts.add(text)
        lead = any(by_id[v.statement].sentence < LEAD_SENTENCES for v in f.variants if v.statement in by_id)
        importance = f.outlets / max(1, n_outlets) + f.score / max(1.0, n_outlets + 0.5) + (LEAD_BONUS if lead else 0)
        dated = f
        if not f.dates and text != _tidy(s.text.strip()):
            # shown with the rest of its sentence: ordered by the day that sentence names ("On
            # May 16, the two sides held talks, where they agreed to a swap" for the swap)
            days = sorted({d for o in by_sentence.get((s.article, s.sentence), ()) for d in o.dates})
            dated = replace(f, dates=tuple(days))
        cands.append(_Candidate(f, s, text, importance, (_date_key(dated, analysis), -importance),
                                frozenset(v.statement for v in f.variants), _words(text)))
    chosen: list[_Candidate] = []
    remaining = sorted(cands, key=lambda c: (-c.importance, c.fact.id))
    while remaining and len(chosen) < max_sentences:
        best, best_val = None, None
        said = frozenset().union(*(o.wordings for o in chosen))
        shown = {o.statement.id for o in chosen}
        for c in remaining:
            # a fact whose shown wording belongs to a told one, or that holds a told one's shown
            # wording (a sentence that states two claims stands in both facts), says it again
            if c.statement.id in said or not shown.isdisjoint(c.wordings):
                continue
            if any(o.words in c.words or c.words in o.words for o in chosen):
                continue  # one sentence shown inside another: a clause and its whole sentence
            sim = max((float(vectors[index[c.statement.id]] @ vectors[index[o.statement.id]]) for o in chosen),
                      default=0.0)
            if sim >= REDUNDANT_SIMILARITY:
                continue
            val = MMR_LAMBDA * c.importance - (1 - MMR_LAMBDA) * sim
            if best_val is None or val > best_val:
                best, best_val = c, val
        if best is None:
            break
        chosen.append(best)
        remaining.remove(best)
    by_fact: dict[str, list[Conflict]] = {}
    for conflict in conflicts:
        by_fact.setdefault(conflict.fact, []).append(conflict)
    labels = {a.id: a.label for a in analysis.articles}
    out = []
    for cand in sorted(chosen, key=lambda c: c.order):
        out.append(SummarySentence(cand.text, tuple(cand.fact.articles), (cand.fact.id,)))
        for conflict in by_fact.get(cand.fact.id, []):
            out.append(_disagreement(conflict, labels))
    return tuple(out)


_WORDS = re.compile(r"\w+")


def _words(text: str) -> str:
    """The text's words, lower case, punctuation aside, as " a b c ": one text shown inside
    another is then a substring of it."""
    return " " + " ".join(_WORDS.findall(text.lower())) + " "


def _disagreement(conflict: Conflict, labels: dict[str, str]) -> SummarySentence:
    """'Outlets differ on ...: A reports x, while B reports y.'"""
    parts = [f"{labels.get(a, a)} reports {', '.join(v)}" for a, v in conflict.values.items()]
    if len(parts) > 1:
        body = ", ".join(parts[:-1]) + ", while " + parts[-1]
    else:
        body = parts[0]
    what = conflict.description.rstrip(".")
    return SummarySentence(f"Outlets differ ({what}): {body}.", tuple(conflict.values), (conflict.fact,))
