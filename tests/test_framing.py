"""Tests for the framing rows (newsprism.compare.framing) and the shipped lexicon.

Hand-made inputs are texts written here (run through ``analyze``) or dataclasses
built directly; the seed tests read the seed articles from ``../shared/seeds`` at
run time.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from newsprism import analyze
from newsprism.analysis import Analysis
from newsprism.compare.framing import (
    Lexicon,
    framing,
    load_lexicon,
    log_odds_z,
    normalize_cue,
    parse_lexicon,
)
from newsprism.model import (
    Article,
    Entity,
    Fact,
    FramingRow,
    Mention,
    OffsetMap,
    Quote,
    SourceCite,
    Variant,
)


def make_article(aid: str, text: str = "", title: str | None = None) -> Article:
    return Article(id=aid, source=aid, text=text, offsets=OffsetMap.from_offsets(list(range(len(text)))),
                   source_text=text, title=title, published="2024-03-01")


def make_analysis(texts: dict[str, str], *, entities: Sequence[Entity] = (),
                  mentions: Sequence[tuple[str, Mention]] = (), quotes: Sequence[Quote] = (),
                  sources: Sequence[SourceCite] = (), titles: Sequence[tuple[str, str, str]] = (),
                  headlines: dict[str, str] | None = None) -> Analysis:
    headlines = headlines or {}
    return Analysis(articles=tuple(make_article(a, t, headlines.get(a)) for a, t in texts.items()),
                    entities=tuple(entities), mentions=tuple(mentions), quotes=tuple(quotes),
                    dates=(), numbers=(), sources_cited=tuple(sources), titles=tuple(titles))


def mention(text: str, key: str, kind: str = "name", type_: str = "PERSON") -> Mention:
    return Mention(start=0, end=len(text), text=text, type=type_, kind=kind, key=key)


def rows_of(rows: list[FramingRow], kind: str, referent: str | None = None) -> list[FramingRow]:
    return [r for r in rows if r.kind == kind and (referent is None or r.referent == referent)]


def one_row(rows: list[FramingRow], kind: str, referent: str) -> FramingRow:
    found = rows_of(rows, kind, referent)
    assert len(found) == 1, f"expected one {kind} row for {referent!r}, got {found}"
    return found[0]


def prefixes(row: FramingRow) -> dict[str, list[str]]:
    """A row's terms with article ids shortened to their three-digit seed prefix."""
    return {t: [a[:3] for a in arts] for t, arts in row.terms.items()}


LEXICON = """\
# test lexicon
war	the war	war of aggression
war	the war	Ukraine war
war	the war	full-scale invasion
war	the war	war in Ukraine	neutral
war	the war	war		Ukrain|Russia
gaza	the Gaza war	war		Gaza|Israel
kyiv	Kyiv	Kyiv	neutral
kyiv	Kyiv	Kiev
_block	(not reported)	World War Two
"""


@pytest.fixture(scope="module")
def small_lexicon() -> Lexicon:
    return parse_lexicon(LEXICON)


# --------------------------------------------------------------------------
# the lexicon
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the longest match wins: no extra "war"
        ("Russia's war of aggression goes on.", [("war", "war of aggression")]),
        ("the Ukraine war of aggression", [("war", "war of aggression")]),  # even starting later
        ("Since the full scale invasion, Kyiv has changed.",
         [("war", "full-scale invasion"), ("kyiv", "Kyiv")]),
        # generic words count only where their context is in the sentence...
        ("The war in Ukraine goes on. The war hurt Russia.", [("war", "war in Ukraine"), ("war", "war")]),
        ("The war is over.", []),
        # ... and go to the group whose context matches
        ("The war in Gaza goes on. The war has hit Russia hard.",
         [("gaza", "war"), ("war", "war")]),
        # blocking phrases hide the words inside them
        ("Russia fought in World War Two.", []),
        # case-insensitive, whole words, plural
        ("KIEV and Kievan Rus; the wars against Ukraine", [("kyiv", "Kiev"), ("war", "war")]),
    ],
)
def test_framing_lexicon_matching(small_lexicon, text, expected):
    got = [(m.group, m.term) for m in small_lexicon.find(text)
           if not small_lexicon.group(m.group).blocking]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("war\tthe war", "needs group, referent and term"),
        ("war\tthe war\twar\tyes", "'neutral' or empty"),
        ("war\tthe war\twar\nwar\tanother label\tconflict", "has referent"),
        ("a\tx\twar\nb\ty\twar", "needs a context"),
        ("a\tx\tcease-fire\nb\ty\tcease fire", "needs a context"),
    ],
)
def test_framing_lexicon_rejects_bad_rows(text, message):
    with pytest.raises(ValueError, match=message):
        parse_lexicon(text)


