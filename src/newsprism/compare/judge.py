"""The pair judge: the probability that two statements state the same claim.

A logistic model over a few named features of a statement pair, fitted on the MSR Paraphrase
Corpus by ``eval/train_judge.py`` (its figures and the command are in docs/evaluation.md); the
weights, the decision threshold and the lower "possibly reported" threshold are read from
``data/judge.json``.  Scoring needs numpy only.

The features, and why each is there (the errors of issue 22 call for them):

- ``cosine``: the sentence encoder's cosine (the meaning, across wordings);
- ``content_overlap``: idf-weighted Jaccard of the content-word stems (idf from general English
  word frequencies): two statements that share their rare words share their subject;
- ``content_coverage``: the smaller share of either statement's content (idf mass) that the
  other holds: a statement that adds a claim of its own covers less of itself;
- ``unmatched_content`` / ``extra_content_words``: the larger idf mass (in tens), and the larger
  number (in tens), of content stems only one side has.  These two, ``content_coverage`` and the
  length features measure whether one side says more: MSRP labels that "not the same", a claim
  told with more detail is the same claim, so the shipped weights leave them at 0;
- ``word_overlap`` / ``bigram_overlap`` / ``char_overlap``: Jaccard of the lower-case words,
  shared word pairs over the shorter side's, Jaccard of character 3-grams (names spelled
  alike, "U.S." / "US");
- ``length_ratio`` / ``length_difference``: shorter over longer, and the difference (in tens),
  in words;
- ``numbers_shared`` / ``numbers_conflict`` / ``numbers_unmatched`` / ``numbers_one_side``: the
  number slots -- share of values both give, a value of the same counted noun that differs
  ("$8 billion" / "$3.6 billion"), how many values only one side gives, only one side gives any;
- ``entities_shared`` / ``entities_unmatched``: Jaccard of the canonical entities, and how many
  only one side names;
- ``actors_disjoint``: each names who acts (the entities of its subject), and each has such
  an actor the other neither links nor names ("Trump's tax plan cuts rates" / "Clinton's tax
  plan raises rates");
- ``speaker_same`` / ``speaker_differs``: both are quotes, of the same or of different people
  ("Rubio said X" / "Peskov said Y"); an institution and the person the run names its
  spokesperson are one voice ("the Kremlin said" / "Peskov said", ``Statement.speaks_for``);
  the second is set by rule (align.py's speaker penalty in
  this model's units): MSRP's sentences are linked two at a time, and there most "different"
  speakers are one person spelled or described two ways;
- ``negation_mismatch``: a verb both claims use is negated on one side only; with no verb in
  common (saying and being aside), one side has a negation and the other none;
- ``time_known`` / ``time_gap``: both statements have a time (the day, month or year they
  report on: their own dates, else their article's publication day, see
  :func:`statement_when`), and the gap between them beyond ``TIME_GRACE_DAYS`` (no grace
  when both name their own day: "on Thursday" and "on Friday" are a day apart), as
  ``log(1 + days)``: the same speaker's statements on different days are different claims.
  MSRP has no dates, so these two weights are set by rule, not fitted (``judge.json`` says
  which weights are fitted, and eval/train_judge.py gives the rule);
- ``time_shared_past``: both statements name one month or day of their own (not the year only)
  that lies at least ``TIME_PAST_DAYS`` before either article was published: the story's
  background told twice ("last held talks in March 2022" / "had not met since March 2022");
  or one's background reaches back to a year the other names or reaches back to ("the first
  talks in three years" / "the first formal negotiations since 2022").  Only for statements
  of two articles: within one, the story's background is told around several of its claims.
  Set by rule too: it lifts a pair from "possibly reported" to "the same claim".
- ``verbatim_within``: the shorter statement, ``VERBATIM_MIN_WORDS`` words or more, stands word
  for word inside the longer ("Such a meeting is certainly necessary." / "Such a meeting is
  certainly necessary – both for ... and for ..."): one outlet quoted a part of what another
  quoted whole.  The encoder reads the longer one's other half too and puts the two far
  apart; by rule, the pair is the same claim unless the rest of the evidence is against it.
  A quotation of ``VERBATIM_MIN_WORDS`` words or more in one statement found word for word in
  the other counts too (``he would meet Putin "as soon as we can set it up"`` / ``"As soon as we
  can set it up I would actually leave here and go," Trump said``): the same words of the same
  speaker, reported as a paraphrase with a quoted phrase and as the quote itself.
- ``voice_predicate``: one voice (:func:`_one_voice`) doing one thing: both claims use a verb
  other than saying and being (``POLARITY_NEUTRAL_VERBS``) -- "Trump has repeatedly said he was
  willing to travel to Turkey to join the talks" / "Trump told reporters he would join the
  Istanbul talks".  The encoder reads the two wordings as far apart (cosine 0.41) and the
  times decide whether it is one claim or the same person doing it again.  Set by rule: on the
  hand-read claim pairs 8 have it and 7 of those are the same claim (a quarter of all pairs
  are), too few to fit a weight; a pair the rest of the evidence makes 0.2 sure reaches p 0.5.
  Across articles only: within one article, one speaker's statements share that speaker's
  verbs as a rule (an article quoting one person at length: "the Kremlin expects the draft
  memoranda to be discussed" / "European security must be discussed with Europeans"), and of
  the pairs it lifted there on the seeds and the 100-article PolNeAR story, 1 in 6 was one claim.
- ``another_instance``: two statements of one article, the later one saying "also" of a verb
  the earlier one has, saying and being aside (:func:`another_instance`): "On Friday, a meeting of
  representatives from Türkiye, the United States and Ukraine began in Istanbul. A meeting
  with the representatives of Ukraine and the Russian Federation also began."  "Also" says
  the verb holds of something more: a second meeting, not the first one told again (judge
  0.52 without it).  Set by rule, as ``actors_disjoint``: a pair the rest of the evidence makes
  0.95 sure reaches p 0.5.  Never set across articles (an article's "also" adds to its own
  telling), so no training pair has it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import NewsprismError
from ..group.features import idf_prior
from ..lexicon.words import is_content_word, stem
from ..model import Statement
from .conflicts import counted_noun
from .statements import capitals

__all__ = ["CANDIDATE_COSINE", "FEATURES", "Judge", "JudgeWeightsError", "another_instance", "load_judge",
           "pair_features", "pair_features_many", "reach_back_pairs", "same_claim_probabilities",
           "same_claim_probability", "shared_past_date", "statement_when", "time_gap_days", "verbatim_pairs"]

# The features, in the order of the weight vector (judge.json must list exactly these).
FEATURES: tuple[str, ...] = (
    "cosine", "content_overlap", "content_coverage", "unmatched_content", "extra_content_words",
    "word_overlap", "bigram_overlap", "char_overlap", "length_ratio", "length_difference",
    "numbers_shared", "numbers_conflict", "numbers_unmatched", "numbers_one_side",
    "entities_shared", "entities_unmatched", "actors_disjoint",
    "speaker_same", "speaker_differs", "negation_mismatch",
    "time_known", "time_gap", "time_shared_past", "verbatim_within", "voice_predicate",
    "another_instance",
)
# a statement this long or longer found word for word inside another states the same claim
VERBATIM_MIN_WORDS = 6
# Two reports of one statement are often dated a day or two apart when a statement's time is its
# article's publication day (one outlet publishes the next morning); gaps up to this many days
# count as none.
TIME_GRACE_DAYS = 2
# a date this many days or more before publication is the story's background, not its news
TIME_PAST_DAYS = 14
# verbs of saying and being say nothing of a claim's polarity when shared ("said ... not" and
# "said ..."; "is not" and "is"): compared only through the claims' other verbs
POLARITY_NEUTRAL_VERBS = frozenset({"say", "tell", "state", "add", "be", "have", "do"})
# a claim made over time ("has repeatedly said", "has warned") is taken to span this many days
# up to its article's publication day
REPEATED_DAYS = 30
# counts of values or entities only one side has are capped here (then scaled to 0..1): the
# third unmatched name says little more than the second
MAX_UNMATCHED = 3
# character n-grams for the spelling overlap
CHAR_N = 3
DEFAULT_WEIGHTS = "data/judge.json"
# Candidate pairs below this cosine need not be judged: on MSRP (eval/train_judge.py) no pair
# that reaches even the "possibly reported" threshold has a lower cosine (0.5 would lose 12 of
# the 2,628 same-labelled pairs that reach it).  Scoring is ~40 microseconds a pair: judge candidates, not all pairs.
CANDIDATE_COSINE = 0.4

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class JudgeWeightsError(NewsprismError):
    """The judge's weights file cannot be used; the message names the file and the problem."""

    code = "E210"


