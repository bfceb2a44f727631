"""Grouping: features, near-duplicates (MinHash LSH) and online story clustering."""

from __future__ import annotations

import random
import struct
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsprism.clean import clean_document
from newsprism.group.dedupe import DuplicateIndex, estimate_containment
from newsprism.group.features import DocFeatures, features, features_many, reweighted, term_id
from newsprism.group.stories import (
    _DENSITY_HEAD,
    Assignment,
    Refinement,
    Settings,
    StoryClusterer,
    state_densities,
)
from newsprism.group.termstats import TermStats
from newsprism.lexicon.words import stem
from newsprism.model import Article, RawDocument

from .conftest import EVAL_DATA

POLNEAR = EVAL_DATA / "polnear" / "data"


def _article(text: str, title: str | None = None, published: str | None = None, doc_id: str = "x") -> Article:
    meta = {k: v for k, v in (("title", title), ("published", published)) if v}
    return clean_document(RawDocument(id=doc_id, source=doc_id, text=text, format="text", meta=meta,
                                      evidence={k: "test" for k in meta}))


def _file(path: Path) -> Article:
    return clean_document(RawDocument(id=path.stem, source=str(path), text=path.read_text("utf-8"), format="text"))


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> list[Article]:
    return [_file(p) for p in sorted(seeds_dir.glob("*.txt"))]


def _polnear(name: str) -> Article:
    for split in ("train", "dev", "annotator-training"):
        p = POLNEAR / split / "text" / f"{name}.txt"
        if p.exists():
            return _file(p)
    pytest.skip(f"PolNeAR text {name} not found under {POLNEAR}")


# --- features -------------------------------------------------------------------------------


def test_features_are_deterministic_and_round_trip(seed_articles: list[Article]) -> None:
    a = seed_articles[0]
    f1, f2 = features(a), features(a)
    assert f1 == f2
    assert DocFeatures.from_bytes(f1.to_bytes()) == f1
    assert abs(float(np.dot(f1.weights, f1.weights)) - 1.0) < 1e-4  # unit vector
    assert f1.shingles > 100 and f1.words > 100
    assert "putin" in f1.names and "peskov" in " ".join(f1.names)


def test_features_blob_errors_are_clear() -> None:
    with pytest.raises(ValueError, match="magic"):
        DocFeatures.from_bytes(b"X" * 64)
    blob = features(_article("Peskov said the talks in Istanbul would go on.")).to_bytes()
    with pytest.raises(ValueError, match="bytes"):
        DocFeatures.from_bytes(blob[:-3])


def test_rare_words_weigh_more_than_common_ones() -> None:
    f = features(_article("The people said the Kremlin spokesman Peskov met people."))
    w = dict(zip(f.terms.tolist(), f.weights.tolist(), strict=True))
    assert w[term_id(stem("peskov"))] > w[term_id(stem("people"))]


def test_word_forms_of_one_stem_are_one_term() -> None:
    # "elections" / "elected" / "election" are one term, so two outlets' wordings meet
    a = features(_article("Elections were held and the elected mayor spoke."))
    b = features(_article("The election of the mayor."))
    shared = set(a.terms.tolist()) & set(b.terms.tolist())
    assert term_id(stem("election")) in shared and term_id(stem("mayor")) in shared
    assert stem("elections") == stem("elected") == stem("election") != stem("electron")