def test_framing_shipped_lexicon_is_general():
    lex = load_lexicon()
    groups = [g for g in lex.groups if not g.blocking]
    assert 15 <= len(groups) <= 30
    labels = " ".join(g.referent for g in groups)
    for topic in ("Ukraine", "Gaza", "West Bank", "Taiwan", "Capitol", "immigrants", "Kyiv", "Turkey"):
        assert topic in labels
    for g in groups:
        assert len(g.terms) >= 2, g.id
        assert set(g.neutral) <= set(g.terms), g.id
    assert lex.neutral_for("Kiev") == ("Kyiv",)
    assert lex.neutral_for("Türkiye") == ("Turkey",)
    assert "war of aggression" in lex.group("ru-ua-war").terms
    assert lex.groups_of("special military operation") == ("ru-ua-war",)


# --------------------------------------------------------------------------
# pieces: attribution verbs, the log-odds score
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cue", "verb"),
    [
        ("said", "said"), ("says", "said"), ("say", "said"), ("saying", "said"), ("Said", "said"),
        ("told", "told"), ("tells", "told"), ("insisting", "insisted"), ("insists", "insisted"),
        ("stressed", "stressed"), ("noting", "noted"), ("notes", "noted"), ("add", "added"),
        ("calling", "called"), ("claimed", "claimed"), ("dismissed", "dismissed"),
        ("emphasised", "emphasized"), ("emphasizes", "emphasized"), ("announced", "announced"),
        ("admits", "admitted"), ("denies", "denied"), ("pointed out", "pointed out"),
        ("pointing out", "pointed out"), ("according to", "according to"),
        (":", None), ("-", None), ("Quote:", None), (None, None), ("", None),
    ],
)
def test_framing_normalize_cue(cue, verb):
    assert normalize_cue(cue) == verb


def test_framing_log_odds_equal_usage_scores_zero():
    z = log_odds_z({"a": {"Kyiv": 2, "Kiev": 2}, "b": {"Kyiv": 1, "Kiev": 1}})
    assert all(abs(v) < 1e-9 for v in z.values())


def test_framing_log_odds_distinctive_term_scores_high():
    z = log_odds_z({"a": {"Kiev": 5}, "b": {"Kyiv": 3}, "c": {"Kyiv": 3}})
    assert z[("a", "Kiev")] > 1.96  # a alone says Kiev: clearly distinctive
    assert z[("a", "Kyiv")] < 0 < z[("b", "Kyiv")]
    assert abs(z[("a", "Kiev")]) > abs(z[("b", "Kyiv")])  # b shares its choice with c
    # more evidence, more distinctive
    more = log_odds_z({"a": {"Kiev": 50}, "b": {"Kyiv": 30}, "c": {"Kyiv": 30}})
    assert more[("a", "Kiev")] > z[("a", "Kiev")]


# --------------------------------------------------------------------------
# rows on hand-built analyses
# --------------------------------------------------------------------------


