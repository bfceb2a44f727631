"""Tests for the pair judge (newsprism.compare.judge): the shipped weights load and fit the
features the code computes, and the probability moves the way a reader expects -- a paraphrase
is the same claim, the same topic with another actor and verb is not, the same speaker two weeks
later is not, and numbers that disagree lower it.

Statements are built by hand (no ../shared); the embeddings are the default encoder's, loaded
once for the module (~1-2 s).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsprism.compare import judge as judge_mod
from newsprism.compare.judge import (
    FEATURES,
    JudgeWeightsError,
    load_judge,
    pair_features,
    pair_features_many,
    same_claim_probabilities,
    same_claim_probability,
    statement_when,
    time_gap_days,
)
from newsprism.embed import Encoder, load_encoder
from newsprism.model import Mention, Statement


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return load_encoder()


def st(article: str, text: str, **slots: object) -> Statement:
    return Statement(id=f"{article}:s1", article=article, start=0, end=len(text), text=text,
                     sentence=0, **slots)  # type: ignore[arg-type]


def probability(encoder: Encoder, a: Statement, b: Statement, **when: tuple[str, ...]) -> float:
    va, vb = encoder.encode([a.text, b.text])
    return same_claim_probability(pair_features(a, b, float(va @ vb), **when))


# --- the weights file -------------------------------------------------------------------------


def test_shipped_weights_load_and_name_the_features_the_code_computes() -> None:
    judge = load_judge()
    assert judge.features == FEATURES
    assert judge.weights.shape == (len(FEATURES),)
    assert 0 < judge.possible < judge.threshold < 1
    row = pair_features(st("a", "Prices rose."), st("b", "Prices fell."), 0.5)
    assert row.shape == (len(FEATURES),)
    text = Path(judge_mod.__file__).parent.parent.joinpath("data", "judge.json").read_text("utf-8")
    data = json.loads(text)
    assert data["command"].startswith("python eval/train_judge.py")
    assert set(data["how_set"]) == set(FEATURES)


def _shipped() -> dict[str, object]:
    path = Path(judge_mod.__file__).parent.parent / "data" / "judge.json"
    data: dict[str, object] = json.loads(path.read_text("utf-8"))
    return data


def test_weights_file_without_a_computed_feature_is_a_clear_error(tmp_path: Path) -> None:
    data = _shipped()
    features = [f for f in FEATURES if f != "time_gap"]
    data["features"] = features
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(JudgeWeightsError) as err:
        load_judge(str(path))
    assert str(path) in str(err.value)
    assert "time_gap" in str(err.value)


def test_weights_file_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(JudgeWeightsError, match="broken.json"):
        load_judge(str(path))
    with pytest.raises(JudgeWeightsError, match="missing.json"):
        load_judge(str(tmp_path / "missing.json"))


def test_weights_file_with_thresholds_out_of_order_is_refused(tmp_path: Path) -> None:
    data = _shipped()
    data["possible"], data["threshold"] = 0.9, 0.5
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(JudgeWeightsError, match="possible"):
        load_judge(str(path))


def test_the_sure_probability_is_read_and_checked(tmp_path: Path) -> None:
    """judge.json's "sure" (a corroboration at or above it is shown as sure, under it as
    likely) lies at or above the "same claim" threshold; a weights file without it reads every
    corroboration as sure; one below the threshold is refused, naming the file."""
    judge = load_judge()
    assert judge.threshold < judge.sure < 1
    data = _shipped()
    del data["sure"]
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    older = load_judge(str(path))
    assert older.sure == older.threshold
    data["sure"] = float(data["threshold"]) - 0.1  # type: ignore[arg-type]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(JudgeWeightsError, match="sure") as err:
        load_judge.__wrapped__(str(path))
    assert str(path) in str(err.value)


# --- what the probability says ---------------------------------------------------------------


def test_paraphrase_is_the_same_claim(encoder: Encoder) -> None:
    a = st("a", "The central bank raised interest rates by half a point on Tuesday.",
           entities=("central-bank",), actors=("central-bank",), numbers=((0.5, "point"),),
           dates=("2024-06-04",))
    b = st("b", "On Tuesday the central bank increased interest rates by half a percentage point.",
           entities=("central-bank",), actors=("central-bank",),
           numbers=((0.5, "percentage point"),), dates=("2024-06-04",))
    assert probability(encoder, a, b) >= load_judge().threshold


def test_background_in_other_words_is_at_least_possibly_the_same(encoder: Encoder) -> None:
    # issue 22: 004's "last held direct talks in Istanbul in March 2022" was called unique though
    # 000 says they "had not met face-to-face" since then: a reader would not call it omitted
    a = st("a", "The two sides last held direct talks in Istanbul in March 2022.",
           entities=("istanbul",), dates=("2022-03",))
    for other in ("Russian and Ukrainian negotiators last met face to face in Istanbul in March 2022.",
                  "The two sides have not held direct talks in Istanbul since March 2022."):
        b = st("b", other, entities=("istanbul",), dates=("2022-03",), negated="not" in other)
        assert probability(encoder, a, b) >= load_judge().possible, other


def test_same_topic_different_claim_is_not_the_same_claim(encoder: Encoder) -> None:
    a = st("a", "Trump's tax plan cuts rates.", entities=("donald-trump",), actors=("donald-trump",))
    b = st("b", "Clinton's tax plan raises rates.", entities=("hillary-clinton",),
           actors=("hillary-clinton",))
    assert probability(encoder, a, b) < load_judge().threshold
    # the actors are what tell them apart: the same two texts with one actor are closer
    one_actor = st("c", b.text, entities=("donald-trump",), actors=("donald-trump",))
    assert probability(encoder, a, one_actor) > probability(encoder, a, b)


def test_same_speaker_two_weeks_apart_is_lower_than_on_the_same_day(encoder: Encoder) -> None:
    said = ("Dmitry Peskov said a meeting between Putin and Trump is necessary but needs "
            "careful preparation.")
    again = "Peskov said a meeting between Putin and Trump was necessary and had to be prepared."
    a = st("a", said, entities=("dmitry-peskov", "putin", "trump"), speaker="dmitry-peskov")
    b = st("b", again, entities=("dmitry-peskov", "putin", "trump"), speaker="dmitry-peskov")
    same_day = probability(encoder, a, b, when_a=("2025-05-16",), when_b=("2025-05-16",))
    next_day = probability(encoder, a, b, when_a=("2025-05-16",), when_b=("2025-05-17",))
    two_weeks = probability(encoder, a, b, when_a=("2025-05-16",), when_b=("2025-05-30",))
    judge = load_judge()
    assert same_day >= judge.threshold
    assert next_day == pytest.approx(same_day)  # a day's slack: publication dates differ
    assert two_weeks < same_day
    assert two_weeks < judge.threshold


def test_numbers_that_disagree_lower_the_probability(encoder: Encoder) -> None:
    a = st("a", "At least 12 people were killed in the attack, police said.",
           numbers=((12.0, "people"),))
    agree = st("b", "Police said the attack killed 12 people.", numbers=((12.0, "people"),))
    disagree = st("c", "Police said the attack killed 40 people.", numbers=((40.0, "people"),))
    assert probability(encoder, a, disagree) < probability(encoder, a, agree)
    # the slots alone, text held fixed
    same_text = st("d", agree.text, numbers=((40.0, "people"),))
    assert probability(encoder, a, same_text) < probability(encoder, a, agree)


# --- the parts ----------------------------------------------------------------------------------


def test_many_pairs_give_the_rows_of_single_pairs(encoder: Encoder) -> None:
    sts = [st("a", "The central bank raised interest rates by half a point.", numbers=((0.5, "point"),)),
           st("b", "Interest rates went up half a point, the central bank said.", speaker="bank"),
           st("c", "The bank left rates unchanged.", negated=True, dates=("2024-06-01",))]
    vecs = encoder.encode([s.text for s in sts])
    pairs = [(0, 1), (0, 2), (1, 2)]
    when = [statement_when(s, "2024-06-03") for s in sts]
    rows = pair_features_many(sts, vecs, pairs, when)
    for row, (i, j) in zip(rows, pairs, strict=True):
        single = pair_features(sts[i], sts[j], float(vecs[i] @ vecs[j]), when_a=when[i], when_b=when[j])
        assert row == pytest.approx(single, abs=1e-6)
    probs = same_claim_probabilities(rows)
    assert probs.shape == (3,) and np.all((probs > 0) & (probs < 1))
    assert pair_features_many(sts, vecs, []).shape == (0, len(FEATURES))


def test_statement_time_is_its_own_date_else_the_publication_day() -> None:
    assert statement_when(st("a", "x", dates=("2022-03",)), "2025-05-30") == ("2022-03",)
    assert statement_when(st("a", "x"), "2025-05-30T09:00:00") == ("2025-05-30",)
    assert statement_when(st("a", "x")) == ()
    # background aligns with background: a month holds its days
    assert time_gap_days(("2022-03",), ("2022-03-15",)) == 0
    assert time_gap_days(("2025-05-16",), ("2025-05-30",)) == 14
    assert time_gap_days(("2025",), ("2024-12-31",)) == 1
    assert time_gap_days((), ("2025-05-30",)) is None


def test_a_claim_made_over_time_spans_the_month_up_to_its_article() -> None:
    # "has repeatedly said" with no date of its own: any day of the 30 before publication
    said = st("a", "x", repeated=True)
    assert statement_when(said, "2025-05-16") == ("2025-04-16/2025-05-16",)
    assert time_gap_days(statement_when(said, "2025-05-16"), ("2025-05-12",)) == 0
    # ... but not a day after its article: two weeks later is still two weeks later
    assert time_gap_days(statement_when(said, "2025-05-16"), ("2025-05-30",)) == 14
    # its own date wins
    assert statement_when(st("a", "x", repeated=True, dates=("2025-05-02",)), "2025-05-16") == ("2025-05-02",)


def test_a_day_apart_counts_when_both_name_their_own_day() -> None:
    # inferred from publication days, a day or two apart is within the grace; named days are not
    a, b = st("a", "Trump said he would meet Putin."), st("b", "Trump said he would meet Putin.")
    loose = pair_features(a, b, 0.9, when_a=("2025-05-15",), when_b=("2025-05-16",))
    named = pair_features(st("a", a.text, dates=("2025-05-15",)), st("b", b.text, dates=("2025-05-16",)), 0.9,
                          when_a=("2025-05-15",), when_b=("2025-05-16",))
    gap = FEATURES.index("time_gap")
    assert loose[gap] == 0
    assert named[gap] > 0


def test_a_capital_stands_for_its_country_as_an_actor() -> None:
    disjoint = FEATURES.index("actors_disjoint")
    a = st("a", "Delegations from Moscow and Kiev last met in Istanbul.", actors=("moscow", "kyiv"),
           entities=("istanbul", "kyiv", "moscow"))
    b = st("b", "Russia and Ukraine held talks in the Turkish city.", actors=("russia", "ukraine"),
           entities=("russia", "ukraine"))
    c = st("c", "France and Germany held talks in the Turkish city.", actors=("france", "germany"),
           entities=("france", "germany"))
    assert pair_features(a, b, 0.5)[disjoint] == 0
    assert pair_features(a, c, 0.5)[disjoint] == 1
    assert judge_mod.capitals()["kremlin"] == "russia"


def test_negation_compares_the_verbs_both_claims_use() -> None:
    mismatch = FEATURES.index("negation_mismatch")
    willing = st("a", "Trump said he was willing to join the talks, insisting nothing would happen until they meet.",
                 negated=True, verbs=(("happen", True), ("insist", False), ("join", False), ("say", False)))
    would = st("b", "Trump said he would join the talks.", verbs=(("join", False), ("say", False)))
    refused = st("c", "Trump said he would not join the talks.", negated=True,
                 verbs=(("join", True), ("say", False)))
    assert pair_features(willing, would, 0.6)[mismatch] == 0  # they agree on "join"
    assert pair_features(would, refused, 0.6)[mismatch] == 1
    # no verb in common (saying aside): one negated, one not
    assert pair_features(st("a", "x", negated=True, verbs=(("pay", True),)),
                         st("b", "y", verbs=(("arrive", False),)), 0.6)[mismatch] == 1


def test_a_statement_quoted_word_for_word_inside_another_is_the_same_claim(encoder: Encoder) -> None:
    within = FEATURES.index("verbatim_within")
    part = st("a", "Such a meeting is certainly necessary.")
    whole = st("b", "Such a meeting is certainly necessary – both for bilateral relations and for a serious "
                    "conversation at the highest level on international and regional issues.")
    assert pair_features(part, whole, 0.4)[within] == 1
    assert probability(encoder, part, whole) >= load_judge().threshold
    # too short to say it is the same claim ("the talks will go on" is in many statements)
    assert pair_features(st("a", "The talks will go on."), st("b", "He said the talks will go on, but "
                                                                  "not in Istanbul."), 0.4)[within] == 0
    # the same words in another order are not a quotation of them
    assert pair_features(part, st("b", "Certainly such a meeting is necessary for both sides and the region."),
                         0.4)[within] == 0


def test_an_institution_and_its_spokesperson_are_one_voice(encoder: Encoder) -> None:
    """"The Kremlin said" and "Peskov said" are one voice when the run names Peskov the
    Kremlin's spokesman (``speaks_for``); without that, two speakers who differ."""
    kremlin = st("a", "The Kremlin said on Friday that a meeting between Putin and Trump was essential.",
                 entities=("kremlin", "vladimir-putin", "donald-trump"), actors=("kremlin",), speaker="kremlin")
    peskov = dict(entities=("dmitry-peskov", "vladimir-putin", "donald-trump"), actors=("dmitry-peskov",),
                  speaker="dmitry-peskov")
    text = "Peskov said that a meeting between Putin and Trump is necessary."
    apart, one = st("b", text, **peskov), st("b", text, **peskov, speaks_for=("kremlin",))
    names = list(FEATURES)
    row_apart = pair_features(kremlin, apart, 0.6)
    row_one = pair_features(kremlin, one, 0.6)
    assert row_apart[names.index("speaker_differs")] == 1 and row_apart[names.index("actors_disjoint")] == 1
    assert row_one[names.index("speaker_same")] == 1 and row_one[names.index("speaker_differs")] == 0
    assert row_one[names.index("actors_disjoint")] == 0
    assert probability(encoder, kremlin, one) > probability(encoder, kremlin, apart) + 0.1
    # another spokesperson of another institution is still another voice
    other = st("b", text, **{**peskov, "speaker": "maria-zakharova", "actors": ("maria-zakharova",)},
               speaks_for=("foreign-ministry",))
    assert pair_features(kremlin, other, 0.6)[names.index("speaker_differs")] == 1


