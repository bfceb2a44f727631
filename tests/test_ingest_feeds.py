"""RSS/Atom feeds, WARC archives and URL inputs, on hand-made data (never the network)."""

from __future__ import annotations

import codecs
import gzip
import io
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import read_bytes, read_inputs
from newsprism.ingest.detect import sniff
from newsprism.ingest.feed import HttpFetcher, read_feed, slug
from newsprism.ingest.warc import read_warc
from newsprism.model import RawDocument, Skipped

from .test_ingest import PARAGRAPHS, TITLE, article_html

Result = RawDocument | Skipped

LINK_FULL = "https://dailyplanet.example/world/2025/talks-istanbul"
LINK_SUMMARY = "https://dailyplanet.example/world/prisoner-swap"
LINK_EMPTY = "https://dailyplanet.example/world/photo-gallery"

CONTENT_HTML = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3]) + \
    '<p><img src="https://dailyplanet.example/a.jpg" alt=""></p>'

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>The Daily Planet - World</title>
  <link>https://dailyplanet.example/world</link>
  <language>en-gb</language>
  <item>
    <title>Talks resume in Istanbul</title>
    <link>{LINK_FULL}</link>
    <guid isPermaLink="false">planet-1001</guid>
    <pubDate>Fri, 16 May 2025 09:30:00 +0200</pubDate>
    <dc:creator>Lois Lane</dc:creator>
    <description>Negotiators met in Istanbul.</description>
    <content:encoded><![CDATA[{CONTENT_HTML}]]></content:encoded>
  </item>
  <item>
    <title>Sides agree &lt;em&gt;prisoner&lt;/em&gt; swap</title>
    <link>{LINK_SUMMARY}</link>
    <guid>{LINK_SUMMARY}</guid>
    <dc:date>2025-05-17T08:00:00Z</dc:date>
    <description>The two sides agreed to exchange &lt;b&gt;1,000 prisoners&lt;/b&gt; each.</description>
  </item>
  <item>
    <title>In pictures: the talks</title>
    <link>{LINK_EMPTY}</link>
    <guid isPermaLink="false">planet-1003</guid>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Planet Wire</title>
  <id>tag:planetwire.example,2025:feed</id>
  <link href="https://planetwire.example/"/>
  <updated>2025-05-17T00:00:00Z</updated>
  <entry>
    <id>tag:planetwire.example,2025:talks/1</id>
    <title type="html">Talks &amp;amp; a swap</title>
    <link rel="alternate" href="https://planetwire.example/2025/talks"/>
    <published>2025-05-15T23:30:00-05:00</published>
    <updated>2025-05-16T10:00:00-05:00</updated>
    <author><name>Jimmy Olsen</name></author>
    <summary type="text">Short summary.</summary>
    <content type="html">&lt;p&gt;Negotiators met in Istanbul on Friday for the first direct talks in years.&lt;/p&gt;&lt;p&gt;They agreed on a prisoner swap.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>tag:planetwire.example,2025:notes/2</id>
    <title>Wire note</title>
    <updated>2025-05-16T12:00:00Z</updated>
    <content type="text">Plain text content with a literal &lt;tag&gt; in it.</content>
  </entry>
  <entry>
    <id>tag:planetwire.example,2025:empty/3</id>
    <title>No text here</title>
    <link href="https://planetwire.example/2025/empty"/>
    <updated>2025-05-16T12:00:00Z</updated>
  </entry>