def test_framing_name_rows_keep_spelling_variants_only():
    ents = [Entity("kyiv", "Kyiv", "GPE", ("Kiev",), ("a", "b")),
            Entity("vladimir-putin", "Vladimir Putin", "PERSON", ("Putin",), ("a", "b")),
            Entity("united-states", "United States", "GPE", ("US", "U.S."), ("a", "b")),
            Entity("volodymyr-zelensky", "Volodymyr Zelensky", "PERSON", (), ("a", "b")),
            Entity("kremlin", "Kremlin", "ORG", (), ("a", "b"))]
    ms = [("a", mention("Kiev", "kyiv", "alias", "GPE")), ("b", mention("Kyiv", "kyiv", "name", "GPE")),
          ("a", mention("Putin", "vladimir-putin", "short")),
          ("b", mention("Vladimir Putin", "vladimir-putin")),
          ("b", mention("Putin's", "vladimir-putin", "short")),
          ("a", mention("U.S.", "united-states", "alias", "GPE")),
          ("b", mention("United States", "united-states", "name", "GPE")),
          ("a", mention("US", "united-states", "alias", "GPE")),
          ("a", mention("(Volodymyr) Zelenskyy", "volodymyr-zelensky")),
          ("b", mention("Volodymyr Zelensky", "volodymyr-zelensky")),
          ("b", mention("Zelensky", "volodymyr-zelensky", "short")),
          ("a", mention("The Kremlin", "kremlin", "name", "ORG")),
          ("b", mention("Kremlin", "kremlin", "name", "ORG"))]
    rows = framing(make_analysis({"a": "", "b": ""}, entities=ents, mentions=ms), [])
    names = {r.referent: dict(r.terms) for r in rows_of(rows, "name")}
    assert names == {
        "Kyiv": {"Kiev": ("a",), "Kyiv": ("b",)},
        "Volodymyr Zelensky": {"Zelenskyy": ("a",), "Zelensky": ("b",)},
    }
    assert "neutral: Kyiv" in one_row(rows, "name", "Kyiv").note


def test_framing_name_rows_fold_a_peoples_plural():
    # "Republican" and "Republicans" are one word for one people, not a choice between outlets
    ents = [Entity("republicans", "Republicans", "NORP", ("Republican",), ("a", "b")),
            Entity("kyiv", "Kyiv", "GPE", ("Kiev",), ("a", "b"))]
    ms = [("a", mention("Republican", "republicans", "name", "NORP")),
          ("a", mention("Republicans", "republicans", "name", "NORP")),
          ("b", mention("Republican", "republicans", "name", "NORP")),
          ("a", mention("Kiev", "kyiv", "alias", "GPE")), ("b", mention("Kyiv", "kyiv", "name", "GPE"))]
    rows = framing(make_analysis({"a": "", "b": ""}, entities=ents, mentions=ms), [])
    assert [r.referent for r in rows_of(rows, "name")] == ["Kyiv"]


def test_framing_description_rows_fold_shorter_titles():
    titles = [("a", "putin", "President"), ("a", "putin", "Russian President"),
              ("b", "putin", "Kremlin leader"), ("c", "putin", "Russian President")]
    ms = [("b", mention("the Russian ruler", "putin", "description")),
          ("c", mention("the president", "putin", "description"))]
    ents = [Entity("putin", "Vladimir Putin", "PERSON", (), ("a", "b", "c"))]
    rows = framing(make_analysis({"a": "", "b": "", "c": ""}, entities=ents, mentions=ms,
                                 titles=titles), [])
    row = one_row(rows, "description", "Vladimir Putin")
    assert dict(row.terms) == {"Russian President": ("a", "c"), "Kremlin leader": ("b",),
                               "Russian ruler": ("b",)}


