"""The curated alias table (``data/aliases.tsv``) and the name keys used to match names.

``name_key`` is how two surface forms are compared (case, diacritics, "the",
possessives and dots ignored); ``translit_key`` additionally folds the
transliteration variants common in news (Zelenskyy/Zelenskiy/Zelensky,
Dmitri/Dmitry, Sergei/Sergey, Aleksei/Alexei, Yevgeny/Evgeny).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

# surfaces remembered per table (a news corpus repeats the same names)
LOOKUP_CACHE_SIZE = 200_000


@dataclass(frozen=True)
class AliasHit:
    canonical: str
    type: str
    kind: str  # name | alias | demonym


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


_POSSESSIVE = re.compile(r"(?:'s|')$")


@lru_cache(maxsize=100_000)
def name_key(s: str) -> str:
    """Comparison key of a name: "the U.S.'s" -> "us", "Türkiye" -> "turkiye", "the Department
    of Justice" -> "justice department"."""
    s = strip_accents(s).lower().strip()
    s = _POSSESSIVE.sub("", s)
    s = re.sub(r"^(?:the\s+|ex-|then-)", "", s)  # "ex-FBI" director: the FBI
    s = s.replace(".", "")
    s = re.sub(r"[^\w'\- ]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" -'")
    s = _CORPORATE.sub("", s)  # "Moderna Inc." is Moderna
    # "the Department of Justice", "the U.S. Justice Department": the Justice Department
    return _DEPARTMENT_OF.sub(r"\1 department", _US_DEPARTMENT.sub(r"\1", s))


# a company's legal form after its name (dots already gone)
_CORPORATE = re.compile(r"(?<=\w)(?:,)?\s+(?:inc|incorporated|corp|corporation|co|ltd|llc|plc|sa|ag|nv|se)$")
_DEPARTMENT_OF = re.compile(r"^(?:us )?department of (?:the )?([a-z][a-z ]*)$")
_US_DEPARTMENT = re.compile(r"^us ([a-z][a-z ]* department)$")


_TRANSLIT_RULES = [
    (re.compile(r"(iy|yy|ii|ij|yj)\b"), "y"),
    (re.compile(r"ei\b"), "ey"),
    (re.compile(r"(?<=[bcdfghklmnprstvz])i\b"), "y"),
    (re.compile(r"\bye(?=[^aeiouy])"), "e"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"-"), " "),
]


@lru_cache(maxsize=100_000)
def translit_key(s: str) -> str:
    """A looser key that folds common transliteration variants."""
    k = name_key(s)
    for rx, rep in _TRANSLIT_RULES:
        k = rx.sub(rep, k)
    return k


_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "&"})


def initials(name: str) -> str:
    """The capital initials of a name's words, small words left out: "Department of Homeland
    Security" -> "DHS"."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def is_acronym(surface: str) -> bool:
    """Written as an acronym: "FTC", "N.A.T.O.", not "Nato" or "US Army"."""
    letters = surface.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def acronym_of(short: str, full: str) -> bool:
    """Whether ``short`` is made of the initials of ``full``'s words ("CCP", "Chinese Communist
    Party"; "DHS", "Department of Homeland Security")."""
    return is_acronym(short) and initials(full) == short.replace(".", "")


# generational suffixes: "Jr."/"Sr." tell a son from his father (Donald Trump Jr.); numerals
# are only formal ("Robert S. Mueller III" is the Robert Mueller of other outlets)
_SUFFIXES: dict[str, str | None] = {"jr": "jr", "sr": "sr", "ii": None, "iii": None, "iv": None}


def split_suffix(words: list[str]) -> tuple[list[str], str | None]:
    """A person's name words without a generational suffix, and the suffix that tells a son
    from his father ("jr", "sr"; None for none and for "II"/"III"/"IV", which are dropped)."""
    out = list(words)
    suffix: str | None = None
    while len(out) > 1 and name_key(out[-1]) in _SUFFIXES:
        suffix = suffix or _SUFFIXES[name_key(out.pop())]
    return out, suffix


@lru_cache(maxsize=1)
def _given_names() -> dict[str, frozenset[str]]:
    """Nickname -> the given names it shortens, transliteration-folded, from the curated
    English table of the ``nicknames`` package ("len" -> leonard, "bill" -> william)."""
    from nicknames import name_triplets

    out: dict[str, set[str]] = {}
    for t in name_triplets():
        out.setdefault(translit_key(t.name2), set()).add(translit_key(t.name1))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _all_given_names() -> frozenset[str]:
    return frozenset(_given_names()) | frozenset(n for names in _given_names().values() for n in names)


def name_ends_with(full: str, tail: Sequence[str]) -> bool:
    """Whether the words of ``full`` end with ``tail`` and have more before it: "Amy Coney
    Barrett" ends with "Coney Barrett" (a double surname, or a middle name with the surname)."""
    words = [translit_key(w) for w in full.replace(".", ". ").split()]
    ends = [translit_key(w) for w in " ".join(tail).replace(".", ". ").split()]
    return len(words) > len(ends) and words[-len(ends):] == ends


def is_given_name(word: str) -> bool:
    """Whether ``word`` (a :func:`translit_key`) is an English given name or nickname of the
    ``nicknames`` table ("alejandro" is not; "bill", "william" are)."""
    return word in _all_given_names()


def given_names(first: str) -> frozenset[str]:
    """The given names that ``first`` (a :func:`translit_key`) is a nickname of."""
    return _given_names().get(first, frozenset())