def test_features_keep_the_idf_of_each_weight_so_they_can_be_reweighted() -> None:
    f = features(_article("Peskov said the talks in Istanbul would go on. People met Peskov."))
    assert f.idf is not None and len(f.idf) == len(f.terms)
    assert DocFeatures.from_bytes(f.to_bytes()) == f  # the idf travels with the blob
    assert np.allclose(reweighted(f, f.idf).weights, f.weights, atol=1e-6)  # same idf, same vector
    w = dict(zip(f.terms.tolist(), f.weights.tolist(), strict=True))
    peskov, people = term_id(stem("peskov")), term_id(stem("people"))
    assert w[peskov] > w[people]
    # swap the two words' idf: people weighs more than before, and each weight's count part
    # (weight / idf) keeps its ratio
    old = f.idf.astype(np.float64)
    idf = old.copy()
    i, j = f.terms.tolist().index(peskov), f.terms.tolist().index(people)
    idf[i], idf[j] = idf[j], idf[i]
    g = dict(zip(f.terms.tolist(), reweighted(f, idf).weights.tolist(), strict=True))
    assert g[people] > w[people] and g[peskov] < w[peskov]
    assert (g[people] / idf[j]) / (g[peskov] / idf[i]) == pytest.approx((w[people] / old[j]) / (w[peskov] / old[i]),
                                                                          rel=2e-3)
    assert abs(sum(v * v for v in g.values()) - 1.0) < 1e-4


def test_term_stats_weigh_down_what_the_corpus_repeats() -> None:
    """A word in every article of the corpus loses weight against the static prior; one the
    corpus has not seen gains; the counts are what the store must add."""
    body = "Ceasefire talks in {place} on {day}: delegations of {a} and {b} met."
    places = ["Istanbul", "Geneva", "Doha", "Riyadh", "Minsk", "Vienna", "Oslo", "Cairo"]
    stats, prior_only = TermStats(), TermStats(warmup=float("inf"))
    arts = [features(_article(body.format(place=places[i % 8], day=f"day {i}", a=f"team{i}", b=f"side{i}")))
            for i in range(300)]
    for f in arts:
        stats.weigh(f)
        prior_only.weigh(f)
    new = features(_article("Ceasefire talks in Kherson: a grain corridor was discussed."))
    got, kept = stats.weigh(new), prior_only.weigh(new)
    assert np.array_equal(kept.weights, new.weights)  # warmup inf: the prior alone
    w0 = dict(zip(new.terms.tolist(), new.weights.tolist(), strict=True))
    w1 = dict(zip(got.terms.tolist(), got.weights.tolist(), strict=True))
    assert w1[term_id(stem("ceasefire"))] < 0.5 * w0[term_id(stem("ceasefire"))]
    assert w1[term_id(stem("corridor"))] > w0[term_id(stem("corridor"))]
    n, pending = stats.pending()
    assert n == stats.n == 301 and pending[term_id(stem("ceasefire"))] == 301 and pending[term_id(stem("kherson"))] == 1
    stats.committed()
    assert stats.pending() == (0, {})
    # loaded from what was stored, the counts weigh the next article exactly as before
    resumed = TermStats()
    resumed.load(n, pending)
    again = features(_article("Talks in Doha on day 7: a grain corridor."))
    assert np.array_equal(resumed.weigh(again).weights, stats.weigh(again).weights)
    with pytest.raises(ValueError, match="warmup"):
        TermStats(warmup=0)


def test_features_many_with_an_encoder_adds_unit_embeddings(seed_articles: list[Article]) -> None:
    class Fake:
        def encode(self, texts: list[str]) -> np.ndarray:
            return np.array([[len(t), 1.0, 2.0] for t in texts], dtype=np.float32)

    out = features_many(seed_articles[:2], encoder=Fake())
    assert all(f.embedding is not None and abs(float(np.linalg.norm(f.embedding.astype(np.float32))) - 1) < 1e-2
               for f in out)
    assert DocFeatures.from_bytes(out[0].to_bytes()) == out[0]


# --- near-duplicates ------------------------------------------------------------------------


def test_containment_from_jaccard() -> None:
    # a set of 100 inside one of 200: Jaccard 0.5, containment 1
    assert estimate_containment(0.5, 100, 200) == pytest.approx(1.0)
    assert estimate_containment(0.0, 100, 200) == 0.0


