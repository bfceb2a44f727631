"""The HTML report's Content-Security-Policy: its own script runs (allowed by its hash), any
other script in the page does not (issue 21, item 9)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newsprism.report.html import render_html

RECORDS = [
    {"id": "a", "outlet": "Planet", "title": "Talks resume in Istanbul", "published": "2025-05-16",
     "text": "Dmitry Peskov told reporters on Monday that the talks would continue in Istanbul."},
    {"id": "b", "outlet": "Wire", "title": "Talks go on", "published": "2025-05-16",
     "text": "Vladimir Putin said on Friday that the meeting in Istanbul was fine."},
]


@pytest.fixture(scope="module")
def page_html() -> str:
    from newsprism import analyze

    return render_html(analyze(RECORDS, compare=False))


def policy(page: str) -> dict[str, list[str]]:
    doc = lxml_html.fromstring(page)
    (meta,) = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    directives = [d.split() for d in meta.get("content").split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def test_report_csp_allows_only_the_pages_own_script(page_html: str) -> None:
    csp = policy(page_html)
    assert csp["default-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'none'"]
    (source,) = csp["script-src"]  # one hash: no 'unsafe-inline', no 'self', no host
    scripts = re.findall(r"<script>(.*?)</script>", page_html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    assert source == f"'sha256-{digest}'"
    # the policy comes before anything it governs
    assert page_html.index("Content-Security-Policy") < page_html.index("<style>")



def test_report_csp_browser_runs_the_page_script_and_blocks_others(
        browser, page_html: str, tmp_path: Path) -> None:
    # a script that got into the page (as if escaping had failed somewhere) must not run
    injected = page_html.replace("</main>", "<script>window.injected = 1;</script></main>", 1)
    path = tmp_path / "report.html"
    path.write_text(injected, "utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.resolve().as_uri())
    assert page.evaluate("window.injected") is None
    assert any("Content Security Policy" in e for e in errors)
    # the page's own script runs: unticking "Entities" hides the entity marks
    page.locator("input[data-hide='hide-ents']").uncheck()
    assert page.evaluate("document.getElementById('articles').classList.contains('hide-ents')")
    page.close()