@dataclass(frozen=True)
class Judge:
    """The fitted logistic model: ``p = 1 / (1 + exp(-(bias + features @ weights)))``."""

    features: tuple[str, ...]
    weights: np.ndarray  # one per feature, on the raw feature values
    bias: float
    threshold: float  # p at or above it: the same claim
    possible: float  # p at or above it (below ``threshold``): "possibly reported"
    source: str  # the file the weights came from
    # p at or above it: the same claim, surely (chosen for precision 0.9 held out); from ``threshold`` up to
    # it, likely (a corroboration the reader may want to check)
    sure: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(same claim) for each row of a (pairs x features) matrix."""
        x = np.asarray(features, dtype=np.float64)
        z = self.bias + x @ self.weights
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def _bad(path: str, problem: str) -> JudgeWeightsError:
    return JudgeWeightsError(f"{path}: {problem} (re-run eval/train_judge.py to rewrite it)")


def judge_from_dict(data: object, source: str) -> Judge:
    """A judge from the parsed JSON of a weights file; a clear error naming ``source`` when the
    file does not fit the features this code computes."""
    if not isinstance(data, dict):
        raise _bad(source, "expected a JSON object")
    names = data.get("features")
    if not isinstance(names, list) or tuple(names) != FEATURES:
        have = names if isinstance(names, list) else None
        missing = [f for f in FEATURES if not have or f not in have]
        extra = [f for f in (have or []) if f not in FEATURES]
        raise _bad(source, f"its features do not match the ones the code computes (missing: "
                   f"{missing or 'none'}; unknown: {extra or 'none'}; or another order)")
    try:
        weights = np.asarray([float(data["weights"][f]) for f in FEATURES], dtype=np.float64)
        bias, threshold, possible = (float(data[k]) for k in ("bias", "threshold", "possible"))
        sure = float(data.get("sure", threshold))  # absent: every corroboration reads as sure
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(source, f"missing or non-numeric entry {exc}") from None
    if not np.all(np.isfinite(weights)) or not all(map(math.isfinite, (bias, threshold, possible, sure))):
        raise _bad(source, "a weight or threshold is not a finite number")
    if not 0.0 < possible <= threshold <= sure < 1.0:
        raise _bad(source, f"thresholds must satisfy 0 < possible <= threshold <= sure < 1 "
                   f"(possible {possible}, threshold {threshold}, sure {sure})")
    return Judge(FEATURES, weights, bias, threshold, possible, source, sure)


@lru_cache(maxsize=4)
def load_judge(path: str | None = None) -> Judge:
    """The judge from ``path``, or from the packaged ``data/judge.json``; loaded once."""
    if path is None:
        source = f"newsprism/{DEFAULT_WEIGHTS}"
        try:
            text = resources.files("newsprism").joinpath(DEFAULT_WEIGHTS).read_text("utf-8")
        except OSError as exc:
            raise _bad(source, f"cannot be read ({exc.strerror or exc})") from None
    else:
        source = path
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise _bad(source, f"cannot be read ({exc.strerror or exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(source, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return judge_from_dict(data, source)


# --- time -------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)  # a story's statements share a few dozen values, read per pair
def _interval(value: str) -> tuple[int, int] | None:
    """First and last day (ordinals) of a TIMEX calendar value: a day, a month or a year; or
    of an ISO 8601 interval of two of them ("2025-04-16/2025-05-16")."""
    if "/" in value:
        head, _, tail = value.partition("/")
        a, b = _interval(head), _interval(tail)
        return (a[0], b[1]) if a is not None and b is not None and a[0] <= b[1] else None
    m = _CALENDAR.match(value)
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3))).toordinal()
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            first = date(y, mo, 1).toordinal()
            last = (date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)).toordinal() - 1
            return first, last
        return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
    except ValueError:
        return None


def statement_when(statement: Statement, published: str | None = None) -> tuple[str, ...]:
    """The times a statement reports on: its own calendar dates ("2022-03", "2025-05-16"), else
    its article's publication day when known (for a claim made over time up to then, "has
    repeatedly said", the ``REPEATED_DAYS`` up to that day: "2025-04-16/2025-05-16"), else
    none."""
    own = tuple(d for d in statement.dates if _interval(d) is not None)
    if own:
        return own
    day = _interval(published[:10]) if published else None
    if published is None or day is None:
        return ()
    if statement.repeated:
        return (f"{date.fromordinal(day[0] - REPEATED_DAYS).isoformat()}/{published[:10]}",)
    return (published[:10],)


def _intervals(when: Sequence[str]) -> tuple[tuple[int, int], ...]:
    return tuple(iv for v in when if (iv := _interval(v)) is not None)


def _gap(ia: tuple[tuple[int, int], ...], ib: tuple[tuple[int, int], ...]) -> int | None:
    if not ia or not ib:
        return None
    return min(max(0, b0 - a1, a0 - b1) for a0, a1 in ia for b0, b1 in ib)


def time_gap_days(when_a: Sequence[str], when_b: Sequence[str]) -> int | None:
    """Days between the closest two of the statements' times (0 when they overlap: "March
    2022" and "2022-03-15"), or ``None`` when either has none."""
    return _gap(_intervals(when_a), _intervals(when_b))


