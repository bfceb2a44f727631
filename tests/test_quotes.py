"""Tests for the quote extractor (newsprism.annotate.quotes).

Hand-made sentences cover each cue style; the seed tests read the real seed
articles from ``../shared/seeds`` (never copied into the repository) and are
skipped when they are absent.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from newsprism.annotate.quotes import find_quotes, speaker_entity
from newsprism.model import Mention, Quote

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsprism.annotate.nlp import load_nlp
    from newsprism.errors import ModelMissingError

    try:
        return load_nlp()
    except ModelMissingError as exc:  # pragma: no cover - the model is a dependency
        pytest.skip(str(exc))


def quotes_of(nlp: Any, text: str) -> list[Quote]:
    return find_quotes(nlp(text), "a1")


def only(quotes: list[Quote], kind: str) -> list[Quote]:
    return [q for q in quotes if q.kind == kind]


def check_spans(text: str, q: Quote) -> None:
    """Every span of a quote points at the text it claims."""
    assert text[q.start : q.end] == q.text
    if q.cue is not None:
        assert q.cue_start is not None and q.cue_end is not None
        assert text[q.cue_start : q.cue_end] == q.cue
    if q.speaker_name is not None:
        assert q.speaker_start is not None and q.speaker_end is not None
        assert text[q.speaker_start : q.speaker_end] == q.speaker_name
    assert q.speaker is None and q.id == ""


# --------------------------------------------------------------------------
# direct quotes: cue styles
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ('"We are ready to talk," Peskov said.', "We are ready to talk", "Peskov", "said"),
        (
            '"We are ready to talk," said Kremlin spokesman Dmitry Peskov.',
            "We are ready to talk",
            "Kremlin spokesman Dmitry Peskov",
            "said",
        ),
        ('Peskov said: "We are ready to talk."', "We are ready to talk.", "Peskov", "said"),
        ('Peskov - "We are ready to talk."', "We are ready to talk.", "Peskov", "-"),
        ('"We are ready to talk," according to Peskov.', "We are ready to talk", "Peskov", "according to"),
        ("\u201cWe are ready to talk,\u201d Peskov said.", "We are ready to talk", "Peskov", "said"),
        ("'We are ready to talk,' Peskov said.", "We are ready to talk", "Peskov", "said"),
        ("''We are ready to talk,'' Peskov said.", "We are ready to talk", "Peskov", "said"),
        ('He told reporters: "The talks will go on."', "The talks will go on.", "He", "told"),
        # a clause before the colon: its subject speaks, not the last name before the colon
        (
            'At a briefing with Mayor Anne Hill, Governor Tom Baker had a message for people moving '
            'to the United States: "Do not come."',
            "Do not come.",
            "Governor Tom Baker",
            ":",
        ),
        (
            '"Why should we wait?" she asked on Monday.',
            "Why should we wait?",
            "she",
            "asked",
        ),
        (
            '"Yes, I support the plan," Brent Bozell, founder of the Media Research Center, tells reporters.',
            "Yes, I support the plan",
            "Brent Bozell",
            "tells",
        ),
    ],
)
def test_quotes_direct_cue_styles(nlp: Any, text: str, content: str, speaker: str, cue: str) -> None:
    found = only(quotes_of(nlp, text), "direct")
    assert [q.text for q in found] == [content]
    q = found[0]
    assert q.speaker_name == speaker
    assert q.cue == cue
    check_spans(text, q)


@pytest.mark.parametrize(
    ("text", "starts_with", "ends_with"),
    [
        # several sentences inside one pair of marks
        (
            '"Such a meeting is necessary. It must be prepared. It will take time," Peskov said.',
            "Such a meeting",
            "will take time",
        ),
        # an ellipsis at the start is part of the quote
        ('"...Such a meeting is certainly necessary," Peskov said.', "...Such a meeting", "necessary"),
    ],
)
def test_quotes_multi_sentence_and_ellipsis(nlp: Any, text: str, starts_with: str, ends_with: str) -> None:
    found = only(quotes_of(nlp, text), "direct")
    assert len(found) == 1
    assert found[0].text.startswith(starts_with) and found[0].text.endswith(ends_with)
    assert found[0].speaker_name == "Peskov"


# --------------------------------------------------------------------------
# unbalanced marks and paragraphs
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Peskov said: "The meeting must be carefully prepared. It will take time.\n\nThe talks went on in Istanbul.',
        'Peskov said: "The meeting must be carefully prepared. It will take time.',
    ],
)
def test_quotes_unclosed_mark_runs_to_paragraph_end(nlp: Any, text: str) -> None:
    found = only(quotes_of(nlp, text), "direct")
    assert len(found) == 1
    q = found[0]
    assert q.text == "The meeting must be carefully prepared. It will take time."
    assert q.speaker_name == "Peskov"
    check_spans(text, q)


def test_quotes_unbalanced_paragraph_does_not_spoil_the_next(nlp: Any) -> None:
    text = (
        'Peskov said: "The meeting must be carefully prepared.\n\n'
        'Ushakov added: "No date has been set." Talks went on.'
    )
    found = only(quotes_of(nlp, text), "direct")
    assert [q.text for q in found] == ["The meeting must be carefully prepared.", "No date has been set."]
    assert [q.speaker_name for q in found] == ["Peskov", "Ushakov"]


def test_quotes_paragraph_continuation(nlp: Any) -> None:
    text = (
        'Peskov said: "The first part of the statement is here.\n\n'
        '"And the second part follows in the next paragraph," he added.'
    )
    found = only(quotes_of(nlp, text), "direct")
    assert len(found) == 1
    q = found[0]
    assert q.text.startswith("The first part") and q.text.endswith("next paragraph")
    assert "\n\n" in q.text
    check_spans(text, q)


def test_quotes_pull_quote_heading_is_not_another_quote(nlp: Any) -> None:
    # a quotation set as a subheading repeats words quoted below: it is not a second quote,
    # and it must not be given the speaker of the paragraph above (it used to be)
    text = (
        "Vindman said he reported the call to his superior.\n\n"
        '"My fears have been realized"\n\n'
        'Morrison told the committee, "I feared how its disclosure would play in Washington. '
        'My fears have been realized."\n\n'
        '"We will appeal"\n\n'
        "The company's lawyers said they would study the ruling."
    )
    found = only(quotes_of(nlp, text), "direct")
    assert [q.text for q in found if q.text.startswith("My fears")] == []
    morrison = [q for q in found if q.text.startswith("I feared")]
    assert morrison and morrison[0].speaker_name == "Morrison"
    # a heading quote that is not repeated anywhere stays a quote
    assert any(q.text == "We will appeal" for q in found)


# --------------------------------------------------------------------------
# speakers from context
# --------------------------------------------------------------------------


def test_quotes_quote_block_speaker_from_previous_paragraph(nlp: Any) -> None:
    text = (
        "Details: At the same time, Peskov noted that such a meeting should be carefully prepared.\n\n"
        'Quote: "The meeting at the highest level should be carefully prepared and effective.'
    )
    direct = only(quotes_of(nlp, text), "direct")
    assert len(direct) == 1
    q = direct[0]
    assert q.text == "The meeting at the highest level should be carefully prepared and effective."
    assert q.speaker_name == "Peskov"
    assert q.speaker_start is not None and q.speaker_start < q.start  # points into the earlier paragraph
    assert q.cue == "Quote:"
    check_spans(text, q)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Peskov said the talks went well. "We are ready to talk to everyone."', "Peskov"),
        ('"We are ready to talk," Peskov said. "We have always been ready."', "Peskov"),
        ('"We are ready to talk to everyone." That is what Peskov said on Friday.', "Peskov"),
    ],
)
def test_quotes_speaker_from_neighbouring_sentence(nlp: Any, text: str, speaker: str) -> None:
    direct = only(quotes_of(nlp, text), "direct")
    assert direct
    for q in direct:
        assert q.speaker_name == speaker
        check_spans(text, q)


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        # the parser hangs "adding" under the reported clause, whose subject (Romney) said nothing
        ('Smith said that the governor "made a mess of the state," adding, "She has to go."',
         "Smith", "adding"),
        ('Smith told the paper that Jones "had a terrible plan that was unworkable," adding, '
         '"He lost all the voters."', "Smith", "adding"),
        # not a participle: the word is the one the reported clause names ("Jones ... to call")
        ('Smith said Jones was wrong to call the plan "maniacal."', "Jones", "call"),
        # "shot back" is the cue, not the criticism before it
        ('After Jerry Brown criticized Bill Clinton during a debate, Hillary shot back, "I suppose '
         'I could have chosen to bake cookies and have teas."', "Hillary", "shot back"),
        ('After the mayor criticized the budget on Monday, Jones pushed back, "It is a fair plan."',
         "Jones", "pushed back"),
    ],
)
def test_quotes_speaker_of_a_retort_or_an_added_quote(nlp: Any, text: str, speaker: str, cue: str) -> None:
    direct = only(quotes_of(nlp, text), "direct")
    assert direct
    last = direct[-1]
    assert last.speaker_name == speaker and last.cue == cue
    check_spans(text, last)


def test_quotes_dateline_taken_for_the_subject_is_no_speaker(nlp: Any) -> None:
    # the parse a wire story's first line got on PolNeAR train: the dateline's place as the
    # subject, the speaker its apposition (built here by hand, so the test does not depend on
    # the parser making that mistake again)
    from spacy.tokens import Doc

    rows = [  # word, space after, tag, pos, dep, head, lemma, entity
        ("DENVER", False, "NNP", "PROPN", "nsubj", 13, "DENVER", "B-GPE"),
        (",", True, ",", "PUNCT", "punct", 0, ",", "O"),
        ("July", True, "NNP", "PROPN", "npadvmod", 0, "July", "B-DATE"),
        ("19", True, "CD", "NUM", "nummod", 2, "19", "I-DATE"),
        ("(", False, "-LRB-", "PUNCT", "punct", 5, "(", "O"),
        ("UPI", False, "NNP", "PROPN", "appos", 0, "UPI", "B-ORG"),
        (")", True, "-RRB-", "PUNCT", "punct", 5, ")", "O"),
        ("—", True, ":", "PUNCT", "punct", 0, "—", "O"),
        ("Former", True, "JJ", "ADJ", "amod", 12, "former", "O"),
        ("Attorney", True, "NNP", "PROPN", "compound", 10, "Attorney", "O"),
        ("General", True, "NNP", "PROPN", "compound", 12, "General", "O"),
        ("John", True, "NNP", "PROPN", "compound", 12, "John", "B-PERSON"),
        ("Roe", True, "NNP", "PROPN", "appos", 0, "Roe", "I-PERSON"),
        ("told", True, "VBD", "VERB", "ROOT", 13, "tell", "O"),
        ("delegates", True, "NNS", "NOUN", "dobj", 13, "delegate", "O"),
        ("that", True, "IN", "SCONJ", "mark", 19, "that", "O"),
        ("the", True, "DT", "DET", "det", 17, "the", "O"),
        ("plan", True, "NN", "NOUN", "nsubj", 19, "plan", "O"),
        ("would", True, "MD", "AUX", "aux", 19, "would", "O"),
        ("hurt", True, "VB", "VERB", "ccomp", 13, "hurt", "O"),
        ("families", False, "NNS", "NOUN", "dobj", 19, "family", "O"),
        (".", False, ".", "PUNCT", "punct", 13, ".", "O"),
    ]
    cols = list(zip(*rows, strict=True))
    doc = Doc(nlp.vocab, words=list(cols[0]), spaces=list(cols[1]), tags=list(cols[2]), pos=list(cols[3]),
              deps=list(cols[4]), heads=list(cols[5]), lemmas=list(cols[6]), ents=list(cols[7]),
              sent_starts=[True] + [False] * (len(rows) - 1))
    indirect = only(find_quotes(doc, "a1"), "indirect")
    assert len(indirect) == 1
    assert indirect[0].speaker_name == "Former Attorney General John Roe"


def test_quotes_no_speaker_anywhere_is_none(nlp: Any) -> None:
    text = '"The situation remains extremely difficult for everyone in the region."'
    direct = only(quotes_of(nlp, text), "direct")
    assert len(direct) == 1
    assert direct[0].speaker_name is None and direct[0].speaker_start is None


# --------------------------------------------------------------------------
# indirect speech
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "Peskov said that the Russian team was in constant contact with Moscow.",
            "the Russian team was in constant contact with Moscow",
            "Peskov",
            "said",
        ),
        (
            "Peskov told reporters the talks would continue on Monday.",
            "the talks would continue on Monday",
            "Peskov",
            "told",
        ),
        (
            "He noted that the Kremlin expects the memoranda to be discussed.",
            "the Kremlin expects the memoranda to be discussed",
            "He",
            "noted",
        ),
        (
            "The Russian leader insists on results first, Peskov explained.",
            "The Russian leader insists on results first",
            "Peskov",
            "explained",
        ),
        (
            "According to Peskov, the talks were constructive.",
            "the talks were constructive",
            "Peskov",
            "According to",
        ),
        (
            "The talks were constructive, according to the Kremlin.",
            "The talks were constructive",
            "the Kremlin",
            "according to",
        ),
        (
            "The Kremlin spokesman pointed out that no date had been set.",
            "no date had been set",
            "The Kremlin spokesman",
            "pointed out",
        ),
        (
            "Russia is preparing a new offensive in the east, Reuters reports, citing two sources.",
            "Russia is preparing a new offensive in the east",
            "Reuters",
            "reports",
        ),
        (
            "The talks, Peskov said, were constructive.",
            "The talks, Peskov said, were constructive",
            "Peskov",
            "said",
        ),
        (
            "Peskov: Trump-Putin meeting requires careful preparation",
            "Trump-Putin meeting requires careful preparation",
            "Peskov",
            ":",
        ),
    ],
)
def test_quotes_indirect_speech(nlp: Any, text: str, content: str, speaker: str, cue: str) -> None:
    found = only(quotes_of(nlp, text), "indirect")
    assert [q.text for q in found] == [content]
    q = found[0]
    assert q.speaker_name == speaker
    assert q.cue == cue
    check_spans(text, q)


def test_quotes_coordinated_cues_are_two_quotes(nlp: Any) -> None:
    text = (
        "He noted that the Kremlin expects the memoranda to be discussed in Istanbul "
        "and said the details would not be made public."
    )
    found = only(quotes_of(nlp, text), "indirect")
    assert [q.text for q in found] == [
        "the Kremlin expects the memoranda to be discussed in Istanbul",
        "the details would not be made public",
    ]
    assert {q.speaker_name for q in found} == {"He"}


def test_quotes_nested_reported_speech_is_one_quote(nlp: Any) -> None:
    text = "Peskov said that Putin believes the talks can succeed."
    found = quotes_of(nlp, text)
    assert len(found) == 1
    assert found[0].speaker_name == "Peskov"


# --------------------------------------------------------------------------
# partial and scare quotes, overlap rules
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ('Peskov dismissed the demand, calling it "unconstructive."', "unconstructive.", "Peskov"),
        ('Trump said he would meet Putin "as soon as we can set it up".', "as soon as we can set it up", "Trump"),
    ],
)
def test_quotes_partial_quote_with_cue_is_kept(nlp: Any, text: str, content: str, speaker: str) -> None:
    direct = only(quotes_of(nlp, text), "direct")
    assert [q.text for q in direct] == [content]
    assert direct[0].speaker_name == speaker


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "peace plan" was published on Monday.',
        'Supporters gathered outside the "war room" before dawn.',
        "Sanders appeared on ABC's \"Good Morning America\" on Sunday and he agreed with the plan.",
    ],
)
def test_quotes_scare_quotes_and_titles_skipped(nlp: Any, text: str) -> None:
    assert only(quotes_of(nlp, text), "direct") == []


@pytest.mark.parametrize(
    "text",
    [
        "The players' union met on Monday, and Peskov's team didn't object to the plan.",
        "It's the '90s again, the rock 'n' roll crowd said nothing.",
    ],
)
def test_quotes_apostrophes_are_not_quotes(nlp: Any, text: str) -> None:
    assert only(quotes_of(nlp, text), "direct") == []


def test_quotes_indirect_that_is_the_direct_quote_is_dropped(nlp: Any) -> None:
    text = 'Peskov said "we are ready to talk to everyone who wants peace."'
    found = quotes_of(nlp, text)
    assert [q.kind for q in found] == ["direct"]
    assert found[0].speaker_name == "Peskov"


def test_quotes_direct_inside_indirect_both_kept(nlp: Any) -> None:
    text = 'Trump said on Friday he would meet Putin "as soon as we can set it up".'
    found = quotes_of(nlp, text)
    kinds = sorted(q.kind for q in found)
    assert kinds == ["direct", "indirect"]
    direct = only(found, "direct")[0]
    indirect = only(found, "indirect")[0]
    assert indirect.start <= direct.start and direct.end <= indirect.end + 1


# --------------------------------------------------------------------------
# API contract
# --------------------------------------------------------------------------


def test_quotes_sorted_deterministic_and_without_duplicates(nlp: Any) -> None:
    text = (
        'Peskov said that the talks went well. "We are ready," he added. '
        'According to Ushakov, no date was set. "It is too early," Ushakov said.'
    )
    doc = nlp(text)
    first = find_quotes(doc, "a1")
    again = find_quotes(nlp(text), "a1")
    assert first == again
    assert [q.start for q in first] == sorted(q.start for q in first)
    assert len({(q.start, q.end, q.kind) for q in first}) == len(first)
    assert all(q.article == "a1" for q in first)
    for q in first:
        check_spans(text, q)


def test_quotes_empty_doc(nlp: Any) -> None:
    assert find_quotes(nlp(""), "a1") == []


def test_quotes_needs_a_parse() -> None:
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("en")('"We are ready," Peskov said.')
    with pytest.raises(ValueError, match="dependency parse"):
        find_quotes(doc, "a1")


# --------------------------------------------------------------------------
# the speaker's entity, after linking (hand-made mentions, no parse)
# --------------------------------------------------------------------------


def _linked(text: str, speaker: str, names: dict[str, tuple[str, str]]) -> tuple[Quote, tuple[Mention, ...]]:
    """A quote of ``text`` whose speaker span is ``speaker``, and a linked mention for each of
    ``names`` (surface text -> (entity type, key)), as the linking stage would hand them over."""
    s = text.index(speaker)
    q = Quote("a1", 0, len(text), text, "indirect", speaker_name=speaker, speaker_start=s,
              speaker_end=s + len(speaker))
    mentions = tuple(Mention(text.index(n), text.index(n) + len(n), n, t, "name", key)
                     for n, (t, key) in names.items())
    return q, mentions


@pytest.mark.parametrize(
    ("text", "speaker", "names", "expected"),
    [
        # the possessor of the speaker's own words or organisation is the speaker
        ("Trump's tweet said the wall would be built.", "Trump's tweet",
         {"Trump": ("PERSON", "trump")}, "trump"),
        ("Clinton's campaign said the ad was false.", "Clinton's campaign",
         {"Clinton": ("PERSON", "clinton")}, "clinton"),
        # the possessor of someone else is not
        ("Clinton's top aide said the ad was false.", "Clinton's top aide",
         {"Clinton": ("PERSON", "clinton")}, None),
        # a country or nationality before a common noun only qualifies the speaker
        ("One U.S. official said the talks had stalled.", "One U.S. official",
         {"U.S.": ("GPE", "united_states")}, None),
        ("A Russian diplomat said the talks had stalled.", "A Russian diplomat",
         {"Russian": ("NORP", "russia")}, None),
        # an organisation before its spokesman stays the speaker
        ("A Kremlin spokesman said the talks had stalled.", "A Kremlin spokesman",
         {"Kremlin": ("ORG", "kremlin")}, "kremlin"),
        # the first person in the span, not the last mention
        ("Peskov, spokesman for Putin, said the talks had stalled.", "Peskov, spokesman for Putin",
         {"Peskov": ("PERSON", "peskov"), "Putin": ("PERSON", "putin")}, "peskov"),
        # a title the parser cut from the name right after it
        ("Chief Justice of the United States John Roberts said the court would hear it.",
         "Chief Justice of the United States",
         {"United States": ("GPE", "united_states"), "John Roberts": ("PERSON", "roberts")}, "roberts"),
    ],
)
def test_quotes_speaker_entity(text: str, speaker: str, names: dict[str, tuple[str, str]],
                               expected: str | None) -> None:
    q, mentions = _linked(text, speaker, names)
    assert speaker_entity(q, mentions, text) == expected


def test_quotes_speaker_entity_needs_a_speaker_span() -> None:
    text = "The talks had stalled, it was said."
    q = Quote("a1", 0, 21, text[:21], "direct")
    assert speaker_entity(q, (Mention(4, 9, "talks", "ORG", "name", "talks"),), text) is None


# --------------------------------------------------------------------------
# the seed articles
# --------------------------------------------------------------------------

_QUOTE_TABLE = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb"} | {c: "'" for c in "\u2018\u2019"})


def _minimal_clean(raw: str) -> str:
    """Straight quotes, "..." for the ellipsis, one paragraph per block (or per line when there are no blocks)."""
    text = raw.translate(_QUOTE_TABLE).replace("\u2026", "...")
    if re.search(r"\n\s*\n", text):
        blocks = [" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in re.split(r"\n\s*\n", text)]
    else:
        blocks = [line.strip() for line in text.splitlines()]
    return "\n\n".join(b for b in blocks if b)


def _clean(path: Path) -> str:
    """The seed's cleaned text: the project's cleaner when it exists, else a minimal stand-in."""
    raw = path.read_text(encoding="utf-8")
    try:
        clean = importlib.import_module("newsprism.clean")
        read_text = importlib.import_module("newsprism.ingest.text").read_text
    except ImportError:  # pragma: no cover - the cleaner is part of the package
        return _minimal_clean(raw)
    if not hasattr(clean, "clean_document"):  # pragma: no cover
        return _minimal_clean(raw)
    return str(clean.clean_document(read_text(raw, path.stem, str(path))).text)


@pytest.fixture(scope="module")
def seed_quotes(nlp: Any) -> Any:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (they live outside the repository)")
    cache: dict[str, tuple[str, list[Quote]]] = {}

    def get(prefix: str) -> tuple[str, list[Quote]]:
        if prefix not in cache:
            paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
            if not paths:
                pytest.skip(f"seed {prefix} not found in {SEEDS}")
            text = _clean(paths[0])
            cache[prefix] = (text, find_quotes(nlp(text), paths[0].stem))
        return cache[prefix]

    return get


def _find(quotes: list[Quote], begins: str, kind: str) -> Quote:
    hits = [q for q in quotes if q.kind == kind and q.text.startswith(begins)]
    assert hits, f"no {kind} quote beginning {begins!r}; found {[q.text[:40] for q in quotes]}"
    return hits[0]


def test_quotes_seed_000_direct_with_ellipsis_and_indirect(seed_quotes: Any) -> None:
    text, quotes = seed_quotes("000")
    q = _find(quotes, "...Such a meeting is certainly necessary", "direct")
    assert "Peskov" in (q.speaker_name or "")
    q = _find(quotes, "the Russian negotiating team", "indirect")
    assert q.speaker_name == "Peskov" and q.cue == "said"
    for q in quotes:
        check_spans(text, q)


def test_quotes_seed_001_quote_block_and_pronoun(seed_quotes: Any) -> None:
    text, quotes = seed_quotes("001")
    block = _find(quotes, "The meeting at the highest level should be carefully prepared", "direct")
    assert block.speaker_name == "Peskov"
    assert block.speaker_start is not None and block.speaker_start < block.start
    assert "\n" not in block.text  # the unclosed mark stops at its paragraph
    nato = _find(quotes, "It is difficult to talk about restoring partnership with NATO", "direct")
    assert nato.speaker_name == "he" and nato.cue == "said"
    for q in quotes:
        check_spans(text, q)


def test_quotes_seed_002_pronoun_indirect(seed_quotes: Any) -> None:
    text, quotes = seed_quotes("002")
    q = _find(quotes, "the Kremlin expects", "indirect")
    assert q.speaker_name == "He" and q.cue == "noted"


def test_quotes_seed_003_partial_quote_after_that(seed_quotes: Any) -> None:
    # the speaker is the pronoun of "He went on to add that, ..." in the same
    # sentence; the linking stage resolves "He" to Peskov
    text, quotes = seed_quotes("003")
    q = _find(quotes, "They should either confirm they are prepared for talks or say otherwise.", "direct")
    assert q.speaker_name in ("He", "Peskov")
    assert q.cue == "add"
    q = _find(quotes, "unconstructive", "direct")
    assert q.speaker_name == "Peskov"
