"""One self-contained HTML page for an analysis: summary, facts, quotes, framing, timeline, texts.

:func:`render_html` returns the page as a string and :func:`write_html` writes
it.  The page needs no network: CSS and JavaScript are inline, the timeline is
an SVG drawn here, and there are no fonts, images or links to load.  Every
value that comes from the input (article text, titles, outlet names, quotes,
entity names...) is HTML-escaped: the template autoescapes, and the pieces
built here (highlighted article text, quote diffs, the timeline) go through
:func:`markupsafe.escape`.  The same analysis gives byte-identical HTML.

Layout, in order: header (title, date span, articles), the cited summary,
the fact x article matrix, quote variants side by side, the framing table,
the timeline, and each article's text with its annotations highlighted.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..analysis import Analysis, Comparison, Narrative
from ..lexicon.calendar import MONTH_NAMES
from ..version import __version__

if TYPE_CHECKING:
    from ..model import Conflict, DiffSegment

__all__ = ["render_html", "write_html"]

TEMPLATE = "report.html.j2"
# the page's own script (templates/report.js), the only one the page's Content-Security-Policy
# lets run: by its hash, so a script that got into the page any other way is blocked
SCRIPT = "report.js"
# the policy: nothing is loaded from anywhere (the page is self-contained), no form, no <base>;
# styles are the page's own inline ones (its <style> and style attributes such as bar widths)
CSP = ("default-src 'none'; script-src '{script_hash}'; style-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")
# colours cycle after this many articles (CSS classes c0..c9)
PALETTE_SIZE = 10
# entity types with a colour of their own; the rest share "other"
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
TOP_ENTITIES = 6
# the timeline SVG: width of the drawing (viewBox units) and its parts
SVG_WIDTH = 1000
SVG_MARGIN = 30
EARLIER_WIDTH = 190  # the compressed segment for background events
BREAK_GAP = 50  # between the compressed segment and the story's own days
LEVEL_HEIGHT = 25  # markers closer than MARKER_GAP on the axis stack up
MARKER_GAP = 24
MAX_TICK_LABELS = 9
_MONTHS = tuple(m.capitalize() for m in MONTH_NAMES)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")


# --- small helpers -----------------------------------------------------------------------------


def _fmt_date(value: str | None) -> str:
    """A TIMEX calendar value for reading: "16 May 2025", "March 2022", "2022" (others as given)."""
    if not value:
        return "date unknown"
    m = _DATE.match(value)
    if not m:
        return value
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month and 1 <= int(month) <= 12:
        name = _MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def _date_span(values: Iterable[str]) -> str:
    """"13–30 May 2025", "28 April – 2 May 2025", "30 December 2024 – 2 January 2025"."""
    days = sorted(v for v in values if v and _DATE.match(v) and len(v) == 10)
    if not days:
        return ""
    first, last = days[0], days[-1]
    if first == last:
        return _fmt_date(first)
    a, b = _fmt_date(first).split(" "), _fmt_date(last).split(" ")
    if a[2] == b[2] and a[1] == b[1]:
        return f"{a[0]}–{b[0]} {b[1]} {b[2]}"
    if a[2] == b[2]:
        return f"{a[0]} {a[1]} – {b[0]} {b[1]} {b[2]}"
    return f"{_fmt_date(first)} – {_fmt_date(last)}"


def _period(value: str) -> tuple[date, date, str] | None:
    """First and last day a TIMEX value covers, and its precision (day, month, year)."""
    m = _DATE.match(value or "")
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3)))
            return d, d, "day"
        if m.group(2):
            month = int(m.group(2))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
        return date(year, 1, 1), date(year, 12, 31), "year"
    except ValueError:
        return None


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class _Art:
    """What the page shows of one article: its number, colour and anchors."""

    n: int
    id: str
    label: str
    colour: int
    title: str | None

    @property
    def anchor(self) -> str:
        return f"art-{self.n}"

    def chip(self, note: str = "") -> Markup:
        tip = f"[{self.n}] {self.label}" + (f" — {self.title}" if self.title else "")
        if note:
            tip += f"\n{note}"
        return Markup('<a class="chip c{}" href="#{}" title="{}">{}</a>').format(
            self.colour, self.anchor, tip, self.n)


def _chips(arts: dict[str, _Art], ids: Iterable[str], notes: dict[str, str] | None = None) -> Markup:
    known = sorted((arts[i] for i in set(ids) if i in arts), key=lambda a: a.n)
    return Markup("").join(a.chip((notes or {}).get(a.id, "")) for a in known)


# --- highlighted article text ------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    rank: int  # opening order among spans that start together and end together (outer first)
    cls: str
    title: str = ""
    anchor: str = ""  # an id for the first piece (fact variants: matrix cells link here)
    group: str = ""  # shared by the pieces of one span that nesting had to split

    def open(self, first: bool) -> Markup:
        attrs = Markup(' class="{}"').format(self.cls + ("" if first else " cont"))
        if self.title:
            attrs += Markup(' title="{}"').format(self.title)
        if first and self.anchor:
            attrs += Markup(' id="{}"').format(self.anchor)
        if self.group:
            attrs += Markup(' data-v="{}"').format(self.group)
        return Markup("<span{}>").format(attrs)


def _text(piece: str) -> Markup:
    return Markup("<br>\n").join(piece.split("\n"))


def _highlight_run(text: str, offset: int, spans: Sequence[_Span]) -> Markup:
    """``text`` (starting at ``offset`` of the article) with ``spans`` as properly nested elements.

    Spans may nest or overlap: the text is cut at every span boundary; when a
    span ends while spans opened after it are still open, those are closed and
    reopened after it (their later pieces carry the class ``cont``).
    """
    end_of_text = offset + len(text)
    clipped = [s for s in spans if s.start < end_of_text and s.end > offset and s.end > s.start]
    starts: dict[int, list[_Span]] = {}
    for s in clipped:
        starts.setdefault(max(s.start, offset), []).append(s)
    bounds = sorted({offset, end_of_text} | {max(s.start, offset) for s in clipped}
                    | {min(s.end, end_of_text) for s in clipped})
    out: list[Markup] = []
    stack: list[_Span] = []
    pos = offset
    for b in bounds:
        if b > pos:
            out.append(_text(text[pos - offset : b - offset]))
            pos = b
        ending = [i for i, s in enumerate(stack) if min(s.end, end_of_text) <= b]
        if ending:
            cut = ending[0]
            reopen = [s for s in stack[cut:] if min(s.end, end_of_text) > b]
            out.extend(Markup("</span>") for _ in stack[cut:])
            del stack[cut:]
            for s in reopen:
                out.append(s.open(first=False))
                stack.append(s)
        for s in sorted(starts.get(b, ()), key=lambda s: (-s.end, s.rank, s.cls)):
            out.append(s.open(first=s.start >= offset))
            stack.append(s)
    out.extend(Markup("</span>") for _ in stack)
    return Markup("").join(out)


def highlight(text: str, spans: Sequence[_Span]) -> Markup:
    """The article's text as paragraphs (``<p>``) with its annotations highlighted, all escaped."""
    paragraphs: list[Markup] = []
    pos = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        stop = m.start() if m else len(text)
        piece = text[pos:stop]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            paragraphs.append(Markup("<p>{}</p>").format(_highlight_run(piece, pos + lead, spans)))
        if m:
            pos = m.end()
    return Markup("\n").join(paragraphs)


