"""Framing: the words each outlet chose for the same referent, side by side.

:func:`framing` takes an :class:`~newsprism.analysis.Analysis` and the aligned
facts (possibly none) and returns :class:`~newsprism.model.FramingRow` records
of six kinds:

``name``
    For each canonical entity, the name forms the articles used (mentions of
    kind name, alias or short).  Forms are compared without case, accents,
    dots, parentheses, a leading "the" or a possessive ("U.S." = "US",
    "The Kremlin" = "Kremlin").  A form whose words are a sub-sequence of
    another form of the same entity ("Putin" in "Vladimir Putin") or are its
    initials ("US" for "United States") is only a shorter way of saying the
    same and is folded away; what remains are real variants ("Kiev" / "Kyiv",
    "Türkiye" / "Turkey").  Words all remaining forms share at the start or
    end are dropped from the terms ("Volodymyr Zelenskyy" / "Volodymyr
    Zelensky" -> "Zelenskyy" / "Zelensky").
``description``
    Titles and descriptions of an entity (``Analysis.titles`` and mentions of
    kind description): "Russian President" / "Kremlin leader" / "Russian
    ruler" / "Russian leader".  Compared like names (a leading article is
    dropped: "the Russian leader" -> "Russian leader"), and a description
    that is a sub-sequence of a longer one ("President" in "Russian
    President") is folded into it.
``lexicon``
    Contested terms from the shipped lexicon (``data/framing_lexicon.tsv``,
    see :func:`load_lexicon`) found in the articles' text and titles, one row
    per lexicon group ("Russia's war in Ukraine": "war of aggression",
    "full-scale invasion", "Ukraine conflict", "crisis over Ukraine"...).  The
    note names the neutral (AP-style) terms and the terms an article used only
    inside quotes (a speaker's words, not the outlet's).
``attribution``
    For each speaker quoted in two or more articles, the attribution verbs
    (the quotes' cues) each outlet used, normalised to the past tense
    ("says"/"say"/"saying" -> "said", "insisting" -> "insisted").  Cues that
    are not verbs (a colon, a dash, a "Quote:" label) are left out.
``sources``
    "sources cited": the outlets and agencies each article names as its
    source; "photo credits" separately.
``aligned``
    New contested pairs from aligned facts: word substitutions (difflib
    ``replace`` of 1-3 content words on each side) between the variants of
    a fact in different articles ("talks" / "negotiations"), kept when seen
    in :data:`ALIGNED_MIN_FACTS` facts or when both terms are in one lexicon
    group.

Only rows where at least two distinct terms occur across at least two
articles are kept: that is where the outlets differ.

**Score.**  How distinctive the outlets' choices in a row are: for each
article and term, the log-odds ratio of the term in that article against the
rest of the story, with an informative Dirichlet prior (Monroe, Colaresi &
Quinn 2008, "Fightin' Words", eq. 16-22), divided by its standard deviation.
The prior is the story's own pooled counts of the row's terms, so an article
is compared with the rest of the story and shrunk towards the story's overall
usage; a row's score is the largest ``|z|`` of its terms.  A row where every
outlet uses the terms in the same proportions scores 0; one where each outlet
has its own word scores high.  Rows are sorted by score (highest first), then
referent and kind.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..annotate.aliases import longer_name_ending, name_key
from ..lexicon.framing import Lexicon, LexiconGroup, LexiconMatch, load_lexicon, parse_lexicon
from ..lexicon.words import is_content_word
from ..model import Fact, FramingRow

if TYPE_CHECKING:
    from ..analysis import Analysis

__all__ = [
    "ALIGNED_MAX_CONTENT",
    "ALIGNED_MAX_TOKENS",
    "ALIGNED_MIN_FACTS",
    "Lexicon",
    "LexiconGroup",
    "LexiconMatch",
    "framing",
    "load_lexicon",
    "log_odds_z",
    "normalize_cue",
    "parse_lexicon",
]

# A substitution between two facts' wordings is a framing candidate when it replaces 1 to this
# many content words on each side (more is a rephrased clause, not a word choice) ...
ALIGNED_MAX_CONTENT = 3
# ... within at most this many words per side (content words plus the function words between them)
ALIGNED_MAX_TOKENS = 5
# ... and recurs in at least this many facts (one substitution can be a paraphrase; the same one
# in two facts is a habit of the outlet), unless the lexicon already lists the pair.
ALIGNED_MIN_FACTS = 2
# Mention kinds whose text is a name form of the entity
NAME_KINDS = frozenset({"name", "alias", "short"})
# Row-level filter: at least this many distinct terms across at least this many articles
MIN_TERMS = 2
MIN_ARTICLES = 2


# --- scoring ------------------------------------------------------------------------------


def log_odds_z(counts: Mapping[str, Mapping[str, int]]) -> dict[tuple[str, str], float]:
    """z-scores of the log-odds ratio of each (article, term) against the rest of the story.

    ``counts`` is article id -> term -> uses.  The informative Dirichlet prior is the pooled
    counts (alpha_w = uses of w in the story, alpha_0 = their sum), following Monroe,
    Colaresi & Quinn (2008): delta = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
    - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w)), var = 1/(y_iw + a_w) + 1/(y_jw + a_w),
    where j is every other article.  Articles without any use of the terms are not scored.
    """
    pooled: Counter[str] = Counter()
    for terms in counts.values():
        pooled.update({t: c for t, c in terms.items() if c > 0})
    a0 = sum(pooled.values())
    out: dict[tuple[str, str], float] = {}
    if len(pooled) < 2:
        return {(a, t): 0.0 for a, terms in counts.items() for t in terms}
    for article, terms in counts.items():
        n_i = sum(c for c in terms.values() if c > 0)
        if n_i == 0:
            continue
        n_j = a0 - n_i
        for term, aw in pooled.items():
            y_i = terms.get(term, 0)
            y_j = aw - y_i
            left = (y_i + aw) / max(n_i + a0 - y_i - aw, 1e-9)
            right = (y_j + aw) / max(n_j + a0 - y_j - aw, 1e-9)
            delta = math.log(left) - math.log(right)
            var = 1.0 / (y_i + aw) + 1.0 / (y_j + aw)
            out[(article, term)] = delta / math.sqrt(var)
    return out


# --- helpers ------------------------------------------------------------------------------


_PARENS = re.compile(r"[()\[\]]")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _clean_form(text: str) -> str:
    """A surface form for display: no parentheses, leading article or possessive."""
    s = _PARENS.sub("", text)
    s = re.sub(r"\s+", " ", s).strip(" ,;:\"“”")
    s = _LEADING_ARTICLE.sub("", s)
    return _POSSESSIVE.sub("", s).strip()


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return len(short) < len(long) and all(w in it for w in short)


def _initials(tokens: Sequence[str]) -> str:
    return "".join(t[0] for t in tokens if t)


@dataclass
class _Form:
    key: str
    displays: Counter[str]
    counts: Counter[str]  # article -> uses

    @property
    def display(self) -> str:
        return min(self.displays.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _collect_forms(items: Iterable[tuple[str, str]], plural_is_singular: bool = False) -> dict[str, _Form]:
    """(article, surface) pairs -> forms keyed by their comparison key; with
    ``plural_is_singular`` (a people: "Republican", "Republicans") a plural is its singular's form."""
    forms: dict[str, _Form] = {}
    for article, surface in items:
        display = _clean_form(surface)
        key = name_key(display)
        if plural_is_singular and len(key) > 3:
            key = key.removesuffix("s")
        if not key:
            continue
        f = forms.setdefault(key, _Form(key, Counter(), Counter()))
        f.displays[display] += 1
        f.counts[article] += 1
    return forms


