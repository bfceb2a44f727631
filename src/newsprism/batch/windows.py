"""Copies and stories within one time window, by corpus mode's own online machinery.

A window task reads its window's articles and, as its *halo*, the articles of the ``halo``
days before it (``Options.halo``, 7 by default: the shuffle files of the windows that hold
them), leaves out the exact repeats of an earlier text
(``identical.parquet``: corpus mode stores a text once), weights every article's terms with
the document frequencies of the whole corpus (``terms.parquet``), then runs, one article at
a time in date order (halo first): the copy finder (:class:`~newsprism.group.dedupe.DuplicateIndex`:
a window article's original may sit in the halo) and the online clusterer
(:class:`~newsprism.group.stories.StoryClusterer`), refining the touched stories every
``BATCH_SIZE`` articles as ``ingest`` does after each batch.

Its output (``clusters/window=KEY.parquet``) gives each of its own articles a story of the
window and its copy link, and says where the window put each halo article: the cross-window
join (:mod:`.join`) reads the continuation of a story off the halo articles that the window
put with its own.

Undated articles (no publication day, no crawl date) have no place in time.  Corpus mode
places such an article against every live story, its date counting against none; here the
undated window runs last, after the dated windows, and its halo is every dated window
story's ``UNDATED_HALO`` latest articles (:func:`story_representatives`): an undated report
of a dated event joins that event's story through the join, as a window's article joins the
story of the window before.  The halo is bounded by the number of stories, not the corpus:
~5 KB of features per representative.  To it come the dated originals of the undated copies
(:func:`undated_halo`): an undated copy of a dated report is found, and joins its story,
wherever the original sits in that story.  The halo is read in one pass over the dated
windows' part files, each looked up against a copy index of the undated articles alone.

Weighting.  Corpus mode weights an article with the document frequencies of the articles
stored before it; a batch run knows the whole corpus first, so every article is weighted with
the same, final frequencies (the formula of :mod:`newsprism.group.termstats`, ``n`` the corpus
size): an article's weights no longer depend on what came before it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..corpus import BATCH_SIZE
from ..group.dedupe import MAX_INDEXED, DuplicateIndex
from ..group.features import DocFeatures, reweighted
from ..group.stories import StoryClusterer
from ..group.termstats import WARMUP
from .files import (
    SHUFFLE,
    cluster_path,
    cluster_schema,
    read_tables,
    shuffle_schema,
    write_table,
)
from .plan import UNDATED
from .prepare import DOCS_COUNTED

__all__ = ["cluster_window", "cluster_articles", "CorpusWeights", "WindowDone", "cluster_path",
           "story_representatives", "undated_halo", "UNDATED_HALO"]

# the undated window's halo: this many of each dated window story's latest articles stand for it
UNDATED_HALO = 5


@dataclass(frozen=True)
class WindowDone:
    key: str
    own: int
    halo: int
    stories: int
    copies: int
    seconds: float
    done_before: bool = False


class CorpusWeights:
    """Term weights with the document frequencies of the whole corpus (``n`` articles)."""

    def __init__(self, n: int, terms: np.ndarray, df: np.ndarray, warmup: float = WARMUP) -> None:
        order = np.argsort(terms, kind="stable")
        self.n = n
        self.terms = terms[order].astype(np.int64)
        self.df = df[order].astype(np.float64)
        self.lam = n / (n + warmup)

    def weigh(self, f: DocFeatures) -> DocFeatures:
        if f.idf is None or len(f.terms) == 0:
            return f
        t = f.terms.astype(np.int64)
        pos = np.searchsorted(self.terms, t)
        pos = np.minimum(pos, max(len(self.terms) - 1, 0))
        hit = (self.terms[pos] == t) if len(self.terms) else np.zeros(len(t), bool)
        df = np.where(hit, self.df[pos] if len(self.terms) else 0.0, 1.0)  # (a term is in its own article)
        corpus = np.log((1.0 + self.n) / (1.0 + df)) + 1.0
        return reweighted(f, (1.0 - self.lam) * f.idf.astype(np.float64) + self.lam * corpus)


def load_weights(path: Path, needed: np.ndarray | None = None) -> CorpusWeights:
    """The corpus weights of ``terms.parquet`` (only the ``needed`` terms read into memory)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    n_rows = table.filter(pc.equal(table["term"], DOCS_COUNTED))
    n = int(n_rows["df"][0].as_py()) if n_rows.num_rows else 0
    if needed is not None:
        import pyarrow as pa

        table = table.filter(pc.is_in(table["term"], value_set=pa.array(np.unique(needed).astype(np.int64))))
    return CorpusWeights(n, table["term"].to_numpy(), table["df"].to_numpy())