def _spans_by_article(analysis: Analysis, names: dict[str, str],
                      variant_anchors: dict[str, list[tuple[int, int, str]]]) -> dict[str, list[_Span]]:
    """Each article's highlights: entity mentions, quotes, dates, and the fact wordings the matrix links to."""
    spans: dict[str, list[_Span]] = {a.id: [] for a in analysis.articles}
    for aid, m in analysis.mentions:
        etype = m.type if m.type in ENTITY_TYPES else "other"
        name = names.get(m.key, "") if m.key else ""
        tip = (f"{name} ({m.type})" if name else m.type) + f" · {m.kind}"
        spans.setdefault(aid, []).append(_Span(m.start, m.end, 2, f"m t-{etype} k-{m.kind}", tip))
    for q in analysis.quotes:
        who = names.get(q.speaker or "") or q.speaker_name or "speaker unknown"
        tip = f"{q.kind} quote · {who}" + (f" · cue “{q.cue}”" if q.cue else "")
        kind = q.kind if q.kind in ("direct", "indirect") else "other"
        spans.setdefault(q.article, []).append(_Span(q.start, q.end, 1, f"q q-{kind}", tip))
    for d in analysis.dates:
        tip = f"{d.type.lower()}: {d.value or 'unresolved'}" + (f" → {d.anchor}" if d.anchor else "")
        if d.value and _period(d.value):
            tip += f" ({_fmt_date(d.value)})"
        spans.setdefault(d.article, []).append(_Span(d.start, d.end, 3, "d", tip))
    for aid, anchors in variant_anchors.items():
        for start, end, anchor in anchors:
            spans.setdefault(aid, []).append(_Span(start, end, 0, "v", anchor=anchor, group=anchor))
    return spans


