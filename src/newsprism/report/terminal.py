"""Terminal view: one line per article, then the run's main entities and speakers, and the
comparison: the cited summary, who reports what, framing and the timeline (Rich).

Every string that comes from the articles (titles, outlets, names, quotes, summary sentences,
file names, reasons naming them) reaches the terminal through :func:`plain` only: never read
as Rich markup, and with control characters and escape sequences taken out, so that an article
cannot restyle the output, plant a link, clear the screen or retitle the window.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..model import Copy

# how many entities, speakers, framing rows and timeline events the terminal lists
TOP_ENTITIES = 10
TOP_SPEAKERS = 8
TOP_FRAMING = 12
TOP_TIMELINE = 20
TIMELINE_CHARS = 110
# the fact matrix: how many facts several articles carry, and up to how many articles get a
# column each (beyond, a fact lists the articles that carry it and those said to omit it)
TOP_FACTS = 15
MATRIX_COLUMNS = 10
FACT_CHARS = 70

# escape sequences, taken out whole (their parameters would otherwise show as text): CSI
# ("ESC [ ... final byte": colours, cursor moves, clearing the screen), OSC, DCS, SOS, PM and
# APC strings ("ESC ] 0;title BEL": window titles, hyperlinks; ended by BEL or ESC \), and the
# other escapes ("ESC ( B": intermediate bytes, then a final one); then every other control
# character but newline and tab: C0, DEL and C1 (U+0080-U+009F, the 8-bit forms of CSI and OSC)
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(value: object) -> str:
    """``value`` as text without escape sequences and control characters (newline and tab kept)."""
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", str(value)))


def plain(value: object, style: str = "") -> Text:
    """Third-party text as the terminal shows it: a Rich ``Text`` (never parsed as markup:
    ``[link=...]`` or ``[bold]`` print as written) stripped of control characters and escape
    sequences (:func:`strip_controls`).  Everything printed that an article, a feed or a file
    name supplied goes through here."""
    return Text(strip_controls(value), style=style)


def _refs(analysis: Analysis, ids: tuple[str, ...] | list[str]) -> str:
    """Citations as the articles' numbers in the article table: "[1][3]"."""
    number = {a.id: n for n, a in enumerate(analysis.articles, 1)}
    return "".join(f"[{number[i]}]" for i in sorted(ids, key=lambda i: number.get(i, 0)) if i in number)


def _copy(c: Copy) -> str:
    """"Local Daily (2016-03-05, 90% the same words)"."""
    notes = [x for x in (c.published, f"{c.similarity:.0%} the same words" if c.similarity else None) if x]
    return (c.outlet or c.id) + (f" ({', '.join(notes)})" if notes else "")


