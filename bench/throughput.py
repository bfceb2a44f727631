"""Throughput of `analyze` (ingest + clean + annotate + link) against bare spaCy, start-up time, memory.

    python bench/throughput.py [--data ../shared/eval-data/polnear/data] [--n 200] [--repeat 3]

Both sides get the same PolNeAR texts and both cores: ours through
``newsprism.analyze`` (worker processes, one spaCy model each), the ceiling as
``nlp.pipe(texts, n_process=2)`` of the same model.  Runs alternate and the
medians are reported, because timings on a shared 2-core machine are noisy.
Start-up is the wall time from launching ``newsprism analyze <one seed>`` to
its first line of output.  Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))


def polnear_files(data: Path, n: int) -> list[Path]:
    files = sorted(data.glob("*/text/*.txt"))
    if not files:
        sys.exit(f"no PolNeAR texts under {data}")
    # a deterministic spread over publishers and splits
    step = max(1, len(files) // n)
    return files[::step][:n]


def bench_spacy(texts: list[str], workers: int) -> float:
    from newsprism.annotate.nlp import load_nlp

    nlp = load_nlp()
    t = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=workers, batch_size=16):
        pass
    return time.perf_counter() - t


def bench_ours(files: list[Path], workers: int, compare: bool = True) -> float:
    from newsprism import analyze
    from newsprism.config import Settings

    t = time.perf_counter()
    analyze(files, Settings(workers=workers), compare=compare)
    return time.perf_counter() - t


def startup(seed: Path) -> float:
    """Seconds from launch to the first line `newsprism analyze` prints."""
    exe = Path(sys.executable).with_name("newsprism")
    t = time.perf_counter()
    proc = subprocess.Popen([str(exe), "analyze", str(seed)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "100"})
    assert proc.stdout is not None
    proc.stdout.readline()
    first = time.perf_counter() - t
    proc.communicate()
    return first


def peak_rss_mib(files: list[Path], workers: int) -> float:
    """Largest resident set of any process of one `analyze` run (parent or worker)."""
    code = ("import sys; from newsprism import analyze; from newsprism.config import Settings; "
            "analyze(sys.argv[2:], Settings(workers=int(sys.argv[1])))")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", code, str(workers), *map(str, files)], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "eval-data/polnear/data")
    ap.add_argument("--n", type=int, default=200, help="articles per run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-compare", action="store_true",
                    help="time analyze without the comparison (read, clean, annotate, link): the "
                         "figure issue 2 set its targets for")
    args = ap.parse_args()

    files = polnear_files(args.data, args.n)
    texts = [f.read_text("utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    # warm both up once (model load, imports) so runs compare the work itself
    bench_spacy(texts[:8], 1)
    bench_ours(files[:8], 1)
    spacy_t, ours_t = [], []
    for _ in range(args.repeat):
        spacy_t.append(bench_spacy(texts, args.workers))
        ours_t.append(bench_ours(files, args.workers, not args.no_compare))
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    start = [startup(seeds[0]) for _ in range(args.repeat)] if seeds else []
    rss = peak_rss_mib(files, args.workers)

    n = len(files)
    spacy_rate = n / statistics.median(spacy_t)
    ours_rate = n / statistics.median(ours_t)
    result = {
        "articles": n, "words": words, "workers": args.workers, "repeat": args.repeat,
        "spacy_pipe_articles_per_s": round(spacy_rate, 2),
        "ours_articles_per_s": round(ours_rate, 2),
        "ratio_ours_to_spacy": round(ours_rate / spacy_rate, 3),
        "spacy_seconds": [round(x, 2) for x in spacy_t],
        "ours_seconds": [round(x, 2) for x in ours_t],
        "startup_to_first_output_s": round(statistics.median(start), 2) if start else None,
        "peak_rss_mib": round(rss, 1),
        "targets": {"ours_articles_per_s": ">= 10", "ratio_ours_to_spacy": ">= 0.7",
                    "startup_to_first_output_s": "< 3"},
    }
    print(f"{n} PolNeAR articles ({words} words), {args.workers} workers, median of {args.repeat}")
    print(f"  bare spaCy nlp.pipe : {spacy_rate:6.1f} articles/s")
    print(f"  newsprism analyze   : {ours_rate:6.1f} articles/s   (ratio {ours_rate / spacy_rate:.2f})")
    print(f"  start-up to first output: {result['startup_to_first_output_s']} s;  peak RSS {rss:.0f} MiB")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
