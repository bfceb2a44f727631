"""Step 3: :class:`~newsprism.model.DateRef` records from text, sentence spans and mentions.

No ``Doc`` is needed, so this can run in another process, once a publication date is known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ...model import DateRef, sentence_at
from .records import TimeMention
from .resolve import resolve_all


def _as_date(published: date | datetime | str | None) -> date | None:
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(published))
    if not m:
        raise ValueError(f"published date {published!r} is not ISO 8601 (YYYY-MM-DD...)")
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _span_of(s: Any) -> tuple[int, int]:
    if isinstance(s, tuple):
        return int(s[0]), int(s[1])
    return int(s.start), int(s.end)


def date_refs(
    article_id: str,
    text: str,
    sentences: Sequence[tuple[int, int] | Any],
    mentions: Sequence[TimeMention],
    published: date | datetime | str | None,
) -> list[DateRef]:
    """:class:`DateRef` records for ``mentions`` resolved against ``published``.

    ``sentences`` are ``(start, end)`` spans (or objects with ``start``/``end``,
    such as :class:`~newsprism.model.Sentence`) in the same order as the Doc's
    sentences; the mention's sentence is found by offset, so a different but
    covering segmentation works too.  No ``Doc`` is needed, so this can run in
    another process, later, once a publication date has been inferred.
    """
    anchor = _as_date(published)
    spans = [_span_of(s) for s in sentences]
    starts = [s for s, _ in spans]
    resolved = resolve_all(mentions, anchor)
    out: list[DateRef] = []
    for m, (value, anchor_value, mod) in zip(mentions, resolved, strict=True):
        idx = m.sentence
        if not (
            0 <= idx < len(spans)
            and spans[idx][0] <= m.start < max(spans[idx][1], spans[idx][0] + 1)
        ):
            idx = sentence_at(starts, m.start) if spans else 0
        s_text = text[spans[idx][0] : spans[idx][1]].strip() if spans else ""
        out.append(
            DateRef(
                article=article_id,
                start=m.start,
                end=m.end,
                text=m.text,
                type=m.type,
                value=value,
                sentence=idx,
                sentence_text=s_text,
                anchor=anchor_value,
                mod=mod,
            )
        )
    return out
