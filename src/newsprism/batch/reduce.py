"""The two small reductions between the map step and the windows, run by the driver.

- :func:`count_terms`: the corpus's term document frequencies, the sum of the partitions'
  counts (``terms.parquet``; its row of term -1 counts the articles).  The partitions' files
  are added a group at a time, so the driver holds one group and the running total.
- :func:`find_identical`: texts read more than once (the same content hash in several
  articles, wherever they are): ``identical.parquet`` holds each such hash with its first
  batch id.  Corpus mode stores such a text once; the windows leave the repeats out and the
  copies file lists them as ``identical``.

Both read only narrow columns (term and count; id and hash), never the texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .files import ARTICLES, TERMS, read_tables, terms_schema, write_table

__all__ = ["count_terms", "find_identical"]

# terms files added together before they are folded into the running total
GROUP = 64


def count_terms(out: Path, names: list[str]) -> int:
    """Write ``terms.parquet`` from the partitions' term files; returns the articles counted."""
    import pyarrow as pa
    import pyarrow.compute as pc

    total: Any = None
    for i in range(0, len(names), GROUP):
        tables = [read_tables([out / TERMS / f"{n}.parquet"]) for n in names[i:i + GROUP]]
        if total is not None:
            tables.append(total)
        total = _sum(pa.concat_tables(tables))
    if total is None:
        total = pa.table({"term": pa.array([-1], pa.int64()), "df": pa.array([0], pa.int64())})
    write_table(out / "terms.parquet", total.cast(terms_schema()))
    docs = total.filter(pc.equal(total["term"], -1))["df"].to_pylist()
    return int(docs[0]) if docs else 0


def _sum(table: Any) -> Any:
    grouped = table.group_by("term").aggregate([("df", "sum")])
    return grouped.select(["term", "df_sum"]).rename_columns(["term", "df"]).sort_by("term")


def find_identical(out: Path, names: list[str]) -> int:
    """Write ``identical.parquet`` (content_hash, first_id, count) for the texts read more than
    once; returns the number of repeats (articles that are not the first of their text)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = read_tables([out / ARTICLES / f"{n}.parquet" for n in names], columns=["id", "content_hash"],
                        schema=pa.schema([("id", pa.int64()), ("content_hash", pa.string())]))
    grouped = table.group_by("content_hash").aggregate([("id", "min"), ("id", "count")])
    grouped = grouped.select(["content_hash", "id_min", "id_count"]).rename_columns(
        ["content_hash", "first_id", "count"])
    repeated = grouped.filter(pc.greater(grouped["count"], 1)).sort_by("first_id")
    write_table(out / "identical.parquet", repeated)
    return int(pc.sum(repeated["count"]).as_py() or 0) - repeated.num_rows
