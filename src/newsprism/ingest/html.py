"""HTML pages: body text and metadata via trafilatura, publication date via htmldate."""

from __future__ import annotations

import logging
from types import MappingProxyType

from ..errors import InputError
from ..model import RawDocument

log = logging.getLogger(__name__)


def read_html(html: str, doc_id: str, source: str, url: str | None = None) -> RawDocument:
    """Extract the article body and what the markup says about it.

    Never fetches anything: ``htmldate`` is given the markup, not just a URL.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False,
            include_tables=False, as_dict=False,
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not body.strip():
        raise InputError(source, "HTML has no article text that could be extracted")
    meta: dict[str, str] = {}
    evidence: dict[str, str] = {}

    def put(key: str, value: object, how: str) -> None:
        if isinstance(value, str) and value.strip() and key not in meta:
            meta[key] = value.strip()
            evidence[key] = how

    put("title", doc.title, "HTML markup (title/og:title)")
    put("author", doc.author, "HTML markup (author)")
    put("url", doc.url or url, "HTML markup (canonical/og:url)")
    put("outlet", doc.sitename, "HTML markup (og:site_name)")
    put("language", doc.language, "HTML markup (lang)")
    published = _find_date(html, meta.get("url"))
    if published:
        put("published", published, "HTML markup (htmldate: original publication date)")
    elif doc.date:
        put("published", doc.date, "HTML markup (trafilatura date)")
    return RawDocument(id=doc_id, source=source, text=body, format="html",
                       meta=MappingProxyType(meta), evidence=MappingProxyType(evidence))


def _find_date(html: str, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        return find_date(html, url=url, original_date=True, extensive_search=False,
                         outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception as exc:  # htmldate is best effort
        log.debug("htmldate failed: %s", exc)
        return None
