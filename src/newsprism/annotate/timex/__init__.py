"""Time expressions in news text: find them, read their parts, resolve them later.

Three steps, kept apart because they may run in different processes:

1. :func:`find_time_mentions` reads a parsed spaCy ``Doc`` and returns
   :class:`TimeMention` records: the span, its TIMEX3 type, and the parts needed
   to resolve it (weekday, month, offset and unit, duration, the tense of the
   governing verb...).  Candidates come from our own patterns and from spaCy's
   DATE/TIME entities, which miss and mis-bound many expressions.
2. :func:`resolve` turns one mention into a TIMEX3 value against an anchor date
   (the publication date), with the news rules that ``dateparser`` gets wrong:
   "said on Friday" in a Friday article is that Friday, "will meet on Monday" is
   the next Monday, "June 2" takes the year the tense points to.
3. :func:`date_refs` builds :class:`~newsprism.model.DateRef` records from the
   text, its sentence spans and the mentions, without the ``Doc``.

Mentions are plain frozen dataclasses: picklable, and they can wait until a
publication date has been inferred.

The modules, each importing only those above it:

- ``lexicon``: word lists (cue words, units, holidays, fixed values); month and
  weekday names come from :mod:`newsprism.lexicon.calendar`.
- ``records``: ``Reading``, what a rule handler reads from its match; it also
  re-exports :class:`TimeMention` (defined in :mod:`newsprism.model`), the record
  the three steps pass along.
- ``patterns``: regular-expression parts the rules are built from.
- ``parse``: small readers of matched text (numbers, units, durations, names).
- ``context``: what a rule handler sees besides its match.
- ``handlers``: handlers for expressions that name their own point in time
  (dates, months, years, quarters, seasons, holidays, weekdays, clock times).
- ``relative``: handlers for expressions counted from a point or spread over
  time (yesterday, last week, three years ago, for two weeks, every Monday).
- ``candidates``: the rule table, and the choice of non-overlapping spans among
  rule matches and spaCy entities.
- ``syntax``: what the parse says: past or future, where a duration reaches,
  whether a date only modifies a noun.
- ``find``: step 1, candidates and syntax into :class:`TimeMention` records.
- ``calendar``: calendar arithmetic (weekday and year-less date readings,
  holidays, ISO weeks, values counted from an anchor).
- ``resolve``: step 2, a mention to a TIMEX3 value.
- ``refs``: step 3, :class:`~newsprism.model.DateRef` records.
"""

from __future__ import annotations

from .find import find_time_mentions
from .lexicon import MONTHS, WEEKDAYS
from .records import TimeMention
from .refs import date_refs
from .resolve import resolve, resolve_all

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "TimeMention",
    "date_refs",
    "find_time_mentions",
    "resolve",
    "resolve_all",
]