def same_first_name(a: str, b: str) -> bool:
    """Whether two first names (:func:`translit_key` forms) can name one person: equal, an
    initial and a name it starts ("j" / "john"), or a nickname and its given name
    ("len" / "leonard"); not two names that merely share a letter ("christopher" /
    "christine")."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return b in given_names(a) or a in given_names(b)


class AliasTable:
    """Surface form -> canonical entity, from one or more TSV files."""

    def __init__(self, rows: list[tuple[str, str, list[str], list[str]]]) -> None:
        self._by_key: dict[str, AliasHit] = {}
        self.canonical_types: dict[str, str] = {}
        self._surfaces: set[str] = set()
        self._cache: dict[str, AliasHit | None] = {}
        self._countries: set[str] = set()
        for name, typ, aliases, demonyms in rows:
            self._surfaces.update([name, *aliases, *demonyms])
            self.canonical_types[name] = typ
            self._add(name, AliasHit(name, typ, "name"))
            for a in aliases:
                self._add(a, AliasHit(name, typ, "alias"))
            for d in demonyms:
                self._add(d, AliasHit(name, typ, "demonym"))
            if demonyms:  # a place with a people of its own: a country
                self._countries.add(name)

    def _add(self, surface: str, hit: AliasHit) -> None:
        for key in {name_key(surface), translit_key(surface)}:
            if key:
                self._by_key.setdefault(key, hit)

    def lookup(self, surface: str) -> AliasHit | None:
        """The canonical entity ``surface`` names, if the table knows it (memoised)."""
        try:
            return self._cache[surface]
        except KeyError:
            hit = self._lookup(surface)
            if len(self._cache) < LOOKUP_CACHE_SIZE:
                self._cache[surface] = hit
            return hit

    def _lookup(self, surface: str) -> AliasHit | None:
        hit = self._by_key.get(name_key(surface))
        if hit is None:
            hit = self._by_key.get(translit_key(surface))
        if hit is not None and hit.kind != "name" and name_key(surface) == name_key(hit.canonical):
            return AliasHit(hit.canonical, hit.type, "name")
        return hit

    def countries(self) -> set[str]:
        """Canonical names the table lists with demonyms (countries)."""
        return set(self._countries)

    def surfaces(self) -> list[str]:
        """Every listed form (for a phrase matcher), in a stable order."""
        return sorted(self._surfaces)

    @classmethod
    def from_text(cls, texts: list[str]) -> AliasTable:
        rows: list[tuple[str, str, list[str], list[str]]] = []
        for text in texts:
            for line in text.splitlines():
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t") + ["", "", ""]
                name, typ = cols[0].strip(), (cols[1].strip() or "ORG")
                aliases = [a.strip() for a in cols[2].split("|") if a.strip()]
                demonyms = [d.strip() for d in cols[3].split("|") if d.strip()]
                rows.append((name, typ, aliases, demonyms))
        return cls(rows)


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    by_form: dict[str, str] = {}
    text = resources.files("newsprism").joinpath("data/us_states.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, ap, postal = line.split("\t")
            for form in (ap, postal):
                if form:
                    by_form[form.replace(" ", "")] = name
    return by_form


def longer_name_ending(short: str, keys: Iterable[str]) -> str | None:
    """The one name key of ``keys`` that ends in the words of ``short`` ("wall street journal"
    for "journal"), or None when none or several do."""
    found = {k for k in keys if k != short and k.endswith(" " + short)}
    return found.pop() if len(found) == 1 else None


# spelling variants of one name are this alike (rapidfuzz ratio, 0-100), on name_key forms
NEAR_SPELLING_RATIO = 92.0
_NUMERAL = re.compile(r"^(?:\d+|[ivxlc]+)$")


def near_spelling(a: str, b: str) -> bool:
    """Whether two name keys (:func:`name_key`) are one name spelled nearly alike ("Gazprom
    Neft" / "Gazpromneft"), not two names that differ in a number ("world war i" / "world war
    ii", "apollo 11" / "apollo 13")."""
    from rapidfuzz import fuzz

    if [w for w in a.split() if _NUMERAL.match(w)] != [w for w in b.split() if _NUMERAL.match(w)]:
        return False
    return fuzz.ratio(a, b) >= NEAR_SPELLING_RATIO


@lru_cache(maxsize=1)
def _us_state_names() -> frozenset[str]:
    return frozenset(name_key(n) for n in _us_states().values())


def is_us_state_name(surface: str) -> bool:
    """Whether ``surface`` is the full name of a US state ("Georgia", "New York")."""
    return name_key(surface) in _us_state_names()


def us_state(surface: str) -> str | None:
    """The US state that a place written as an abbreviation stands for: "Ky." and "KY" are
    Kentucky, "W. Va." West Virginia; None for anything else ("Ky" without its dot, "ky")."""
    form = surface.strip().replace(" ", "")
    if not (form.endswith(".") or (len(form) == 2 and form.isupper())):
        return None
    return _us_states().get(form)


@lru_cache(maxsize=8)
def load_aliases(extra: str | None = None) -> AliasTable:
    """The shipped table, plus the user's file (``extra`` or ``NEWSPRISM_ALIASES``) if given.

    Rows of the user's file come first, so they override shipped ones.
    """
    texts = []
    extra = extra or os.environ.get("NEWSPRISM_ALIASES") or None
    if extra:
        texts.append(Path(extra).read_text("utf-8"))
    texts.append(resources.files("newsprism").joinpath("data/aliases.tsv").read_text("utf-8"))
    return AliasTable.from_text(texts)