# --- features ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    """What one statement contributes to its pair features (computed once per statement)."""

    words: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    chars: frozenset[str]
    content: dict[str, float]  # content stem -> idf
    content_mass: float
    n_words: int
    values: frozenset[float]
    numbers: dict[str, frozenset[float]]  # counted noun -> values
    entities: frozenset[str]
    sides: frozenset[str]  # entities, with capitals and their countries (:func:`_sides`)
    actors: tuple[tuple[str, tuple[str, ...]], ...]  # (entity id, the words of its key)
    speaker: str | None
    voice: frozenset[str]  # the speaker and the institutions they speak for
    negated: bool
    polarity: dict[str, bool]  # the claim's verbs: lemma -> negated
    flat: str  # its words, lower case, one space apart (for verbatim_within)
    quoted: tuple[str, ...]  # its quotations of VERBATIM_MIN_WORDS words or more, flat the same way
    article: str


def lower_words(text: str) -> list[str]:
    """The text's words, lower case: what ``flat`` and the verbatim tests compare."""
    return [w.lower() for w in _WORD.findall(text)]


def _profile(s: Statement) -> _Profile:
    words = lower_words(s.compared)
    content: dict[str, float] = {}
    for w in words:
        if is_content_word(w) and not w[0].isdigit():
            st = stem(w)
            content[st] = max(content.get(st, 0.0), idf_prior(w))
    flat = " ".join(words)
    by_noun: dict[str, set[float]] = {}
    for value, counts in s.numbers:
        noun = counted_noun(counts)
        if noun:
            by_noun.setdefault(noun, set()).add(float(value))
    return _Profile(
        words=frozenset(words),
        bigrams=frozenset(zip(words, words[1:], strict=False)),
        chars=frozenset(flat[i:i + CHAR_N] for i in range(max(0, len(flat) - CHAR_N + 1))),
        content=content,
        content_mass=sum(content.values()),
        n_words=len(words),
        values=frozenset(float(v) for v, _ in s.numbers),
        numbers={k: frozenset(v) for k, v in by_noun.items()},
        entities=frozenset(s.entities),
        sides=_sides(frozenset(s.entities) | frozenset(s.speaks_for)),
        actors=tuple((x, tuple(x.split("-"))) for x in sorted(set(s.actors))),
        speaker=s.speaker,
        voice=frozenset({s.speaker, *s.speaks_for}) if s.speaker else frozenset(),
        negated=s.negated or any(neg for _, neg in s.verbs),
        polarity=dict(s.verbs),
        flat=f" {flat} ",
        quoted=_quotations(s.compared),
        article=s.article,
    )


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b) if len(a) < len(b) else len(b & a)
    return shared / (len(a) + len(b) - shared)


