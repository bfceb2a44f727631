"""The comparison: facts across outlets, conflicts, omissions, copies, timeline, cited summary."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from newsprism import analyze


def doc(i: str, text: str, outlet: str | None = None, published: str = "2024-03-08") -> dict:
    d = {"id": i, "text": text, "published": published}
    if outlet:
        d["outlet"] = outlet
    return d


SWAP_A = ("Officials said 1,000 prisoners were exchanged in Geneva on Friday between the two countries, "
          "the largest swap since the fighting began.")
SWAP_B = ("Officials said 2,000 prisoners were exchanged in Geneva on Friday between the two countries, "
          "the largest swap since the fighting began.")
OTHER = "The central bank left interest rates unchanged on Thursday, citing slowing inflation in the region."


@pytest.fixture(scope="module")
def conflict_run():
    return analyze([doc("a", SWAP_A + " " + OTHER, "Alpha News"), doc("b", SWAP_B, "Beta Times"),
                    doc("c", SWAP_A, "Gamma Post")])


def test_compare_number_conflict_between_aligned_variants(conflict_run):
    c = conflict_run.comparison
    swap = [f for f in c.facts if "prisoners" in f.text]
    assert len(swap) == 1 and set(swap[0].articles) == {"a", "b", "c"}
    assert swap[0].status == "conflicting"
    conflict = next(x for x in c.conflicts if x.fact == swap[0].id)
    assert conflict.kind == "number"
    assert conflict.values["b"] == ("2,000 prisoners",) and conflict.values["a"] == ("1,000 prisoners",)


def test_compare_copies_count_once_as_corroboration():
    text = ("The city council voted on Tuesday to close the old harbour bridge for repairs lasting two "
            "years, a spokesperson for the council said after the meeting.")
    result = analyze([doc("wire", text, "Wire Agency"), doc("reprint", text, "Local Daily"),
                      doc("own", "Councillors decided on Tuesday to shut the old harbour bridge for two years "
                                 "of repairs, the council's spokesperson said.", "Other Paper")])
    fact = next(f for f in result.comparison.facts if len(f.articles) == 3)
    assert fact.outlets == 2  # the reprint is not independent corroboration


def test_compare_unique_fact_and_omission(conflict_run):
    c = conflict_run.comparison
    rates = [f for f in c.facts if "interest rates" in f.text]
    assert len(rates) == 1 and rates[0].status == "unique" and rates[0].articles == ("a",)


def test_compare_summary_cites_every_sentence(conflict_run, seeds_analysis):
    for run in (conflict_run, seeds_analysis):
        summary = run.narrative.summary
        assert summary and all(s.citations for s in summary)
        ids = {a.id for a in run.articles}
        assert all(set(s.citations) <= ids for s in summary)


def test_compare_summary_says_where_outlets_disagree(conflict_run):
    texts = [s.text for s in conflict_run.narrative.summary]
    assert any("Beta Times reports 2,000 prisoners" in t and "while" in t for t in texts)


def test_compare_summary_sentences_stand_alone():
    # each of these facts is told by two outlets; the summary may use a sentence only where
    # it reads on its own: not "He ..." leaning on the sentence before, not a bare middle
    # sentence of a quotation (it gets its speaker), not an unattributed first person
    quote_a = ('"We will not sign anything today," Anna Berg told reporters in Oslo on Monday. '
               '"The draft gives away the northern fisheries for nothing."')
    quote_b = ('"We will not sign anything today," the negotiator Anna Berg said in Oslo on Monday. '
               '"The draft gives away the northern fisheries for nothing."')
    lead_a = "Norway and Iceland failed to agree on a fishing treaty in Oslo on Monday after ten hours of talks."
    lead_b = "Norway and Iceland failed to agree a fishing treaty in Oslo on Monday after ten hours of talks."
    pron_a = "He urged both delegations to return to the table before the summer season opens for trawlers."
    pron_b = "He urged both delegations to return to the table before the summer season for the trawlers opens."
    voice = "I think our fishermen deserve better than this treaty, which our government should reject."
    result = analyze([
        doc("a", " ".join([lead_a, quote_a, pron_a, voice]), "Alpha News", "2024-03-12"),
        doc("b", " ".join([lead_b, quote_b, pron_b, voice]), "Beta Times", "2024-03-12"),
    ])
    texts = [s.text for s in result.narrative.summary]
    assert any(t.startswith("Norway and Iceland failed") for t in texts)
    assert any(t == 'Anna Berg said: "The draft gives away the northern fisheries for nothing."'
               for t in texts), texts
    assert not any(t.startswith("He urged") or t.startswith("I think") for t in texts), texts
    assert not any(t.startswith("The draft gives away") for t in texts), texts
    # quotation marks pair up ('We will not sign anything today," ...' lost its opening one)
    assert all(t.count('"') % 2 == 0 for t in texts), texts
    assert any(t.startswith('"We will not sign anything today,"') for t in texts), texts


# --- the seeds (checked by reading them) ----------------------------------------------------------

def _fact_with(c, words: str):
    return [f for f in c.facts if any(words in v.text for v in f.variants)]


def test_compare_seeds_facts(seeds_analysis):
    c = seeds_analysis.comparison
    swap = _fact_with(c, "1,000 people")
    assert swap and {a[:3] for a in swap[0].articles} == {"002", "003"} and swap[0].status == "corroborated"
    second = _fact_with(c, "June 2")
    assert any({a[:3] for a in f.articles} >= {"002", "003"} for f in second)
    first_talks = _fact_with(c, "first direct talks in three years")
    assert first_talks and {a[:3] for a in first_talks[0].articles} >= {"000", "002"}
    # 000's lead ("negotiators were in Istanbul on Friday for ... their first direct peace talks in
    # more than three years") is that claim too: the same day, the same background year
    lead = _fact_with(c, "billed as their first direct peace talks")
    assert any({a[:3] for a in f.articles} >= {"000", "002"} for f in lead)
    # a sentence that carries two claims stands in both facts: 001's "Such a meeting is certainly
    # necessary – both for Russian-American bilateral relations and ..." is 000's two sentences
    # each row of the matrix reads differently, though a wording may stand in two facts
    assert len({f.text for f in c.facts}) == len(c.facts)
    necessary = _fact_with(c, "Such a meeting is certainly necessary.")
    assert any({a[:3] for a in f.articles} == {"000", "001"} for f in necessary)
    # issue 22's second example in full: 000's "essential but required considerable advance
    # preparation" is one fact with 001's "such a meeting should be carefully prepared and
    # effective" and 000's quote "Such a meeting is certainly necessary." ("such a meeting" read
    # as the meeting between Putin and Trump both leads describe)
    prepared = _fact_with(c, "required considerable advance preparation")
    assert any(any("carefully prepared and effective" in v.text and v.article.startswith("001")
                   for v in f.variants)
               and any(v.text == "Such a meeting is certainly necessary." for v in f.variants)
               for f in prepared)
    bilateral = _fact_with(c, "It is necessary both primarily")
    assert any({a[:3] for a in f.articles} == {"000", "001"} for f in bilateral)
    # issue 22's fourth example: 000's "Trump has repeatedly said he was willing to travel to
    # Turkey to join the ... talks" is 004's "he would join the Istanbul talks" (one voice doing
    # one thing, within the span "repeatedly" gives it); and its "insisting 'nothing's going to
    # happen' before he meets the Russian president" is 001's 15 May "cannot happen without his
    # meeting" with Putin
    join = _fact_with(c, "would join the Istanbul talks")
    assert any({a[:3] for a in f.articles} == {"000", "004"} for f in join)
    without = _fact_with(c, "cannot happen without his meeting")
    assert any({a[:3] for a in f.articles} == {"000", "001"} for f in without)
    # 003's "the Russian leader insists that first, results must be achieved in the negotiations
    # between the delegations" is 002's "must be preceded by concrete progress in talks between
    # delegations"; 003's "last met in Istanbul on May 16, marking the first formal negotiations
    # since 2022" is 002's "On May 16, ... held their first direct talks in three years"
    # 000 states Trump's claim as a paraphrase quoting "as soon as we can set it up" and as the
    # quote itself: one fact, with 001's "would meet ... as soon as it was possible"
    trump = _fact_with(c, "I would actually leave here and go")
    assert any({a[:3] for a in f.articles} == {"000", "001"} for f in trump)
    for words in ("results must be achieved", "last met in Istanbul on May 16"):
        assert any("002" in {a[:3] for a in f.articles} for f in _fact_with(c, words)), words
    assert len(seeds_analysis.narrative.summary) >= 5


def test_compare_seeds_a_paraphrase_and_its_own_quote_are_one_wording_set(seeds_analysis):
    """Read against 001: "Peskov noted that such a meeting should be carefully prepared and
    effective." is followed by its quotation, "Quote: "The meeting at the highest level should be
    carefully prepared and effective because ..."".  One utterance told and then quoted: the
    quote is a wording of the fact the paraphrase is in (with 000's "required considerable
    advance preparation"), not a claim only 001 reports.  Its "Quote:" label, 001's "Details:"
    labels and its "Source: RIA Novosti; TASS; ..." line are no part of any fact."""
    c = seeds_analysis.comparison
    quoted = _fact_with(c, "always preceded by expert negotiations")
    assert quoted and all(f.status == "corroborated" for f in quoted)
    assert any(any("required considerable advance preparation" in v.text for v in f.variants) for f in quoted)
    texts = [v.text for f in c.facts for v in f.variants]
    assert not any(t.startswith(("Quote:", "Details:")) or "Telegram channel" in t for t in texts)


def test_compare_an_articles_quote_of_what_it_reported_joins_that_claim():
    reported = ("The mayor said on Monday that the harbour bridge would stay closed until the end of the year "
                "because the repairs had taken longer than planned.")
    own = ("Mayor Ann Smith said on Monday that the harbour bridge will stay shut for the rest of the year.\n\n"
           "Quote: \"The harbour bridge will stay shut for the rest of the year, and nobody regrets that "
           "more than I do.\"\n\nThe city also opened a new ferry line to the island on Monday.")
    result = analyze([doc("a", reported, "Alpha News", "2024-03-11"), doc("b", own, "Beta Times", "2024-03-11")])
    c = result.comparison
    quote = _fact_with(c, "nobody regrets that more than I do")
    assert len(quote) == 1 and quote[0].status == "corroborated", [(f.text, f.articles) for f in c.facts]
    assert {v.article for v in quote[0].variants} == {"a", "b"}
    assert sum(v.article == "b" for v in quote[0].variants) == 2  # the paraphrase and its quote
    assert not any(f.text.startswith("Quote:") for f in c.facts)
    ferry = _fact_with(c, "new ferry line")
    assert len(ferry) == 1 and ferry[0].status == "unique"


def test_compare_seeds_one_articles_different_claims_stay_apart(seeds_analysis):
    """Read against the articles: 001's "On Friday, a meeting of representatives from Türkiye,
    the United States and Ukraine began" and "A meeting with the representatives of Ukraine and
    the Russian Federation also began" are two meetings ("also"), not one claim told twice;
    002's Peskov on the draft memoranda for the second round and on European security to be
    discussed with Europeans are two claims of one speaker (sharing "discuss"); 000's "willing
    to travel to Turkey to join the ... talks" is not Trump's "would meet Putin as soon as we
    can set it up"."""
    c = seeds_analysis.comparison
    for one, other in (("Türkiye, the United States and Ukraine began", "Russian Federation also began"),
                       ("draft memoranda to be discussed", "future of European security"),
                       ("willing to travel to Turkey", "as soon as we can set it up")):
        assert not any(one in f.text or any(one in v.text for v in f.variants)
                       for f in _fact_with(c, other)), (one, other)
    # 000's live pictures of the Russian and Ukrainian negotiators and 001's meeting of Ukraine
    # and Russia are possibly one report, each way
    marks = {(o.article[:3], p.text[:20]) for o in c.omissions for p in o.possible}
    assert ("000", "Live Turkish televis") in marks and ("001", "A meeting with the r") in marks


def test_compare_seeds_the_16_may_talks_are_one_fact_of_three_outlets(seeds_analysis):
    """Read on the seeds: 000 (its headline "Russians and Ukrainians meet in Turkey for first
    talks in 3 years" and its lead "negotiators were in Istanbul on Friday for ... their first
    direct peace talks in more than three years"), 002 ("On May 16, Russia and Ukraine held their
    first direct talks in three years") and 003 ("Delegations from Moscow and Kiev last met in
    Istanbul on May 16, marking the first formal negotiations since 2022") report the 16 May
    talks: one fact of the three, with "Moscow and Kiev" read as the countries they stand for,
    and the lead weighed against 003's sentence though their cosine is under the cut (both
    reach back to 2022).  001's "A meeting with the representatives of Ukraine and the Russian
    Federation also began" (on Friday, 16 May) is that event too, as a bare "began": possibly
    reported, shown with that sentence.  The fact does not list 000's "Trump has repeatedly said
    he was willing to travel to Turkey to join the first direct ... talks in more than three
    years": its claim is Trump's, and the background it shares with 000's own headline and lead
    links no two sentences of one article."""
    c = seeds_analysis.comparison
    talks = _fact_with(c, "last met in Istanbul on May 16")
    assert len(talks) == 1 and {a[:3] for a in talks[0].articles} == {"000", "002", "003"}, \
        [(f.text, f.articles) for f in talks]
    wordings = [v.text for v in talks[0].variants]
    assert any("Russians and Ukrainians meet in Turkey" in t for t in wordings)
    assert any("billed as their first direct peace talks" in t for t in wordings)
    assert not any("willing to travel to Turkey" in t for t in wordings)
    assert len(_fact_with(c, "billed as their first direct peace talks")) == 1  # no second row
    marks = {(o.article[:3], p.fact): p.text for o in c.omissions for p in o.possible}
    assert "Russian Federation also began" in marks.get(("001", talks[0].id), "")


def test_compare_seeds_one_claim_is_one_row_however_many_wordings(seeds_analysis):
    """Read on the seeds: 000 tells Trump's 15 May "no movement without a meeting" with Putin
    twice ("... insisting 'nothing's going to happen' before he meets the Russian president" and
    "Expectations ... were dented further on Thursday when Trump said there would be no movement
    without a meeting"), 001 once ("On Thursday 15 May ... cannot happen without his meeting
    with ... Putin"): one row holding the three.  003 tells Putin's "open to talks, results
    first" in two sentences, 002 in one: one row.  No two rows of the same outlets share a
    wording (a reader would see the same claim twice)."""
    c = seeds_analysis.comparison
    thursday = _fact_with(c, "dented further on Thursday")
    assert len(thursday) == 1 and {a[:3] for a in thursday[0].articles} == {"000", "001"}
    assert any("nothing's going to happen" in v.text for v in thursday[0].variants)
    assert any("cannot happen without his meeting" in v.text for v in thursday[0].variants)
    open_first = _fact_with(c, "results must be achieved")
    assert len(open_first) == 1
    assert any("open to holding high-level direct talks" in v.text for v in open_first[0].variants)
    for k, f in enumerate(c.facts):
        for g in c.facts[k + 1:]:
            shared = {v.statement for v in f.variants} & {v.statement for v in g.variants}
            assert not (shared and set(f.articles) == set(g.articles)), (f.text, g.text)


def test_compare_seeds_summary_tells_a_fact_in_a_wording_that_reads_alone(seeds_analysis):
    """A wording that leans on an earlier sentence ("Peskov noted that such a meeting should be
    carefully prepared") is not the one a summary sentence shows when another wording of the
    fact reads alone (000's "The Kremlin said ... that a meeting between ... Putin and ... Trump
    was essential but required considerable advance preparation")."""
    by_id = {s.id: s for s in seeds_analysis.comparison.statements}
    facts = {f.id: f for f in seeds_analysis.comparison.facts}
    told = [s for s in seeds_analysis.narrative.summary if not s.text.startswith("Outlets differ")]
    for sentence in told:
        for fid in sentence.facts:
            shown = [by_id[v.statement] for v in facts[fid].variants
                     if " ".join(v.text.split())[:40] in " ".join(sentence.text.split())]
            alone = [v for v in facts[fid].variants if not by_id[v.statement].reads]
            if shown and alone:
                assert not all(s.reads for s in shown), sentence.text
    assert not any("such a meeting should" in s.text for s in told)


def test_compare_seeds_summary_does_not_say_one_wording_twice(seeds_analysis):
    """Facts that share a wording (a sentence that states two claims stands in both) say part
    of the same thing: the summary does not show one's wording for the other (on the seeds,
    002's "open to high-level negotiations ... preceded by concrete progress" is told once, not
    again with 003's "results must be achieved first")."""
    facts = {f.id: f for f in seeds_analysis.comparison.facts}
    told = [s for s in seeds_analysis.narrative.summary if not s.text.startswith("Outlets differ")]
    assert len(told) >= 5

    def squash(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    wordings = [{v.statement for fid in s.facts for v in facts[fid].variants} for s in told]
    shown = [{v.statement for fid in s.facts for v in facts[fid].variants
              if squash(v.text) in squash(s.text) or squash(s.text) in squash(v.text)} for s in told]
    assert all(shown), [s.text for s, w in zip(told, shown, strict=True) if not w]
    for i, words in enumerate(shown):
        for j, other in enumerate(wordings):
            assert i == j or not words & other, (told[i].text, told[j].text)


def test_compare_seeds_summary_cites_no_outlet_for_words_only_another_wrote(seeds_analysis):
    """004's "The two sides last held direct talks in Istanbul in March 2022, which produced a
    draft peace proposal ..." shares its first clause with 000 ("had not met face-to-face since
    March 2022"), not the draft: cited with 000, the sentence is cut to that clause."""
    told = [s for s in seeds_analysis.narrative.summary if "March 2022" in s.text]
    assert told
    for s in told:
        if any(a.startswith("000") for a in s.citations):
            assert "draft peace proposal" not in s.text


def test_compare_seeds_summary_tells_what_happened_in_the_order_of_its_days(seeds_analysis):
    """Read on the seeds: the fact that 000 (twice) and 001 word as Trump saying he would meet
    Putin is told in one of those wordings, not in 000's "Kremlin spokesman Dmitry Peskov was
    commenting after Trump said ...", whose subject is Peskov; and 002's "On May 16, Russia and
    Ukraine held their first direct talks ..." is told where May 16 is, before what Peskov said
    on 30 May (Putin open to talks, results first: told in either outlet's words)."""
    told = [s.text for s in seeds_analysis.narrative.summary]
    assert not any("was commenting after" in t for t in told)
    assert any(t.startswith("US President Donald Trump said") for t in told)
    may16 = next(k for k, t in enumerate(told) if t.startswith("On May 16"))
    may30 = next(k for k, t in enumerate(told)
                 if "open to high-level" in t or "results must be achieved" in t)
    assert may16 < may30


def test_compare_summary_tells_a_fact_in_a_wording_of_who_acts_in_it():
    from types import SimpleNamespace

    import numpy as np

    from newsprism.model import Fact, Statement, Variant
    from newsprism.tell.summary import summarize

    def st(i, art, text, actors):
        return Statement(id=f"{art}:s{i}", article=art, start=0, end=len(text), text=text, sentence=i,
                         actors=actors)

    # the wording closest to a summary sentence's length, but the spokesman's: not told
    aside = st(1, "a", "The spokesman for the city council was commenting on Friday after the mayor said that "
                       "the bridge would reopen this month.", ("ivan-petrov",))
    ones = [st(2, "a", "The mayor said on Friday that the old bridge over the river would reopen to all "
                       "traffic by the end of the month after two years of repairs.", ("jane-cole",)),
            st(1, "b", "Mayor Jane Cole said the bridge would reopen at the end of the month.", ("jane-cole",)),
            st(1, "c", "Cole said that the bridge is to reopen this month, ending two years of works.",
               ("jane-cole",))]
    sts = [aside, *ones]
    fact = Fact("f1", aside.text, "corroborated", ("a", "b", "c"),
                tuple(Variant(x.article, x.id, x.text, x.start, x.end) for x in sts), 3)
    analysis = SimpleNamespace(results=[], entities=[], quotes=[],
                               articles=[SimpleNamespace(id=a, published="2024-05-03", label=a) for a in "abc"])
    told = summarize(analysis, sts, [fact], [], np.eye(len(sts)))  # type: ignore[arg-type]
    # the wording of best length among the mayor's three (27 words: 5 from a summary sentence's 22)
    assert [t.text for t in told] == [ones[0].text]
    # two wordings of the spokesman's against two of the mayor's: nobody acts in most of them,
    # and the wording of the best length is told
    two = [aside, st(3, "a", "The spokesman was commenting after the mayor spoke.", ("ivan-petrov",)), *ones[1:]]
    fact2 = Fact("f1", aside.text, "corroborated", ("a", "b", "c"),
                 tuple(Variant(x.article, x.id, x.text, x.start, x.end) for x in two), 3)
    told = summarize(analysis, two, [fact2], [], np.eye(len(two)))  # type: ignore[arg-type]
    assert told[0].text == aside.text


def test_compare_summary_tells_a_fact_in_a_wording_that_does_not_continue_another_sentence():
    from types import SimpleNamespace

    import numpy as np

    from newsprism.model import Fact, Statement, Variant
    from newsprism.tell.summary import summarize

    def st(i, art, text):
        return Statement(id=f"{art}:s{i}", article=art, start=0, end=len(text), text=text, sentence=i)

    # "However, ..." is the second half of what b's sentence says whole; it is told though its
    # length is nearer a summary sentence's, only when it is the one wording there is
    half = st(2, "a", "However, the mayor insists that the repairs must first be finished and paid for by the "
                      "state before the bridge reopens.")
    whole = st(1, "b", "The mayor is open to reopening the old bridge over the river this month, but any reopening "
                       "must be preceded by the end of the repairs and their payment by the state, she said on Friday.")
    analysis = SimpleNamespace(results=[], entities=[], quotes=[],
                               articles=[SimpleNamespace(id=a, published="2024-05-03", label=a) for a in "ab"])
    fact = Fact("f1", whole.text, "corroborated", ("a", "b"),
                tuple(Variant(x.article, x.id, x.text, x.start, x.end) for x in (half, whole)), 2)
    told = summarize(analysis, [half, whole], [fact], [], np.eye(2))  # type: ignore[arg-type]
    assert [t.text for t in told] == [whole.text]
    alone = Fact("f1", half.text, "unique", ("a",), (Variant("a", half.id, half.text, half.start, half.end),), 1)
    told = summarize(analysis, [half, whole], [alone], [], np.eye(2))  # type: ignore[arg-type]
    assert [t.text for t in told] == ["The mayor insists that the repairs must first be finished and paid for by "
                                      "the state before the bridge reopens."]


def test_compare_seeds_spokesperson_speaks_for_the_kremlin(seeds_analysis):
    from newsprism.compare.statements import build_statements, spokespeople
    voices = spokespeople(seeds_analysis)
    assert voices.get("dmitry-peskov") == frozenset({"kremlin"})
    assert "vladimir-putin" not in voices  # "Kremlin leader" is not a spokesperson's title
    peskov = [s for s in build_statements(seeds_analysis) if s.speaker == "dmitry-peskov"]
    assert peskov and all(s.speaks_for == ("kremlin",) for s in peskov)


def test_compare_seeds_quote_group_and_framing(seeds_analysis):
    c = seeds_analysis.comparison
    groups = [g for g in c.quote_groups if g.speaker == "dmitry-peskov" and {a[:3] for a in g.articles} >= {"000", "001"}]
    assert groups
    terms = {t for r in c.framing for t in r.terms}
    assert {"Kiev", "Kyiv", "Türkiye", "Turkey", "Zelensky", "Zelenskyy"} <= terms
    assert {"Kremlin leader", "Russian ruler"} <= terms


def test_compare_seeds_timeline(seeds_analysis):
    tl = seeds_analysis.narrative.timeline
    dates = [e.date for e in tl]
    assert dates == sorted(dates)
    bg = {e.date for e in tl if e.background}
    assert {"2019-12", "2022-03"} <= bg
    assert "2025-06-02" in dates and "2025-05-16" in dates
    assert not any(e.background for e in tl if e.date.startswith("2025-05"))
    # "met in Istanbul on May 16, marking the first formal negotiations since 2022" happened on
    # May 16: "since 2022" bounds a span, it is not a second event in 2022
    since = [e for e in tl if any("first formal negotiations since" in w for w in e.wordings.values())]
    assert [e.date for e in since] == ["2025-05-16"]
    # read on the seeds: 000 ("in Istanbul on Friday"), 002 ("On May 16 ...") and 003 ("last met
    # in Istanbul on May 16") report the day's talks; the matrix keeps 000's and 003's wordings
    # in two facts (the grouping does not chain), 002's one sentence being a wording of both
    assert {a[:3] for a in since[0].articles} == {"000", "002", "003"}
    # 001's undated wordings of the Kremlin's word on the meeting are of that day's event
    kremlin = [e for e in tl if e.event.startswith("The Kremlin said on Friday that a meeting")]
    assert [(e.date, {a[:3] for a in e.articles}) for e in kremlin] == [("2025-05-16", {"000", "001"})]
    # with no other date in the sentence the span's start is the background event
    assert any(e.date == "2019-12" and "since December 2019" in e.event for e in tl)


def test_compare_date_naming_a_thing_is_not_the_event_date():
    # published Friday 2024-03-08: the vote was on Wednesday the 6th; "the Jan. 6 riot" names
    # what the commission is about, it is not a second event in January
    text = ("The House passed a bill on Wednesday that would create a commission into the Jan. 6 riot "
            "at the Capitol. Negotiators agreed a prisoner exchange at the Feb. 20 talks in Geneva. "
            "The attorney general authorized a probe of irregularities in the 2020 presidential election. "
            "The governor ordered an audit of irregularities in this year's primary election.")
    tl = analyze([doc("a", text, "Alpha News")]).narrative.timeline
    by_text = {e.event.split()[1]: e.date for e in tl}
    assert by_text["House"] == "2024-03-06"
    assert not any(e.date == "2024-01-06" for e in tl)
    # the talks named by their date are when the exchange was agreed ("at" the talks)
    assert by_text["agreed"] == "2024-02-20"
    # the election named by its year is not when the probe was authorized
    assert "attorney" not in by_text and "governor" not in by_text
    assert not any(e.date in ("2020", "2024") for e in tl)


def test_compare_baseline_and_holiday_dates_are_not_event_dates():
    # published Friday 2024-03-08: claims fell last week, not in mid-January ("the lowest level
    # since" measures from it); the party was on Saturday, "July Fourth" names the party
    text = ("Jobless claims fell last week to the lowest level since mid-January, the department said. "
            "The mayor hosted a July Fourth party Saturday at which he thanked the firefighters.")
    tl = analyze([doc("a", text, "Alpha News")]).narrative.timeline
    by_text = {e.event.split()[1]: e.date for e in tl if not e.background}
    assert not any(e.date.startswith("2024-01") for e in tl)
    assert not any(e.date.endswith("07-04") for e in tl)
    assert by_text["mayor"] == "2024-03-02"
    # a year the parser hangs on another modifier of the noun still names the decision
    text = ("On Friday the judge said the ban runs afoul of the Second Amendment and the Supreme "
            "Court's landmark 2008 D.C. v. Heller decision.")
    tl = analyze([doc("a", text, "Alpha News")]).narrative.timeline
    assert [e.date for e in tl] == ["2024-03-08"]
    # a relative clause's date is when its noun's thing happened, not the main clause's
    text = "The senator railed against players who protested at Thursday night's games, aides said."
    tl = analyze([doc("a", text, "Alpha News")]).narrative.timeline
    assert not [e.date for e in tl]
    # "established last year" dates the moratorium, not the judge's ruling
    text = "A federal judge on Wednesday vacated the moratorium on evictions established last year."
    tl = analyze([doc("a", text, "Alpha News")]).narrative.timeline
    assert [e.date for e in tl] == ["2024-03-06"]


def test_compare_clock_time_gives_way_to_the_day_named():
    # published Friday 2024-03-08: "just before 5pm" is anchored to the publication day by
    # itself, but the clause names its day: Saturday the 2nd
    text = "Local media said the fighters stormed the hotel just before 5pm local time on Saturday."
    tl = analyze([doc("a", text, "Alpha News")]).narrative.timeline
    assert [e.date for e in tl] == ["2024-03-02"]


def test_compare_time_of_a_day_dates_the_event():
    # "Monday morning" is a time (TIMEX 2024-03-11TMO) of a known day; "Monday" in front of
    # "morning" is part of that time, not a date naming a thing
    text = ("On Monday morning, the prosecution and defense will sum up to the jury in the trial of the "
            "former officer charged over a death last May.")
    tl = analyze([doc("a", text, "Alpha News")]).narrative.timeline
    assert "2024-03-11" in [e.date for e in tl]


@pytest.mark.parametrize("exact_limit", [60, 0])  # exact Jaccard, and the MinHash LSH path
def test_compare_independence_finds_copies_both_ways(monkeypatch, exact_limit):
    from newsprism.compare import align as align_mod

    monkeypatch.setattr(align_mod, "EXACT_COPY_LIMIT", exact_limit)
    wire = ("The city council voted on Tuesday to close the old harbour bridge for repairs lasting two years, "
            "a spokesperson for the council said after a long meeting that ran late into the evening.")
    result = analyze([doc("wire", wire, "Wire Agency"), doc("copy", wire + " Reporting by staff.", "Local Daily"),
                      doc("own", OTHER, "Other Paper"), doc("same-outlet", SWAP_A, "Wire Agency")], compare=False)
    indep = align_mod.independence(result)
    assert indep["wire"] == indep["copy"] == indep["same-outlet"]
    assert indep["own"] != indep["wire"]


def test_compare_date_conflict_needs_both_articles_able_to_tell_the_day():
    from newsprism.compare.conflicts import find_conflicts
    from newsprism.model import Fact, Statement, Variant

    def st(article: str, day: str) -> Statement:
        return Statement(id=f"{article}:s1", article=article, start=0, end=10, text="Ryan met Trump.",
                         sentence=0, dates=(day,))

    def fact(*sts: Statement) -> list[Fact]:
        return [Fact("f1", "Ryan met Trump.", "corroborated", tuple(s.article for s in sts),
                     tuple(Variant(s.article, s.id, s.text, 0, 10) for s in sts), len(sts))]

    # published the same day, two different past days for one event: a conflict
    a, b = st("a", "2016-05-12"), st("b", "2016-05-11")
    same_day = {"a": "2016-05-12", "b": "2016-05-12"}
    assert [c.kind for c in find_conflicts(fact(a, b), {s.id: s for s in (a, b)}, published=same_day)] == ["date"]
    # b was published on May 5, before a's May 12: b cannot have told of a's day, so the two
    # statements tell of different events (a week of developments), not a contradiction
    a, b = st("a", "2016-05-12"), st("b", "2016-05-05")
    week_apart = {"a": "2016-05-12", "b": "2016-05-05"}
    assert find_conflicts(fact(a, b), {s.id: s for s in (a, b)}, published=week_apart) == []
    # two plans for a day still to come disagree, whenever they were published
    a, b = st("a", "2016-06-02"), st("b", "2016-06-03")
    assert [c.kind for c in find_conflicts(fact(a, b), {s.id: s for s in (a, b)}, published=week_apart)] == ["date"]


def test_compare_timeline_flags_the_date_conflicts_the_comparison_reports():
    # the timeline's "[conflicting dates]" follows the comparison's date conflicts, so a
    # week of developments (no conflict there) is not flagged in the timeline either
    from types import SimpleNamespace

    from newsprism.model import Conflict, Fact, Statement, Variant
    from newsprism.tell.timeline import build_timeline

    a = Statement(id="a:s1", article="a", start=0, end=9, text="Ryan met Trump on Thursday.", sentence=0,
                  dates=("2016-05-12",))
    b = Statement(id="b:s1", article="b", start=0, end=9, text="Ryan spoke on Thursday.", sentence=0,
                  dates=("2016-05-05",))
    fact = Fact("f1", a.text, "corroborated", ("a", "b"),
                (Variant("a", a.id, a.text, 0, 9), Variant("b", b.id, b.text, 0, 9)), 2)
    analysis = SimpleNamespace(articles=[SimpleNamespace(id="a", published="2016-05-12"),
                                         SimpleNamespace(id="b", published="2016-05-05")], entities=[],
                               mentions=[])
    flagged = [e.conflicting for e in build_timeline(analysis, [a, b], [fact], [])]  # type: ignore[arg-type]
    assert flagged == [False, False]
    conflict = Conflict("f1", "date", {"a": ("2016-05-12",), "b": ("2016-05-05",)}, "different dates")
    flagged = [e.conflicting for e in build_timeline(analysis, [a, b], [fact], [conflict])]  # type: ignore[arg-type]
    assert flagged == [True, True]


def test_compare_voice_of_a_sentence():
    from newsprism.tell.voice import dangling, voiced

    assert voiced("I think this year will be unpredictable.")
    assert voiced("We will appeal, the company said.")
    assert voiced("Instead of stressing out, let's use this time to rest.")
    # first person inside quotation marks is reported speech, also when the quotation
    # began before the sentence or runs on past it
    assert not voiced('Trump said he would meet Putin "as soon as we can set it up".')
    assert not voiced('I look forward to the discussion," Ryan tweeted on Friday.')
    assert not voiced('Ryan said on Friday: "I look forward to')
    assert not voiced("US officials met Iranian envoys in Oman.")
    assert dangling("He begged lawmakers to act.") and dangling('"It is over," she said.')
    assert dangling("But it may morph into something bigger.") and dangling("However, they left.")
    assert not dangling("But Ryan's statement was a reminder.") and not dangling("So far, talks failed.")
    # a demonstrative before a noun points back: "That round resulted in ..."
    assert dangling("That round resulted in the largest prisoner exchange to date.")
    assert dangling("These talks failed.") and dangling("This decision angered Kyiv.")
    assert dangling("But that lopsided vote conceals deep fractures.")  # also after a connective
    # not "Those who ...", nor the time of writing
    assert not dangling("Those who oppose the plan say it is too costly.")
    assert not dangling("This week Russia said it would attend.") and not dangling("These days are gone.")
    assert dangling("This comes after police said they would act.") and not dangling("This week, talks resumed.")
    assert not dangling("Hemingway wrote it.") and not dangling("The president left.")
    # an opening phrase that names nobody, then the pronoun
    assert dangling("As interior secretary, she will lead a powerful department.")
    assert dangling("In a statement on Monday, he said the talks failed.")
    assert not dangling("When Hochul takes over, she will be the first woman in the post.")
    assert not dangling("In a statement, the ministry said it was ready.")
    assert dangling("For conservatives and some media critics, that's part of a larger issue.")
    # a subordinate clause without its main clause
    assert dangling("Where almost every candidate seemed content to tread water and play it safe.")
    assert dangling("While the two sides were still far apart on the main issues.")
    assert not dangling("While Sanders insisted on it, the debate was a flat showcase.")
    assert not dangling("Where do the talks go from here?")
    assert dangling("Only if they think that an abuse is occurring under the president.")
    assert not dangling("If the court agrees, the law falls.")
    # a lead-in to what follows it
    assert dangling("Here's a look at the partisan claims behind the latest fight:")


def _timeline_of(statements, facts):
    from types import SimpleNamespace

    from newsprism.tell.timeline import build_timeline

    arts = sorted({s.article for s in statements})
    analysis = SimpleNamespace(articles=[SimpleNamespace(id=a, published="2024-05-03") for a in arts],
                               entities=[], mentions=[])
    return build_timeline(analysis, statements, facts, [])  # type: ignore[arg-type]


def _fact(fid, *statements):
    from newsprism.model import Fact, Variant

    return Fact(fid, statements[0].text, "corroborated", tuple(sorted({s.article for s in statements})),
                tuple(Variant(s.article, s.id, s.text, s.start, s.end) for s in statements), len(statements))


def test_compare_timeline_one_event_for_two_facts_of_a_day_that_share_a_wording():
    # b's one sentence is a wording of both facts (the grouping kept a's and c's apart, their
    # words being far apart): the day's event is the same, and all three outlets report it
    from newsprism.model import Statement

    a = Statement(id="a:s1", article="a", start=0, end=9, sentence=0, dates=("2024-05-02",),
                  text="The two delegations were in Geneva on Thursday for their first talks in a year.")
    b = Statement(id="b:s1", article="b", start=0, end=9, sentence=0, dates=("2024-05-02",),
                  text="On May 2 the two sides held their first talks in a year in Geneva.")
    c = Statement(id="c:s1", article="c", start=0, end=9, sentence=0, dates=("2024-05-02",),
                  text="Negotiators last met on May 2, the first formal round since last spring.")
    other = Statement(id="c:s2", article="c", start=10, end=19, sentence=1, dates=("2024-05-02",),
                      text="The central bank raised rates on May 2.")
    events = _timeline_of([a, b, c, other], [_fact("f1", a, b), _fact("f2", b, c)])
    assert sorted((e.date, e.articles) for e in events) == [
        ("2024-05-02", ("a", "b", "c")), ("2024-05-02", ("c",))]
    assert next(e for e in events if len(e.articles) == 3).event == a.text


def test_compare_timeline_an_undated_wording_of_a_one_day_fact_is_of_its_event():
    from newsprism.model import Statement

    dated = Statement(id="a:s1", article="a", start=0, end=9, sentence=0, dates=("2024-05-02",),
                      text="The ministry said on Thursday that the plant would close.")
    undated = Statement(id="b:s1", article="b", start=0, end=9, sentence=0,
                        text="The ministry has said the plant will close.")
    repeated = Statement(id="c:s1", article="c", start=0, end=9, sentence=0, repeated=True,
                         text="The ministry has repeatedly said the plant would close.")
    events = _timeline_of([dated, undated, repeated], [_fact("f1", dated, undated, repeated)])
    assert [(e.date, e.articles) for e in events] == [("2024-05-02", ("a", "b"))]
    # an undated wording is of its article's day: one published long after the fact's day does
    # not report that day's event ("the coalition of 2008" beside a 2016 campaign's wordings)
    events = _timeline_of([replace(dated, dates=("2024-04-02",)), undated], [_fact("f1", dated, undated)])
    assert [(e.date, e.articles) for e in events] == [("2024-04-02", ("a",))]
    # a fact of two days: an undated wording could be of either, so it is of neither
    later = Statement(id="c:s2", article="c", start=10, end=19, sentence=1, dates=("2024-05-03",),
                      text="The ministry said on Friday that the plant would close.")
    events = _timeline_of([dated, undated, later], [_fact("f1", dated, undated, later)])
    assert sorted((e.date, e.articles) for e in events) == [("2024-05-02", ("a",)), ("2024-05-03", ("c",))]


def test_compare_timeline_a_sentence_of_two_days_is_not_shown_twice_beside_its_article():
    from newsprism.model import Statement

    two = Statement(id="a:s1", article="a", start=0, end=9, sentence=0, dates=("2024-05-01", "2024-05-06"),
                    text="On Wednesday the minister confirmed the plan and proposed a vote on May 6.")
    vote = Statement(id="a:s2", article="a", start=10, end=19, sentence=1, dates=("2024-05-06",),
                     text="The vote is expected on Monday, May 6.")
    events = _timeline_of([two, vote], [])
    assert [(e.date, e.event) for e in events] == [("2024-05-01", two.text), ("2024-05-06", vote.text)]
    # with no other row of its article that day, it is that day's event too
    events = _timeline_of([two], [])
    assert [e.date for e in events] == ["2024-05-01", "2024-05-06"]
    # two days before the article's (2024-05-03): both are events of their own, whatever else
    # the article says of either ("between 2000 and 2012 ...", "in 2012 ...")
    span = Statement(id="a:s3", article="a", start=20, end=29, sentence=2, dates=("2000", "2012"),
                     text="Between 2000 and 2012 the party won every county.")
    other = Statement(id="a:s4", article="a", start=30, end=39, sentence=3, dates=("2012",),
                      text="In 2012 the turnout fell.")
    events = _timeline_of([span, other], [])
    assert sorted((e.date, e.event) for e in events) == [
        ("2000", span.text), ("2012", span.text), ("2012", other.text)]


def test_compare_timeline_gives_first_person_words_their_speaker():
    from types import SimpleNamespace

    from newsprism.model import Entity, Statement
    from newsprism.tell.timeline import build_timeline

    said = Statement(id="a:s1", article="a", start=0, end=9, sentence=0, dates=("2016-05-13",),
                     text="I've invited him for a meeting next week", speaker="paul-ryan")
    nobody = Statement(id="a:s2", article="a", start=10, end=19, sentence=1, dates=("2016",),
                       text="The one thing I think you can predict of this year is surprise.")
    report = Statement(id="a:s3", article="a", start=20, end=29, sentence=2, dates=("2016-05-12",),
                       text="while Ryan met Trump on Thursday, the rally went on.")
    analysis = SimpleNamespace(articles=[SimpleNamespace(id="a", published="2016-05-13")],
                               entities=[Entity("paul-ryan", "Paul Ryan", "PERSON", (), ("a",))], mentions=[])
    tail = Statement(id="a:s4", article="a", start=30, end=39, sentence=3, dates=("2016-05-11",),
                     text='This is not about President Trump," Pelosi maintained on Wednesday.')
    events = build_timeline(analysis, [said, nobody, report, tail], [], [])  # type: ignore[arg-type]
    assert [(e.date, e.event) for e in events] == [
        # a sentence that begins inside a quotation gets its opening mark, as in the summary
        ("2016-05-11", '"This is not about President Trump," Pelosi maintained on Wednesday.'),
        # a clause cut from its sentence opens the row with a capital
        ("2016-05-12", "While Ryan met Trump on Thursday, the rally went on."),
        ("2016-05-13", 'Paul Ryan: "I\'ve invited him for a meeting next week"'),
    ]


def test_compare_timeline_shows_the_sentence_of_a_bare_attribution():
    from types import SimpleNamespace

    from newsprism.model import Sentence, Statement
    from newsprism.tell.timeline import build_timeline

    # the parser may cut "..., a person familiar with the matter said Friday." off as a clause of
    # its own: it says only who said it, so the row shows the sentence
    text = "The lawyer secretly recorded a call with the candidate, a person familiar with the matter said Friday."
    cut = text.index("a person")
    said = Statement(id="a:s2", article="a", start=cut, end=len(text), sentence=0, dates=("2024-03-08",),
                     text=text[cut:])
    article = SimpleNamespace(id="a", published="2024-03-08", text=text)
    analysis = SimpleNamespace(articles=[article], entities=[], mentions=[],
                               results=[SimpleNamespace(article=article, sentences=(Sentence(0, len(text), 0),))])
    events = build_timeline(analysis, [said], [], [])  # type: ignore[arg-type]
    assert [(e.date, e.event) for e in events] == [("2024-03-08", text)]


def test_compare_timeline_names_the_person_an_opening_pronoun_stands_for():
    # "He failed to form a coalition ..." alone in a timeline row does not say who
    result = analyze([doc("a", "Benjamin Netanyahu won the Likud primary on Thursday, officials said. "
                               "He failed to form a ruling coalition after inconclusive votes in April "
                               "and September of last year. His rival Gideon Saar conceded on Friday.",
                          "Alpha News", "2019-12-28")])
    events = {e.event for e in result.narrative.timeline}
    assert "[Benjamin Netanyahu] failed to form a ruling coalition after inconclusive votes in April " \
           "and September of last year." in events, events
    assert "[Benjamin Netanyahu's] rival Gideon Saar conceded on Friday." in events, events


@pytest.mark.parametrize(("text", "value"), [
    ("1,000", 1000.0), ("3.5 billion", 3.5e9), ("2.5m", 2.5e6), ("five", 5.0),
    # a range is its low end at the scale after the high end ("$40-50 billion" was 40)
    ("$40-50 billion", 4e10), ("10 to 20 million", 1e7), ("5-6 percent", 5.0),
])
def test_compare_number_values(text, value):
    from newsprism.annotate.numbers import parse_value

    assert parse_value(text) == value


def test_compare_range_against_a_floor_is_no_conflict():
    # "much more than $30 billion a year" against "the $40-50 billion touted": the range
    # was read as $40 and reported as a different figure
    result = analyze([
        doc("a", "Analysts say farm exports to China could reach much more than $30 billion a year "
                 "only if Beijing cuts its tariffs on soybeans and pork.", "Alpha News"),
        doc("b", "Analysts say farm exports to China could reach the $40-50 billion a year touted "
                 "only if Beijing cuts its tariffs on soybeans and pork.", "Beta Times"),
    ])
    facts = [f for f in result.comparison.facts if len(f.articles) == 2]
    assert facts, [f.text for f in result.comparison.facts]
    assert not [c for c in result.comparison.conflicts if c.kind == "number"]


@pytest.mark.parametrize(("raw", "shown"), [
    ('"We will not sign," Berg said.', '"We will not sign," Berg said.'),
    ('"The draft gives away too much."', "The draft gives away too much."),
    # a sentence that begins inside a quotation gets its opening mark, one that runs on
    # past its end its closing mark; a sentence in parentheses loses them
    ('And we are going," said Brent Sherwood.', '"And we are going," said Brent Sherwood.'),
    ('He called it "a disgrace."', 'He called it "a disgrace."'),
    ("(SpaceX has declined to confirm that.).", "SpaceX has declined to confirm that."),
    # a label goes, a speaker does not ("Roth said:" was taken for a label)
    ("Details: the talks ended", "The talks ended."),
    ("Editor's note: The IRS is developing procedures.", "The IRS is developing procedures."),
    ("Why it matters: There is almost no chance of this bill becoming law.",
     "There is almost no chance of this bill becoming law."),
    ("Pelosi told reporters: the bill is ready.", "Pelosi told reporters: the bill is ready."),
    ("Trump had one message: the bill is dead.", "Trump had one message: the bill is dead."),
    ('Roth said: "We are ready to bid', 'Roth said: "We are ready to bid".'),
    ('Peskov: "We are ready."', 'Peskov: "We are ready."'),
    # typewriter quotation marks ('' and ``, as some archives write them) pair up like the others
    ("Over all, she has avoided a sweeping overhaul. ''", "Over all, she has avoided a sweeping overhaul."),
    ("''It is tinkering at the edges,'' said an economist.", '"It is tinkering at the edges," said an economist.'),
    ("``We are ready,'' he said.", '"We are ready," he said.'),
    # a connective leans on the article's previous sentence, which the summary does not have
    ("However, the Russian leader insists on results first.", "The Russian leader insists on results first."),
    ("But analysts doubt it", "Analysts doubt it."),
    ("Meanwhile, talks resumed.", "Talks resumed."),
    ('However, Peskov said "we are ready."', 'Peskov said "we are ready."'),
    ('"But we will go."', "But we will go."),
    ("Yesterday talks resumed.", "Yesterday talks resumed."),
    ("Andrew Smith left.", "Andrew Smith left."),
])
def test_compare_summary_sentence_tidied(raw, shown):
    from newsprism.tell.summary import _tidy

    assert _tidy(raw) == shown


def test_compare_size_of_a_named_product_is_not_a_count():
    # "the 13-inch MacBook Pro" and "the 16-inch MacBook Pro" are two models, not one count
    from newsprism.annotate.nlp import load_nlp
    from newsprism.annotate.numbers import find_numbers

    doc_ = load_nlp()("Apple replaced the 15-inch MacBook Pro. He caught a 20-pound fish.")
    found = {n.text: (n.unit, n.counts) for n in find_numbers(doc_, "a", [])}
    assert found["15-inch"] == ("inch", None)
    assert found["20-pound"] == ("pound", "fish")
    result = analyze([
        doc("a", "Apple released the 16-inch MacBook Pro with a redesigned keyboard and a larger "
                 "battery on Wednesday, its first new laptop design in three years.", "Alpha News"),
        doc("b", "Apple released the 13-inch MacBook Pro with a redesigned keyboard and a larger "
                 "battery on Wednesday, its first new laptop design in three years.", "Beta Times"),
    ])
    assert any(len(f.articles) == 2 for f in result.comparison.facts)
    assert not [c for c in result.comparison.conflicts if c.kind == "number"]


def test_compare_summary_gives_an_unnamed_speaker_a_capital_and_no_false_date_conflict():
    quote = ('"We cannot afford this plan. The state will go broke without more help from the federal '
             'government," the governor said on Monday.')
    result = analyze([
        doc("a", "The state budget vote was delayed on Monday in Albany. " + quote, "Alpha News", "2024-03-12"),
        doc("b", "Lawmakers delayed the state budget vote in Albany on Monday. " + quote, "Beta Times", "2024-03-12"),
    ])
    texts = [s.text for s in result.narrative.summary]
    assert 'The governor said: "We cannot afford this plan."' in texts, texts
    # both outlets put the delay on Monday the 11th: nothing to report as a disagreement
    assert not result.comparison.conflicts


def test_compare_summary_does_not_give_a_quotation_to_an_unresolved_pronoun():
    quote = 'He told reporters: "We cannot afford this plan. The state will go broke without more federal help."'
    result = analyze([
        doc("a", "The state budget vote was delayed on Monday in Albany. " + quote, "Alpha News", "2024-03-12"),
        doc("b", "Lawmakers delayed the state budget vote in Albany on Monday. " + quote, "Beta Times", "2024-03-12"),
    ])
    texts = [s.text for s in result.narrative.summary]
    assert texts and not any(t.startswith("He said") for t in texts), texts


def test_compare_source_lines_and_section_labels_are_not_claims():
    text = ("The council said on Monday that the harbour bridge will stay closed until the end of the year.\n\n"
            "Source: Harbour Gazette; City Radio; Telegram channel of the mayor's office, publishing her comments\n\n"
            "Details: The mayor added that repairs to the old harbour bridge had taken far longer than planned.")
    c = analyze([doc("a", text, "Alpha News")]).comparison
    texts = [s.text for s in c.statements]
    assert not any("Telegram channel" in t or "City Radio" in t for t in texts), texts
    added = next(s for s in c.statements if "repairs" in s.text)
    assert added.text.startswith("The mayor added") and text[added.start:added.end] == added.text
