"""What the pages show, as plain data: the HTML pages render it, the JSON API returns it.

Each function reads the store (never waiting on an ingest: readers do not wait on writers)
and returns dicts of plain values; a story or article that does not exist is a
:class:`NotFound` (404), a story merged into another one a :class:`Moved`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..corpus import article_labels
from ..errors import StoreError
from ..store import ArticleBrief, CachedAnalysis, Store
from .jobs import Analyses
from .render import date_span

__all__ = ["NotFound", "Moved", "story_list", "story_view", "story_analysis", "analysis_status",
           "article_view", "search_view", "brief_dict", "METADATA_FIELDS"]

# the metadata an article page lists, each with the evidence for its value
METADATA_FIELDS = ("title", "outlet", "author", "published", "published_time", "url", "language")


class NotFound(LookupError):
    """No such story or article (404)."""


class Moved(LookupError):
    """The story was merged into another one (``into``)."""

    def __init__(self, message: str, into: int) -> None:
        super().__init__(message)
        self.into = into


def brief_dict(b: ArticleBrief, label: str | None = None) -> dict[str, Any]:
    """An article in a list: its store ``id`` and the ``doc_id`` it was given."""
    d = asdict(b)
    if label is not None:
        d["label"] = label  # its id in the story's analysis
    return d


def story_list(store: Store, *, q: str | None = None, since: str | None = None, until: str | None = None,
               page: int = 1, per_page: int = 20, order: str = "activity",
               seen: str | None = None) -> dict[str, Any]:
    """A page of live stories (``order``: ``activity``, the latest changed first, or
    ``last``, the latest published); ``seen``: stories changed after it are ``new``."""
    total = store.count_stories(since=since, until=until, query=q)
    rows = store.stories(since=since, until=until, query=q, limit=per_page,
                         offset=(page - 1) * per_page, order=order)
    updated = store.story_updated(r.id for r in rows)
    stories = [{"id": r.id, "title": r.title, "first": r.first, "last": r.last, "span": date_span(r.first, r.last),
                "outlets": list(r.outlets), "unattributed": r.unattributed, "undated": r.undated,
                "n_articles": r.n_articles, "articles": list(r.articles), "updated_at": updated.get(r.id),
                "new": bool(seen and (updated.get(r.id) or "") > seen)}
               for r in rows]
    return {"stories": stories, "total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page)), "order": order,
            "filters": {"q": q, "since": since, "until": until}, "seen": seen}


def _story_or_raise(store: Store, story_id: int) -> None:
    exists, into = store.story_fate(story_id)
    if not exists:
        raise NotFound(f"no story {story_id}")
    if into is not None:
        raise Moved(f"story {story_id} was merged into story {into}", into)


def _analysis(store: Store, analyses: Analyses, story_id: int,
              parts: tuple[str, ...]) -> tuple[dict[str, Any], CachedAnalysis | None]:
    """Where the story's analysis stands (``state``: fresh, stale or missing; the job of this
    process), asking for a new one when it is missing or out of date; and the kept one."""
    key = analyses.key(story_id)
    kept = store.cached_analysis(story_id, parts=parts)
    state = "missing" if kept is None else ("fresh" if kept.key == key else "stale")
    job = analyses.status(story_id)
    if state != "fresh" and key is not None:
        job = analyses.ensure(story_id, key)
    return {"state": state, "computed_at": kept.computed_at if kept else None,
            "seconds": round(kept.seconds, 2) if kept else None, "job": job.as_dict()}, kept


def analysis_status(store: Store, analyses: Analyses, story_id: int) -> dict[str, Any]:
    """Where the story's analysis stands (what a page polls while one is computed)."""
    _story_or_raise(store, story_id)
    return {"story_id": story_id, **_analysis(store, analyses, story_id, ())[0]}


def story_analysis(store: Store, analyses: Analyses, story_id: int) -> tuple[dict[str, Any], str | None]:
    """The story's status (with ``stored``: how each article of the analysis joins back to
    the store and to the id the user gave it) and its kept analysis as JSON text (None yet)."""
    _story_or_raise(store, story_id)
    status, kept = _analysis(store, analyses, story_id, ("analysis",))
    briefs = store.story_briefs(story_id)
    labels = article_labels(briefs)
    by_id = {b.id: b for b in briefs}
    stored = [{"id": labels[b.id], "article_id": b.id, "doc_id": b.doc_id,
               "copy_of": labels[b.duplicate_of] if b.duplicate_of in by_id else None} for b in briefs]
    return {"story_id": story_id, **status, "stored": stored}, kept.analysis if kept else None


