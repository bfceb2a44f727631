"""Tests for the fact-alignment grouping (newsprism.compare.align.align_groups).

Statements are built by hand and their embeddings are small unit vectors made
for each test, so every cosine is known; nothing here loads spaCy, the
encoder or ECB+.  The module constants are set explicitly per test
(``monkeypatch``), so the tests do not move when the constants are
recalibrated (eval/align.py).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsprism.compare import align as align_mod
from newsprism.compare.align import align_groups
from newsprism.model import Statement

THRESHOLD = 0.6


@pytest.fixture(autouse=True)
def fixed_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align_mod, "SLOT_BONUS", 0.05)
    monkeypatch.setattr(align_mod, "MAX_SLOT_BONUS", 0.15)
    monkeypatch.setattr(align_mod, "COMMON_ENTITY_SHARE", 0.5)
    monkeypatch.setattr(align_mod, "LEXICAL_FLOOR", 0.15)


def st(article: str, n: int, text: str | None = None, **slots: object) -> Statement:
    return Statement(id=f"{article}:s{n}", article=article, start=10 * n, end=10 * n + 9,
                     text=text or f"statement {n} of {article}", sentence=n, **slots)  # type: ignore[arg-type]


def at_angles(*cosines_to_first: float, others: int = 0, dim: int = 8) -> np.ndarray:
    """Unit vectors in a plane, row k with cosine ``cosines_to_first[k]`` to row 0 (give 1.0 first),
    then ``others`` rows orthogonal to all of them and to each other."""
    rows = []
    for c in cosines_to_first:
        v = np.zeros(dim, dtype=np.float32)
        v[0], v[1] = c, math.sqrt(max(0.0, 1 - c * c))
        rows.append(v)
    for k in range(others):
        v = np.zeros(dim, dtype=np.float32)
        v[2 + k] = 1.0
        rows.append(v)
    return np.stack(rows)


def groups_of(statements: list[Statement], groups: list[list[int]]) -> set[frozenset[str]]:
    return {frozenset(statements[i].id for i in g) for g in groups}


def test_align_every_statement_in_exactly_one_group() -> None:
    sts = [st("a", 1), st("b", 1), st("c", 1), st("a", 2)]
    vecs = at_angles(1.0, 0.95, others=2)
    groups = align_groups(sts, vecs, THRESHOLD)
    flat = sorted(i for g in groups for i in g)
    assert flat == list(range(len(sts)))


def test_align_no_group_holds_two_statements_of_one_article() -> None:
    # a1 and a2 are the same text as b1: only one of them may join b1
    sts = [st("a", 1), st("a", 2), st("b", 1), st("c", 1), st("c", 2)]
    vecs = at_angles(1.0, 1.0, 1.0, 0.99, 0.98)
    groups = align_groups(sts, vecs, THRESHOLD)
    for g in groups:
        articles = [sts[i].article for i in g]
        assert len(articles) == len(set(articles)), groups
    assert max(len(g) for g in groups) == 3


def test_align_pair_above_threshold_from_different_articles_is_grouped() -> None:
    sts = [st("a", 1), st("b", 1)]
    groups = align_groups(sts, at_angles(1.0, THRESHOLD + 0.05), THRESHOLD)
    assert groups == [[0, 1]]


def test_align_pair_below_threshold_is_not_grouped() -> None:
    sts = [st("a", 1), st("b", 1)]
    groups = align_groups(sts, at_angles(1.0, THRESHOLD - 0.05), THRESHOLD)
    assert groups == [[0], [1]]


def test_align_same_article_pair_is_never_grouped() -> None:
    sts = [st("a", 1), st("a", 2)]
    groups = align_groups(sts, at_angles(1.0, 1.0), THRESHOLD)
    assert groups == [[0], [1]]


def test_align_shared_rare_slot_lifts_a_pair_over_the_threshold() -> None:
    vecs = at_angles(1.0, THRESHOLD - 0.03, others=2)
    plain = [st("a", 1), st("b", 1), st("c", 1), st("d", 1)]
    assert align_groups(plain, vecs, THRESHOLD)[0] == [0]
    # the same number of the same thing ("1,000 people" / "1,000 people from each side")
    numbered = [st("a", 1, numbers=((1000.0, "people"),)),
                st("b", 1, numbers=((1000.0, "people from each side"),)),
                st("c", 1), st("d", 1)]
    assert align_groups(numbered, vecs, THRESHOLD)[0] == [0, 1]
    # a shared entity that few statements mention
    named = [st("a", 1, entities=("istanbul",)), st("b", 1, entities=("istanbul",)),
             st("c", 1), st("d", 1)]
    assert align_groups(named, vecs, THRESHOLD)[0] == [0, 1]


def test_align_common_entity_gives_no_bonus() -> None:
    # every statement names "russia": it does not distinguish any pair
    sts = [st(x, 1, entities=("russia",)) for x in "abcd"]
    vecs = at_angles(1.0, THRESHOLD - 0.03, others=2)
    assert align_groups(sts, vecs, THRESHOLD)[0] == [0]


def _chain() -> tuple[list[Statement], np.ndarray]:
    # A~B and B~C are close (0.9), A and C are not (0.62): a chain
    theta = math.acos(0.9)
    vecs = np.zeros((3, 4), dtype=np.float32)
    for k in range(3):
        vecs[k, 0], vecs[k, 1] = math.cos(k * theta), math.sin(k * theta)
    assert float(vecs[0] @ vecs[2]) == pytest.approx(0.62, abs=0.01)
    return [st("a", 1), st("b", 1), st("c", 1)], vecs


def test_align_complete_linkage_needs_every_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align_mod, "LINKAGE", "complete")
    sts, vecs = _chain()
    # C matches B but not A: it may not join {A, B}, whatever the average
    assert sorted(len(g) for g in align_groups(sts, vecs, 0.7)) == [1, 2]
    assert align_groups(sts, vecs, 0.6) == [[0, 1, 2]]


def test_align_average_linkage_prevents_chaining(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align_mod, "LINKAGE", "average")
    sts, vecs = _chain()
    # merging C into {A, B} averages (0.62 + 0.9) / 2 = 0.76
    chained = align_groups(sts, vecs, 0.8)
    assert max(len(g) for g in chained) == 2
    assert len(chained) == 2
    # with the average above the threshold the three do form one group
    assert align_groups(sts, vecs, 0.7) == [[0, 1, 2]]


def _clustered(n_clusters: int = 6, n_articles: int = 5, dim: int = 32) -> tuple[list[Statement], np.ndarray]:
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((n_clusters, dim))
    sts, rows = [], []
    for k in range(n_clusters):
        for a in range(n_articles):
            v = centres[k] / np.linalg.norm(centres[k]) + 0.05 * rng.standard_normal(dim)
            rows.append(v / np.linalg.norm(v))
            # a slot each cluster shares, so both paths add the same bonuses
            sts.append(st(f"art{a}", k, entities=(f"topic{k}",)))
    return sts, np.asarray(rows, dtype=np.float32)


def test_align_lsh_path_finds_the_dense_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    sts, vecs = _clustered()
    dense = align_groups(sts, vecs, THRESHOLD)
    assert len(dense) == 6 and all(len(g) == 5 for g in dense)
    monkeypatch.setattr(align_mod, "DENSE_LIMIT", 4)  # force the LSH candidates
    lsh = align_groups(sts, vecs, THRESHOLD)
    assert groups_of(sts, lsh) == groups_of(sts, dense)


def test_align_output_is_deterministic() -> None:
    sts, vecs = _clustered()
    rng = np.random.default_rng(3)
    noisy = vecs + 0.3 * rng.standard_normal(vecs.shape).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    first = align_groups(sts, noisy, 0.5)
    assert all(align_groups(sts, noisy, 0.5) == first for _ in range(3))
    assert first == sorted(first)  # groups in order of their first statement


def test_align_empty_input() -> None:
    assert align_groups([], np.zeros((0, 8), dtype=np.float32), THRESHOLD) == []


# Two sentences on one topic that an encoder puts close together but that say different things,
# and a third that says what the first says in other words.
SENATE_VOTE = "Senate Republicans decided Tuesday not to hold a vote on the health care repeal bill."
TAX_PLAN = "The White House unveiled its long-awaited tax plan on Wednesday, cutting corporate rates."
SAME_VOTE = "Republicans in the Senate will not hold a vote on their health care repeal, leaders said."


def test_align_embedding_alone_does_not_make_one_claim() -> None:
    """Close embeddings but no content word in common: different claims on one topic."""
    sts = [st("a", 1, SENATE_VOTE), st("b", 1, TAX_PLAN)]
    assert align_groups(sts, at_angles(1.0, 0.9), THRESHOLD) == [[0], [1]]


def test_align_shared_content_words_let_the_pair_in() -> None:
    sts = [st("a", 1, SENATE_VOTE), st("b", 1, SAME_VOTE)]
    assert align_groups(sts, at_angles(1.0, 0.9), THRESHOLD) == [[0, 1]]


def test_align_lexical_floor_zero_turns_the_gate_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align_mod, "LEXICAL_FLOOR", 0.0)
    sts = [st("a", 1, SENATE_VOTE), st("b", 1, TAX_PLAN)]
    assert align_groups(sts, at_angles(1.0, 0.9), THRESHOLD) == [[0, 1]]


def test_align_gated_pair_blocks_complete_linkage() -> None:
    """The tax sentence may not join a fact through the statement it shares words with."""
    bridge = "Senate Republicans said the tax plan unveiled Wednesday leaves the health care vote aside."
    sts = [st("a", 1, SENATE_VOTE), st("b", 1, TAX_PLAN), st("c", 1, bridge)]
    groups = align_groups(sts, at_angles(1.0, 1.0, 1.0), THRESHOLD)
    assert not any({0, 1} <= set(g) for g in groups)
    assert any(2 in g and len(g) == 2 for g in groups)


def test_align_lsh_path_applies_the_lexical_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align_mod, "DENSE_LIMIT", 1)
    sts = [st("a", 1, SENATE_VOTE), st("b", 1, TAX_PLAN), st("c", 1, SAME_VOTE)]
    groups = align_groups(sts, at_angles(1.0, 0.95, 0.95), THRESHOLD)
    assert groups_of(sts, groups) == {frozenset({"a:s1", "c:s1"}), frozenset({"b:s1"})}
