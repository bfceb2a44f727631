"""Tests for the time-expression stage (newsprism.annotate.timex).

Sentences are written for these tests; they mirror the structures met in the
seed articles without copying them.  The spaCy model is loaded once per module.
"""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newsprism.annotate.timex import (
    TimeMention,
    date_refs,
    find_time_mentions,
    resolve,
    resolve_all,
)
from newsprism.model import DateRef

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

FRI_16_MAY = date(2025, 5, 16)
TUE_13_MAY = date(2025, 5, 13)
FRI_30_MAY = date(2025, 5, 30)


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsprism.annotate.nlp import load_nlp
    from newsprism.errors import ModelMissingError

    try:
        return load_nlp()
    except ModelMissingError as exc:  # pragma: no cover - depends on the environment
        pytest.skip(str(exc))


def _mention(nlp: Any, text: str, target: str) -> TimeMention:
    """The mention whose text is ``target`` in ``text`` (fails with the list found)."""
    mentions = find_time_mentions(nlp(text))
    for m in mentions:
        if m.text == target:
            return m
    raise AssertionError(f"{target!r} not found; got {[m.text for m in mentions]}")


# -- the cases from the seed articles (own sentences, same structure) ---------


@pytest.mark.parametrize(
    ("text", "anchor", "target", "expected"),
    [
        # "X said on Friday" in a Friday article is that same Friday
        (
            "The Kremlin said on Friday that a summit was essential.",
            FRI_16_MAY,
            "Friday",
            "2025-05-16",
        ),
        ("Officials met in Geneva on Friday for the talks.", FRI_16_MAY, "Friday", "2025-05-16"),
        # the explicit date wins over the weekday, which only checks it
        (
            "On Thursday 15 May, the president stated that no deal was possible.",
            FRI_16_MAY,
            "Thursday 15 May",
            "2025-05-15",
        ),
        # a date without its year follows the tense: future here
        (
            "The second round is expected to take place in Geneva on June 2, officials said.",
            FRI_30_MAY,
            "June 2",
            "2025-06-02",
        ),
        (
            "The next round of talks is expected to be held on Monday, June 2.",
            FRI_30_MAY,
            "Monday, June 2",
            "2025-06-02",
        ),
        # ... and past here
        (
            "On May 16, the two sides held their first direct talks.",
            FRI_30_MAY,
            "May 16",
            "2025-05-16",
        ),
        (
            "The two leaders have not met since December 2019.",
            TUE_13_MAY,
            "December 2019",
            "2019-12",
        ),
        (
            "The delegations last held direct talks in Vienna in March 2022.",
            TUE_13_MAY,
            "March 2022",
            "2022-03",
        ),
        # "Thursday's negotiations" in a Tuesday article, future by "preparing for"
        (
            '"The ministry continues preparing for Thursday\'s negotiations," he said.',
            TUE_13_MAY,
            "Thursday",
            "2025-05-15",
        ),
        (
            "The president told reporters on Monday that he might attend.",
            TUE_13_MAY,
            "Monday",
            "2025-05-12",
        ),
        (
            "On Wednesday, the foreign minister confirmed that the draft was ready.",
            FRI_30_MAY,
            "Wednesday",
            "2025-05-28",
        ),
    ],
)
def test_timex_seed_structures(
    nlp: Any, text: str, anchor: date, target: str, expected: str
) -> None:
    value, _anchor_value, _mod = resolve(_mention(nlp, text, target), anchor)
    assert value == expected


def test_timex_duration_reaching_back_from_the_anchor(nlp: Any) -> None:
    m = _mention(
        nlp,
        "Negotiators met on Friday for their first direct talks in more than three years.",
        "more than three years",
    )
    assert m.type == "DURATION"
    assert resolve(m, FRI_16_MAY) == ("P3Y", "2022-05-16", "MORE_THAN")


def test_timex_since_gives_the_start_point(nlp: Any) -> None:
    m = _mention(nlp, "The two leaders have not met since December 2019.", "December 2019")
    assert m.since
    assert resolve(m, TUE_13_MAY) == ("2019-12", "2019-12", "ON_OR_AFTER")