def _unmatched(a: frozenset, b: frozenset) -> float:
    return min(MAX_UNMATCHED, len(a ^ b)) / MAX_UNMATCHED


def _one_voice(a: _Profile, b: _Profile) -> bool:
    """Both are someone's words, and the same voice's: one speaker, or an institution and its
    spokesperson ("the Kremlin said" / "Kremlin spokesman Dmitry Peskov said")."""
    return a.speaker is not None and b.speaker is not None and (
        a.speaker == b.speaker or a.speaker in b.voice or b.speaker in a.voice)


def _foreign_actor(a: _Profile, b: _Profile) -> bool:
    """``a`` names who acts, and ``b`` neither links nor names any of them (no word of an
    entity's key is a word of ``b``): "Clinton" against a statement about Trump, not "Hussein"
    against "Saddam" when the linker did not join the two, and not "Russia and Ukraine" against
    "Russia's team ... talks with Kiev" (one actor in common is enough: the event is shared,
    the announcer of it may differ)."""
    return bool(a.actors) and all(x not in b.sides and b.words.isdisjoint(parts)
                                  for x, parts in a.actors)


# a quotation inside a statement: between a pair of double quotation marks, straight or curly
_QUOTATION = re.compile(r'["“”]([^"“”]+)["“”]')


def _quotations(text: str) -> tuple[str, ...]:
    """The text's quotations of ``VERBATIM_MIN_WORDS`` words or more, as " word word ... "."""
    out = []
    for m in _QUOTATION.finditer(text):
        words = lower_words(m.group(1))
        if len(words) >= VERBATIM_MIN_WORDS:
            out.append(f" {' '.join(words)} ")
    return tuple(out)


