"""RSS 0.9x/1.0/2.0 and Atom feeds: one document per entry (feedparser).

The body of an entry is, in this order of preference:

1. the full article, when a fetcher is given (``--fetch``) and it returns the
   page behind the entry's link: extracted like any HTML page;
2. otherwise the feed's own text for the entry: its longest ``content``
   (``content:encoded``, Atom ``<content>``), HTML preferred, else its
   ``summary`` (``<description>``, Atom ``<summary>``).  ``evidence["body"]``
   then says that the text is the feed's, and why the page was not used.

Nothing is fetched by default: without a fetcher no network call is made, so
reading feeds works offline and behind firewalls.

Outlet: a feed's title ("The Daily Planet - World", "NYT > Top Stories") is a
poor outlet name and aggregator feeds mix outlets, so it is *not* used as the
outlet when the entry has a link: cleaning then names the outlet from the link's
domain with its outlet table ("bbc.co.uk" -> "BBC"), the same way for every feed
of one outlet.  The outlet is taken from the feed only when it names one for
the entry (an RSS/Atom ``<source>`` element, as aggregators write) or, as a last
resort, from the feed's title when the entry has no link.  The feed's title is
kept under ``meta["feed"]``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import RawDocument, Skipped
from .detect import declared_charset, decode_noting, maybe_gunzip, sniff, with_note
from .html import read_html

__all__ = ["Fetcher", "HttpFetcher", "http_fetcher", "read_feed", "safe_fetch", "slug"]

log = logging.getLogger(__name__)

# longest id kept as it is; longer ones are cut and end in a hash of the whole
MAX_ID_LENGTH = 80
# a page larger than this is not an article (or not one worth the memory)
DEFAULT_MAX_BYTES = 10_000_000
# consecutive connection failures after which HttpFetcher stops trying (offline, firewalled)
GIVE_UP_AFTER = 3

# feedparser "bozo" reasons that do not mean the feed is broken
_BENIGN_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
_TAG = re.compile(r"<[A-Za-z!/][^>]*>")
_HTTP = re.compile(r"https?://", re.I)
# ids that are unique across the web by construction: URLs, tag: and urn:uuid: URIs
_GLOBAL_ID = re.compile(r"^(https?://|tag:|urn:uuid:)", re.I)
_ID_SCHEME = re.compile(r"^(https?://|tag:|urn:)", re.I)
_FEED_KIND = {"rss090": "RSS 0.90", "rss091n": "RSS 0.91", "rss091u": "RSS 0.91",
              "rss092": "RSS 0.92", "rss093": "RSS 0.93", "rss094": "RSS 0.94",
              "rss20": "RSS 2.0", "rss10": "RSS 1.0", "rss": "RSS", "atom01": "Atom 0.1",
              "atom02": "Atom 0.2", "atom03": "Atom 0.3", "atom10": "Atom 1.0",
              "atom": "Atom", "cdf": "CDF"}


class Fetcher(Protocol):
    """Downloads a URL: its body as bytes, or ``None`` when it cannot (never raises)."""

    def __call__(self, url: str, /) -> bytes | None: ...


# --- fetching ----------------------------------------------------------------------------

def safe_fetch(fetch: Fetcher, url: str) -> bytes | None:
    """``fetch(url)``, with whatever goes wrong (a fetcher that raises) turned into ``None``."""
    try:
        data: object = fetch(url)
    except Exception as exc:  # a fetcher is meant to return None; be safe if one raises
        log.debug("fetching %s failed: %s: %s", url, type(exc).__name__, exc)
        return None
    if isinstance(data, str):
        data = data.encode("utf-8")
    if isinstance(data, bytes | bytearray) and data:
        return bytes(data)
    return None


class HttpFetcher:
    """A :class:`Fetcher` over HTTP(S) with httpx: short timeouts, ``None`` on any failure.

    Only status 200 counts; bodies over ``max_bytes`` are refused (``None``),
    not cut.  Proxies come from the usual ``HTTP(S)_PROXY`` variables.  After
    ``give_up_after`` connection failures in a row (no network, a firewall that
    drops packets) it stops trying, so a batch does not wait ``timeout`` seconds
    per URL; one success resets the count.
    """

    def __init__(self, timeout: float = 5.0, max_bytes: int = DEFAULT_MAX_BYTES,
                 give_up_after: int = GIVE_UP_AFTER, user_agent: str | None = None) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.give_up_after = give_up_after
        self.user_agent = user_agent or "newsprism/0.1 (news analysis; fetches the articles feeds link to)"
        self.failures = 0
        self._client: Any = None

    @property
    def offline(self) -> bool:
        """Whether it gave up after repeated connection failures."""
        return self.give_up_after > 0 and self.failures >= self.give_up_after

    def __call__(self, url: str, /) -> bytes | None:
        if not _HTTP.match(url) or self.offline:
            return None
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout), follow_redirects=True, max_redirects=5,
                headers={"User-Agent": self.user_agent,
                         "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                                   "application/atom+xml,application/xml;q=0.9,*/*;q=0.8"})
        deadline = time.monotonic() + 4 * self.timeout  # a server that drips bytes
        try:
            with self._client.stream("GET", url) as response:
                self.failures = 0
                if response.status_code != 200:
                    log.debug("fetching %s: HTTP %s", url, response.status_code)
                    return None
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    return None
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes or time.monotonic() > deadline:
                        log.debug("fetching %s: too large or too slow", url)
                        return None
                return bytes(body)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError) as exc:
            self._failed(url, exc)
        except Exception as exc:  # any other network or protocol error: not fetched
            log.debug("fetching %s failed: %s: %s", url, type(exc).__name__, exc)
        return None

    def _failed(self, url: str, exc: Exception) -> None:
        self.failures += 1
        log.debug("cannot connect for %s: %s: %s", url, type(exc).__name__, exc)
        if self.offline:
            log.warning("no network (%d connection failures in a row): not fetching any more "
                        "URLs; the feeds' own text is used instead", self.failures)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def http_fetcher(timeout: float = 5.0, max_bytes: int = DEFAULT_MAX_BYTES) -> HttpFetcher:
    """A fetcher that downloads with httpx; pass it only when the user asked (``--fetch``)."""
    return HttpFetcher(timeout=timeout, max_bytes=max_bytes)


# --- ids ---------------------------------------------------------------------------------

def slug(value: str, max_length: int = MAX_ID_LENGTH) -> str:
    """A stable, filename-safe id for ``value`` (a guid, an Atom id, a URL).

    ``https://www.planet.example/world/talks?id=3`` -> ``planet.example-world-talks-id-3``;
    a long value is cut and ends in a hash of the whole, so it stays unique.
    """
    v = _ID_SCHEME.sub("", value.strip())
    v = re.sub(r"^www\.", "", v, flags=re.I)
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", v)
    s = re.sub(r"-{2,}", "-", s).strip("-._")
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()
    if not s:
        return digest[:16]
    if len(s) > max_length:
        s = s[: max_length - 17].rstrip("-._") + "-" + digest[:16]
    return s


def _host(url: str | None) -> str | None:
    if not url or not _HTTP.match(url):
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _entry_id(entry: Mapping[str, Any], link: str | None, feed_link: str | None,
              fallback: str) -> str:
    """The entry's id: its guid/Atom id as a slug, else a hash of its link.

    A guid that is not unique beyond its feed ("12345") is prefixed with the
    host of the entry's (or the feed's) link, so two outlets' entry 12345 differ.
    """
    guid = entry.get("id")
    if isinstance(guid, str) and guid.strip():
        guid = guid.strip()
        if not _GLOBAL_ID.match(guid):
            host = _host(link) or _host(feed_link)
            if host:
                return slug(f"{host}-{guid}")
        return slug(guid)
    if link:
        return "link-" + hashlib.sha1(link.encode("utf-8")).hexdigest()[:16]
    return "entry-" + hashlib.sha1(fallback.encode("utf-8")).hexdigest()[:16]


# --- entries -----------------------------------------------------------------------------

def read_feed(data: bytes | str, source: str, *, fetch: Fetcher | None = None,
              url: str | None = None) -> Iterator[RawDocument | Skipped]:
    """One document per entry of an RSS or Atom feed; entries without text are :class:`Skipped`.

    ``source`` names the feed (a path, a URL); an entry's source is
    ``source#<entry id>``.  ``fetch`` downloads entries' pages (full articles);
    without it nothing is fetched.  ``url`` is where the feed itself came from
    (resolves relative links).
    """
    import feedparser

    headers: dict[str, str] = {}
    if isinstance(data, str):  # already text: tell feedparser so, whatever <?xml encoding=?> says
        data = data.encode("utf-8")
        headers["content-type"] = "application/xml; charset=utf-8"
    else:
        try:
            data = maybe_gunzip(data, source)
        except InputError as exc:
            yield Skipped(source, exc.reason)
            return
    if url:
        headers["content-location"] = url
    # a stream, never a str: feedparser fetches str that look like URLs and opens file names
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers or None)
    feed = parsed.get("feed", {}) or {}
    entries = [e for e in parsed.get("entries", []) if _has_anything(e)]
    if parsed.get("bozo") and not entries:
        yield Skipped(source, f"broken feed: {_bozo_reason(parsed.get('bozo_exception'))}")
        return
    if not parsed.get("version") and not entries:
        yield Skipped(source, "not an RSS or Atom feed (no channel, feed or entry elements)")
        return
    if not entries:
        yield Skipped(source, "feed has no entries")
        return
    damaged = parsed.get("bozo") and not _benign(parsed.get("bozo_exception"))
    context = _FeedContext(
        kind=_FEED_KIND.get(parsed.get("version") or "", "RSS/Atom"),
        title=_plain(feed.get("title")) or None,
        link=feed.get("link") if _HTTP.match(feed.get("link") or "") else url,
        language=_language(feed.get("language")),
    )
    for entry in entries:
        yield _read_entry(entry, source, context, fetch)
    if damaged:  # a cut-off download, say: what came before the error was read
        yield Skipped(source, f"feed is not well-formed XML "
                              f"({_bozo_reason(parsed.get('bozo_exception'))}): read the "
                              f"{len(entries)} entries feedparser recovered; any after the error "
                              "may be missing")


@dataclass(frozen=True)
class _FeedContext:
    """What every entry of a feed shares."""

    kind: str  # "RSS 2.0", "Atom 1.0"...
    title: str | None
    link: str | None
    language: str | None


def _has_anything(entry: Mapping[str, Any]) -> bool:
    return any(entry.get(k) for k in ("id", "link", "title", "summary", "content"))


def _benign(exc: object) -> bool:
    """A bozo reason after which feedparser still read the whole feed: a wrong declared
    encoding, or an HTML entity (``&nbsp;``) that XML does not define."""
    return type(exc).__name__ in _BENIGN_BOZO or "undefined entity" in str(exc)


def _bozo_reason(exc: object) -> str:
    if exc is None:
        return "feedparser could not parse it"
    text = str(getattr(exc, "getMessage", lambda: exc)()) or type(exc).__name__
    line = getattr(exc, "getLineNumber", None)
    if callable(line):
        text += f" at line {line()}"
    return f"{text} ({type(exc).__name__})"


def _read_entry(entry: Mapping[str, Any], source: str, feed: _FeedContext,
                fetch: Fetcher | None) -> RawDocument | Skipped:
    link = _link(entry)
    title_type = (entry.get("title_detail") or {}).get("type")
    title = _plain(entry.get("title"), _is_html_type(title_type)) or None
    content = _feed_text(entry)
    doc_id = _entry_id(entry, link, feed.link, f"{title}\n{content[1] if content else ''}")
    where = f"{source}#{doc_id}"
    meta: dict[str, str] = {}
    evidence: dict[str, str] = {}

    def put(key: str, value: str | None, how: str) -> None:
        if value and value.strip() and key not in meta:
            meta[key] = value.strip()
            evidence[key] = how

    put("title", title, f"{feed.kind} entry title")
    put("url", link, f"{feed.kind} entry link")
    published, how = _published(entry)
    put("published", published, how)
    put("author", _author(entry), f"{feed.kind} entry author")
    source_title = _plain((entry.get("source") or {}).get("title"))
    put("outlet", source_title, f"{feed.kind} entry's <source> element")
    if not link:
        put("outlet", feed.title, f"title of the {feed.kind} feed (the entry has no link "
                                  "to name the outlet by)")
    put("language", feed.language, f"{feed.kind} feed language")
    if feed.title:
        put("feed", feed.title, f"entry of the {feed.kind} feed '{feed.title}'")

    why = "fetching is off" if fetch is None else "the entry has no link"
    if fetch is not None and link:
        page = safe_fetch(fetch, link)
        if page is None:
            why = "its page could not be fetched"
        else:
            doc = _read_page(page, doc_id, where, link)
            if isinstance(doc, RawDocument):
                return _merge(doc, meta, evidence, link)
            why = f"the fetched page could not be used ({doc})"
    if content is None:
        return Skipped(where, f"feed entry has no text (no content or summary) and {why}")
    kind, value, is_html = content
    text, fmt, extracted = _text_of(value, is_html, doc_id, where)
    if not text.strip():
        return Skipped(where, f"feed entry's {kind} has no text and {why}")
    put("body", f"feed {kind}", f"the feed's own {kind} for the entry{extracted}, not the "
                                f"full article page ({why})")
    return RawDocument(id=doc_id, source=where, text=text, format=fmt, meta=meta,
                       evidence=evidence)


def _link(entry: Mapping[str, Any]) -> str | None:
    """The entry's article link: feedburner's original link, the first alternate, ``link``."""
    candidates = [entry.get("feedburner_origlink")]
    for lk in entry.get("links") or []:
        if lk.get("rel", "alternate") == "alternate":
            candidates.append(lk.get("href"))
    candidates.append(entry.get("link"))
    for c in candidates:
        if isinstance(c, str) and _HTTP.match(c.strip()):
            return c.strip()
    return None


def _feed_text(entry: Mapping[str, Any]) -> tuple[str, str, bool] | None:
    """``(kind, value, is_html)`` of the entry's own text: longest content (HTML first), else summary."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: (_is_html_type(c.get("type")), len(c["value"])))
        return "content", best["value"], _is_html_type(best.get("type"))
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        detail = entry.get("summary_detail") or {}
        return "summary", summary, _is_html_type(detail.get("type", "text/html"))
    return None


