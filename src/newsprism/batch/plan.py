"""What a batch run reads, cut into partitions a worker streams on its own.

Inputs are files, directories (read recursively, as ``ingest`` reads them) and glob
patterns.  Small files are grouped, up to ``partition_bytes`` (and ``FILES_PER_PARTITION``
files) a partition; a large file is cut into ranges that each hold whole records:

- plain JSONL (``.jsonl``, ``.ndjson``, or a ``.json`` whose first line is a whole object):
  byte ranges cut at line ends, with the number of the first line (record ids and error
  sources say ``file:LINE`` as ``ingest`` does);
- gzipped JSONL: line ranges (gzip cannot seek: a worker inflates the file up to its range);
- WARC and WARC.gz: byte ranges cut at record starts (each record of a ``.warc.gz`` is a gzip
  member of its own, as crawlers write them; a file that is one gzip stream stays whole).

Finding the cuts of a large file reads it once (:func:`index_file`); the run does that as
engine tasks, so that a month of WARC files is indexed by the workers, not by the driver.
The plan is written to ``OUT/plan.json``: a rerun with the same inputs and options finds the
partitions it already finished; other inputs are refused rather than mixed into that output.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigError, NoInputError
from ..ingest import iter_files
from ..ingest.detect import JSONL_EXTENSIONS, WARC_EXTENSIONS, is_warc
from ..model import Skipped

__all__ = ["Partition", "Options", "expand_inputs", "plan_files", "index_file", "window_days",
           "window_key", "halo_of", "UNDATED", "HALO_DAYS", "PARTITION_BYTES", "FILES_PER_PARTITION"]

# bytes of input per partition (16 MiB: ~3,000 JSONL articles or ~150 WARC pages; a worker
# holds one partition's output rows, a few times this, in memory)
PARTITION_BYTES = 16 * 1024 * 1024
# small files grouped into one partition at most (a folder of a million pages is not a
# million tasks)
FILES_PER_PARTITION = 500
# a window clusters the articles of the days before it first (its halo), this many: the online
# clusterer's own window (group/stories.py WINDOW_DAYS), within which a story's coverage joins
# it without a time penalty (measured against 1 day and the window before only: docs/scaling.md)
HALO_DAYS = 7
# gzipped JSONL is cut by inflated bytes: its size on disk counts this many times
GZIP_RATIO = 4
# the window key of articles with neither a publication nor a crawl date
UNDATED = "undated"
# windows are aligned on this day, so that a window's days never depend on the input
EPOCH = date(1970, 1, 1).toordinal()
# the format of plan.json and of the output's folders (a plan of another format is refused)
PLAN_FORMAT = 1

_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Options:
    """The options that shape a run's output (a rerun must give the same)."""

    window: int = 3  # days per clustering window
    halo: int = HALO_DAYS  # days before a window whose articles it clusters first (see windows.py)
    partition_bytes: int = PARTITION_BYTES
    max_chars: int | None = Settings.max_chars  # longer texts go to errors (None: no limit)
    embed: bool = True


@dataclass(frozen=True)
class Partition:
    """A piece of the input one task reads: a group of whole files, or a range of one file.

    ``kind``: ``files`` (``files`` read whole, as ``ingest`` reads them), ``jsonl`` (bytes
    ``start``..``stop`` of ``path``, its first line numbered ``first_line``), ``jsonl-gz``
    (lines ``start``..``stop`` of ``path``, counted from 0) or ``warc`` (bytes
    ``start``..``stop``, whole records).  ``stop`` -1: to the end."""

    index: int
    kind: str
    path: str = ""
    files: tuple[str, ...] = ()
    start: int = 0
    stop: int = -1
    first_line: int = 1

    @property
    def name(self) -> str:
        """The partition's file name stem (``part-00012``)."""
        return f"part-{self.index:05d}"

    def describe(self) -> str:
        """Where the partition's records come from, for messages."""
        if self.kind == "files":
            more = f" and {len(self.files) - 1} more files" if len(self.files) > 1 else ""
            return f"{self.files[0]}{more}" if self.files else "(no files)"
        unit = "lines" if self.kind == "jsonl-gz" else "bytes"
        end = "end" if self.stop < 0 else str(self.stop)
        return f"{self.path} ({unit} {self.start}-{end})"

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["files"] = list(self.files)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Partition:
        return cls(**{**d, "files": tuple(d.get("files", ()))})


@dataclass(frozen=True)
class Inputs:
    """The files of a run, and the inputs that named nothing readable."""

    files: tuple[str, ...]
    missing: tuple[Skipped, ...] = field(default=())


