"""MSR Paraphrase Corpus pairs as newsprism statements, with their embeddings (cached).

Read by eval/train_judge.py.  The file is ``<data>/msr_paraphrase_train.txt``: tab-separated,
a header line (first byte a UTF-8 BOM), then ``Quality  #1 ID  #2 ID  #1 String  #2 String``
with quoting off (the strings hold quotation marks); Quality 1 = the two sentences mean the same.

Each sentence is analysed as a one-sentence article by newsprism's own stages (clean, annotate
with 2 workers, then the run-wide link step on the two articles of each pair, as ``analyze``
does for a two-article run), and :func:`~newsprism.compare.statements.build_statements` gives
its clauses.  The pair judge and the baseline see one statement per sentence: the sentence's
text with the union of its clauses' slots (entities, numbers, dates, places), the first
speaker found, negated when a clause is.  MSRP gives no publication dates; every sentence gets
the same one (``ANCHOR_DAY``: the corpus is 2003-2004 news, and the two sentences of a pair were
published close together), so relative dates ("yesterday") resolve alike on both sides.

The embeddings (the default encoder, of each sentence as the comparison reads it) and the statements are
cached under ``--cache`` (by default a folder in the system temp dir), keyed by a hash of the
file: encoding and annotating the 7,817 sentences takes a few minutes on 2 cores, a rerun
seconds.
"""

from __future__ import annotations

import csv
import hashlib
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsprism.annotate.across import link_run
from newsprism.compare.statements import build_statements
from newsprism.config import load_settings
from newsprism.disjoint import DisjointSets
from newsprism.embed import load_encoder
from newsprism.model import RawDocument, Statement
from newsprism.pipeline import annotate_raw

TRAIN_FILE = "msr_paraphrase_train.txt"
HEADER = ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"]
ANCHOR_DAY = "2004-01-15"
# bump when what is cached changes (the statements' construction here)
CACHE_VERSION = 13  # 2: relative clauses dated apart are statements of their own; Statement.reads
# 3: actors without appositions; verbs through predicate adjectives; Statement.repeated
# 4: a negation spans "or" ("never changed or evolved"), not a clause hung under a later verb
# 5: "such a meeting" read with the meeting it stands for (Statement.reads)
# 6: speakers: a "Chief of Staff" is not "the president"; a subject pronoun is not the person
#    its clause names after it; a participle of saying under the reported clause is the sayer's;
#    a dateline is no speaker
# 7: an office's department is not its holder's name ("Secretary of Defense Lloyd Austin")
# 8: a listed person with a middle initial is that person ("Vladimir V. Putin")
# 9: (a rule for "Van Drew", dropped in review for the one of 10)
# 10: a name that ends exactly one other's is that person ("Coney Barrett", "Van Drew"); "Crown"
#     is a title
# 11: a "Source:" sentence is no statement in any of its parts; a section label ("Details:",
#     "Quote:") is no part of the statement after it
# 12: alias rows for Nicolás Maduro ("Nicholas") and Jerrold Nadler ("Jerry")
# 13: Statement.renames (names read as their entities'), and the embeddings of the statements'
#     compared text, not of the sentence strings as given
ENCODE_BATCH = 256
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "newsprism-judge-cache"


class DataError(Exception):
    """The MSRP file cannot be read as expected; the message names the file and the line."""


@dataclass(frozen=True)
class Pair:
    label: int
    id_a: str
    id_b: str
    text_a: str
    text_b: str


def read_pairs(data: Path) -> list[Pair]:
    """The labelled pairs of ``<data>/msr_paraphrase_train.txt`` (or ``data`` itself, a file)."""
    path = data / TRAIN_FILE if data.is_dir() else data
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not rows or rows[0] != HEADER:
        raise DataError(f"{path}: expected the header {HEADER}, found {rows[0] if rows else 'nothing'}")
    pairs = []
    for n, row in enumerate(rows[1:], 2):
        if len(row) != 5 or row[0] not in ("0", "1"):
            raise DataError(f"{path}, line {n}: expected 5 tab-separated fields, quality 0 or 1")
        pairs.append(Pair(int(row[0]), row[1], row[2], row[3], row[4]))
    if not pairs:
        raise DataError(f"{path}: no pairs")
    return pairs


