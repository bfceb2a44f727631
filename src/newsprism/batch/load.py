"""Load a finished batch output into a store, so that ``stories``, ``story``, ``search`` and
``serve`` work on it and a later ``newsprism ingest`` keeps clustering onto its stories.

The articles are streamed part by part, ``BATCH_SIZE`` at a time, each chunk one transaction
(as ``ingest`` writes a batch): the articles (content hash: a text the store has is not
written again, a new text under a stored URL is a revision), each in its batch story (a new
store story, or the store story its stored members already have), its copy link, and the
corpus term counts of the articles it added.  Each article's grouping features are stored
weighted with the batch corpus's term frequencies, as the batch clustered them.

Then the clustering state of the stories that gained articles (at most the ``MAX_LIVE`` most
recent, the ones an ingest reloads) is rebuilt from their members' stored features
(:meth:`~newsprism.group.stories.StoryClusterer.seed`, as a store upgrade does), so the next
ingest scores arriving articles against them.

A batch story some of whose texts the store already has (ingested before, or a load that
stopped part-way) is placed in the store story that holds most of them, found before any
article is loaded, so that all its new articles join that story and its state is rebuilt.

Loading twice adds nothing (every text is known, no story gains an article); a load killed
part-way leaves the store at its last chunk, and loading again completes it, the batch
stories found again through their stored members.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..corpus import BATCH_SIZE, outdated_features, upgrade_features
from ..errors import NoInputError
from ..group.features import DocFeatures
from ..group.stories import MAX_LIVE, StoryClusterer
from ..store import Store, StoredArticle
from ..store.bulk import member_features, place_articles
from .files import ARTICLES, SUCCESS
from .windows import CorpusWeights, load_weights

__all__ = ["load_batch", "LoadReport"]

Progress = Callable[[int, int | None], None]


@dataclass
class LoadReport:
    read: int = 0  # batch articles read (repeats of an earlier text left out)
    added: int = 0
    exists: int = 0  # their text was stored already
    revisions: int = 0
    copies: int = 0  # copy links written
    new_stories: int = 0
    states: int = 0  # stories whose clustering state was rebuilt
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"read": self.read, "added": self.added, "exists": self.exists, "revisions": self.revisions,
                "copies": self.copies, "new_stories": self.new_stories, "states": self.states,
                "seconds": round(self.seconds, 2)}


class _Batch:
    """What the load needs of a batch output besides the articles: stories, copies, weights."""

    def __init__(self, out: Path) -> None:
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        done = out / SUCCESS
        if not done.exists():
            what = "no such folder" if not out.exists() else "no _SUCCESS: the run did not finish"
            raise NoInputError(f"{out} is not a finished batch output ({what}); run "
                               f"`newsprism batch INPUT... --out {out}` to the end first")
        self.summary = json.loads(done.read_text("utf-8"))
        plan = json.loads((out / "plan.json").read_text("utf-8"))
        self.parts = [out / ARTICLES / f"part-{p['index']:05d}.parquet" for p in plan["partitions"]]
        t = pq.read_table(out / "article_stories.parquet")
        self.story_of = dict(zip(t["id"].to_pylist(), t["story_id"].to_pylist(), strict=True))
        s = pq.read_table(out / "stories.parquet", columns=["story_id", "title", "first", "last"])
        self.stories = {r["story_id"]: r for r in s.to_pylist()}
        c = pq.read_table(out / "copies.parquet", columns=["id", "original_id", "similarity", "kind"])
        c = c.filter(pc.equal(c["kind"], "near"))
        self.copy_of = {i: (o, x) for i, o, x in zip(c["id"].to_pylist(), c["original_id"].to_pylist(),
                                                       c["similarity"].to_pylist(), strict=True)}
        self.weights: CorpusWeights = load_weights(out / "terms.parquet")

    def hashes(self) -> Iterator[tuple[list[int], list[str]]]:
        """(ids, content hashes) of each part's articles, read without their texts."""
        import pyarrow.parquet as pq

        for path in self.parts:
            t = pq.read_table(path, columns=["id", "content_hash"])
            yield t["id"].to_pylist(), t["content_hash"].to_pylist()

    def chunks(self, size: int) -> Iterator[list[dict[str, Any]]]:
        import pyarrow.parquet as pq

        for path in self.parts:
            for rb in pq.ParquetFile(path).iter_batches(batch_size=size):
                rows = [r for r in rb.to_pylist() if r["id"] in self.story_of]
                if rows:
                    yield rows


def load_batch(out_dir: Path, db: str, progress: Progress | None = None, *, chunk: int = BATCH_SIZE) -> LoadReport:
    """Load the batch output in ``out_dir`` into the store ``db`` (a path, ``sqlite:///...`` or
    ``postgresql://...``; created when missing); see the module docstring.

    Raises :class:`~newsprism.errors.NoInputError` for a folder that holds no finished batch
    run (before any store is opened), :class:`~newsprism.errors.StoreError` for the store's
    problems (another ingest running, among them)."""
    started = time.perf_counter()
    batch = _Batch(Path(out_dir))
    report = LoadReport()
    total = int(batch.summary.get("articles", 0)) - int(batch.summary.get("identical", 0))
    with Store.open(db) as store, store.ingest_lock():
        if outdated_features(store) is not None:
            from ..embed import load_encoder

            upgrade_features(store, load_encoder())
        loader = _Loader(store, batch, report)
        if store.counts()["articles"]:
            loader.find_stored_homes()
        for rows in batch.chunks(chunk):
            loader.add(rows)
            if progress:
                progress(report.read, total)
        loader.finish()
    report.seconds = time.perf_counter() - started
    return report