</feed>
"""


def docs_and_skips(results: list[Result]) -> tuple[list[RawDocument], list[Skipped]]:
    return ([r for r in results if isinstance(r, RawDocument)],
            [r for r in results if isinstance(r, Skipped)])


def fake_fetcher(pages: dict[str, str | bytes | None], calls: list[str] | None = None
                 ) -> Callable[[str], bytes | None]:
    def fetch(url: str) -> bytes | None:
        if calls is not None:
            calls.append(url)
        page = pages.get(url)
        return page.encode("utf-8") if isinstance(page, str) else page
    return fetch


# --- RSS and Atom ------------------------------------------------------------------------

def test_ingest_rss_entries_ids_metadata_and_bodies() -> None:
    results = list(read_feed(RSS.encode("utf-8"), "news.rss"))
    (full, summary), (skip,) = docs_and_skips(results)
    # guid "planet-1001" is not unique beyond its feed: prefixed with the link's host
    assert full.id == "dailyplanet.example-planet-1001"
    assert full.source == "news.rss#dailyplanet.example-planet-1001"
    assert full.format == "html"
    assert full.meta["title"] == "Talks resume in Istanbul"
    assert full.meta["url"] == LINK_FULL
    assert full.meta["published"] == "2025-05-16T09:30:00+02:00"  # the feed's own offset kept
    assert "publication date (RSS pubDate" in full.evidence["published"]
    assert full.meta["author"] == "Lois Lane"
    assert full.meta["language"] == "en"
    assert "outlet" not in full.meta  # left to cleaning's outlet table (link domain)
    assert full.meta["feed"] == "The Daily Planet - World"
    for p in PARAGRAPHS[:3]:
        assert p in full.text  # content:encoded, not the one-line description
    assert "Negotiators met in Istanbul." not in full.text
    assert full.meta["body"] == "feed content"
    assert "the feed's own content" in full.evidence["body"]
    assert "not the full article page (fetching is off)" in full.evidence["body"]
    assert set(full.meta) == set(full.evidence)

    # a permalink guid: the URL as a slug; a summary with HTML; dc:date is an "updated" date
    assert summary.id == "dailyplanet.example-world-prisoner-swap"
    assert summary.meta["title"] == "Sides agree prisoner swap"
    assert summary.text == "The two sides agreed to exchange 1,000 prisoners each."
    assert summary.meta["body"] == "feed summary"
    assert "the feed's own summary" in summary.evidence["body"]
    assert summary.meta["published"] == "2025-05-17T08:00:00+00:00"
    assert "updated date" in summary.evidence["published"]

    assert skip.source == "news.rss#dailyplanet.example-planet-1003"
    assert "no text" in skip.reason and "fetching is off" in skip.reason


def test_ingest_atom_entries_ids_dates_and_plain_content() -> None:
    results = list(read_feed(ATOM, "wire.atom"))  # a str works too
    (first, note), (skip,) = docs_and_skips(results)
    assert first.id == "planetwire.example-2025-talks-1"
    assert first.meta["title"] == "Talks & a swap"
    assert first.meta["url"] == "https://planetwire.example/2025/talks"
    # <published> wins over <updated>; the local date (15 May) survives
    assert first.meta["published"] == "2025-05-15T23:30:00-05:00"
    assert "RSS pubDate / Atom published" in first.evidence["published"]
    assert "'2025-05-15T23:30:00-05:00'" in first.evidence["published"]
    assert first.meta["author"] == "Jimmy Olsen"
    assert first.text.startswith("Negotiators met in Istanbul on Friday")
    assert "Short summary" not in first.text  # content preferred to summary
    # an entry without a link: the outlet from the feed's title, and said so
    assert note.meta["outlet"] == "Planet Wire"
    assert "no link" in note.evidence["outlet"]
    assert "url" not in note.meta  # a tag: id is not a link
    assert note.format == "text"
    assert note.text == "Plain text content with a literal <tag> in it."
    assert note.meta["published"] == "2025-05-16T12:00:00+00:00"
    assert "updated date" in note.evidence["published"]
    assert skip.source == "wire.atom#planetwire.example-2025-empty-3"


def test_ingest_feed_entry_source_element_names_the_outlet() -> None:
    rss = b"""<rss version="2.0"><channel><title>Aggregator</title>
    <item><title>Talks</title><link>https://wire.example/talks</link>
    <source url="https://wire.example/rss">Wire Service</source>
    <description>Negotiators met in Istanbul on Friday.</description></item>
    <item><title>No guid</title><link>https://other.example/a?id=7</link>
    <description>Second story.</description></item>
    </channel></rss>"""
    first, second = read_feed(rss, "agg.xml")
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.meta["outlet"] == "Wire Service"
    assert "<source>" in first.evidence["outlet"]
    # no guid: a hash of the link, stable from one day's copy of the feed to the next
    assert second.id.startswith("link-") and len(second.id) == 21
    again = [r.id for r in read_feed(rss, "tomorrow.xml") if isinstance(r, RawDocument)]
    assert again == [first.id, second.id]


def test_ingest_rss_1_0_and_0_91_feeds() -> None:
    rss1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://one.example/"><title>RSS One</title><link>https://one.example/</link>
<description>d</description></channel>
<item rdf:about="https://one.example/a"><title>A</title><link>https://one.example/a</link>
<dc:date>2025-05-16</dc:date><description>Hello from RSS 1.0.</description></item>
</rdf:RDF>"""
    rss091 = b"""<rss version="0.91"><channel><title>Old</title><item><title>T</title>
<link>https://old.example/1</link><description>Body &amp; more</description></item></channel></rss>"""
    (one,) = read_feed(rss1, "one.rdf")
    (old,) = read_feed(rss091, "old.rss")
    assert isinstance(one, RawDocument) and isinstance(old, RawDocument)
    assert (one.id, one.text, one.meta["published"]) == ("one.example-a", "Hello from RSS 1.0.",
                                                         "2025-05-16")
    assert "RSS 1.0" in one.evidence["title"]
    assert old.text == "Body & more" and old.id.startswith("link-")


