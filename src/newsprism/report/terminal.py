"""Terminal view: one line per article, then the run's main entities and speakers (Rich)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ..pipeline import Analysis

# how many entities and speakers the summary lists
TOP_ENTITIES = 10
TOP_SPEAKERS = 8


def article_table(analysis: Analysis) -> Table:
    quotes = Counter(q.article for q in analysis.quotes)
    distinct: dict[str, set[str]] = {}
    for aid, m in analysis.mentions:
        if m.key:
            distinct.setdefault(aid, set()).add(m.key)
    table = Table(title=f"{len(analysis.articles)} articles", title_justify="left", expand=True)
    # outlet when known, else the article id (its file name)
    width = min(max((len(a.label) for a in analysis.articles), default=7), 16)
    table.add_column("outlet / id", no_wrap=True, width=max(width, 11), overflow="ellipsis")
    table.add_column("published", no_wrap=True, width=12)
    table.add_column("title", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("ents", justify="right", no_wrap=True)
    table.add_column("quotes", justify="right", no_wrap=True)
    for a in analysis.articles:
        date = Text(a.published or "unknown", style="" if a.published else "dim")
        if a.published_inferred:
            date.append(" *", style="yellow")
        table.add_row(a.label if a.outlet else Text(a.id, style="dim"), date,
                      a.title or Text("(no title)", style="dim"),
                      str(len(distinct.get(a.id, ()))), str(quotes.get(a.id, 0)))
    return table


def print_analysis(analysis: Analysis, console: Console | None = None) -> None:
    console = console or Console()
    console.print(article_table(analysis))
    if any(a.published_inferred for a in analysis.articles):
        console.print(Text("* date inferred from other articles or the text's own dated events; "
                           "see evidence.published in --json", style="yellow"))
    names = {e.id: e.name for e in analysis.entities}
    ents = Table(title="Main entities (across articles)", title_justify="left")
    ents.add_column("entity", no_wrap=True)
    ents.add_column("type")
    ents.add_column("articles", justify="right")
    ents.add_column("also written as", overflow="fold")
    for e in analysis.entities[:TOP_ENTITIES]:
        ents.add_row(e.name, e.type, str(len(e.articles)), ", ".join(e.aliases[:6]))
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
            sp.add_row(names.get(sid, sid), str(sum(q.kind == "direct" for q in qs)),
                       str(sum(q.kind == "indirect" for q in qs)), str(len({q.article for q in qs})))
        console.print(sp)
    if analysis.skipped:
        console.print(Text(f"{len(analysis.skipped)} input(s) skipped:", style="bold red"))
        for s in analysis.skipped:
            console.print(Text(f"  {s.source}: {s.reason}", style="red"))
