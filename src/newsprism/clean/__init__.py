"""Clean a raw document into an :class:`Article`: text repaired, boilerplate out, metadata in.

The steps, in order:

1. characters: line breaks, mojibake, quotes, dashes, spaces (``normalize``);
2. URLs broken across lines are rejoined (``reflow.rejoin_urls``);
3. each line is classified (``lines.classify``): date lines, bylines, photo
   credits, "Related"/"Read more" links, navigation and URL blocks are taken
   out, their information kept as metadata;
4. the remaining lines are joined into paragraphs (``reflow.paragraphs``);
5. the title is the first paragraph when it reads as a headline; a news dateline opening
   the story ("WASHINGTON (AP) — ") is taken off;
6. paragraphs repeating the title or an earlier paragraph are dropped (``repeats``);
7. metadata: what markup or JSONL gave, then text cues, then the URL.

Every dropped piece is recorded in ``Article.removed`` with its reason, and
the cleaned text keeps a map back to the source offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, RawDocument, Removed
from ..textmap import Tracked, join
from .lines import DISCLAIMER, NEWS_DATELINE, classify
from .metadata import (
    date_from_url,
    detect_language,
    looks_like_title,
    normalise_published,
    parse_date,
    parse_time,
    title_from_url,
)
from .normalize import normalize
from .outlets import outlet_by_name, outlet_for_url, table_outlet
from .reflow import paragraphs, rejoin_urls
from .repeats import repeated

__all__ = ["clean_document"]


@dataclass
class _Found:
    """Metadata collected from the lines, with evidence."""

    values: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)

    def put(self, key: str, value: str | None, how: str) -> None:
        if value and key not in self.values:
            self.values[key] = value
            self.evidence[key] = how


def clean_document(raw: RawDocument) -> Article:
    """Clean one document; never raises for odd text (an empty result is allowed)."""
    t = normalize(Tracked.of(raw.text))
    lines = rejoin_urls(t.split_lines())
    found = _Found()
    removed: list[Removed] = []
    blocks = _content_blocks(lines, found, removed)
    paras = paragraphs(blocks)

    title: str | None = raw.meta.get("title")
    if not title and paras and looks_like_title(paras[0].text) and len(paras) > 1:
        title = paras[0].text
        found.put("title", title, "first line of the text, set off as a headline")
        removed.append(_removed(paras[0], "title (moved to metadata)"))
        paras = paras[1:]
    if paras and (m := NEWS_DATELINE.match(paras[0].text)) and m.end() < len(paras[0].text):
        # "WASHINGTON (AP) — ": where and by whom it was filed, not part of the story's first sentence
        removed.append(_removed(paras[0][:m.end()], "news dateline (place and agency)"))
        paras[0] = paras[0][m.end():]
    for i in range(len(paras) - 1, -1, -1):
        # "The opinions expressed in this commentary are solely those of the author.": the
        # outlet's disclaimer, not the story (it sits inside a paragraph as often as alone)
        hits = list(DISCLAIMER.finditer(paras[i].text))
        for m in hits:
            removed.append(_removed(paras[i][m.start():m.end()], "opinion disclaimer"))
        if hits:
            paras[i] = paras[i].sub(DISCLAIMER, "")
            if not paras[i].text.strip():
                del paras[i]
    for i, reason in sorted(repeated([p.text for p in paras], title), reverse=True):
        removed.append(_removed(paras[i], reason))
        del paras[i]
    body = join(paras, "\n\n")

    meta, evidence, published_time = _metadata(raw, found, title)
    return Article(
        id=raw.id, source=raw.source, text=body.text, offsets=body.offset_map(),
        source_text=raw.text, format=raw.format,
        title=meta.get("title"), outlet=meta.get("outlet"), url=meta.get("url"),
        published=meta.get("published"), published_time=published_time,
        author=meta.get("author"), language=meta.get("language") or detect_language(body.text),
        links=tuple(dict.fromkeys(found.links)), evidence=evidence,
        removed=tuple(sorted(removed, key=lambda r: (r.source_start, r.source_end))),
        copies=raw.copies,
    )


def _removed(t: Tracked, reason: str) -> Removed:
    return Removed(t.source_start(), t.source_end(), t.text, reason)


def _content_blocks(lines: list[Tracked], found: _Found, removed: list[Removed]) -> list[list[Tracked]]:
    """Classify lines; return runs of content lines, collecting metadata from the rest."""
    blocks: list[list[Tracked]] = [[]]
    in_url_block = False
    for line in lines:
        kind = classify(line.text)
        k, m = kind.kind, kind.match
        if k == "blank":
            blocks.append([])
            continue
        if k == "content":
            in_url_block = False
            blocks[-1].append(line)
            continue
        blocks.append([])  # a removed line ends the paragraph before it
        text = line.text.strip()
        if k == "url_header":
            in_url_block = True
            if m and m.group("url"):
                _take_url(m.group("url"), found, primary=True, how=f"'{text[:60]}'")
        elif k == "url" and m:
            _take_url(m.group("url"), found, primary=in_url_block, how="the 'Original url' block")
        elif k == "dateline" and m:
            label = (m.groupdict().get("label") or "date").lower()
            d = parse_date(m.group("date"))
            if d and not label.startswith(("updated", "last", "modified")):
                found.put("published", d.isoformat(), f"date line '{text}'")
                found.put("published_time", parse_time(m.group("time")) or _iso_time(m.group("date")),
                          f"date line '{text}'")
        elif k == "byline" and m:
            found.put("author", m.group("author").strip(" ,"), f"byline '{text}'")
            if "date" in m.groupdict() and m.group("date"):
                d = parse_date(m.group("date"))
                if d:
                    found.put("published", d.isoformat(), f"byline '{text}'")
                    found.put("published_time", parse_time(m.group("time")), f"byline '{text}'")
            if m.groupdict().get("org") and outlet_by_name(m.group("org")):
                o = outlet_by_name(m.group("org"))
                found.put("outlet", o.name if o else None, f"byline '{text}'")
        removed.append(_removed(line, _REASONS.get(k, k)))
    return [b for b in blocks if b]


_REASONS = {
    "url_header": "source URL block (kept as metadata)",
    "url": "URL line (kept as metadata)",
    "dateline": "date line (kept as metadata)",
    "byline": "byline (kept as metadata)",
    "credit": "photo credit",
    "related": "related-content link or navigation",
}


def _iso_time(value: str) -> str | None:
    return parse_time(value[10:]) if len(value) > 10 else None


def _take_url(url: str, found: _Found, primary: bool, how: str) -> None:
    url = url.rstrip(".,;)>")
    if primary and "url" not in found.values:
        found.put("url", url, f"first URL of {how}")
    else:
        found.links.append(url)


def _metadata(raw: RawDocument, found: _Found, title: str | None) -> tuple[dict[str, str], dict[str, str], str | None]:
    """Merge: container (markup/JSONL) first, then text cues, then what the URL implies."""
    meta: dict[str, str] = {}
    evidence: dict[str, str] = {}
    published_time: str | None = None
    for key, value in raw.meta.items():
        if key == "published":
            day, tm = normalise_published(value)
            if day:
                meta[key], published_time = day, tm
                evidence[key] = raw.evidence.get(key, "given")
        else:
            meta[key] = value
            evidence[key] = raw.evidence.get(key, "given")
    for key, value in found.values.items():
        if key == "published_time":
            if "published" not in raw.meta and published_time is None:
                published_time = value
            continue
        if key not in meta:
            meta[key] = value
            evidence[key] = found.evidence[key]
    if title and "title" not in meta:
        meta["title"] = title
        evidence["title"] = found.evidence.get("title", "text")
    url = meta.get("url")
    if url:
        if "published" not in meta and (hit := date_from_url(url)):
            meta["published"] = hit[0].isoformat()
            evidence["published"] = f"date in the article URL path ({hit[1]})"
        if "outlet" not in meta and (o := outlet_for_url(url)):
            meta["outlet"], evidence["outlet"] = o
        elif evidence.get("outlet", "").startswith("HTML markup") and (o := table_outlet(url)):
            # a known domain names its outlet one way for every page, where markup says
            # "NYTimes" on one and "The New York Times" on another, or "Hosted" (hosted.ap.org)
            if meta["outlet"] != o[0]:
                o = (o[0], f"{o[1]}; the page's markup says {meta['outlet']!r}")
            meta["outlet"], evidence["outlet"] = o
        if "title" not in meta and (slug := title_from_url(url)):
            meta["title"] = slug
            evidence["title"] = "words of the article URL slug (no title in the text)"
    return meta, evidence, published_time


def credits_of(article_removed: tuple[Removed, ...]) -> list[Removed]:
    """The photo-credit lines cleaning removed (the sources stage reads them)."""
    return [r for r in article_removed if r.reason == "photo credit"]