def test_ingest_fetcher_full_article_and_fallback_to_feed_content() -> None:
    calls: list[str] = []
    fetch = fake_fetcher({LINK_FULL: article_html(canonical=None), LINK_SUMMARY: None}, calls)
    full, summary, skip = read_feed(RSS.encode("utf-8"), "news.rss", fetch=fetch)
    assert calls == [LINK_FULL, LINK_SUMMARY, LINK_EMPTY]
    assert isinstance(full, RawDocument) and isinstance(summary, RawDocument)
    # the fetched page: the full article (all four paragraphs), the feed's fields kept
    for p in PARAGRAPHS:
        assert p in full.text
    assert full.meta["body"] == "fetched page"
    assert f"fetched from the entry link {LINK_FULL}" in full.evidence["body"]
    assert full.meta["title"] == "Talks resume in Istanbul"
    assert full.meta["published"] == "2025-05-16T09:30:00+02:00"
    assert "RSS pubDate" in full.evidence["published"]
    assert full.meta["outlet"] == "The Daily Planet"  # og:site_name of the page
    assert "fetched page" in full.evidence["outlet"] or "fetched from" in full.evidence["outlet"]
    assert full.meta["url"] == LINK_FULL
    # fetch failed: the feed's summary, and the evidence says why
    assert summary.meta["body"] == "feed summary"
    assert "could not be fetched" in summary.evidence["body"]
    assert isinstance(skip, Skipped) and "could not be fetched" in skip.reason


def test_ingest_fetched_page_without_text_falls_back_and_fetcher_errors_are_contained() -> None:
    def broken(url: str) -> bytes | None:
        raise httpx.ConnectError("no route to host")

    empty_page = "<html><body><script>x()</script></body></html>"
    full, *_ = read_feed(RSS, "news.rss", fetch=fake_fetcher({LINK_FULL: empty_page}))
    assert isinstance(full, RawDocument) and full.meta["body"] == "feed content"
    assert "fetched page could not be used" in full.evidence["body"]
    full, *_ = read_feed(RSS, "news.rss", fetch=broken)
    assert isinstance(full, RawDocument) and full.meta["body"] == "feed content"