def story_view(store: Store, analyses: Analyses, story_id: int, *, html: bool = False) -> dict[str, Any]:
    """A story, its articles, and where its analysis stands (asked for when missing or out of
    date); ``html``: with the kept report's body (``html``; None while there is none)."""
    _story_or_raise(store, story_id)
    [row] = store.story_rows([story_id])
    briefs = store.story_briefs(story_id)
    labels = article_labels(briefs)
    status, kept = _analysis(store, analyses, story_id, ("html",) if html else ())
    by_id = {b.id: b for b in briefs}
    articles = []
    for b in briefs:
        d = brief_dict(b, labels[b.id])
        d["copy_of"] = b.duplicate_of if b.duplicate_of in by_id else None
        articles.append(d)
    out: dict[str, Any] = {
        "story": {"id": row.id, "title": row.title, "first": row.first, "last": row.last,
                  "span": date_span(row.first, row.last), "outlets": list(row.outlets),
                  "unattributed": row.unattributed, "undated": row.undated, "n_articles": row.n_articles},
        "articles": articles,
        "analysis": status,
    }
    if html:
        out["html"] = kept.html if kept else None
    return out


def article_view(store: Store, analyses: Analyses, article_id: int, *,
                 annotations: bool = False) -> dict[str, Any]:
    """One stored article: metadata with its evidence, cleaned text, its highlighted text from
    its story's kept analysis (``html``, or None), revisions, copies, its story;
    ``annotations``: the analysis's entities mentions, quotes and dates in it (the JSON API)."""
    try:
        row = store.article(article_id)
    except StoreError:
        raise NotFound(f"no article {article_id}") from None
    revisions = store.revisions(article_id)
    copies = store.copies(article_id)
    original = store.briefs([row.duplicate_of]) if row.duplicate_of is not None else []
    meta = [{"field": f, "value": getattr(row, f), "evidence": row.evidence.get(f)} for f in METADATA_FIELDS
            if getattr(row, f) is not None or row.evidence.get(f)]
    out: dict[str, Any] = {
        "article": {"id": row.id, "doc_id": row.doc_id, "source": row.source, "format": row.format,
                    "url": row.url, "outlet": row.outlet, "title": row.title, "published": row.published,
                    "published_time": row.published_time, "author": row.author, "language": row.language,
                    "story_id": row.story_id, "duplicate_of": row.duplicate_of,
                    "duplicate_similarity": row.duplicate_similarity, "revision_of": row.revision_of,
                    "ingested_at": row.ingested_at, "evidence": dict(row.evidence), "text": row.text},
        "metadata": meta,
        "current": revisions[-1].id == row.id if revisions else True,
        "revisions": [brief_dict(b) for b in revisions],
        "copies": [brief_dict(b) for b in copies],
        "original": brief_dict(original[0]) if original else None,
        "story": None, "html": None, "annotated": "none",
    }
    if row.story_id is None:
        return out
    for story in store.story_rows([row.story_id]):
        out["story"] = {"id": story.id, "title": story.title, "span": date_span(story.first, story.last),
                        "n_articles": story.n_articles}
    parts = ("articles_html", "analysis") if annotations else ("articles_html",)
    kept = store.cached_analysis(row.story_id, parts=parts)
    label = article_labels(store.story_briefs(row.story_id)).get(row.id)
    if kept is None or label is None or kept.articles_html is None or label not in kept.articles_html:
        return out  # not analysed yet, an earlier revision, or a copy (analysed as its original)
    out["html"] = kept.articles_html[label]
    out["annotated"] = "fresh" if kept.key == analyses.key(row.story_id) else "stale"
    if annotations and kept.analysis:
        doc = json.loads(kept.analysis)
        out["annotations"] = {
            "label": label,
            "mentions": [m for m in doc.get("mentions", ()) if m.get("article") == label],
            "quotes": [q for q in doc.get("quotes", ()) if q.get("article") == label],
            "dates": [d for d in doc.get("dates", ()) if d.get("article") == label],
        }
    return out


def search_view(store: Store, q: str, limit: int = 20) -> dict[str, Any]:
    """Articles matching ``q`` (the store's bounded full-text search), with their stories."""
    hits = store.search(q, limit=limit)
    briefs = {b.id: b for b in store.briefs(h.article_id for h in hits)}
    out = []
    for h in hits:
        b = briefs.get(h.article_id)
        out.append({"article_id": h.article_id, "doc_id": b.doc_id if b else None,
                    "story_id": b.story_id if b else None, "title": h.title, "outlet": h.outlet,
                    "published": h.published, "snippet": h.snippet, "rank": h.rank,
                    "url": b.url if b else None})
    return {"q": q, "hits": out, "limit": limit}
