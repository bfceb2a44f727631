"""Tests for the fact alignment (newsprism.compare.align): grouping by the pair judge.

The grouping (``group_pairs``) is tested on hand-made pair probabilities, so every decision is
known; the judge-backed ``align_groups`` on hand-made statements whose embeddings are small unit
vectors made for each test (every cosine known), with the packaged judge.  Nothing here loads
spaCy or the sentence encoder.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from newsprism.compare import align as align_mod
from newsprism.compare.align import align_groups, group_pairs
from newsprism.compare.judge import load_judge
from newsprism.model import Fact, Statement


def st(article: str, n: int, text: str | None = None, **slots: object) -> Statement:
    return Statement(id=f"{article}:s{n}", article=article, start=10 * n, end=10 * n + 9,
                     text=text or f"statement {n} of {article}", sentence=n, **slots)  # type: ignore[arg-type]


def at_angles(*cosines_to_first: float, others: int = 0, dim: int = 8) -> np.ndarray:
    """Unit vectors in a plane, row k with cosine ``cosines_to_first[k]`` to row 0 (give 1.0 first),
    then ``others`` rows orthogonal to all of them and to each other."""
    rows = []
    for c in cosines_to_first:
        v = np.zeros(dim, dtype=np.float32)
        v[0], v[1] = c, math.sqrt(max(0.0, 1 - c * c))
        rows.append(v)
    for k in range(others):
        v = np.zeros(dim, dtype=np.float32)
        v[2 + k] = 1.0
        rows.append(v)
    return np.stack(rows)


# --- grouping on given probabilities ---------------------------------------------------------


def test_align_group_pairs_puts_every_statement_in_exactly_one_group() -> None:
    groups = group_pairs(5, {(0, 1): 0.9, (2, 3): 0.8, (1, 4): 0.2}, 0.5, 0.3)
    assert sorted(i for g in groups for i in g) == list(range(5))
    assert groups == [[0, 1], [2, 3], [4]]


def test_align_group_pairs_cannot_chain_through_a_middle_statement() -> None:
    # A~B and B~C are sure, A and C are judged different: C may not join {A, B}
    probs = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.1}
    groups = group_pairs(3, probs, 0.5, 0.3)
    assert sorted(len(g) for g in groups) == [1, 2]
    # with A~C only unsure (above the floor) and the average high, the three are one claim
    assert group_pairs(3, {**probs, (0, 2): 0.4}, 0.5, 0.3) == [[0, 1, 2]]


def test_align_group_pairs_needs_the_average_too() -> None:
    # every cross pair above the floor, but their average under the threshold: apart
    probs = {(0, 1): 0.9, (1, 2): 0.6, (0, 2): 0.35}
    assert len(group_pairs(3, probs, 0.5, 0.3)) == 2


def test_align_group_pairs_keeps_an_articles_several_wordings() -> None:
    """A headline, a lead and a quote of one claim in article a, and b's wording: one fact."""
    probs = {(0, 1): 0.8, (0, 2): 0.7, (1, 2): 0.75, (0, 3): 0.7, (1, 3): 0.8, (2, 3): 0.6}
    assert group_pairs(4, probs, 0.5, 0.3) == [[0, 1, 2, 3]]


def test_align_group_pairs_is_deterministic_on_ties() -> None:
    probs = {(0, 1): 0.7, (1, 2): 0.7, (0, 2): 0.0}
    first = group_pairs(3, probs, 0.5, 0.3)
    assert first == [[0, 1], [2]]  # the tie goes to the lower indexes
    assert all(group_pairs(3, dict(reversed(list(probs.items()))), 0.5, 0.3) == first for _ in range(3))


def test_align_widen_lets_a_two_claim_sentence_stand_in_both_facts() -> None:
    """b's one sentence (2) states a's two claims (0 and 1, judged different): the grouping puts
    it with one of them; widening adds it to the other, whose outlet is then not alone."""
    probs = {(0, 1): 0.05, (0, 2): 0.8, (1, 2): 0.9}
    groups = group_pairs(3, probs, 0.5, 0.3)
    assert groups == [[0], [1, 2]]
    assert align_mod.widen_groups(groups, probs, 0.5, 0.3) == [[0, 2], [1, 2]]