def test_light_rewrite_is_a_copy_and_same_event_reports_are_not(seed_articles: list[Article]) -> None:
    original = seed_articles[2]  # 002: a long report
    paras = [p for p in original.text.split("\n\n") if p.strip()]
    rewrite = _article("\n\n".join(paras[1:]).replace("Kremlin", "Russian presidency"),
                       title="A new headline for the same wire copy")
    idx = DuplicateIndex()
    for i, a in enumerate(seed_articles):
        idx.add(i, features(a))
    found = idx.matches(features(rewrite))
    assert [m.key for m in found] == [2]
    assert found[0].containment > 0.65
    # the five seeds report one story in their own words: none is a copy of another
    for i, a in enumerate(seed_articles):
        assert [m.key for m in idx.matches(features(a))] == [i]


def test_copy_index_keeps_the_most_recent_articles(seed_articles: list[Article]) -> None:
    idx = DuplicateIndex(max_indexed=2)
    feats = [features(a) for a in seed_articles[:3]]
    for i, f in enumerate(feats):
        idx.add(i, f)
    assert len(idx) == 2 and 0 not in idx
    assert idx.matches(feats[0]) == []  # evicted
    assert [m.key for m in idx.matches(feats[2])] == [2]


def test_real_reprints_in_polnear_are_found() -> None:
    """Real republications: the same Washington Post piece on two days, and NYT writethroughs
    under a new headline (checked by reading them); a different article of the same day is not."""
    pairs = [("wash-post_2015-12-22_as-spotlight-shines-on-trump-and", "wash-post_2015-12-23_as-spotlight-shines-on-trump-and"),
             ("nyt_2016-03-04_republicans-have-stake-in-a-deal", "nyt_2016-03-05_polls-suggest-possibility-of-dea"),
             ("nyt_2015-11-25_golf-courses-forced-to-reach-int", "nyt_2015-11-26_with-fewer-golfers-in-u-s-course")]
    idx = DuplicateIndex()
    for a, _ in pairs:
        idx.add(a, features(_polnear(a)))
    for a, b in pairs:
        assert [m.key for m in idx.matches(features(_polnear(b)))] == [a]
    other = _polnear("usa-today_2016-04-06_sanders-says-he-s-riding-momentu")
    assert idx.matches(features(other)) == []


# --- stories --------------------------------------------------------------------------------


OTHER_STORIES = [
    ("Wildfire forces thousands to flee in California",
     "A fast-moving wildfire in northern California forced thousands of residents to evacuate on Tuesday as "
     "firefighters battled flames fanned by strong winds. The blaze has burned more than 20,000 acres near "
     "Redding and destroyed dozens of homes, Cal Fire said. Governor Gavin Newsom declared a state of emergency "
     "for Shasta County."),
    ("Central bank raises interest rates again",
     "The European Central Bank raised its key interest rate by a quarter point on Thursday, its ninth increase "
     "in a row, as inflation in the eurozone stayed well above its target. ECB President Christine Lagarde said "
     "further hikes could not be ruled out, and bond yields rose across the bloc after the announcement."),
]


def test_seeds_form_one_story_apart_from_unrelated_news(seed_articles: list[Article]) -> None:
    others = [_article(t, title=h, doc_id=f"o{i}") for i, (h, t) in enumerate(OTHER_STORIES)]
    arts = seed_articles[:3] + others + seed_articles[3:]
    cl = StoryClusterer()
    got = [cl.add(i, f) for i, f in enumerate(features_many(arts))]
    seeds_story = {got[i].story for i in (0, 1, 2, 5, 6)}
    assert len(seeds_story) == 1
    assert got[3].is_new and got[4].is_new and got[3].story != got[4].story
    assert not ({got[3].story, got[4].story} & seeds_story)


def _neus_docs(limit: int) -> list[tuple[str, Article]]:
    path = EVAL_DATA / "neus_allsides" / "data" / "naacl2022_lrc_roundup_random_order_probe" / "train.source"
    if not path.exists():
        pytest.skip(f"NeuS data not found at {path}")
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines()[:limit]):
        for k, part in enumerate(line.split(" [SEP] ")):
            title, _, body = part.partition(" ARTICLE=> ")
            out.append((f"s{n}", _article(body, title=title.replace("TITLE=>", "").strip(), doc_id=f"{n}.{k}")))
    return out


