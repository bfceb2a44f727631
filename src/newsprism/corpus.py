"""Corpus mode: pour articles into a store, incrementally; link copies; find the stories.

:func:`ingest` runs, batch by batch:

1. read inputs (files, directories, JSONL, RSS/Atom feeds, WARC archives, URLs when
   fetching is on) and clean them;
2. skip what the store already holds (content hash), also within the batch;
3. cheap grouping features (no spaCy), their word weights blended with the store's
   document frequencies (group/termstats.py); near-duplicates through a MinHash LSH index,
   then online story clustering (a copy joins its original's story), and after the
   batch a refinement that moves earlier articles of the touched stories to the story
   they now fit best (its stored record follows: count, days, title);
4. write the batch — articles, revisions, duplicate links, story assignments, the
   stories' clustering state and the corpus term counts — in ONE transaction.

A process killed mid-run leaves the store at its last committed batch; running the
same ingest again skips what was stored (hashes) and completes the rest, the
clusterer resuming from the stories' saved state.  A store written with an earlier
features format is upgraded first, once and in one transaction (:func:`upgrade_features`).
Annotation (spaCy) is not on this path: ``newsprism story ID`` runs the full comparison on
a stored story.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .annotate.aliases import load_aliases
from .clean import clean_document
from .config import Settings, load_settings
from .errors import NoInputError
from .group.dedupe import MAX_INDEXED, DuplicateIndex
from .group.features import FORMAT_VERSION, DocFeatures, features_many, word_frequencies
from .group.stories import MAX_LIVE, StoryClusterer
from .group.termstats import TermStats
from .ingest import read_inputs
from .model import Article, Copy, OffsetMap, RawDocument, Skipped
from .store import ArticleBrief, ArticleRow, Store, StoredArticle, content_hash
from .workers import pool_context

log = logging.getLogger(__name__)

BATCH_SIZE = 500
# texts per call of the sentence encoder
EMBED_BATCH = 64
# worker processes that clean and featurise (the main process embeds, dedupes, clusters, writes);
# runs smaller than PARALLEL_MIN documents stay in one process
WORKERS = 2
PARALLEL_MIN = 200
# where the ingesting process spends its time (Ingester.timings): waiting for the workers'
# features, the known-hash lookup and weighting, the copy finder, the clusterer, the
# refinement (with its writes), the other SQL writes, and the transaction's commit
STAGES = ("wait", "read", "copies", "cluster", "refine", "write", "commit")
# at most this many live stories (the most recent) are reloaded into the clusterer when a run starts
RESUME_MAX_STORIES = MAX_LIVE
# at most this many recent articles are reloaded into the duplicate index
RESUME_MAX_ARTICLES = MAX_INDEXED

Progress = Callable[[int, int | None], None]


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    exists: int = 0
    revisions: int = 0
    duplicates: int = 0
    new_stories: int = 0
    merged_stories: int = 0
    moved: int = 0  # earlier articles moved to a story they fit better (see StoryClusterer.refine)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"read": self.read, "added": self.added, "exists": self.exists, "revisions": self.revisions,
                "duplicates": self.duplicates, "new_stories": self.new_stories,
                "merged_stories": self.merged_stories, "moved": self.moved, "skipped": len(self.skipped),
                "seconds": round(self.seconds, 2)}


def _batches(items: Iterable[RawDocument | Skipped], size: int, report: IngestReport
             ) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        report.read += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _stored(p: Ready) -> StoredArticle:
    raw, article, feats = p.raw, p.article, p.features
    return StoredArticle(
        content_hash=p.hash, doc_id=raw.id, source=raw.source, url=article.url,
        outlet=article.outlet, title=article.title, published=article.published,
        published_time=article.published_time, author=article.author, language=article.language,
        text=article.text, source_text=article.source_text, format=raw.format,
        evidence=dict(article.evidence), features=feats.to_bytes(),
    )


@dataclass(frozen=True)
class Ready:
    """A cleaned article with its word features (no embedding yet), ready to be stored."""

    raw: RawDocument
    article: Article
    hash: str
    features: DocFeatures  # with its embedding when an encoder was given


Prepared = Ready | Skipped


_WORKER_ENCODER: Any = None


def _init_worker(embed: bool) -> None:
    """A worker process dies with its parent and loads its word lists and its own
    single-threaded encoder.

    The parent is the ingesting process, or the pool's fork server, which exits when the
    ingesting process does (its pipe from it closes), so the worker dies with the ingest."""
    global _WORKER_ENCODER, _PARENT
    _PARENT = os.getppid()
    _die_with_parent()
    load_aliases()
    word_frequencies()
    if embed:
        from .embed import UseEncoder

        _WORKER_ENCODER = UseEncoder(threads=1)


_PARENT = 0


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGKILL to this worker when the ingesting process dies (even by
    SIGKILL), so a killed ingest leaves no orphans burning CPU."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except OSError:
            pass


def _prepare_in_worker(raws: list[RawDocument]) -> list[Prepared]:
    if _PARENT and os.getppid() != _PARENT:  # elsewhere: the parent is gone, stop
        os._exit(1)
    return prepare(raws, _WORKER_ENCODER)


def prepare(raws: list[RawDocument], encoder: Any = None) -> list[Prepared]:
    """Clean and featurise documents (embeddings too, with ``encoder``): the CPU-heavy part."""
    out: list[Prepared | None] = []
    ready: list[tuple[int, RawDocument, Article]] = []
    for raw in raws:
        try:
            a = clean_document(raw)
        except Exception as exc:  # a document that breaks cleaning is reported, not fatal
            out.append(Skipped(raw.source, f"could not be cleaned ({type(exc).__name__}: {exc})"))
            continue
        if not a.text.strip():
            out.append(Skipped(raw.source, "no article text after cleaning"))
            continue
        ready.append((len(out), raw, a))
        out.append(None)
    feats = features_many([a for _, _, a in ready], encoder=encoder, batch=EMBED_BATCH)
    for (i, raw, a), f in zip(ready, feats, strict=True):
        out[i] = Ready(raw, a, content_hash(a.text), f)
    return [p for p in out if p is not None]


def _prepare_chunks(pool: Any, raws: list[RawDocument]) -> Any:
    """Submit a batch to the worker pool in chunks; the futures, in order."""
    step = max(1, -(-len(raws) // (4 * WORKERS)))
    return [pool.submit(_prepare_in_worker, raws[i:i + step]) for i in range(0, len(raws), step)]


def outdated_features(store: Store) -> int | None:
    """The features format of a store written by an earlier one (None: current, or empty)."""
    blob = store.newest_features()
    version = DocFeatures.version_of(blob) if blob else None
    return None if version is None or version == FORMAT_VERSION else version


def upgrade_features(store: Store, encoder: Any = None, chunk: int = BATCH_SIZE) -> int:
    """Recompute the grouping features of a store written by an earlier features format
    (group/features.py ``FORMAT_VERSION``; version 4 changed the stemmer, so every term id),
    and with them the corpus term counts and the live stories' clustering state; the
    articles keep their stories.  One transaction: a store is upgraded whole or not at all.
    Returns the number of articles recomputed (0 when the store is current).

    Articles are re-weighted in the order they were ingested, as the ingest weighted them;
    each live story's state is rebuilt from its articles (``StoryClusterer.seed``), so that
    resuming after the upgrade places new articles as a store built by this version would.
    Cost: ~300 articles/s on 2 cores with the embedding (bench/upgrade.py), once: features are
    computed again from the stored text, the embedding too with ``encoder``.  Earlier
    revisions keep their old blobs (nothing reads them: only current articles are placed,
    copied or remembered)."""
    version = outdated_features(store)
    if version is None:
        return 0
    log.warning("%s was written by an earlier newsprism (grouping features v%s): recomputing them"
                " for v%s, once (about 300 articles/s)", store.name, version, FORMAT_VERSION)
    live = {sid for sid, _, _ in store.recent_story_states(None, RESUME_MAX_STORIES)}
    terms = TermStats()
    clusterer = StoryClusterer()
    seeded: set[int] = set()
    done = 0
    with store.atomic() as conn:
        after = 0
        while rows := store.current_with_features(conn, after, chunk):
            after = rows[-1].id
            arts = [Article(id=r.doc_id, source=r.source, text=r.text, offsets=_identity(r.text),
                            source_text=r.text, title=r.title, published=r.published) for r in rows]
            feats = [terms.weigh(f) for f in features_many(arts, encoder=encoder, batch=EMBED_BATCH)]
            store.set_features(conn, [(r.id, f.to_bytes()) for r, f in zip(rows, feats, strict=True)])
            for r, f in zip(rows, feats, strict=True):
                if r.story_id is not None and r.story_id in live:
                    clusterer.seed(r.story_id, r.id, f)
                    seeded.add(r.story_id)
            done += len(rows)
        store.clear_term_counts(conn)
        store.add_term_counts(conn, *terms.pending())
        store.clear_story_states(conn)
        for sid in sorted(seeded):
            store.update_story(conn, sid, state=clusterer.state_bytes(sid))
    terms.committed()
    log.warning("%s: recomputed the grouping features of %d articles", store.name, done)
    return done


def _identity(text: str) -> OffsetMap:
    return OffsetMap(((0, 0, len(text)),) if text else (), len(text))


class Ingester:
    """Holds the open store, the duplicate index and the clusterer across batches.

    ``encoder``: the sentence encoder of the story embeddings (default: the comparison's
    encoder, USE); ``embed=False`` clusters on words alone (faster, a little less accurate).
    """

    def __init__(self, store: Store, *, embed: bool = True, encoder: Any = None) -> None:
        self.store = store
        self.dups = DuplicateIndex()
        self.clusterer = StoryClusterer()
        self.terms = TermStats()
        self.story_db: dict[int, int] = {}  # clusterer story -> stored story id
        # seconds spent in this process per stage, summed over the run (benchmarks read them
        # from the progress lines, to tell which stage a change in per-article cost is in)
        self.timings: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.embed = embed
        self._encoder = encoder if embed else None
        if outdated_features(store) is not None:
            upgrade_features(store, self.encoder if embed else None)
        self._resume()

    @property
    def encoder(self) -> Any:
        """The main process's encoder, loaded on first use (worker processes load their own)."""
        if self.embed and self._encoder is None:
            from .embed import load_encoder

            self._encoder = load_encoder()
        return self._encoder

    def _resume(self) -> None:
        """Reload the corpus term counts, the live stories' clustering state and recent
        articles' signatures (which the copy index and the refinement's member memory are
        rebuilt from)."""
        self.terms.load(*self.store.term_counts())
        for story_id, blob, last in self.store.recent_story_states(None, RESUME_MAX_STORIES):
            if blob:
                self.clusterer.restore(story_id, blob, date.fromisoformat(last) if last else None)
                self.story_db[story_id] = story_id
        for article_id, blob, home in reversed(self.store.recent_features(RESUME_MAX_ARTICLES)):  # oldest first
            if blob:
                try:
                    f = DocFeatures.from_bytes(blob)
                except ValueError:
                    continue  # features of an older format: not a copy candidate, never moved
                self.dups.add(article_id, f)
                if home is not None and home in self.story_db:
                    self.clusterer.remember(article_id, home, f)

    def add_batch(self, raws: list[RawDocument], report: IngestReport) -> None:
        """Clean, featurise and store one batch (in this process)."""
        self.commit(prepare(raws, self.encoder), report)

    def commit(self, prepared: list[Prepared], report: IngestReport) -> None:
        """Store one prepared batch: skip known content, embed, link copies, cluster; one transaction."""
        items: list[Ready] = []
        seen: set[str] = set()
        for p in prepared:
            if isinstance(p, Skipped):
                report.skipped.append(p)
            elif p.hash in seen:
                report.exists += 1
            else:
                seen.add(p.hash)
                items.append(p)
        t = time.perf_counter()
        known = self.store.known_hashes([p.hash for p in items])
        fresh = [p for p in items if p.hash not in known]
        report.exists += len(items) - len(fresh)
        if not fresh:
            self.lap("read", t)
            return
        # weighted with the corpus term frequencies, in order, before they are stored: the
        # stored features are what the clusterer used (a resumed run remembers them as such)
        fresh = [replace(p, features=self.terms.weigh(p.features)) for p in fresh]
        rows = [_stored(p) for p in fresh]
        touched: dict[int, None] = {}
        placed: dict[int, list[tuple[int, str | None, str | None]]] = {}
        t = self.lap("read", t)
        with self.store.atomic() as conn:
            results = self.store.add_articles(conn, rows)
            t = self.lap("write", t)
            for p, res in zip(fresh, results, strict=True):
                if res.status == "exists" or res.id is None:
                    report.exists += 1
                    continue
                if res.status == "revision":
                    report.revisions += 1
                else:
                    report.added += 1
                self._place(conn, res.id, p.article, p.features, report, touched, placed, res.revision_of)
            t = time.perf_counter()  # (_place counts its own stages)
            self._file(conn, placed)
            t = self.lap("write", t)
            self._refine(conn, report, touched)
            t = self.lap("refine", t)
            live = set(self.clusterer.live_stories())
            for cid in touched:
                if cid in self.story_db and cid in live:  # (a story evicted meanwhile keeps its last state)
                    self.store.update_story(conn, self.story_db[cid], state=self.clusterer.state_bytes(cid))
            self.store.add_term_counts(conn, *self.terms.pending())
            t = self.lap("write", t)
        self.lap("commit", t)
        self.terms.committed()

    def lap(self, stage: str, since: float) -> float:
        """Count the time since ``since`` to ``stage`` (see STAGES); returns now."""
        now = time.perf_counter()
        self.timings[stage] += now - since
        return now

    def _file(self, conn: Any, placed: dict[int, list[tuple[int, str | None, str | None]]]) -> None:
        """Write the batch's placements: one story update per story, not per article."""
        for cid, arts in placed.items():
            arts.sort()  # article id order (a merge may have appended an older story's)
            sid = self.story_db[cid]
            self.store.set_story(conn, [a for a, _, _ in arts], sid)
            days = [d for _, d, _ in arts if d]
            title = next((t for _, _, t in arts if t), None)
            if days or title:
                self.store.update_story(conn, sid, days=days, title_if_missing=title)

    def _refine(self, conn: Any, report: IngestReport, touched: dict[int, None]) -> None:
        """Move earlier articles of the batch's stories to the story they now fit best."""
        ref = self.clusterer.refine(list(touched))
        changed: dict[int, None] = {}  # stories that lost or gained articles
        for key, src, dst in ref.moved:
            self.store.set_story(conn, [int(str(key))], self.story_db[dst])
            changed[src] = changed[dst] = touched[src] = touched[dst] = None
        for gone, into in ref.emptied:
            gone_id = self.story_db.pop(gone, None)
            touched.pop(gone, None)
            changed.pop(gone, None)
            if gone_id is not None:
                self.store.merge_stories(conn, self.story_db[into], gone_id)
                report.merged_stories += 1
        if changed:
            self.store.respan(conn, [self.story_db[c] for c in changed if c in self.story_db])
        report.moved += len(ref.moved)

    def _place(self, conn: Any, article_id: int, article: Article, f: DocFeatures, report: IngestReport,
               touched: dict[int, None], placed: dict[int, list[tuple[int, str | None, str | None]]],
               revision_of: int | None = None) -> None:
        """Link a copy to its original, then put the article in its story (recorded in
        ``placed``, by clusterer story, for :meth:`_file` to write).

        A revision replaces its earlier version in the copy index: an article corrected by
        its own outlet is not a copy of itself."""
        if revision_of is not None:
            self.dups.remove(revision_of)
        t = time.perf_counter()
        copy_of: tuple[int, float] | None = None
        for other_id, sim in self.dups.query(f):
            if other_id != article_id and isinstance(other_id, int):
                copy_of = (other_id, sim)
                break
        self.dups.add(article_id, f)
        t = self.lap("copies", t)
        if copy_of is not None:
            self.store.link_duplicate(conn, article_id, copy_of[0], copy_of[1])
            report.duplicates += 1
        t = self.lap("write", t)
        assignment = self.clusterer.add(article_id, f)
        t = self.lap("cluster", t)
        cid = assignment.story
        day = article.published
        if cid not in self.story_db:
            self.story_db[cid] = self.store.new_story(conn, title=article.title, first=day, last=day, state=None)
            report.new_stories += 1
        sid = self.story_db[cid]
        here = placed.setdefault(cid, [])
        for gone in assignment.merged:
            gone_id = self.story_db.pop(gone, None)
            touched.pop(gone, None)
            here.extend(placed.pop(gone, ()))
            if gone_id is not None and gone_id != sid:
                self.store.merge_stories(conn, sid, gone_id)
                report.merged_stories += 1
        here.append((article_id, day, article.title))
        touched[cid] = None
        self.lap("write", t)  # new story, merges


