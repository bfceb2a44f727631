"""Sentence boundaries the pipeline's own component sets before the parser."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("text", "sentences"), [
    # a name after an abbreviated title stays in its sentence
    ("Many have been quick to lionize Capt. Brett Crozier as a hero. He spoke up.",
     ["Many have been quick to lionize Capt. Brett Crozier as a hero.", "He spoke up."]),
    ("It was Lt. Col. Alexander Vindman. He testified.",
     ["It was Lt. Col. Alexander Vindman.", "He testified."]),
    ("As the vote neared, GOP Sens. Mike Lee of Utah and others talked. It failed.",
     ["As the vote neared, GOP Sens. Mike Lee of Utah and others talked.", "It failed."]),
    # no sentence ends without its stop, nor before a lower-case word after an abbreviation
    ("For centuries the answer was \"yes.\" Both Article 1 and the 14th Amendment require that seats be "
     "allotted by the whole number of persons.",
     ["For centuries the answer was \"yes.\"",
      "Both Article 1 and the 14th Amendment require that seats be allotted by the whole number of persons."]),
    ("Republicans elevated Rep. Elise Stefanik (R-N.Y.) to replace Rep. Liz Cheney (R-Wyo.) as the party's "
     "conference chair, capping a tumultuous stretch.",
     ["Republicans elevated Rep. Elise Stefanik (R-N.Y.) to replace Rep. Liz Cheney (R-Wyo.) as the party's "
      "conference chair, capping a tumultuous stretch."]),
    # a title that ends a sentence still ends it
    ("He was a U.S. Army Capt. He left.", ["He was a U.S. Army Capt.", "He left."]),
    # paragraphs are sentences of their own
    ("Talks went on\n\nThe delegates left.", ["Talks went on", "The delegates left."]),
])
def test_nlp_sentence_boundaries(nlp: Any, text: str, sentences: list[str]) -> None:
    assert [s.text.strip() for s in nlp(text).sents] == sentences