def _fold(forms: dict[str, _Form], initials: bool) -> list[_Form]:
    """Drop forms that are a sub-sequence (or the initials) of another form."""
    tokens = {k: k.split() for k in forms}
    kept = []
    for k, f in forms.items():
        folded = False
        for other in forms:
            if other == k:
                continue
            if _is_subsequence(tokens[k], tokens[other]):
                folded = True
            elif (initials and len(tokens[other]) >= 2 and " " not in k
                  and k.replace("-", "") == _initials(tokens[other])):
                folded = True
            if folded:
                break
        if not folded:
            kept.append(f)
    return kept


def _strip_shared(displays: list[str]) -> list[str]:
    """Drop the words every display shares at its start or end (each keeps one word)."""
    toks = [d.split() for d in displays]
    if len(toks) < 2:
        return displays
    while (all(len(t) > 1 for t in toks)
           and len({name_key(t[0]) for t in toks}) == 1):
        toks = [t[1:] for t in toks]
    while (all(len(t) > 1 for t in toks)
           and len({name_key(t[-1]) for t in toks}) == 1):
        toks = [t[:-1] for t in toks]
    out = [" ".join(t) for t in toks]
    return out if len({name_key(o) for o in out}) == len(out) else displays


@dataclass
class _Row:
    referent: str
    kind: str
    counts: dict[str, Counter[str]]  # term -> article -> uses
    notes: list[str]

    def terms(self) -> dict[str, tuple[str, ...]]:
        ordered = sorted(self.counts.items(),
                         key=lambda kv: (-len(kv[1]), -sum(kv[1].values()), kv[0].casefold(), kv[0]))
        return {t: tuple(sorted(c)) for t, c in ordered}

    def qualifies(self) -> bool:
        articles = {a for c in self.counts.values() for a in c}
        # every outlet using every term ("U.S. [1][3]; United States [1][3]") is no choice between them
        same = len({frozenset(c) for c in self.counts.values()}) == 1
        return len(self.counts) >= MIN_TERMS and len(articles) >= MIN_ARTICLES and not same