# -- weekdays ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # future tense: the next such day after the anchor
        ("The delegation will arrive on Friday.", TUE_13_MAY, "2025-05-16"),
        ("The delegation will arrive on Friday.", FRI_16_MAY, "2025-05-23"),
        ("The summit is scheduled for Monday.", FRI_16_MAY, "2025-05-19"),
        # past tense: the latest such day on or before the anchor
        ("The minister arrived on Monday.", FRI_16_MAY, "2025-05-12"),
        ("The minister arrived on Tuesday.", TUE_13_MAY, "2025-05-13"),
        ("Protesters gathered outside the embassy last Friday.", FRI_16_MAY, "2025-05-09"),
        ("The vote will take place next Monday.", TUE_13_MAY, "2025-05-19"),
        # a past tense that reaches the day only through a noun still means the past, even
        # when the day comes next (it used to give the nearest day, the coming Saturday)
        ("Andrew Gillum, the Democratic nominee, conceded the Florida governor's race on Saturday "
         "to Ron DeSantis.", FRI_16_MAY, "2025-05-10"),
        ("Andrew Gillum conceded his race for Florida governor a second and final time Saturday night.",
         FRI_16_MAY, "2025-05-10TNI"),
    ],
)
def test_timex_weekday_follows_tense(nlp: Any, text: str, anchor: date, expected: str) -> None:
    mentions = find_time_mentions(nlp(text))
    assert len(mentions) == 1, mentions
    assert resolve(mentions[0], anchor)[0] == expected


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [(FRI_16_MAY, "2025-05-16"), (TUE_13_MAY, "2025-05-09"), (date(2025, 5, 15), "2025-05-16")],
)
def test_timex_weekday_without_tense_is_same_day_or_nearest(anchor: date, expected: str) -> None:
    m = TimeMention(start=0, end=6, text="Friday", type="DATE", kind="weekday", weekday=4)
    assert resolve(m, anchor)[0] == expected


def test_timex_possessive_is_left_out_of_the_span(nlp: Any) -> None:
    mentions = find_time_mentions(nlp("Analysts doubt that Thursday's negotiations will succeed."))
    assert [m.text for m in mentions] == ["Thursday"]


# -- other expressions ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("The talks were held on Sept. 5.", "Sept. 5", "2024-09-05"),
        ("The talks were held on Sep 5.", "Sep 5", "2024-09-05"),
        ("The plan was approved on Mar. 3.", "Mar. 3", "2025-03-03"),
        ("The plan was approved on Thursday, Jan. 9.", "Thursday, Jan. 9", "2025-01-09"),
    ],
)
def test_timex_reads_month_abbreviations(nlp: Any, text: str, target: str, expected: str) -> None:
    """Abbreviated months come from the shared calendar words (newsprism.lexicon.calendar)."""
    assert resolve(_mention(nlp, text, target), FRI_16_MAY)[0] == expected


def test_timex_needs_the_full_stop_after_mar(nlp: Any) -> None:
    """ "Mar", "Jun" and "Jul" count as months only with their full stop."""
    texts = [m.text for m in find_time_mentions(nlp("The Mar 3 meeting was cancelled."))]
    assert not any("Mar" in t for t in texts), texts


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("The decree was signed yesterday.", "yesterday", "2025-05-15"),
        ("The ceasefire began two days ago.", "two days ago", "2025-05-14"),
        ("The ministers will meet next week.", "next week", "2025-W21"),
        ("Talks were held in Turkey this week.", "this week", "2025-W20"),
        ("Prices rose sharply last month.", "last month", "2025-04"),
        ("The deal was signed last year.", "last year", "2024"),
        ("Elections are due this year.", "this year", "2025"),
        ("The treaty was signed in 2022.", "2022", "2022"),
        ("The plant reopened in March.", "March", "2025-03"),
        ("The new law takes effect in September.", "September", "2025-09"),
        ("Output fell in the first quarter of 2025.", "the first quarter of 2025", "2025-Q1"),
        ("The reform was drafted last summer.", "last summer", "2024-SU"),
        ("The conflict dates back to the 1990s.", "the 1990s", "199"),
        ("Shares are now trading higher.", "now", "PRESENT_REF"),
        ("Relations have worsened in recent years.", "recent years", "PAST_REF"),
        ("The bridge has been closed for the past year.", "the past year", "P1Y"),
        ("The spokesman holds a briefing daily.", "daily", "P1D"),
        ("The council meets every Thursday.", "every Thursday", "XXXX-WXX-4"),
        ("The blast happened at 10 p.m. Wednesday.", "10 p.m. Wednesday", "2025-05-14T22:00"),
        ("The talks resumed on 16 May 2025.", "16 May 2025", "2025-05-16"),
        ("Fighting continued over the weekend.", "the weekend", "2025-W19-WE"),
        ("Exports fell in June last year.", "June last year", "2024-06"),
        ("Profit doubled from a year earlier.", "a year earlier", "2024"),
        ("A new round is planned for early next year.", "early next year", "2026"),
        ("The hearing is set for the week of June 2.", "the week of June 2", "2025-W23"),
        ("The vote was held on Christmas Day.", "Christmas Day", "2024-12-25"),
    ],
)
def test_timex_resolves_common_expressions(nlp: Any, text: str, target: str, expected: str) -> None:
    assert resolve(_mention(nlp, text, target), FRI_16_MAY)[0] == expected


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("The border has been closed for two weeks.", "two weeks", ("P2W", "2025-05-02", None)),
        ("A decision will be made within two weeks.", "two weeks", ("P2W", "2025-05-30", None)),
        ("The talks lasted five hours.", "five hours", ("PT5H", None, None)),
        ("They agreed on a 30-day ceasefire.", "30-day", ("P30D", None, None)),
    ],
)
def test_timex_durations_and_their_anchor(
    nlp: Any, text: str, target: str, expected: tuple[str, str | None, str | None]
) -> None:
    m = _mention(nlp, text, target)
    assert m.type == "DURATION"
    assert resolve(m, FRI_16_MAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The suspect, 33, was arrested.",
        "He is 33 years old.",
        "A 45-year-old man was detained.",
        "About 1,000 prisoners were exchanged.",
        "The company may cut 300 jobs.",
    ],
)
def test_timex_rejects_ages_and_numbers(nlp: Any, text: str) -> None:
    assert find_time_mentions(nlp(text)) == []


