"""Cheap per-article features for near-duplicate detection and online story clustering.

No spaCy on this path (corpus ingest must sustain >= 100 articles/s on 2 cores):
regular-expression words, capitalised-name phrases mapped through the alias
table, hashing, one MinHash signature and at most one short sentence embedding.

What :class:`DocFeatures` holds, and why:

- ``terms``/``weights``/``idf``: content words (their Snowball stems) and numbers
  as 32-bit CRC ids, weighted by a sublinear, position-boosted count (title and
  lead count more) times an inverse frequency, and L2-normalised; ``idf`` keeps the inverse
  frequency each weight was made with.  Here that is a static prior from general
  English (the ``wordfreq`` package); corpus ingest re-weights each article with
  the store's document frequencies as it arrives (:func:`reweighted`,
  group/termstats.py), which needs no text, only ``weights / idf``.
- ``names``: canonical keys of the capitalised names (alias table first, else
  :func:`name_key`; a surname alone takes the full name used earlier in the
  same article), each with its last word as well ("obama" for "barack obama")
  so that "Obama" and "Barack Obama" meet across articles.  The same actors are
  half of "same event"; the other half is time and text.
- ``minhash``/``shingles``: a MinHash signature of the word 3-shingles and the
  number of distinct shingles (to turn an estimated Jaccard into an estimated
  containment, for truncated reprints).
- ``embedding``: the encoder's vector of the title and first sentences, when
  an encoder is given (``float16``), else ``None``.
- ``day``: the publication date (ISO) when the article has one; never guessed.

Cost per article (2-core machine, ~600-word article): ~1 ms for words, names and
MinHash; ~3 ms more for the embedding in batches of 64 (about 14 ms when
encoded one at a time, hence :func:`features_many`).
"""

from __future__ import annotations

import json
import math
import re
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..annotate.aliases import AliasTable, load_aliases, name_key
from ..lexicon.calendar import MONTH_NAMES, WEEKDAY_NAMES
from ..lexicon.words import stem
from ..model import Article

if TYPE_CHECKING:
    from datasketch import MinHash

    from ..embed import Encoder

__all__ = ["DocFeatures", "features", "features_many", "reweighted", "minhash_of", "shingle_hash",
           "NUM_PERM", "SHINGLE", "MINHASH_SEED"]

# --- constants ------------------------------------------------------------------------------
# MinHash: 128 permutations (std. error of a Jaccard estimate <= 0.044), datasketch's
# "affine32" scheme with a fixed seed; shingles are CRC-32 hashed.  Changing any of these
# changes every stored signature: bump FORMAT_VERSION with them.
NUM_PERM = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
# word 3-shingles: on the copies found in the eval data (see group/dedupe.py) they separate
# reprints from same-event articles as well as 4- or 5-shingles and survive light edits better
SHINGLE = 3
# words of an article taken into features (an article's cost must not grow without bound)
MAX_WORDS = 2000
# position boosts of a word's count: title words count 3x, the first LEAD_WORDS of the body 2x
TITLE_BOOST = 3.0
LEAD_BOOST = 2.0
LEAD_WORDS = 60
# term weight = (1 + log boosted count) x idf_prior(word); numbers ("#2000") get NUMBER_IDF.
# The vector is L2-normalised.  Calibrated with the clusterer (see group/stories.py).
MAX_IDF = 8.0
NUMBER_IDF = 4.0
# at most this many terms / names are kept per article (the heaviest)
MAX_TERMS = 400
MAX_NAMES = 40
# longer runs of capitalised words are headlines, not names
MAX_NAME_WORDS = 4
# text given to the encoder: the title and the body's first sentences, up to EMBED_WORDS words
EMBED_SENTENCES = 2
EMBED_WORDS = 60
FORMAT_VERSION = 4  # 4: Snowball stems (term ids changed); 3: idf kept beside the weights

_MAGIC = b"NPGF"

# common English function words and news verbs of attribution: never terms
STOPWORDS = frozenset("""
a about above after again against all almost also although am among an and another any are
around as at away back be became because become been before being below between both but by
came can cannot could did do does doing done down during each either else ever every few for
from further get gets got had has have having he her here hers herself him himself his how
however i if in into is it its itself just last least less like made make many may me might
more most much must my myself near neither never next no nor not now of off often on once one
only or other others our ours ourselves out over own per perhaps rather said same say says
see seen she should since so some still such than that the their theirs them themselves then
there these they this those though through thus to too toward towards under until up upon us
very via was we were what whatever when where whether which while who whom whose why will
with within without would yet you your yours yourself yourselves told tell tells according
added adding asked including includes include mr mrs ms dr news reported report reports
reporting week today yesterday tomorrow time times day days year years new two three
""".split()) | frozenset(WEEKDAY_NAMES) | frozenset(MONTH_NAMES)  # "may" is a stop word anyway