def test_framing_attribution_rows():
    def q(article: str, i: int, cue: str | None, speaker: str = "ann") -> Quote:
        return Quote(article=article, start=i * 10, end=i * 10 + 5, text="words", kind="direct",
                     cue=cue, cue_start=i * 10 + 6, speaker=speaker, id=f"{article}:q{i}")

    quotes = [q("a", 1, "said"), q("a", 2, "insisted"), q("b", 1, "says"), q("b", 2, "claimed"),
              q("b", 3, "Quote:"), q("c", 1, "said", "bo"), q("c", 2, "stressed", "bo")]
    ents = [Entity("ann", "Ann Lee", "PERSON", (), ("a", "b")),
            Entity("bo", "Bo Chen", "PERSON", (), ("c",))]
    rows = framing(make_analysis({"a": "", "b": "", "c": ""}, entities=ents, quotes=quotes), [])
    row = one_row(rows, "attribution", "Ann Lee")
    assert dict(row.terms) == {"said": ("a", "b"), "claimed": ("b",), "insisted": ("a",)}
    assert rows_of(rows, "attribution", "Bo Chen") == []  # quoted by one article only


def test_framing_source_rows_keep_photo_credits_apart():
    cites = [SourceCite("a", "TASS", "source", "TASS"), SourceCite("a", "RIA Novosti", "source", "RIA"),
             SourceCite("b", "Anadolu Agency", "source", "Anadolu"),
             SourceCite("a", "Getty Images", "photo", "Photo: Getty Images"),
             SourceCite("b", "AFP", "photo", "Photo: AFP")]
    rows = framing(make_analysis({"a": "", "b": ""}, sources=cites), [])
    assert dict(one_row(rows, "sources", "sources cited").terms) == {
        "Anadolu Agency": ("b",), "RIA Novosti": ("a",), "TASS": ("a",)}
    assert dict(one_row(rows, "sources", "photo credits").terms) == {
        "AFP": ("b",), "Getty Images": ("a",)}


def test_framing_source_rows_count_a_short_form_under_the_full_name():
    cites = [SourceCite("a", "The Wall Street Journal", "source", "The Wall Street Journal reported"),
             SourceCite("b", "The Wall Street Journal", "source", "The Wall Street Journal reported"),
             SourceCite("b", "Journal", "source", "the Journal reported"),
             SourceCite("a", "Reuters", "source", "Reuters")]
    rows = framing(make_analysis({"a": "", "b": ""}, sources=cites), [])
    assert dict(one_row(rows, "sources", "sources cited").terms) == {
        "The Wall Street Journal": ("a", "b"), "Reuters": ("a",)}


def test_framing_rows_need_two_terms_in_two_articles():
    texts = {"a": "Kiev or Kyiv, they wrote about Kiev.", "b": "Kiev again."}
    rows = framing(make_analysis(texts), [])
    row = one_row(rows, "lexicon", "Kyiv")
    assert dict(row.terms) == {"Kiev": ("a", "b"), "Kyiv": ("a",)}
    # one article alone using two spellings is not a difference between outlets
    assert rows_of(framing(make_analysis({"a": "Kiev or Kyiv.", "b": "Nothing here."}), []), "lexicon") == []
    # two articles using the same word are not either
    assert rows_of(framing(make_analysis({"a": "Kyiv.", "b": "Kyiv."}), []), "lexicon") == []
    # nor two articles each using both words: no outlet chose one over the other
    both = make_analysis({"a": "Kiev, or Kyiv.", "b": "Kyiv, once Kiev."})
    assert rows_of(framing(both, []), "lexicon") == []


def test_framing_lexicon_rows_note_quoted_terms_and_headlines():
    text_a = 'The minister spoke. "This special military operation will go on," he said.'
    text_b = "Russia's full-scale invasion of Ukraine continues."
    quote = Quote(article="a", start=text_a.index("This"), end=text_a.index(',"'),
                  text="This special military operation will go on", kind="direct", speaker="x", id="a:q1")
    rows = framing(make_analysis({"a": text_a, "b": text_b, "c": "Nothing."}, quotes=[quote],
                                 headlines={"c": "Kremlin presses on with the war against Ukraine"}), [])
    row = one_row(rows, "lexicon", "Russia's war in Ukraine")
    assert dict(row.terms) == {"full-scale invasion": ("b",), "special military operation": ("a",),
                               "war against Ukraine": ("c",)}
    assert "only inside quotes: special military operation (a)" in row.note
    assert "neutral: war in Ukraine" in row.note