def article_table(analysis: Analysis) -> Table:
    quotes = Counter(q.article for q in analysis.quotes)
    distinct: dict[str, set[str]] = {}
    for aid, m in analysis.mentions:
        if m.key:
            distinct.setdefault(aid, set()).add(m.key)
    n = len(analysis.articles)
    table = Table(title=f"{n} article{'' if n == 1 else 's'}", title_justify="left", expand=True)
    table.add_column("#", justify="right", no_wrap=True, width=2)
    # outlet when known, else the article id (its file name)
    width = min(max((len(a.label) for a in analysis.articles), default=7), 16)
    table.add_column("outlet / id", no_wrap=True, width=max(width, 11), overflow="ellipsis")
    table.add_column("published", no_wrap=True, width=12)
    table.add_column("title", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("ents", justify="right", no_wrap=True)
    table.add_column("quotes", justify="right", no_wrap=True)
    for n, a in enumerate(analysis.articles, 1):
        date = plain(a.published or "unknown", "" if a.published else "dim")
        if a.published_inferred:
            date.append(" *", style="yellow")
        table.add_row(str(n), plain(a.label) if a.outlet else plain(a.id, "dim"), date,
                      plain(a.title) if a.title else Text("(no title)", style="dim"),
                      str(len(distinct.get(a.id, ()))), str(quotes.get(a.id, 0)))
    return table


def print_analysis(analysis: Analysis, console: Console | None = None) -> None:
    console = console or Console()
    console.print(article_table(analysis))
    if any(a.published_inferred for a in analysis.articles):
        console.print(Text("* date inferred from other articles or the text's own dated events; "
                           "see evidence.published in --json", style="yellow"))
    for n, a in enumerate(analysis.articles, 1):
        if a.copies:
            console.print(plain(f"[{n}] also published by: " + "; ".join(_copy(c) for c in a.copies),
                                "dim"))
    names = {e.id: e.name for e in analysis.entities}
    ents = Table(title="Main entities (across articles)", title_justify="left")
    ents.add_column("entity", no_wrap=True)
    ents.add_column("type")
    ents.add_column("articles", justify="right")
    ents.add_column("also written as", overflow="fold")
    for e in analysis.entities[:TOP_ENTITIES]:
        ents.add_row(plain(e.name), plain(e.type), str(len(e.articles)), plain(", ".join(e.aliases[:6])))
    console.print(ents)
    speakers = Counter(q.speaker for q in analysis.quotes if q.speaker)
    if speakers:
        sp = Table(title="Who is quoted", title_justify="left")
        sp.add_column("speaker", no_wrap=True)
        sp.add_column("direct", justify="right")
        sp.add_column("indirect", justify="right")
        sp.add_column("articles", justify="right")
        for sid, _ in speakers.most_common(TOP_SPEAKERS):
            qs = [q for q in analysis.quotes if q.speaker == sid]
            sp.add_row(plain(names.get(sid, sid)), str(sum(q.kind == "direct" for q in qs)),
                       str(sum(q.kind == "indirect" for q in qs)), str(len({q.article for q in qs})))
        console.print(sp)
    if analysis.comparison is not None:
        print_comparison(analysis, console)
    if analysis.skipped:
        console.print(Text(f"{len(analysis.skipped)} input(s) skipped:", style="bold red"))
        for s in analysis.skipped:
            console.print(plain(f"  {s.source}: {s.reason}", "red"))


def print_comparison(analysis: Analysis, console: Console) -> None:
    """The cited summary, the fact matrix, the framing table and the timeline."""
    c = analysis.comparison
    if c is None:
        return
    told = analysis.narrative
    summary, timeline = (told.summary, told.timeline) if told else ((), ())
    if summary:
        console.print(Text("Summary (citations are article numbers above)", style="bold"))
        for s in summary:
            line = Text("  ")
            line.append(plain(s.text))
            line.append(" " + _refs(analysis, s.citations), style="cyan")
            console.print(line)
    counts = {k: sum(f.status == k for f in c.facts) for k in ("corroborated", "conflicting", "unique")}
    console.print(Text(f"Facts: {counts['corroborated']} corroborated, {counts['conflicting']} conflicting, "
                       f"{counts['unique']} unique; {len(c.quote_groups)} quotes rendered by several outlets",
                       style="dim"))
    matrix = fact_matrix(analysis)
    if matrix is not None:
        console.print(matrix)
    if c.framing:
        fr = Table(title="Framing: the words each outlet chose", title_justify="left", expand=True)
        fr.add_column("referent", no_wrap=True, max_width=24, overflow="ellipsis")
        fr.add_column("kind", no_wrap=True)
        fr.add_column("terms (articles)", overflow="fold", ratio=1)
        for r in c.framing[:TOP_FRAMING]:
            terms = "; ".join(f"{t} {_refs(analysis, a)}" for t, a in r.terms.items())
            fr.add_row(plain(r.referent), plain(r.kind), plain(terms))
        console.print(fr)
    if timeline:
        tl = Table(title="Timeline", title_justify="left", expand=True)
        tl.add_column("date", no_wrap=True)
        tl.add_column("event", ratio=1, overflow="fold")
        tl.add_column("articles", no_wrap=True)
        for e in timeline[:TOP_TIMELINE]:
            flags = (" (background)" if e.background else "") + (" [conflicting dates]" if e.conflicting else "")
            event = e.event if len(e.event) <= TIMELINE_CHARS else e.event[:TIMELINE_CHARS].rsplit(" ", 1)[0] + " ..."
            tl.add_row(plain(e.date), plain(event + flags, "dim" if e.background else ""),
                       _refs(analysis, e.articles))
        if len(timeline) > TOP_TIMELINE:
            tl.caption = f"{len(timeline) - TOP_TIMELINE} more events in --json / --html"
        console.print(tl)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


def fact_matrix(analysis: Analysis) -> Table | None:
    """Who reports what: the facts several articles carry (most outlets first, as the comparison
    orders them), one column per article when there are up to ``MATRIX_COLUMNS`` articles:
    "✔" carries it, "(✔)" likely carries it (the pair judge is less sure: ``Fact.support``), "✖"
    carries it but disagrees (a conflict), "?" possibly carries it in other words, a red "—" omits it (most other outlets carry it and none of its sentences comes
    close), "·" no wording of it found.  With more articles, each fact lists the articles that carry it and
    those said to omit it."""
    c = analysis.comparison
    if c is None:
        return None
    shared = [f for f in c.facts if len(set(f.articles)) >= 2]
    if not shared:
        return None
    against = {(x.fact, a) for x in c.conflicts for a in x.values}
    omitted = {(o.article, f) for o in c.omissions for f in o.facts}
    possibly = {(o.article, p.fact) for o in c.omissions for p in o.possible}
    likely = {(f.id, x.article) for f in c.facts for x in f.support if x.level == "likely"}
    arts = analysis.articles
    table = Table(title="Who reports what (facts several articles carry)", title_justify="left", expand=True)
    table.add_column("fact", ratio=1, overflow="fold")
    wide = len(arts) <= MATRIX_COLUMNS
    if wide:
        for n in range(1, len(arts) + 1):
            table.add_column(str(n), justify="center", no_wrap=True, width=3)
    else:
        table.add_column("carried by", overflow="fold", max_width=30)
        table.add_column("omitted by", overflow="fold", max_width=20)
    for f in shared[:TOP_FACTS]:
        text = plain(_short(f.text, FACT_CHARS))
        if f.status == "conflicting":
            text.append(" [conflicting]", style="red")
        if not wide:
            table.add_row(text, _refs(analysis, f.articles),
                          _refs(analysis, [a.id for a in arts if (a.id, f.id) in omitted]))
            continue
        cells: list[Text] = []
        for a in arts:
            if a.id in f.articles:
                cells.append(Text("✖", style="red") if (f.id, a.id) in against
                             else Text("(✔)", style="dim green") if (f.id, a.id) in likely
                             else Text("✔", style="green"))
            elif (a.id, f.id) in possibly:
                cells.append(Text("?", style="yellow"))
            elif (a.id, f.id) in omitted:
                cells.append(Text("—", style="bold red"))
            else:
                cells.append(Text("·", style="dim"))
        table.add_row(text, *cells)
    notes = (["✔ carries it, (✔) likely, ✖ disagrees, ? possibly in other words, — omits (most others "
              "carry it, nothing close), · none found"] if wide else [])
    if len(shared) > TOP_FACTS:
        notes.append(f"{len(shared) - TOP_FACTS} more shared facts in --json / --html")
    if notes:
        table.caption = "; ".join(notes)
    return table


def date_span(first: str | None, last: str | None, unknown: str = "?") -> str:
    """A story's date span, short: "2025-05-13 – 05-16" within one year; ``unknown`` for a
    missing end ("?") or for a story none of whose articles is dated (the web app: "undated")."""
    if first == last:
        return first or unknown
    if first and last and first[:4] == last[:4]:
        return f"{first} – {last[5:]}"
    return f"{first or '?'} – {last or '?'}"