def test_align_widen_does_not_chain_or_duplicate() -> None:
    # 3 is sure with 2 but judged different from 0, which shares 2's other fact: no join
    probs = {(0, 1): 0.9, (2, 3): 0.9, (0, 2): 0.1, (1, 2): 0.2, (0, 3): 0.2, (1, 3): 0.6}
    groups = group_pairs(4, probs, 0.5, 0.3)
    assert groups == [[0, 1], [2, 3]]
    assert align_mod.widen_groups(groups, probs, 0.5, 0.3) == groups
    # groups that widening makes the same (or one part of another) are listed once
    sure = {(0, 1): 0.9, (0, 2): 0.9, (1, 2): 0.9}
    assert align_mod.widen_groups([[0, 1], [2]], sure, 0.5, 0.3) == [[0, 1, 2]]


def test_align_join_makes_one_row_of_two_that_differ_in_one_articles_wordings() -> None:
    """a states one claim twice (0 and 1, judged unsure of each other), b once (2): the grouping
    gives {1, 2} and {0, 2}, two rows of one claim; joined, one row with a's two wordings."""
    probs = {(0, 1): 0.3, (0, 2): 0.55, (1, 2): 0.8}
    groups = align_mod.widen_groups(group_pairs(3, probs, 0.5, 0.2), probs, 0.5, 0.2)
    assert groups == [[0, 2], [1, 2]]
    assert align_mod.join_overlapping(groups, probs, 0.2, ["a", "a", "b"]) == [[0, 1, 2]]
    # judged different (under the floor): two claims of a's, each told by b's one sentence
    apart = {**probs, (0, 1): 0.05}
    assert align_mod.join_overlapping(groups, apart, 0.2, ["a", "a", "b"]) == groups


def test_align_join_adds_no_pair_across_outlets() -> None:
    """{0, 2} and {1, 2} differ in statements of two articles (0 of a, 1 of c): joining would
    say a and c report one claim, which no pair of theirs was judged to; they stay two rows."""
    probs = {(0, 1): 0.4, (0, 2): 0.55, (1, 2): 0.8}
    assert align_mod.join_overlapping([[0, 2], [1, 2]], probs, 0.2, ["a", "c", "b"]) == [[0, 2], [1, 2]]
    # groups that share nothing are never joined; a chain of overlaps joins one step at a time
    assert align_mod.join_overlapping([[0, 1], [2, 3]], {(0, 2): 0.9}, 0.2, ["a", "b", "a", "b"]) \
        == [[0, 1], [2, 3]]
    chain = {(0, 1): 0.3, (0, 3): 0.6, (1, 3): 0.6, (2, 3): 0.6, (0, 2): 0.3, (1, 2): 0.3}
    assert align_mod.join_overlapping([[0, 3], [1, 3], [2, 3]], chain, 0.2, ["a", "a", "a", "b"]) \
        == [[0, 1, 2, 3]]


def test_align_a_quote_inside_a_longer_sentence_is_judged_whatever_the_cosine() -> None:
    """Word for word inside another statement, a short quote is a candidate pair even when the
    encoder puts the two far apart (cosine 0 here)."""
    a = st("a", 1, "Such a meeting is certainly necessary.")
    b = st("b", 1, "Such a meeting is certainly necessary – both for bilateral relations and for a serious "
                   "conversation at the highest level on international affairs.")
    c = st("c", 1, "A meeting of this kind is not needed at all, the spokesman said.")
    vectors = at_angles(1.0, 0.36, others=1)  # the seeds' pair: cosine 0.36
    assert align_mod.candidate_pairs(vectors).tolist() == []
    assert align_mod.candidate_pairs(vectors, [a, b, c]).tolist() == [[0, 1]]
    assert [0, 1] in align_groups([a, b, c], vectors)


# --- the judge behind align_groups -------------------------------------------------------------


def test_align_empty_input() -> None:
    assert align_groups([], np.zeros((0, 8), dtype=np.float32)) == []


# Two sentences on one topic that an encoder puts close together but that say different things,
# and a third that says what the first says in other words.
SENATE_VOTE = "Senate Republicans decided Tuesday not to hold a vote on the health care repeal bill."
TAX_PLAN = "The White House unveiled its long-awaited tax plan on Wednesday, cutting corporate rates."
SAME_VOTE = "Republicans in the Senate will not hold a vote on their health care repeal, leaders said."