def test_restored_state_gives_the_same_assignments_as_an_uninterrupted_run() -> None:
    docs = _neus_docs(60)
    random.Random(3).shuffle(docs)
    feats = features_many([a for _, a in docs])
    whole = StoryClusterer()
    expected = [whole.add(i, f) for i, f in enumerate(feats)]

    first = StoryClusterer()
    got = [first.add(i, f) for i, f in enumerate(feats[:90])]
    blobs = {sid: first.state_bytes(sid) for sid in first.live_stories()}
    second = StoryClusterer()
    for sid in sorted(blobs, reverse=True):  # any order
        second.restore(sid, blobs[sid])
    got += [second.add(i, f) for i, f in enumerate(feats[90:], start=90)]
    assert got == expected


def _synthetic(terms: dict[int, float], key: str) -> DocFeatures:
    """Features with the given term vector (L2-normalised), no names, no embedding."""
    ids = np.array(sorted(terms), dtype=np.uint32)
    w = np.array([terms[int(i)] for i in ids], dtype=np.float32)
    base = features(_article(f"Placeholder text {key}."))
    return replace(base, terms=ids, weights=w / np.linalg.norm(w), names=(), name_weights=(), embedding=None,
                   idf=None)


RAW = Settings(density_weight=0.0)  # no local scaling: the figures in these tests are raw similarities


def test_refine_moves_an_article_to_the_story_that_grew_around_it() -> None:
    cl = StoryClusterer(RAW)
    p1 = _synthetic(dict.fromkeys([1, 2, 3], 1.0), "p1")
    x = _synthetic(dict.fromkeys([1, 2, 5, 6, 7, 8], 1.0), "x")  # half about P, half about Q
    q = _synthetic(dict.fromkeys(range(5, 13), 1.0), "q")
    a = cl.add("p1", p1)
    ax = cl.add("x", x)
    assert ax.story == a.story  # Q does not exist yet: x joins P (cosine 0.47)
    aq = cl.add("q1", q)
    assert aq.is_new  # average 0.29 against P's two articles: below the join threshold
    assert cl.add("q2", q).story == aq.story
    assert not cl.refine([aq.story]).moved  # q1, q2 belong where they are
    r = cl.refine([a.story])
    assert r.moved == (("x", a.story, aq.story),) and r.emptied == ()
    assert cl.add("p2", p1).score == pytest.approx(1.0, abs=1e-5)  # P's profile is p1 alone again
    assert cl.add("q3", x).story == aq.story  # x's twin now goes to Q directly


def test_refine_empties_a_story_whose_articles_all_fit_elsewhere() -> None:
    cl = StoryClusterer(replace(RAW, merge=9.0))  # (t2 would bridge S and T: no merging here)
    a = cl.add("s", _synthetic(dict.fromkeys([1, 2, *range(20, 27)], 1.0), "s"))
    b = cl.add("t1", _synthetic(dict.fromkeys(range(1, 10), 1.0), "t1"))
    assert b.is_new  # cosine 2/9 with s
    c = cl.add("t2", _synthetic(dict.fromkeys([1, 2, 20, 21, 3, 4, 5, 6, 7], 1.0), "t2"))
    assert c.story == b.story  # 7/9 with t1 beats 4/9 with s
    assert cl.refine([b.story]).moved == ()
    r = cl.refine([a.story])  # s: (2/9 + 4/9) / 2 = 0.33 against T, alone in its own story
    assert r.moved == (("s", a.story, b.story),) and r.emptied == ((a.story, b.story),)
    assert cl.live_stories() == [b.story]