def _forms_row(referent: str, kind: str, forms: list[_Form], lexicon: Lexicon,
               strip: bool) -> _Row:
    displays = [f.display for f in forms]
    shown = _strip_shared(displays) if strip else displays
    counts: dict[str, Counter[str]] = {}
    for f, d in zip(forms, shown, strict=True):
        counts.setdefault(d, Counter()).update(f.counts)
    return _Row(referent, kind, counts, _neutral_note(counts, lexicon))


def _neutral_note(counts: Mapping[str, object], lexicon: Lexicon) -> list[str]:
    neutral = [n for t in counts for n in lexicon.neutral_for(t)]
    neutral = list(dict.fromkeys(neutral))
    return [f"neutral: {', '.join(neutral)}"] if neutral else []


# --- the row kinds ----------------------------------------------------------------------------


def _name_rows(analysis: Analysis, lexicon: Lexicon) -> list[_Row]:
    by_entity: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article, m in analysis.mentions:
        if m.key and m.kind in NAME_KINDS:
            by_entity[m.key].append((article, m.text))
    names = {e.id: e.name for e in analysis.entities}
    peoples = {e.id for e in analysis.entities if e.type == "NORP"}
    rows = []
    for eid in sorted(by_entity):
        forms = _fold(_collect_forms(by_entity[eid], plural_is_singular=eid in peoples), initials=True)
        if len(forms) >= MIN_TERMS:
            rows.append(_forms_row(names.get(eid, eid), "name", forms, lexicon, strip=True))
    return rows


def _description_rows(analysis: Analysis, lexicon: Lexicon) -> list[_Row]:
    by_entity: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article, eid, title in analysis.titles:
        by_entity[eid].append((article, title))
    for article, m in analysis.mentions:
        if m.key and m.kind == "description":
            by_entity[m.key].append((article, m.text))
    names = {e.id: e.name for e in analysis.entities}
    rows = []
    for eid in sorted(by_entity):
        forms = _fold(_collect_forms(by_entity[eid]), initials=False)
        if len(forms) >= MIN_TERMS:
            rows.append(_forms_row(names.get(eid, eid), "description", forms, lexicon, strip=False))
    return rows


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