# --- sections ----------------------------------------------------------------------------------


def _variant_anchors(c: Comparison | None) -> dict[tuple[str, int], str]:
    """(fact id, variant index) -> the id of that wording's span in the article text."""
    if c is None:
        return {}
    return {(f.id, vi): f"v{fi}-{vi}" for fi, f in enumerate(c.facts, 1) for vi in range(len(f.variants))}


def _linkify_ids(text: str, arts: dict[str, _Art], labels: bool = True) -> Markup:
    """Escape ``text``, showing article ids written in it as the articles' chips (and labels)."""
    ids = sorted(arts, key=len, reverse=True)
    if not ids:
        return escape(text)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])")
    out: list[Markup] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        a = arts[m.group(1)]
        out.append(Markup('<span class="named">{}{}</span>').format(a.chip(), a.label) if labels else a.chip())
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _summary(analysis: Analysis, c: Comparison, n: Narrative, arts: dict[str, _Art],
             anchors: dict[tuple[str, int], str], first_lines: dict[str, str]) -> list[dict[str, Any]]:
    facts = {f.id: f for f in c.facts}
    dates = {a.id: _fmt_date(a.published) for a in analysis.articles if a.published}
    out = []
    for si, s in enumerate(n.summary, 1):
        cites = []
        for a in sorted((arts[i] for i in dict.fromkeys(s.citations) if i in arts), key=lambda a: a.n):
            items: list[tuple[str, str]] = []
            for fid in s.facts:
                f = facts.get(fid)
                if f is None:
                    continue
                for vi, v in enumerate(f.variants):
                    if v.article == a.id and not any(v.text == t for t, _ in items):
                        items.append((v.text, anchors.get((f.id, vi), a.anchor)))
            fallback = ""
            if not items:
                fallback = "title" if a.title else "opening"
                items.append((a.title or first_lines.get(a.id, ""), a.anchor))
            cites.append({"art": a, "pop_id": f"pop-{si}-{a.n}", "items": items, "fallback": fallback,
                          "date": dates.get(a.id, "")})
        out.append({"n": si, "html": _linkify_ids(s.text, arts), "cites": cites})
    return out


def _conflict_note(conflicts: list[Conflict], article: str, arts: dict[str, _Art]) -> str:
    lines = []
    for x in conflicts:
        mine = ", ".join(x.values.get(article, ())) or "—"
        others = "; ".join(f"[{arts[o].n}] {', '.join(v)}" for o, v in sorted(
            x.values.items(), key=lambda kv: arts[kv[0]].n if kv[0] in arts else 0)
            if o != article and o in arts)
        lines.append(f"Conflict ({x.kind}): {x.description}. This article: {mine}"
                     + (f". Others: {others}" if others else ""))
    return "\n".join(lines)


