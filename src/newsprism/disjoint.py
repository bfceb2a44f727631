"""Disjoint sets (union-find) over string keys: which articles, quotes or entities are one.

Used wherever pairs found one at a time must become groups: copies of one wire story
(compare/align.py), renderings of one quotation (compare/quotegroups.py), the clusters of
one organisation across articles (annotate/linking.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class DisjointSets:
    """Union-find with path halving.  A key not seen before is a set of its own.  When two
    sets join, the root that sorts first under ``prefer`` (default: the key itself) stays
    the root, so the result does not depend on the order of the joins' arguments."""

    def __init__(self, items: Iterable[str] = (), prefer: Callable[[str], Any] | None = None) -> None:
        self.parent: dict[str, str] = {i: i for i in items}
        self._prefer: Callable[[str], Any] = prefer or (lambda x: x)

    def find(self, x: str) -> str:
        parent = self.parent
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = sorted((ra, rb), key=self._prefer)
            self.parent[drop] = keep