@pytest.mark.parametrize(("data", "reason"), [
    (b"<rss version='2.0'><channel><item><title>Cut off", "broken feed"),
    (b"<?xml version='1.0'?><rss><channel><item><ti", "broken feed"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', "feed has no entries"),
    (b"<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>",
     "not an RSS or Atom feed"),
])
def test_ingest_broken_or_empty_feed_is_one_skip(data: bytes, reason: str) -> None:
    (skip,) = read_feed(data, "bad.xml")
    assert isinstance(skip, Skipped) and skip.source == "bad.xml"
    assert reason in skip.reason


def test_ingest_cut_off_feed_keeps_entries_and_reports_the_damage() -> None:
    cut = RSS[: RSS.index("<title>In pictures")]
    *docs, skip = read_feed(cut.encode("utf-8"), "cut.rss")
    assert [d.id for d in docs if isinstance(d, RawDocument)] == [
        "dailyplanet.example-planet-1001", "dailyplanet.example-world-prisoner-swap"]
    assert isinstance(skip, Skipped) and skip.source == "cut.rss"
    assert "not well-formed XML" in skip.reason and "may be missing" in skip.reason


def test_ingest_feed_with_html_entities_is_not_called_damaged() -> None:
    rss = RSS.replace("Talks resume in Istanbul", "Talks&nbsp;resume in Istanbul")
    results = list(read_feed(rss.encode("utf-8"), "news.rss"))
    assert [r.source for r in results if isinstance(r, Skipped)] == [
        "news.rss#dailyplanet.example-planet-1003"]
    first = results[0]
    assert isinstance(first, RawDocument) and first.meta["title"] == "Talks resume in Istanbul"


def test_ingest_feed_file_without_extension_and_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latest"
    path.write_bytes(codecs.BOM_UTF8 + RSS.encode("utf-8"))
    docs, skips = docs_and_skips(list(read_inputs([path])))
    assert [d.source for d in docs] == [f"{path}#dailyplanet.example-planet-1001",
                                        f"{path}#dailyplanet.example-world-prisoner-swap"]
    assert len(skips) == 1


def test_ingest_gzipped_feed_and_legacy_encoding(tmp_path: Path) -> None:
    rss = ('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>T'
           '</title><item><guid>https://zeitung.example/a</guid><title>Straße gesperrt</title>'
           '<description>Die Straße in Zürich bleibt gesperrt.</description></item>'
           '</channel></rss>')
    path = tmp_path / "feed.xml.gz"
    path.write_bytes(gzip.compress(rss.encode("iso-8859-1")))
    (doc,) = read_inputs([path])
    assert isinstance(doc, RawDocument)
    assert (doc.meta["title"], doc.text) == ("Straße gesperrt", "Die Straße in Zürich bleibt gesperrt.")


def test_ingest_slug_is_filename_safe_and_stable() -> None:
    assert slug("https://www.planet.example/world/talks?id=3") == "planet.example-world-talks-id-3"
    assert slug("urn:uuid:1b4e28ba-2fa1-11d2") == "uuid-1b4e28ba-2fa1-11d2"
    long = slug("https://planet.example/" + "a" * 300)
    assert len(long) <= 80 and long == slug("https://planet.example/" + "a" * 300)
    assert long != slug("https://planet.example/" + "a" * 299)
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("///") and "/" not in slug("///")


# --- WARC --------------------------------------------------------------------------------

RU_TEXT = "Переговоры в Стамбуле продолжатся в пятницу, сообщили официальные лица. " * 4


def _response(writer: WARCWriter, uri: str, body: bytes, status: str = "200 OK",
              ctype: str | None = "text/html; charset=utf-8",
              date: str = "2025-06-01T03:00:00Z") -> None:
    headers = [("Content-Type", ctype)] if ctype else []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                    warc_headers_dict={"WARC-Date": date})
    writer.write_record(rec)


