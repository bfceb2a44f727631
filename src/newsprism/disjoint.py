"""Disjoint sets (union-find) over hashable keys: which articles, quotes or entities are one.

Used wherever pairs found one at a time must become groups: copies of one wire story
(compare/align.py), renderings of one quotation (compare/quotegroups.py), the clusters of
one organisation across articles (annotate/linking.py), stories joined across time windows
(batch/join.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class DisjointSets:
    """Union-find with path halving.  A key not seen before is a set of its own.  When two
    sets join, the root that sorts first under ``prefer`` (default: the key itself) stays
    the root, so the result does not depend on the order of the joins' arguments."""

    def __init__(self, items: Iterable[Any] = (), prefer: Callable[[Any], Any] | None = None) -> None:
        self.parent: dict[Any, Any] = {i: i for i in items}
        self._prefer: Callable[[Any], Any] = prefer or (lambda x: x)

    def find(self, x: Any) -> Any:
        parent = self.parent
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: Any, b: Any) -> bool:
        """Join the sets of ``a`` and ``b``; True when they were apart."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        keep, drop = sorted((ra, rb), key=self._prefer)
        self.parent[drop] = keep
        return True
