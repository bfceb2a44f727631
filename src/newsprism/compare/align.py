"""Align statements that report the same claim across articles; give each fact a status.

1. candidates: statement pairs whose embeddings are at least ``CANDIDATE_COSINE`` apart —
   every pair when the run is small (a dense similarity matrix), otherwise only pairs that
   share a bucket of a random-hyperplane LSH index, so the cost grows with the number of near
   neighbours, not with all pairs;
2. the pair judge (:mod:`.judge`, a logistic model fitted on news sentence pairs) gives each
   candidate the probability that the two state the same claim, from their meaning, their
   words, their slots (numbers, entities, actors, speaker, negation) and their **time**: the
   day each reports on (its own date, else its article's publication day), so the same
   speaker's statements two weeks apart are two claims;
3. groups: pairs are merged best first while every pair across two groups stays at or above
   the judge's "possibly the same" probability and their average reaches its "same claim"
   threshold — one pair judged different keeps two claims apart, so a middle statement cannot
   chain them.  A sentence that states two claims then joins each group it fits by itself
   (:func:`widen_groups`), and two groups that differ only in one article's wordings are one
   (:func:`join_overlapping`: no pair across outlets is added).  An article may bring several
   wordings of one claim (its headline, its lead and a quote): the fact keeps them all and
   counts the article once; an article's quotation of what it has just reported in its own
   words joins that claim by rule (:func:`own_quotations`), whatever the judge makes of the two;
4. status: ``conflicting`` when aligned variants disagree on a slot (:mod:`.conflicts`),
   ``corroborated`` when at least two *independent* outlets carry it (copies of one article
   count once), else ``unique``.

Each article of a fact of several outlets carries its support (:func:`support_of`): the
judge's best probability for its wording against another outlet's, "sure" or "likely".

Omissions (:func:`omissions`) hold only when none of the outlet's statements reaches the
judge's "possibly the same" probability with the fact; one that comes close is listed as
possibly reported, with its statement closest to the fact's wordings taken together.  Of
facts fewer outlets carry, an outlet is possibly reporting one when its statement and the
fact's are each other's closest (:func:`mutual_possible`), or when the fact shares a wording
of one day with a fact the outlet carries (:func:`sibling_possible`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from ..disjoint import DisjointSets
from ..model import Conflict, Fact, Omission, Possible, Quote, Statement, Support, Variant
from .judge import (
    CANDIDATE_COSINE,
    VERBATIM_MIN_WORDS,
    Judge,
    load_judge,
    lower_words,
    pair_features_many,
    reach_back_pairs,
    statement_when,
    verbatim_pairs,
)

if TYPE_CHECKING:
    from ..analysis import Analysis

# P(same claim) of index pairs into the run's statements, judged whatever their cosine
PairJudge = Callable[[Sequence[tuple[int, int]]], np.ndarray]

# up to this many statements the similarity matrix is dense; beyond, LSH candidates
DENSE_LIMIT = 3000
LSH_TABLES = 12
LSH_BITS = 12
LSH_SEED = 13
# buckets larger than this are ignored (a bucket that large holds generic statements)
LSH_MAX_BUCKET = 200
# articles whose word 5-shingles overlap at least this much are copies of one another
COPY_JACCARD = 0.7
COPY_SHINGLE = 5
# up to this many articles, copies are found by exact Jaccard (100 articles: ~5k set pairs,
# 0.5 s, where importing datasketch alone takes 0.9 s; 200: 2 s); beyond, by MinHash LSH
EXACT_COPY_LIMIT = 120


def outlet_key(article_outlet: str | None, article_id: str) -> str:
    return (article_outlet or "").strip().lower() or f"id:{article_id}"


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + COPY_SHINGLE]) for i in range(max(1, len(words) - COPY_SHINGLE + 1))}


def independence(analysis: Analysis) -> dict[str, str]:
    """Article id -> a key shared by articles that are not independent sources.

    Articles of the same outlet share a key; so do near-identical copies
    (syndicated wire copy): exact shingle Jaccard for small runs, MinHash LSH
    over word shingles beyond ``EXACT_COPY_LIMIT`` articles.
    """
    sets = DisjointSets()
    find, union = sets.find, sets.join
    by_outlet: dict[str, str] = {}
    for a in analysis.articles:
        key = outlet_key(a.outlet, a.id)
        find(a.id)
        if key in by_outlet:
            union(a.id, by_outlet[key])
        else:
            by_outlet[key] = a.id
    shingles = [(a.id, _shingles(a.text)) for a in analysis.articles]
    if len(shingles) <= EXACT_COPY_LIMIT:
        for i, (ai, si) in enumerate(shingles):
            for aj, sj in shingles[:i]:
                if si and sj and len(si & sj) / len(si | sj) >= COPY_JACCARD:
                    union(ai, aj)
    else:
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=COPY_JACCARD, num_perm=64)
        for aid, sh in shingles:
            mh = MinHash(num_perm=64, seed=LSH_SEED)
            mh.update_batch([x.encode("utf-8") for x in sh])
            for other in lsh.query(mh):
                union(aid, other)
            lsh.insert(aid, mh)
    return {a.id: find(a.id) for a in analysis.articles}


def _lsh_pairs(vectors: np.ndarray, floor: float) -> list[tuple[int, int]]:
    """Pairs (i < j) that share a bucket of an LSH table and have a cosine of at least ``floor``."""
    out: list[tuple[int, int]] = []
    rng = np.random.default_rng(LSH_SEED)
    seen: set[tuple[int, int]] = set()
    for _ in range(LSH_TABLES):
        planes = rng.standard_normal((vectors.shape[1], LSH_BITS)).astype(np.float32)
        bits = (vectors @ planes) > 0
        codes = bits.astype(np.int64) @ (1 << np.arange(LSH_BITS, dtype=np.int64))
        buckets: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(codes.tolist()):
            buckets[c].append(i)
        for members in buckets.values():
            if len(members) < 2 or len(members) > LSH_MAX_BUCKET:
                continue
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    i, j = members[x], members[y]
                    if (i, j) not in seen:
                        seen.add((i, j))
                        if float(vectors[i] @ vectors[j]) >= floor:
                            out.append((i, j))
    return sorted(out)


Pairs = dict[tuple[int, int], float]


def when_of(analysis: Analysis, statements: Sequence[Statement]) -> list[tuple[str, ...]]:
    """Each statement's time: its own dates, else its article's publication day."""
    published = {a.id: a.published for a in analysis.articles}
    return [statement_when(s, published.get(s.article)) for s in statements]


def published_of(analysis: Analysis, statements: Sequence[Statement]) -> list[str | None]:
    """Each statement's article's publication day (None when unknown)."""
    published = {a.id: a.published for a in analysis.articles}
    return [published.get(s.article) for s in statements]


def candidate_pairs(vectors: np.ndarray, statements: Sequence[Statement] = ()) -> np.ndarray:
    """Index pairs (i < j) of statements whose cosine reaches ``CANDIDATE_COSINE`` (dense up to
    ``DENSE_LIMIT`` statements, else LSH buckets), within one article too; with the
    ``statements``, also every pair where one stands word for word inside the other
    (:func:`.judge.verbatim_pairs`), whatever their cosine."""
    n = len(vectors)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    if n <= DENSE_LIMIT:
        ii, jj = np.nonzero(np.triu((vectors @ vectors.T) >= CANDIDATE_COSINE, k=1))
        found = np.stack([ii, jj], axis=1).astype(np.int64)
    else:
        found = np.asarray(_lsh_pairs(vectors, CANDIDATE_COSINE), dtype=np.int64).reshape(-1, 2)
    if not statements:
        return found
    verbatim = np.asarray(verbatim_pairs(statements), dtype=np.int64).reshape(-1, 2)
    if not len(verbatim):
        return found
    return np.unique(np.concatenate([found, verbatim]), axis=0)


def pair_probabilities(statements: Sequence[Statement], vectors: np.ndarray,
                       when: Sequence[Sequence[str]] | None = None,
                       judge: Judge | None = None,
                       published: Sequence[str | None] | None = None) -> Pairs:
    """P(same claim) of every candidate pair, keyed ``(i, j)`` with ``i < j``: the pairs of
    :func:`candidate_pairs` and, with ``published``, two articles' statements whose backgrounds
    reach back to one year (:func:`.judge.reach_back_pairs`: "the first direct talks in more than
    three years" / "the first formal negotiations since 2022"), whatever their cosine."""
    pairs = candidate_pairs(vectors, statements)
    if published is not None:
        extra = np.asarray(reach_back_pairs(statements, published), dtype=np.int64).reshape(-1, 2)
        if len(extra):
            pairs = np.unique(np.concatenate([pairs.reshape(-1, 2), extra]), axis=0)
    if not len(pairs):
        return {}
    probs = (judge or load_judge()).probabilities(
        pair_features_many(statements, vectors, pairs, when, published))
    return {(int(i), int(j)): float(p) for (i, j), p in zip(pairs.tolist(), probs.tolist(), strict=True)}


def pair_judge(statements: Sequence[Statement], vectors: np.ndarray,
               when: Sequence[Sequence[str]] | None = None,
               published: Sequence[str | None] | None = None, judge: Judge | None = None) -> PairJudge:
    """The judge's P(same claim) for given index pairs, candidates or not (for the few pairs a
    rule asks about that the candidate cut left out)."""
    chosen = judge or load_judge()

    def run(pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0)
        return chosen.probabilities(pair_features_many(statements, vectors, pairs, when, published))

    return run


def group_pairs(n: int, probs: Pairs, threshold: float, floor: float) -> list[list[int]]:
    """Statements ``0..n-1`` grouped by their pair probabilities (a pair not in ``probs`` is 0).

    Deterministic: pairs at or above ``threshold`` are merged best first (ties by index); two
    groups merge only when every pair across them reaches ``floor`` and the pairs' average
    reaches ``threshold``.  With ``floor`` > 0 no two statements judged different share a
    group, whatever lies between them.
    """
    order = sorted(((p, i, j) for (i, j), p in probs.items() if p >= threshold),
                   key=lambda x: (-x[0], x[1], x[2]))
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, i, j in order:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        cross = [probs.get((x, y) if x < y else (y, x), 0.0) for x in members[gi] for y in members[gj]]
        if min(cross) < floor or sum(cross) / len(cross) < threshold:
            continue
        keep, drop = min(gi, gj), max(gi, gj)
        for m in members[drop]:
            group_of[m] = keep
        members[keep].extend(members.pop(drop))
    return [sorted(m) for _, m in sorted(members.items())]


def widen_groups(groups: list[list[int]], probs: Pairs, threshold: float, floor: float) -> list[list[int]]:
    """``groups`` with each statement added to every other group it would have been allowed to
    join by itself (a pair with a member at or above ``threshold``, every pair at or above
    ``floor``, their average at or above ``threshold``), decided against the groups as given.

    One sentence may state two claims that another outlet wrote as two sentences ("Such a
    meeting is certainly necessary – both for bilateral relations and ..." against "Such a
    meeting is certainly necessary." and "It is necessary both ..."): the grouping can put it
    with only one of them, and the other would read as one outlet's alone.  No chaining: the
    test is the grouping's own, against every member.  A group that ends up inside another is
    dropped.
    """
    near: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), p in probs.items():
        if p >= floor:
            near[i][j] = p
            near[j][i] = p
    group_of = {i: k for k, g in enumerate(groups) for i in g}
    extra: dict[int, list[int]] = defaultdict(list)
    for i, nb in near.items():
        for k in sorted({group_of[j] for j, p in nb.items() if p >= threshold} - {group_of[i]}):
            cross = [nb.get(m, 0.0) for m in groups[k]]
            if min(cross) >= floor and sum(cross) / len(cross) >= threshold:
                extra[k].append(i)
    if not extra:
        return groups
    return _drop_contained([sorted(g + extra.get(k, [])) for k, g in enumerate(groups)])