# --- inputs -----------------------------------------------------------------------------------


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> Inputs:
    """The files named by ``inputs`` (paths, directories read recursively, glob patterns with
    ``*``, ``?``, ``[...]`` and ``**``), each once as an absolute path, in the order given (a
    directory's and a pattern's files sorted).  An input that names nothing is returned in ``missing``."""
    files: dict[str, None] = {}
    missing: list[Skipped] = []
    for item in inputs:
        raw = os.fspath(item)
        path = Path(raw)
        if path.exists():
            matches = [path]
        elif _GLOB_CHARS & set(raw):
            matches = [Path(p) for p in sorted(glob.glob(raw, recursive=True))]
            if not matches:
                missing.append(Skipped(raw, "no file matches this pattern"))
        else:
            missing.append(Skipped(raw, "no such file or directory"))
            continue
        for m in matches:
            for f in iter_files(m):
                files.setdefault(os.path.abspath(f), None)  # workers may run in another folder
    return Inputs(tuple(files), tuple(missing))


def _ext(name: str) -> str:
    """A file's extension, ``.gz`` left aside (``a.warc.gz`` -> ``.warc``)."""
    return Path(name[:-3] if name.endswith(".gz") else name).suffix.lower()


def _head(path: str, n: int = 4096) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


def splittable(path: str) -> str | None:
    """How a large file can be cut: ``jsonl``, ``jsonl-gz``, ``warc``, or ``None`` (read whole)."""
    head = _head(path)
    if _ext(path) in WARC_EXTENSIONS or is_warc(head):
        return "warc"
    if _ext(path) in JSONL_EXTENSIONS:
        gz = head[:2] == b"\x1f\x8b"
        first = _first_line(path, gz)
        if first is not None and first.lstrip()[:1] == b"{":
            try:
                json.loads(first)
            except ValueError:
                return None  # a pretty-printed or array file: read whole, as ingest does
            return "jsonl-gz" if gz else "jsonl"
    return None


def _first_line(path: str, gz: bool) -> bytes | None:
    try:
        with (gzip.open(path, "rb") if gz else open(path, "rb")) as fh:
            return fh.readline(1 << 24)
    except (OSError, EOFError):
        return None


# --- planning -----------------------------------------------------------------------------------


def plan_files(files: Iterable[str], partition_bytes: int) -> tuple[list[tuple[str, int]], list[Partition]]:
    """Group the small files into partitions; return the large ones, to be indexed, with their
    place in the order (the final plan keeps the input order: see :func:`number`)."""
    big: list[tuple[str, int]] = []
    parts: list[Partition] = []
    group: list[str] = []
    size = 0
    slot = 0

    def flush() -> None:
        nonlocal group, size, slot
        if group:
            parts.append(Partition(index=slot, kind="files", files=tuple(group)))
            slot += 1
        group, size = [], 0

    for f in files:
        try:
            n = os.path.getsize(f)
        except OSError:
            n = 0  # read (and reported) by the worker
        kind = splittable(f) if n * GZIP_RATIO > partition_bytes else None
        if kind is not None and n * (GZIP_RATIO if kind == "jsonl-gz" else 1) > partition_bytes:
            flush()
            big.append((f, slot))
            slot += 1
            continue
        if group and (size + n > partition_bytes or len(group) >= FILES_PER_PARTITION):
            flush()
        group.append(f)
        size += n
    flush()
    return big, parts


def number(small: list[Partition], indexed: dict[int, list[Partition]]) -> list[Partition]:
    """The final plan: groups of small files and the ranges of each large file, in input order,
    numbered from 0."""
    slots: dict[int, list[Partition]] = {p.index: [p] for p in small}
    slots.update(indexed)
    out: list[Partition] = []
    for slot in sorted(slots):
        for p in slots[slot]:
            out.append(Partition(index=len(out), kind=p.kind, path=p.path, files=p.files, start=p.start,
                                 stop=p.stop, first_line=p.first_line))
    return out


def index_file(path: str, partition_bytes: int) -> list[Partition]:
    """Cut a large file into ranges of about ``partition_bytes`` (indexes are set by
    :func:`number`); a file that cannot be cut is one partition that reads it whole."""
    kind = splittable(path)
    if kind == "jsonl":
        return list(_jsonl_ranges(path, partition_bytes))
    if kind == "jsonl-gz":
        return list(_jsonl_gz_ranges(path, partition_bytes))
    if kind == "warc":
        ranges = _warc_ranges(path, partition_bytes)
        if ranges is not None:
            return ranges
    return [Partition(index=0, kind="files", files=(path,))]


def _jsonl_ranges(path: str, target: int) -> Iterator[Partition]:
    """Byte ranges cut after a newline, with the number of each range's first line."""
    start, line, pos, next_cut = 0, 1, 0, target
    newlines = 0  # before ``pos``
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            while next_cut < pos + len(chunk):
                at = chunk.find(b"\n", max(next_cut - pos, 0))
                if at < 0:
                    break
                cut = pos + at + 1
                yield Partition(index=0, kind="jsonl", path=path, start=start, stop=cut, first_line=line)
                line = 1 + newlines + chunk.count(b"\n", 0, at + 1)
                start, next_cut = cut, cut + target
            newlines += chunk.count(b"\n")
            pos += len(chunk)
    if start < pos or start == 0:
        yield Partition(index=0, kind="jsonl", path=path, start=start, stop=-1, first_line=line)


