"""Smoke test of every input format on an installed newsprism: a script, not a pytest test.

    python tests/smoke_formats.py

Run by .ci/run in a throwaway virtual environment where the package was installed
with a plain ``pip install .`` (no constraints file), so that pip picks the newest
releases a user would get: it catches a dependency the code imports but the package
does not declare (issue 21: lxml 6 without lxml_html_clean broke every HTML input).
It writes a small text, HTML, JSONL, RSS, Atom and WARC (.warc.gz) file to a temporary
folder, reads each with ``read_inputs`` (each must give an article, none skipped),
then runs ``newsprism analyze`` on the folder (without the comparison, so no sentence
encoder is loaded) and checks its JSON.  Exits 1 naming what failed.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

PARAGRAPHS = [
    "Negotiators from both countries met in Istanbul on Friday for the first direct talks in "
    "more than three years, officials said after the meeting ended.",
    "The delegations agreed to exchange 1,000 prisoners of war each, according to the head of "
    "one delegation, who called the meeting constructive but difficult.",
    "Foreign ministers from several neighbouring states attended as observers, and a spokesman "
    "for the host government said further rounds were expected next month.",
]
TITLE = "Prisoner swap agreed at first direct talks in three years"
BODY_HTML = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
PAGE = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>'
        '<meta property="og:site_name" content="The Daily Planet"></head><body>'
        f"<nav><a href='/'>Home</a></nav><article><h1>{TITLE}</h1>{BODY_HTML}</article>"
        "<footer>Copyright 2025</footer></body></html>")


def rss() -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>The Daily Planet</title><link>https://dailyplanet.example/</link>"
            f"<item><title>{TITLE}</title><link>https://dailyplanet.example/world/talks</link>"
            f"<guid>https://dailyplanet.example/world/talks</guid>"
            f"<pubDate>Fri, 16 May 2025 09:30:00 +0200</pubDate>"
            f"<description><![CDATA[{BODY_HTML}]]></description></item></channel></rss>")


def atom() -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Planet Wire</title><id>tag:planetwire.example,2025:feed</id>"
            "<updated>2025-05-17T00:00:00Z</updated><entry>"
            "<id>tag:planetwire.example,2025:talks/1</id>"
            f"<title>{TITLE}</title>"
            '<link rel="alternate" href="https://planetwire.example/2025/talks"/>'
            "<published>2025-05-16T10:00:00Z</published><updated>2025-05-16T10:00:00Z</updated>"
            f'<content type="html">{_escape(BODY_HTML)}</content></entry></feed>')


def _escape(html: str) -> str:
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def warc_gz() -> bytes:
    """One response record of the page, as a gzip member (like CC-News archives)."""
    body = PAGE.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    head = ("WARC/1.0\r\nWARC-Type: response\r\n"
            "WARC-Target-URI: https://dailyplanet.example/world/talks-istanbul\r\n"
            "WARC-Date: 2025-06-01T03:00:00Z\r\n"
            "WARC-Record-ID: <urn:uuid:5f0e3a8c-2f4b-4c1e-9d7a-0a1b2c3d4e5f>\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def write_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "text": ("article.txt", (TITLE + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n").encode()),
        "HTML": ("page.html", PAGE.encode()),
        "JSONL": ("records.jsonl", (json.dumps({"id": "rec-1", "title": TITLE,
                                                "text": "\n\n".join(PARAGRAPHS)}) + "\n").encode()),
        "RSS": ("news.rss", rss().encode()),
        "Atom": ("wire.atom", atom().encode()),
        "WARC": ("crawl.warc.gz", warc_gz()),
    }
    paths = {}
    for fmt, (name, data) in files.items():
        paths[fmt] = folder / name
        paths[fmt].write_bytes(data)
    return paths


def main() -> int:
    from newsprism.errors import NewsprismError
    from newsprism.ingest import read_inputs
    from newsprism.model import RawDocument

    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsprism-smoke-") as tmp:
        folder = Path(tmp) / "inputs"
        folder.mkdir()
        paths = write_inputs(folder)
        for fmt, path in paths.items():
            try:
                results = list(read_inputs([path]))
            except (NewsprismError, ImportError) as exc:
                failures.append(f"{fmt} ({path.name}): {type(exc).__name__}: {exc}")
                continue
            docs = [r for r in results if isinstance(r, RawDocument)]
            skipped = [r for r in results if not isinstance(r, RawDocument)]
            if not docs or skipped or "Istanbul" not in docs[0].text:
                failures.append(f"{fmt} ({path.name}): read {len(docs)} articles, "
                                f"skipped {skipped}")
            else:
                print(f"smoke: {fmt:<5} ok ({path.name}: {len(docs)} article)")
        out = Path(tmp) / "analysis.json"
        run = subprocess.run([sys.executable, "-m", "newsprism", "analyze", str(folder),
                              "--no-compare", "--json", str(out), "--quiet"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"newsprism analyze exited {run.returncode}: "
                            f"{(run.stderr or run.stdout).strip()[-2000:]}")
        else:
            n = len(json.loads(out.read_text("utf-8"))["articles"])
            if n != len(paths):
                failures.append(f"newsprism analyze gave {n} articles for {len(paths)} files")
            else:
                print(f"smoke: newsprism analyze ok ({n} articles from {len(paths)} formats)")
    for failure in failures:
        print(f"smoke FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
