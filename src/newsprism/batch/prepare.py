"""The map step, one task per partition: read, clean, featurise, write the partition's files.

Per partition, in a worker: the records are read (:mod:`.read`) and go, 256 at a time,
through corpus mode's own :func:`newsprism.corpus.prepare` (cleaning, the grouping features
and the sentence embedding, with the worker's encoder: the same features ``ingest`` stores,
before the corpus term weighting, which needs the whole corpus and is applied per window).
Each article gets its batch id, ``partition * ID_STRIDE + n`` (``n`` counts the partition's
articles in reading order), so ids are unique, stable across reruns and engines, and sort in
input order.

Written, each atomically, in this order: the errors, the shuffle files (one per clustering
window the partition's articles fall in), the term counts, then the articles part, whose
existence marks the partition done: a task killed before it leaves nothing a rerun trusts.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus import Ready, prepare
from ..model import RawDocument, Skipped
from .files import (
    ARTICLES,
    ERRORS,
    SHUFFLE,
    TERMS,
    article_schema,
    error_schema,
    shuffle_schema,
    terms_schema,
    tmp_name,
    write_table,
)
from .models import worker_models
from .plan import Options, Partition, window_key
from .read import read_partition

__all__ = ["run_partition", "partition_counts", "PartitionDone", "ID_STRIDE", "partition_of", "DOCS_COUNTED"]

# batch ids: partition * ID_STRIDE + the article's number in its partition
ID_STRIDE = 100_000_000
# documents cleaned and featurised together (the encoder's batches come from these)
CHUNK = 256
# the term id of the row of a terms file that counts the articles (term ids are unsigned CRCs)
DOCS_COUNTED = -1


@dataclass(frozen=True)
class PartitionDone:
    """What one partition gave: its articles and errors, the seconds it took (0 when a
    rerun found it done) and the worker process that ran it."""

    index: int
    articles: int
    errors: int
    seconds: float
    done_before: bool = False
    worker: str = ""


def partition_of(article_id: int) -> int:
    return article_id // ID_STRIDE


def part_path(out: Path, folder: str, part: Partition) -> Path:
    return out / folder / f"{part.name}.parquet"


def run_partition(out: str, part: Partition, options: Options) -> PartitionDone:
    """Process one partition into ``out`` (see the module docstring); a partition found done
    is not processed again."""
    import pyarrow.parquet as pq

    out_dir = Path(out)
    target = part_path(out_dir, ARTICLES, part)
    if target.exists():
        return partition_counts(out_dir, part)
    started = time.perf_counter()
    encoder = worker_models(options.embed)
    errors: list[Skipped] = []
    shuffle: dict[str, list[dict[str, Any]]] = {}
    term_ids: list[Any] = []
    n = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_name(target)
    try:
        with pq.ParquetWriter(tmp, article_schema(), compression="zstd") as writer:
            for raws in _chunks(read_partition(part, options.max_chars), errors):
                rows = []
                for p in prepare(raws, encoder):
                    if isinstance(p, Skipped):
                        errors.append(p)
                        continue
                    article_id = part.index * ID_STRIDE + n
                    n += 1
                    if n >= ID_STRIDE:
                        raise ValueError(f"{part.describe()}: more than {ID_STRIDE} articles in one partition")
                    row, key, order_day = _article_row(p, article_id, part.index, options.window)
                    rows.append(row)
                    shuffle.setdefault(key, []).append({
                        "id": article_id, "day": p.features.day, "sort_day": order_day,
                        "content_hash": p.hash, "features": row["features"]})
                    term_ids.append(p.features.terms)
                if rows:
                    writer.write_batch(_batch(rows, article_schema()))
        _write_errors(out_dir, part, errors)
        _write_shuffle(out_dir, part, shuffle)
        _write_terms(out_dir, part, term_ids, n)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return PartitionDone(part.index, n, len(errors), time.perf_counter() - started, worker=_worker())


def _worker() -> str:
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def partition_counts(out: Path, part: Partition) -> PartitionDone:
    """The articles and errors of a partition found done."""
    import pyarrow.parquet as pq

    n = pq.ParquetFile(part_path(out, ARTICLES, part)).metadata.num_rows
    err = part_path(out, ERRORS, part)
    e = pq.ParquetFile(err).metadata.num_rows if err.exists() else 0
    return PartitionDone(part.index, n, e, 0.0, done_before=True)


def _chunks(items: Iterable[RawDocument | Skipped], errors: list[Skipped]) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    for item in items:
        if isinstance(item, Skipped):
            errors.append(item)
            continue
        batch.append(item)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _article_row(p: Ready, article_id: int, partition: int, window: int) -> tuple[dict[str, Any], str, str | None]:
    """The article's row, its window key and the day it is ordered by in its window (its
    publication day, else the day it was crawled: a WARC record's date places an undated
    page in time for the windows, never as its publication date)."""
    a, raw = p.article, p.raw
    crawled = (raw.meta.get("crawled") or "")[:10] or None
    order_day = p.features.day or crawled
    key = window_key(order_day, window)
    row = {"id": article_id, "doc_id": raw.id, "source": raw.source, "url": a.url, "outlet": a.outlet,
           "title": a.title, "published": a.published, "published_time": a.published_time,
           "author": a.author, "language": a.language, "format": raw.format, "text": a.text,
           "source_text": a.source_text,
           "evidence": json.dumps(dict(a.evidence), sort_keys=True, ensure_ascii=False),
           "content_hash": p.hash, "window": key, "partition": partition, "features": p.features.to_bytes()}
    return row, key, order_day


def _batch(rows: list[dict[str, Any]], schema: Any) -> Any:
    import pyarrow as pa

    return pa.RecordBatch.from_pylist(rows, schema=schema)


def _write_errors(out: Path, part: Partition, errors: list[Skipped]) -> None:
    import pyarrow as pa

    rows = [{"partition": part.index, "source": s.source, "reason": s.reason} for s in errors]
    write_table(part_path(out, ERRORS, part), pa.Table.from_pylist(rows, schema=error_schema()))


def _write_shuffle(out: Path, part: Partition, shuffle: dict[str, list[dict[str, Any]]]) -> None:
    import pyarrow as pa

    for key, rows in shuffle.items():
        write_table(out / SHUFFLE / f"window={key}" / f"{part.name}.parquet",
                    pa.Table.from_pylist(rows, schema=shuffle_schema()))


def _write_terms(out: Path, part: Partition, term_ids: list[Any], n: int) -> None:
    """The partition's document frequencies: (term, articles with it), and (-1, articles)."""
    import numpy as np
    import pyarrow as pa

    if term_ids:
        terms, counts = np.unique(np.concatenate(term_ids).astype(np.int64), return_counts=True)
    else:
        terms, counts = np.zeros(0, np.int64), np.zeros(0, np.int64)
    table = pa.table({"term": pa.array(np.concatenate([[DOCS_COUNTED], terms]).astype(np.int64)),
                      "df": pa.array(np.concatenate([[n], counts]).astype(np.int64))}, schema=terms_schema())
    write_table(part_path(out, TERMS, part), table)