def _lexicon_rows(analysis: Analysis, lexicon: Lexicon) -> list[_Row]:
    # direct quotes are the speaker's words; an indirect quote is the outlet's paraphrase
    quote_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q in analysis.quotes:
        if q.kind == "direct":
            quote_spans[q.article].append((q.start, q.end))
    starts = {r.article.id: [s.start for s in r.sentences] for r in analysis.results}
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    outside: dict[str, set[tuple[str, str]]] = defaultdict(set)  # group -> (term, article)
    for article in analysis.articles:
        title = article.title or ""
        for text, spans, starts_ in (
                (title, [(m.start(), m.end()) for m in _QUOTED.finditer(title)], [0]),
                (article.text, quote_spans.get(article.id, []), starts.get(article.id))):
            for m in lexicon.find(text, starts_):
                if lexicon.group(m.group).blocking:
                    continue
                counts[m.group][m.term][article.id] += 1
                if not any(s <= m.start and m.end <= e for s, e in spans):
                    outside[m.group].add((m.term, article.id))
    rows = []
    for g in lexicon.groups:
        if g.id not in counts:
            continue
        c = counts[g.id]
        notes = [f"lexicon group {g.id}"]
        if g.neutral:
            notes.append(f"neutral: {', '.join(g.neutral)}")
        only_quoted = [f"{t} ({a})" for t in sorted(c, key=str.casefold) for a in sorted(c[t])
                       if (t, a) not in outside[g.id]]
        if only_quoted:
            notes.append(f"only inside quotes: {', '.join(only_quoted)}")
        rows.append(_Row(g.referent, "lexicon", dict(c), notes))
    return rows


# reporting verbs; every inflection maps to the past tense
_REPORTING_VERBS = """
accuse acknowledge add admit affirm agree allege announce answer argue assert assure boast brag
call caution charge cite claim clarify comment complain concede conclude confirm contend declare
demand deny describe dismiss emphasize estimate explain express hint indicate inform insist
instruct maintain mention note object observe order outline point predict proclaim promise
propose protest recall reckon recommend reiterate remark remind repeat reply report respond
retort reveal say signal speak state stress suggest tell testify think threaten tweet underline
underscore urge vow warn welcome write
""".split()
_IRREGULAR_PAST = {"say": "said", "tell": "told", "write": "wrote", "speak": "spoke",
                   "think": "thought"}
_DOUBLING = frozenset({"admit", "commit", "omit", "submit", "permit", "rebut", "refer", "prefer",
                       "regret", "confer"})
# British spellings of the verbs' stems -> American ("emphasised" -> "emphasized")
_BRITISH_STEMS = {"emphasis": "emphasiz", "criticis": "criticiz", "recognis": "recogniz",
                  "apologis": "apologiz", "summaris": "summariz", "signall": "signal"}


def _inflections(base: str) -> tuple[str, str, str, str]:
    """(base, 3rd person singular, past, -ing) of a regular or listed irregular verb."""
    if base in _IRREGULAR_PAST:
        past = _IRREGULAR_PAST[base]
    elif base in _DOUBLING:
        past = base + base[-1] + "ed"
    elif base.endswith("e"):
        past = base + "d"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        past = base[:-1] + "ied"
    else:
        past = base + "ed"
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("ie"):
        ing = base[:-2] + "ying"
    elif base.endswith("e") and not base.endswith("ee"):
        ing = base[:-1] + "ing"
    elif base in _DOUBLING:
        ing = base + base[-1] + "ing"
    else:
        ing = base + "ing"
    return base, third, past, ing


_VERB_FORMS: dict[str, str] = {}
for _base in _REPORTING_VERBS:
    _forms = _inflections(_base)
    for _f in _forms:
        _VERB_FORMS.setdefault(_f, _forms[2])