def test_align_same_claim_in_other_words_is_one_fact() -> None:
    sts = [st("a", 1, SENATE_VOTE), st("b", 1, SAME_VOTE)]
    assert align_groups(sts, at_angles(1.0, 0.9)) == [[0, 1]]


def test_align_unrelated_statements_stay_apart() -> None:
    sts = [st("a", 1, SENATE_VOTE), st("b", 1, TAX_PLAN)]
    assert align_groups(sts, at_angles(1.0, 0.3)) == [[0], [1]]


def test_align_same_speaker_on_days_two_weeks_apart_is_two_claims() -> None:
    """Issue 22: "Peskov said X" on 16 May and on 30 May are different claims, though worded
    alike; the same two statements on one day are one claim."""
    said = "Kremlin spokesman Dmitry Peskov said a meeting between the two presidents was necessary."
    again = "Dmitry Peskov, the Kremlin spokesman, said a meeting of the two presidents is necessary."
    sts = [st("a", 1, said, speaker="dmitry-peskov"), st("b", 1, again, speaker="dmitry-peskov")]
    vecs = at_angles(1.0, 0.85)
    assert align_groups(sts, vecs, when=[("2025-05-16",), ("2025-05-16",)]) == [[0, 1]]
    assert align_groups(sts, vecs, when=[("2025-05-16",), ("2025-05-30",)]) == [[0], [1]]


def test_align_background_dated_alike_aligns_across_publication_days() -> None:
    """An event's background ("last met in March 2022") carries its own date, not the day it
    was published, so two outlets a week apart still tell the same background."""
    a = st("a", 1, "The two sides last held direct talks in Istanbul in March 2022.", dates=("2022-03",))
    b = st("b", 1, "The two delegations last met face to face in Istanbul in March 2022.", dates=("2022-03",))
    from newsprism.compare.judge import statement_when

    when = [statement_when(a, "2025-05-13"), statement_when(b, "2025-05-20")]
    assert align_groups([a, b], at_angles(1.0, 0.85), when=when) == [[0, 1]]


def test_align_threshold_argument_overrides_the_judges() -> None:
    sts = [st("a", 1, SENATE_VOTE), st("b", 1, SAME_VOTE)]
    vecs = at_angles(1.0, 0.9)
    probs = align_mod.pair_probabilities(sts, vecs)
    p = probs[(0, 1)]
    assert align_groups(sts, vecs, p - 0.01, probs=probs) == [[0, 1]]
    assert align_groups(sts, vecs, min(0.99, p + 0.01), probs=probs) == [[0], [1]]


def _clustered(n_clusters: int = 6, n_articles: int = 5, dim: int = 32) -> tuple[list[Statement], np.ndarray]:
    rng = np.random.default_rng(7)
    # orthogonal centres: six claims apart (random ones can sit at cosine 0.5, which the judge
    # calls the same claim for some statements of two clusters)
    centres = np.linalg.qr(rng.standard_normal((dim, n_clusters)))[0].T
    sts, rows = [], []
    for k in range(n_clusters):
        for a in range(n_articles):
            v = centres[k] / np.linalg.norm(centres[k]) + 0.05 * rng.standard_normal(dim)
            rows.append(v / np.linalg.norm(v))
            sts.append(st(f"art{a}", k, f"Officials in city {k} said the bridge number {k} will close."))
    return sts, np.asarray(rows, dtype=np.float32)


def test_align_lsh_candidates_find_the_dense_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    sts, vecs = _clustered()
    dense = align_groups(sts, vecs)
    assert len(dense) == 6 and all(len(g) == 5 for g in dense)
    monkeypatch.setattr(align_mod, "DENSE_LIMIT", 4)  # force the LSH candidates
    assert align_groups(sts, vecs) == dense


def test_align_judge_thresholds_are_ordered() -> None:
    judge = load_judge()
    assert 0.0 < judge.possible <= judge.threshold < 1.0


# --- omissions ---------------------------------------------------------------------------------


def _run(texts: dict[str, str], published: dict[str, str] | None = None):
    from newsprism.analysis import Analysis
    from newsprism.model import Article, OffsetMap

    days = published or {}
    arts = tuple(Article(id=k, source=k, text=t, offsets=OffsetMap(((0, 0, len(t)),), len(t)),
                         source_text=t, outlet=f"Outlet {k}", published=days.get(k))
                 for k, t in texts.items())
    return Analysis(articles=arts, entities=(), mentions=(), quotes=(), dates=(), numbers=(),
                    sources_cited=())


