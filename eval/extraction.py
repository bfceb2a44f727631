"""Article-body extraction scored on the Zyte article extraction benchmark.

Why: the body text that ``newsprism.ingest.html.read_html`` extracts is what
every later stage works on, so its quality is measured on a public set with
the benchmark's own scoring (shingle matching of 4-grams over ``\\w+`` tokens,
per-document normalised TP/FP/FN, mean precision and recall, F1 from the
means), imported by path from the benchmark's ``evaluate.py``.

Systems scored:

* ``ours`` -- ``read_html(html, doc_id, source, url=gold_url)``; a page that
  raises :class:`~newsprism.errors.InputError` counts as an empty prediction;
* ``baseline`` -- all visible text of the page (lxml, scripts and styles
  dropped): the "extract nothing, keep everything" reference point;
* ``trafilatura_default`` -- ``trafilatura.extract`` with its default settings,
  to show what our settings change;
* with ``--variants``, a few alternative trafilatura settings as well.

Each other system also gets its paired bootstrap difference to ours
(``minus_ours``): a gap smaller than about twice its std is noise.

Run from the repository root::

    python eval/extraction.py --data ../shared/eval-data/article_extraction_benchmark

The last stdout line is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from newsprism.errors import InputError
from newsprism.ingest.detect import decode
from newsprism.ingest.html import read_html

# bootstrap resamples for the ± figures (the benchmark's own default is 1000)
N_BOOTSTRAP = 1000
SEED = 0

# tags whose text is never visible on the page
_INVISIBLE = ("script", "style", "noscript", "template", "head")

Extractor = Callable[[str, str], str]


def load_scorer(data: Path) -> ModuleType:
    """The benchmark's own ``evaluate.py``, imported by path so the scoring is exactly theirs."""
    path = data / "evaluate.py"
    spec = importlib.util.spec_from_file_location("aeb_evaluate", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(data: Path, limit: int | None) -> list[tuple[str, str, str, str]]:
    """``(key, url, html, gold body)`` for each page, in key order (the first ``limit``)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    pages = []
    for key in keys:
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        try:
            html = decode(raw, key)
        except InputError:
            html = raw.decode("utf-8", errors="replace")
        pages.append((key, truth[key].get("url") or "", html, truth[key].get("articleBody", "")))
    return pages


def extract_ours(html: str, url: str) -> str:
    """Body text as newsprism reads it; an unreadable page is an empty prediction."""
    try:
        return read_html(html, "page", "<benchmark>", url=url or None).text
    except InputError:
        return ""


def extract_visible_text(html: str, url: str) -> str:
    """All visible text of the page: what an extractor that removes nothing would give."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several parser errors on broken pages
        return ""
    for el in root.xpath("//" + " | //".join(_INVISIBLE)):
        el.drop_tree()
    body = root.find("body")
    return " ".join((body if body is not None else root).itertext())


def trafilatura_extractor(**options: Any) -> Extractor:
    """``trafilatura.extract`` with ``options`` (none: its defaults)."""
    import trafilatura

    def extract(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url or None, **options) or ""

    return extract


# alternative settings tried with --variants (what read_html could use instead)
VARIANTS: dict[str, dict[str, Any]] = {
    "tables_on": {"include_comments": False, "include_tables": True},
    "tables_off": {"include_comments": False, "include_tables": False},
    "favor_recall": {"include_comments": False, "include_tables": False, "favor_recall": True},
    "favor_precision": {"include_comments": False, "include_tables": False,
                        "favor_precision": True},
    "recall_tables_on": {"include_comments": False, "include_tables": True,
                         "favor_recall": True},
}


def run_system(extract: Extractor, pages: list[tuple[str, str, str, str]]) -> tuple[dict, float]:
    """Predictions in the benchmark's format, and the mean seconds per page."""
    predictions = {}
    if pages:  # warm up (lazy imports, caches) so the first system is not charged for them
        extract(pages[0][2], pages[0][1])
    start = time.perf_counter()
    for key, url, html, _gold in pages:
        predictions[key] = {"articleBody": extract(html, url)}
    return predictions, (time.perf_counter() - start) / max(len(pages), 1)


def score(scorer: ModuleType, pages: list[tuple[str, str, str, str]], predictions: dict,
          n_bootstrap: int) -> tuple[dict[str, float], list[tuple[float, float, float]]]:
    """F1, precision, recall and accuracy (with bootstrap std) by the benchmark's scorer,
    and the per-page normalised ``(tp, fp, fn)`` for paired comparisons."""
    truth = {key: {"articleBody": gold} for key, _url, _html, gold in pages}
    random.seed(SEED)
    metrics = scorer.evaluate(truth, predictions, n_bootstrap)
    keep = ("f1", "precision", "recall", "accuracy")
    out = {k: round(metrics[k], 4) for k in keep}
    out.update({f"{k}_std": round(metrics[f"{k}_std"], 4) for k in keep})
    out["empty"] = sum(1 for p in predictions.values() if not p["articleBody"].strip())
    return out, metrics["tp_fp_fns"]


def paired_difference(scorer: ModuleType, other: list, ours: list,
                      n_bootstrap: int) -> dict[str, float]:
    """Mean and std of ``other - ours`` in F1/precision/recall over paired bootstrap resamples
    (as the benchmark's ``--bootstrap-differences``): is a difference more than noise?"""
    rng = random.Random(SEED)
    diffs: dict[str, list[float]] = {}
    n = len(ours)
    for _ in range(max(n_bootstrap, 2)):
        idx = [rng.randrange(n) for _ in range(n)]
        a = scorer.metrics_from_tp_fp_fns([other[i] for i in idx])
        b = scorer.metrics_from_tp_fp_fns([ours[i] for i in idx])
        for k in ("f1", "precision", "recall"):
            diffs.setdefault(k, []).append(a[k] - b[k])
    out = {}
    for k, values in diffs.items():
        out[k] = round(statistics.mean(values), 4)
        out[f"{k}_std"] = round(statistics.stdev(values), 4)
    return out


def _versions() -> dict[str, str]:
    """Versions of the extraction libraries, since the figures depend on them."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("trafilatura", "htmldate", "lxml"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="the benchmark folder (html/, ground-truth.json, evaluate.py)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--n-bootstrap", type=int, default=N_BOOTSTRAP)
    parser.add_argument("--no-trafilatura-default", action="store_true",
                        help="skip trafilatura.extract with default settings")
    parser.add_argument("--variants", action="store_true",
                        help="also score alternative trafilatura settings")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file() or not (args.data / "evaluate.py").is_file():
        parser.error(f"{args.data} is not the benchmark folder (ground-truth.json, evaluate.py)")

    scorer = load_scorer(args.data)
    pages = load_pages(args.data, args.limit)
    systems: dict[str, Extractor] = {"ours": extract_ours, "baseline": extract_visible_text}
    if not args.no_trafilatura_default:
        systems["trafilatura_default"] = trafilatura_extractor()
    if args.variants:
        systems.update({name: trafilatura_extractor(**opts) for name, opts in VARIANTS.items()})

    results: dict[str, dict[str, Any]] = {}
    per_page: dict[str, list] = {}
    print(f"{'':<20} {'F1':<13}  {'precision':<13}  {'recall':<13}  {'accuracy':<13}  "
          f"{'empty':>5} {'ms/page':>8}  {'F1 - ours':<13}")
    for name, extract in systems.items():
        predictions, seconds = run_system(extract, pages)
        m, per_page[name] = score(scorer, pages, predictions, args.n_bootstrap)
        m["ms_per_page"] = round(seconds * 1000, 2)
        diff = ""
        if name != "ours":
            m["minus_ours"] = paired_difference(scorer, per_page[name], per_page["ours"],
                                                args.n_bootstrap)
            diff = f"{m['minus_ours']['f1']:+.3f} ± {m['minus_ours']['f1_std']:.3f}"
        results[name] = m
        print(f"{name:<20} " + "  ".join(
            f"{m[k]:.3f} ± {m[k + '_std']:.3f}" for k in ("f1", "precision", "recall", "accuracy"))
            + f"  {int(m['empty']):>5} {m['ms_per_page']:>8.1f}  {diff}", flush=True)
    print(json.dumps({"data": str(args.data), "pages": len(pages), "versions": _versions(),
                      **results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