@pytest.mark.parametrize("passes", [1, 2])
def test_refine_work_follows_the_articles_placed_not_the_story_sizes(passes: int) -> None:
    cl = StoryClusterer(replace(RAW, refine_budget=1, refine_passes=passes))
    p = _synthetic(dict.fromkeys([1, 2, 3], 1.0), "p")
    x = _synthetic(dict.fromkeys([1, 2, 5, 6, 7, 8], 1.0), "x")
    q = _synthetic(dict.fromkeys(range(5, 13), 1.0), "q")
    a = cl.add("p1", p)
    assert cl.add("x", x).story == a.story
    aq = cl.add("q1", q)
    cl.add("q2", q)
    assert cl.refine([aq.story]).moved == () and cl.rescored == 2  # budget 4, Q has two members
    for k in range(2, 5):
        assert cl.add(f"p{k}", p).story == a.story
    # P now remembers five members; three articles were placed: a pass re-scores three, the
    # oldest first, so x (placed before Q existed) is among them and moves; a move earns a
    # second pass (when allowed) over P and Q, which moves nothing more
    assert cl.refine([a.story]).moved == (("x", a.story, aq.story),)
    assert cl.rescored == 2 + 3 * passes
    cl.add("p5", p)
    assert cl.refine([a.story, aq.story]).moved == () and cl.rescored == 2 + 3 * passes + 1


def _profile_part(blob: bytes) -> bytes:
    """A story state without its density part (the profile, days, keys and counts)."""
    known = state_densities(blob)[2]
    return blob[:len(blob) - struct.calcsize(_DENSITY_HEAD) - 12 * len(known)]


def test_refinement_after_restore_matches_an_uninterrupted_run() -> None:
    docs = _neus_docs(60)
    random.Random(5).shuffle(docs)
    feats = features_many([a for _, a in docs])

    def run(cl: StoryClusterer, start: int, stop: int, touched: list[int]) -> list[object]:
        out: list[object] = []
        for i in range(start, stop):
            a = cl.add(i, feats[i])
            touched.append(a.story)
            out.append(a)
            if (i + 1) % 30 == 0:
                out.append(cl.refine(touched))
                touched.clear()
        return out

    whole = StoryClusterer()
    expected = run(whole, 0, len(feats), [])
    first = StoryClusterer()
    got = run(first, 0, 90, [])
    blobs = {sid: first.state_bytes(sid) for sid in first.live_stories()}
    homes: dict[int, int] = {}
    absorbed: dict[int, int] = {}
    placed = 0
    for item in got:
        if isinstance(item, Refinement):
            homes.update({int(str(k)): dst for k, _, dst in item.moved})
            absorbed.update(dict(item.emptied))
        else:
            assert isinstance(item, Assignment)
            homes[placed] = item.story
            absorbed.update(dict.fromkeys(item.merged, item.story))
            placed += 1

    def final(sid: int) -> int:
        while sid in absorbed:
            sid = absorbed[sid]
        return sid

    second = StoryClusterer()
    for sid in sorted(blobs):
        second.restore(sid, blobs[sid])
    for i in range(90):  # oldest first, as the ingester does from the store
        second.remember(i, final(homes[i]), feats[i])
    # the restored state is the saved one: the profiles, and the densities of the story and
    # of its remembered members (the members' order may differ: the store remembers them
    # in article order)
    assert {sid: state_densities(second.state_bytes(sid)) for sid in blobs} == \
        {sid: state_densities(b) for sid, b in blobs.items()}
    assert {sid: _profile_part(second.state_bytes(sid)) for sid in blobs} == \
        {sid: _profile_part(b) for sid, b in blobs.items()}
    sizes = {sid: sum(final(h) == sid for h in homes.values()) for sid in blobs}
    big = max(blobs, key=lambda sid: sizes[sid])
    r_sum, r_n, members = state_densities(blobs[big])
    assert sizes[big] >= 2 and r_n == sizes[big] and len(members) == sizes[big] and r_sum == sum(members.values())
    got += run(second, 90, len(feats), [])
    assert got == expected
    assert whole.moves > 0