# capitalised words that open a sentence or a title but name nothing
_NAME_STOP = frozenset("""
a an the in on at by for from of to and but or if as so this that these those he she it they we
i you his her its their our my your there here what when where who why how after before while
with without during since until about against between into over under among mr mrs ms dr sen
rep gov president prime minister secretary chairman chief judge officer police sgt lt capt
today yesterday tomorrow updated posted
published last read more photo video watch breaking exclusive opinion analysis editorial
am pm no yes ok oh
""".split()) | frozenset(WEEKDAY_NAMES) | frozenset(MONTH_NAMES)
_CONNECT = frozenset({"of", "de", "del", "della", "da", "van", "von", "der", "den", "bin", "al",
                      "la", "le", "du", "y"})

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"[\w'’\-.]+|[^\w\s]")
_SENT_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])|\n\s*\n")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def term_id(term: str) -> int:
    """The 32-bit id of a term or name (CRC-32 of its UTF-8 form; stable across processes)."""
    return zlib.crc32(term.encode("utf-8"))


def name_id(name: str) -> int:
    """Names live in their own id space ("@" prefix), next to the words."""
    return zlib.crc32(b"@" + name.encode("utf-8"))


def shingle_hash(b: bytes) -> int:
    return zlib.crc32(b)


_PERMS: tuple[np.ndarray, np.ndarray] | None = None


def _empty_minhash() -> MinHash:
    # imported here: datasketch's package imports its LSH and SciPy (~0.3 s), which a run that
    # compares articles (the pair judge reads this module's word weights) never needs
    from datasketch import MinHash

    global _PERMS
    if _PERMS is None:
        m = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=shingle_hash, scheme=MINHASH_SCHEME)
        _PERMS = m.permutations
        return m
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=shingle_hash, scheme=MINHASH_SCHEME,
                   permutations=_PERMS)


def minhash_of(signature: np.ndarray) -> MinHash:
    """A datasketch MinHash holding a stored signature (for LSH queries)."""
    from datasketch import MinHash

    if _PERMS is None:
        _empty_minhash()  # computes the permutations once per process
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=shingle_hash, scheme=MINHASH_SCHEME,
                   hashvalues=signature, permutations=_PERMS)