def test_a_quotation_found_in_the_other_statement_is_verbatim(encoder: Encoder) -> None:
    """A paraphrase that quotes a phrase of six words or more, and the quote itself: the same
    words of the same speaker (issue 22: "as soon as we can set it up")."""
    from newsprism.compare.judge import verbatim_pairs

    names = list(FEATURES)
    para = st("a", 'Trump said on Friday he would like to meet Putin "as soon as we can set it up".',
              speaker="donald-trump")
    quote = st("a", '"As soon as we can set it up I would actually leave here and go," Trump said.',
               speaker="donald-trump")
    short = st("b", 'Trump said he was "not a fan" of the plan to meet Putin soon.', speaker="donald-trump")
    assert pair_features(para, quote, 0.5)[names.index("verbatim_within")] == 1
    assert pair_features(quote, para, 0.5)[names.index("verbatim_within")] == 1
    assert pair_features(short, quote, 0.5)[names.index("verbatim_within")] == 0  # three quoted words
    assert probability(encoder, para, quote) > 0.8
    assert verbatim_pairs([para, short, quote]) == [(0, 2)]


def test_the_same_voice_doing_the_same_thing_is_the_same_claim(encoder: Encoder) -> None:
    """One person reported twice doing one thing ("was willing to fly to Oslo to join the
    talks" / "told reporters he would join the Oslo talks") is the same claim though the
    wordings share little; another person, or only a verb of saying in common, is not lifted."""
    slots = dict(entities=("alan-brisk",), actors=("alan-brisk",), speaker="alan-brisk")
    willing = st("a", "Brisk has repeatedly said he was willing to fly to Oslo to join the first direct "
                      "talks in years, insisting nothing would change before he met the minister.",
                 verbs=(("say", False), ("be", False), ("fly", False), ("join", False), ("insist", False),
                        ("change", True), ("meet", False)), **slots)
    would = st("b", "Brisk, who is touring the region this week, told reporters on Monday that he would "
                    "join the Oslo talks if it helped.",
               verbs=(("tell", False), ("join", False), ("help", False)), **slots)
    names = list(FEATURES)
    row = pair_features(willing, would, 0.4)
    assert row[names.index("voice_predicate")] == 1
    judge = load_judge()
    without = row.copy()
    without[names.index("voice_predicate")] = 0
    assert same_claim_probability(without) < judge.threshold <= same_claim_probability(row)
    # another speaker joining the same talks is another claim's evidence: not lifted
    other = st("b", would.text.replace("Brisk", "Lund"), verbs=would.verbs, entities=("eva-lund",),
               actors=("eva-lund",), speaker="eva-lund")
    assert pair_features(willing, other, 0.4)[names.index("voice_predicate")] == 0
    # saying is not doing: the same speaker with only a verb of saying in common
    says = st("b", "Brisk told reporters that the weather in the region was mild.",
              verbs=(("tell", False), ("be", False)), **slots)
    assert pair_features(willing, says, 0.4)[names.index("voice_predicate")] == 0
    # within one article the speaker's statements share their verbs as a rule: not lifted
    same_article = st("a", would.text, verbs=would.verbs, **slots)
    same_article = Statement(**{**same_article.__dict__, "id": "a:s2", "start": 500, "end": 580})
    assert pair_features(willing, same_article, 0.4)[names.index("voice_predicate")] == 0