def _verbatim_within(a: _Profile, b: _Profile) -> bool:
    """The shorter statement (``VERBATIM_MIN_WORDS`` words or more) is a run of the longer's
    words, or a quotation of one (as long) is a run of the other's."""
    short, long_ = (a, b) if a.n_words <= b.n_words else (b, a)
    if short.n_words >= VERBATIM_MIN_WORDS and short.flat in long_.flat:
        return True
    return any(q in b.flat for q in a.quoted) or any(q in a.flat for q in b.quoted)


def verbatim_pairs(statements: Sequence[Statement]) -> list[tuple[int, int]]:
    """Index pairs (i < j) where one statement stands word for word inside the other
    (``verbatim_within``), however far apart their embeddings are: a one-sentence quote inside
    a longer sentence that goes on ("Such a meeting is certainly necessary." in "Such a meeting
    is certainly necessary – both for ...") has a low cosine.  Found through each statement's
    first ``VERBATIM_MIN_WORDS`` words, so the cost follows the matches, not all pairs."""
    words = [lower_words(s.compared) for s in statements]
    flats = [f" {' '.join(w)} " for w in words]
    k = VERBATIM_MIN_WORDS
    where: dict[tuple[str, ...], list[int]] = {}
    for j, w in enumerate(words):
        for gram in {tuple(w[p:p + k]) for p in range(len(w) - k + 1)}:
            where.setdefault(gram, []).append(j)
    out: set[tuple[int, int]] = set()
    for i, w in enumerate(words):
        if len(w) < k:
            continue
        for j in where.get(tuple(w[:k]), ()):
            if j != i and (len(words[j]) > len(w) or (len(words[j]) == len(w) and j > i)) \
                    and flats[i] in flats[j]:
                out.add((min(i, j), max(i, j)))
        # a quotation of it found in another statement ("as soon as we can set it up")
        for q in _quotations(statements[i].compared):
            for j in where.get(tuple(q.split()[:k]), ()):
                if j != i and q in flats[j]:
                    out.add((min(i, j), max(i, j)))
    return sorted(out)