@dataclass(frozen=True, eq=False)
class DocFeatures:
    """What dedupe and story clustering need of one article (see the module docstring)."""

    terms: np.ndarray  # uint32 term ids, sorted
    weights: np.ndarray  # float32, parallel to terms
    names: tuple[str, ...]  # canonical name keys, sorted
    name_weights: tuple[float, ...]  # parallel to names
    minhash: np.ndarray  # uint32[NUM_PERM]
    shingles: int  # distinct word shingles behind the signature
    embedding: np.ndarray | None = None  # float16[d], L2-normalised, or None
    day: str | None = None  # "YYYY-MM-DD" or None
    words: int = 0  # words read (title + body, up to MAX_WORDS)
    idf: np.ndarray | None = None  # float16, parallel to terms: the inverse frequency of each weight

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DocFeatures):
            return NotImplemented
        return (np.array_equal(self.terms, other.terms) and np.array_equal(self.weights, other.weights)
                and self.names == other.names and self.name_weights == other.name_weights
                and np.array_equal(self.minhash, other.minhash) and self.shingles == other.shingles
                and self.day == other.day and self.words == other.words
                and _same_array(self.idf, other.idf)
                and _same_array(self.embedding, other.embedding))

    __hash__ = None  # type: ignore[assignment]

    @property
    def name_ids(self) -> np.ndarray:
        cached = self.__dict__.get("_name_ids")
        if cached is None:
            cached = np.array([name_id(n) for n in self.names], dtype=np.uint32)
            object.__setattr__(self, "_name_ids", cached)
        return cached

    def to_bytes(self) -> bytes:
        """Compact blob: magic, a struct header, a small JSON part, then the raw arrays."""
        meta = json.dumps({"names": list(self.names), "nw": [round(w, 4) for w in self.name_weights],
                           "day": self.day}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        emb = b"" if self.embedding is None else self.embedding.astype("<f2").tobytes()
        dim = 0 if self.embedding is None else int(self.embedding.shape[0])
        idf = self.idf if self.idf is not None else np.zeros(len(self.terms), dtype=np.float16)
        head = struct.pack("<4sHIIIIHI", _MAGIC, FORMAT_VERSION, len(self.terms), len(meta),
                           int(self.shingles), int(self.words), len(self.minhash), dim)
        return b"".join([head, meta, self.terms.astype("<u4").tobytes(), self.weights.astype("<f4").tobytes(),
                         idf.astype("<f2").tobytes(), self.minhash.astype("<u4").tobytes(), emb])

    @staticmethod
    def version_of(blob: bytes) -> int | None:
        """The format version a features blob was written in (None: not a features blob)."""
        hsize = struct.calcsize("<4sHIIIIHI")
        if len(blob) < hsize or blob[:4] != _MAGIC:
            return None
        return int(struct.unpack_from("<H", blob, 4)[0])

    @classmethod
    def from_bytes(cls, blob: bytes) -> DocFeatures:
        hsize = struct.calcsize("<4sHIIIIHI")
        if len(blob) < hsize:
            raise ValueError("features blob is too short to hold a header: not a DocFeatures blob")
        magic, version, n, mlen, shingles, words, nperm, dim = struct.unpack_from("<4sHIIIIHI", blob)
        if magic != _MAGIC:
            raise ValueError("features blob does not start with the DocFeatures magic bytes")
        if version != FORMAT_VERSION:
            raise ValueError(f"features blob has format version {version}; this code reads {FORMAT_VERSION}:"
                             " recompute the features")
        expected = hsize + mlen + 10 * n + 4 * nperm + 2 * dim
        if len(blob) != expected:
            raise ValueError(f"features blob holds {len(blob)} bytes where its header says {expected}")
        p = hsize
        meta = json.loads(blob[p:p + mlen].decode("utf-8"))
        p += mlen
        terms = np.frombuffer(blob, dtype="<u4", count=n, offset=p).astype(np.uint32)
        p += 4 * n
        weights = np.frombuffer(blob, dtype="<f4", count=n, offset=p).astype(np.float32)
        p += 4 * n
        idf = np.frombuffer(blob, dtype="<f2", count=n, offset=p).astype(np.float16)
        p += 2 * n
        mh = np.frombuffer(blob, dtype="<u4", count=nperm, offset=p).astype(np.uint32)
        p += 4 * nperm
        emb = np.frombuffer(blob, dtype="<f2", count=dim, offset=p).astype(np.float16) if dim else None
        return cls(terms=terms, weights=weights, names=tuple(meta["names"]),
                   name_weights=tuple(float(w) for w in meta["nw"]), minhash=mh, shingles=shingles,
                   embedding=emb, day=meta["day"], words=words, idf=idf if idf.any() else None)


def _same_array(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and np.array_equal(a, b))


# --- extraction -----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_stems(text: str) -> list[str]:
    """Stems of a text's content words (stop words, words of one or two letters and whole
    numbers left out), in order: what two sentences must share to say the same thing."""
    return [stem(w) for w in _words(text) if len(w) > 2 and w not in STOPWORDS and not w.isdigit()]


_FREQ: dict[str, float] | None = None


def word_frequencies() -> dict[str, float]:
    """English word frequencies from the wordfreq package (offline data; loaded once, ~0.4 s)."""
    global _FREQ
    if _FREQ is None:
        import wordfreq

        _FREQ = wordfreq.get_frequency_dict("en", wordlist="best")
    return _FREQ


def idf_prior(word: str) -> float:
    """How telling a word is: -log10 of its frequency in general English, capped at MAX_IDF.

    The prior an article is weighted with before any corpus is known; corpus ingest blends
    in the store's document frequencies (group/termstats.py).
    """
    f = word_frequencies().get(word, 0.0)
    return min(-math.log10(f), MAX_IDF) if f > 0 else MAX_IDF


def _weighted_terms(title_words: list[str], body_words: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Term ids, their L2-normalised weights and the inverse frequency of each weight."""
    counts: dict[str, float] = {}
    surface: dict[str, str] = {}
    for boost, words in ((TITLE_BOOST, title_words), (LEAD_BOOST, body_words[:LEAD_WORDS]),
                         (1.0, body_words[LEAD_WORDS:])):
        for w in words:
            if w[0].isdigit():
                w = w.replace(",", "")
                if len(w) < 2:
                    continue
                key = "#" + w
            elif len(w) > 1 and w not in STOPWORDS:
                key = stem(w)
                surface.setdefault(key, w)
            else:
                continue
            counts[key] = counts.get(key, 0.0) + boost
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
    by_id: dict[int, float] = {}
    idf_of: dict[int, float] = {}
    for t, c in top:
        i = term_id(t)
        # idf rounded as it is stored, so that weights / idf gives back the counts exactly
        idf = float(np.float16(NUMBER_IDF if t.startswith("#") else idf_prior(surface[t])))
        idf_of.setdefault(i, idf)  # (two terms on one id, a CRC collision: the first one's)
        by_id[i] = by_id.get(i, 0.0) + (1.0 + math.log(c)) * idf
    ids = np.array(sorted(by_id), dtype=np.uint32)
    vec = np.array([by_id[int(i)] for i in ids], dtype=np.float32)
    idfs = np.array([idf_of[int(i)] for i in ids], dtype=np.float16)
    n = float(np.sqrt(np.dot(vec, vec)))
    return ids, (vec / n if n > 0 else vec).astype(np.float32), idfs


def reweighted(f: DocFeatures, idf: np.ndarray) -> DocFeatures:
    """``f`` with its term weights made with the inverse frequencies ``idf`` (parallel to
    ``f.terms``) instead of ``f.idf``: the counts part (``weights / f.idf``) is kept and the
    vector L2-normalised again.  Features without ``idf`` (an older format) are returned as
    they are."""
    if f.idf is None or len(f.terms) == 0:
        return f
    new_idf = np.asarray(idf, dtype=np.float16)
    old = f.idf.astype(np.float64)
    vec = f.weights.astype(np.float64) / np.where(old > 0, old, 1.0) * new_idf.astype(np.float64)
    n = float(np.sqrt(np.dot(vec, vec)))
    w = (vec / n if n > 0 else vec).astype(np.float32)
    return DocFeatures(terms=f.terms, weights=w, names=f.names, name_weights=f.name_weights, minhash=f.minhash,
                       shingles=f.shingles, embedding=f.embedding, day=f.day, words=f.words, idf=new_idf)


def _is_cap(tok: str) -> bool:
    core = tok.rstrip(".")
    if not core or not core[0].isupper():
        return False
    letters = core.replace(".", "").replace("-", "").replace("'", "").replace("’", "")
    if not letters.isalpha():
        return False
    return not (core.isupper() and len(letters) > 5)  # SHOUTED headline words are not names


def _name_phrases(text: str) -> list[str]:
    """Runs of capitalised words ("Gulf of Aden", "Lindsay Lohan"), stop words trimmed."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        while run and run[-1].lower() in _CONNECT:
            run.pop()
        if run and len(run) <= MAX_NAME_WORDS:
            out.append(" ".join(run))
        run.clear()

    for tok in _TOKEN.findall(text):
        if _is_cap(tok):
            word = tok.rstrip(".") if not tok.replace(".", "").isupper() else tok
            possessive = word.endswith(("'s", "’s", "'", "’"))
            word = _POSSESSIVE.sub("", word)
            low = word.lower()
            if low in _NAME_STOP or low.startswith(("i'", "i’")):
                flush()  # "The", "President", "Into", "I'm": never part of a name here
            else:
                run.append(word)
            if possessive:
                flush()  # "California's Betty Ford Center": two names
            core = tok.rstrip(".")
            if tok.endswith(".") and len(core) > 3 and "." not in core:
                flush()  # the word ends a sentence
            continue
        if run and tok.lower() in _CONNECT:
            run.append(tok)
            continue
        flush()
    flush()
    return out


def _names(body: str, title: str, aliases: AliasTable) -> tuple[tuple[str, ...], tuple[float, ...]]:
    text = body if len(body) >= 200 or not title else f"{title}.\n\n{body}"
    lower_words = {w for w in _WORD.findall(text) if w.islower()}
    counts: dict[str, float] = {}
    full_by_last: dict[str, str] = {}
    for phrase in _name_phrases(text[:20000]):
        words = phrase.split()
        while len(words) > 1 and words[0].lower() in lower_words:
            words.pop(0)  # "Actress Lindsay Lohan": a word the article also writes in lower case
        phrase = " ".join(words)
        hit = aliases.lookup(phrase)
        if hit is not None:
            key = hit.canonical.lower()
        else:
            key = name_key(phrase)
            if not key or len(key) < 2:
                continue
            parts = key.split()
            if len(parts) == 1:
                if key in lower_words or key in STOPWORDS:
                    continue  # a common word that happens to open a sentence
                key = full_by_last.get(key, key)
        parts = key.split()
        if len(parts) > 1:
            full_by_last.setdefault(parts[-1], key)
        counts[key] = counts.get(key, 0.0) + 1.0
    weighted: dict[str, float] = {}
    for key, c in counts.items():
        weighted[key] = weighted.get(key, 0.0) + c
        parts = key.split()
        if len(parts) > 1 and len(parts[-1]) > 2:
            weighted[parts[-1]] = weighted.get(parts[-1], 0.0) + c  # the surname / head word, so short mentions meet full ones
    top = sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NAMES]
    top.sort()
    return tuple(k for k, _ in top), tuple(round(1.0 + math.log(c), 4) for _, c in top)


def _shingle_signature(words: list[str]) -> tuple[np.ndarray, int]:
    k = SHINGLE
    if not words:
        sh: set[str] = set()
    elif len(words) < k:
        sh = {" ".join(words)}
    else:
        sh = {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}
    m = _empty_minhash()
    if sh:
        m.update_batch([s.encode("utf-8") for s in sorted(sh)])
    return np.asarray(m.hashvalues, dtype=np.uint32).copy(), len(sh)


def embedding_text(article: Article) -> str:
    """What the encoder sees: the title and the first sentences of the body."""
    body = article.text.strip()
    sentences = [s.strip() for s in _SENT_END.split(body[:3000]) if s.strip()][:EMBED_SENTENCES]
    parts = ([article.title.strip()] if article.title else []) + sentences
    words = " ".join(parts).split()
    return " ".join(words[:EMBED_WORDS])


def _day(article: Article) -> str | None:
    p = (article.published or "")[:10]
    return p if _DAY.match(p) else None


def _base(article: Article, aliases: AliasTable) -> DocFeatures:
    title = article.title or ""
    title_words = _words(title)
    body_words = _words(article.text)[:MAX_WORDS]
    terms, weights, idf = _weighted_terms(title_words, body_words)
    names, name_weights = _names(article.text, title, aliases)
    sig, n_sh = _shingle_signature((title_words + body_words)[:MAX_WORDS])
    return DocFeatures(terms=terms, weights=weights, names=names, name_weights=name_weights, minhash=sig,
                       shingles=n_sh, embedding=None, day=_day(article),
                       words=min(len(title_words) + len(body_words), MAX_WORDS), idf=idf)


def features(article: Article, aliases: AliasTable | None = None, encoder: Encoder | None = None) -> DocFeatures:
    """The grouping features of one article; with ``encoder``, its short embedding too.

    For many articles use :func:`features_many`: it encodes in batches (~4x faster).
    """
    return features_many([article], aliases, encoder)[0]


def features_many(articles: Iterable[Article], aliases: AliasTable | None = None,
                   encoder: Encoder | None = None, batch: int = 64) -> list[DocFeatures]:
    """Features of several articles, embeddings encoded in batches of ``batch``."""
    table = aliases if aliases is not None else load_aliases()
    arts = list(articles)
    out = [_base(a, table) for a in arts]
    if encoder is None or not arts:
        return out
    texts = [embedding_text(a) or (a.title or "") for a in arts]
    vecs: list[np.ndarray] = []
    for i in range(0, len(texts), batch):
        vecs.extend(np.asarray(encoder.encode(texts[i:i + batch]), dtype=np.float32))
    return [_with_embedding(f, v) for f, v in zip(out, vecs, strict=True)]


def _with_embedding(f: DocFeatures, v: np.ndarray) -> DocFeatures:
    n = float(np.linalg.norm(v))
    emb = (v / n if n > 0 else v).astype(np.float16)
    return DocFeatures(terms=f.terms, weights=f.weights, names=f.names, name_weights=f.name_weights,
                       minhash=f.minhash, shingles=f.shingles, embedding=emb, day=f.day, words=f.words,
                       idf=f.idf)