def ingest(inputs: Iterable[Any], db: str, *, batch_size: int = BATCH_SIZE, fetch: bool = False,
           progress: Progress | None = None, embed: bool = True, workers: int = WORKERS,
           settings: Settings | None = None) -> IngestReport:
    """Add articles to the store at ``db`` (a path, ``sqlite:///...`` or ``postgresql://...``).

    With ``workers`` > 1, worker processes clean and featurise the next batch while this
    process embeds, dedupes, clusters and writes the current one (writes stay in order).
    ``settings``: the run's settings (``max_chars``: longer inputs are skipped); default
    :func:`~newsprism.config.load_settings`.

    Raises :class:`~newsprism.errors.NoInputError` ("nothing to ingest", with the reasons),
    as ``analyze`` does, when no input could be read: then no store is opened, so none is
    created."""
    started = time.perf_counter()
    report = IngestReport()
    settings = settings or load_settings()
    fetcher = None
    if fetch:
        from .ingest.feed import http_fetcher

        fetcher = http_fetcher()
    lines = os.environ.get("NEWSPRISM_PROGRESS_LINES") == "1"
    stream = _first_readable(read_inputs(inputs, fetch=fetcher, max_chars=settings.max_chars))
    with Store.open(db) as store, store.ingest_lock():
        ingester = Ingester(store, embed=embed)
        done = 0

        def committed(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, None)
            if lines:
                # machine-readable: one line per committed batch (benchmarks and tests read them)
                sys.stderr.write("progress " + json.dumps({"done": done, "added": report.added,
                                                           "seconds": time.perf_counter() - started,
                                                           "stages": ingester.timings}) + "\n")
                sys.stderr.flush()

        batches = _batches(stream, batch_size, report)
        first = next(batches, None)
        if first is None:
            pass
        elif workers <= 1 or len(first) < min(batch_size, PARALLEL_MIN):
            ingester.add_batch(first, report)  # a small run: no pool to start
            committed(len(first))
            for batch in batches:
                ingester.add_batch(batch, report)
                committed(len(batch))
        else:
            _parallel(ingester, first, batches, report, workers, committed)
    report.seconds = time.perf_counter() - started
    return report