def _at(s: Statement, start: int, sid: str) -> Statement:
    return Statement(**{**s.__dict__, "id": sid, "start": start, "end": start + len(s.text)})


def test_also_of_the_same_verb_in_one_article_is_another_instance(encoder: Encoder) -> None:
    """"A meeting of X began ... A meeting of Y also began": "also" tells the verb of something
    more, a second meeting, not the first one told again; the pair falls below "possibly"."""
    first = _at(st("a", "On Friday, a meeting of delegates from Norway, Chile and Peru began in Lisbon.",
                   verbs=(("begin", False),), verb="begin"), 0, "a:s1")
    also = _at(st("a", "A meeting with the delegates of Peru and the Republic of Ghana also began.",
                  verbs=(("begin", False),), verb="begin"), 80, "a:s2")
    names = list(FEATURES)
    row = pair_features(first, also, 0.6)
    assert row[names.index("another_instance")] == 1
    plain = row.copy()
    plain[names.index("another_instance")] = 0
    judge = load_judge()
    assert same_claim_probability(plain) >= judge.threshold > judge.possible > same_claim_probability(row)
    # order matters: the earlier statement's "also" points further back, not at the later one
    assert pair_features(_at(also, 0, "a:s1"), _at(first, 90, "a:s2"), 0.6)[names.index("another_instance")] == 0
    # across articles an "also" adds to its own article's telling: no evidence
    other = Statement(**{**also.__dict__, "id": "b:s2", "article": "b"})
    assert pair_features(first, other, 0.6)[names.index("another_instance")] == 0
    # "also said" repeats a saying, and what it says may be the first claim again
    said = _at(st("a", "The minister also said that the meeting began late in Lisbon.",
                  verbs=(("say", False), ("begin", False)), verb="say"), 80, "a:s2")
    assert pair_features(first, said, 0.6)[names.index("another_instance")] == 0