def _matrix(c: Comparison, arts: dict[str, _Art], anchors: dict[tuple[str, int], str]) -> dict[str, Any]:
    conflicts: dict[str, list[Conflict]] = {}
    for x in c.conflicts:
        conflicts.setdefault(x.fact, []).append(x)
    omitted = {(o.article, f) for o in c.omissions for f in o.facts}
    possibly = {(o.article, x.fact): x for o in c.omissions for x in o.possible}
    maybe_facts = {f for _, f in possibly}
    likely = {(f.id, x.article): x.probability for f in c.facts for x in f.support if x.level == "likely"}
    ordered = sorted(arts.values(), key=lambda a: a.n)
    rows = []
    for fi, f in enumerate(c.facts, 1):
        carried = set(f.articles) | {v.article for v in f.variants}
        cells: list[dict[str, Any]] = []
        unique = len(carried) < 2
        # one article's fact: the other cells collapse, unless another possibly reports it
        collapse = unique and f.id not in maybe_facts
        for a in ordered:
            if collapse and a.id not in carried:
                # a fact one article carries: the others' cells say nothing, so they are one empty
                # cell on each side (a story of 100 articles and 3,000 such facts would otherwise
                # send 300,000 cells)
                if cells and cells[-1]["mark"] == "gap":
                    cells[-1]["span"] += 1
                else:
                    cells.append({"article": "", "mark": "gap", "span": 1, "symbol": "", "href": "",
                                  "title": "", "omitted": False})
                continue
            mine = [(v.text, anchors.get((f.id, vi), a.anchor)) for vi, v in enumerate(f.variants)
                    if v.article == a.id]
            # one mark per article; its hover lists every wording the article gave the claim
            wording = ("\n\n".join(t for t, _ in mine), mine[0][1]) if mine else None
            against = [x for x in conflicts.get(f.id, ()) if a.id in x.values]
            if a.id in carried and against:
                note = _conflict_note(against, a.id, arts)
                text = (wording[0] + "\n\n" if wording else "") + note
                cells.append({"article": a.id, "mark": "conflict", "symbol": "✖", "title": text,
                              "href": wording[1] if wording else a.anchor, "omitted": False})
            elif a.id in carried:
                title = wording[0] if wording else "carries it"
                weak = likely.get((f.id, a.id))
                if weak is not None:  # the judge is less sure: say so, and how sure
                    title = f"likely the same claim (the judge's probability {weak:.2f}; check the wording):\n\n{title}"
                cells.append({"article": a.id, "mark": "yes", "symbol": "✔", "title": title,
                              "href": wording[1] if wording else a.anchor, "omitted": False,
                              "likely": weak is not None})
            elif (a.id, f.id) in possibly:
                near = possibly[(a.id, f.id)]
                cells.append({"article": a.id, "mark": "maybe", "symbol": "?", "href": a.anchor,
                              "omitted": False,
                              "title": f"possibly reported in other words (judge {near.probability:.2f}): "
                                       f"{near.text}"})
            else:
                miss = (a.id, f.id) in omitted
                cells.append({"article": a.id, "mark": "no", "symbol": "—", "href": "", "omitted": miss,
                              "title": "omitted: most other outlets carry this fact" if miss else ""})
        rows.append({"n": fi, "id": f.id, "text": f.text, "status": f.status, "outlets": f.outlets,
                     "carried": len(carried), "unique": unique, "cells": cells})
    facts = {f.id: (fi, f) for fi, f in enumerate(c.facts, 1)}
    omissions = []
    for o in sorted(c.omissions, key=lambda o: arts[o.article].n if o.article in arts else 0):
        if o.facts and o.article in arts:
            omissions.append({"art": arts[o.article],
                              "facts": [{"n": facts[x][0], "text": _short(facts[x][1].text, 120)}
                                        for x in o.facts if x in facts]})
    shared = sum(not r["unique"] for r in rows)
    return {"rows": rows, "shared": shared, "unique": len(rows) - shared, "omissions": omissions,
            "counts": Counter(f.status for f in c.facts)}


def _diff_html(segments: Sequence[DiffSegment]) -> Markup:
    parts: list[Markup] = []
    for s in segments:
        if s.op == "insert":
            parts.append(Markup('<ins title="added: not in the reference wording">{}</ins>').format(s.text))
        elif s.op == "delete":
            parts.append(Markup('<del title="in the reference wording, left out here">{}</del>').format(s.other))
        elif s.op == "replace":
            parts.append(Markup('<del title="reference wording">{}</del> <ins title="this wording">{}</ins>')
                         .format(s.other, s.text))
        else:
            parts.append(escape(s.text))
    return Markup(" ").join(p for p in parts if p)


def _quote_groups(analysis: Analysis, c: Comparison, arts: dict[str, _Art]) -> list[dict[str, Any]]:
    quotes = {q.id: q for q in analysis.quotes}
    names = {e.id: e.name for e in analysis.entities}
    out = []
    for g in c.quote_groups:
        why = dict(g.divergent)
        variants = []
        for qid in sorted(g.quotes, key=lambda q: q != g.reference):  # the reference first
            q = quotes.get(qid)
            a = arts.get(q.article if q else qid.rsplit(":", 1)[0])
            segs = g.diffs.get(qid)
            body = _diff_html(segs) if segs else escape(q.text if q else "")
            variants.append({"art": a, "kind": q.kind if q else "", "reference": qid == g.reference,
                             "html": body, "divergent": why.get(qid, ""), "cue": q.cue if q else None})
        speaker = g.speaker_name or names.get(g.speaker or "", "") or "Unknown speaker"
        out.append({"speaker": speaker, "variants": variants, "articles": len(set(g.articles)),
                    "divergent": len(why)})
    return out