def _first_readable(items: Iterable[RawDocument | Skipped]) -> Iterator[RawDocument | Skipped]:
    """``items`` again, once one document in them could be read (those skipped before it
    first); a :class:`NoInputError` naming the first reasons when none can, before the store
    is opened, so that a run with nothing to store creates no store."""
    items = iter(items)
    skipped: list[Skipped] = []
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        return itertools.chain(skipped, [item], items)
    reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:5]) or "no inputs given"
    more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    raise NoInputError(f"nothing to ingest ({reasons}{more})")


def _parallel(ingester: Ingester, first: list[RawDocument], batches: Iterator[list[RawDocument]],
              report: IngestReport, workers: int, committed: Callable[[int], None]) -> None:
    from concurrent.futures import ProcessPoolExecutor

    # loaded here once: forked workers share them; workers of a fork server (when this process
    # runs threads) load their own in _init_worker
    load_aliases()
    word_frequencies()
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(), initializer=_init_worker,
                             initargs=(ingester.embed,)) as pool:
        pending = (first, _prepare_chunks(pool, first))
        for batch in batches:
            ahead = (batch, _prepare_chunks(pool, batch))  # the workers start on the next batch
            ingester.commit(_results(ingester, pending[1]), report)
            committed(len(pending[0]))
            pending = ahead
        ingester.commit(_results(ingester, pending[1]), report)
        committed(len(pending[0]))


