"""Shared fixtures: the seed articles and evaluation data live in ../shared, never in this repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
EVAL_DATA = SHARED / "eval-data"


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("001")."""
    found = sorted(SEEDS.glob(f"{prefix}*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found under {SEEDS} (set NEWSPRISM_SHARED)")
    return found[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (set NEWSPRISM_SHARED to the shared folder)")
    return SEEDS


@pytest.fixture(scope="session")
def nlp():
    from newsprism.annotate.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seeds_analysis(seeds_dir):
    """One analysis of the five seeds, shared by the tests that read it."""
    from newsprism import analyze

    return analyze([seeds_dir])


@pytest.fixture(scope="session")
def seed_articles(seeds_analysis):
    """Seed articles by their three-digit prefix ("000" ... "004")."""
    return {a.id[:3]: a for a in seeds_analysis.articles}


# headless Debian chromium for the browser tests (test_html, test_report_csp, test_web_e2e),
# driven by Playwright with executable_path (never `playwright install`)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found (install Debian's chromium: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