class _Loader:
    def __init__(self, store: Store, batch: _Batch, report: LoadReport) -> None:
        self.store, self.batch, self.report = store, batch, report
        self.ids: dict[int, int] = {}  # batch id -> store id
        self.home: dict[int, int] = {}  # batch story -> store story
        self.waiting: dict[int, list[tuple[int, float]]] = {}  # batch original -> (store id of copy, similarity)
        self.grown: dict[int, str] = {}  # store stories that gained articles -> their batch story's last day

    def add(self, rows: list[dict[str, Any]]) -> None:
        store, report = self.store, self.report
        feats = [self.batch.weights.weigh(DocFeatures.from_bytes(r["features"])) for r in rows]
        items = [_stored(r, f) for r, f in zip(rows, feats, strict=True)]
        report.read += len(rows)
        with store.atomic() as conn:
            results = store.add_articles(conn, items)
            fresh: dict[int, list[int]] = {}  # batch story -> store ids added now
            revised_of: list[int] = []  # stored articles that an added one revises
            terms: list[np.ndarray] = []
            for r, f, res in zip(rows, feats, results, strict=True):
                bid, bs = r["id"], self.batch.story_of[r["id"]]
                if res.id is None:
                    continue
                self.ids[bid] = res.id
                if res.status == "exists":
                    report.exists += 1
                    continue
                report.added += res.status == "added"
                report.revisions += res.status == "revision"
                if res.status == "revision" and res.revision_of is not None:
                    revised_of.append(res.revision_of)
                fresh.setdefault(bs, []).append(res.id)
                terms.append(f.terms)
                if bid in self.batch.copy_of:
                    orig, sim = self.batch.copy_of[bid]
                    self.waiting.setdefault(orig, []).append((res.id, sim))
            # a revision was stored in the story of the row it revises: that story is recounted too
            revised = sorted({a.story_id for a in store.articles(revised_of) if a.story_id is not None})
            touched: list[int] = []
            pairs: list[tuple[int, int]] = []
            for bs, new_ids in fresh.items():
                sid = self.home.get(bs)
                if sid is None:
                    st = self.batch.stories[bs]
                    sid = store.new_story(conn, title=st["title"], first=st["first"], last=st["last"], state=None)
                    self.home[bs] = sid
                    report.new_stories += 1
                pairs.extend((i, sid) for i in new_ids)
                touched.append(sid)
                self.grown[sid] = self.batch.stories[bs]["last"] or ""
            place_articles(conn, store.name, pairs)
            touched.extend(s for s in revised if s not in touched)
            self._link_copies(conn)
            if terms:
                t, c = np.unique(np.concatenate(terms).astype(np.int64), return_counts=True)
                store.add_term_counts(conn, len(terms), dict(zip(t.tolist(), c.tolist(), strict=True)))
            if touched:
                store.respan(conn, touched)

    def find_stored_homes(self) -> None:
        """Before any article is loaded: each batch story whose texts the store already has goes
        into the store story that holds most of them (ties: the oldest), so that its new
        articles join that story wherever they come in the parts, and that story's clustering
        state is rebuilt with them (:meth:`finish`).  Only for a store that has articles."""
        votes: dict[int, Counter[int]] = {}
        for ids, hashes in self.batch.hashes():
            found = self.store.find_hashes(hashes)
            for bid, h in zip(ids, hashes, strict=True):
                hit = found.get(h)
                bs = self.batch.story_of.get(bid)
                if hit is not None and hit[1] is not None and bs is not None:
                    votes.setdefault(bs, Counter())[hit[1]] += 1
        for bs, v in votes.items():
            self.home[bs] = min(v, key=lambda s: (-v[s], s))

    def _link_copies(self, conn: Any) -> None:
        for orig in [o for o in self.waiting if o in self.ids]:
            for copy_id, sim in self.waiting.pop(orig):
                if copy_id != self.ids[orig]:
                    self.store.link_duplicate(conn, copy_id, self.ids[orig], sim)
                    self.report.copies += 1

    def finish(self) -> None:
        """Rebuild the clustering state of the stories that gained articles (the most recent
        ``MAX_LIVE`` of them), a transaction per ``BATCH_SIZE`` stories."""
        recent = sorted(self.grown, key=lambda s: (self.grown[s], s))[-MAX_LIVE:]
        clusterer = StoryClusterer()
        for i in range(0, len(recent), BATCH_SIZE):
            chunk = recent[i:i + BATCH_SIZE]
            with self.store.atomic() as conn:
                members = member_features(conn, self.store.name, chunk)
                for sid in chunk:
                    for aid, blob in members[sid]:
                        try:
                            clusterer.seed(sid, aid, DocFeatures.from_bytes(blob))
                        except ValueError:
                            continue  # features of an older format: not part of the state
                    if sid in clusterer.live_stories():
                        self.store.update_story(conn, sid, state=clusterer.state_bytes(sid))
                        self.report.states += 1


def _stored(r: dict[str, Any], f: DocFeatures) -> StoredArticle:
    return StoredArticle(
        content_hash=r["content_hash"], doc_id=r["doc_id"], source=r["source"], url=r["url"],
        outlet=r["outlet"], title=r["title"], published=r["published"], published_time=r["published_time"],
        author=r["author"], language=r["language"], text=r["text"], source_text=r["source_text"],
        format=r["format"], evidence=json.loads(r["evidence"] or "{}"), features=f.to_bytes())