def test_framing_on_analyzed_texts():
    docs = [
        {"id": "a", "published": "2024-03-01",
         "text": "Russian leader Vladimir Putin spoke about the Ukraine conflict on Friday, the Kremlin said.\n\n"
                 "Officials in Kiev did not comment. Putin said talks were possible."},
        {"id": "b", "published": "2024-03-01",
         "text": "Russian dictator Vladimir Putin has waged a full-scale invasion of Ukraine since 2022.\n\n"
                 "Officials in Kyiv rejected the offer. Putin claimed that talks were possible."},
    ]
    rows = framing(analyze(docs), [])
    assert dict(one_row(rows, "name", "Kyiv").terms) == {"Kiev": ("a",), "Kyiv": ("b",)}
    war = one_row(rows, "lexicon", "Russia's war in Ukraine")
    assert dict(war.terms) == {"Ukraine conflict": ("a",), "full-scale invasion": ("b",)}
    assert dict(one_row(rows, "description", "Vladimir Putin").terms) == {
        "Russian leader": ("a",), "Russian dictator": ("b",)}
    assert dict(one_row(rows, "attribution", "Vladimir Putin").terms) == {
        "said": ("a",), "claimed": ("b",)}
    assert rows_of(rows, "name", "Vladimir Putin") == []  # "Putin" is not a variant of the name
    assert rows == sorted(rows, key=lambda r: (-r.score, r.referent.casefold(), r.kind))
    assert framing(analyze(docs), []) == rows  # deterministic


# --------------------------------------------------------------------------
# aligned facts
# --------------------------------------------------------------------------


def fact(fid: str, *variants: tuple[str, str]) -> Fact:
    vs = tuple(Variant(article=a, statement=f"{a}:s{fid}", text=t, start=0, end=len(t)) for a, t in variants)
    return Fact(id=fid, text=variants[0][1], status="corroborated",
                articles=tuple(dict.fromkeys(a for a, _ in variants)), variants=vs, outlets=len(vs))


ALIGNED_FACTS = [
    fact("f1", ("a", "The delegations held talks in Istanbul on Friday."),
         ("b", "The delegations held negotiations in Istanbul on Friday.")),
    fact("f2", ("a", "The talks ended after two hours, officials said."),
         ("b", "The negotiations ended after two hours, officials said.")),
    # a one-off substitution that the lexicon lists
    fact("f3", ("a", "Officials in Kiev welcomed the exchange."),
         ("b", "Officials in Kyiv welcomed the exchange.")),
    # a one-off substitution the lexicon does not list
    fact("f4", ("a", "The mood was tense at the palace."), ("b", "The mood was calm at the palace.")),
    # numbers are conflicts, not word choice
    fact("f5", ("a", "About 1,000 prisoners were freed."), ("b", "About 2,000 prisoners were freed.")),
    fact("f6", ("a", "The prisoners were 1,000 men in total."), ("b", "The prisoners were 2,000 men in total.")),
    # a fact with one article's variants only
    fact("f7", ("a", "The talks began."), ("a", "The negotiations began.")),
]


def test_framing_aligned_rows_from_facts():
    rows = rows_of(framing(make_analysis({"a": "", "b": ""}), ALIGNED_FACTS), "aligned")
    by_ref = {r.referent: r for r in rows}
    assert set(by_ref) == {"negotiations / talks", "Kiev / Kyiv"}
    talks = by_ref["negotiations / talks"]
    assert dict(talks.terms) == {"negotiations": ("b",), "talks": ("a",)}
    assert "f1, f2" in talks.note
    kyiv = by_ref["Kiev / Kyiv"]
    assert dict(kyiv.terms) == {"Kiev": ("a",), "Kyiv": ("b",)}
    assert "lexicon group kyiv" in kyiv.note and "neutral: Kyiv" in kyiv.note


def test_framing_works_without_facts():
    analysis = make_analysis({"a": "Kiev.", "b": "Kyiv."})
    assert framing(analysis, []) == framing(analysis)
    assert rows_of(framing(analysis, []), "aligned") == []


