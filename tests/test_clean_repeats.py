"""Repeated paragraphs: the indexed check drops exactly what comparing every pair dropped, and
a long text of unique paragraphs costs a few comparisons per paragraph, not one per pair."""

from __future__ import annotations

import random

import pytest

from newsprism.clean import repeats
from newsprism.clean.repeats import _near, _Para, repeated


def all_pairs(paragraphs: list[str], title: str | None = None) -> list[tuple[int, str]]:
    """The rule as it was written before the index: each paragraph against every kept one."""
    drop: list[tuple[int, str]] = []
    kept: list[_Para] = []
    t = _Para(title) if title else None
    for i, text in enumerate(paragraphs):
        p = _Para(text)
        if t is not None and _near(t, p) and len(p.words) <= len(t.words) + 3:
            drop.append((i, "repeats the title"))
        elif any(_near(k, p) for k in kept):
            drop.append((i, "repeats an earlier paragraph"))
        else:
            kept.append(p)
    return drop


def _variant(rng: random.Random, words: list[str], vocab: list[str]) -> list[str]:
    """An edited copy: words dropped, inserted or replaced, cut to a part, or put inside more."""
    ws = list(words)
    for _ in range(rng.randint(0, 5)):
        op = rng.random()
        if op < 0.3 and ws:
            ws.pop(rng.randrange(len(ws)))
        elif op < 0.6:
            ws.insert(rng.randrange(len(ws) + 1), rng.choice(vocab))
        elif ws:
            ws[rng.randrange(len(ws))] = rng.choice(vocab)
    if rng.random() < 0.3 and len(ws) > 3:
        a = rng.randrange(len(ws))
        ws = ws[a:rng.randrange(a, len(ws) + 1)]
        if ws and rng.random() < 0.5:
            ws[0] = ws[0][1:] or ws[0]  # "she said" -> "he said": contained mid-word
    if rng.random() < 0.2:
        ws = rng.choices(vocab, k=rng.randint(1, 10)) + ws + rng.choices(vocab, k=rng.randint(1, 10))
    return ws


@pytest.mark.parametrize("vocab", [
    [f"w{i}" for i in range(60)] + ["12", "3.5", "the", "a", "of"],  # numbers, varied words
    ["he", "she", "the", "theme", "them", "t", "th", "said", "sai", "aid", "1", "12", "2,5"],
    [f"w{i}" for i in range(6)],  # few words: every paragraph shares most of them
])
def test_repeats_index_drops_what_all_pairs_drop(vocab):
    rng = random.Random(21)
    dropped = 0
    for _ in range(700):
        paragraphs: list[list[str]] = []
        for _ in range(rng.randint(1, 25)):
            if paragraphs and rng.random() < 0.6:
                paragraphs.append(_variant(rng, rng.choice(paragraphs), vocab))
            else:
                paragraphs.append(rng.choices(vocab, k=rng.randint(1, 40)))
        texts = [" ".join(ws) for ws in paragraphs]
        title = " ".join(_variant(rng, rng.choice(paragraphs), vocab)) if rng.random() < 0.3 else None
        expected = all_pairs(texts, title)
        assert repeated(texts, title) == expected, (texts, title)
        dropped += len(expected)
    assert dropped > 500  # the cases exercise the rule, not only distinct paragraphs


def unique_paragraphs(n: int, seed: int = 1) -> list[str]:
    """``n`` paragraphs of random words (Zipf-like frequencies, like language): none repeats."""
    rng = random.Random(seed)
    letters = "etaoinshrdlucmfwypvbgkjqxz"
    vocab = sorted({"".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(20000)})
    weights = [1 / (r + 1) for r in range(len(vocab))]
    return [" ".join(rng.choices(vocab, weights, k=rng.randint(30, 120))) + "."
            for _ in range(n)]


def test_repeats_compares_few_pairs_on_a_long_text(monkeypatch):
    calls = 0

    def counting(a: _Para, b: _Para) -> bool:
        nonlocal calls
        calls += 1
        return _near(a, b)

    monkeypatch.setattr(repeats, "_near", counting)
    paragraphs = unique_paragraphs(3000)
    paragraphs.insert(2000, paragraphs[17])  # one exact repeat far from its first occurrence
    assert repeated(paragraphs) == [(2000, "repeats an earlier paragraph")]
    # every pair would be 4.5 million comparisons (the old check: 13 s for 1.2 MB of text)
    assert calls < 10 * len(paragraphs)
