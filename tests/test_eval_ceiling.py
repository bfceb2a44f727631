"""The offline ceiling of eval/story_ceiling.py: its local scaling and its linkage sweep."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
from story_ceiling import best_linkage, csls  # noqa: E402


def test_csls_lowers_a_hubs_similarities_more_than_a_loners():
    # documents 0-2 are close to one another (dense), 3 is a loner close to nothing but 0
    sim = np.array([[1.0, 0.8, 0.8, 0.5],
                    [0.8, 1.0, 0.7, 0.1],
                    [0.8, 0.7, 1.0, 0.1],
                    [0.5, 0.1, 0.1, 1.0]])
    s = csls(sim, k=1)
    assert np.allclose(s, s.T)  # still a similarity: symmetric
    # r = best other similarity: 0.8, 0.8, 0.8, 0.5
    assert np.isclose(s[0, 3], 0.5 - (0.8 + 0.5) / 2)
    assert np.isclose(s[1, 2], 0.7 - 0.8)
    correction = sim - s
    assert correction[0, 3] < correction[1, 2]  # a pair with the loner is lowered less


def test_best_linkage_recovers_two_clear_stories_and_reports_the_threshold():
    sim = np.full((6, 6), 0.1)
    sim[:3, :3] = 0.9
    sim[3:, 3:] = 0.8
    np.fill_diagonal(sim, 1.0)
    gold = ["a", "a", "a", "b", "b", "b"]
    r = best_linkage(sim, gold)
    assert r["b3_f1"] == 1.0 and r["stories"] == 2
    assert 0.2 <= r["threshold"] < 0.9  # between the in-story and the cross-story distance