def build_warc(gz: bool) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("crawl.warc", {"software": "test"}))
    req = StatusAndHeaders("GET /world/talks HTTP/1.1", [("Host", "planet.example")],
                           is_http_request=True)
    w.write_record(w.create_warc_record("https://planet.example/world/talks", "request",
                                        payload=io.BytesIO(b""), http_headers=req))
    _response(w, "https://planet.example/world/talks",
              article_html(canonical=None).encode("utf-8"))
    _response(w, "https://planet.example/missing", b"<html><body><p>Not found</p></body></html>",
              status="404 Not Found")
    _response(w, "https://planet.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
              ctype="image/png")
    ru = article_html(canonical=None, published=None).replace(PARAGRAPHS[0], RU_TEXT)
    ru = ru.replace('<meta charset="utf-8">', "").replace("Copyright 2025 ", "")
    _response(w, "https://gazeta.example/news/talks", ru.encode("cp1251"),
              ctype="text/html; charset=windows-1251")
    _response(w, "https://planet.example/empty",
              b"<html><head><title>x</title></head><body><script>go()</script></body></html>")
    return buf.getvalue()


@pytest.mark.parametrize("gz", [True, False])
def test_ingest_warc_html_200_responses_become_articles(gz: bool) -> None:
    results = list(read_warc(build_warc(gz), "crawl.warc"))
    (page, ru), (skip,) = docs_and_skips(results)
    assert page.id == "planet.example-world-talks"
    assert page.source.startswith("crawl.warc#urn:uuid:")
    assert page.meta["url"] == "https://planet.example/world/talks"
    assert page.evidence["url"] == "WARC-Target-URI of the response record"
    for p in PARAGRAPHS:
        assert p in page.text
    assert page.meta["title"] == TITLE
    # the publication date from the markup, never the crawl date
    assert page.meta["published"] == "2025-05-16T09:30:00"
    assert "htmldate" in page.evidence["published"]
    assert page.meta["crawled"] == "2025-06-01T03:00:00Z"
    assert "never used as its publication date" in page.evidence["crawled"]
    # the HTTP charset decodes a page that names none itself
    assert ru.meta["url"] == "https://gazeta.example/news/talks"
    assert "Переговоры в Стамбуле продолжатся в пятницу" in ru.text
    assert "published" not in ru.meta  # no date in the markup: the crawl date is not one
    # a page without text is reported with its URI; the 404, image and request are not
    assert skip.source.startswith("crawl.warc#urn:uuid:")
    assert "no article text" in skip.reason and "https://planet.example/empty" in skip.reason


def _record_offsets(data: bytes) -> list[int]:
    it = ArchiveIterator(io.BytesIO(data))
    return [it.get_record_offset() for _ in it]


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("into", [0.5, 0.02])  # into the page, or into its WARC headers
def test_ingest_truncated_warc_keeps_first_records_and_reports_offset(tmp_path: Path, gz: bool,
                                                                      into: float) -> None:
    data = build_warc(gz)
    offsets = _record_offsets(data)  # warcinfo, request, page, 404, png, ru, empty
    cut = offsets[5] + max(1, int((offsets[6] - offsets[5]) * into))  # inside the cp1251 page
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data[:cut])
    docs, skips = docs_and_skips(list(read_inputs([path])))
    assert [d.meta["url"] for d in docs] == ["https://planet.example/world/talks"]
    (skip,) = skips
    assert skip.source == str(path)
    assert f"truncated or corrupt at byte offset {offsets[5]}" in skip.reason
    assert "the 5 records before it were read" in skip.reason


