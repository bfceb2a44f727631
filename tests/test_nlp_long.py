"""Long texts: parsed in pieces joined into one Doc whose offsets are the text's (issue 21, item 1)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from newsprism.annotate.nlp import LONG_TEXT_CHARS, parse_texts, split_text

NAMES = {"Angela Merkel": "PERSON", "Emmanuel Macron": "PERSON", "Paris": "GPE", "Berlin": "GPE"}


def paragraphs_text(n_chars: int) -> str:
    """Distinct paragraphs of two sentences each, naming people and places, up to ``n_chars``."""
    parts, size, i = [], 0, 0
    while size < n_chars:
        p = (f"Angela Merkel met Emmanuel Macron in Paris on day {i} of the talks. "
             f"The delegates in Berlin waited {i % 7 + 1} hours for news.")
        parts.append(p)
        size += len(p) + 2
        i += 1
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def quick_nlp() -> Any:
    """A tokenizer, sentence starts (after a full stop and at a paragraph, as the pipeline's
    own component sets them) and an entity ruler: what joining pieces must keep, at a speed
    that lets a test parse 1.2 MB."""
    import numpy
    import spacy
    from spacy.attrs import SENT_START
    from spacy.language import Language

    if not Language.has_factory("test_sentence_starts"):
        @Language.component("test_sentence_starts")
        def sentence_starts(doc: Any) -> Any:
            # set all at once: setting Token.is_sent_start one by one scans the Doc each time
            starts = numpy.full((len(doc), 1), -1, dtype="int64")
            for tok in doc[1:]:
                prev = doc[tok.i - 1]
                if not tok.is_space and (prev.text == "." or prev.is_space):
                    starts[tok.i, 0] = 1
            if len(doc):
                starts[0, 0] = 1
            return doc.from_array([SENT_START], starts.astype("uint64"))  # -1 as spaCy stores it

    nlp = spacy.blank("en")
    nlp.add_pipe("test_sentence_starts")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": name} for name, label in NAMES.items()])
    return nlp


def spans(doc: Any) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    return ([(s.start_char, s.end_char) for s in doc.sents],
            [(e.start_char, e.end_char, e.label_) for e in doc.ents])


def test_nlp_long_text_parses_in_pieces_with_the_texts_offsets(quick_nlp):
    text = paragraphs_text(1_200_000)
    with pytest.raises(ValueError, match="E088"):  # what analyze and story died of
        quick_nlp(text)
    assert len(split_text(text, LONG_TEXT_CHARS)) >= 12

    doc = next(parse_texts(quick_nlp, [text]))

    assert doc.text == text
    sentences, entities = spans(doc)
    expected_entities = sorted(
        (m.start(), m.end(), NAMES[m.group()])
        for m in re.finditer("|".join(map(re.escape, NAMES)), text))
    assert entities == expected_entities
    assert all(text[a:b] in NAMES for a, b, _ in entities)
    quick_nlp.max_length = len(text) + 1  # the whole text at once, for the expected sentences
    try:
        whole_sentences, _ = spans(quick_nlp(text))
    finally:
        quick_nlp.max_length = 1_000_000
    assert sentences == whole_sentences
    assert len(sentences) >= 2 * text.count("\n\n")


def test_nlp_pieces_join_back_and_cut_at_paragraphs():
    text = "First paragraph here.\n\n\nSecond one, a bit longer.\n\nThird.\nA line.  Then words"
    for limit in (5, 10, 25, 40):
        pieces = split_text(text, limit)
        assert "".join(pieces) == text
        assert all(not p[:1].isspace() for p in pieces)
    assert split_text(text, 30)[:2] == ["First paragraph here.\n\n\n", "Second one, a bit longer.\n\n"]
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # no space at all: hard cuts


def test_nlp_long_text_real_model_matches_a_whole_parse(nlp, monkeypatch):
    # pieces of 3,000 characters (not 100,000: a quicker test): the model's sentences,
    # entities and tags across the cuts are those of parsing the text whole
    monkeypatch.setattr("newsprism.annotate.nlp.LONG_TEXT_CHARS", 3_000)
    text = paragraphs_text(12_000)
    doc = next(parse_texts(nlp, [text]))
    whole = nlp(text)
    assert doc.text == text
    assert spans(doc) == spans(whole)
    assert [t.tag_ for t in doc] == [t.tag_ for t in whole]


def test_nlp_short_texts_give_the_same_docs_as_pipe(nlp):
    texts = ["Angela Merkel met Emmanuel Macron in Paris.\n\nThey talked for hours.",
             "Officials said on Monday that the talks had failed."]
    docs = list(parse_texts(nlp, texts, batch_size=16))
    expected = list(nlp.pipe(texts, batch_size=16))
    assert [d.to_bytes() for d in docs] == [d.to_bytes() for d in expected]


def test_nlp_long_and_short_texts_keep_their_order(quick_nlp):
    texts = ["Short one in Paris.", paragraphs_text(LONG_TEXT_CHARS * 2), "Another in Berlin."]
    docs = list(parse_texts(quick_nlp, iter(texts), batch_size=2))
    assert [d.text for d in docs] == texts
