"""Tests of the ingest package on small hand-made inputs (no network, no fixtures on disk)."""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pytest

from newsprism.ingest import read_bytes, read_inputs
from newsprism.model import RawDocument, Skipped

PARAGRAPHS = [
    "Negotiators from both countries met in Istanbul on Friday for the first direct "
    "talks in more than three years, officials said after the meeting ended.",
    "The delegations agreed to exchange 1,000 prisoners of war each, according to the "
    "head of one delegation, who called the meeting constructive but difficult.",
    "Foreign ministers from several neighbouring states attended as observers, and a "
    "spokesman for the host government said further rounds were expected next month.",
    "Analysts cautioned that the gap between the two sides remained wide on the core "
    "questions of territory and security guarantees, despite the prisoner agreement.",
]

TITLE = "Prisoner swap agreed at first direct talks in three years"


def article_html(*, site_name: str | None = "The Daily Planet",
                 canonical: str | None = "https://dailyplanet.example/world/talks-istanbul",
                 published: str | None = "2025-05-16T09:30:00+00:00") -> str:
    """A small but realistic news page: head metadata, navigation, an article, a footer."""
    head = [f"<title>{TITLE} | The Daily Planet</title>",
            '<meta charset="utf-8">',
            '<meta name="author" content="Lois Lane">']
    if site_name:
        head.append(f'<meta property="og:site_name" content="{site_name}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{''.join(head)}</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>{TITLE}</h1>
<p class="byline">By Lois Lane</p>
{body}
</article>
<footer><p>Copyright 2025 The Daily Planet. All rights reserved.</p></footer>
</body></html>
"""


def read_all(*inputs: object, stdin: io.BytesIO | None = None) -> list[RawDocument | Skipped]:
    return list(read_inputs(inputs, stdin=stdin))


def only_doc(results: list[RawDocument | Skipped]) -> RawDocument:
    assert len(results) == 1 and isinstance(results[0], RawDocument), results
    return results[0]


def only_skip(results: list[RawDocument | Skipped]) -> Skipped:
    assert len(results) == 1 and isinstance(results[0], Skipped), results
    return results[0]


# --- plain files, directories, stdin -------------------------------------------------

def test_ingest_plain_text_file(tmp_path: Path) -> None:
    text = "Talks resume in Istanbul\n\nNegotiators met on Friday.\n"
    path = tmp_path / "talks.txt"
    path.write_text(text, encoding="utf-8")
    doc = only_doc(read_all(path))
    assert (doc.id, doc.source, doc.format, doc.text) == ("talks", str(path), "text", text)
    assert dict(doc.meta) == {}


def test_ingest_path_given_as_str(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("A story in a markdown file.", encoding="utf-8")
    assert only_doc(read_all(str(path))).id == "story"


def test_ingest_directory_recursion_sorted_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ("b.txt", "a.txt", "sub/c.txt", ".hidden.txt", ".git/config.txt", "Thumbs.db",
                ".DS_Store"):
        (tmp_path / rel).write_text(f"Article text of {rel}.", encoding="utf-8")
    results = read_all(tmp_path)
    assert all(isinstance(r, RawDocument) for r in results), results
    assert [r.source for r in results] == [str(tmp_path / p) for p in ("a.txt", "b.txt", "sub/c.txt")]
    assert [r.id for r in results] == ["a", "b", "c"]


def test_ingest_hidden_file_given_explicitly_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".notes.txt"
    path.write_text("Read because it was named.", encoding="utf-8")
    assert only_doc(read_all(path)).text == "Read because it was named."


def test_ingest_dash_reads_stdin() -> None:
    stdin = io.BytesIO(b"Talks resume in Istanbul.\nNegotiators met on Friday.\n")
    doc = only_doc(read_all("-", stdin=stdin))
    assert (doc.id, doc.source, doc.format) == ("stdin", "-", "text")
    assert doc.text.startswith("Talks resume in Istanbul.")


def test_ingest_stdin_html_is_sniffed_from_content() -> None:
    doc = only_doc(read_all("-", stdin=io.BytesIO(article_html().encode("utf-8"))))
    assert doc.format == "html"
    assert doc.meta["outlet"] == "The Daily Planet"


def test_ingest_same_name_in_two_folders_gets_unique_ids(tmp_path: Path) -> None:
    for folder in ("2025-05", "2025-06"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "article.txt").write_text(f"Story of {folder}.", encoding="utf-8")
    results = read_all(tmp_path)
    assert [r.id for r in results] == ["article", "article-2"]
    assert results[1].text == "Story of 2025-06."


# --- HTML ------------------------------------------------------------------------------

def test_ingest_html_body_metadata_and_evidence(tmp_path: Path) -> None:
    path = tmp_path / "talks.html"
    path.write_text(article_html(), encoding="utf-8")
    doc = only_doc(read_all(path))
    assert (doc.id, doc.format) == ("talks", "html")
    for p in PARAGRAPHS:
        assert p in doc.text
    assert "All rights reserved" not in doc.text  # footer
    assert "Sport" not in doc.text  # navigation
    assert doc.meta["title"] == TITLE
    assert doc.meta["outlet"] == "The Daily Planet"
    assert doc.meta["published"] == "2025-05-16T09:30:00"
    assert doc.meta["url"] == "https://dailyplanet.example/world/talks-istanbul"
    assert doc.meta["author"] == "Lois Lane"
    assert doc.evidence["title"].startswith("HTML markup")
    assert "og:site_name" in doc.evidence["outlet"]
    assert "canonical" in doc.evidence["url"]
    assert "htmldate" in doc.evidence["published"]
    assert set(doc.evidence) == set(doc.meta)


def test_ingest_html_url_given_by_caller_is_not_called_markup() -> None:
    from newsprism.ingest.html import read_html

    html = article_html(canonical=None, site_name=None)
    doc = read_html(html, "p", "<test>", url="https://www.planet.example/2025/05/16/talks")
    assert doc.meta["url"] == "https://www.planet.example/2025/05/16/talks"
    assert doc.evidence["url"] == "given with the input"
    # trafilatura would name the outlet after the host; that is left to cleaning's outlet table
    assert "outlet" not in doc.meta


def test_ingest_html_known_domain_names_its_outlet_one_way() -> None:
    # the outlet table wins over a page's own og:site_name for a domain it knows: AP's
    # hosted pages call themselves "Hosted", NYT pages "NYTimes"; an unknown domain keeps
    # the page's name, and a name given with the input is never overridden
    from newsprism.clean import clean_document
    from newsprism.ingest.html import read_html

    hosted = read_html(article_html(site_name="Hosted", canonical="https://hosted.ap.org/x/article/1/talks"),
                       "p", "<test>")
    a = clean_document(hosted)
    assert a.outlet == "Associated Press"
    assert "outlet table" in a.evidence["outlet"] and "'Hosted'" in a.evidence["outlet"]
    own = clean_document(read_html(article_html(), "q", "<test>"))
    assert own.outlet == "The Daily Planet" and "og:site_name" in own.evidence["outlet"]
    given = RawDocument(id="r", source="<test>", text="\n\n".join(PARAGRAPHS), format="jsonl",
                        meta={"outlet": "AP Wire Desk", "url": "https://apnews.com/article/talks"},
                        evidence={"outlet": "given", "url": "given"})
    assert clean_document(given).outlet == "AP Wire Desk"


def test_ingest_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty-page.html"
    path.write_text("<html><head><title>Nothing</title><script>var x = 1;</script></head>"
                    "<body><script>render();</script></body></html>", encoding="utf-8")
    skip = only_skip(read_all(path))
    assert skip.source == str(path)
    assert "no article text" in skip.reason


def test_ingest_html_declared_legacy_charset_is_used(tmp_path: Path) -> None:
    html = article_html().replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    html = html.replace(PARAGRAPHS[0], "Переговоры в Стамбуле продолжатся в пятницу. " * 4)
    path = tmp_path / "ru.html"
    path.write_bytes(html.encode("cp1251"))
    doc = only_doc(read_all(path))
    assert "Переговоры в Стамбуле продолжатся в пятницу." in doc.text


# --- JSONL -----------------------------------------------------------------------------

def test_ingest_jsonl_text_and_html_records_with_fields(tmp_path: Path) -> None:
    lines = [
        {"id": "wire-42", "text": "Negotiators met in Istanbul on Friday.",
         "outlet": "Wire Service", "published": "2025-05-16", "author": "A. Writer"},
        {"html": article_html(), "title": "Talks in Istanbul", "outlet": "Planet Online",
         "url": "https://planet.example/talks"},
        {"text": "A record without an id."},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    first, second, third = read_all(path)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.id, first.format, first.source) == ("wire-42", "text", f"{path}:1")
    assert dict(first.meta) == {"outlet": "Wire Service", "published": "2025-05-16",
                                "author": "A. Writer"}
    assert first.evidence["outlet"] == "JSONL field 'outlet'"
    # html record: body from the markup, given fields override what the markup says
    assert (second.id, second.format) == ("batch-2", "html")
    assert PARAGRAPHS[1] in second.text
    assert second.meta["title"] == "Talks in Istanbul"
    assert second.meta["outlet"] == "Planet Online"
    assert second.meta["url"] == "https://planet.example/talks"
    assert second.evidence["title"] == "JSONL field 'title'"
    assert second.meta["published"] == "2025-05-16T09:30:00"  # not given: from the markup
    assert second.evidence["published"].startswith("HTML markup")
    assert isinstance(third, RawDocument) and third.id == "batch-3"


def test_ingest_jsonl_bad_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "First article."}\n'
                    '{"text": "broken\n'
                    '\n'
                    '{"title": "no body"}\n'
                    '["not", "an", "object"]\n'
                    '{"text": "Last article."}\n', encoding="utf-8")
    results = read_all(path)
    docs = [r for r in results if isinstance(r, RawDocument)]
    skips = {r.source: r.reason for r in results if isinstance(r, Skipped)}
    assert [d.text for d in docs] == ["First article.", "Last article."]
    assert [d.id for d in docs] == ["mixed-1", "mixed-6"]
    assert set(skips) == {f"{path}:2", f"{path}:4", f"{path}:5"}
    assert skips[f"{path}:2"].startswith("not valid JSON")
    assert "neither a non-empty 'text' nor 'html'" in skips[f"{path}:4"]
    assert "expected a JSON object, got an array" in skips[f"{path}:5"]


def test_ingest_jsonl_deeply_nested_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"text": "Fine."}\n' + "[" * 100_000 + "\n", encoding="utf-8")
    doc, skip = read_all(path)
    assert isinstance(doc, RawDocument) and doc.text == "Fine."
    assert isinstance(skip, Skipped) and skip.source == f"{path}:2"
    assert skip.reason.startswith("not valid JSON")


def test_ingest_jsonl_ignores_non_scalar_and_boolean_fields() -> None:
    doc = only_doc(read_all({"text": "Some text.", "author": ["A", "B"], "title": True,
                             "published": 2025}))
    assert dict(doc.meta) == {"published": "2025"}


def test_ingest_json_array_file_is_read_as_records(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    records = [{"id": "a1", "text": "First."}, {"text": "Second."}, {"title": "no body"}]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    results = read_all(path)
    assert [r.id for r in results if isinstance(r, RawDocument)] == ["a1", "export-2"]
    skip = results[2]
    assert isinstance(skip, Skipped) and skip.source == f"{path}#3"


def test_ingest_pretty_printed_json_object_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": "Only article.", "outlet": "Planet"}, indent=2),
                    encoding="utf-8")
    doc = only_doc(read_all(path))
    assert (doc.id, doc.text, doc.meta["outlet"]) == ("one", "Only article.", "Planet")


# --- what cannot be read ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data (NUL bytes)"),
    ("noise.txt", bytes(range(0x80, 0x100)) * 8, "undecodable"),
    ("controls.txt", b"\x01\x02\x03abc\x04\x05\x06\x07\x08" * 50, "binary data (control characters)"),
    ("feed.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
                 b"</channel></rss>", "feed has no entries"),
    ("feed-without-extension", codecs.BOM_UTF8 + b'<?xml version="1.0"?>\n<rss><channel>'
     + b"<title>News</title></channel></rss>", "feed has no entries"),
    ("atom.xml", b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
     "feed has no entries"),
    ("crawl.warc", b"this is not an archive\n" * 5, "not a WARC archive"),
    ("corrupt.txt.gz", gzip.compress(b"some text " * 200)[:20] + b"\xff" * 40, "corrupt gzip data"),
    ("utf16-blank.txt", codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"), "empty file"),
])
def test_ingest_unreadable_file_is_skipped_with_reason(tmp_path: Path, name: str, data: bytes,
                                                       reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    skip = only_skip(read_all(path))
    assert skip.source == str(path)
    assert reason in skip.reason


def test_ingest_missing_path_is_skipped(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "missing.txt"
    skip = only_skip(read_all(missing))
    assert (skip.source, skip.reason) == (str(missing), "no such file or directory")


def test_ingest_unreadable_input_does_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A good article.", encoding="utf-8")
    results = read_all(tmp_path / "missing.txt", good, 42)
    assert [type(r).__name__ for r in results] == ["Skipped", "RawDocument", "Skipped"]
    assert "cannot read a int" in results[2].reason


# --- encodings and compression ---------------------------------------------------------

LEGACY_TEXTS = [
    "Señor Peña visitó Bogotá el año pasado.",
    "Café, résumé, naïve – “déjà vu” for the président.",
    "Müller sagte, die Straße in Zürich bleibe gesperrt.",
]


@pytest.mark.parametrize("text", LEGACY_TEXTS)
def test_ingest_cp1252_text_decodes(tmp_path: Path, text: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    assert only_doc(read_all(path)).text == text


def test_ingest_latin1_text_decodes(tmp_path: Path) -> None:
    text = "Le ministre a déclaré à la presse que l'économie française était forte."
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    assert only_doc(read_all(path)).text == text


@pytest.mark.parametrize(("bom", "encoding"), [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_ingest_byte_order_mark_decodes(tmp_path: Path, bom: bytes, encoding: str) -> None:
    text = "Zürich, 16 May — “Talks resume,” the spokesman said."
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + text.encode(encoding))
    doc = only_doc(read_all(path))
    assert doc.text == text  # no BOM left at the start


def test_ingest_utf16_html_without_extension_is_html(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_bytes(codecs.BOM_UTF16_LE + article_html().encode("utf-16-le"))
    doc = only_doc(read_all(path))
    assert doc.format == "html" and doc.meta["title"] == TITLE


def test_ingest_gzip_file_is_decompressed(tmp_path: Path) -> None:
    text = "Compressed article about the talks in Istanbul."
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    doc = only_doc(read_all(path))
    assert (doc.id, doc.format, doc.text) == ("story", "text", text)


def test_ingest_gzip_jsonl_keeps_its_format(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "x", "text": "Zipped record."}\n'))
    doc = only_doc(read_all(path))
    assert (doc.id, doc.source, doc.text) == ("x", f"{path}:1", "Zipped record.")


# --- content sniffing ------------------------------------------------------------------

@pytest.mark.parametrize(("data", "fmt"), [
    (b"Just a plain article.\nSecond line.", "text"),
    (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    (b"<div><p>One</p><p>Two</p><a href='#'>x</a></div>", "html"),
    (b"<rss version='2.0'><channel></channel></rss>", "feed"),
])
def test_ingest_format_sniffed_from_content(data: bytes, fmt: str) -> None:
    from newsprism.ingest.detect import sniff

    assert sniff(data, "") == fmt


# --- in-memory inputs ------------------------------------------------------------------

def test_ingest_in_memory_texts_and_records() -> None:
    doc = RawDocument(id="given", source="<mine>", text="Already read.", format="text")
    results = read_all(
        "Negotiators met in Istanbul on Friday.",
        {"text": "A record from Python.", "outlet": "Planet", "id": 7},
        {"html": article_html()},
        {"title": "no body"},
        doc,
    )
    text, record, html_record, skip, given = results
    assert isinstance(text, RawDocument)
    assert (text.id, text.source, text.text) == ("text-1", "<text 1>",
                                                 "Negotiators met in Istanbul on Friday.")
    assert isinstance(record, RawDocument)
    assert (record.id, record.meta["outlet"]) == ("7", "Planet")
    assert record.evidence["outlet"] == "JSONL field 'outlet'"
    assert isinstance(html_record, RawDocument)
    assert (html_record.id, html_record.format) == ("record-3", "html")
    assert html_record.meta["outlet"] == "The Daily Planet"
    assert isinstance(skip, Skipped) and skip.source == "<record 4>"
    assert given is doc


def test_ingest_long_single_line_text_is_a_text_not_a_path() -> None:
    text = "Negotiators met in Istanbul on Friday for the first direct talks. " * 10
    doc = only_doc(read_all(text))
    assert (doc.id, doc.text) == ("text-1", text)


def test_ingest_long_path_like_string_is_skipped_not_raised() -> None:
    skip = only_skip(read_all("x" * 300))
    assert skip.reason == "no such file or directory"


def test_ingest_empty_text_is_skipped_and_never_reads_the_current_directory() -> None:
    skip = only_skip(read_all(""))
    assert (skip.source, skip.reason) == ("<text 1>", "empty text")


def test_ingest_read_bytes_uses_name_for_id_and_extension() -> None:
    results = list(read_bytes(b'{"text": "From bytes."}\n', "upload.jsonl", "upload"))
    doc = only_doc(results)
    assert (doc.id, doc.source) == ("upload-1", "upload:1")