def test_ingest_warc_garbage_after_records_and_non_warc_data() -> None:
    data = build_warc(True)
    results = list(read_warc(data + b"\x1f\x8b\x08\x00garbage" * 10, "x.warc.gz"))
    docs, skips = docs_and_skips(results)
    assert len(docs) == 2
    assert [s.source for s in skips] == ["x.warc.gz#" + skips[0].source.split("#")[1], "x.warc.gz"]
    assert f"byte offset {len(data)}" in skips[1].reason
    (skip,) = read_warc(b"this is not an archive\n" * 5, "notes.warc")
    assert isinstance(skip, Skipped) and "not a WARC archive" in skip.reason
    (skip,) = read_warc(gzip.compress(b"this is not an archive\n" * 5), "notes.warc.gz")
    assert isinstance(skip, Skipped) and "not a WARC archive" in skip.reason
    (skip,) = read_warc(b"", "empty.warc")
    assert isinstance(skip, Skipped) and skip.reason == "empty file"


def test_ingest_warc_without_articles_is_reported_once() -> None:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    _response(w, "https://planet.example/logo.png", b"\x89PNG" + bytes(32), ctype="image/png")
    (skip,) = read_warc(buf.getvalue(), "images.warc.gz")
    assert isinstance(skip, Skipped) and "no HTML page" in skip.reason