def normalize_cue(cue: str | None) -> str | None:
    """An attribution cue as a past-tense verb ("says" -> "said", "pointing out" -> "pointed
    out"); ``None`` for cues that are not verbs (":", "-", "Quote:")."""
    if not cue:
        return None
    s = cue.strip().lower().replace("’", "'")
    if not s[:1].isalpha() or s.endswith(":"):
        return None
    words = s.split()
    first = words[0]
    for british, american in _BRITISH_STEMS.items():
        if first.startswith(british):
            first = american + first[len(british):]
            break
    words[0] = _VERB_FORMS.get(first, first)
    return " ".join(words)


def _attribution_rows(analysis: Analysis) -> list[_Row]:
    names = {e.id: e.name for e in analysis.entities}
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    quoted_in: dict[str, set[str]] = defaultdict(set)
    seen: set[tuple[str, object]] = set()
    for q in analysis.quotes:
        if not q.speaker:
            continue
        quoted_in[q.speaker].add(q.article)
        verb = normalize_cue(q.cue)
        if verb is None:
            continue
        key = (q.article, q.cue_start if q.cue_start is not None else q.id)
        if key in seen:  # one cue introducing a quote and its nested fragment counts once
            continue
        seen.add(key)
        counts[q.speaker][verb][q.article] += 1
    rows = []
    for speaker in sorted(counts):
        if len(quoted_in[speaker]) < 2:
            continue
        name = names.get(speaker, speaker)
        rows.append(_Row(name, "attribution", dict(counts[speaker]),
                         [f"verbs introducing quotes of {name} "
                          f"(quoted in {len(quoted_in[speaker])} articles)"]))
    return rows


def _source_rows(analysis: Analysis) -> list[_Row]:
    by_role: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for s in analysis.sources_cited:
        by_role["photo" if s.role == "photo" else "source"][s.name][s.article] += 1
    rows = []
    for names in by_role.values():
        _fold_short_names(names)
    if "source" in by_role:
        rows.append(_Row("sources cited", "sources", dict(by_role["source"]),
                         ["outlets and agencies each article names as its source"]))
    if "photo" in by_role:
        rows.append(_Row("photo credits", "sources", dict(by_role["photo"]),
                         ["agencies credited for the articles' photos"]))
    return rows


def _fold_short_names(names: dict[str, Counter[str]]) -> None:
    """Count a short form ("the Journal") under the one longer name it ends ("The Wall Street
    Journal"), in place: one source, not two."""
    by_key = {name_key(n): n for n in names}
    for key, short in list(by_key.items()):
        if (longer := longer_name_ending(key, by_key)) and by_key[longer] in names:
            names[by_key[longer]].update(names.pop(short))


_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*")


def _substitution(left: list[str], right: list[str]) -> tuple[str, str] | None:
    """The two sides of a replace op, trimmed of function words at the edges, when they are a
    word choice (1..ALIGNED_MAX_CONTENT content words each, no digits, not the same words)."""
    sides = []
    for words in (left, right):
        lo, hi = 0, len(words)
        while lo < hi and not is_content_word(words[lo]):
            lo += 1
        while hi > lo and not is_content_word(words[hi - 1]):
            hi -= 1
        side = words[lo:hi]
        content = sum(1 for w in side if is_content_word(w))
        if not (1 <= content <= ALIGNED_MAX_CONTENT and len(side) <= ALIGNED_MAX_TOKENS):
            return None
        if any(ch.isdigit() for w in side for ch in w):
            return None
        sides.append(" ".join(side))
    if name_key(sides[0]) == name_key(sides[1]):
        return None
    return sides[0], sides[1]


