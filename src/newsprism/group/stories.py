"""Online story clustering: each arriving article joins the best live story or starts one.

Same event = same actors + same time window + similar text (DESIGN.md, point 5).  A
story keeps a *profile*: the sum of its articles' term vectors (L2-normalised, weighted
by inverse word frequencies: a static prior blended with the corpus's document frequencies
when the article arrived, see group/features.py and group/termstats.py), the sum of their
embeddings, its first and last day, its size, and the counts of the names its articles
use.  An article is scored against each candidate story by its *average* similarity to
the story's articles (average linkage, which a sum of unit vectors gives exactly):

    score = (W_TERMS * a.T_sum / n + W_EMBED * e.E_sum / n_e) / (W_TERMS + W_EMBED)

(terms alone when either side has no embedding).  Time proximity: when the article's
and the story's days are both known and the article lies more than ``WINDOW_DAYS``
outside the story's span, ``TIME_PENALTY`` is taken off its score, ``TIME_SLOPE`` more
per 30 days further out, at most ``TIME_PENALTY_MAX`` (a soft window: a story's coverage
can run for months -- ECB+'s gold stories span up to 649 days -- while a look-alike event
months later, a second nuclear test or the next endorsement, needs more text in common).
Unknown dates never count against anything (and are never guessed).

Local scaling (:meth:`StoryClusterer._density`, :meth:`StoryClusterer._adjust`): one fixed
threshold on raw similarity serves neither an article in a crowded topic (one more
statement in a running political row is similar to the articles of many other events)
nor one that shares few words with anything (an opinion piece on its own event).  Each
article gets a *density* when it arrives, the mean of its ``DENSITY_K`` highest
similarities to the articles before it (a story's articles counted at the story's average
similarity, so no article-level comparison is needed); a story's density is its members'
mean.  ``DENSITY_WEIGHT`` times the mean of the article's and the story's densities, less
the mean density of the live stories' articles, is taken off the score, by at most
``DENSITY_CLIP`` either way: the CSLS of cross-lingual retrieval (Conneau et al., 2018)
against the hubness of nearest neighbours.  The clip keeps it a correction: unbounded, a
tight event among unrelated news (far denser than the corpus) would stop growing after a
few articles.  Densities are kept as integers (``_R_SCALE`` units) so that their sums
are exact whatever the order of additions, and a restored clusterer scores exactly as an
uninterrupted one.

- best score >= ``JOIN_THRESHOLD``: the article joins that story;
- when the best score also reaches ``MERGE_THRESHOLD`` and other candidates do too (the
  article bridges them), they are merged into the largest (ties: the older id) and
  reported in :attr:`Assignment.merged`;
- else the article starts a story of one (singletons are stories, never noise).

Refinement (:meth:`StoryClusterer.refine`, run by the ingester after each batch on the
stories the batch touched): a one-pass clusterer leaves an article in the story that
was best when it arrived, even after its own event's story has formed.  The clusterer
remembers the features of each story's ``MEMBER_CAP`` most recent articles
(``MAX_MEMBERS`` in all); a remembered article moves to the best of
``REFINE_CANDIDATES`` other stories when it scores at least the join threshold there
and more than ``MOVE_MARGIN`` above its average similarity to the rest of its own story
(profiles are sums, so taking an article out is a subtraction).  A story left empty is
reported as absorbed by the story that took its last article.  A pass re-scores at most
``REFINE_BUDGET`` members per article placed since the previous refinement, taken in turn
from each touched story, oldest remembered member first (those were placed when the
stories knew least): without that bound a batch cost more as its stories filled up (up
to ``MEMBER_CAP`` re-scorings per touched story).  When a pass moved articles, another
one (``REFINE_PASSES`` in all) looks again at those stories and the ones that took them.

Cost per article does not grow with the corpus: candidates come from an inverted index
over each live story's ``INDEX_TERMS`` heaviest terms and ``INDEX_NAMES`` most used names
(names find the stories of the same actors even when the wording differs); a posting
keeps the ``POSTING_CAP`` most recently updated stories with the story's mean weight of
that key, and the ``MAX_CANDIDATES`` stories with the largest partial dot product over
the looked-up keys are scored (names count ``NAME_RANK`` as much as terms there: ranking
by the article's weights alone let common names such as "Trump" crowd the real story
out of the candidates for 11% of same-story pairs on NeuS; see docs/evaluation.md), profiles keep ``PROFILE_TERMS``/``PROFILE_NAMES`` entries, and at
most ``MAX_LIVE`` stories stay live (least recently updated leave first; in a feed that
arrives in time order these are the oldest, and an archive replayed out of order still
finds its stories).

State: :meth:`StoryClusterer.state_bytes` serialises one story (profile, days, index
keys, sequence numbers, its density sum and its remembered members' densities; a state of
version 2, written before local scaling, is read with its density unknown);
:meth:`StoryClusterer.restore` puts it back.  Restoring every live story into a fresh
clusterer, then :meth:`StoryClusterer.remember` of the recent articles (oldest first),
gives the same assignments and refinements as an uninterrupted run.
Given the input order, everything is deterministic (ties break on story ids).
"""

