"""The output folder of a batch run: its layout, the Parquet schemas, atomic writes.

::

    OUT/plan.json                      the inputs, the options and the partitions
    OUT/articles/part-00012.parquet    articles of partition 12 (written last: its "done" mark)
    OUT/errors/part-00012.parquet      records of partition 12 that could not be read, and why
    OUT/shuffle/window=2025-05-13/part-00012.parquet   partition 12's articles of that window
                                       (id, days, content hash, grouping features)
    OUT/terms/part-00012.parquet       partition 12's term document counts
    OUT/terms.parquet                  the corpus's term document counts (term -1: articles)
    OUT/identical.parquet              texts stored more than once: content hash, first id
    OUT/clusters/window=2025-05-13.parquet   one window's clustering (its own and halo articles)
    OUT/copies.parquet                 copies: id, original, similarity, kind (near / identical)
    OUT/stories.parquet                stories with their articles (batch ids and the input's ids)
    OUT/article_stories.parquet        id -> story_id
    OUT/_SUCCESS                       the run's summary (JSON), written last

Every file is written under a temporary name in its folder and renamed into place, so a
file that exists is whole: a killed task leaves a ``.tmp-*`` file, never half a part.
Imports of pyarrow stay inside the functions.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

__all__ = ["article_schema", "error_schema", "shuffle_schema", "terms_schema", "cluster_schema",
           "story_schema", "copy_schema", "write_table", "read_tables", "SUCCESS", "tmp_name", "cluster_path"]

SUCCESS = "_SUCCESS"
ARTICLES = "articles"
ERRORS = "errors"
SHUFFLE = "shuffle"
TERMS = "terms"
CLUSTERS = "clusters"


def article_schema() -> Any:
    import pyarrow as pa

    s, i64 = pa.string(), pa.int64()
    return pa.schema([
        ("id", i64), ("doc_id", s), ("source", s), ("url", s), ("outlet", s), ("title", s),
        ("published", s), ("published_time", s), ("author", s), ("language", s), ("format", s),
        ("text", pa.large_string()), ("source_text", pa.large_string()), ("evidence", s),
        ("content_hash", s), ("window", s), ("partition", pa.int32()), ("features", pa.binary()),
    ])


def error_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("partition", pa.int32()), ("source", pa.string()), ("reason", pa.string())])


def shuffle_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("id", pa.int64()), ("day", pa.string()), ("sort_day", pa.string()),
                      ("content_hash", pa.string()), ("features", pa.binary())])


def terms_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("term", pa.int64()), ("df", pa.int64())])


def cluster_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("id", pa.int64()), ("story", pa.int64()), ("own", pa.bool_()),
                      ("copy_of", pa.int64()), ("similarity", pa.float64())])


def story_schema() -> Any:
    import pyarrow as pa

    s = pa.string()
    return pa.schema([("story_id", pa.int64()), ("title", s), ("first", s), ("last", s),
                      ("n_articles", pa.int64()), ("article_ids", pa.list_(pa.int64())),
                      ("doc_ids", pa.list_(s)), ("outlets", pa.list_(s))])


def copy_schema() -> Any:
    import pyarrow as pa

    s, i64 = pa.string(), pa.int64()
    return pa.schema([("id", i64), ("doc_id", s), ("original_id", i64), ("original_doc_id", s),
                      ("similarity", pa.float64()), ("kind", s)])


def tmp_name(path: Path) -> Path:
    """A temporary name beside ``path``, unique to this writer."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def write_table(path: Path, table: Any) -> None:
    """Write ``table`` to ``path`` atomically (temporary file, fsync, rename)."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_name(path)
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_tables(paths: list[Path], columns: list[str] | None = None, schema: Any = None) -> Any:
    """The rows of these Parquet files as one table (an empty one of ``schema`` for none)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = [pq.read_table(p, columns=columns) for p in paths]
    if not tables:
        if schema is None:
            raise ValueError("no files to read and no schema for an empty table")
        return pa.table({n: pa.array([], type=schema.field(n).type) for n in (columns or schema.names)})
    return pa.concat_tables(tables)


def clean_temporary(out: Path) -> int:
    """Remove what killed writers left (``.*.tmp-*`` files); returns how many."""
    n = 0
    for p in out.rglob(".*.tmp-*"):
        p.unlink(missing_ok=True)
        n += 1
    return n


def cluster_path(out: Path, key: str) -> Path:
    """The file of a window's clusters (its existence marks the window done)."""
    return out / CLUSTERS / f"window={key}.parquet"