def sentences(pairs: Sequence[Pair]) -> dict[str, str]:
    """Sentence id -> text (each sentence once; the ids are the corpus's own)."""
    out: dict[str, str] = {}
    for p in pairs:
        out.setdefault(p.id_a, p.text_a)
        out.setdefault(p.id_b, p.text_b)
    return out


def components(pairs: Sequence[Pair]) -> np.ndarray:
    """A group number per pair: pairs that share a sentence, directly or through others, share
    a group, so grouped folds never put one sentence in both train and test."""
    sets = DisjointSets()
    for p in pairs:
        sets.join(p.id_a, p.id_b)
    roots: dict[str, int] = {}
    return np.array([roots.setdefault(sets.find(p.id_a), len(roots)) for p in pairs])


def _key(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def file_hash(data: Path) -> str:
    """sha256 (first 16 hex digits) of the pairs file."""
    return _key(data / TRAIN_FILE if data.is_dir() else data)


def embeddings(pairs: Sequence[Pair], statements: Sequence[tuple[Statement, Statement]], data: Path,
               cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """The encoder's vectors of each pair's two sentences as the comparison reads them (the
    statements' ``compared`` text: names read as their entities', ``Statement.renames``); two
    arrays, one row per pair."""
    texts: dict[str, str] = {}
    for p, (a, b) in zip(pairs, statements, strict=True):
        texts.setdefault(p.id_a, a.compared)
        texts.setdefault(p.id_b, b.compared)
    ids = sorted(texts)
    encoder = load_encoder()
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"embeddings-v{CACHE_VERSION}-{encoder.name}-{file_hash(data)}.npy"
    if path.exists():
        vectors = np.load(path)
    else:
        vectors = np.concatenate([encoder.encode([texts[i] for i in ids[k:k + ENCODE_BATCH]])
                                  for k in range(0, len(ids), ENCODE_BATCH)])
        np.save(path, vectors)
    row = {s: k for k, s in enumerate(ids)}
    return (vectors[[row[p.id_a] for p in pairs]], vectors[[row[p.id_b] for p in pairs]])


def _merged(article: str, text: str, clauses: list[Statement]) -> Statement:
    """One statement for a whole sentence: its text and the union of its clauses' slots."""
    return Statement(
        id=f"{article}:s1", article=article, start=0, end=len(text), text=text, sentence=0,
        entities=tuple(sorted({e for c in clauses for e in c.entities})),
        actors=tuple(sorted({e for c in clauses for e in c.actors})),
        places=tuple(sorted({e for c in clauses for e in c.places})),
        numbers=tuple(sorted({n for c in clauses for n in c.numbers})),
        dates=tuple(sorted({d for c in clauses for d in c.dates})),
        negated=any(c.negated for c in clauses),
        verb=next((c.verb for c in clauses if c.verb), None),
        speaker=next((c.speaker for c in clauses if c.speaker), None),
        verbs=tuple(v for c in clauses for v in c.verbs),
        renames=tuple(sorted({r for c in clauses for r in c.renames}, key=lambda r: (-len(r[0]), r[0]))),
    )


def statements(pairs: Sequence[Pair], data: Path, cache: Path) -> list[tuple[Statement, Statement]]:
    """Each pair's two sentence statements (see the module docstring)."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"statements-v{CACHE_VERSION}-{file_hash(data)}.pkl"
    if path.exists():
        with path.open("rb") as f:
            cached: list[tuple[Statement, Statement]] = pickle.load(f)
        if len(cached) == len(pairs):
            return cached
    texts = sentences(pairs)
    ids = sorted(texts)
    raws = [RawDocument(id=i, source=f"msrp:{i}", text=texts[i], format="text",
                        meta={"published": ANCHOR_DAY}) for i in ids]
    results = dict(zip(ids, annotate_raw(raws, load_settings(workers=2)), strict=True))
    out = []
    for p in pairs:
        clauses = build_statements(link_run([results[p.id_a], results[p.id_b]]))
        out.append((_merged(p.id_a, p.text_a, [c for c in clauses if c.article == p.id_a]),
                    _merged(p.id_b, p.text_b, [c for c in clauses if c.article == p.id_b])))
    with path.open("wb") as f:
        pickle.dump(out, f)
    return out