def _is_html_type(media_type: object) -> bool:
    return isinstance(media_type, str) and "html" in media_type.lower()


def _text_of(value: str, is_html: bool, doc_id: str, where: str) -> tuple[str, str, str]:
    """``(text, format, how)``: HTML extracted like a page (tags stripped if that finds nothing)."""
    if not is_html or not _TAG.search(value):
        return _unescape_plain(value) if is_html else value.strip(), "text", ""
    try:
        doc = read_html(f"<html><body>{value}</body></html>", doc_id, where)
        return doc.text.strip(), "html", " (HTML extracted)"
    except InputError:
        return _strip_tags(value), "text", " (HTML tags stripped)"


def _unescape_plain(value: str) -> str:
    import html

    return html.unescape(value).strip()


def _read_page(page: bytes, doc_id: str, where: str, link: str) -> RawDocument | str:
    """The article extracted from a fetched page, or why it could not be."""
    try:
        data = maybe_gunzip(page, link)
        if sniff(data, "") != "html":
            return "not an HTML page"
        text, note = decode_noting(data, link, declared_charset(data))
        return with_note(read_html(text, doc_id, where, url=link), note)
    except InputError as exc:
        return exc.reason


def _merge(doc: RawDocument, meta: dict[str, str], evidence: dict[str, str],
           link: str) -> RawDocument:
    """The fetched page's text; the feed's fields win, except a canonical URL from the page."""
    merged, how = dict(meta), dict(evidence)
    for key, value in doc.meta.items():
        page_how = f"{doc.evidence.get(key, 'HTML markup')}, of the page fetched from the entry link"
        canonical = key == "url" and "canonical" in doc.evidence.get(key, "")
        if key not in merged or canonical:
            merged[key], how[key] = value, page_how
    merged["body"] = "fetched page"
    how["body"] = f"full article extracted from the page fetched from the entry link {link}"
    return RawDocument(id=doc.id, source=doc.source, text=doc.text, format=doc.format,
                       meta=merged, evidence=how)


