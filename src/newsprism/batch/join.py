"""The cross-window join: one story per event, however many windows its coverage spans.

Each window clustered its own articles after its halo, the articles of the days before it
(:mod:`.windows`).  A window story that holds own articles and halo articles continues the
story the earlier window put those halo articles in (their *home*): the two are joined
(union-find over (window, story) pairs), and chains of continuations join a long story across
many windows.

When a window story's halo articles come from several home stories, it is joined to the one
that holds most of them (``LINK = "plurality"``; ties: the earlier story): their own windows
saw those articles with their own halos and kept them apart, and the window's later articles
were not enough to say otherwise.  ``"all"`` joins every home story instead (as the online
clusterer merges the stories an article bridges); it chained look-alike events on the
measured sets (docs/scaling.md), so plurality is the default.

Cost: one pass over the windows' outputs in date order, a dictionary look-up per halo article;
the stories and copies files are then built with NumPy and Arrow from the articles' id, input
id, title, day and outlet columns (never the texts).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..disjoint import DisjointSets
from .files import ARTICLES, cluster_path, copy_schema, read_tables, story_schema, write_table
from .plan import UNDATED

__all__ = ["join_windows", "JoinResult", "LINK", "ordered_keys"]

LINK = "plurality"
# story keys: window number * KEY_STRIDE + the window's story id
KEY_STRIDE = 1 << 32


@dataclass(frozen=True)
class JoinResult:
    articles: int  # articles placed in stories (repeats of an earlier text left out)
    stories: int
    copies: int  # near-duplicates linked to their original
    identical: int  # repeats of an earlier text
    joined: int  # window stories joined to a story of an earlier window


def ordered_keys(keys: list[str]) -> list[str]:
    """Window keys in date order, the undated window last."""
    return sorted(k for k in keys if k != UNDATED) + ([UNDATED] if UNDATED in keys else [])


def join_windows(out: Path, keys: list[str], names: list[str], link: str = LINK) -> JoinResult:
    """Join the windows' stories and write ``stories.parquet``, ``copies.parquet`` and
    ``article_stories.parquet`` (``names``: the partitions' file stems)."""
    import pyarrow.parquet as pq

    if link not in ("plurality", "all"):
        raise ValueError(f"link must be 'plurality' or 'all', not {link!r}")
    home: dict[int, int] = {}  # article id -> story key of its own window
    sets = DisjointSets()  # keys are ints: the smaller key stays the root (order-independent)
    copies: list[tuple[int, int, float]] = []
    joined = 0
    index = {k: n for n, k in enumerate(keys)}
    for key in keys:
        w = index[key]
        t = pq.read_table(cluster_path(out, key))
        ids = t["id"].to_pylist()
        story = t["story"].to_pylist()
        own = t["own"].to_pylist()
        copy_of = t["copy_of"].to_pylist()
        sim = t["similarity"].to_pylist()
        halo_homes: dict[int, Counter[int]] = {}
        has_own: set[int] = set()
        for i, s, o, c, x in zip(ids, story, own, copy_of, sim, strict=True):
            k = w * KEY_STRIDE + s
            if o:
                home[i] = k
                has_own.add(k)
                if c is not None:
                    copies.append((i, c, float(x)))
            elif i in home:
                halo_homes.setdefault(k, Counter())[home[i]] += 1
        for k, homes in halo_homes.items():
            if k not in has_own:
                continue  # earlier windows' articles alone: nothing continues
            targets = [min(homes, key=lambda h: (-homes[h], h))] if link == "plurality" else sorted(homes)
            for h in targets:
                joined += sets.join(h, k)
    first_of = _first_of(out)
    ids_arr = np.fromiter(home, dtype=np.int64, count=len(home))
    roots = np.fromiter((sets.find(home[i]) for i in ids_arr.tolist()), dtype=np.int64, count=len(ids_arr))
    meta = _meta(out, names)
    n_stories = _write_stories(out, ids_arr, roots, meta)
    repeats = _write_copies(out, copies, first_of, meta)
    return JoinResult(len(ids_arr), n_stories, len(copies), repeats, joined)


def _first_of(out: Path) -> dict[str, int]:
    """The first batch id of each text read more than once (``identical.parquet``)."""
    import pyarrow.parquet as pq

    path = out / "identical.parquet"
    if not path.exists():
        return {}
    t = pq.read_table(path, columns=["content_hash", "first_id"])
    return dict(zip(t["content_hash"].to_pylist(), t["first_id"].to_pylist(), strict=True))


def _meta(out: Path, names: list[str]) -> dict[str, Any]:
    import pyarrow as pa

    cols = ["id", "doc_id", "title", "published", "outlet", "content_hash"]
    schema = pa.schema([("id", pa.int64())] + [(c, pa.string()) for c in cols[1:]])
    t = read_tables([out / ARTICLES / f"{n}.parquet" for n in names], columns=cols, schema=schema)
    t = t.sort_by("id")
    return {c: t[c].to_numpy(zero_copy_only=False) if c == "id" else t[c].to_pylist() for c in cols}


def _write_stories(out: Path, ids: np.ndarray, roots: np.ndarray, meta: dict[str, Any]) -> int:
    """``stories.parquet`` (stories numbered from 1 by their first day, then first id; members
    in date order) and ``article_stories.parquet``."""
    import pyarrow as pa

    all_ids: np.ndarray = meta["id"]
    pos = np.searchsorted(all_ids, ids)
    days = np.array([meta["published"][p] or "9999-99-99" for p in pos.tolist()], dtype="<U10")
    order = np.lexsort((ids, days, roots))
    ids, roots, days, pos = ids[order], roots[order], days[order], pos[order]
    starts = np.flatnonzero(np.r_[True, roots[1:] != roots[:-1]]) if len(roots) else np.zeros(0, np.int64)
    ends = np.r_[starts[1:], len(roots)].astype(np.int64)
    firsts = [(days[a], int(ids[a:b].min())) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
    numbering = sorted(range(len(starts)), key=lambda k: firsts[k])
    titles: list[str | None] = []
    outlets: list[list[str]] = []
    first_days: list[str | None] = []
    last_days: list[str | None] = []
    members: list[np.ndarray] = []
    docs: list[str] = []
    lengths: list[int] = []
    story_of = np.zeros(len(ids), dtype=np.int64)
    for number, k in enumerate(numbering, 1):
        a, b = int(starts[k]), int(ends[k])
        story_of[a:b] = number
        p = pos[a:b].tolist()
        titles.append(next((meta["title"][x] for x in p if meta["title"][x]), None))
        outlets.append(sorted({meta["outlet"][x] for x in p if meta["outlet"][x]}))
        dated = [meta["published"][x] for x in p if meta["published"][x]]
        first_days.append(min(dated) if dated else None)
        last_days.append(max(dated) if dated else None)
        members.append(ids[a:b])
        docs.extend(meta["doc_id"][x] for x in p)
        lengths.append(b - a)
    flat = np.concatenate(members) if members else np.zeros(0, np.int64)
    offsets = np.r_[0, np.cumsum(lengths)].astype(np.int32)
    table = pa.table({
        "story_id": pa.array(np.arange(1, len(numbering) + 1, dtype=np.int64)),
        "title": pa.array(titles, pa.string()), "first": pa.array(first_days, pa.string()),
        "last": pa.array(last_days, pa.string()), "n_articles": pa.array(lengths, pa.int64()),
        "article_ids": pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat, pa.int64())),
        "doc_ids": pa.ListArray.from_arrays(pa.array(offsets), pa.array(docs, pa.string())),
        "outlets": pa.array(outlets, pa.list_(pa.string())),
    }, schema=story_schema())
    write_table(out / "stories.parquet", table)
    by_id = np.argsort(ids, kind="stable")
    write_table(out / "article_stories.parquet", pa.table({"id": pa.array(ids[by_id]),
                                                           "story_id": pa.array(story_of[by_id])}))
    return len(numbering)


def _write_copies(out: Path, copies: list[tuple[int, int, float]], first_of: dict[str, int],
                  meta: dict[str, Any]) -> int:
    """``copies.parquet``: near-duplicates (``near``) and repeats of an earlier text
    (``identical``); returns the number of repeats."""
    import pyarrow as pa

    all_ids: np.ndarray = meta["id"]
    repeats = [(int(i), first_of[h], 1.0, "identical")
               for i, h in zip(all_ids.tolist(), meta["content_hash"], strict=True)
               if h in first_of and first_of[h] != i]
    rows = sorted([(i, o, s, "near") for i, o, s in copies] + repeats)
    doc = meta["doc_id"]

    def doc_of(i: int) -> str:
        return str(doc[int(np.searchsorted(all_ids, i))])

    table = pa.Table.from_pylist([{"id": i, "doc_id": doc_of(i), "original_id": o, "original_doc_id": doc_of(o),
                                   "similarity": round(s, 4), "kind": k} for i, o, s, k in rows],
                                 schema=copy_schema())
    write_table(out / "copies.parquet", table)
    return len(repeats)