def _shared_verbs(a: _Profile, b: _Profile) -> set[str]:
    """The verbs both claims use, saying and being aside (``POLARITY_NEUTRAL_VERBS``)."""
    return a.polarity.keys() & b.polarity.keys() - POLARITY_NEUTRAL_VERBS


def _polarity_differs(a: _Profile, b: _Profile, shared: set[str]) -> bool:
    """A verb both claims use (``shared``: :func:`_shared_verbs`) is negated in one and not the
    other ("did not pay" / "paid"); with no verb in common, one claim has a negation and the
    other none.  A negation the other claim does not speak of is no disagreement: "willing to
    join the talks, insisting nothing will happen until they meet" against "would join the
    talks" agree on "join"."""
    if shared:
        return any(a.polarity[v] != b.polarity[v] for v in shared)
    return a.negated != b.negated


def _sides(entities: frozenset[str]) -> frozenset[str]:
    """The entities, with the country of each capital among them ("Moscow" stands for Russia,
    "Kiev" for Ukraine) and the capitals of each country: who acts is the same side either way."""
    table = capitals()
    out = set(entities)
    for e in entities:
        if e in table:
            out.add(table[e])
    countries = out.copy()
    out.update(c for c, country in table.items() if country in countries)
    return frozenset(out)


_ALSO = re.compile(r"\balso\b", re.I)


def another_instance(a: Statement, b: Statement) -> bool:
    """``a`` and ``b`` are of one article, the later one says "also", and its main verb, not one
    of saying and being (``POLARITY_NEUTRAL_VERBS``), is a verb of the earlier one too: it tells
    that verb of something more ("a meeting of X began ... a meeting of Y also began"), not the
    same again.  "The president also said that workers will be required to ..." after "he will
    require workers to ..." is no such pair: what it says "also" is the saying."""
    if a.article != b.article or a.start == b.start:
        return False
    earlier, later = (a, b) if a.start < b.start else (b, a)
    if later.verb is None or later.verb in POLARITY_NEUTRAL_VERBS or not _ALSO.search(later.text):
        return False
    return any(v == later.verb for v, _ in earlier.verbs)


def _own_day(s: Statement) -> bool:
    """The statement names its own day ("on Thursday", "on May 16"), not only its article's."""
    return any((m := _CALENDAR.match(d)) is not None and m.group(3) is not None for d in s.dates)