def _drop_contained(groups: list[list[int]]) -> list[list[int]]:
    """``groups`` without a group inside another (or the same as an earlier one)."""
    sets = [set(g) for g in groups]
    holding: dict[int, list[int]] = defaultdict(list)  # statement -> the groups that hold it
    for k, g in enumerate(groups):
        for i in g:
            holding[i].append(k)
    # only groups that hold a group's first statement can hold it all
    return [g for k, g in enumerate(groups)
            if not any(o != k and sets[k] <= sets[o] and (sets[k] != sets[o] or o < k)
                       for o in holding[g[0]])]


def _grams(words: Sequence[str], k: int) -> set[tuple[str, ...]]:
    return {tuple(words[p:p + k]) for p in range(len(words) - k + 1)}


def own_quotations(statements: Sequence[Statement], quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """(paraphrase, quotation) statement index pairs of one article: the quotation is a direct
    quote of the speaker the paraphrase reports, and the two share a run of
    ``VERBATIM_MIN_WORDS`` words ("Peskov noted that such a meeting should be carefully
    prepared and effective." then "Quote: "The meeting at the highest level should be carefully
    prepared and effective because ...""): one utterance, told and then quoted."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        by_article[s.article].append(i)
    k = VERBATIM_MIN_WORDS
    direct: dict[str, list[tuple[Quote, set[tuple[str, ...]]]]] = defaultdict(list)
    reported: dict[str, list[tuple[Quote, set[tuple[str, ...]]]]] = defaultdict(list)
    for q in quotes:
        if q.speaker and q.article in by_article:
            grams = _grams(lower_words(q.text), k)
            if grams:
                (direct if q.kind == "direct" else reported)[q.article].append((q, grams))
    out: set[tuple[int, int]] = set()
    for art, told in reported.items():
        members = [statements[i] for i in by_article[art]]
        for d, dg in direct.get(art, ()):
            for r, rg in told:
                if r.speaker != d.speaker or not dg & rg or (r.start < d.end and d.start < r.end):
                    continue
                para = [i for i, s in zip(by_article[art], members, strict=True)
                        if s.start <= r.start < s.end and s.speaker == r.speaker]
                quoting = [i for i, s in zip(by_article[art], members, strict=True)
                           if s.start < d.end and d.start < s.end and s.speaker == d.speaker]
                out.update((i, j) for i in para for j in quoting if i != j)
    return sorted(out)


def attach_quotations(groups: list[list[int]], statements: Sequence[Statement],
                      pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """``groups`` with each quotation that no other article's statement is grouped with joining
    every group of the paraphrase it quotes (:func:`own_quotations`); a group then inside
    another is dropped.  The article carries the claim once, with both wordings, and its
    quotation is not listed as a claim only it reports (alone, or beside its own paraphrase)."""
    holding: dict[int, list[int]] = defaultdict(list)
    for k, g in enumerate(groups):
        for i in g:
            holding[i].append(k)

    def own_only(i: int) -> bool:
        return all(statements[m].article == statements[i].article for k in holding[i] for m in groups[k])

    extra: dict[int, set[int]] = defaultdict(set)
    moved: set[int] = set()
    taking: set[int] = set()  # paraphrases given a quotation: not moved themselves
    for para, quoted in pairs:
        if quoted not in moved | taking and para not in moved and own_only(quoted):
            for k in holding[para]:
                extra[k].add(quoted)
            moved.add(quoted)
            taking.add(para)
    if not moved:
        return groups
    return _drop_contained([sorted(set(g) | extra.get(k, set())) for k, g in enumerate(groups)])


def align_groups(statements: list[Statement], vectors: np.ndarray, threshold: float | None = None,
                 *, when: Sequence[Sequence[str]] | None = None, judge: Judge | None = None,
                 probs: Pairs | None = None) -> list[list[int]]:
    """Indexes of statements grouped into facts: every statement in one group, and in any other
    it fits by itself (:func:`widen_groups`).

    ``threshold`` overrides the judge's "same claim" probability; ``when`` gives each
    statement's time (:func:`when_of`); ``probs`` reuses pair probabilities already computed.
    """
    judge = judge or load_judge()
    if probs is None:
        probs = pair_probabilities(statements, vectors, when, judge)
    threshold = judge.threshold if threshold is None else threshold
    floor = min(judge.possible, threshold)
    widened = widen_groups(group_pairs(len(statements), probs, threshold, floor), probs, threshold, floor)
    return join_overlapping(widened, probs, floor, [s.article for s in statements])


def join_overlapping(groups: list[list[int]], probs: Pairs, floor: float, articles: Sequence[str]
                     ) -> list[list[int]]:
    """``groups`` with two that share a statement joined when they differ only in one
    article's wordings (every statement one holds and the other does not is of one article)
    and no two of those wordings are judged different (each pair at or above ``floor``);
    repeated until no such two are left.  ``articles``: each statement's article.

    Best-first merging and :func:`widen_groups` can leave one claim as two rows around the
    other outlet's wording they share: 000's "insisting 'nothing's going to happen' before he
    meets the Russian president" and its "no movement without a meeting", each with 001's "no
    settlement without his meeting with Putin".  Joined, the row says what the two said and
    the hover lists both wordings; no pair across outlets is added, so the join corroborates
    nothing the two rows did not (a join on the pairs' average instead added mostly wrong
    pairs: docs/evaluation.md, round 14).  Deterministic: the lowest-numbered pair of
    overlapping groups is tried first.
    """
    alive: dict[int, list[int]] = {k: sorted(set(g)) for k, g in enumerate(groups)}
    holding: dict[int, set[int]] = defaultdict(set)  # statement -> the groups that hold it
    for k, g in alive.items():
        for i in g:
            holding[i].add(k)

    def fits(only_a: set[int], only_b: set[int]) -> bool:
        if len({articles[i] for i in only_a | only_b}) > 1:
            return False
        return all(probs.get((x, y) if x < y else (y, x), 0.0) >= floor for x in only_a for y in only_b)

    tried: set[tuple[int, int]] = set()
    while True:
        overlapping = sorted({(a, b) for ks in holding.values() for a in ks for b in ks if a < b} - tried)
        if not overlapping:
            break
        for a, b in overlapping:
            ga, gb = set(alive[a]), set(alive[b])
            if fits(ga - gb, gb - ga):
                for i in alive.pop(b):
                    holding[i].discard(b)
                alive[a] = sorted(ga | gb)
                for i in alive[a]:
                    holding[i].add(a)
                tried = {t for t in tried if a not in t}  # a changed: its pairs are new
                break
            tried.add((a, b))
    return _drop_contained([alive[k] for k in sorted(alive)])


def _opens(text: str) -> bool:
    """The text opens as a sentence does: a capital or a digit first, after any opening
    quotation mark or bracket (not "where the two sides agreed ...")."""
    first = text.lstrip("\"'“‘(")[:1]
    return first.isupper() or first.isdigit()


def support_of(group: Sequence[int], statements: Sequence[Statement], probs: Pairs,
               indep: dict[str, str], sure: float) -> dict[str, Support]:
    """Per article of a fact (``group``: indexes into ``statements``), its best P(same claim)
    with a wording of another independent outlet in the fact, as :class:`Support`; an article
    with no such pair judged (its wordings joined by rule) has none."""
    best: dict[str, float] = {}
    for x, i in enumerate(group):
        for j in group[x + 1:]:
            a, b = statements[i].article, statements[j].article
            if indep.get(a, a) == indep.get(b, b):
                continue
            p = probs.get((i, j) if i < j else (j, i), 0.0)
            for art in (a, b):
                if p > best.get(art, 0.0):
                    best[art] = p
    return {a: Support(a, round(p, 3), "sure" if p >= sure else "likely") for a, p in best.items()}


def align(analysis: Analysis, statements: list[Statement], vectors: np.ndarray,
          conflicts_of: Callable[[list[Fact], dict[str, Statement]], list[Conflict]],
          indep: dict[str, str] | None = None,
          probs: Pairs | None = None, judge: Judge | None = None) -> tuple[list[Fact], list[Conflict]]:
    """Facts (aligned statements) with status, each article's support for a fact of several
    outlets (:func:`support_of`), and the conflicts between their variants."""
    judge = judge or load_judge()
    if probs is None:
        probs = pair_probabilities(statements, vectors, when_of(analysis, statements), judge,
                                   published=published_of(analysis, statements))
    groups = attach_quotations(align_groups(statements, vectors, probs=probs, judge=judge), statements,
                               own_quotations(statements, analysis.quotes))
    indep = indep if indep is not None else independence(analysis)
    centroid = vectors.mean(axis=0) if len(vectors) else None
    if centroid is not None:
        centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-9)
    order_of = {a.id: i for i, a in enumerate(analysis.articles)}
    facts_of_statement: dict[int, int] = defaultdict(int)
    for g in groups:
        for i in g:
            facts_of_statement[i] += 1
    raw: list[tuple[tuple[int, tuple[int, int]], Fact]] = []
    for g in groups:
        sts = [statements[i] for i in g]
        if len(g) > 1:
            sub = vectors[g] @ vectors[g].T
            # the most central wording; one that reads alone before a relative clause ("who had
            # not met since ...") that needs its sentence, and before a clause cut from its
            # sentence that opens in lower case ("where the two sides agreed ..."); one of this
            # fact alone before one that stands in two (else two rows of the matrix would read
            # the same)
            rep_local = max(range(len(g)), key=lambda k: (facts_of_statement[g[k]] == 1, _opens(sts[k].text),
                                                          not sts[k].reads, float(sub[k].mean()),
                                                          -len(sts[k].text)))
        else:
            rep_local = 0
        rep = sts[rep_local]
        outlets = len({indep.get(s.article, s.article) for s in sts})
        centrality = float(vectors[g].mean(axis=0) @ centroid) if centroid is not None else 0.0
        variants = tuple(Variant(s.article, s.id, s.text, s.start, s.end)
                         for s in sorted(sts, key=lambda s: (order_of.get(s.article, 0), s.start)))
        articles = tuple(sorted({s.article for s in sts}, key=lambda a: order_of.get(a, 0)))
        backing = support_of(g, statements, probs, indep, judge.sure) if outlets >= 2 else {}
        fact = Fact(id="", text=rep.text, status="corroborated" if outlets >= 2 else "unique",
                    articles=articles, variants=variants, outlets=outlets,
                    dates=tuple(sorted({d for s in sts for d in s.dates})),
                    score=round(outlets + 0.5 * centrality, 4),
                    support=tuple(backing[a] for a in articles if a in backing))
        first = min((order_of.get(s.article, 0), s.start) for s in sts)
        raw.append(((-outlets, first), fact))
    raw.sort(key=lambda x: x[0])
    facts = [replace(f, id=f"f{k}") for k, (_, f) in enumerate(raw, 1)]
    by_id = {s.id: s for s in statements}
    conflicts = conflicts_of(facts, by_id)
    conflicted = {c.fact for c in conflicts}
    facts = [replace(f, status="conflicting") if f.id in conflicted else f for f in facts]
    return facts, conflicts


def omissions(analysis: Analysis, facts: list[Fact], indep: dict[str, str] | None = None,
              statements: Sequence[Statement] = (), probs: Pairs | None = None,
              judge: Judge | None = None, judge_pairs: PairJudge | None = None) -> list[Omission]:
    """Per article: facts that most other independent outlets carry and it does not, of those
    it could have reported (published on or after :func:`known_since`).

    With the run's ``statements`` and their pair probabilities (``probs``), a fact is an
    omission only when none of the article's statements reaches the judge's "possibly the
    same" probability with one of the fact's variants; otherwise it is listed as possibly
    reported, with the article's statement that comes closest to the fact as a whole
    (:func:`_closest`).  A fact fewer outlets carry is listed as possibly reported by an article
    too when one of its statements and one of the fact's are each other's closest statement of
    another outlet, reach that probability, and the two outlets carry at least one fact
    together (:func:`mutual_possible`): "only one outlet has this" is a claim of its own.
    """
    indep = indep if indep is not None else independence(analysis)
    judge = judge or load_judge()
    published = {a.id: a.published[:10] for a in analysis.articles if a.published}
    since = known_since(facts, statements, published)
    index = {s.id: i for i, s in enumerate(statements)}
    of_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        of_article[s.article].append(i)
    outlets = set(indep.values())
    mutual = mutual_possible(facts, indep, statements, probs or {}, judge.possible)
    if judge_pairs is not None:
        for art, marks in sibling_possible(facts, indep, statements, judge_pairs, judge.possible).items():
            mutual.setdefault(art, []).extend(marks)
    order = {f.id: k for k, f in enumerate(facts)}
    shared = Counter(v.statement for f in facts for v in f.variants)
    out = []
    for a in analysis.articles:
        others = len(outlets - {indep[a.id]})
        need = max(2, math.floor(others / 2) + 1)
        missing: list[str] = []
        possible: list[Possible] = []
        day = published.get(a.id)
        # facts first reported after this article was published: it cannot have reported them
        later = {fid for fid, first in since.items() if day is not None and day < first}
        for f in facts:
            if f.outlets < need or indep[a.id] in {indep.get(x, x) for x in f.articles} or f.id in later:
                continue
            closest, near = None, 0.0
            if probs is not None:
                closest, near = _closest(of_article.get(a.id, ()), own_wordings(f, shared), index,
                                         statements, probs, judge.possible)
            if closest is not None:
                possible.append(Possible(f.id, closest.id, closest.text, closest.start, closest.end,
                                         round(near, 3)))
            else:
                missing.append(f.id)
        listed = {x.fact for x in possible}
        for fid, i, p in sorted(mutual.get(a.id, ()), key=lambda x: (order.get(x[0], 0), -x[2], x[1])):
            if fid not in listed and fid not in later:
                listed.add(fid)
                s = statements[i]
                possible.append(Possible(fid, s.id, s.text, s.start, s.end, round(p, 3)))
        out.append(Omission(a.id, tuple(missing), tuple(possible)))
    return out


def _closest(candidates: Sequence[int], wordings: Sequence[Variant], index: dict[str, int],
             statements: Sequence[Statement], probs: Pairs, floor: float) -> tuple[Statement | None, float]:
    """Of ``candidates`` (one article's statements) whose P(same claim) with one of a fact's
    ``wordings`` reaches ``floor``, the one that agrees best with the fact as a whole, and that
    P: the highest mean, over the fact's articles, of its best pair with each article's
    wordings (then its best pair).  A sentence close to one wording's side detail ("under
    pressure from U.S. President Donald Trump ..." in a lead on the talks) is not the one that
    reports the fact when another comes close to every outlet's wording of it.  ``(None, 0)``
    when none reaches ``floor``."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for v in wordings:
        j = index.get(v.statement)
        if j is not None:
            by_article[v.article].append(j)
    closest, rank = None, (-1.0, 0.0)
    for i in candidates:
        per = [max(probs.get((i, j) if i < j else (j, i), 0.0) for j in js) for js in by_article.values()]
        if per and max(per) >= floor and (key := (sum(per) / len(per), max(per))) > rank:
            rank, closest = key, statements[i]
    return closest, rank[1]


def own_wordings(fact: Fact, facts_per_statement: Counter[str]) -> tuple[Variant, ...]:
    """The fact's wordings that stand in no other fact, or all of them when each does.  A
    sentence that states several claims ("Trump has repeatedly said he was willing to travel
    to Turkey to join the first direct ... talks, insisting nothing will happen before he meets
    the Russian president") stands in each of their facts; close to it is close to any of
    them, so it does not say which sentence of another outlet comes closest to this one."""
    own = tuple(v for v in fact.variants if facts_per_statement[v.statement] == 1)
    return own or fact.variants


def known_since(facts: Sequence[Fact], statements: Sequence[Statement],
                published: dict[str, str]) -> dict[str, str]:
    """Fact id -> the first day it could be reported (ISO; a month or a year when that is all
    a date says): its first report's publication day, or the earliest date its wordings name
    when that is earlier ("last met in March 2022": background known long before).  An article
    published before that day cannot have reported it, so it is not listed as omitting it (a
    report of 13 May "leaves out" nothing said on 30 May).  Facts with no known day are left
    out (every article may be listed for them)."""
    by_id = {s.id: s for s in statements}
    out: dict[str, str] = {}
    for f in facts:
        days = [published[x] for x in f.articles if x in published]
        days += [d for v in f.variants if (s := by_id.get(v.statement)) is not None for d in s.dates]
        if days:
            out[f.id] = min(days)  # ISO prefixes: "2022" < "2022-03" < "2022-03-15" < "2025-05-16"
    return out


def _facts_holding(facts: Sequence[Fact]) -> dict[str, list[Fact]]:
    """Statement id -> the facts it is a wording of."""
    out: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        for v in f.variants:
            out[v.statement].append(f)
    return out


def sibling_possible(facts: Sequence[Fact], indep: dict[str, str], statements: Sequence[Statement],
                     judge_pairs: PairJudge, floor: float) -> dict[str, list[tuple[str, int, float]]]:
    """Article -> (fact, its statement index, probability) for one day's facts that share a
    wording with a fact the article carries.  Two facts of several outlets that share a statement
    naming a day of its own (one sentence that is a wording of both: "On May 16, Russia and
    Ukraine held their first direct talks ...") were kept apart because some pairs across them
    are far apart, not because nothing joins them.  An outlet that carries one of them possibly
    carries the other when one of its own wordings of the first, naming that day too, reaches
    ``floor`` with a wording of the second that names it and is not a wording of the first
    (judged by ``judge_pairs`` whatever their cosine: such pairs need not be candidates).
    Without the day, facts that share a wording are as often one topic's different claims: on
    the 100-article PolNeAR story (no days) the rule without it raised the marks from 83 to
    359, the new ones mostly wrong."""
    index = {s.id: i for i, s in enumerate(statements)}
    by_id = {s.id: s for s in statements}

    def days(sid: str) -> set[str]:
        st = by_id.get(sid)
        return {d for d in st.dates if len(d) == 10} if st is not None else set()

    holders = _facts_holding([f for f in facts if len({indep.get(x, x) for x in f.articles}) > 1])
    wanted: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)  # (article, fact) -> pairs
    for sid, fs in holders.items():
        shared_days = days(sid)
        if len(fs) < 2 or not shared_days:
            continue
        for g in fs:
            for f in fs:
                if f.id == g.id:
                    continue
                own_f = {v.statement for v in f.variants} - {v.statement for v in g.variants}
                outlets_f = {indep.get(x, x) for x in f.articles}
                for v in g.variants:
                    i = index.get(v.statement)
                    if i is None or indep.get(v.article, v.article) in outlets_f:
                        continue
                    day = days(v.statement) & shared_days
                    wanted[(v.article, f.id)] |= {(min(i, j), max(i, j)) for w in own_f
                                                  if day & days(w) and (j := index.get(w)) is not None}
    out: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for (art, fid), found in sorted(wanted.items()):
        pairs = sorted(found)
        if not pairs:
            continue
        probs = judge_pairs(pairs)
        k = int(np.argmax(probs))
        if probs[k] >= floor:
            i, j = pairs[k]
            out[art].append((fid, i if statements[i].article == art else j, float(probs[k])))
    return out


def mutual_possible(facts: Sequence[Fact], indep: dict[str, str], statements: Sequence[Statement],
                    probs: Pairs, floor: float) -> dict[str, list[tuple[str, int, float]]]:
    """Article -> (fact, its statement index, probability) for each pair of statements of two
    outlets, in two facts, that are each other's closest statement of another outlet (the most
    probable pair either has with a statement of another outlet) and reach ``floor``: the
    article possibly reports the other's fact.  Mutual, so that one statement near many does
    not mark them all (on the seeds, "possibly" for every pair at or above 0.16 put about 50
    question marks into the matrix, most of them wrong).  A statement whose closest is already
    in one fact with it has found what it reports: its next closest is not offered (on the
    seeds, once Trump's "would join the Istanbul talks" joined 000's "willing to ... join the
    talks", the next closest of each, 0.20-0.27 and none the same claim, were each other's).
    Only between outlets that carry at least one fact together, i.e. that are known to report one
    event: in a run of many articles on many events, mutual closest pairs of unrelated articles
    abound (100 PolNeAR articles, each its own outlet: 454 marks, none of 20 read right; 83 are
    left); on the claim groups, 37 of 58 marks right before, 26 of 36 after."""
    facts_of = _facts_holding(facts)
    outlets_of = {f.id: {indep.get(x, x) for x in f.articles} for f in facts}
    together = {(x, y) for o in outlets_of.values() if len(o) > 1 for x in o for y in o if x != y}
    best: dict[int, tuple[float, int]] = {}
    for (i, j), p in probs.items():
        a, b = statements[i], statements[j]
        fa, fb = facts_of.get(a.id), facts_of.get(b.id)
        if not fa or not fb or indep.get(a.article, a.article) == indep.get(b.article, b.article):
            continue
        for x, y in ((i, j), (j, i)):
            if x not in best or (p, -y) > (best[x][0], -best[x][1]):
                best[x] = (p, y)
    out: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for x, (p, y) in best.items():
        if p < floor or best.get(y, (0.0, -1))[1] != x \
                or {f.id for f in facts_of[statements[x].id]} & {f.id for f in facts_of[statements[y].id]}:
            continue
        art = statements[x].article
        mine = indep.get(art, art)
        for f in facts_of[statements[y].id]:
            if mine not in outlets_of[f.id] and any((mine, o) in together for o in outlets_of[f.id]):
                out[art].append((f.id, x, p))
    return out