from __future__ import annotations

import struct
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import islice

import numpy as np

from .features import DocFeatures

__all__ = ["Assignment", "Refinement", "StoryClusterer", "Settings", "state_densities",
           "W_TERMS", "W_EMBED", "JOIN_THRESHOLD", "MERGE_THRESHOLD", "WINDOW_DAYS"]

# --- constants ------------------------------------------------------------------------------
# Weights and thresholds: grid search (eval/stories.py --calibrate) maximising the mean
# B-cubed F1 of 600 NeuS *train* triplets and the *odd* ECB+ topics, two seeded shuffles
# each, with the per-batch refinement, the articles weighted with the corpus document
# frequencies (group/termstats.py) and their words reduced to Snowball stems (objective
# 0.873; the plural-only stemmer's best was 0.868 at join 0.3, the static prior's 0.866);
# NeuS val and the even ECB+ topics were not used.  See docs/evaluation.md.  With local scaling
# (DENSITY_*, below) the same search chose merge 0.45 (was 0.4) and kept join 0.3125: objective
# 0.868 -> 0.886 with five shuffles (NeuS train600 0.836 -> 0.869, ECB+ odd 0.900 -> 0.903).
W_TERMS = 1.0
W_EMBED = 0.2
JOIN_THRESHOLD = 0.3125
MERGE_THRESHOLD = 0.45
# An article dated more than WINDOW_DAYS outside a story's span (both dates known) scores
# TIME_PENALTY less against it, TIME_SLOPE more per 30 days beyond, at most TIME_PENALTY_MAX.
# Hardly measurable on the eval sets (145 of ECB+'s 982 documents carry a date, NeuS none;
# on the odd ECB+ topics a flat penalty of 0 / 0.1 / a hard cut-off scored B-cubed F1
# 0.872 / 0.871 / 0.870 in an earlier round; the graded penalty 0.1 -> 0.15 against the flat
# 0.1: 0.902 / 0.903 with five shuffles): chosen for news, where most coverage of an event
# falls within days.  Read on 928 dated PolNeAR articles, the flat 0.1 let five pairs of
# different events 55-278 days apart into one story (two North Korean nuclear tests, the
# AFL-CIO holding off and then endorsing); the graded one keeps four of them apart.
WINDOW_DAYS = 7
TIME_PENALTY = 0.1
TIME_SLOPE = 0.05  # ... and this much more per 30 days further out
TIME_PENALTY_MAX = 0.15  # ... up to this
# bounds on the cost of one article
QUERY_TERMS = 20  # the article's heaviest terms looked up in the index
QUERY_NAMES = 10  # and its heaviest names
INDEX_TERMS = 30  # a story is indexed under its heaviest terms
INDEX_NAMES = 10  # and its most used names
POSTING_CAP = 64  # a posting keeps the most recently updated stories
MAX_CANDIDATES = 24  # stories scored per article (those with the largest partial dot product)
NAME_RANK = 0.01  # a name's share in that ranking, relative to a term (names are not scored)
PROFILE_TERMS = 400  # terms kept in a story's profile
PROFILE_NAMES = 60  # names kept in a story's profile
MAX_LIVE = 20_000  # live stories at most (least recently updated leave first)
# refinement (see refine()): a remembered member moves to the best of REFINE_CANDIDATES
# other stories when it scores at least the join threshold there and more than
# MOVE_MARGIN above its average similarity to the rest of its own story
REFINE_CANDIDATES = 8
MOVE_MARGIN = 0.0
MEMBER_CAP = 32  # members remembered (with their features) per story, the most recent
MAX_MEMBERS = 20_000  # members remembered in all, the most recently placed
REFINE_BUDGET = 4  # members re-scored per refinement pass, per article placed since the last refinement
REFINE_PASSES = 2  # a second pass when the first moved articles (calibration: objective 0.856 -> 0.860)
# local density scaling (see _density and _adjust): an article's density is the mean of its
# DENSITY_K highest similarities to the articles before it; DENSITY_WEIGHT of the mean of the
# article's and the story's densities, less the live stories' mean density, is taken off the
# score (0: off)
DENSITY_K = 3
DENSITY_WEIGHT = 1.0
DENSITY_CLIP = 0.075  # ... by at most this much either way
_R_SCALE = 1 << 20  # densities are kept in these units, as integers: their sums are exact in any order

_STATE_VERSION = 3  # 3: the density part after the profile (2 is read as density unknown)
_DENSITY_HEAD = "<qqI"  # the story's density sum and count, the number of remembered members' densities
_HEAD = "<4sHqqqqiiIIIIHHf"
_MAGIC = b"NPST"
_NO_DAY = -1