def _row(a: _Profile, b: _Profile, cosine: float, gap: int | None, shared_past: bool = False,
         exact: bool = False, another: bool = False) -> list[float]:
    shared = a.content.keys() & b.content.keys()
    in_a = sum(a.content[t] for t in shared)
    in_b = sum(b.content[t] for t in shared)
    union = a.content_mass + b.content_mass - sum(max(a.content[t], b.content[t]) for t in shared)
    both = sum(max(a.content[t], b.content[t]) for t in shared)
    coverage = min(in_a / a.content_mass if a.content_mass else 0.0,
                   in_b / b.content_mass if b.content_mass else 0.0)
    unmatched = max(a.content_mass - in_a, b.content_mass - in_b) / 10.0
    extra = max(len(a.content) - len(shared), len(b.content) - len(shared)) / 10.0
    shorter = min(len(a.bigrams), len(b.bigrams))
    conflict = any(a.numbers[k].isdisjoint(b.numbers[k]) for k in a.numbers.keys() & b.numbers.keys())
    voice = _one_voice(a, b)
    verbs = _shared_verbs(a, b)
    return [
        cosine,
        both / union if union > 0 else 0.0,
        coverage,
        unmatched,
        extra,
        _jaccard(a.words, b.words),
        len(a.bigrams & b.bigrams) / shorter if shorter else 0.0,
        _jaccard(a.chars, b.chars),
        min(a.n_words, b.n_words) / max(a.n_words, b.n_words, 1),
        abs(a.n_words - b.n_words) / 10.0,
        _jaccard(a.values, b.values),
        float(conflict),
        _unmatched(a.values, b.values),
        float(bool(a.values) != bool(b.values)),
        _jaccard(a.entities, b.entities),
        _unmatched(a.entities, b.entities),
        float(_foreign_actor(a, b) and _foreign_actor(b, a)),
        float(voice),
        float(a.speaker is not None and b.speaker is not None and not voice),
        float(_polarity_differs(a, b, verbs)),
        float(gap is not None),
        math.log1p(max(0, gap - (0 if exact else TIME_GRACE_DAYS))) if gap is not None else 0.0,
        float(shared_past),
        float(_verbatim_within(a, b)),
        float(voice and bool(verbs) and a.article != b.article),
        float(another),
    ]


def pair_features(a: Statement, b: Statement, cosine: float, *,
                  when_a: Sequence[str] | None = None,
                  when_b: Sequence[str] | None = None,
                  published_a: str | None = None, published_b: str | None = None) -> np.ndarray:
    """The feature vector (in ``FEATURES`` order) of one statement pair.

    ``cosine`` is the encoder's cosine of the two statements; ``when_a``/``when_b`` are their
    times (:func:`statement_when`; by default each statement's own dates); ``published_a``/
    ``published_b`` their articles' publication days.
    """
    gap = time_gap_days(a.dates if when_a is None else when_a, b.dates if when_b is None else when_b)
    shared = _share_past(a, b, published_a, published_b)
    return np.asarray(_row(_profile(a), _profile(b), float(cosine), gap, shared, _own_day(a) and _own_day(b),
                           another_instance(a, b)), dtype=np.float64)


def _share_past(a: Statement, b: Statement, published_a: str | None, published_b: str | None) -> bool:
    """``time_shared_past`` of a pair: statements of two articles (within one, the story's
    background is told around several of its claims) that share a past date or background."""
    return a.article != b.article and shared_past_date(a.dates, b.dates, published_a, published_b,
                                                       a.background, b.background)


def shared_past_date(dates_a: Sequence[str], dates_b: Sequence[str],
                     published_a: str | None, published_b: str | None,
                     background_a: Sequence[str] = (), background_b: Sequence[str] = ()) -> bool:
    """Both name one month or day of their own that ended ``TIME_PAST_DAYS`` or more before
    either article's publication day (both must be known); or one's background reaches back
    to a year (``Statement.background``: "the first talks in three years", "since 2022") that
    the other names or reaches back to too, a year that ended that long before."""
    if not published_a or not published_b:
        return False
    pub = [iv[0] for p in (published_a, published_b) if (iv := _interval(p[:10])) is not None]
    if len(pub) < 2:
        return False
    cut = min(pub) - TIME_PAST_DAYS
    shared = {d for d in dates_a if len(d) >= 7} & {d for d in dates_b if len(d) >= 7}
    if background_a or background_b:
        years_a = {d[:4] for d in dates_a} | set(background_a)
        years_b = {d[:4] for d in dates_b} | set(background_b)
        shared |= (set(background_a) & years_b) | (set(background_b) & years_a)
    return any((iv := _interval(d)) is not None and iv[1] <= cut for d in shared)


