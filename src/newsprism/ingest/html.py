"""HTML pages: body text and metadata via trafilatura, publication date via htmldate."""

from __future__ import annotations

import logging
import re
from typing import Any

from ..errors import DependencyError, InputError
from ..model import RawDocument

log = logging.getLogger(__name__)

# the host part trafilatura falls back to as the site name when the markup names none
_URL_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)", re.I)
# modules HTML extraction imports (itself or through trafilatura) -> the package that installs
# them; lxml 5.2 moved lxml.html.clean (imported by jusText) out into lxml_html_clean
_PACKAGES = {"trafilatura": "trafilatura", "justext": "jusText", "htmldate": "htmldate",
             "courlan": "courlan", "lxml_html_clean": "lxml_html_clean",
             "lxml.html.clean": "lxml_html_clean", "lxml": "lxml",
             "charset_normalizer": "charset-normalizer"}


def read_html(html: str, doc_id: str, source: str, url: str | None = None) -> RawDocument:
    """Extract the article body and what the markup says about it.

    Never fetches anything: ``htmldate`` is given the markup, not just a URL.
    ``url`` is where the page came from, when the caller knows it.
    """
    trafilatura, Document = _trafilatura()
    try:
        # comments and tables off: scored on the Zyte article extraction benchmark
        # (eval/extraction.py), comments off gains 0.014 precision over trafilatura's
        # defaults; tables on would gain 0.003 F1 (within the noise) at the price of
        # markdown-like "| cell | cell |" rows in the text
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False,
            include_tables=False, as_dict=False,
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    body = (doc.text or "") if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or not body.strip():
        raise InputError(source, "HTML has no article text that could be extracted")
    meta: dict[str, str] = {}
    evidence: dict[str, str] = {}

    def put(key: str, value: object, how: str) -> None:
        if isinstance(value, str) and value.strip() and key not in meta:
            meta[key] = value.strip()
            evidence[key] = how

    put("title", doc.title, "HTML markup (og:title, title or h1)")
    put("author", doc.author, "HTML markup (author)")
    if doc.url and doc.url != url:
        put("url", doc.url, "HTML markup (canonical/og:url)")
    put("url", url, "given with the input")
    if not _is_host_of(doc.sitename, doc.url or url):
        put("outlet", doc.sitename, "HTML markup (og:site_name or title)")
    put("language", doc.language, "HTML markup (lang)")
    published = _find_date(html, meta.get("url"))
    if published:
        put("published", published, "HTML markup or URL (htmldate: original publication date)")
    elif doc.date and not str(doc.date).endswith("-01-01"):
        # trafilatura's wider search turns a bare year ("Copyright 2025") into January 1:
        # such a date says nothing about the day, so it is left out
        put("published", doc.date, "HTML markup (trafilatura date)")
    return RawDocument(id=doc_id, source=source, text=body, format="html",
                       meta=meta, evidence=evidence)


def _trafilatura() -> tuple[Any, Any]:
    """trafilatura and its Document class; :class:`DependencyError` naming the missing package
    when they cannot be imported (rather than a raw ImportError traceback)."""
    try:
        import trafilatura
        from trafilatura.settings import Document
    except ImportError as exc:
        package = missing_package(exc)
        raise DependencyError(
            f"reading HTML needs trafilatura, which cannot be imported here: the package "
            f"'{package}' is missing ({exc}). Install it with: pip install {package}  "
            "(or reinstall newsprism, which declares it)") from exc
    return trafilatura, Document


def missing_package(exc: ImportError) -> str:
    """The pip package behind a failed import: the module named by the error, or one its
    message names (lxml says "lxml.html.clean module is now a separate project
    lxml_html_clean" with no module name)."""
    names = [exc.name or ""] + re.findall(r"[A-Za-z_]\w*(?:\.\w+)*", str(exc))
    for name in names:
        if name in _PACKAGES:
            return _PACKAGES[name]
    for name in names:
        if name.split(".")[0] in _PACKAGES:
            return _PACKAGES[name.split(".")[0]]
    return (exc.name or "trafilatura").split(".")[0]


def _is_host_of(name: str | None, url: str | None) -> bool:
    """Whether ``name`` is only the host of ``url``: trafilatura's fallback, not a site name.

    Such a value is left out so that cleaning names the outlet from the URL with
    its outlet table ("bbc.co.uk" -> "BBC") and says so.
    """
    m = _URL_HOST.match(url or "")
    return bool(name and m and name.strip().lower() == m.group(1).lower())


def _find_date(html: str, url: str | None) -> str | None:
    if html.startswith("http") and " " not in html:  # htmldate would fetch such a "URL"
        return None
    try:
        from htmldate import find_date

        return find_date(html, url=url, original_date=True, extensive_search=False,
                         outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception as exc:  # htmldate is best effort
        log.debug("htmldate failed: %s", exc)
        return None
