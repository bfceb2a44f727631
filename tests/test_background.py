"""Issue 22, item 2: an event's background ("last held talks in March 2019") aligns with the same
background told in other words elsewhere ("had not met since March 2019"), and a relative clause
that tells a dated event of its own is a statement of its own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsprism import analyze
from newsprism.compare.judge import shared_past_date

A = ("Talks resume\n\nDelegations from the two countries met in Geneva on Thursday for a new round of "
     "negotiations on the border dispute. The meeting marks a rare sign of progress between the rival "
     "governments, who had not met face-to-face since March 2019, the month after the clashes.")
B = ("Geneva talks\n\nNegotiators from both countries gathered in Geneva on Thursday to discuss the border "
     "dispute. The two governments last held direct talks in Vienna in March 2019, which produced a draft "
     "agreement that was never signed.")


@pytest.fixture(scope="module")
def run():
    return analyze([{"id": "a", "outlet": "Alpha", "published": "2021-06-10", "text": A},
                    {"id": "b", "outlet": "Beta", "published": "2021-06-10", "text": B}])


def test_a_dated_relative_clause_is_a_statement_read_with_its_noun(run):
    by_text = {s.text: s for s in run.comparison.statements}
    who = next(s for t, s in by_text.items() if t.startswith("who had not met"))
    assert who.compared.startswith("the rival governments had not met face-to-face since March 2019")
    assert who.dates == ("2019-03",)
    assert not who.negated  # "not ... since March 2019" says when they last met
    main = next(s for t, s in by_text.items() if t.startswith("The meeting marks"))
    assert "March" not in main.text
    # a dated event and its undated consequence ("which produced a draft") are two statements
    assert any(t == "The two governments last held direct talks in Vienna in March 2019" for t in by_text)


def test_the_background_told_in_other_words_is_one_corroborated_fact(run):
    fact = next(f for f in run.comparison.facts if "2019-03" in f.dates)
    assert set(fact.articles) == {"a", "b"} and fact.status == "corroborated"
    # the fact reads as a sentence, not as the relative clause
    assert fact.text == "The two governments last held direct talks in Vienna in March 2019"


def test_shared_past_date_needs_a_month_well_before_publication():
    assert shared_past_date(("2019-03",), ("2019-03",), "2021-06-10", "2021-06-10")
    assert not shared_past_date(("2019",), ("2019",), "2021-06-10", "2021-06-10")  # a year says little
    assert not shared_past_date(("2021-06-09",), ("2021-06-09",), "2021-06-10", "2021-06-10")  # the news
    assert not shared_past_date(("2019-03",), ("2019-04",), "2021-06-10", "2021-06-10")
    assert not shared_past_date(("2019-03",), ("2019-03",), None, "2021-06-10")


def test_a_background_year_reached_back_to_is_shared_at_year_level():
    pub = "2021-06-10"
    # "the first talks in three years" (2018) and "the first talks since 2018"
    assert shared_past_date((), (), pub, pub, ("2018",), ("2018",))
    # ... and "last met in March 2018": the stretch names the year, not the month
    assert shared_past_date((), ("2018-03",), pub, pub, ("2018",), ())
    assert not shared_past_date((), ("2018-03",), pub, pub, ("2017",), ())
    # a year named by both, neither reaching back to it, still says little
    assert not shared_past_date(("2018",), ("2018",), pub, pub)
    # the year of the news itself is not background
    assert not shared_past_date((), (), pub, pub, ("2021",), ("2021",))


C = ("Border talks\n\nNegotiators from the two countries met in Geneva on Thursday for their first direct "
     "talks in three years, under pressure from their neighbours to settle the dispute.")
D = ("Geneva round\n\nOn Thursday the two governments opened talks in Geneva, the first formal "
     "negotiations between them since 2018.")


def test_first_talks_in_three_years_is_the_background_of_since_2018():
    from newsprism.compare.judge import shared_past_date as shared

    run = analyze([{"id": "c", "outlet": "Gamma", "published": "2021-06-10", "text": C},
                   {"id": "d", "outlet": "Delta", "published": "2021-06-10", "text": D}])
    by_text = {s.text: s for s in run.comparison.statements}
    c = next(s for t, s in by_text.items() if "three years" in t)
    d = next(s for t, s in by_text.items() if "since 2018" in t)
    assert c.background == ("2018",) and d.background == ("2018",)
    assert shared(c.dates, d.dates, "2021-06-10", "2021-06-10", c.background, d.background)


def test_one_articles_background_links_no_two_of_its_own_claims():
    """Within one article the story's background is told around several claims ("willing to
    travel to Turkey to join the first direct talks in more than three years" beside its lead
    on those talks, the seeds' 000): sharing it says nothing of two of its sentences being one
    claim.  Across articles it still does."""
    import numpy as np

    from newsprism.compare.judge import FEATURES, pair_features, pair_features_many

    run = analyze([{"id": "c", "outlet": "Gamma", "published": "2021-06-10", "text": C},
                   {"id": "d", "outlet": "Delta", "published": "2021-06-10", "text": D}])
    c = next(s for s in run.comparison.statements if "three years" in s.text)
    d = next(s for s in run.comparison.statements if "since 2018" in s.text)
    col = FEATURES.index("time_shared_past")
    pub = {"published_a": "2021-06-10", "published_b": "2021-06-10"}
    assert pair_features(c, d, 0.5, **pub)[col] == 1.0
    own = replace(d, article=c.article)
    assert pair_features(c, own, 0.5, **pub)[col] == 0.0
    vecs = np.eye(3, dtype=np.float32)
    rows = pair_features_many([c, d, own], vecs, [(0, 1), (0, 2)], published=["2021-06-10"] * 3)
    assert rows[:, col].tolist() == [1.0, 0.0]


def test_statements_reaching_back_to_one_year_are_weighed_whatever_their_cosine():
    """The encoder reads "in three years" and "since 2018" as different words, and a pair under
    the cosine cut is never judged: two articles' statements whose backgrounds reach back to one
    year are candidates anyway (on the seeds, 000's lead on the 16 May talks and 003's "the
    first formal negotiations since 2022", cosine 0.37, now one fact).  A shared month is no
    such marker, nor one article's own sentences."""
    import numpy as np

    from newsprism.compare.align import pair_probabilities
    from newsprism.compare.judge import reach_back_pairs

    run = analyze([{"id": "c", "outlet": "Gamma", "published": "2021-06-10", "text": C},
                   {"id": "d", "outlet": "Delta", "published": "2021-06-10", "text": D}])
    sts = list(run.comparison.statements)
    c = next(k for k, s in enumerate(sts) if "three years" in s.text)
    d = next(k for k, s in enumerate(sts) if "since 2018" in s.text)
    pub = ["2021-06-10"] * len(sts)
    assert (min(c, d), max(c, d)) in reach_back_pairs(sts, pub)
    assert reach_back_pairs(sts, [None] * len(sts)) == []  # undated: nothing to reach back from
    far = np.eye(len(sts), 8, dtype=np.float32)  # every cosine 0: no candidate by meaning
    assert (min(c, d), max(c, d)) in pair_probabilities(sts, far, published=pub)
    assert (min(c, d), max(c, d)) not in pair_probabilities(sts, far)
    # one article's own sentences are not paired for their background
    own = [s if k != d else replace(s, article=sts[c].article) for k, s in enumerate(sts)]
    assert (min(c, d), max(c, d)) not in reach_back_pairs(own, pub)
    # a past month both name, with no background reached back to, is no such pair (though the
    # judge's time_shared_past still counts it for a pair of candidates)
    month = [replace(s, dates=("2019-03",), background=()) if k in (c, d) else s for k, s in enumerate(sts)]
    assert shared_past_date(month[c].dates, month[d].dates, pub[c], pub[d])
    assert (min(c, d), max(c, d)) not in reach_back_pairs(month, pub)