def _results(ingester: Ingester, futures: list[Any]) -> list[Prepared]:
    """The workers' prepared batch; the time this process waits for it is counted as "wait"."""
    t = time.perf_counter()
    out = [p for fut in futures for p in fut.result()]
    ingester.lap("wait", t)
    return out


def article_labels(rows: Iterable[ArticleRow | ArticleBrief]) -> dict[int, str]:
    """The id each of a story's articles goes by in its analysis (``articles[].id`` and
    ``also_published_by[].id`` of ``newsprism story``): its ``doc_id`` (the JSONL ``id``, the
    file name), or ``doc_id#<store id>`` where two articles of the story share one."""
    rows = list(rows)
    stems = Counter(r.doc_id for r in rows)
    return {r.id: r.doc_id if stems[r.doc_id] == 1 else f"{r.doc_id}#{r.id}" for r in rows}


def story_index(db: str, story_id: int) -> list[dict[str, Any]]:
    """How a story's analysis joins back to the store and to the user's own ids: one entry per
    current article, ``{"id": its id in the analysis, "article_id": its store id, "doc_id": the
    id it was given, "copy_of": the analysis id of the article it is a copy of, or None}``."""
    with Store.open(db, create=False) as store:
        rows = store.story_articles(story_id)
    label = article_labels(rows)
    return [{"id": label[r.id], "article_id": r.id, "doc_id": r.doc_id,
             "copy_of": label.get(r.duplicate_of) if r.duplicate_of is not None else None}
            for r in rows]