def _framing(c: Comparison, arts: dict[str, _Art]) -> list[dict[str, Any]]:
    top = max((r.score for r in c.framing), default=0.0) or 1.0
    return [{"referent": r.referent, "kind": r.kind, "note_html": _linkify_ids(r.note, arts, labels=False),
             "score": f"{r.score:.2f}", "bar": round(100 * max(r.score, 0.0) / top),
             "terms": [{"term": t, "chips": _chips(arts, ids)} for t, ids in r.terms.items()]}
            for r in c.framing]


# --- the timeline as an SVG --------------------------------------------------------------------


def _day_ticks(lo: int, hi: int) -> tuple[list[int], list[int]]:
    """Minor ticks (every day when there is room) and labelled ticks for a span of days."""
    span = hi - lo
    minor = list(range(lo + 1, hi)) if span <= 90 else []
    for step in (1, 2, 3, 7, 14):
        if span / step <= MAX_TICK_LABELS:
            first = lo + 1
            if step == 7:  # weeks start on Mondays
                first += (7 - date.fromordinal(first).weekday()) % 7
            return minor, list(range(first, hi, step))
    labels = []
    d = date.fromordinal(lo + 1)
    months = date.fromordinal(hi).year * 12 + date.fromordinal(hi).month - (d.year * 12 + d.month)
    step = max(1, -(-months // MAX_TICK_LABELS))
    y, m = d.year, d.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, m - 12
        o = date(y, m, 1).toordinal()
        if o >= hi:
            break
        if (y * 12 + m) % step == 0:
            labels.append(o)
    return minor, labels


@dataclass
class _Event:
    """A timeline event as the page shows it, and where the SVG puts it."""

    n: int
    value: str  # the TIMEX date as given
    label: str
    text: str
    background: bool
    conflicting: bool
    chips: Markup
    wordings: list[dict[str, Any]]
    period: tuple[date, date, str] | None
    x: float = 0.0
    level: int = 0

    @property
    def precision(self) -> str:
        return self.period[2] if self.period else "unknown"

    @property
    def middle(self) -> float:
        """The middle of the period the date covers, in days (ordinal)."""
        assert self.period is not None
        return (self.period[0].toordinal() + self.period[1].toordinal() + 1) / 2


def _events(narrative: Narrative, arts: dict[str, _Art]) -> list[_Event]:
    out = []
    for n, e in enumerate(narrative.timeline, 1):
        order = sorted((a for a in e.wordings if a in arts), key=lambda a: arts[a].n)
        wordings = [{"art": arts[a], "text": e.wordings[a]} for a in order]
        out.append(_Event(n=n, value=e.date, label=_fmt_date(e.date), text=e.event, background=e.background,
                          conflicting=e.conflicting, chips=_chips(arts, e.articles, dict(e.wordings)),
                          wordings=wordings if any(w["text"] != e.event for w in wordings) else [],
                          period=_period(e.date)))
    return out


def _timeline(analysis: Analysis, narrative: Narrative, arts: dict[str, _Art]) -> dict[str, Any]:
    """The events for the list, and the SVG's parts: axes (with a break before the background), ticks, markers."""
    events = _events(narrative, arts)
    placed = [e for e in events if e.period]
    if not placed:
        return {"events": events, "svg": None}
    earlier = [e for e in placed if e.background]
    story = [e for e in placed if not e.background] or earlier
    if story is earlier:
        earlier = []
    axes: list[dict[str, Any]] = []
    ticks: list[dict[str, Any]] = []
    x0, x1 = float(SVG_MARGIN), float(SVG_WIDTH - SVG_MARGIN)
    brk: float | None = None
    if earlier:  # the background on a compressed scale of its own, left of a break
        lo = min(e.period[0].toordinal() for e in earlier if e.period)
        hi = max(e.period[1].toordinal() for e in earlier if e.period) + 1
        pad = max(30, (hi - lo) // 12)
        lo, hi = lo - pad, hi + pad
        ex0, ex1 = x0, x0 + EARLIER_WIDTH

        def xe(o: float) -> float:
            return ex0 + (o - lo) / (hi - lo) * (ex1 - ex0)

        for e in earlier:
            e.x = xe(e.middle)
        years = list(range(date.fromordinal(lo).year + 1, date.fromordinal(hi).year + 1))
        step = max(1, -(-len(years) // 4))
        labelled = [y for y in years if y % step == 0]
        for y in labelled:
            ticks.append({"x": xe(date(y, 1, 1).toordinal()), "label": str(y), "muted": True, "free": False})
        if not labelled:
            ticks.append({"x": (ex0 + ex1) / 2, "label": str(date.fromordinal((lo + hi) // 2).year),
                          "muted": True, "free": True})
        axes.append({"x0": ex0, "x1": ex1, "muted": True, "caption": "earlier · compressed scale"})
        brk = ex1 + BREAK_GAP / 2
        x0 = ex1 + BREAK_GAP
    lo = min(e.period[0].toordinal() for e in story if e.period)
    hi = max(e.period[1].toordinal() for e in story if e.period) + 1
    pub_days = sorted({a.published for a in analysis.articles if a.published and _period(a.published)})
    for p in pub_days:
        o = date.fromisoformat(p).toordinal()
        if lo - 60 <= o <= hi + 60:  # publication days near the story widen its axis
            lo, hi = min(lo, o), max(hi, o + 1)
    pad = max(1, (hi - lo) // 30)
    lo, hi = lo - pad, hi + pad

    def xs(o: float) -> float:
        return x0 + (o - lo) / (hi - lo) * (x1 - x0)

    for e in story:
        e.x = xs(e.middle)
    minor, labelled_days = _day_ticks(lo, hi)
    for o in labelled_days:
        d = date.fromordinal(o)
        month = _MONTHS[d.month - 1][:3]
        text = f"{d.day} {month}" if d.day != 1 or hi - lo <= 120 else f"{month} {d.year}"
        ticks.append({"x": xs(o + 0.5), "label": text, "muted": False, "free": False})
    axes.append({"x0": x0, "x1": x1, "muted": False, "caption": _date_span(
        [date.fromordinal(lo + 1).isoformat(), date.fromordinal(hi - 1).isoformat()])})
    # markers that would overlap stack up: each takes the lowest level free at its spot
    levels: list[list[float]] = []
    for e in sorted(placed, key=lambda e: (e.x, e.n)):
        level = 0
        while level < len(levels) and any(abs(e.x - x) < MARKER_GAP for x in levels[level]):
            level += 1
        if level == len(levels):
            levels.append([])
        levels[level].append(e.x)
        e.level = level
    axis_y = 18 + len(levels) * LEVEL_HEIGHT
    markers = []
    for e in placed:
        cls = ["tl-marker", e.precision] + (["bg"] if e.background else []) + (
            ["conflict"] if e.conflicting else [])
        markers.append({"n": e.n, "x": round(e.x, 1), "y": axis_y - 14 - e.level * LEVEL_HEIGHT,
                        "cls": " ".join(cls), "precision": e.precision, "title": f"{e.n}. {e.label}: {e.text}"})
    pubs = []
    for p in pub_days:
        o = date.fromisoformat(p).toordinal()
        if not lo < o < hi:
            continue
        which = [(arts[a.id], a.published_inferred) for a in analysis.articles if a.published == p]
        pubs.append({"x": round(xs(o + 0.5), 1), "label": " ".join(str(a.n) for a, _ in which),
                     "inferred": all(inf for _, inf in which),
                     "title": f"published {_fmt_date(p)}: " + "; ".join(
                         f"[{a.n}] {a.label}" + (" (date inferred)" if inf else "") for a, inf in which)})
    for t in ticks:
        t["x"] = round(t["x"], 1)
    for ax in axes:
        ax["cx"] = round((ax["x0"] + ax["x1"]) / 2, 1)
        ax["x0"], ax["x1"] = round(ax["x0"], 1), round(ax["x1"], 1)
    svg = {"width": SVG_WIDTH, "height": axis_y + 64, "axis_y": axis_y, "axes": axes, "ticks": ticks,
           "minor": [round(xs(o + 0.5), 1) for o in minor], "markers": markers, "pubs": pubs,
           "break": round(brk, 1) if brk is not None else None}
    return {"events": events, "svg": svg}


# --- the page ----------------------------------------------------------------------------------


def _env() -> Environment:
    return Environment(loader=PackageLoader("newsprism", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def _first_line(text: str) -> str:
    line = next((x.strip() for x in text.split("\n") if x.strip()), "")
    return _short(line, 200)


def context(analysis: Analysis) -> dict[str, Any]:
    """Everything the template shows, as plain values (strings still to be escaped) and Markup."""
    arts = {a.id: _Art(n, a.id, a.label, (n - 1) % PALETTE_SIZE, a.title)
            for n, a in enumerate(analysis.articles, 1)}
    names = {e.id: e.name for e in analysis.entities}
    c = analysis.comparison
    anchors = _variant_anchors(c)
    variant_spans: dict[str, list[tuple[int, int, str]]] = {}
    if c is not None:
        for f in c.facts:
            for vi, v in enumerate(f.variants):
                variant_spans.setdefault(v.article, []).append((v.start, v.end, anchors[(f.id, vi)]))
    spans = _spans_by_article(analysis, names, variant_spans)
    quotes = Counter(q.article for q in analysis.quotes)
    distinct: dict[str, set[str]] = {}
    for aid, m in analysis.mentions:
        if m.key:
            distinct.setdefault(aid, set()).add(m.key)
    articles = []
    for a in analysis.articles:
        art = arts[a.id]
        url = a.url if a.url and re.match(r"^https?://", a.url, re.I) else None
        articles.append({
            "art": art, "id": a.id, "label": a.label, "outlet": a.outlet, "title": a.title,
            "author": a.author, "url": url, "published": a.published,
            "date": _fmt_date(a.published) if a.published else "date unknown",
            "inferred": a.published_inferred, "evidence": a.evidence.get("published", ""),
            "entities": len(distinct.get(a.id, ())), "quotes": quotes.get(a.id, 0),
            "html": highlight(a.text, spans.get(a.id, [])),
            "copies": [{"label": c.outlet or c.id, "title": c.title, "published": c.published,
                        "url": c.url if c.url and re.match(r"^https?://", c.url, re.I) else None,
                        "similarity": f"{c.similarity:.0%}" if c.similarity else None}
                       for c in a.copies],
        })
    first_title = next((a.title for a in analysis.articles if a.title), None)
    top = [e.name for e in analysis.entities[:TOP_ENTITIES]]
    used_types = sorted({m.type if m.type in ENTITY_TYPES else "other" for _, m in analysis.mentions},
                        key=lambda t: (ENTITY_TYPES + ("other",)).index(t))
    first_lines = {a.id: _first_line(a.text) for a in analysis.articles}
    ctx: dict[str, Any] = {
        "version": __version__,
        "title": first_title or (" · ".join(top[:3]) if top else "News report comparison"),
        "entities": top,
        "span": _date_span(a.published for a in analysis.articles if a.published),
        "articles": articles,
        "any_inferred": any(a.published_inferred for a in analysis.articles),
        "skipped": [{"source": s.source, "reason": s.reason} for s in analysis.skipped],
        "entity_types": used_types,
        "comparison": c is not None,
    }
    if c is not None:
        told = analysis.narrative or Narrative((), ())
        ctx.update(summary=_summary(analysis, c, told, arts, anchors, first_lines),
                   matrix=_matrix(c, arts, anchors),
                   quote_groups=_quote_groups(analysis, c, arts),
                   framing=_framing(c, arts),
                   timeline=_timeline(analysis, told, arts))
    return ctx


@cache
def _script() -> tuple[str, str]:
    """The page's script and its CSP source expression ('sha256-...' of its exact text)."""
    text = files("newsprism").joinpath("templates", SCRIPT).read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


def render_html(analysis: Analysis) -> str:
    """The analysis as one self-contained HTML page (no network needed to open it)."""
    script, script_hash = _script()
    return _env().get_template(TEMPLATE).render(
        **context(analysis), script=Markup(script),
        csp=Markup(CSP.format(script_hash=script_hash)))  # no input in it: written as it is


def write_html(analysis: Analysis, path: str | os.PathLike[str]) -> None:
    """Write :func:`render_html` to ``path`` (UTF-8)."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(render_html(analysis))