@pytest.mark.parametrize(("data", "ext", "fmt"), [
    (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "", "warc"),
    (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", ".txt", "warc"),
    (gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n" * 100), "", "warc"),
    (b"whatever", ".warc", "warc"),
    (b"WARC/2.0 is not a version\n", "", "text"),
    (gzip.compress(b"plain text"), "", "text"),
])
def test_ingest_sniff_recognises_warc(data: bytes, ext: str, fmt: str) -> None:
    assert sniff(data, ext) == fmt


def test_ingest_warc_path_is_streamed_not_read_whole(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.warc.gz").write_bytes(build_warc(True))
    (tmp_path / "crawl-2025-06-01").write_bytes(build_warc(True))  # no extension: by content
    real = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert "warc" not in self.name and "crawl" not in self.name, f"read whole: {self}"
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    docs, skips = docs_and_skips(list(read_inputs([tmp_path])))
    assert len(docs) == 4 and len(skips) == 2
    assert len({d.id for d in docs}) == 4  # same URLs in two archives: ids made unique


def test_ingest_warc_from_stdin_and_read_bytes() -> None:
    data = build_warc(True)
    docs, _ = docs_and_skips(list(read_inputs(["-"], stdin=io.BytesIO(data))))
    assert [d.meta["url"] for d in docs] == ["https://planet.example/world/talks",
                                             "https://gazeta.example/news/talks"]
    docs, _ = docs_and_skips(list(read_bytes(data, "upload.warc.gz", "upload")))
    assert docs[0].source.startswith("upload#urn:uuid:")


# --- directories mixing formats ----------------------------------------------------------

def test_ingest_directory_mixing_feed_warc_and_text(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "planet.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "feeds" / "wire.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "crawl.warc.gz").write_bytes(build_warc(True))
    (tmp_path / "plain.warc").write_bytes(build_warc(False))
    (tmp_path / "note.txt").write_text("Negotiators met in Istanbul on Friday.", encoding="utf-8")
    results = list(read_inputs([tmp_path]))
    docs, skips = docs_and_skips(results)
    by_source = {d.source.split("#")[0] for d in docs}
    assert by_source == {str(tmp_path / p) for p in ("crawl.warc.gz", "plain.warc", "note.txt",
                                                     "feeds/planet.rss", "feeds/wire.atom")}
    assert len(docs) == 2 + 2 + 1 + 2 + 2
    assert len(skips) == 1 + 1 + 1 + 1  # an empty page per archive, an empty entry per feed
    assert len({d.id for d in docs}) == len(docs)
    assert "note" in {d.id for d in docs}


# --- URL inputs --------------------------------------------------------------------------

FEED_URL = "https://dailyplanet.example/world/rss.xml"
PAGE_URL = "https://dailyplanet.example/world/2025/05/16/talks"


def test_ingest_url_without_fetcher_is_skipped_offline() -> None:
    results = list(read_inputs([FEED_URL, "HTTPS://planet.example/a"]))
    assert [(s.source, s.reason) for s in results if isinstance(s, Skipped)] == [
        (FEED_URL, "fetching URLs is off (offline); pass --fetch to download it"),
        ("HTTPS://planet.example/a", "fetching URLs is off (offline); pass --fetch to download it"),
    ]


def test_ingest_url_inputs_with_a_fake_fetcher() -> None:
    calls: list[str] = []
    fetch = fake_fetcher({FEED_URL: RSS, PAGE_URL: article_html(canonical=None),
                          LINK_FULL: article_html(canonical=None)}, calls)
    results = list(read_inputs([FEED_URL, PAGE_URL, "https://dailyplanet.example/gone"],
                               fetch=fetch))
    docs, skips = docs_and_skips(results)
    feed_docs = [d for d in docs if d.source.startswith(FEED_URL + "#")]
    assert [d.meta["body"] for d in feed_docs] == ["fetched page", "feed summary"]
    page = next(d for d in docs if d.source == PAGE_URL)
    assert (page.id, page.format) == ("dailyplanet.example-world-2025-05-16-talks", "html")
    assert page.meta["url"] == PAGE_URL
    assert PARAGRAPHS[2] in page.text
    assert [s.source for s in skips] == [f"{FEED_URL}#dailyplanet.example-planet-1003",
                                         "https://dailyplanet.example/gone"]
    assert "could not be fetched" in skips[1].reason
    assert calls[0] == FEED_URL and PAGE_URL in calls


def test_ingest_url_is_read_by_its_content_not_its_extension() -> None:
    url = "https://planet.example/story.xml"
    (doc,) = read_inputs([url], fetch=fake_fetcher({url: article_html()}))
    assert isinstance(doc, RawDocument) and doc.format == "html" and doc.source == url


def test_ingest_url_fetcher_that_raises_is_a_skip_not_a_traceback() -> None:
    def broken(url: str) -> bytes | None:
        raise OSError("network is unreachable")

    (skip,) = read_inputs([PAGE_URL], fetch=broken)
    assert isinstance(skip, Skipped) and skip.source == PAGE_URL


# --- the HTTP fetcher (httpx on a mock transport: no network) -----------------------------

def _mock_fetcher(handler: Callable[[httpx.Request], httpx.Response], **kw: float) -> HttpFetcher:
    fetcher = HttpFetcher(**kw)  # type: ignore[arg-type]
    fetcher._client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    return fetcher


def test_ingest_http_fetcher_returns_body_or_none() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ok":
            return httpx.Response(200, content=b"<html>ok</html>")
        if request.url.path == "/big":
            return httpx.Response(200, content=b"x" * 2000)
        if request.url.path == "/moved":
            return httpx.Response(301, headers={"location": "https://planet.example/ok"})
        if request.url.path == "/boom":
            raise httpx.ReadTimeout("slow")
        return httpx.Response(404)

    fetch = _mock_fetcher(handler, max_bytes=1000)
    assert fetch("https://planet.example/ok") == b"<html>ok</html>"
    assert fetch("https://planet.example/moved") == b"<html>ok</html>"
    assert fetch("https://planet.example/missing") is None
    assert fetch("https://planet.example/big") is None
    assert fetch("https://planet.example/boom") is None
    assert fetch("file:///etc/passwd") is None
    assert not fetch.offline
    fetch.close()


def test_ingest_http_fetcher_gives_up_when_offline() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise httpx.ConnectError("network unreachable")

    fetch = _mock_fetcher(handler)
    results = [fetch(f"https://planet.example/{i}") for i in range(6)]
    assert results == [None] * 6
    assert len(calls) == 3 and fetch.offline
    # and a feed read with it falls back to its own text
    full, *_ = read_feed(RSS, "news.rss", fetch=fetch)
    assert isinstance(full, RawDocument) and full.meta["body"] == "feed content"