def _shuffle(out: Path, keys: list[str], since: str | None = None) -> Any:
    """The shuffle rows of these windows (those ordered on or after ``since``)."""
    import pyarrow.compute as pc

    files = sorted(f for k in keys for f in (out / SHUFFLE / f"window={k}").glob("part-*.parquet"))
    table = read_tables(files, schema=shuffle_schema())
    if since is not None:
        table = table.filter(pc.greater_equal(table["sort_day"], since))
    return table


def story_representatives(out: Path, keys: list[str], per_story: int = UNDATED_HALO) -> list[int]:
    """Ids of the ``per_story`` latest own articles of every story of the (clustered) windows
    ``keys``: the undated window's halo.  A window's cluster file lists its own articles in
    date order."""
    import pyarrow.parquet as pq

    chosen: list[int] = []
    for key in keys:
        t = pq.read_table(cluster_path(out, key), columns=["id", "story", "own"])
        latest: dict[int, list[int]] = {}
        for i, s, o in zip(t["id"].to_pylist(), t["story"].to_pylist(), t["own"].to_pylist(), strict=True):
            if o:
                latest.setdefault(s, []).append(i)
        for members in latest.values():
            chosen.extend(members[-per_story:])
    return sorted(chosen)


def undated_halo(out: Path, keys: list[str], undated: Any, keep: set[int], chunk: int = MAX_INDEXED) -> Any:
    """The undated window's halo: the shuffle rows of the dated windows ``keys`` that are in
    ``keep`` (the stories' representatives) or that one of the ``undated`` articles (shuffle
    rows) copies.  Each dated part file is read once, its articles looked up in a copy index
    of the undated ones (the copy test is symmetric), and only the rows kept stay in memory.
    The index holds at most ``chunk`` undated articles (the copy finder's own bound: its band
    tables take ~13 KB an article); more undated articles take one more pass per ``chunk``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = undated["id"].to_pylist()
    blobs = undated["features"].to_pylist()
    files = sorted(f for k in keys for f in (out / SHUFFLE / f"window={k}").glob("part-*.parquet"))
    taken: set[int] = set()
    parts = []
    for lo in range(0, max(1, len(ids)), chunk):
        index = DuplicateIndex(max_indexed=chunk)
        for i, b in zip(ids[lo:lo + chunk], blobs[lo:lo + chunk], strict=True):
            index.add(i, DocFeatures.from_bytes(b))
        for path in files:
            t = pq.read_table(path)
            tid = t["id"].to_pylist()
            rows = [k for k, (i, b) in enumerate(zip(tid, t["features"].to_pylist(), strict=True))
                    if i not in taken and ((not lo and i in keep) or index.matches(DocFeatures.from_bytes(b)))]
            if rows:
                parts.append(t.take(pa.array(rows, pa.int64())))
                taken.update(tid[k] for k in rows)
    return pa.concat_tables(parts) if parts else read_tables([], schema=shuffle_schema())


def cluster_window(out: str, key: str, halo: list[str], since: str | None) -> WindowDone:
    """Cluster window ``key`` after its halo, the articles of the windows ``halo`` ordered on
    or after the day ``since`` (see the module docstring)."""
    import pyarrow.parquet as pq

    out_dir = Path(out)
    target = cluster_path(out_dir, key)
    if target.exists():
        t = pq.read_table(target, columns=["own", "copy_of", "story"])
        own = t.filter(t["own"])
        return WindowDone(key, own.num_rows, t.num_rows - own.num_rows, len(set(own["story"].to_pylist())),
                          own.num_rows - own["copy_of"].null_count, 0.0, True)
    started = time.perf_counter()
    own_t = _shuffle(out_dir, [key])
    if key == UNDATED:
        halo_t = undated_halo(out_dir, halo, own_t, set(story_representatives(out_dir, halo)))
    else:
        halo_t = _shuffle(out_dir, halo, since)
    first = _first_of(out_dir, own_t, halo_t)
    own = _ordered(own_t, first)
    before = _ordered(halo_t, first)
    feats = {i: DocFeatures.from_bytes(b) for i, b in [*own, *before]}
    needed = np.concatenate([f.terms for f in feats.values()]) if feats else np.zeros(0, np.uint32)
    weights = load_weights(out_dir / "terms.parquet", needed)
    items = [(i, weights.weigh(feats[i]), False) for i, _ in before] + \
            [(i, weights.weigh(feats[i]), True) for i, _ in own]
    story, copies = cluster_articles(items)
    import pyarrow as pa

    rows = [{"id": i, "story": story[i], "own": o, "copy_of": copies[i][0] if i in copies else None,
             "similarity": copies[i][1] if i in copies else None} for i, _, o in items]
    write_table(target, pa.Table.from_pylist(rows, schema=cluster_schema()))
    return WindowDone(key, len(own), len(before), len({story[i] for i, _ in own}), len(copies),
                      time.perf_counter() - started)


def _first_of(out: Path, *tables: Any) -> dict[str, int]:
    """The first id of each text stored more than once, for the hashes of ``tables``."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = out / "identical.parquet"
    if not path.exists():
        return {}
    hashes = pa.concat_arrays([t["content_hash"].combine_chunks() for t in tables if t.num_rows]) \
        if any(t.num_rows for t in tables) else pa.array([], pa.string())
    ident = pq.read_table(path)
    ident = ident.filter(pc.is_in(ident["content_hash"], value_set=pc.unique(hashes)))
    return dict(zip(ident["content_hash"].to_pylist(), ident["first_id"].to_pylist(), strict=True))