def test_clustering_quality_on_neus_triplets_and_bounded_cost() -> None:
    """A smoke check of quality (the full figures come from eval/stories.py on the val split)."""
    docs = _neus_docs(150)
    random.Random(0).shuffle(docs)
    cl = StoryClusterer(replace(Settings(), max_candidates=10))
    story = [cl.add(i, f).story for i, f in enumerate(features_many([a for _, a in docs]))]
    gold = [g for g, _ in docs]
    same = [(gold[i] == gold[j], story[i] == story[j]) for i in range(len(docs)) for j in range(i)]
    tp = sum(g and p for g, p in same)
    precision = tp / max(1, sum(p for _, p in same))
    recall = tp / sum(g for g, _ in same)
    assert precision > 0.7 and recall > 0.4, (precision, recall)
    assert cl.examined <= 10 * len(docs)


def test_time_window_separates_look_alike_events() -> None:
    text = ("A magnitude 6.1 earthquake struck off the coast of northern Chile, the geological survey said, "
            "shaking buildings in Iquique and Arica. There were no immediate reports of damage or casualties.")
    cl = StoryClusterer(RAW)
    a = cl.add(0, features(_article(text, title="Earthquake hits northern Chile", published="2024-03-01")))
    b = cl.add(1, features(_article(text.replace("6.1", "6.0"), title="Quake shakes northern Chile",
                                    published="2024-03-02")))
    assert b.story == a.story and b.score > 0.8
    far = StoryClusterer(replace(RAW, join=b.score - 0.05))
    far.add(0, features(_article(text, title="Earthquake hits northern Chile", published="2024-03-01")))
    late = far.add(1, features(_article(text.replace("6.1", "6.0"), title="Quake shakes northern Chile",
                                        published="2025-03-02")))
    assert late.is_new  # the same words a year later score TIME_PENALTY less


def test_time_penalty_grows_with_the_gap_and_is_capped() -> None:
    text = ("A magnitude 6.1 earthquake struck off the coast of northern Chile, the geological survey said, "
            "shaking buildings in Iquique and Arica. There were no immediate reports of damage or casualties.")
    first = features(_article(text, title="Earthquake hits northern Chile", published="2024-03-01"))

    def second(published: str, join: float = 0.0) -> Assignment:
        cl = StoryClusterer(replace(RAW, join=join))
        cl.add(0, first)
        return cl.add(1, features(_article(text.replace("6.1", "6.0"), title="Quake shakes northern Chile",
                                           published=published)))

    same_week = second("2024-03-05")
    raw = same_week.score  # within the window: no penalty
    assert raw > 0.8
    # 11 days after the story's last day: just outside the 7-day window
    assert second("2024-03-12").score == pytest.approx(raw - (0.1 + 0.05 * 4 / 30))
    # two months later: the full penalty; so is two years later (capped)
    assert second("2024-05-01").score == pytest.approx(raw - 0.15)
    assert second("2026-03-01").score == pytest.approx(raw - 0.15)
    # before the story's first day counts the same way
    assert second("2024-02-19").score == pytest.approx(raw - (0.1 + 0.05 * 4 / 30))
    # so a look-alike a quarter later needs more in common than a follow-up within two weeks...
    assert second("2024-05-31", join=raw - 0.12).is_new
    assert not second("2024-03-12", join=raw - 0.12).is_new
    # ...but strong follow-up coverage still joins a story however long it has been quiet
    assert not second("2026-03-01", join=raw - 0.16).is_new


def test_a_bridging_article_merges_stories() -> None:
    s = Settings(join=0.3, merge=0.3)
    cl = StoryClusterer(s)
    a = cl.add(0, features(_article("Storm Ciaran floods Cornwall harbour villages. Residents evacuated.",
                                    title="Ciaran floods Cornwall")))
    b = cl.add(1, features(_article("Ciaran wind gusts topple trees across Brittany; ferries cancelled.",
                                    title="Ciaran hits Brittany")))
    assert b.is_new and a.story != b.story
    c = cl.add(2, features(_article("Storm Ciaran floods Cornwall and topples trees across Brittany; "
                                    "ferries cancelled, residents evacuated.", title="Ciaran hits Cornwall and Brittany")))
    assert set(c.merged) | {c.story} == {a.story, b.story}
    assert len(cl) == 1