def story_documents(db: str, story_id: int) -> list[RawDocument]:
    """A stored story's articles as documents to analyze.

    The latest revision of each article is used; a near-duplicate (a reprint of
    wire copy) is not analyzed again but carried by its original as one of its
    ``copies`` ("also published by"), so one text is never counted as two outlets'
    corroboration.
    """
    with Store.open(db, create=False) as store:
        rows = store.story_articles(story_id)
        fate = store.story_fate(story_id) if not rows else (True, None)
    by_id = {r.id: r for r in rows}
    label = article_labels(rows)

    def original(r: ArticleRow) -> int:
        """The first publication a copy goes back to (a copy of a copy: its original)."""
        seen = {r.id}
        while r.duplicate_of is not None and r.duplicate_of in by_id and r.duplicate_of not in seen:
            r = by_id[r.duplicate_of]
            seen.add(r.id)
        return r.id

    copies: dict[int, list[Copy]] = {}
    is_copy = {r.id for r in rows if r.duplicate_of in by_id}
    for r in rows:
        if r.id in is_copy:
            copies.setdefault(original(r), []).append(Copy(
                id=label[r.id], outlet=r.outlet, title=r.title, url=r.url, published=r.published,
                similarity=r.duplicate_similarity))
    docs = []
    for r in rows:
        if r.id in is_copy:
            continue
        meta = {k: v for k, v in (("title", r.title), ("url", r.url), ("outlet", r.outlet),
                                  ("published", r.published), ("author", r.author)) if v}
        evidence = {k: (r.evidence or {}).get(k, "stored") for k in meta}
        docs.append(RawDocument(id=label[r.id], source=r.source, text=r.source_text or r.text,
                                format=r.format or "text", meta=meta, evidence=evidence,
                                copies=tuple(copies.get(r.id, ()))))
    if not docs:
        from .errors import NoInputError

        exists, into = fate
        if not exists:
            raise NoInputError(f"no story {story_id} in {db} (`newsprism stories` lists them)")
        if into is not None:
            raise NoInputError(f"story {story_id} was merged into story {into} in {db}: run `newsprism story {into}`")
        raise NoInputError(f"story {story_id} has no articles in {db}")
    return docs
