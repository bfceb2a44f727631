"""The framing lexicon: groups of competing terms for one referent (``data/framing_lexicon.tsv``).

Shared by the framing rows (:mod:`newsprism.compare.framing`, which reports the outlets' choices)
and the summary (:mod:`newsprism.tell.summary`, which avoids loaded wording), so it sits on the
ground floor with the other word lists.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["Lexicon", "LexiconGroup", "LexiconMatch", "load_lexicon", "norm_term", "parse_lexicon"]


# --- the lexicon --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LexiconGroup:
    """Competing terms for one referent; ``neutral`` lists the neutral/AP-style ones."""

    id: str
    referent: str
    terms: tuple[str, ...]
    neutral: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        """Matched only to stop shorter terms inside it; never reported."""
        return self.id.startswith("_")


@dataclass(frozen=True)
class LexiconMatch:
    start: int
    end: int
    group: str
    term: str  # as the lexicon writes it


@dataclass(frozen=True)
class _Entry:
    group: str
    term: str
    context: tuple[str, ...]


class Lexicon:
    """The framing lexicon: groups of competing terms (see ``data/framing_lexicon.tsv``)."""

    def __init__(self, groups: Sequence[LexiconGroup], entries: Sequence[_Entry]) -> None:
        self.groups: tuple[LexiconGroup, ...] = tuple(groups)
        self._by_id = {g.id: g for g in self.groups}
        self._entries: dict[str, list[_Entry]] = defaultdict(list)
        for e in entries:
            self._entries[norm_term(e.term)].append(e)
        terms = sorted(self._entries, key=lambda t: (-len(t), t))
        alternatives = "|".join(_term_pattern(t) for t in terms)
        # a lookahead finds, at every position, the longest term starting there (overlapping)
        self._rx = re.compile(rf"(?=(?<!\w)({alternatives})(?!\w))", re.IGNORECASE) if terms else None
        self._contexts = {
            key: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in e.context) + ")",
                            re.IGNORECASE)
            for entries_ in self._entries.values() for e in entries_ if e.context
            for key in [(e.group, norm_term(e.term))]
        }

    def group(self, group_id: str) -> LexiconGroup:
        return self._by_id[group_id]

    def groups_of(self, term: str) -> tuple[str, ...]:
        """Ids of the (reported) groups that list ``term`` (any case)."""
        return tuple(dict.fromkeys(e.group for e in self._entries.get(norm_term(term), ())
                                   if not self._by_id[e.group].blocking))

    def neutral_for(self, term: str) -> tuple[str, ...]:
        """The neutral terms of the groups that list ``term`` (for avoiding loaded wording)."""
        return tuple(dict.fromkeys(n for g in self.groups_of(term) for n in self._by_id[g].neutral))

    def find(self, text: str, sentence_starts: Sequence[int] | None = None) -> list[LexiconMatch]:
        """Non-overlapping matches in ``text``: longest first, each in the first group whose
        context (if any) its sentence satisfies; blocking groups included.

        ``sentence_starts`` (sorted offsets) come from the parse when known; otherwise a
        simple splitter finds the sentences.
        """
        if self._rx is None:
            return []
        bounds = list(sentence_starts) if sentence_starts else _sentence_bounds(text)
        candidates: list[LexiconMatch] = []
        for m in self._rx.finditer(text):
            start, end = m.start(1), m.end(1)
            entries: list[_Entry] = next(
                (self._entries[k] for k in _singulars(norm_term(m.group(1))) if k in self._entries), [])
            sentence = None
            for e in entries:
                if e.context:
                    if sentence is None:
                        sentence = _sentence_at(text, bounds, start)
                    if not self._contexts[(e.group, norm_term(e.term))].search(sentence):
                        continue
                candidates.append(LexiconMatch(start, end, e.group, e.term))
                break
        candidates.sort(key=lambda c: (-(c.end - c.start), c.start))
        taken: list[LexiconMatch] = []
        for c in candidates:
            if all(c.end <= t.start or t.end <= c.start for t in taken):
                taken.append(c)
        return sorted(taken, key=lambda c: c.start)


def _term_pattern(key: str) -> str:
    """Regex of a normalised term: a space matches any run of spaces and hyphens; a final
    letter may take a plural -s/-es."""
    body = r"[-\s]+".join(re.escape(w) for w in key.split())
    return body + "(?:e?s)?" if key[-1:].isalpha() else body


def norm_term(s: str) -> str:
    """Lexicon key of a phrase: case-folded, hyphens and whitespace runs as one space."""
    return re.sub(r"[-\s]+", " ", s.casefold()).strip()


def _singulars(key: str) -> list[str]:
    """``key`` and what it could be the plural of ("truces" -> "truce", "crises" unchanged)."""
    out = [key]
    if key.endswith("s"):
        out.append(key[:-1])
    if key.endswith("es"):
        out.append(key[:-2])
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]”’]*\s+(?=[\"“'(\[]?[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    r"|Gen|Col|Lt|Sgt|Rep|Sen|Gov|Prof|No|vs|etc)\.)[\"')\]”’]*$")


def _sentence_bounds(text: str) -> list[int]:
    """Sentence starts (a fallback splitter, for articles without parsed sentences)."""
    out = [0]
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group(0) and _ABBREVIATION.search(text, max(0, m.start() - 12), m.start()):
            continue
        out.append(m.end())
    return out


def _sentence_at(text: str, bounds: Sequence[int], pos: int) -> str:
    i = bisect.bisect_right(bounds, pos) - 1
    end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
    return text[bounds[max(i, 0)]:end]


def parse_lexicon(text: str) -> Lexicon:
    """Read lexicon rows (format in ``data/framing_lexicon.tsv``); ``ValueError`` on a bad row."""
    order: list[str] = []
    referents: dict[str, str] = {}
    terms: dict[str, list[str]] = defaultdict(list)
    neutral: dict[str, list[str]] = defaultdict(list)
    entries: list[_Entry] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")] + [""] * 5
        gid, referent, term, mark, context = cols[:5]
        if not gid or not referent or not term:
            raise ValueError(f"framing lexicon line {n}: needs group, referent and term "
                             f"separated by tabs, got {line!r}")
        if mark not in ("", "neutral"):
            raise ValueError(f"framing lexicon line {n}: the 4th column is 'neutral' or empty, "
                             f"got {mark!r}")
        if gid in referents and referents[gid] != referent:
            raise ValueError(f"framing lexicon line {n}: group {gid!r} has referent "
                             f"{referents[gid]!r} elsewhere, not {referent!r}")
        if gid not in referents:
            order.append(gid)
            referents[gid] = referent
        cues = tuple(c.strip() for c in context.split("|") if c.strip())
        for e in entries:
            if norm_term(e.term) == norm_term(term) and (not cues or not e.context):
                raise ValueError(f"framing lexicon line {n}: {term!r} is already in group "
                                 f"{e.group!r}; a term listed twice needs a context each time")
        entries.append(_Entry(gid, term, cues))
        terms[gid].append(term)
        if mark:
            neutral[gid].append(term)
    groups = [LexiconGroup(g, referents[g], tuple(terms[g]), tuple(neutral[g])) for g in order]
    return Lexicon(groups, entries)


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The shipped lexicon, or the one at ``path`` (loaded once per process)."""
    if path:
        return parse_lexicon(Path(path).read_text("utf-8"))
    text = resources.files("newsprism").joinpath("data/framing_lexicon.tsv").read_text("utf-8")
    return parse_lexicon(text)
