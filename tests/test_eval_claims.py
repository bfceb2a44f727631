"""eval/claims.py: the claim groups made by reading, and the pairwise score against them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import EVAL_DATA

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
from claims import (  # noqa: E402
    JUDGMENTS,
    Group,
    Member,
    StoryLabels,
    check_story,
    gold_pairs,
    load_labels,
    neus_lines,
    one_wording_ceiling,
    predicted_pairs,
    prf,
    short_hash,
    split_sentences,
    wrong_omissions,
)

# two fake outlets' articles of one story, written for this test
A = ("Mr. Smith said on Monday the plant will close. The U.S. Senate has not voted. "
     "\"It is over,\" he said.")
B = "The plant will close, Smith said Monday. Senators are yet to vote. Workers were surprised."


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def member(k: int, text: str, j: int) -> Member:
    a, b = split_sentences(text)[j]
    return Member(k, a, b, short_hash(text[a:b]))


def story(groups: list[list[tuple[int, int]]]) -> StoryLabels:
    texts = (A, B)
    return StoryLabels("test", "train", 0, "", ((len(A), ""), (len(B), "")),
                       tuple(Group(tuple(member(k, texts[k], j) for k, j in g)) for g in groups))


def span(k: int, j: int) -> tuple[int, int, int]:
    """A variant covering (the middle of) sentence j of article k."""
    a, b = split_sentences((A, B)[k])[j]
    return (k, a + 2, b - 2)


SPANS = [split_sentences(A), split_sentences(B)]


def test_the_splitter_keeps_titles_abbreviations_and_quotes_whole():
    assert sentences(A) == ["Mr. Smith said on Monday the plant will close.",
                            "The U.S. Senate has not voted.", "\"It is over,\" he said."]
    assert sentences("He met H.R. McMaster. Then he left.") == ["He met H.R. McMaster.",
                                                                 "Then he left."]
    assert sentences("It rose 2.5 percent. Shares fell.") == ["It rose 2.5 percent.", "Shares fell."]


def test_a_perfect_prediction_scores_one_and_a_chained_wrong_pair_lowers_precision():
    gold = gold_pairs(story([[(0, 0), (1, 0)], [(0, 1), (1, 1)]]))
    assert len(gold) == 2
    right, unmapped = predicted_pairs("test-train-0", [[span(0, 0), span(1, 0)],
                                                       [span(0, 1), span(1, 1)]], SPANS)
    assert unmapped == 0
    assert prf(right, gold)["p"] == 1.0 and prf(right, gold)["r"] == 1.0
    # one fact that chains the plant's closing and the vote through article A's two sentences:
    # (A0, B0) and (A1, B1) are right, (A0, B1) and (A1, B0) are not
    chained, _ = predicted_pairs("test-train-0", [[span(0, 0), span(1, 0), span(0, 1),
                                                   span(1, 1)]], SPANS)
    score = prf(chained, gold)
    assert score["r"] == 1.0 and score["p"] == 0.5
    # two sentences of one article in one fact are no pair; an unplaced variant is counted
    same, unmapped = predicted_pairs("test-train-0", [[span(0, 0), span(0, 1), (1, -1, -1)]],
                                     SPANS)
    assert same == set() and unmapped == 1


def test_a_group_of_one_article_is_refused_naming_the_file(tmp_path):
    bad = tmp_path / "claims.jsonl"
    bad.write_text('{"set": "neus_allsides", "split": "train", "line": 1, "sha": "x", '
                   '"articles": [], "groups": [{"members": [[0, 0, 5, "ab"], [0, 6, 9, "cd"]]}]}\n')
    with pytest.raises(SystemExit, match=r"claims\.jsonl:1: .*fewer than two articles"):
        load_labels(bad)


def test_the_judgments_load_and_every_group_spans_two_articles():
    labels = load_labels(JUDGMENTS)
    assert len(labels) >= 20
    assert len({s.key for s in labels}) == len(labels)
    assert sum(len(s.groups) for s in labels) >= 40
    for s in labels:
        for g in s.groups:
            assert len({m.article for m in g.members}) >= 2
            assert all(m.end > m.start and len(m.sha) == 10 for m in g.members)
            assert len(g.note) <= 120  # a note in our own words, not the article's text


def test_the_judge_is_fitted_on_the_first_stories_and_the_later_ones_are_held_out():
    """eval/train_judge.py fits on the stories of FIT_LINES; the ones read after (round 15) are
    scored as stories the judge never saw, so neither set may be empty and none is in both."""
    from claims import FIT_LINES

    labels = load_labels(JUDGMENTS)
    fitted = [s for s in labels if s.fitted]
    held = [s for s in labels if not s.fitted]
    assert len(fitted) >= 20 and len(held) >= 20
    assert all(s.line in FIT_LINES for s in fitted) and not any(s.line in FIT_LINES for s in held)


def test_the_judgments_still_match_the_stories_they_were_read_from():
    data = EVAL_DATA / "neus_allsides"
    if not data.is_dir():
        pytest.skip(f"NeuS not found at {data}")
    lines = neus_lines(data, "train")
    for s in load_labels(JUDGMENTS):
        assert check_story(s, lines[s.line]) == [], s.key


def test_an_omission_is_contradicted_only_by_a_group_that_holds_the_facts_wordings():
    # a third outlet: C0 reports the plant closing, C1 only something else
    c = "The plant is to close, officials said. Prices rose."
    labels = StoryLabels("test", "train", 0, "", (), (
        Group((member(0, A, 0), member(1, B, 0), member(2, c, 0))),  # the plant closes
        Group((member(0, A, 1), member(2, c, 1))),  # (a second claim, for the test)
    ))
    spans = [*SPANS, split_sentences(c)]
    closing = [span(0, 0), span(1, 0)]
    assert wrong_omissions(labels, [(2, closing)], spans) == 1  # C is said to omit what it states
    # a fact of A0 and B1: no group holds both wordings, so C's omission of it stands
    assert wrong_omissions(labels, [(2, [span(0, 0), span(1, 1)])], spans) == 0


def test_one_wording_per_article_caps_the_recall():
    # A states the claim twice: with one sentence of A per fact, one of the two pairs is found
    labels = story([[(0, 0), (0, 2), (1, 0)]])
    assert len(gold_pairs(labels)) == 2
    assert one_wording_ceiling(labels) == 1
