"""Quote extraction: direct quotes and indirect (reported) speech, with cue and speaker spans.

:func:`find_quotes` reads one parsed spaCy ``Doc`` of an article's cleaned text
and returns :class:`~newsprism.model.Quote` records.  It is pure: no model is
loaded here, the caller passes a parsed document (parser required, NER not).
After run-wide entity linking, :func:`speaker_entity` says which entity a
quote's speaker span names.

Why our own extractor (see ``DEPENDENCIES.md``): textacy fails a whole document
on one unbalanced quotation mark, misses reported speech and dash- or
colon-introduced quotes, and cannot find a speaker named in an earlier
sentence.  The modules below address exactly those failures; each one's own
docstring gives its rules.

- :mod:`.extract` -- :func:`find_quotes`: runs the stages in order over one
  document and turns the kept candidates into ``Quote`` records.
- :mod:`.document` -- per-document lookups every stage shares (token at a
  character, sentence of a token, paragraph of a character, quoted tokens).
- :mod:`.marks` -- direct quotes from quotation marks paired per paragraph:
  straight marks read from their neighbours, unclosed quotes run to the
  paragraph end, a quote continued in the next paragraph is one quote,
  single quotes only where they cannot be apostrophes.
- :mod:`.cues` -- the speech-cue lexicons (say, note, point out, believe,
  call ...) and the test whether a token of the parse is a cue.
- :mod:`.speakers` -- the noun phrase naming who speaks for a cue, from the
  parse or from the words next to it; and, after linking, the entity a
  speaker span names (not a possessor or nationality that only qualifies it).
- :mod:`.indirect` -- reported speech from the parse: a cue with a clausal
  complement, a parenthetical or post-posed attribution, "according to X",
  the headline form "Peskov: ...".
- :mod:`.attribution` -- the cue and speaker of each direct quote: after its
  closing mark, before its opening mark, elsewhere in its sentences, else from
  the neighbouring sentences for a quote that stands on its own.
- :mod:`.filters` -- scare quotes, quoted titles, pull quotes, and indirect
  quotes that repeat a direct quote or are nested in another are dropped.

Imports run one way, with no circle: ``document`` and ``cues`` need nothing
from the package; ``marks`` and ``speakers`` build on them; ``indirect`` on
``speakers``; ``attribution`` and ``filters`` on ``marks`` and ``indirect``;
``extract`` on all of them.

Span conventions (all character offsets into ``doc.text``):

- direct: ``start``/``end`` is the text between the marks, without the marks
  and without a trailing comma (``"...," he said`` keeps ``...``); an ellipsis
  at either end is kept.  A quote continued over paragraphs spans the break.
- indirect: the reported clause without the complementizer "that" and without
  punctuation at either end ("Peskov said that [the team was ready]"); a
  parenthetical attribution stays inside it, because a span is contiguous.
  For "according to X" the content is the rest of the sentence (see
  :mod:`.indirect`).
- cue: the verb as written with its particle ("said", "pointed out"), or
  "according to", or the punctuation / label that introduces a quote without
  a verb (``:``, ``-``, ``Quote:``); ``None`` when the speaker came from
  context.
- speaker: the noun phrase naming the speaker (a name, "The Kremlin
  spokesman", "He", an organisation), without relative clauses or
  appositions; for a quote resolved from context it points into the earlier
  sentence.  ``speaker`` (the entity id) and ``id`` are left for the linking
  stage.
"""

from __future__ import annotations

from .cues import BELIEF_VERBS, CUE_LEMMAS, NAMING_VERBS, SPEECH_VERBS
from .extract import find_quotes
from .marks import DOUBLE_MARK_RE
from .speakers import speaker_entity

__all__ = [
    "BELIEF_VERBS",
    "CUE_LEMMAS",
    "DOUBLE_MARK_RE",
    "NAMING_VERBS",
    "SPEECH_VERBS",
    "find_quotes",
    "speaker_entity",
]