def _omission_case(d_cos: float, published: dict[str, str] | None = None, dated: str = "") -> list:
    """Three outlets carry a fact; the fourth has a statement at cosine ``d_cos`` to it."""
    from newsprism.model import Fact, Variant

    said = "The council closed the harbour bridge on Monday for two years of repairs."
    sts = [st("a", 1, said), st("b", 1, said), st("c", 1, said),
           st("d", 1, "On Monday the harbour bridge was shut by the council for repairs lasting two years.")]
    if dated:
        sts = [replace(s, dates=(dated,)) for s in sts]
    vecs = at_angles(1.0, 1.0, 1.0, d_cos)
    fact = Fact("f1", said, "corroborated", ("a", "b", "c"),
                tuple(Variant(s.article, s.id, s.text, s.start, s.end) for s in sts[:3]), 3)
    analysis = _run({k: f"Article {k} of the story, in its own words." for k in "abcd"}, published)
    probs = align_mod.pair_probabilities(sts, vecs)
    return align_mod.omissions(analysis, [fact], None, sts, probs)


def test_align_omission_not_listed_when_the_outlet_says_it_in_other_words() -> None:
    """Issue 22: an outlet that reports the fact in other words is not said to omit it; it is
    shown as possibly reporting it, with its closest sentence."""
    d = next(o for o in _omission_case(0.8) if o.article == "d")
    assert d.facts == ()
    assert [(p.fact, p.statement) for p in d.possible] == [("f1", "d:s1")]


def test_align_omission_listed_when_the_outlet_says_nothing_like_it() -> None:
    d = next(o for o in _omission_case(0.1) if o.article == "d")
    assert d.facts == ("f1",) and d.possible == ()


def test_align_no_omission_by_an_article_published_before_the_fact_was_reported() -> None:
    """A report of 13 May does not "leave out" what the others reported on 30 May; one of 31 May
    does; background dated long before (March 2022) could be reported by either."""
    def case(d_day: str, dated: str = "") -> tuple[tuple[str, ...], tuple]:
        days = {"a": "2025-05-30", "b": "2025-05-30", "c": "2025-05-31", "d": d_day}
        d = next(o for o in _omission_case(0.1, days, dated) if o.article == "d")
        return d.facts, d.possible

    assert case("2025-05-13") == ((), ())
    assert case("2025-05-31") == (("f1",), ())
    assert case("2025-05-13", dated="2022-03") == (("f1",), ())
    assert case("2025-05-29", dated="2025-05-30") == ((), ())
    assert _omission_case(0.8, {"a": "2025-05-30", "b": "2025-05-30", "c": "2025-05-30",
                                "d": "2025-05-13"})[3].possible == ()  # nor "possibly reported"


def _carried_by(outlets: str) -> Fact:
    """A fact those outlets' articles carry together (its wordings are in no probability pair)."""
    from newsprism.model import Variant

    said = "The storm closed the port."
    return Fact("f9", said, "corroborated", tuple(outlets),
                tuple(Variant(k, f"{k}:s9", said, 0, len(said)) for k in outlets), len(outlets))