def _ordered(table: Any, first: dict[str, int]) -> list[tuple[int, bytes]]:
    """(id, features) of the table's articles in date order (undated last, then by id),
    without the exact repeats of an earlier text."""
    ids = table["id"].to_pylist()
    days = table["sort_day"].to_pylist()
    hashes = table["content_hash"].to_pylist()
    blobs = table["features"].to_pylist()
    rows = [(d or "9999", i, b) for i, d, h, b in zip(ids, days, hashes, blobs, strict=True)
            if first.get(h, i) == i]
    rows.sort(key=lambda r: (r[0], r[1]))
    return [(i, b) for _, i, b in rows]


def cluster_articles(items: Sequence[tuple[int, DocFeatures, bool]], batch: int = BATCH_SIZE
                     ) -> tuple[dict[int, int], dict[int, tuple[int, float]]]:
    """Online copies and stories over ``(id, weighted features, own)`` in the order given, as
    corpus mode places arriving articles; returns each article's story (stories merged or
    emptied since followed to the one that took them) and the copy link (original, estimated
    Jaccard) of each ``own`` article that is a copy.  Halo articles (``own`` false) are indexed
    as originals but not looked up themselves: their own window did that."""
    clusterer = StoryClusterer()
    dups = DuplicateIndex()
    story_of: dict[int, int] = {}
    absorbed: dict[int, int] = {}
    copies: dict[int, tuple[int, float]] = {}
    touched: dict[int, None] = {}
    for k, (aid, f, own) in enumerate(items):
        if own:
            for other, sim in dups.query(f):
                if other != aid:
                    copies[aid] = (int(str(other)), float(sim))
                    break
        dups.add(aid, f)
        a = clusterer.add(aid, f)
        story_of[aid] = a.story
        touched[a.story] = None
        for gone in a.merged:
            absorbed[gone] = a.story
            touched.pop(gone, None)
        if (k + 1) % batch == 0 or k == len(items) - 1:
            ref = clusterer.refine(list(touched))
            for key, _, dst in ref.moved:
                story_of[int(str(key))] = dst
            for gone, into in ref.emptied:
                absorbed[gone] = into
            touched = {}

    def final(s: int) -> int:
        while s in absorbed:
            s = absorbed[s]
        return s

    return {i: final(s) for i, s in story_of.items()}, copies