# -- without an anchor ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("The Kremlin said on Friday that a summit was essential.", "Friday", None),
        ("The ministers will meet next week.", "next week", None),
        ("The ceasefire began two days ago.", "two days ago", None),
        ("The talks resumed on 16 May 2025.", "16 May 2025", "2025-05-16"),
        ("The two leaders have not met since December 2019.", "December 2019", "2019-12"),
        ("The talks will take place on June 2.", "June 2", "XXXX-06-02"),
        ("The conflict dates back to the 1990s.", "the 1990s", "199"),
        ("Shares are now trading higher.", "now", "PRESENT_REF"),
    ],
)
def test_timex_unanchored_resolves_only_explicit_values(
    nlp: Any, text: str, target: str, expected: str | None
) -> None:
    assert resolve(_mention(nlp, text, target), None)[0] == expected


def test_timex_unanchored_duration_keeps_value_but_no_anchor(nlp: Any) -> None:
    m = _mention(
        nlp, "These are the first talks in more than three years.", "more than three years"
    )
    assert resolve(m, None) == ("P3Y", None, "MORE_THAN")


# -- story time ---------------------------------------------------------------


def test_timex_anaphoric_expressions_follow_the_story(nlp: Any) -> None:
    text = (
        "The plant was shut on Oct. 23. The next day, workers protested, and at 10 p.m. "
        "police arrived. That year, sales fell."
    )
    mentions = find_time_mentions(nlp(text))
    values = {
        m.text: v[0] for m, v in zip(mentions, resolve_all(mentions, FRI_16_MAY), strict=True)
    }
    assert values == {
        "Oct. 23": "2024-10-23",
        "The next day": "2024-10-24",
        "10 p.m.": "2024-10-24T22:00",
        "That year": "2024",
    }


def test_timex_anaphoric_without_story_date(nlp: Any) -> None:
    mentions = find_time_mentions(
        nlp("The following day, talks resumed; the same day, shares fell.")
    )
    assert [v[0] for v in resolve_all(mentions, FRI_16_MAY)] == [None, "2025-05-16"]


def test_timex_a_date_naming_a_thing_does_not_move_story_time(nlp: Any) -> None:
    # the hearing is on Tuesday; "July 25" only says when the call was, so "later in
    # the day" is still Tuesday (it used to take July 25 and report a date conflict)
    text = (
        "The committee met on Tuesday. In the morning, lawmakers asked Vindman about "
        "Trump's July 25 phone call with Zelensky. Later in the day, Volker testified."
    )
    wed_20_nov = date(2019, 11, 20)
    mentions = find_time_mentions(nlp(text))
    values = {
        m.text: v[0] for m, v in zip(mentions, resolve_all(mentions, wed_20_nov), strict=True)
    }
    assert values["July 25"] == "2019-07-25"
    assert [m.nominal for m in mentions if m.text == "July 25"] == [True]
    assert values["the day"] == "2019-11-19"
    # an adverbial date still moves it
    mentions = find_time_mentions(nlp("Talks were held on July 25. Later in the day, they ended."))
    assert [v[0] for v in resolve_all(mentions, FRI_16_MAY)] == ["2024-07-25", "2024-07-25"]


# -- records ----------------------------------------------------------------