def test_a_one_outlet_fact_is_possibly_reported_by_the_closest_statement_of_another_only_if_mutual() -> None:
    """Issue 22, item 4, for facts few outlets carry: "only outlet a has this" is itself a claim,
    so an outlet whose statement and the fact's are each other's closest (and reach the judge's
    "possibly" probability) is shown as possibly reporting it; a statement that is only near
    one it is not the closest to is not."""
    from newsprism.model import Fact, Variant

    sts = [st("a", 1, "The council closed the bridge."), st("b", 1, "The bridge was shut by the council."),
           st("c", 1, "Repairs on the bridge will take two years.")]
    facts = [Fact(f"f{k}", s.text, "unique", (s.article,), (Variant(s.article, s.id, s.text, s.start, s.end),), 1)
             for k, s in enumerate(sts, 1)]
    facts.append(_carried_by("abc"))  # the three report one event
    indep = {"a": "a", "b": "b", "c": "c"}
    probs = {(0, 1): 0.30, (0, 2): 0.20, (1, 2): 0.10}
    got = align_mod.mutual_possible(facts, indep, sts, probs, floor=0.16)
    assert dict(got) == {"a": [("f2", 0, 0.30)], "b": [("f1", 1, 0.30)]}
    # below the floor, nothing; and copies of one outlet never "possibly" report each other
    assert not align_mod.mutual_possible(facts, indep, sts, probs, floor=0.35)
    assert "b" not in align_mod.mutual_possible(facts, {"a": "x", "b": "x", "c": "c"}, sts, probs, floor=0.16)
    # a statement whose closest statement of another outlet is already in one fact with it has
    # found what it reports: the next closest is not offered as "possibly" the same
    d = st("d", 1, "The council shut the bridge on Monday.")
    sts4 = [*sts, d]
    joined = [facts[0], facts[1], _carried_by("abcd"),
              Fact("f3", sts[2].text, "corroborated", ("c", "d"),
                   (Variant("c", sts[2].id, sts[2].text, 0, 1), Variant("d", d.id, d.text, 0, 1)), 2)]
    probs4 = {(0, 1): 0.10, (0, 2): 0.12, (1, 2): 0.10, (2, 3): 0.60, (0, 3): 0.25}
    # (d's closest of another fact is a, and a's is d: before, each was marked with the other's fact)
    assert not align_mod.mutual_possible(joined, {**indep, "d": "d"}, sts4, probs4, floor=0.16)


def test_possibly_reported_only_between_outlets_known_to_report_one_event() -> None:
    """A mutual closest pair of two outlets that carry no fact together is no sign that one
    reports the other's fact: in a run of many articles on many events such pairs abound (100
    PolNeAR articles: 454 marks, none of 20 read right)."""
    from newsprism.model import Variant

    sts = [st("a", 1, "The council closed the bridge."), st("b", 1, "The bridge was shut by the council."),
           st("c", 1, "The bridge was closed by the town council.")]
    facts = [Fact(f"f{k}", s.text, "unique", (s.article,), (Variant(s.article, s.id, s.text, s.start, s.end),), 1)
             for k, s in enumerate(sts, 1)]
    indep = {"a": "a", "b": "b", "c": "c"}
    probs = {(0, 1): 0.30, (0, 2): 0.10, (1, 2): 0.10}
    assert not align_mod.mutual_possible(facts, indep, sts, probs, floor=0.16)  # a and b: nothing in common
    got = align_mod.mutual_possible([*facts, _carried_by("ab")], indep, sts, probs, floor=0.16)
    assert dict(got) == {"a": [("f2", 0, 0.30)], "b": [("f1", 1, 0.30)]}
    # c carries a fact with a only: a and b still have nothing in common
    assert not align_mod.mutual_possible([*facts, _carried_by("ac")], indep, sts, probs, floor=0.16)


def test_possibly_reported_shows_the_sentence_closest_to_the_facts_own_wordings() -> None:
    """A sentence stating two claims stands in both facts ("was willing to travel to join the
    first talks in three years, insisting nothing will happen before he meets the president");
    an outlet's sentence close to it is close to either claim, so it does not say which of the
    outlet's sentences reports this fact: the closest to the fact's other wordings does."""
    from newsprism.model import Variant

    def v(s: Statement) -> Variant:
        return Variant(s.article, s.id, s.text, s.start, s.end)

    sts = [st("a", 1), st("b", 1), st("c", 1), st("a", 2), st("b", 2), st("d", 1), st("d", 2)]
    talks = Fact("f1", "the first talks in three years", "corroborated", ("a", "b", "c"),
                 (v(sts[0]), v(sts[1]), v(sts[2]), v(sts[3])), 3)
    travel = Fact("f2", "willing to travel to the talks", "corroborated", ("a", "b"), (v(sts[3]), v(sts[4])), 2)
    probs = {(3, 5): 0.60, (0, 6): 0.30, (1, 6): 0.25}  # d:s1 is close to a's two-claim sentence only
    analysis = _run({k: f"Article {k} of the story." for k in "abcd"})
    d = next(o for o in align_mod.omissions(analysis, [talks, travel], None, sts, probs) if o.article == "d")
    assert [(p.fact, p.statement, p.probability) for p in d.possible] == [("f1", "d:s2", 0.3)]
    # a fact whose every wording stands in another fact still has them all to compare with
    only_shared = replace(talks, variants=(v(sts[3]),))
    d = next(o for o in align_mod.omissions(analysis, [only_shared, travel], None, sts, probs) if o.article == "d")
    assert [(p.fact, p.statement) for p in d.possible] == [("f1", "d:s1")]


