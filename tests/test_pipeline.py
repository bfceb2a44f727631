"""The analyze job end to end: JSON schema, determinism, skipped inputs, seeds expectations."""

from __future__ import annotations

import json

import jsonschema
import pytest

from newsprism import analyze
from newsprism.clean.normalize import normalize
from newsprism.errors import NoInputError
from newsprism.report.json import schema
from newsprism.textmap import Tracked


def test_pipeline_json_validates_against_schema(seeds_analysis):
    jsonschema.validate(seeds_analysis.to_dict(), schema())


def test_pipeline_same_input_gives_byte_identical_json(seeds_dir, seeds_analysis):
    again = analyze([seeds_dir])
    assert again.to_json() == seeds_analysis.to_json()


def test_pipeline_parallel_and_serial_agree(seeds_dir, seeds_analysis):
    from newsprism.config import Settings

    parallel = analyze([seeds_dir], Settings(workers=2, parallel_min_articles=1, batch_size=2))
    assert parallel.to_json() == seeds_analysis.to_json()


def test_pipeline_bad_inputs_are_skipped_with_reasons(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The minister said on Monday that the talks in Oslo would continue next week.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02binary")
    result = analyze([tmp_path])
    assert [a.id for a in result.articles] == ["good"]
    reasons = {s.source.split("/")[-1]: s.reason for s in result.skipped}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["blob.bin"]


def test_pipeline_nothing_readable_is_an_error(tmp_path):
    with pytest.raises(NoInputError, match="nothing to analyze"):
        analyze([tmp_path / "missing.txt"])


def test_pipeline_quote_spans_point_at_the_source(seeds_analysis):
    doc = seeds_analysis.to_dict()
    sources = {a["id"]: a for a in doc["articles"]}
    for q in doc["quotes"]:
        art = sources[q["article"]]
        assert art["text"][q["start"]:q["end"]] == q["text"]
    # and back to the original file: the same words, before normalisation and line joining
    by_id = {a.id: a for a in seeds_analysis.articles}

    def norm(s: str) -> str:
        return " ".join(normalize(Tracked.of(s)).text.split())

    for q in doc["quotes"]:
        src = by_id[q["article"]].source_text[q["source_start"]:q["source_end"]]
        assert norm(src) == norm(q["text"])


def test_pipeline_seed_quotes_attributed_to_peskov(seeds_analysis):
    doc = seeds_analysis.to_dict()
    q000 = [q for q in doc["quotes"] if q["article"].startswith("000") and "Such a meeting is certainly necessary" in q["text"]]
    assert q000 and all(q["speaker"] == "dmitry-peskov" and q["kind"] == "direct" for q in q000)
    q001 = [q for q in doc["quotes"] if q["article"].startswith("001") and "Such a meeting is certainly necessary" in q["text"]]
    assert q001 and q001[0]["speaker"] == "dmitry-peskov"
    quote_block = [q for q in doc["quotes"] if q["article"].startswith("001")
                   and q["text"].startswith("The meeting at the highest level should be carefully prepared")]
    assert quote_block and quote_block[0]["speaker"] == "dmitry-peskov" and quote_block[0]["kind"] == "direct"
    indirect = [q for q in doc["quotes"] if q["article"].startswith("000") and q["kind"] == "indirect"
                and "negotiating team was in constant communication" in q["text"]]
    assert indirect and indirect[0]["speaker"] == "dmitry-peskov"


def test_pipeline_seed_dates_resolved(seeds_analysis):
    doc = seeds_analysis.to_dict()

    def values(prefix: str, text: str) -> set[str]:
        return {d["value"] for d in doc["dates"] if d["article"].startswith(prefix) and d["text"] == text}

    assert values("001", "Friday") == {"2025-05-16"}
    assert "2025-06-02" in values("002", "June 2")
    assert "2025-06-02" in values("003", "June 2") | values("003", "Monday, June 2")
    assert values("004", "December 2019") == {"2019-12"}
    assert values("004", "March 2022") == {"2022-03"}
    every = [d for d in doc["dates"] if d["value"]]
    assert all(d["sentence"] and d["text"] in d["sentence"] for d in every)


def test_pipeline_seed_sources_cited(seeds_analysis):
    cited = {(s.article[:3], s.name) for s in seeds_analysis.sources_cited}
    assert {("001", "RIA Novosti"), ("001", "TASS"), ("002", "Anadolu Agency"),
            ("002", "The Caspian Post"), ("002", "AFP")} <= cited
    assert not any(a == "004" for a, _ in cited)  # 004 cites no outlet


def test_pipeline_seed_numbers(seeds_analysis):
    nums = {(n.article[:3], n.text, n.counts) for n in seeds_analysis.numbers}
    assert ("002", "1,000", "people from each side") in nums
    assert ("004", "30-day", "ceasefire") in nums


def test_pipeline_json_roundtrip_through_text(seeds_analysis):
    doc = json.loads(seeds_analysis.to_json())
    assert [a["id"][:3] for a in doc["articles"]] == ["000", "001", "002", "003", "004"]
    a004 = doc["articles"][4]
    assert (a004["outlet"], a004["published"], a004["published_inferred"]) == ("The Moscow Times", "2025-05-13", False)


def test_pipeline_many_dict_records_go_through_worker_processes():
    from newsprism.config import Settings

    records = [{"id": f"r{i}", "url": f"https://example.com/2024/01/0{i % 9 + 1}/story-number-{i}",
                "text": f"The mayor of Springfield said on Monday that bridge number {i} would reopen soon."}
               for i in range(10)]
    result = analyze(records, Settings(workers=2, parallel_min_articles=2, batch_size=2), compare=False)
    assert [a.id for a in result.articles] == [f"r{i}" for i in range(10)]
    assert result.articles[3].published == "2024-01-04"


@pytest.mark.parametrize("text", ["(...)", "...", '"', "- -", "Hello.\n\n(...)\n\nThe minister said that talks went on."])
def test_pipeline_punctuation_only_paragraphs(text):
    result = analyze([{"id": "p", "text": text}])
    assert len(result.articles) == 1


@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_pipeline_closing_quote_stays_with_its_sentence(gap):
    # before a line break spaCy split `necessary."` into two sentences; the lone mark then
    # opened a "quote" in the next paragraph and the statement lost its closing mark
    text = ('The spokesman said the delegation would be announced "as soon as the president '
            f'deems it necessary."{gap}Officials from both countries met in Geneva on Monday.')
    result = analyze([{"id": "q", "title": "Talks", "text": text}], compare=False)
    r = result.results[0]
    sentences = [r.article.text[s.start:s.end] for s in r.sentences]
    assert sentences == ['The spokesman said the delegation would be announced "as soon as the president '
                         'deems it necessary."', "Officials from both countries met in Geneva on Monday."]
    second = r.article.text.index("Officials")
    assert result.quotes and all(q.end <= second for q in result.quotes)
    assert "as soon as the president deems it necessary." in [q.text for q in result.quotes]


def test_pipeline_seed_statements_keep_their_closing_quote(seeds_analysis):
    # seed 004 ends two paragraphs with a closing mark ("... deems it necessary.")
    facts = seeds_analysis.comparison.facts
    texts = [v.text for f in facts for v in f.variants if "deems it necessary" in v.text]
    assert texts and all(t.endswith('necessary."') for t in texts)


def test_pipeline_speaker_is_not_the_possessor_or_nationality_of_the_speaker():
    # "Trump's critics" are not Trump; "one U.S. official" is not the United States; the
    # person in "Russia's foreign minister Sergey Lavrov" and an institution's spokesman stay
    text = ('Trump\'s critics said the statement was "plainly false." '
            'One U.S. official said the hack was "the worst in our history." '
            'Russia\'s foreign minister Sergey Lavrov said the talks were "useful." '
            'A Kremlin spokesman said the meeting was "not planned." '
            'Donald Trump\'s tweet said the report was "fake news."')
    result = analyze([{"id": "s", "title": "Hack", "text": text, "published": "2020-12-19"}], compare=False)
    names = {e.id: e.name for e in result.entities}
    speakers = {q.text: (names.get(q.speaker or ""), q.speaker_name) for q in result.quotes if q.kind == "direct"}
    assert speakers["plainly false."] == (None, "Trump's critics")
    assert speakers["the worst in our history."] == (None, "One U.S. official")
    assert speakers["useful."][0] == "Sergey Lavrov"
    assert speakers["not planned."][0] == "Kremlin"
    assert speakers["fake news."][0] == "Donald Trump"  # his own words


def test_pipeline_speaker_after_a_title_the_parser_cut_off():
    # the parser makes "Chief Justice of the United States" the subject and leaves the name out
    text = ("Chief Justice of the United States John Roberts on Wednesday issued a rebuke to Senate "
            'Minority Leader Chuck Schumer, calling his remarks "irresponsible" and "dangerous."')
    result = analyze([{"id": "s", "title": "Rebuke", "text": text, "published": "2020-03-05"}], compare=False)
    names = {e.id: e.name for e in result.entities}
    speakers = {q.text: names.get(q.speaker or "") for q in result.quotes if q.kind == "direct"}
    assert speakers == {"irresponsible": "John Roberts", "dangerous.": "John Roberts"}


def test_pipeline_over_long_input_is_skipped_and_the_rest_goes_on():
    """Issue 21: one input over the limit (--max-chars) is named in skipped; the good one stays."""
    from newsprism import analyze
    from newsprism.config import Settings

    long = " ".join(f"Paragraph {i} says the council met on Monday." for i in range(200))
    short = "The council met on Monday to discuss the new harbour bridge, officials said."
    result = analyze([{"id": "long", "text": long}, {"id": "short", "text": short}],
                     Settings(workers=1, max_chars=2000), compare=False)
    assert [a.id for a in result.articles] == ["short"]
    assert len(result.skipped) == 1 and "over the limit of 2,000" in result.skipped[0].reason
