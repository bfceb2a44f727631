"""A package HTML extraction imports but cannot find is a clear error naming it (E201), not a
raw ImportError traceback, nor a "corrupt archive" (issue 21, item 8)."""

from __future__ import annotations

import importlib.abc
import sys
from pathlib import Path

import pytest

from newsprism.errors import DependencyError
from newsprism.ingest import read_bytes, read_inputs

from .test_ingest import article_html
from .test_ingest_feeds import build_warc

LXML_MESSAGE = ("lxml.html.clean module is now a separate project lxml_html_clean.\n"
                "Install lxml[html_clean] or lxml_html_clean directly.")


class _Broken(importlib.abc.MetaPathFinder):
    """Makes ``import trafilatura`` fail with ``error``, as a broken install does."""

    def __init__(self, error: ImportError) -> None:
        self.error = error

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name.split(".")[0] == "trafilatura":
            raise self.error
        return None


@pytest.fixture
def broken_trafilatura(monkeypatch: pytest.MonkeyPatch):
    def breaks(error: ImportError) -> None:
        for name in [m for m in sys.modules if m.split(".")[0] == "trafilatura"]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setattr(sys, "meta_path", [_Broken(error), *sys.meta_path])
    return breaks


def test_dependency_lxml_html_clean_missing_is_named(tmp_path: Path, broken_trafilatura) -> None:
    # what lxml 6 without lxml_html_clean raises inside jusText, inside trafilatura
    broken_trafilatura(ImportError(LXML_MESSAGE))
    page = tmp_path / "page.html"
    page.write_text(article_html(), "utf-8")
    with pytest.raises(DependencyError) as info:
        list(read_inputs([page]))
    message = str(info.value)
    assert message.startswith("[E201]")
    assert "'lxml_html_clean' is missing" in message
    assert "pip install lxml_html_clean" in message


def test_dependency_missing_module_is_named(broken_trafilatura) -> None:
    broken_trafilatura(ModuleNotFoundError("No module named 'justext'", name="justext"))
    with pytest.raises(DependencyError, match="'jusText' is missing"):
        list(read_bytes(article_html().encode(), "page.html", "page.html"))


def test_dependency_error_is_not_taken_for_a_corrupt_archive(broken_trafilatura) -> None:
    broken_trafilatura(ImportError(LXML_MESSAGE))
    with pytest.raises(DependencyError, match="lxml_html_clean"):
        list(read_bytes(build_warc(gz=True), "crawl.warc.gz", "crawl.warc.gz"))