def _aligned_rows(facts: Sequence[Fact], lexicon: Lexicon) -> list[_Row]:
    pair_facts: dict[tuple[str, str], set[str]] = defaultdict(set)
    pair_counts: dict[tuple[str, str], dict[str, set[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(set))  # term key -> {(article, fact)}
    shown: dict[str, str] = {}
    for fact in sorted(facts, key=lambda f: f.id):
        variants = sorted(fact.variants, key=lambda v: (v.article, v.start, v.statement))
        if len({v.article for v in variants}) < 2:
            continue
        for i, a in enumerate(variants):
            wa = _TOKEN.findall(a.text)
            for b in variants[i + 1:]:
                if b.article == a.article:
                    continue
                wb = _TOKEN.findall(b.text)
                sm = difflib.SequenceMatcher(None, [w.lower() for w in wa],
                                             [w.lower() for w in wb], autojunk=False)
                for tag, i1, i2, j1, j2 in sm.get_opcodes():
                    if tag != "replace":
                        continue
                    sub = _substitution(wa[i1:i2], wb[j1:j2])
                    if sub is None:
                        continue
                    ka, kb = sub[0].casefold(), sub[1].casefold()
                    shown.setdefault(ka, sub[0])
                    shown.setdefault(kb, sub[1])
                    pair = (min(ka, kb), max(ka, kb))
                    pair_facts[pair].add(fact.id)
                    pair_counts[pair][ka].add((a.article, fact.id))
                    pair_counts[pair][kb].add((b.article, fact.id))
    rows = []
    for pair in sorted(pair_facts):
        groups = set(lexicon.groups_of(pair[0])) & set(lexicon.groups_of(pair[1]))
        if len(pair_facts[pair]) < ALIGNED_MIN_FACTS and not groups:
            continue
        counts: dict[str, Counter[str]] = {}
        for key, uses in pair_counts[pair].items():
            counts[shown[key]] = Counter(article for article, _ in uses)
        notes = [f"in facts {', '.join(sorted(pair_facts[pair]))}"]
        if groups:
            notes.append(f"lexicon group {', '.join(sorted(groups))}")
        notes += _neutral_note(counts, lexicon)
        rows.append(_Row(f"{shown[pair[0]]} / {shown[pair[1]]}", "aligned", counts, notes))
    return rows


# --- entry point ------------------------------------------------------------------------------


def framing(analysis: Analysis, facts: Sequence[Fact] = (),
            lexicon: Lexicon | None = None) -> list[FramingRow]:
    """The framing rows of a story (see the module docstring); ``facts`` may be empty."""
    lexicon = lexicon or load_lexicon()
    rows = (_name_rows(analysis, lexicon) + _description_rows(analysis, lexicon)
            + _lexicon_rows(analysis, lexicon) + _attribution_rows(analysis)
            + _source_rows(analysis) + _aligned_rows(facts, lexicon))
    out = []
    for r in rows:
        if not r.qualifies():
            continue
        by_article: dict[str, dict[str, int]] = defaultdict(dict)
        for term, c in r.counts.items():
            for article, n in c.items():
                by_article[article][term] = n
        z = log_odds_z(by_article)
        score = round(max((abs(v) for v in z.values()), default=0.0), 3)
        out.append(FramingRow(referent=r.referent, kind=r.kind, terms=r.terms(), score=score,
                              note="; ".join(r.notes)))
    out.sort(key=lambda r: (-r.score, r.referent.casefold(), r.kind))
    # the same choice found twice (as an entity's name and as a lexicon pair): one row, at the
    # better position, of the more specific kind (an entity's name says what the terms name)
    chosen: dict[frozenset[tuple[str, tuple[str, ...]]], FramingRow] = {}
    order: list[frozenset[tuple[str, tuple[str, ...]]]] = []
    for row in out:
        key = frozenset((t.casefold(), a) for t, a in row.terms.items())
        if key not in chosen:
            chosen[key] = row
            order.append(key)
        elif _KIND_ORDER.get(row.kind, 9) < _KIND_ORDER.get(chosen[key].kind, 9):
            chosen[key] = replace(row, score=chosen[key].score)
    return [chosen[k] for k in order]


_KIND_ORDER = {"name": 0, "description": 1, "attribution": 2, "sources": 3, "lexicon": 4, "aligned": 5}