@dataclass(frozen=True)
class Settings:
    """The clustering constants, overridable (for calibration and tests)."""

    w_terms: float = W_TERMS
    w_embed: float = W_EMBED
    join: float = JOIN_THRESHOLD
    merge: float = MERGE_THRESHOLD
    window_days: int = WINDOW_DAYS
    time_penalty: float = TIME_PENALTY
    time_slope: float = TIME_SLOPE
    time_penalty_max: float = TIME_PENALTY_MAX
    query_terms: int = QUERY_TERMS
    query_names: int = QUERY_NAMES
    index_terms: int = INDEX_TERMS
    index_names: int = INDEX_NAMES
    posting_cap: int = POSTING_CAP
    max_candidates: int = MAX_CANDIDATES
    profile_terms: int = PROFILE_TERMS
    profile_names: int = PROFILE_NAMES
    max_live: int = MAX_LIVE
    name_rank: float = NAME_RANK
    refine_candidates: int = REFINE_CANDIDATES
    move_margin: float = MOVE_MARGIN
    member_cap: int = MEMBER_CAP
    max_members: int = MAX_MEMBERS
    refine_budget: int = REFINE_BUDGET
    refine_passes: int = REFINE_PASSES
    density_k: int = DENSITY_K
    density_weight: float = DENSITY_WEIGHT
    density_clip: float = DENSITY_CLIP


@dataclass(frozen=True)
class Assignment:
    """Where an article went: its story, whether that story is new, what it absorbed."""

    story: int
    is_new: bool
    merged: tuple[int, ...] = ()
    score: float = 0.0


@dataclass(frozen=True)
class Refinement:
    """What :meth:`StoryClusterer.refine` changed: ``moved`` holds (article key, old story,
    new story), in order; ``emptied`` holds (story left without articles, the story that
    took its last one)."""

    moved: tuple[tuple[object, int, int], ...] = ()
    emptied: tuple[tuple[int, int], ...] = ()


class _Member:
    __slots__ = ("key", "terms", "w", "names", "nw", "emb", "day", "r")

    def __init__(self, key: object, terms: np.ndarray, w: np.ndarray, names: np.ndarray, nw: np.ndarray,
                 emb: np.ndarray | None, day: int | None) -> None:
        self.key, self.terms, self.w, self.names, self.nw = key, terms, w, names, nw
        self.emb, self.day = emb, day
        self.r: int | None = None  # density when it arrived, in _R_SCALE units (None: unknown)


def _member_of(key: object, f: DocFeatures) -> _Member:
    """An article as the clusterer scores and remembers it (names sorted by id)."""
    names = f.name_ids
    nw = np.asarray(f.name_weights, dtype=np.float32)
    order = np.argsort(names, kind="stable")
    emb = None if f.embedding is None else f.embedding.astype(np.float32)
    return _Member(key, f.terms, f.weights, names[order], nw[order], emb, _ordinal(f.day))


class _Story:
    __slots__ = ("id", "size", "terms", "tw", "names", "nw", "emb", "emb_n", "first", "last", "seq", "keys",
                 "r_sum", "r_n")

    def __init__(self, sid: int) -> None:
        self.id = sid
        self.size = 0
        self.terms = np.zeros(0, dtype=np.uint32)  # term ids (sorted)
        self.tw = np.zeros(0, dtype=np.float32)  # summed unit-vector weights
        self.names = np.zeros(0, dtype=np.uint32)  # name ids (sorted)
        self.nw = np.zeros(0, dtype=np.float32)  # summed name weights
        self.emb: np.ndarray | None = None  # sum of member embeddings (float32)
        self.emb_n = 0
        self.first: int | None = None  # date ordinals
        self.last: int | None = None
        self.seq = 0  # when the story was last updated
        self.keys: tuple[int, ...] = ()  # index keys (term ids, then name ids)
        self.r_sum = 0  # members' densities summed (_R_SCALE units), over the r_n members whose density is known
        self.r_n = 0


def state_densities(blob: bytes) -> tuple[int, int, dict[int, int]]:
    """The density part of a story state (:meth:`StoryClusterer.state_bytes`): the story's
    density sum and count (``_R_SCALE`` units) and its remembered members' densities by
    article key; ``(0, 0, {})`` -- unknown -- for a version-2 state.  Raises ValueError for
    a blob that is not a story state or whose length does not match its header."""
    hsize = struct.calcsize(_HEAD)
    if len(blob) < hsize:
        raise ValueError("story state blob is too short to hold a header")
    magic, version, *_, nt, nn, dim, _emb_n, _r1, _r2, _r3 = struct.unpack_from(_HEAD, blob)
    if magic != _MAGIC:
        raise ValueError("story state blob does not start with the StoryClusterer magic bytes")
    if version not in (2, _STATE_VERSION):
        raise ValueError(f"story state has version {version}; this code reads 2 and {_STATE_VERSION}")
    p = expected = hsize + 9 * nt + 9 * nn + 4 * dim
    r_sum = r_n = n = 0
    if version >= 3:
        dsize = struct.calcsize(_DENSITY_HEAD)
        if len(blob) >= p + dsize:
            r_sum, r_n, n = struct.unpack_from(_DENSITY_HEAD, blob, p)
        expected += dsize + 12 * n
    if len(blob) != expected:
        raise ValueError(f"story state blob holds {len(blob)} bytes where its header says {expected}")
    if not n:
        return int(r_sum), int(r_n), {}
    p += struct.calcsize(_DENSITY_HEAD)
    keys = np.frombuffer(blob, "<i8", n, p).tolist()
    return int(r_sum), int(r_n), dict(zip(keys, np.frombuffer(blob, "<i4", n, p + 8 * n).tolist(), strict=True))