# --- fields ------------------------------------------------------------------------------

def _published(entry: Mapping[str, Any]) -> tuple[str | None, str]:
    """The entry's date as ISO (its own UTC offset kept), and which field it came from."""
    for key, how in (
        ("published", "feed entry's publication date (RSS pubDate / Atom published)"),
        ("updated", "feed entry's updated date (Atom updated / dc:date): the entry gives "
                    "no publication date"),
        ("created", "feed entry's creation date: the entry gives no publication date"),
    ):
        raw = entry.get(key)
        iso = _iso_date(raw) if isinstance(raw, str) else None
        if iso is None and entry.get(f"{key}_parsed"):
            # feedparser understood a form we do not: its reading, in UTC
            t = entry[f"{key}_parsed"]
            iso = datetime(t[0], t[1], t[2], t[3], t[4], t[5], tzinfo=UTC).isoformat()
        if iso:
            return iso, f"{how}: '{raw}'" if isinstance(raw, str) else how
    return None, ""


def _iso_date(raw: str) -> str | None:
    value = raw.strip()
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()  # RFC 822: "Fri, 16 May 2025 09:30 +0200"
    except (TypeError, ValueError, IndexError):
        return None


def _author(entry: Mapping[str, Any]) -> str | None:
    detail = entry.get("author_detail") or {}
    name = detail.get("name") if isinstance(detail, Mapping) else None
    return _plain(name or entry.get("author")) or None


def _language(value: object) -> str | None:
    """``en-us`` -> ``en``: the primary language subtag, as the rest of newsprism uses."""
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*([A-Za-z]{2,3})\b", value)
    return m.group(1).lower() if m else None


def _plain(value: object, is_html: bool = False) -> str:
    """A title or name as plain text (feedparser keeps HTML in some titles)."""
    if not isinstance(value, str):
        return ""
    if is_html or _TAG.search(value):
        value = _strip_tags(value)
    return " ".join(value.split())


class _TextParser(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
              "blockquote", "tr", "table", "section", "article", "figure", "figcaption", "pre"}
    _SKIP = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _strip_tags(value: str) -> str:
    """HTML to text without trafilatura: block elements become line breaks."""
    parser = _TextParser()
    parser.feed(value)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