# --- names read as their entities' (Statement.renames) ---------------------------------------


def _mention(text: str, whole: str, key: str, kind: str = "name", type_: str = "GPE") -> Mention:
    start = whole.index(text)
    return Mention(start, start + len(text), text, type_, kind, key)


def test_a_capital_that_acts_is_read_as_its_country_and_a_variant_spelling_as_the_name() -> None:
    from newsprism.compare.statements import renames

    text = "Delegations from Moscow and Kiev last met in Istanbul, while Türkiye hosted them."
    inside = [_mention("Moscow", text, "moscow"), _mention("Kiev", text, "kyiv", kind="alias"),
              _mention("Istanbul", text, "istanbul"), _mention("Türkiye", text, "turkey", kind="alias")]
    names = {"moscow": "Moscow", "kyiv": "Kyiv", "istanbul": "Istanbul", "turkey": "Turkey"}
    got = dict(renames(text, inside, names, ()))
    assert got == {"Moscow": "Russia", "Kiev": "Ukraine", "Türkiye": "Turkey"}
    s = st("a", text, renames=renames(text, inside, names, ()))
    assert s.compared == "Delegations from Russia and Ukraine last met in Istanbul, while Turkey hosted them."
    assert s.text == text  # what the reader sees is as written


def test_a_capital_where_something_happens_and_an_abbreviation_stay_as_written() -> None:
    from newsprism.compare.statements import renames

    text = "WASHINGTON (AP) — U.S. envoys met in Kyiv and at Moscow's request flew on to Kiev."
    inside = [_mention("WASHINGTON", text, "washington"), _mention("U.S.", text, "united-states", kind="alias"),
              _mention("Kyiv", text, "kyiv"), _mention("Moscow", text, "moscow")]
    place_of_kiev = (text.index("Kiev"), text.index("Kiev") + 4)
    inside.append(Mention(place_of_kiev[0], place_of_kiev[1], "Kiev", "GPE", "alias", "kyiv"))
    names = {"kyiv": "Kyiv", "united-states": "United States", "moscow": "Moscow", "washington": "Washington"}
    got = dict(renames(text, inside, names, (place_of_kiev,)))
    # a dateline and an abbreviation stay; "in Kyiv" is where; "at Moscow's request": Moscow acts
    # after "at" too, but a capital after a locative preposition is read as a place (kept)
    assert "WASHINGTON" not in got and "U.S." not in got and "Kyiv" not in got and "Moscow" not in got
    # a variant spelling at a place is still the place's own name
    assert got == {"Kiev": "Kyiv"}
    s = st("a", text, renames=tuple(got.items()))
    assert s.compared.endswith("flew on to Kyiv.")
