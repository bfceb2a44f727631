"""Cleaning: boilerplate out, paragraphs rebuilt, repeats dropped, metadata found, nothing lost."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from newsprism.clean import clean_document
from newsprism.clean.lines import classify
from newsprism.model import RawDocument

from .conftest import seed


def clean_text(text: str, **meta: str):
    return clean_document(RawDocument(id="t", source="t", text=text, format="text", meta=meta))


def alnum(text: str) -> Counter[str]:
    return Counter(c for c in text if c.isalnum())


def read(prefix: str) -> str:
    return seed(prefix).read_text("utf-8")


# --- line classifier (hand-made lines) --------------------------------------------------------

@pytest.mark.parametrize(("line", "kind"), [
    ("Photo: AFP", "credit"),
    ("Stock photo: Getty Images", "credit"),
    ("Minister Jane Roe at the summit. Photo: Reuters", "credit"),
    ("Harbour at dawn \u00a9 John Smith", "credit"),
    ("REUTERS/Maxim Petrov", "credit"),
    ("Related news", "related"),
    ("Read more", "related"),
    ("Related article: Why the talks stalled", "related"),
    ("All Sections", "related"),
    ("Original url:", "url_header"),
    ("https://example.com/2024/01/02/story", "url"),
    ("date 2024-03-05", "dateline"),
    ("May 03, 2013", "dateline"),
    ("Friday, 16 May 2025, 13:57", "dateline"),
    ("Jane RoeMonday, 4 March 2024, 10:15", "byline"),
    ("By John Smith", "byline"),
    ("The minister said the photo: a fake, was never taken by the agency that day, officials added.", "content"),
    ("Read the statement carefully before you vote, the chairman told the assembly on Monday.", "content"),
])
def test_clean_classify_lines(line, kind):
    assert classify(line).kind == kind


# --- paragraphs -------------------------------------------------------------------------------

def test_clean_joins_hard_wrapped_lines():
    text = ("The committee will meet in Geneva next week to discuss the proposal, but\n"
            "officials say no agreement is expected before the end of the month, a\n"
            "spokesperson told reporters on Monday in a short statement.\n\n"
            "The second paragraph starts here and continues for a while until it is\n"
            "wrapped onto another line of about the same width as the others are.\n")
    a = clean_text(text)
    assert a.text.split("\n\n") == [
        "The committee will meet in Geneva next week to discuss the proposal, but officials say no "
        "agreement is expected before the end of the month, a spokesperson told reporters on Monday "
        "in a short statement.",
        "The second paragraph starts here and continues for a while until it is wrapped onto another "
        "line of about the same width as the others are.",
    ]


def test_clean_keeps_one_paragraph_per_line_text_and_headlines_apart():
    text = ("The first paragraph is a complete sentence that ends with a full stop.\n"
            "A subheading in the middle\n"
            "Another paragraph follows the subheading and also ends properly.\n")
    a = clean_text(text)
    assert a.text.split("\n\n") == [
        "The first paragraph is a complete sentence that ends with a full stop.",
        "A subheading in the middle",
        "Another paragraph follows the subheading and also ends properly.",
    ]


def test_clean_rejoins_url_broken_across_lines():
    text = ("Body of the story, long enough to be a paragraph of its own here.\n\nOriginal url:\n"
            "https://www.example.com/2024/02/03/a-long-slug-that-was-broken-by-the-wrapping-of-this-te\n"
            "xt-here-a123\n")
    a = clean_text(text)
    assert a.url == "https://www.example.com/2024/02/03/a-long-slug-that-was-broken-by-the-wrapping-of-this-text-here-a123"
    assert a.published == "2024-02-03"
    assert "example.com" in a.evidence["outlet"]


def test_clean_drops_near_duplicate_paragraph_but_keeps_distinct_ones():
    tail = "under pressure from the United Nations to end the region's longest conflict since the war."
    p1 = f"Negotiators from both countries were in Geneva on Monday for what was billed as their first talks in years, {tail}"
    p2 = f"Negotiators from both countries met in Geneva on Monday at their first talks in years, {tail}"
    p3 = "The foreign minister said on Monday that he would travel to Geneva as soon as it could be arranged."
    a = clean_text("\n".join([p1, p3, p2]))
    assert a.text.split("\n\n") == [p1, p3]
    assert [r.reason for r in a.removed] == ["repeats an earlier paragraph"]


def test_clean_title_repeated_in_body_appears_once():
    title = "Ministers Agree to Meet Again Next Month"
    lead = "Ministers from both sides agreed on Tuesday to meet again next month, officials said."
    a = clean_text(f"{title}\n\nPhoto: AFP\n\n{title}\n\n{lead}\n\nRelated news\n\n{lead}")
    assert a.title == title
    assert a.text == lead


@pytest.mark.parametrize(("lead", "body"), [
    ("WASHINGTON (AP) \u2014 ", "The Senate voted on Tuesday to fund the government."),
    ("MOSCOW, May 16 (Reuters) - ", "Russia said on Friday that talks would go on."),
    ("Jerusalem (CNN)", "Israeli Prime Minister Benjamin Netanyahu won the party primary."),
    ("(CNN) -- ", "The Senate voted on Tuesday to fund the government."),
    ("WASHINGTON, D.C. \u2013 ", "Sen. Chuck Grassley said the bill would pass."),
    ("LOS ANGELES/SHANGHAI (Reuters) - ", "Tesla cut its prices in China on Friday."),
])
def test_clean_news_dateline_is_taken_off_the_first_sentence(lead, body):
    src = f"Senate Passes the Spending Bill\n\n{lead}{body}\n\nA second paragraph follows here, as usual."
    a = clean_text(src)
    assert a.text.split("\n\n")[0] == body
    kept = [r for r in a.removed if r.reason.startswith("news dateline")]
    assert len(kept) == 1 and src[kept[0].source_start:kept[0].source_end].strip() == lead.strip()


@pytest.mark.parametrize("lead", ["Amnesty International (AI) said the trial was unfair.",
                                  "Putin (left) met Trump in Helsinki on Monday.",
                                  "NATO said on Monday that it would send more troops."])
def test_clean_no_dateline_is_left_alone(lead):
    a = clean_text(f"Senate Passes the Spending Bill\n\n{lead}\n\nA second paragraph follows here, as usual.")
    assert a.text.split("\n\n")[0] == lead


@pytest.mark.parametrize("disclaimer", [
    "The opinions expressed in these commentaries are those of the authors.",
    "The views expressed here are the writer's own.",
    "(The views expressed in this column are solely those of the author.)",
])
def test_clean_opinion_disclaimer_is_dropped(disclaimer):
    src = f"The debate was flat. {disclaimer} Buttigieg won, the panel said.\n\n{disclaimer}"
    a = clean_text(src)
    assert a.text == "The debate was flat. Buttigieg won, the panel said."
    gone = [src[r.source_start:r.source_end].strip() for r in a.removed if r.reason == "opinion disclaimer"]
    assert gone == [disclaimer, disclaimer]
    # reported, it is the story's
    said = "He said the opinions expressed in the article are those of the author, not the paper's."
    assert clean_text(said).text == said


def test_clean_normalises_quotes_dashes_spaces_and_mojibake():
    a = clean_text("\u201cWe will\u2026 go,\u201d she said\u00a0\u2013 it\u2019s Europe\u00e2\u20ac\u2122s call.")
    assert a.text == "\"We will... go,\" she said \u2013 it's Europe's call."


def test_clean_drops_a_closing_bracket_glued_to_a_sentence_start():
    a = clean_text("It all comes down to intent. ]On Monday morning, the two sides will sum up.\n\n"
                   ")The jury then retires. Putin (left) met Trump. [Editor's note: updated.] It ends (soon).")
    assert a.text == ("It all comes down to intent. On Monday morning, the two sides will sum up.\n\n"
                      "The jury then retires. Putin (left) met Trump. [Editor's note: updated.] It ends (soon).")


def test_clean_offsets_point_back_to_source():
    src = "Title Of A Story Here\n\nPhoto: AFP\n\nThe  minister\u2019s  \u201cplan\u201d was approved on Friday."
    a = clean_text(src)
    i = a.text.index("plan")
    s, e = a.source_span(i, i + 4)
    assert src[s:e] == "plan"
    j = a.text.index("approved")
    s, e = a.source_span(j, j + 8)
    assert src[s:e] == "approved"


def test_clean_metadata_from_jsonl_fields_wins_over_text_cues():
    a = clean_text("date 2024-01-01\n\nSome story text that is long enough to stand on its own line.",
                   published="2024-02-02T10:30:00Z", outlet="Example News")
    assert (a.published, a.published_time, a.outlet) == ("2024-02-02", "10:30", "Example News")


# --- the seeds (expectations checked by reading them) ------------------------------------------

@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_clean_seed_loses_nothing(prefix):
    """Every letter of the source is in the cleaned text or in a removed piece with its reason."""
    src = read(prefix)
    a = clean_document(RawDocument(id=prefix, source=prefix, text=src, format="text"))
    removed = Counter()
    for r in a.removed:
        removed += alnum(r.text)
        if len(r.text) > 160:  # only repeats may remove long text
            assert r.reason in {"repeats an earlier paragraph", "repeats the title"}, r
    assert alnum(a.text) + removed == alnum(src)


def test_clean_seed_001_metadata_and_boilerplate():
    a = clean_document(RawDocument(id="001", source="001", text=read("001"), format="text"))
    assert a.author == "Anastasia Protz"
    assert (a.published, a.published_time) == ("2025-05-16", "13:57")
    assert a.title is not None and a.title.startswith("Kremlin says Trump-Putin meeting")
    reasons = {r.reason for r in a.removed}
    assert {"photo credit", "byline (kept as metadata)", "date line (kept as metadata)",
            "repeats the title"} <= reasons
    assert "Getty Images" not in a.text and "All Sections" not in a.text
    assert a.title not in a.text


def test_clean_seed_002_repeated_title_and_lead_appear_once():
    src = read("002")
    a = clean_document(RawDocument(id="002", source="002", text=src, format="text"))
    lead = a.text.split("\n\n")[0]
    assert src.count(lead) == 2 and a.text.count(lead) == 1
    assert a.title and src.count(a.title) == 2 and a.title not in a.text
    assert "Photo: AFP" not in a.text and "Related news" not in a.text


def test_clean_seed_000_restated_paragraph_kept_once():
    a = clean_document(RawDocument(id="000", source="000", text=read("000"), format="text"))
    paras = a.text.split("\n\n")
    istanbul = [p for p in paras if re.search(r"negotiators (were|met) in Istanbul on Friday", p)]
    assert len(istanbul) == 1
    # the Trump paragraph that resembles the Peskov one is a different paragraph: kept
    assert sum('"as soon as we can set it up"' in p for p in paras) == 2


def test_clean_seed_003_credit_and_read_more_removed():
    a = clean_document(RawDocument(id="003", source="003", text=read("003"), format="text"))
    assert "Bibikow" not in a.text and "Read more" not in a.text
    assert "Zakharova" in a.text


def test_clean_seed_004_wrapping_url_outlet_date():
    a = clean_document(RawDocument(id="004", source="004", text=read("004"), format="text"))
    assert a.outlet == "The Moscow Times"
    assert a.published == "2025-05-13" and "URL" in a.evidence["published"]
    assert a.url and a.url.endswith("istanbul-talks-with-ukraine-a89063")
    assert any("/2026/03/06/" in link for link in a.links)  # the related link is not the article's URL
    for para in a.text.split("\n\n"):
        assert "\n" not in para
    assert "Related article" not in a.text and "Original url" not in a.text
    # hard-wrapped lines joined: the first sentence is whole
    assert "this week, but Moscow cannot yet disclose who it will send" in a.text


def test_clean_keeps_updates_whose_numbers_changed():
    p1 = "Including superdelegates, the front-runner now has at least 882 delegates, and her rival has at least 232."
    p2 = "Including superdelegates, the front-runner now has at least 866 delegates, and her rival has at least 211."
    a = clean_text(f"{p1}\n{p2}")
    assert a.text.split("\n\n") == [p1, p2]


def test_clean_bare_date_line_gives_the_publication_date():
    a = clean_text("Ministers Meet in Oslo\n\nMay 03, 2013\n\nMinisters met in Oslo on Friday to discuss the plan.")
    assert (a.published, a.title) == ("2013-05-03", "Ministers Meet in Oslo")
    assert "May 03" not in a.text
