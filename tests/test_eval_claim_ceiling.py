"""The offline ceiling of eval/claim_ceiling.py: recall at a precision, and its group sweep."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
from claim_ceiling import average_linkage_labels, group_sweep, recall_at_precision  # noqa: E402


def test_recall_at_precision_takes_the_deepest_cut_that_keeps_the_precision():
    score = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    y = np.array([1, 1, 0, 1, 1, 0])
    # cuts: 1/1, 2/2, 2/3, 3/4, 4/5, 4/6 -> at 0.75 the deepest is 4 of 5 (recall 1.0)
    assert recall_at_precision(score, y, 0.75) == {"recall": 1.0, "precision": 0.8, "threshold": 0.5}
    # at 0.9 only the first two cuts qualify: recall 2 of 4
    assert recall_at_precision(score, y, 0.9)["recall"] == 0.5


def test_recall_at_precision_never_splits_tied_scores():
    # the top two are tied, one right and one wrong: no cut reaches 0.9 without taking both
    score = np.array([0.9, 0.9, 0.1])
    y = np.array([1, 0, 1])
    assert recall_at_precision(score, y, 0.9)["recall"] == 0.0


def test_average_linkage_joins_on_the_mean_and_does_not_chain():
    # 0-1 and 1-2 are sure, 0-2 is sure to differ: the mean across {0,1} and {2} is 0.45
    p = np.array([[1.0, 0.9, 0.0],
                  [0.9, 1.0, 0.9],
                  [0.0, 0.9, 1.0]])
    labels = average_linkage_labels(p, 0.5)
    assert labels[0] == labels[1] != labels[2]
    assert len(set(average_linkage_labels(p, 0.4))) == 1  # under the mean: one group


def test_group_sweep_finds_the_gold_groups_when_the_probabilities_are_right():
    # two articles x two sentences: (0, 2) one claim, (1, 3) another; the model is sure
    m = np.eye(4)
    m[0, 2] = m[2, 0] = m[1, 3] = m[3, 1] = 0.95
    pairs = np.array([(0, 2), (0, 3), (1, 2), (1, 3)])
    gold = np.array([True, False, False, True])
    r = group_sweep([{"matrix": m, "pairs": pairs, "gold": gold}])
    assert r["best_f1"]["precision"] == r["best_f1"]["recall"] == 1.0
    assert r["best_recall_at_precision_0.90"]["recall"] == 1.0
    assert r["best_precision_at_recall_0.80"]["precision"] == 1.0


def test_group_sweep_reports_no_point_when_no_threshold_reaches_the_precision():
    # the model is sure of the wrong pair and unsure of the right one
    m = np.eye(4)
    m[0, 3] = m[3, 0] = 0.95
    m[0, 2] = m[2, 0] = m[2, 3] = m[3, 2] = 0.2  # joined only at a threshold of 0.2 or less
    pairs = np.array([(0, 2), (0, 3)])
    gold = np.array([True, False])
    r = group_sweep([{"matrix": m, "pairs": pairs, "gold": gold}])
    assert r["best_recall_at_precision_0.90"] is None
    assert r["best_precision_at_recall_0.80"]["precision"] == 0.5  # both pairs joined: 1 of 2