def _jsonl_gz_ranges(path: str, target: int) -> Iterator[Partition]:
    """Line ranges of a gzipped JSONL file of about ``target`` inflated bytes each."""
    start = count = size = 0
    try:
        with gzip.open(path, "rb") as fh:
            for line in fh:
                count += 1
                size += len(line)
                if size >= target:
                    yield Partition(index=0, kind="jsonl-gz", path=path, start=start, stop=count)
                    start, size = count, 0
    except (OSError, EOFError, ValueError):
        pass  # a damaged file: the last range reads to the damage and reports it
    if start < count or start == 0:
        yield Partition(index=0, kind="jsonl-gz", path=path, start=start, stop=-1)


def _warc_ranges(path: str, target: int) -> list[Partition] | None:
    """Byte ranges of whole records; ``None`` when the file cannot be cut (a ``.warc.gz`` that
    is one gzip stream, or damage before the first cut)."""
    from warcio.archiveiterator import ArchiveIterator

    offsets: list[int] = []
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for _record in it:
                offsets.append(int(it.get_record_offset()))
    except Exception:  # damage: cut before it, the last range reads to it and reports it
        pass
    if len(offsets) < 2:
        return None
    gz = _head(path, 2) == b"\x1f\x8b"
    cuts = [0]
    for off in offsets[1:]:
        if off - cuts[-1] >= target:
            cuts.append(off)
    if gz:
        with open(path, "rb") as fh:
            for off in cuts[1:]:
                fh.seek(off)
                if fh.read(2) != b"\x1f\x8b":
                    return None  # one gzip stream: no record starts a member
    bounds = [*cuts, -1]
    return [Partition(index=0, kind="warc", path=path, start=a, stop=b) for a, b in zip(bounds, bounds[1:], strict=False)
            if a != -1]


# --- windows ------------------------------------------------------------------------------------


def window_days(text: str) -> int:
    """``--window``: ``3d``, ``1w``, ``2`` (days)."""
    t = text.strip().lower()
    mult = 1
    if t.endswith("w"):
        mult, t = 7, t[:-1]
    elif t.endswith("d"):
        t = t[:-1]
    if not t.isdigit() or int(t) < 1:
        raise ConfigError(f"--window {text!r}: give a number of days (3d) or weeks (1w), at least 1 day")
    return int(t) * mult


def window_key(day: str | None, days: int) -> str:
    """The key (first day, ISO) of the window of ``days`` days that holds ``day``; ``UNDATED``
    for no day."""
    if not day:
        return UNDATED
    try:
        n = date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return UNDATED
    return date.fromordinal(EPOCH + (n - EPOCH) // days * days).isoformat()


def halo_of(key: str, days: int, halo: int, keys: Iterable[str]) -> tuple[list[str], str | None]:
    """The windows among ``keys`` that hold days of ``key``'s halo (the ``halo`` days before
    it), and the first of those days; none for the undated window or ``halo`` 0."""
    if key == UNDATED or halo <= 0:
        return [], None
    start = date.fromisoformat(key)
    first = start - timedelta(days=halo)
    out = [k for k in keys if k != UNDATED
           and date.fromisoformat(k) < start and date.fromisoformat(k) + timedelta(days=days) > first]
    return sorted(out), first.isoformat()


# --- plan.json ----------------------------------------------------------------------------------


def plan_document(inputs: Iterable[str], options: Options, partitions: list[Partition]) -> dict[str, Any]:
    from ..version import __version__

    return {"format": PLAN_FORMAT, "newsprism": __version__, "inputs": list(inputs),
            "options": asdict(options), "partitions": [p.as_dict() for p in partitions]}


def same_run(old: dict[str, Any], inputs: list[str], options: Options) -> str | None:
    """Why an earlier plan does not belong to this run (``None``: it does)."""
    if old.get("format") != PLAN_FORMAT:
        return f"it was written by another format of batch output ({old.get('format')})"
    if old.get("inputs") != inputs:
        return "its inputs differ from these"
    if old.get("options") != asdict(options):
        was = ", ".join(f"{k}={v}" for k, v in sorted(old.get("options", {}).items()))
        return f"it was made with other options ({was})"
    return None


def no_files(missing: tuple[Skipped, ...]) -> NoInputError:
    reasons = "; ".join(f"{s.source}: {s.reason}" for s in missing[:5]) or "no inputs given"
    return NoInputError(f"nothing to read ({reasons})")
