"""The quote extractor: the stages of the package, in order, over one parsed document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Quote
from .attribution import attribute_from_context, attribute_own, attribution_events
from .document import Ctx, build_context
from .filters import drop_pull_quotes, drop_repeated_indirect, drop_scare_quotes_and_titles
from .indirect import Indirect, find_indirect
from .marks import Marked, find_marked, mark_quoted_tokens

if TYPE_CHECKING:  # spaCy is only needed by the caller, who parses the text
    from spacy.tokens import Doc


def find_quotes(doc: Doc, article_id: str) -> list[Quote]:
    """Direct and indirect quotes in ``doc`` (a parsed spaCy ``Doc``), sorted by start.

    ``article_id`` is copied into each :class:`Quote`.  The document must have
    a dependency parse (sentence boundaries come from it); named entities are
    used when present to check speaker phrases, not required.
    """
    if len(doc) == 0:
        return []
    if not doc.has_annotation("DEP"):
        raise ValueError(
            "find_quotes needs a dependency parse: parse the text with a spaCy "
            "pipeline that has a 'parser' component (e.g. newsprism.annotate.nlp.load_nlp())"
        )
    ctx = build_context(doc)

    # 1. quotation marks -> direct quote candidates
    marked = find_marked(ctx)
    mark_quoted_tokens(ctx, marked)

    # 2. indirect speech from the parse (cues inside quotes are nested: skipped)
    indirect = find_indirect(ctx)

    # 3. speakers and cues of direct quotes from their own sentences
    for m in marked:
        attribute_own(ctx, m)

    # 4. indirect quotes that are the direct quote again, or nested in another
    drop_repeated_indirect(ctx, marked, indirect)

    # 5. pull quotes, before context resolution can give them a speaker
    drop_pull_quotes(ctx, marked)

    # 6. speakers from context for quotes that stand on their own
    events = attribution_events(ctx, marked, indirect)
    for m in marked:
        if m.speaker is None and (m.standalone or m.cue is not None):
            attribute_from_context(ctx, m, events)

    # 7. scare quotes and quoted names
    drop_scare_quotes_and_titles(ctx, marked)

    quotes = [_to_quote(ctx, article_id, m) for m in marked if not m.drop]
    quotes += [_indirect_to_quote(ctx, article_id, q) for q in indirect if not q.drop]
    quotes.sort(key=lambda q: (q.start, q.end, q.kind, q.cue_start or -1))
    return quotes


def _to_quote(ctx: Ctx, article_id: str, m: Marked) -> Quote:
    text = ctx.text
    cue = m.cue
    speaker = m.speaker
    return Quote(
        article=article_id,
        start=m.start,
        end=m.end,
        text=text[m.start : m.end],
        kind="direct",
        cue=text[cue[0] : cue[1]] if cue else None,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        speaker_name=text[speaker[0] : speaker[1]] if speaker else None,
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
    )


def _indirect_to_quote(ctx: Ctx, article_id: str, q: Indirect) -> Quote:
    text = ctx.text
    sp = q.speaker
    return Quote(
        article=article_id,
        start=q.start,
        end=q.end,
        text=text[q.start : q.end],
        kind="indirect",
        cue=text[q.cue[0] : q.cue[1]],
        cue_start=q.cue[0],
        cue_end=q.cue[1],
        speaker_name=text[sp[0] : sp[1]] if sp else None,
        speaker_start=sp[0] if sp else None,
        speaker_end=sp[1] if sp else None,
    )