def test_timex_date_refs_need_no_doc(nlp: Any) -> None:
    text = "Talks opened on Monday.\n\nThe delegations will meet again on Friday."
    doc = nlp(text)
    mentions = find_time_mentions(doc)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    refs = date_refs("a1", text, sentences, mentions, "2025-05-13")
    assert [type(r) for r in refs] == [DateRef, DateRef]
    first, second = refs
    assert (first.article, first.text, first.value, first.type) == (
        "a1",
        "Monday",
        "2025-05-12",
        "DATE",
    )
    assert first.sentence_text == "Talks opened on Monday."
    assert second.value == "2025-05-16"
    assert second.sentence == 1 and second.sentence_text.startswith("The delegations")
    assert text[second.start : second.end] == "Friday"
    # without a publication date the relative ones stay open
    assert [r.value for r in date_refs("a1", text, sentences, mentions, None)] == [None, None]


def test_timex_date_refs_accept_sentence_records_and_datetimes(nlp: Any) -> None:
    from datetime import datetime

    from newsprism.model import Sentence

    text = "Talks opened on Monday."
    mentions = find_time_mentions(nlp(text))
    sentences = [Sentence(start=0, end=len(text), paragraph=0)]
    (ref,) = date_refs("a1", text, sentences, mentions, datetime(2025, 5, 13, 9, 30))
    assert (ref.value, ref.sentence, ref.sentence_text) == ("2025-05-12", 0, text)
    with pytest.raises(ValueError, match="ISO 8601"):
        date_refs("a1", text, sentences, mentions, "13/05/2025")


def test_timex_works_without_the_parser(nlp: Any) -> None:
    with nlp.select_pipes(disable=["parser"]):
        doc = nlp("The ministers met on Friday and will meet again next week.")
    found = {m.text: resolve(m, FRI_16_MAY)[0] for m in find_time_mentions(doc)}
    assert found == {"Friday": "2025-05-16", "next week": "2025-W21"}


def test_timex_season_last_excludes_the_current_one() -> None:
    m = TimeMention(
        start=0, end=11, text="last summer", type="DATE", kind="period", part="SU", offset=-1
    )
    assert resolve(m, date(2025, 7, 10))[0] == "2024-SU"
    assert resolve(m, date(2025, 10, 1))[0] == "2025-SU"


def test_timex_mentions_are_picklable(nlp: Any) -> None:
    mentions = find_time_mentions(
        nlp("Talks in Geneva on Friday followed a meeting in March 2022.")
    )
    assert pickle.loads(pickle.dumps(mentions)) == mentions


# -- the real seed article ----------------------------------------------------


def test_timex_seed_article_001(nlp: Any) -> None:
    path = SEEDS / "001_de90eb8afa666a1d.txt"
    if not path.is_file():
        pytest.skip(f"seed articles not found at {SEEDS} (they live outside the repository)")
    text = path.read_text(encoding="utf-8")
    mentions = find_time_mentions(nlp(text))
    found = {}
    for m in mentions:
        if text[max(0, m.start - 3) : m.start] == "On ":
            found[m.text] = resolve(m, FRI_16_MAY)[0]
    assert found.get("Friday") == "2025-05-16", found
    assert found.get("Thursday 15 May") == "2025-05-15", found


def test_timex_time_word_inside_a_name_is_no_time(nlp: Any) -> None:
    # "USA TODAY Sports" is an outlet; "Monday afternoon" after it is the time
    mentions = find_time_mentions(nlp("Dick Pound told USA TODAY Sports on Monday afternoon that the "
                                      "Games would be postponed."))
    assert [m.text for m in mentions] == ["Monday afternoon"]


@pytest.mark.parametrize(("text", "value"), [
    # published Friday 16 May 2025: a delay done on a day is past, a delay to a day is ahead
    ("The vote was delayed on Monday in Albany.", "2025-05-12"),
    ("The game was postponed on Monday because of rain.", "2025-05-12"),
    ("The vote was postponed until Monday.", "2025-05-19"),
    ("The launch was rescheduled for Monday.", "2025-05-19"),
    ("The meeting has been delayed to Monday.", "2025-05-19"),
    ("The governor cannot move the primary to Monday.", "2025-05-19"),
])
def test_timex_delays_look_ahead_only_to_their_new_day(nlp: Any, text: str, value: str) -> None:
    assert [v[0] for v in resolve_all(find_time_mentions(nlp(text)), FRI_16_MAY)] == [value]


def test_timex_number_that_names_a_bill_or_flight_is_no_year(nlp: Any) -> None:
    text = ("The Justice in Policing Act, H.R. 1280, passed 220-212. Bill No. 1999 failed. "
            "S. 2010 passed. Flight 1549 landed in 2009. In 2010 it passed.")
    assert [m.text for m in find_time_mentions(nlp(text))] == ["2009", "2010"]