def _ordinal(day: str | date | None) -> int | None:
    if day is None:
        return None
    if isinstance(day, date):
        return day.toordinal()
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None


def _add_sparse(ids_a: np.ndarray, w_a: np.ndarray, ids_b: np.ndarray, w_b: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    ids = np.concatenate([ids_a, ids_b])
    if not len(ids):
        return ids.astype(np.uint32), np.zeros(0, dtype=np.float32)
    uniq, inv = np.unique(ids, return_inverse=True)
    sums = np.bincount(inv, weights=np.concatenate([w_a, w_b]).astype(np.float64), minlength=len(uniq))
    return uniq.astype(np.uint32), sums.astype(np.float32)


def _cap(ids: np.ndarray, w: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``limit`` heaviest entries (ties: the lower id), still sorted by id."""
    if len(ids) <= limit:
        return ids, w
    keep = np.sort(np.lexsort((ids, -w))[:limit])
    return ids[keep], w[keep]


def _top(ids: np.ndarray, w: np.ndarray, k: int) -> list[tuple[int, float]]:
    order = np.lexsort((ids, -w))[:k]
    return [(int(ids[i]), float(w[i])) for i in order]


def _sparse_dot(ids_a: np.ndarray, w_a: np.ndarray, ids_b: np.ndarray, w_b: np.ndarray) -> float:
    """Dot product of two sparse vectors (ids sorted and unique on both sides)."""
    if not len(ids_a) or not len(ids_b):
        return 0.0
    pos = np.searchsorted(ids_b, ids_a)
    np.minimum(pos, len(ids_b) - 1, out=pos)
    hit = ids_b[pos] == ids_a
    return float(np.dot(w_a[hit].astype(np.float64), w_b[pos[hit]].astype(np.float64)))


class StoryClusterer:
    """Online clustering of articles into stories (see the module docstring)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.s = settings or Settings()
        self._live: OrderedDict[int, _Story] = OrderedDict()  # least recently updated first
        self._postings: dict[int, dict[int, float]] = {}  # key id -> {story id: its mean weight}, oldest update first
        self._arrays: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # postings as arrays, built when queried
        self._next_id = 1
        self._seq = 0
        self.examined = 0  # candidate stories scored, in total (a cost counter)
        self.last_examined = 0  # ... for the latest article
        self.looked_up = 0  # postings entries visited, in total
        self._restored = False
        self._members: dict[int, OrderedDict[object, _Member]] = {}  # story -> recent members
        self._home: OrderedDict[object, int] = OrderedDict()  # member key -> story, oldest placed first
        self.moves = 0  # articles moved, in total
        self.rescored = 0  # members re-scored by refinements, in total (a cost counter)
        self._placed = 0  # articles placed since the last refinement
        self._r_sum = 0  # densities of the live stories' members, summed (_R_SCALE units) ...
        self._r_n = 0  # ... over this many members
        self._restored_r: dict[int, int] = {}  # remembered members' densities read from restored states

    # --- public API -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._live)

    def live_stories(self) -> list[int]:
        """Ids of the stories in memory, least recently updated first."""
        return list(self._live)

    def add(self, key: object, f: DocFeatures) -> Assignment:
        """Place one article (``key`` is the caller's id for it; it is not kept)."""
        if self._restored:
            self._finish_restore()
        self._restored_r.clear()  # (what remember() did not claim is not needed any more)
        member = _member_of(key, f)
        sims = self._similarities(member)
        member.r = self._density(sims)
        scored = self._scored(member, sims)
        self._seq += 1
        self._placed += 1
        self._count_in(member)
        if not scored or scored[0][0] < self.s.join:
            story = self._new_story()
            self._absorb_article(story, member)
            self._remember(member, story.id)
            return Assignment(story.id, True, (), scored[0][0] if scored else 0.0)
        best_score = scored[0][0]
        target = self._live[scored[0][1]]
        merged: tuple[int, ...] = ()
        bridged = [self._live[sid] for sc, sid in scored if sc >= self.s.merge]
        if best_score >= self.s.merge and len(bridged) > 1:
            target = min(bridged, key=lambda st: (-st.size, st.id))
            gone = sorted(st.id for st in bridged if st.id != target.id)
            for sid in gone:
                self._merge_into(target, self._live[sid])
            merged = tuple(gone)
        self._absorb_article(target, member)
        self._remember(member, target.id)
        return Assignment(target.id, False, merged, float(best_score))

    def _count_in(self, m: _Member) -> None:
        """A new article's density joins the live stories' total."""
        if m.r is not None:
            self._r_sum += m.r
            self._r_n += 1

    def remember(self, key: object, story: int, f: DocFeatures) -> None:
        """Tell a restored clusterer that article ``key`` (already counted in ``story``'s
        saved profile) is a member it may move later; call it oldest article first."""
        if self._restored:
            self._finish_restore()
        if story in self._live:
            m = _member_of(key, f)
            m.r = self._restored_r.pop(key, None) if isinstance(key, int) else None
            self._remember(m, story)

    def state_bytes(self, story: int) -> bytes:
        """One live story's clustering state, for the store."""
        if self._restored:
            self._finish_restore()
        st = self._live.get(story)
        if st is None:
            raise KeyError(f"story {story} is not live in this clusterer (evicted, merged or unknown)")
        dim = 0 if st.emb is None else int(st.emb.shape[0])
        keyset = set(st.keys)
        t_flag = np.array([int(t) in keyset for t in st.terms], dtype=np.uint8)
        n_flag = np.array([int(n) in keyset for n in st.names], dtype=np.uint8)
        head = struct.pack(_HEAD, _MAGIC, _STATE_VERSION, st.id, st.size, st.seq, self._next_id,
                           _NO_DAY if st.first is None else st.first, _NO_DAY if st.last is None else st.last,
                           len(st.terms), len(st.names), dim, st.emb_n, 0, 0, 0.0)
        parts = [head, st.terms.astype("<u4").tobytes(), st.tw.astype("<f4").tobytes(), t_flag.tobytes(),
                 st.names.astype("<u4").tobytes(), st.nw.astype("<f4").tobytes(), n_flag.tobytes()]
        if st.emb is not None:
            parts.append(st.emb.astype("<f4").tobytes())
        known = [(m.key, m.r) for m in self._members.get(st.id, {}).values()
                 if isinstance(m.key, int) and m.r is not None]
        parts.append(struct.pack(_DENSITY_HEAD, st.r_sum, st.r_n, len(known)))
        parts.append(np.array([k for k, _ in known], dtype="<i8").tobytes())
        parts.append(np.array([r for _, r in known], dtype="<i4").tobytes())
        return b"".join(parts)

    def restore(self, story_id: int, blob: bytes, last_day: date | str | None = None) -> None:
        """Put a saved story back among the live ones (``last_day``: the store's record of it).

        Restore into a fresh clusterer, in any order, before adding articles: the index
        keeps stories in the order of their saved update sequence numbers.
        """
        hsize = struct.calcsize(_HEAD)
        if len(blob) < hsize:
            raise ValueError("story state blob is too short to hold a header")
        (magic, version, sid, size, seq, next_id, first, last, nt, nn, dim, emb_n,
         _r1, _r2, _r3) = struct.unpack_from(_HEAD, blob)
        if magic != _MAGIC:
            raise ValueError("story state blob does not start with the StoryClusterer magic bytes")
        if version not in (2, _STATE_VERSION):
            raise ValueError(f"story state has version {version}; this code reads 2 and {_STATE_VERSION}")
        r_sum, r_n, known = state_densities(blob)  # (checks the length against the header)
        if story_id in self._live:
            raise ValueError(f"story {story_id} is already live")
        p = hsize

        def keyed_part(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            """ids, weights and index flags of one sparse profile (terms, then names)."""
            nonlocal p
            ids = np.frombuffer(blob, "<u4", n, p).astype(np.uint32)
            w = np.frombuffer(blob, "<f4", n, p + 4 * n).astype(np.float32)
            flags = np.frombuffer(blob, np.uint8, n, p + 8 * n).astype(bool)
            p += 9 * n
            return ids, w, flags

        terms, tw, t_flag = keyed_part(nt)
        names, nw, n_flag = keyed_part(nn)
        st = _Story(story_id)
        st.size, st.seq = size, seq
        st.first = None if first == _NO_DAY else first
        st.last = None if last == _NO_DAY else last
        given = _ordinal(last_day) if last_day is not None else None
        if st.last is None and given is not None:
            st.last = given
            st.first = given if st.first is None else st.first
        if dim:
            st.emb = np.frombuffer(blob, "<f4", dim, p).astype(np.float32)
            st.emb_n = emb_n
        # the density part (a version-2 story's density is unknown: r_n = 0)
        st.r_sum, st.r_n = r_sum, r_n
        self._r_sum += st.r_sum
        self._r_n += st.r_n
        self._restored_r.update(known)
        self._set_profile(st, terms, tw, names, nw)
        keyed = [(int(t), float(w)) for t, w in zip(terms[t_flag], tw[t_flag], strict=True)]
        keyed += [(int(n), float(w) * self.s.name_rank) for n, w in zip(names[n_flag], nw[n_flag], strict=True)]
        st.keys = tuple(k for k, _ in keyed)
        # the live order and every posting are put back in update order before the next add
        self._live[story_id] = st
        for k, w in keyed:
            self._postings.setdefault(k, {})[story_id] = w / max(size, 1)
            self._arrays.pop(k, None)
        self._restored = True
        self._next_id = max(self._next_id, next_id, story_id + 1)
        self._seq = max(self._seq, seq)

    def _finish_restore(self) -> None:
        """Order restored stories by their update sequence, then apply the caps."""
        self._restored = False
        items = sorted(self._live.items(), key=lambda kv: (kv[1].seq, kv[0]))
        self._live.clear()
        self._live.update(items)
        for posting in self._postings.values():
            ordered = sorted(posting, key=lambda sid: (self._live[sid].seq, sid))
            kept = {sid: posting[sid] for sid in ordered[-self.s.posting_cap:]}
            posting.clear()
            posting.update(kept)
        self._arrays.clear()
        self._evict_lru()

    # --- scoring ----------------------------------------------------------------------------

    def _candidates(self, keys: list[tuple[int, float]]) -> list[int]:
        """The ``MAX_CANDIDATES`` stories with the largest partial dot product over ``keys``
        (ties: the lower story id)."""
        sid_parts: list[np.ndarray] = []
        w_parts: list[np.ndarray] = []
        for k, w in keys:
            arr = self._arrays.get(k)
            if arr is None:
                posting = self._postings.get(k)
                if not posting:
                    continue
                arr = (np.fromiter(posting.keys(), np.int64, len(posting)),
                       np.fromiter(posting.values(), np.float64, len(posting)))
                self._arrays[k] = arr
            sid_parts.append(arr[0])
            w_parts.append(w * arr[1])
            self.looked_up += len(arr[0])
        if not sid_parts:
            return []
        sids, inverse = np.unique(np.concatenate(sid_parts), return_inverse=True)
        sums = np.bincount(inverse, weights=np.concatenate(w_parts))
        return sids[np.lexsort((sids, -sums))[: self.s.max_candidates]].tolist()

    def _query(self, m: _Member) -> list[int]:
        """Candidate stories for an article: its heaviest terms and names looked up."""
        s = self.s
        return self._candidates(_top(m.terms, m.w, s.query_terms) + _top(m.names, m.nw, s.query_names))

    def seed(self, story_id: int, key: object, f: DocFeatures) -> None:
        """Put an article into the story ``story_id`` as it is, scoring nothing (the story is
        created when new): rebuilds the state of stories whose members are known, e.g. after
        the features changed format (corpus.py).  Seeding the members in their original order
        gives the state an uninterrupted run with the same assignments would have."""
        if self._restored:
            self._finish_restore()
        st = self._live.get(story_id)
        if st is None:
            st = _Story(story_id)
            self._live[story_id] = st
            self._next_id = max(self._next_id, story_id + 1)
        m = _member_of(key, f)
        m.r = self._density(self._similarities(m))
        self._seq += 1
        self._count_in(m)
        self._absorb_article(st, m)
        self._remember(m, story_id)

    def _similarities(self, m: _Member) -> list[tuple[float, _Story]]:
        """The article's similarity to each candidate story (no time penalty, no scaling)."""
        cands = self._query(m)
        self.last_examined = len(cands)
        self.examined += len(cands)
        return [(self._similarity(m, st, False), st) for st in (self._live[sid] for sid in cands)]

    def _scored(self, m: _Member, sims: list[tuple[float, _Story]]) -> list[tuple[float, int]]:
        """Candidate stories by score, best first."""
        out = [(sim - self._penalty(m, st) - self._adjust(st, m.r, False), st.id) for sim, st in sims]
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    def _density(self, sims: list[tuple[float, _Story]]) -> int | None:
        """How crowded the article's neighbourhood is: the mean of its ``density_k`` highest
        similarities to the articles before it (_R_SCALE units; None when scaling is off).

        A story's articles are counted at the story's average similarity (each up to k
        times), so that no article-level comparison is needed; articles that share no
        indexed word with the new one count 0.  Local scaling (the CSLS of cross-lingual
        word retrieval, Conneau et al. 2018; the "hubness" of nearest neighbours in high
        dimensions): an article in a crowded neighbourhood -- one more statement in a running
        political topic -- is similar to many articles of other events, an opinion piece on
        its own words to few, even of its own event; one fixed threshold on raw similarity
        serves neither.  See docs/evaluation.md."""
        k = self.s.density_k
        if k <= 0 or self.s.density_weight == 0:
            return None
        vals: list[float] = []
        for sim, st in sorted(sims, key=lambda x: -x[0]):
            if len(vals) >= k:
                break
            vals.extend([sim] * min(st.size, k - len(vals)))
        return int(round(sum(vals) / k * _R_SCALE))

    def _adjust(self, st: _Story, r: int | None, leave_out: bool) -> float:
        """What local scaling takes off the article's score against the story: the weight
        times the mean of the article's and the story's densities, less the mean density
        of the live stories' articles (so that the thresholds keep their scale).  An
        unknown density is left out of the mean (both unknown: nothing is taken off)."""
        a = self.s.density_weight
        if a == 0 or self._r_n == 0:
            return 0.0
        n = st.r_n
        rs = st.r_sum
        if leave_out and r is not None and n > 0:
            n -= 1
            rs -= r
        known = [x for x in (r, rs / n if n > 0 else None) if x is not None]
        if not known:
            return 0.0
        c = self.s.density_clip
        return min(max(a * (sum(known) / len(known) - self._r_sum / self._r_n) / _R_SCALE, -c), c)

    # --- moves -------------------------------------------------------------------------------

    def refine(self, stories: Iterable[int] | None = None) -> Refinement:
        """Move the remembered members of ``stories`` (default: every live story) to the
        story they now fit best (see the module docstring); call it after each batch with
        the stories the batch touched."""
        if self._restored:
            self._finish_restore()
        s = self.s
        sids = list(self._live) if stories is None else [x for x in dict.fromkeys(stories) if x in self._live]
        budget = s.refine_budget * max(self._placed, 1)
        self._placed = 0
        moves: list[tuple[object, int, int]] = []
        gone: list[tuple[int, int]] = []
        for _ in range(s.refine_passes):
            before = len(moves)
            self._refine_pass(sids, budget, moves, gone)
            if len(moves) == before:
                break
            # the next pass looks again at the same stories and at those that took articles
            sids = [x for x in dict.fromkeys([*sids, *(d for _, _, d in moves[before:])]) if x in self._live]
        self.moves += len(moves)
        return Refinement(tuple(moves), tuple(gone))

    def _refine_pass(self, sids: list[int], budget: int, moves: list[tuple[object, int, int]],
                     gone: list[tuple[int, int]]) -> None:
        # oldest remembered members first, taken in turn from each story, up to the budget:
        # the cost of a refinement follows the articles placed since the last one, not the
        # size of the stories they touched
        s = self.s
        queues = [list(islice(self._members.get(sid, {}).values(), budget)) for sid in sids]
        todo: list[_Member] = []
        depth = 0
        while len(todo) < budget and any(depth < len(q) for q in queues):
            todo.extend(q[depth] for q in queues if depth < len(q))
            depth += 1
        del todo[budget:]
        self.rescored += len(todo)
        for m in todo:
            home_id = self._home.get(m.key)
            if home_id is None or home_id not in self._live:
                continue
            home = self._live[home_id]
            own = self._member_score(m, home, True) if home.size > 1 else -1.0
            best: tuple[float, int] | None = None
            for cid in self._query(m)[:s.refine_candidates]:
                if cid == home_id:
                    continue
                sc = self._member_score(m, self._live[cid], False)
                if best is None or sc > best[0]:
                    best = (sc, cid)
            if best is None or best[0] < s.join or best[0] <= own + s.move_margin:
                continue
            dst = self._live[best[1]]
            self._move(m, home, dst)
            moves.append((m.key, home.id, dst.id))
            if home.size == 0:
                gone.append((home.id, dst.id))
            else:
                self._touch(home)
            self._touch(dst)

    def _remember(self, m: _Member, sid: int) -> None:
        s = self.s
        if s.member_cap <= 0 or s.max_members <= 0:
            return
        old = self._home.pop(m.key, None)
        if old is not None and old in self._members:
            self._members[old].pop(m.key, None)
        mem = self._members.setdefault(sid, OrderedDict())
        mem[m.key] = m
        self._home[m.key] = sid
        while len(mem) > s.member_cap:
            k, _ = mem.popitem(last=False)
            self._home.pop(k, None)
        while len(self._home) > s.max_members:
            k, home = self._home.popitem(last=False)
            if home in self._members:
                self._members[home].pop(k, None)

    def _member_score(self, m: _Member, st: _Story, leave_out: bool) -> float:
        """The score of the module docstring: an article's average similarity to the
        story's articles (``leave_out``: it is one of them, and is left out), less the time
        penalty and the local scaling."""
        return self._similarity(m, st, leave_out) - self._penalty(m, st) - self._adjust(st, m.r, leave_out)

    def _similarity(self, m: _Member, st: _Story, leave_out: bool) -> float:
        s = self.s
        n = st.size - (1 if leave_out else 0)
        if n <= 0:
            return -1.0
        t = _sparse_dot(m.terms, m.w, st.terms, st.tw)
        if leave_out:
            t -= float(np.dot(m.w.astype(np.float64), m.w.astype(np.float64)))
        score = t / n
        if m.emb is not None and st.emb is not None and s.w_embed > 0:
            ne = st.emb_n - (1 if leave_out else 0)
            if ne > 0:
                e = float(np.dot(m.emb, st.emb))
                if leave_out:
                    e -= float(np.dot(m.emb, m.emb))
                score = (s.w_terms * score + s.w_embed * e / ne) / (s.w_terms + s.w_embed)
        return score

    def _penalty(self, m: _Member, st: _Story) -> float:
        """The time penalty of an article lying outside the story's span by more than the window:
        ``time_penalty`` just outside it, ``time_slope`` more per 30 days further out, at most
        ``time_penalty_max``; nothing when either date is unknown."""
        s = self.s
        if m.day is None or st.last is None or st.first is None:
            return 0.0
        gap = max(m.day - st.last, st.first - m.day)
        if gap <= s.window_days:
            return 0.0
        return min(s.time_penalty + s.time_slope * (gap - s.window_days) / 30.0,
                   max(s.time_penalty_max, s.time_penalty))

    def _move(self, m: _Member, src: _Story, dst: _Story) -> None:
        terms, w = _add_sparse(src.terms, src.tw, m.terms, -m.w)
        keep = w > 1e-6
        names, nw = _add_sparse(src.names, src.nw, m.names, -m.nw)
        keep_n = nw > 1e-6
        src.terms, src.tw = terms[keep], w[keep]
        src.names, src.nw = names[keep_n], nw[keep_n]
        if m.emb is not None and src.emb is not None:
            src.emb = src.emb - m.emb
            src.emb_n = max(src.emb_n - 1, 0)
        src.size -= 1
        if m.r is not None:
            src.r_sum -= m.r
            src.r_n -= 1
        self._members[src.id].pop(m.key, None)
        if src.size == 0:
            self._drop(src)
        else:
            days = [x.day for x in self._members[src.id].values() if x.day is not None]
            if days and len(self._members[src.id]) == src.size:  # all members known: exact span
                src.first, src.last = min(days), max(days)
        self._add_member(dst, m)
        self._remember(m, dst.id)

    # --- state changes ----------------------------------------------------------------------

    def _new_story(self) -> _Story:
        st = _Story(self._next_id)
        self._next_id += 1
        self._live[st.id] = st
        return st

    def _set_profile(self, st: _Story, terms: np.ndarray, tw: np.ndarray, names: np.ndarray,
                     nw: np.ndarray) -> None:
        st.terms, st.tw = _cap(terms, tw, self.s.profile_terms)
        st.names, st.nw = _cap(names, nw, self.s.profile_names)

    def _reindex(self, st: _Story) -> None:
        """Index the story under its heaviest terms and names; move it to the end of each posting."""
        s = self.s
        keyed = _top(st.terms, st.tw, s.index_terms)
        keyed += [(k, w * s.name_rank) for k, w in _top(st.names, st.nw, s.index_names)]
        keys = [k for k, _ in keyed]
        new = set(keys)
        for k in st.keys:
            if k not in new:
                self._unpost(k, st.id)
        for k, w in keyed:
            self._arrays.pop(k, None)
            posting = self._postings.setdefault(k, {})
            posting.pop(st.id, None)
            posting[st.id] = w / st.size
            while len(posting) > s.posting_cap:
                del posting[next(iter(posting))]
        st.keys = tuple(keys)

    def _touch(self, st: _Story) -> None:
        st.seq = self._seq
        self._live.move_to_end(st.id)
        self._reindex(st)
        self._evict_lru()

    def _add_member(self, st: _Story, m: _Member) -> None:
        """Add an article to a story's profile, embedding sum, span and size."""
        terms, w = _add_sparse(st.terms, st.tw, m.terms, m.w)
        nids, wn = _add_sparse(st.names, st.nw, m.names, m.nw)
        self._set_profile(st, terms, w, nids, wn)
        if m.emb is not None:
            st.emb = m.emb.copy() if st.emb is None else st.emb + m.emb
            st.emb_n += 1
        if m.day is not None:
            st.first = m.day if st.first is None else min(st.first, m.day)
            st.last = m.day if st.last is None else max(st.last, m.day)
        st.size += 1
        if m.r is not None:
            st.r_sum += m.r
            st.r_n += 1

    def _absorb_article(self, st: _Story, m: _Member) -> None:
        self._add_member(st, m)
        self._touch(st)

    def _merge_into(self, target: _Story, gone: _Story) -> None:
        for m in list(self._members.get(gone.id, {}).values()):
            self._remember(m, target.id)
        terms, w = _add_sparse(target.terms, target.tw, gone.terms, gone.tw)
        names, wn = _add_sparse(target.names, target.nw, gone.names, gone.nw)
        self._drop(gone)
        self._set_profile(target, terms, w, names, wn)
        if gone.emb is not None:
            target.emb = gone.emb.copy() if target.emb is None else target.emb + gone.emb
            target.emb_n += gone.emb_n
        for d in (gone.first, gone.last):
            if d is not None:
                target.first = d if target.first is None else min(target.first, d)
                target.last = d if target.last is None else max(target.last, d)
        target.size += gone.size
        target.r_sum += gone.r_sum
        target.r_n += gone.r_n

    def _unpost(self, key: int, sid: int) -> None:
        posting = self._postings.get(key)
        if posting is not None and sid in posting:
            del posting[sid]
            self._arrays.pop(key, None)
            if not posting:
                del self._postings[key]

    def _drop(self, st: _Story) -> None:
        """Take a story out of memory (merged away or evicted)."""
        for k in st.keys:
            self._unpost(k, st.id)
        st.keys = ()
        del self._live[st.id]
        for key in self._members.pop(st.id, {}):
            self._home.pop(key, None)

    def _evict_lru(self) -> None:
        while len(self._live) > self.s.max_live:
            st = self._live[next(iter(self._live))]
            self._r_sum -= st.r_sum
            self._r_n -= st.r_n
            self._drop(st)