def _unrelated(n: int, start: int = 10_000) -> list[DocFeatures]:
    """``n`` articles that share no term with each other or with anything below ``start``."""
    return [_synthetic(dict.fromkeys(range(start + 5 * i, start + 5 * i + 5), 1.0), f"u{i}") for i in range(n)]


def _place(cl: StoryClusterer, feats: list[DocFeatures], prefix: str) -> list[Assignment]:
    return [cl.add(f"{prefix}{i}", f) for i, f in enumerate(feats)]


def test_an_article_in_a_crowded_topic_needs_more_in_common_to_join() -> None:
    # the same pair of articles (cosine 0.375: the topic's two words and one event word in
    # common) alone in its topic, and after five other events of that topic (cosine 0.25 with
    # each of the pair: the topic words alone), in a corpus of unrelated pairs of articles
    first = _synthetic(dict.fromkeys([1, 2, 3, *range(4, 9)], 1.0), "first")
    second = _synthetic(dict.fromkeys([1, 2, 3, *range(9, 14)], 1.0), "second")
    others = [_synthetic(dict.fromkeys([1, 2, *range(100 + 10 * k, 106 + 10 * k)], 1.0), f"o{k}") for k in range(5)]
    background = [_synthetic(dict.fromkeys(range(10_000 + 10 * i + j, 10_005 + 10 * i + j), 1.0), f"b{i}.{j}")
                  for i in range(20) for j in (0, 2)]  # pairs of cosine 0.6

    def joins(crowded: bool, settings: Settings) -> bool:
        cl = StoryClusterer(settings)
        _place(cl, background, "b")
        if crowded:
            _place(cl, others, "o")
        a = cl.add("first", first)
        return cl.add("second", second).story == a.story

    assert joins(False, Settings()) and not joins(True, Settings())
    assert joins(False, RAW) and joins(True, RAW)  # raw similarity cannot tell the two apart


def test_local_scaling_is_bounded_so_a_tight_story_grows_among_unrelated_news() -> None:
    # ten articles of one event (cosine 0.6 each pair) among 200 that share nothing: the
    # event's articles are far denser than the corpus, and unbounded scaling would cut the
    # story up once it had a few members
    core = dict.fromkeys(range(1, 7), 1.0)
    event = [_synthetic({**core, **dict.fromkeys(range(100 + 4 * j, 104 + 4 * j), 1.0)}, f"e{j}") for j in range(10)]

    def stories(settings: Settings) -> int:
        cl = StoryClusterer(settings)
        _place(cl, _unrelated(200), "u")
        return len({a.story for a in _place(cl, event, "e")})

    assert stories(Settings()) == 1
    assert stories(replace(Settings(), density_clip=9.0)) > 3


def test_a_story_state_of_the_previous_version_is_restored_with_its_density_unknown() -> None:
    feats = _unrelated(3) + [_synthetic(dict.fromkeys(range(1, 6), 1.0), "a")] * 2
    cl = StoryClusterer()
    got = [cl.add(i, f) for i, f in enumerate(feats)]
    sid = got[-1].story
    blob = cl.state_bytes(sid)
    r_sum, r_n, members = state_densities(blob)
    assert r_n == 2 and set(members) == {3, 4} and r_sum == sum(members.values()) > 0
    # version 2: the same state without the density part
    v2 = blob[:4] + struct.pack("<H", 2) + _profile_part(blob)[6:]
    old = StoryClusterer()
    old.restore(sid, v2)
    assert state_densities(old.state_bytes(sid))[:2] == (0, 0)  # unknown, not zero
    assert old.add(9, feats[-1]).story == sid  # the raw similarity decides
    assert state_densities(old.state_bytes(sid))[1] == 1  # the new article's density is known
    new = StoryClusterer()
    new.restore(sid, blob)
    assert new.add(9, feats[-1]).story == sid
    with pytest.raises(ValueError, match="bytes where its header says"):
        StoryClusterer().restore(sid, blob[:-1])
    with pytest.raises(ValueError, match="bytes where its header says"):
        StoryClusterer().restore(sid, blob[:len(_profile_part(blob)) + struct.calcsize(_DENSITY_HEAD)])
