"""How far can text similarity separate the stories of a set at all? An offline ceiling.

Usage (from the repository root; needs the MiniLM extra:
``pip install "newsprism[minilm]" "torch==2.13.0"``)::

    .venv/bin/python eval/story_ceiling.py --data ../shared/eval-data/neus_allsides [--split val]
    .venv/bin/python eval/story_ceiling.py --data ../shared/eval-data/neus_allsides --split train --lines 0:600
    .venv/bin/python eval/story_ceiling.py --data ../shared/eval-data/ecbplus [--half odd|even]

This is not a system: it is what the strongest representations installable here reach when
every advantage an online clusterer lacks is handed to them, so that a target can be judged
against what the set allows.  Each document is cleaned as `eval/stories.py` does; then

- ``tfidf``: TF-IDF (sublinear, English stop words) fitted on the whole set, cosine;
- ``minilm``: all-MiniLM-L6-v2 (the slowest encoder installable here, ~150 texts/s) on the
  title and text, cosine;
- ``tfidf+minilm``: (tfidf + w * minilm) / (1 + w), w = 0.5 and 1;
- each of these also with CSLS local scaling (Conneau et al., 2018): every similarity
  lowered by the mean of the two documents' mean similarity to their k nearest neighbours,
  k = 2, 3, 5 and 10, computed over the *whole* set (online ingest only has the documents
  before it);

and each similarity matrix is clustered by average linkage with the distance threshold swept
*on the scored set itself*, the best B-cubed F1 kept (an answer-tuned, all-at-once ceiling).
The last line of stdout is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import bcubed, detect, load_ecb, load_neus  # noqa: E402

from newsprism.clean import clean_document  # noqa: E402
from newsprism.embed import MiniLMEncoder  # noqa: E402

CSLS_K = (2, 3, 5, 10)
THRESHOLDS = np.round(np.arange(0.2, 1.5, 0.02), 2)


def csls(sim: np.ndarray, k: int) -> np.ndarray:
    """Local scaling over the whole set: sim - (r_i + r_j) / 2, r = mean of the top-k others."""
    s = sim.copy()
    np.fill_diagonal(s, -np.inf)
    r = np.sort(s, axis=1)[:, -k:].mean(axis=1)
    return sim - (r[:, None] + r[None, :]) / 2


def best_linkage(sim: np.ndarray, gold: list[str]) -> dict[str, float]:
    """Average linkage over 1 - sim, the threshold swept; the best B-cubed F1."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - (sim + sim.T) / 2
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(np.clip(dist, 0.0, None), checks=False), "average")
    out = {"b3_f1": -1.0}
    for t in THRESHOLDS:
        labels = fcluster(z, float(t), "distance").tolist()
        p, r, f = bcubed(gold, labels)
        if f > out["b3_f1"]:
            out = {"b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(f, 4),
                   "threshold": float(t), "stories": len(set(labels))}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="ECB+ or NeuS folder")
    ap.add_argument("--split", default="val", help="NeuS split (default val)")
    ap.add_argument("--lines", default="", help="NeuS: a slice of the split's lines, as A:B")
    ap.add_argument("--half", choices=("all", "odd", "even"), default="all", help="ECB+ topics")
    args = ap.parse_args(argv)

    kind = detect(args.data)
    if kind == "neus":
        docs = load_neus(args.data, args.split)
        if args.lines:
            a, b = (int(x) for x in args.lines.split(":"))
            docs = docs[3 * a: 3 * b]
        label = f"NeuS {args.split}" + (f" lines {args.lines}" if args.lines else "")
    else:
        docs = load_ecb(args.data)
        if args.half != "all":
            docs = [d for d in docs if int(d.group) % 2 == (1 if args.half == "odd" else 0)]
        label = f"ECB+ {args.half}"
    gold = [d.gold for d in docs]
    articles = [clean_document(d.raw) for d in docs]
    texts = [f"{a.title or ''}\n\n{a.text}".strip() for a in articles]

    from sklearn.feature_extraction.text import TfidfVectorizer

    t0 = time.perf_counter()
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    tfidf = (x @ x.T).toarray()
    emb = MiniLMEncoder().encode(texts)
    minilm = emb @ emb.T
    features_s = time.perf_counter() - t0  # TF-IDF and MiniLM
    mats = {"tfidf": tfidf, "minilm": minilm,
            "tfidf+0.5*minilm": (tfidf + 0.5 * minilm) / 1.5, "tfidf+minilm": (tfidf + minilm) / 2}

    results: dict[str, dict[str, float]] = {}
    print(f"{label}: {len(docs)} documents, {len(set(gold))} gold stories")
    print(f"{'similarity':<28} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'thr':>5} {'stories':>7}")
    for name, sim in mats.items():
        for k in (0, *CSLS_K):
            key = name if k == 0 else f"{name} csls k={k}"
            r = best_linkage(sim if k == 0 else csls(sim, k), gold)
            results[key] = r
            print(f"{key:<28} {r['b3_p']:>6.3f} {r['b3_r']:>6.3f} {r['b3_f1']:>6.3f}"
                  f" {r['threshold']:>5.2f} {r['stories']:>7}")
    top = max(results, key=lambda k: results[k]["b3_f1"])
    print(f"ceiling: {top} {results[top]['b3_f1']:.3f}")
    print(json.dumps({"set": label, "documents": len(docs), "gold_stories": len(set(gold)),
                      "features_s": round(features_s, 1), "ceiling": {"similarity": top, **results[top]},
                      "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