def test_possibly_reported_shows_the_sentence_that_comes_close_to_every_outlets_wording() -> None:
    """The seeds' 16 May talks: 000's lead ends "under pressure from U.S. President Donald Trump
    ...", and 001's sentence on Peskov, Putin and Trump comes closest to that lead alone, where
    its "A meeting with the representatives of Ukraine and the Russian Federation also began"
    comes close to all three outlets' wordings.  The mark shows the latter, with its own
    probability; a sentence under the "possibly" floor is never shown."""
    from newsprism.model import Variant

    def v(s: Statement) -> Variant:
        return Variant(s.article, s.id, s.text, s.start, s.end)

    sts = [st("a", 1), st("b", 1), st("c", 1), st("d", 1), st("d", 2)]
    talks = Fact("f1", "the talks", "corroborated", ("a", "b", "c"), (v(sts[0]), v(sts[1]), v(sts[2])), 3)
    analysis = _run({k: f"Article {k} of the story." for k in "abcd"})
    floor = load_judge().possible

    def mark(probs: dict[tuple[int, int], float]) -> list[tuple[str, float]]:
        d = next(o for o in align_mod.omissions(analysis, [talks], None, sts, probs) if o.article == "d")
        return [(p.statement, p.probability) for p in d.possible]

    side_detail = {(0, 3): 0.35, (1, 3): 0.05, (2, 3): 0.05}
    assert mark(side_detail | {(0, 4): 0.30, (1, 4): 0.28, (2, 4): 0.25}) == [("d:s2", 0.30)]
    # close to every wording, but under the floor: the sentence that reaches it is shown
    low = floor - 0.01
    assert mark(side_detail | {(0, 4): low, (1, 4): low, (2, 4): low}) == [("d:s1", 0.35)]


def test_each_article_of_a_fact_has_the_support_of_its_best_pair_with_another_outlet() -> None:
    """A corroboration is as sure as the judge is of the article's best pair with another
    outlet's wording: "sure" at or above the judge's sure probability, "likely" under it.  A copy
    of the same outlet (independence) backs nothing, and a wording of the same article neither."""
    sts = [st("a", 1), st("a", 2), st("b", 1), st("c", 1), st("d", 1)]
    probs = {(0, 1): 0.95, (0, 2): 0.52, (1, 2): 0.70, (2, 3): 0.50, (0, 3): 0.20, (3, 4): 0.99}
    indep = {"a": "a", "b": "b", "c": "c", "d": "c"}  # d is a copy of c
    got = align_mod.support_of([0, 1, 2, 3, 4], sts, probs, indep, sure=0.6)
    assert {a: (x.probability, x.level) for a, x in got.items()} == {
        "a": (0.70, "sure"), "b": (0.70, "sure"), "c": (0.50, "likely")}


def test_align_gives_corroborated_facts_their_support_and_unique_ones_none() -> None:
    from types import SimpleNamespace

    sts = [st("a", 1, "The council closed the bridge."), st("b", 1, "The bridge was shut by the council."),
           st("c", 1, "Repairs will take two years.")]
    vectors = np.eye(3, 8, dtype=np.float32)
    analysis = SimpleNamespace(quotes=[], articles=[SimpleNamespace(id=a, outlet=a, text="") for a in "abc"])
    judge = load_judge()
    facts, _ = align_mod.align(analysis, sts, vectors, lambda facts, by_id: [],  # type: ignore[arg-type]
                               indep={a: a for a in "abc"}, probs={(0, 1): judge.threshold + 0.01})
    shared = next(f for f in facts if len(f.articles) == 2)
    assert [(x.article, x.level) for x in shared.support] == [("a", "likely"), ("b", "likely")]
    assert all(f.support == () for f in facts if len(f.articles) == 1)