def reach_back_pairs(statements: Sequence[Statement], published: Sequence[str | None]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of statements of two articles where one's background reaches back to
    a year ("the first direct talks in more than three years", "the first formal negotiations
    since 2022") that the other names or reaches back to too, a year well before both
    articles (:func:`shared_past_date`), whatever their cosine: the encoder reads "in more than
    three years" and "since 2022" as different words, and the grouping never weighs a pair the
    cosine cut leaves out (on the seeds, 000's lead on the 16 May talks and 003's "last met in
    Istanbul on May 16, ... the first formal negotiations since 2022", cosine 0.37).  A month or
    day shared is no such marker (many events fall in one month): only years reached back to."""
    reaching: dict[str, list[int]] = {}  # year -> statements whose background reaches back to it
    naming: dict[str, list[int]] = {}  # year -> statements that name it or reach back to it
    for i, s in enumerate(statements):
        if published[i] is None:
            continue
        for y in set(s.background):
            reaching.setdefault(y, []).append(i)
        for y in {d[:4] for d in s.dates} | set(s.background):
            naming.setdefault(y, []).append(i)
    found = {(min(a, b), max(a, b)) for y, rs in reaching.items() for a in rs for b in naming.get(y, ())
             if statements[a].article != statements[b].article}

    def years(s: Statement) -> tuple[str, ...]:  # its dates as years: months and days not compared
        return tuple(d[:4] for d in s.dates)

    return sorted((i, j) for i, j in found if shared_past_date(
        years(statements[i]), years(statements[j]), published[i], published[j],
        statements[i].background, statements[j].background))


def pair_features_many(statements: Sequence[Statement], vectors: np.ndarray,
                       pairs: np.ndarray | Sequence[tuple[int, int]],
                       when: Sequence[Sequence[str]] | None = None,
                       published: Sequence[str | None] | None = None) -> np.ndarray:
    """Feature rows (pairs x ``FEATURES``) for index pairs into ``statements``.

    ``vectors`` are the statements' L2-normalised embeddings (one row each); ``when`` gives
    each statement's times (:func:`statement_when`), by default its own dates; ``published``
    each statement's article's publication day (for ``time_shared_past``).  Each statement's
    words are read once, however many pairs it is in.
    """
    idx = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if not len(idx):
        return np.zeros((0, len(FEATURES)), dtype=np.float64)
    used = np.unique(idx).tolist()
    profiles = {i: _profile(statements[i]) for i in used}
    times = {i: _intervals(statements[i].dates if when is None else when[i]) for i in used}
    cosines = np.einsum("ij,ij->i", vectors[idx[:, 0]], vectors[idx[:, 1]]).tolist()
    own_day = {i: _own_day(statements[i]) for i in used}
    rows = [_row(profiles[i], profiles[j], cos, _gap(times[i], times[j]),
                 published is not None and _share_past(statements[i], statements[j], published[i], published[j]),
                 own_day[i] and own_day[j], another_instance(statements[i], statements[j]))
            for (i, j), cos in zip(idx.tolist(), cosines, strict=True)]
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))


def same_claim_probabilities(features: np.ndarray, judge: Judge | None = None) -> np.ndarray:
    """P(same claim) for each row of a feature matrix from :func:`pair_features_many`."""
    return (judge or load_judge()).probabilities(np.atleast_2d(features))


def same_claim_probability(features: np.ndarray, judge: Judge | None = None) -> float:
    """P(same claim) of one pair's feature vector from :func:`pair_features`."""
    return float(same_claim_probabilities(np.asarray(features).reshape(1, -1), judge)[0])