# --------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_rows(seeds_analysis):
    return framing(seeds_analysis, [])


def test_framing_seed_place_and_person_spellings(seed_rows):
    assert prefixes(one_row(seed_rows, "name", "Kyiv")) == {"Kiev": ["003"], "Kyiv": ["004"]}
    turkey = prefixes(one_row(seed_rows, "name", "Turkey"))
    assert set(turkey) == {"Türkiye", "Turkey"}
    assert "002" in turkey["Türkiye"] and "003" in turkey["Türkiye"]
    assert "000" in turkey["Turkey"] and "004" in turkey["Turkey"]
    assert prefixes(one_row(seed_rows, "name", "Volodymyr Zelensky")) == {
        "Zelensky": ["004"], "Zelenskyy": ["002"]}
    # the lexicon finds the same pair: it is shown once, as the entity's name row
    assert rows_of(seed_rows, "lexicon", "Kyiv") == []
    assert sum(set(r.terms) == {"Kiev", "Kyiv"} for r in seed_rows) == 1
    # a surname alone is not a framing choice
    assert rows_of(seed_rows, "name", "Vladimir Putin") == []
    assert rows_of(seed_rows, "name", "Dmitry Peskov") == []


def test_framing_seed_descriptions_of_putin(seed_rows):
    terms = prefixes(one_row(seed_rows, "description", "Vladimir Putin"))
    assert terms["Kremlin leader"] == ["001"]
    assert terms["Russian ruler"] == ["001"]
    assert "001" not in terms["Russian President"]
    assert {"000", "003", "004"} <= set(terms["Russian President"])
    assert {"003", "004"} <= set(terms["Russian leader"])


def test_framing_seed_terms_for_the_war(seed_rows):
    terms = prefixes(one_row(seed_rows, "lexicon", "Russia's war in Ukraine"))
    assert terms["war of aggression"] == ["001"]
    assert terms["full-scale invasion"] == ["004"]
    assert terms["Ukraine conflict"] == ["003"]
    assert terms["crisis over Ukraine"] == ["000"]
    assert terms["crisis around Ukraine"] == ["001"]
    assert "war" not in terms or "000" not in terms["war"]  # "World War Two" is not this war
    row = one_row(seed_rows, "lexicon", "Russia's war in Ukraine")
    assert "only inside quotes" in row.note and "crisis over Ukraine (000" in row.note


def test_framing_seed_attribution_verbs_for_peskov(seed_rows):
    terms = prefixes(one_row(seed_rows, "attribution", "Dmitry Peskov"))
    assert {"000", "004"} <= set(terms["said"])
    assert terms["announced"] == ["003"]
    assert terms["stressed"] == ["001"]
    assert "004" in terms["told"]
    assert not {"says", "say", "saying", "add", "calling", "Quote:"} & set(terms)


def test_framing_seed_sources_and_order(seed_rows):
    sources = prefixes(one_row(seed_rows, "sources", "sources cited"))
    assert sources["TASS"] == ["001"] and sources["Anadolu Agency"] == ["002"]
    assert "Getty Images" not in sources
    for r in seed_rows:
        articles = {a for arts in r.terms.values() for a in arts}
        assert len(r.terms) >= 2 and len(articles) >= 2
        assert r.score > 0
    assert seed_rows == sorted(seed_rows, key=lambda r: (-r.score, r.referent.casefold(), r.kind))


def test_framing_lexicon_referents_use_the_entities_canonical_names():
    # the framing table and the entity table must call one person or place by one name
    # (the lexicon said "Volodymyr Zelenskyy" where the entities say "Volodymyr Zelensky")
    from newsprism.annotate.aliases import load_aliases

    aliases = load_aliases()
    for g in load_lexicon().groups:
        name = g.referent.removeprefix("the ")  # "the West Bank"
        hit = aliases.lookup(name)
        if hit is not None and hit.type in ("PERSON", "GPE"):
            assert hit.canonical == name, (g.id, g.referent, hit.canonical)
