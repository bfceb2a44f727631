"""Tests for quote groups across outlets (newsprism.compare.quotegroups).

Hand-made analyses (built from the dataclasses, or by running ``analyze`` on short
texts written here) cover each rule with a controllable fake encoder; the real
multilingual encoder checks translation variants; the seed tests read the seed
articles from ``../shared/seeds`` at run time.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pytest

from newsprism import analyze
from newsprism.analysis import Analysis
from newsprism.compare.quotegroups import (
    MAX_DAYS_APART,
    SIM_MIN,
    group_quotes,
    word_diff,
)
from newsprism.embed import load_encoder
from newsprism.model import Article, DiffSegment, Entity, OffsetMap, Quote, QuoteGroup

DIM = 64


class FakeEncoder:
    """Vectors chosen by the test for known texts; a pseudo-random one (near-orthogonal) else."""

    name = "fake"

    def __init__(self, vectors: Mapping[str, Sequence[float]] | None = None) -> None:
        self.vectors = {k: np.asarray(v, dtype=np.float32) for k, v in (vectors or {}).items()}
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        rows = []
        for t in texts:
            v = self.vectors.get(t)
            if v is None:
                v = np.random.default_rng(zlib.crc32(t.encode())).standard_normal(DIM)
            v = np.pad(v, (0, DIM - len(v)))
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), DIM)


class Pinned:
    """The real encoder, except that the texts in ``same`` all get one vector (so they group
    whatever the encoder thinks of them, and their clauses are still judged for real)."""

    name = "pinned"

    def __init__(self, real, same: set[str]) -> None:
        self.real, self.same = real, same

    def encode(self, texts: list[str]) -> np.ndarray:
        out = self.real.encode(texts)
        anchor = self.real.encode([sorted(self.same)[0]])[0]
        for i, t in enumerate(texts):
            if t in self.same:
                out[i] = anchor
        return out


def unit(*xs: float) -> list[float]:
    v = np.asarray(xs, dtype=np.float64)
    return list(v / np.linalg.norm(v))


def make_analysis(articles: Mapping[str, str | None],
                  quotes: Sequence[tuple[str, str, str, str]],
                  speakers: Mapping[str, str] | None = None) -> Analysis:
    """An analysis whose articles are just their quotes.

    ``articles``: id -> publication date (or None); ``quotes``: (article, speaker id, kind,
    text); ``speakers``: speaker id -> name.
    """
    speakers = speakers or {"ann-lee": "Ann Lee", "bo-chen": "Bo Chen"}
    texts: dict[str, list[str]] = {a: [] for a in articles}
    qs: list[Quote] = []
    counters: dict[str, int] = {}
    for article, speaker, kind, text in quotes:
        start = sum(len(t) + 2 for t in texts[article])
        texts[article].append(text)
        counters[article] = counters.get(article, 0) + 1
        qs.append(Quote(article=article, start=start, end=start + len(text), text=text, kind=kind,
                        cue="said", speaker=speaker, id=f"{article}:q{counters[article]}"))
    arts = []
    for aid, published in articles.items():
        body = "\n\n".join(texts[aid])
        arts.append(Article(id=aid, source=aid, text=body,
                            offsets=OffsetMap.from_offsets(list(range(len(body)))),
                            source_text=body, published=published))
    ents = tuple(Entity(id=k, name=v, type="PERSON", aliases=(), articles=tuple(articles))
                 for k, v in speakers.items())
    return Analysis(articles=tuple(arts), entities=ents, mentions=(), quotes=tuple(qs), dates=(),
                    numbers=(), sources_cited=(), titles=())


def group_with(groups: list[QuoteGroup], quote_id: str) -> QuoteGroup | None:
    return next((g for g in groups if quote_id in g.quotes), None)


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


# --------------------------------------------------------------------------
# word_diff
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "variant", "expected"),
    [
        ("the crisis over Ukraine", "the crisis around Ukraine",
         [("equal", "the crisis", ""), ("replace", "around", "over"), ("equal", "Ukraine", "")]),
        ("talks will start soon", "talks will certainly start soon",
         [("equal", "talks will", ""), ("insert", "certainly", ""), ("equal", "start soon", "")]),
        ("it is necessary, of course, for peace", "it is necessary for peace",
         [("equal", "it is necessary", ""), ("delete", "", "of course,"), ("equal", "for peace", "")]),
        # case and surrounding punctuation do not make a difference
        ('"Such a meeting is necessary."', "such a meeting is necessary",
         [("equal", "such a meeting is necessary", "")]),
    ],
)
def test_quotegroups_word_diff_ops(reference, variant, expected):
    got = [(s.op, s.text, s.other) for s in word_diff(reference, variant)]
    assert got == expected


def test_quotegroups_word_diff_rebuilds_the_variant():
    ref = "Such a meeting is certainly necessary for bilateral relations and regional problems"
    var = "This is how we see it. Such a meeting is necessary for bilateral ties and problems"
    segs = word_diff(ref, var)
    assert " ".join(s.text for s in segs if s.text) == var
    assert " ".join(s.other if s.op in ("delete", "replace") else s.text
                    for s in segs if s.op != "insert" and (s.text or s.other)) == ref


# --------------------------------------------------------------------------
# grouping rules (fake encoder: similarities set by the test)
# --------------------------------------------------------------------------


SAME = unit(1, 0, 0)


@pytest.mark.parametrize(
    ("second_date", "grouped"),
    [
        ("2024-03-01", True),
        ("2024-03-02", True),
        (f"2024-03-{1 + MAX_DAYS_APART:02d}", True),
        (f"2024-03-{2 + MAX_DAYS_APART:02d}", False),
        ("2024-04-20", False),
        (None, True),  # an unknown date is compatible with any
    ],
)
def test_quotegroups_time_window(second_date, grouped):
    a = make_analysis({"a": "2024-03-01", "b": second_date},
                      [("a", "ann-lee", "direct", "We want a ceasefire before the summer"),
                       ("b", "ann-lee", "direct", "We want a truce before the summer")])
    enc = FakeEncoder({"We want a ceasefire before the summer": SAME,
                       "We want a truce before the summer": SAME})
    groups = group_quotes(a, enc)
    assert (len(groups) == 1) is grouped


def test_quotegroups_needs_the_same_speaker():
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01"},
                      [("a", "ann-lee", "direct", "We want a ceasefire before the summer"),
                       ("b", "bo-chen", "direct", "We want a ceasefire before the summer")])
    assert group_quotes(a, FakeEncoder()) == []


def test_quotegroups_quotes_without_speaker_are_left_out():
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01"},
                      [("a", "ann-lee", "direct", "We want a ceasefire before the summer")])
    unlinked = Quote(article="b", start=0, end=5, text="We want a ceasefire before the summer",
                     kind="direct", speaker=None, id="b:q1")
    a = Analysis(**{**a.__dict__, "quotes": a.quotes + (unlinked,)})
    assert group_quotes(a, FakeEncoder()) == []


@pytest.mark.parametrize(
    ("similarity", "grouped"),
    [(0.95, True), (SIM_MIN + 0.02, True), (SIM_MIN - 0.05, False), (0.11, False)],
)
def test_quotegroups_similarity_threshold(similarity, grouped):
    x, y = "The sanctions will stay until the troops leave", "Sanctions remain as long as troops stay"
    other = float(np.sqrt(1 - similarity**2))
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01"},
                      [("a", "ann-lee", "indirect", x), ("b", "ann-lee", "indirect", y)])
    groups = group_quotes(a, FakeEncoder({x: unit(1, 0), y: unit(similarity, other)}))
    assert (len(groups) == 1) is grouped


def test_quotegroups_best_match_keeps_two_remarks_apart():
    # two remarks of one briefing, each rendered by both outlets; the cross pairs are above
    # SIM_MIN (same topic), but each quote's best match is its own rendering
    r1a, r2a = "Our team is already in Istanbul", "The memorandum is ready and will be handed over"
    r1b, r2b = "The delegation has arrived in Istanbul", "Moscow's memorandum has been completed"
    v1, v2 = unit(1, 0), unit(SIM_MIN + 0.01, float(np.sqrt(1 - (SIM_MIN + 0.01) ** 2)))
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01"},
                      [("a", "ann-lee", "indirect", r1a), ("a", "ann-lee", "indirect", r2a),
                       ("b", "ann-lee", "indirect", r1b), ("b", "ann-lee", "indirect", r2b)])
    groups = group_quotes(a, FakeEncoder({r1a: v1, r1b: v1, r2a: v2, r2b: v2}))
    assert sorted(g.quotes for g in groups) == [("a:q1", "b:q1"), ("a:q2", "b:q2")]


def test_quotegroups_nested_fragment_is_not_a_member():
    container = 'a meeting between the two leaders is "necessary" to settle the crisis'
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01"},
                      [("a", "ann-lee", "indirect", container),
                       ("a", "ann-lee", "direct", "necessary"),
                       ("b", "ann-lee", "direct", "A meeting of the leaders is certainly needed")])
    enc = FakeEncoder({container.strip('"'): SAME, "A meeting of the leaders is certainly needed": SAME})
    groups = group_quotes(a, enc)
    assert len(groups) == 1
    assert groups[0].quotes == ("a:q1", "b:q1")
    assert all("a:q2" not in g.quotes for g in groups)


@pytest.mark.parametrize(
    ("fragment", "grouped"),
    [
        ("we can set it up", True),  # four words, verbatim inside the other rendering
        ("set it", False),  # too short to identify an utterance
    ],
)
def test_quotegroups_verbatim_containment(fragment, grouped):
    longer = "As soon as we can set it up I would actually leave here and go"
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-02"},
                      [("a", "ann-lee", "direct", longer), ("b", "ann-lee", "direct", fragment)])
    # the fake encoder scores them as unrelated: only containment can link them
    groups = group_quotes(a, FakeEncoder())
    assert (len(groups) == 1) is grouped


def test_quotegroups_direct_and_indirect_group_with_direct_reference():
    direct = "We will not sign anything that limits our army"
    indirect = "the country would sign no document restricting its armed forces"
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01"},
                      [("a", "ann-lee", "indirect", indirect), ("b", "ann-lee", "direct", direct)])
    groups = group_quotes(a, FakeEncoder({direct: SAME, indirect: SAME}))
    assert len(groups) == 1
    g = groups[0]
    assert g.reference == "b:q1"  # the direct one, although the indirect one is longer
    assert g.diffs["b:q1"] == (DiffSegment("equal", direct),)
    assert {s.op for s in g.diffs["a:q1"]} - {"equal"}


def test_quotegroups_group_fields_and_order():
    texts = ["We want peace talks in May", "We want peace negotiations in May",
             "Sanctions must go", "Sanctions must be lifted now, she said"]
    a = make_analysis({"b": "2024-03-01", "a": "2024-03-01", "c": "2024-03-01"},
                      [("b", "ann-lee", "direct", texts[1]), ("a", "ann-lee", "direct", texts[0]),
                       ("c", "bo-chen", "direct", texts[2]), ("a", "bo-chen", "direct", texts[3]),
                       ("c", "ann-lee", "direct", "Completely unrelated remark about football")])
    enc = FakeEncoder({texts[0]: unit(1, 0), texts[1]: unit(1, 0),
                       texts[2]: unit(0, 1), texts[3]: unit(0, 1)})
    groups = group_quotes(a, enc)
    assert [g.id for g in groups] == ["qg1", "qg2"]
    assert [(g.speaker, g.speaker_name, g.quotes, g.articles) for g in groups] == [
        ("ann-lee", "Ann Lee", ("a:q1", "b:q1"), ("a", "b")),
        ("bo-chen", "Bo Chen", ("a:q2", "c:q1"), ("a", "c")),
    ]
    for g in groups:
        assert set(g.diffs) == set(g.quotes)
        assert g.reference in g.quotes
    assert group_quotes(a, enc) == groups  # deterministic


def test_quotegroups_single_encode_call():
    quotes = []
    for n in range(3):
        for art in "abc":
            for spk in ("ann-lee", "bo-chen"):
                quotes.append((art, spk, "direct", f"Remark {n} by {spk} in {art}, with a clause, and more"))
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01", "c": "2024-03-02"}, quotes)
    enc = FakeEncoder()
    group_quotes(a, enc)
    assert enc.calls == 1


def test_quotegroups_empty_inputs():
    a = make_analysis({"a": "2024-03-01"}, [("a", "ann-lee", "direct", "Only one article here")])
    enc = FakeEncoder()
    assert group_quotes(a, enc) == []


# --------------------------------------------------------------------------
# divergence
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "divergent", "reason"),
    [
        ("Both sides will free 1,000 prisoners each", "Both sides will free 900 prisoners each",
         ("a:q1", "b:q1"), "gives 1,000 where the others give 900"),  # each differs from the other
        ("The next round will be held on June 2 in Istanbul",
         "The next round will be held in Istanbul", ("a:q1",), "adds June 2, which the others do not give"),
        ("three years of war", "3 years of war", None, None),  # the same number, written two ways
        ("We will not attend the talks in Geneva", "We will attend the talks in Geneva",
         ("a:q1",), 'adds a negation ("not")'),
        ("We are ready for talks",
         "We are ready for talks, and the sanctions imposed on our banks must be lifted immediately",
         ("b:q1",), "adds \"and the sanctions imposed on our banks must be lifted immediately\""),
        ("We are ready for talks on the ceasefire", "We are ready for talks on the ceasefire",
         None, None),
    ],
)
def test_quotegroups_divergent(encoder, first, second, divergent, reason):
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01"},
                      [("a", "ann-lee", "direct", first), ("b", "ann-lee", "direct", second)])
    groups = group_quotes(a, Pinned(encoder, {first, second}))
    assert len(groups) == 1
    got = dict(groups[0].divergent)
    if divergent is None:
        assert got == {}
    else:
        assert tuple(got) == divergent
        assert reason in got[divergent[0]]


def test_quotegroups_divergent_drops_clause_the_others_carry():
    full = "The talks were useful, and the prisoner exchange will take place next week"
    short = "The talks were useful"
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01", "c": "2024-03-01"},
                      [("a", "ann-lee", "direct", full), ("b", "ann-lee", "direct", full),
                       ("c", "ann-lee", "direct", short)])
    groups = group_quotes(a, FakeEncoder({full: SAME, short: SAME}))
    assert len(groups) == 1
    got = dict(groups[0].divergent)
    assert "c:q1" in got
    assert got["c:q1"].startswith('drops "and the prisoner exchange will take place next week"')
    assert "a:q1" not in got and "b:q1" not in got


# --------------------------------------------------------------------------
# real encoder: translations and texts run through analyze()
# --------------------------------------------------------------------------


def test_quotegroups_translation_variants_with_real_encoder(encoder):
    one = "Such talks are certainly needed, both for our bilateral relations and for a frank discussion of regional problems"
    other = "These talks are definitely necessary – for relations between our two countries and for an open conversation about the region's problems"
    unrelated = "The delegation will fly to Geneva on Tuesday to prepare the next round"
    a = make_analysis({"a": "2024-03-01", "b": "2024-03-01"},
                      [("a", "ann-lee", "direct", one), ("b", "ann-lee", "direct", other),
                       ("b", "ann-lee", "direct", unrelated)])
    groups = group_quotes(a, encoder)
    assert [g.quotes for g in groups] == [("a:q1", "b:q1")]
    assert groups[0].reference == "b:q1"  # the longer direct rendering
    assert any(s.op == "replace" and "certainly needed" in s.text for s in groups[0].diffs["a:q1"])


def test_quotegroups_on_analyzed_texts(encoder):
    docs = [
        {"id": "a", "published": "2024-03-01",
         "text": 'Finance Minister Anna Berg welcomed the trade agreement on Friday.\n\n'
                 '"This agreement is a historic step for both of our nations and for the entire region," Berg said.'},
        {"id": "b", "published": "2024-03-02",
         "text": 'Anna Berg, the finance minister, praised the deal.\n\n'
                 '"The agreement is a historic step for our two nations and for the region as a whole," Berg told reporters.\n\n'
                 '"We will publish the full text of the treaty next week," Berg added.'},
        {"id": "c", "published": "2024-03-12",
         "text": 'Anna Berg repeated her view.\n\n'
                 '"This agreement is a historic step for both of our nations and for the entire region," Berg insisted.'},
    ]
    analysis = analyze(docs)
    groups = group_quotes(analysis, encoder)
    assert len(groups) == 1
    g = groups[0]
    assert g.speaker_name == "Anna Berg"
    assert g.articles == ("a", "b")  # c repeats the line ten days later: another moment
    texts = {q.id: q.text for q in analysis.quotes}
    assert all("historic step" in texts[q] for q in g.quotes)
    assert g.divergent == ()  # "both of our nations" / "our two nations" is no new claim


# --------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_groups(seeds_analysis, encoder):
    return group_quotes(seeds_analysis, encoder)


def test_quotegroups_seed_peskov_meeting_is_necessary(seeds_analysis, seed_groups):
    quotes = {q.id: q for q in seeds_analysis.quotes}
    hits = [g for g in seed_groups
            if any("Such a meeting is certainly necessary" in quotes[q].text for q in g.quotes)]
    assert len(hits) == 1
    g = hits[0]
    assert g.speaker_name == "Dmitry Peskov"
    assert [a[:3] for a in g.articles] == ["000", "001"]
    rendering = {q[:3]: q for q in g.quotes
                 if "Such a meeting is certainly necessary" in quotes[q].text}
    assert set(rendering) == {"000", "001"}
    # the reference is the longer direct rendering (000); 001's diff shows where the words differ
    assert g.reference == rendering["000"]
    diff = g.diffs[rendering["001"]]
    ops = [(s.op, s.text, s.other) for s in diff]
    assert ("replace", "around", "over") in ops  # "crisis around Ukraine" / "crisis over Ukraine"
    assert any(s.op == "replace" and "Russian-American" in s.text for s in diff)
    assert any(s.op == "insert" and "This is how we view the situation" in s.text for s in diff)
    assert any(s.op == "equal" and "Such a meeting is certainly necessary" in s.text for s in diff)


def test_quotegroups_seed_groups_are_consistent(seeds_analysis, seed_groups):
    quotes = {q.id: q for q in seeds_analysis.quotes}
    published = {a.id: a.published for a in seeds_analysis.articles}
    assert seed_groups, "the seeds quote Peskov and Trump in several outlets"
    for g in seed_groups:
        assert len(g.articles) >= 2
        assert {quotes[q].speaker for q in g.quotes} == {g.speaker}
        days = sorted(published[a] for a in g.articles)
        assert (np.datetime64(days[-1]) - np.datetime64(days[0])).astype(int) <= MAX_DAYS_APART
        # one-word fragments nested in a longer quote of the same article are not members
        assert all(len(quotes[q].text.split()) > 1 for q in g.quotes)
    # The Moscow Times piece (13 May) and the 16 May reports quote Peskov on different days
    assert not any({"000", "004"} <= {a[:3] for a in g.articles} for g in seed_groups)