def test_align_a_quotation_joins_the_groups_of_the_paraphrase_it_quotes() -> None:
    sts = [st("a", 1), st("b", 1), st("b", 2), st("b", 3), st("c", 1)]
    # b:s2 quotes b:s1; widening had made {b:s1, b:s2} a one-article group beside {a:s1, b:s1}
    assert align_mod.attach_quotations([[0, 1], [1, 2], [3], [4]], sts, [(1, 2)]) == [[0, 1, 2], [3], [4]]
    # a quotation alone joins too
    assert align_mod.attach_quotations([[0, 1], [2], [3]], sts, [(1, 2)]) == [[0, 1, 2], [3]]
    # one grouped with another article's statement has found its claim: it stays where it is
    assert align_mod.attach_quotations([[0, 1], [2, 4], [3]], sts, [(1, 2)]) == [[0, 1], [2, 4], [3]]
    assert align_mod.attach_quotations([[0, 1], [2]], sts, []) == [[0, 1], [2]]


def test_align_a_facts_text_is_a_wording_that_opens_as_a_sentence() -> None:
    """A clause cut from its sentence ("where the two sides agreed to swap 1,000 prisoners
    each") is the most central wording here, but the matrix row shows the one that opens as a
    sentence does."""
    from types import SimpleNamespace

    clause = st("a", 1, "where the two sides agreed to swap 1,000 prisoners each")
    whole = st("b", 1, "That round ended in the largest prisoner swap yet, 1,000 people a side.")
    other = st("c", 1, "and the sides agreed a swap of a thousand prisoners each.")
    sts = [clause, whole, other]
    vectors = np.zeros((3, 8), dtype=np.float32)
    vectors[0, 0] = 1.0  # the clause between the two others: the most central wording
    vectors[1, :2] = (0.8, 0.6)
    vectors[2, :2] = (0.8, -0.6)
    probs = {(0, 1): 0.9, (0, 2): 0.9, (1, 2): 0.8}
    analysis = SimpleNamespace(quotes=[], articles=[SimpleNamespace(id=a, outlet=a, text="") for a in "abc"])
    facts, _ = align_mod.align(analysis, sts, vectors, lambda facts, by_id: [],  # type: ignore[arg-type]
                               indep={a: a for a in "abc"}, probs=probs)
    assert [f.text for f in facts] == [whole.text]


def test_possibly_reported_for_one_days_facts_that_share_a_wording() -> None:
    """Two facts of several outlets that share a wording naming its own day (b's one sentence
    "On May 2 the two sides held their first talks" is a wording of a's and of c's): c possibly
    carries a's fact, and a c's, when their own wordings of that day come close, whatever their
    cosine.  Without a day of their own, facts that share a wording are as often one topic's
    different claims, and no mark is made."""
    from newsprism.model import Variant

    def v(s: Statement) -> Variant:
        return Variant(s.article, s.id, s.text, s.start, s.end)

    day = ("2024-05-02",)
    sts = [st("a", 1, dates=day), st("b", 1, dates=day), st("c", 1, dates=day), st("c", 2)]
    f1 = Fact("f1", "a and b", "corroborated", ("a", "b"), (v(sts[0]), v(sts[1])), 2)
    f2 = Fact("f2", "b and c", "corroborated", ("b", "c"), (v(sts[1]), v(sts[2])), 2)
    indep = {x: x for x in "abc"}
    asked: list[list[tuple[int, int]]] = []

    def judge_pairs(pairs):
        asked.append(list(pairs))
        return np.array([{(0, 2): 0.38}.get(tuple(p), 0.0) for p in pairs])

    got = align_mod.sibling_possible([f1, f2], indep, sts, judge_pairs, floor=0.17)
    assert dict(got) == {"c": [("f1", 2, 0.38)], "a": [("f2", 0, 0.38)]}
    assert all(p == (0, 2) for ps in asked for p in ps)  # only the day's own wordings are judged
    assert not align_mod.sibling_possible([f1, f2], indep, sts, judge_pairs, floor=0.4)
    # no day of their own: no mark
    undated = [replace(s, dates=()) for s in sts]
    assert not align_mod.sibling_possible([f1, f2], indep, undated, judge_pairs, floor=0.17)
    # in omissions, beside the mutual marks
    analysis = _run({k: f"Article {k} of the story." for k in "abc"})
    marks = {o.article: [(p.fact, p.statement) for p in o.possible]
             for o in align_mod.omissions(analysis, [f1, f2], indep, sts, {}, judge_pairs=judge_pairs)}
    assert marks["c"] == [("f1", "c:s1")] and marks["a"] == [("f2", "a:s1")]
