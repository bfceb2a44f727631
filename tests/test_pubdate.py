"""Publication dates inferred from the run: only with evidence, never guessed."""

from __future__ import annotations

import pytest

from newsprism import analyze

DATED = {"id": "dated", "published": "2024-03-08",  # a Friday
         "text": "On Friday, negotiators from Norway and Chile held their first direct talks in five "
                 "years in Oslo, officials said. The talks were described as constructive by both sides."}
SAME_EVENT = {"id": "same", "text": "Negotiators from Norway and Chile met in Oslo on Friday at their first "
                                    "direct talks in five years. Both delegations said the talks were useful."}
NOTHING = {"id": "nothing", "text": "The ministry said on Friday that it would review the rules. "
                                    "No further details were given by the ministry."}
WINDOW = {"id": "window", "text": "The foreign minister said on Friday that his country was ready for more talks. "
                                  "The first round was held on March 1 in Oslo. The next round is expected "
                                  "to take place on Monday, March 18, in Bergen."}
AMBIGUOUS = {"id": "ambiguous", "text": "The trade minister said on Friday that exports had grown. The "
                                        "spring fair opened on March 1 in Lima. The autumn fair is expected "
                                        "to open on March 25 in Quito."}


@pytest.fixture(scope="module")
def result():
    return analyze([DATED, SAME_EVENT, NOTHING, WINDOW, AMBIGUOUS])


def test_pubdate_from_the_same_event_in_another_article(result):
    a = result.article("same")
    assert (a.published, a.published_inferred) == ("2024-03-08", True)
    assert "dated" in a.evidence["published"] and "Friday" in a.evidence["published"]


def test_pubdate_without_evidence_stays_unknown(result):
    a = result.article("nothing")
    assert a.published is None and a.published_inferred is False


def test_pubdate_from_a_dated_window_with_one_fitting_day(result):
    a = result.article("window")
    assert (a.published, a.published_inferred) == ("2024-03-15", True)
    assert "March 18" in a.evidence["published"]


def test_pubdate_ambiguous_window_stays_unknown(result):
    assert result.article("ambiguous").published is None


def test_pubdate_stated_date_is_not_overridden(result):
    a = result.article("dated")
    assert (a.published, a.published_inferred) == ("2024-03-08", False)


def test_pubdate_relative_dates_resolve_against_inferred_date(result):
    fridays = [d for d in result.dates if d.article == "same" and d.text.lower().endswith("friday")]
    assert fridays and fridays[0].value == "2024-03-08"


# --- seeds (checked by reading them) ------------------------------------------------------------

def test_pubdate_seeds(seed_articles):
    # 000 says "on Friday" for the first direct talks in three years that 002 dates May 16
    assert (seed_articles["000"].published, seed_articles["000"].published_inferred) == ("2025-05-16", True)
    assert seed_articles["001"].published == "2025-05-16" and not seed_articles["001"].published_inferred
    # 003: Friday, after the May 16 round and before "Monday, June 2"; 002 reports the same Friday statement
    assert (seed_articles["003"].published, seed_articles["003"].published_inferred) == ("2025-05-30", True)
    assert (seed_articles["002"].published, seed_articles["002"].published_inferred) == ("2025-05-30", True)
    assert seed_articles["004"].published == "2025-05-13" and not seed_articles["004"].published_inferred
