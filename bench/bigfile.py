"""Time and peak memory to ingest (read + clean) one huge file of unique text (issue 21).

    python bench/bigfile.py [--sizes 1.2 5 50] [--max-chars 2000000] [--no-limit-up-to 5]

For each size (MB) a text of random words (Zipf-like frequencies over 30,000 made-up
words, sentences of 8-25 words, paragraphs of 2-6 sentences: every paragraph unique) is
written to a temporary file, then read and cleaned in a fresh process
(``read_inputs([path], max_chars=...)`` and ``clean_document`` on what is read), whose wall
time and peak RSS are reported: once with the limit (the default ``--max-chars``, under which
a 50 MB file is refused by its size), and, up to ``--no-limit-up-to`` MB, once without it
(the whole text cleaned).  Nothing is kept: the text is generated, used and deleted.
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# made-up words and their Zipf weights: enough words that a 50 MB text is not one long repeat
VOCABULARY = 30_000
LETTERS = "etaoinshrdlucmfwypvbgkjqxz"


def unique_text(n_bytes: int, seed: int = 21) -> str:
    """About ``n_bytes`` of ASCII text in paragraphs of random words (none repeated)."""
    rng = random.Random(seed)
    words = sorted({"".join(rng.choices(LETTERS, k=rng.randint(2, 10)))
                    for _ in range(VOCABULARY)})
    rng.shuffle(words)
    cumulative = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(words))))
    total = cumulative[-1]
    parts: list[str] = []
    size = 0
    while size < n_bytes:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            picks = [words[bisect.bisect(cumulative, rng.random() * total)]
                     for _ in range(rng.randint(8, 25))]
            sentences.append(" ".join(picks).capitalize() + ".")
        paragraph = " ".join(sentences)
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)[:n_bytes]


def peak_rss_mib() -> int:
    """This process's peak resident memory since it started (VmHWM where Linux gives it:
    ru_maxrss carries over the peak of the parent that forked it, before exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def child(path: str, max_chars: int | None) -> dict[str, object]:
    """Read and clean ``path`` in this process: seconds, peak RSS, what came out."""
    from newsprism.clean import clean_document
    from newsprism.ingest import read_inputs
    from newsprism.model import RawDocument

    started = time.perf_counter()
    read = cleaned = 0
    reasons = []
    for doc in read_inputs([path], max_chars=max_chars):
        if isinstance(doc, RawDocument):
            read += len(doc.text)
            cleaned += len(clean_document(doc).text)
        else:
            reasons.append(doc.reason)
    return {"seconds": round(time.perf_counter() - started, 2), "peak_rss_mib": peak_rss_mib(),
            "chars_read": read, "chars_cleaned": cleaned, "skipped": reasons}


def run_child(path: Path, max_chars: int | None) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--child", str(path), "--max-chars", str(max_chars or 0)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.2, 5.0, 50.0],
                        help="file sizes in MB (10^6 bytes)")
    parser.add_argument("--max-chars", type=int, default=2_000_000,
                        help="the limit, as --max-chars (default: Settings' 2,000,000; 0: none)")
    parser.add_argument("--no-limit-up-to", type=float, default=5.0,
                        help="also read and clean without a limit files up to this many MB")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        limit = None if args.max_chars <= 0 else args.max_chars
        print(json.dumps(child(args.child, limit)))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsprism-bigfile-") as tmp:
        for mb in args.sizes:
            path = Path(tmp) / f"unique-{mb:g}MB.txt"
            t = time.perf_counter()
            path.write_text(unique_text(int(mb * 1_000_000)), "ascii")
            generated = time.perf_counter() - t
            limits: list[int | None] = [args.max_chars]
            if mb <= args.no_limit_up_to:
                limits.append(None)
            for limit in limits:
                r = run_child(path, limit)
                r.update(mb=mb, max_chars=limit, generate_seconds=round(generated, 1))
                rows.append(r)
                skipped = r["skipped"]
                what = f"skipped: {skipped[0]}" if isinstance(skipped, list) and skipped \
                    else f"read {r['chars_read']:,} chars, cleaned to {r['chars_cleaned']:,}"
                print(f"{mb:>6g} MB  max_chars={limit if limit else 'none':>9}  "
                      f"{r['seconds']:>7.2f} s  {r['peak_rss_mib']:>5} MiB  {what}", flush=True)
            path.unlink()
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
