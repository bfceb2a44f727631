"""Entity mentions in one article, grouped under one name (rule-based coreference).

No coreference model installs offline (DEPENDENCIES.md), so mentions are
grouped by rules, in this order:

1. names: spaCy's entities plus every form in the alias table (so "Kiev",
   "Türkiye" and "Zelenskyy" are found even where the tagger misses them);
2. people: full names cluster by their transliteration key; a surname alone
   joins the full name it belongs to ("Putin" -> "Vladimir Putin");
3. titles: the words around a name ("Kremlin spokesman Dmitry Peskov",
   "Dmitry Peskov, spokesman for ...") give each person roles;
4. descriptions: "the Kremlin spokesman", "the Russian leader", "the
   president" resolve to the person whose roles match, preferring the most
   recently mentioned one;
5. pronouns (he/she/him/her/his) resolve to the nearest fitting person
   outside quotation marks, preferring grammatical subjects.

Mentions carry a *local* cluster key (``c0``, ``c1``...); :mod:`.linking`
merges clusters across articles into canonical entities.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..clean.outlets import outlet_by_name
from ..lexicon.calendar import MONTH_NAMES, WEEKDAY_NAMES
from ..model import Cluster, LocalEntities, Mention, PendingDescription, Title
from .aliases import (
    AliasHit,
    AliasTable,
    acronym_of,
    is_given_name,
    longer_name_ending,
    name_ends_with,
    name_key,
    near_spelling,
    same_first_name,
    split_suffix,
    translit_key,
    us_state,
)
from .docutil import doc_ents, doc_text, sentence_of_token, sents, tokens

# NER labels kept as entities
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
# words that are titles, not parts of a person's name
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "prime", "minister",
    "sen", "senator", "rep", "gov", "governor", "gen", "general", "col", "colonel", "adm", "admiral",
    "king", "queen", "prince", "princess", "pope", "chancellor", "secretary", "ambassador", "judge",
    "justice", "mayor", "spokesman", "spokeswoman", "spokesperson", "premier", "sheikh", "emir",
    "crown",
}
# role nouns that a description or title can be headed by; values are synonym classes
ROLE_CLASSES = {
    "president": "leader", "leader": "leader", "ruler": "leader", "head": "leader", "chief": "leader",
    "dictator": "leader", "strongman": "leader", "autocrat": "leader",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "mouthpiece": "spokesperson",
    "minister": "minister", "secretary": "secretary", "envoy": "envoy", "ambassador": "envoy",
    "chancellor": "chancellor", "premier": "premier", "prime": "premier", "governor": "governor",
    "mayor": "mayor", "general": "general", "commander": "general", "negotiator": "negotiator",
    "king": "king", "queen": "king", "pope": "pope", "senator": "senator", "candidate": "candidate",
    "nominee": "candidate", "official": "official", "diplomat": "envoy", "aide": "aide",
    "adviser": "aide", "advisor": "aide", "lawmaker": "lawmaker", "congressman": "lawmaker",
    "congresswoman": "lawmaker", "prosecutor": "prosecutor", "ombudsman": "ombudsman",
    "judge": "judge", "justice": "judge",
}
# a role noun with "of" and one of these is another office: a "Chief of Staff" is an aide, not
# the leader "the chief" or "the president" names
OFFICES_OF = {"staff": "aide"}
# role classes a bare description ("the president") may resolve through; "official" is too vague
RESOLVABLE_ROLES = set(ROLE_CLASSES.values()) - {"official", "aide", "lawmaker"}
FEMALE_WORDS = {"spokeswoman", "queen", "princess", "mrs", "ms", "miss", "madam", "lady", "dame",
                "congresswoman", "chairwoman", "businesswoman", "she", "her", "hers", "herself"}
MALE_WORDS = {"spokesman", "king", "prince", "mr", "sir", "lord", "congressman", "chairman",
              "businessman", "he", "him", "his", "himself"}
PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
            "she": "f", "her": "f", "hers": "f", "herself": "f"}
# how many sentences back a pronoun may reach for its antecedent
PRONOUN_WINDOW_SENTENCES = 2


@dataclass
class _Work:
    """Mutable state while one document is processed."""

    type: str
    canonical: str | None = None
    names: list[str] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    surname: str | None = None  # translit key of the last name
    first: str | None = None
    suffix: str | None = None  # "jr" / "sr": Donald Trump Jr. is not Donald Trump
    titles: list[Title] = field(default_factory=list)
    gender: str | None = None
    last_pos: int = -1
    count: int = 0
    # read while names are linked, before titles and gender are settled
    offices: set[str] = field(default_factory=set)  # role classes given so far ("leader")
    kin: bool = False  # introduced as someone's kin ("first lady Melania Trump", "his son Hunter")
    sex: str | None = None  # from a courtesy title ("Mrs.") or a kin word ("son")


def _matcher(vocab: Any, aliases: AliasTable) -> Any:
    """A phrase matcher over every alias-table form (built once per vocab and table)."""
    key = (id(vocab), id(aliases))
    m = _MATCHERS.get(key)
    if m is None:
        from spacy.lang.en import English
        from spacy.matcher import PhraseMatcher

        tokenizer = English(vocab=vocab).tokenizer
        m = PhraseMatcher(vocab, attr="LOWER")
        m.add("ALIAS", [tokenizer(form) for form in aliases.surfaces()])
        _MATCHERS[key] = m
    return m


_MATCHERS: dict[tuple[int, int], Any] = {}


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Stretches between paired quotation marks, paragraph by paragraph."""
    regions: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n\n"):
        marks = [pos + m.start() for m in re.finditer('"', para)]
        for a, b in zip(marks[::2], marks[1::2], strict=False):
            regions.append((a, b + 1))
        if len(marks) % 2 == 1:
            regions.append((marks[-1], pos + len(para)))
        pos += len(para) + 2
    return regions


def _inside(pos: int, regions: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in regions)


# lowercase words that belong to a person's name
NAME_PARTICLES = {"de", "del", "della", "der", "den", "di", "da", "do", "dos", "du", "van", "von", "la",
                  "le", "al", "el", "bin", "bint", "ibn", "abu", "ben", "ter", "ten", "y", "zu"}


# prepositions the tagger runs into a name at a sentence's start ("Aboard Air Force One"); not
# those that begin names of their own ("Under Armour", "By Chloe")
_PREPOSITIONS = frozenset({"aboard", "at", "in", "from", "inside", "outside", "near", "across", "within",
                           "after", "before", "during", "into"})


def _clean_span(span: Any) -> tuple[int, int] | None:
    """Token range of a name span without determiners, punctuation and possessives."""
    start, end = span.start, span.end
    doc = span.doc
    for i in range(start, end):  # the tagger sometimes runs a name into the next paragraph
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i if "\n" in doc[i].text else i + 1
            break
    # a preposition the tagger ran into the name at a sentence's start: "Aboard Air Force One"
    while start < end and (doc[start].is_punct or doc[start].lower_ in {"the", "a", "an"}
                           or (doc[start].lower_ in _PREPOSITIONS and end - start > 1)):
        start += 1
    if getattr(span, "label_", "") == "PERSON":
        # a verb the tagger ran into the name ("rang Taylor"): names are capitalised, but
        # for their particles ("de Blasio", "bin Salman")
        while end - start > 1 and doc[start].text[:1].islower() and doc[start].lower_ not in NAME_PARTICLES:
            start += 1
        # and a word after it ("killing George Floyd last Memorial Day"): no name ends in lower case
        while end - start > 1 and doc[end - 1].text[:1].islower() and doc[start].text[:1].isupper():
            end -= 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "'"}):
        end -= 1
    if end - start == 1 and re.fullmatch(r"[A-Z]\.?", doc[start].text):
        return None  # an initial alone ("D." of "(D-N.Y.)") names nothing
    # a count the tagger ran into a name ("shooting Blake seven times")
    while end - start > 1 and doc[end - 1].like_num and doc[end - 1].text.islower():
        end -= 1
    return (start, end) if end > start else None


def _person_tokens(tokens: list[Any]) -> list[str]:
    """The words of a person's name: no punctuation, no leading title, no trailing day
    or month the tagger ran into the name ("President Trump Saturday")."""
    words: list[str] = []
    glue = False
    for i, t in enumerate(tokens):
        if t.text in _HYPHENS and words and not tokens[i - 1].whitespace_ and not t.whitespace_:
            glue = True  # "Holtz-Eakin" is one name, which the tokenizer split in three
            continue
        if glue and not t.is_punct:
            words[-1] += "-" + t.text
        elif not t.is_punct:
            words.append(t.text)
        glue = False
    while words and name_key(words[0]) in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in _CALENDAR_WORDS:
        words = words[:-1]
    return words


_HYPHENS = {"-", "\u2010", "\u2011"}
# calendar words dropped from the end of a name span; not "may" ("Theresa May")
_CALENDAR_WORDS = (set(WEEKDAY_NAMES) | (set(MONTH_NAMES) - {"may"})
                   | {"today", "yesterday", "tonight"})


def find_mentions(doc: Any, aliases: AliasTable) -> LocalEntities:
    """Entity mentions of one article with local cluster keys."""
    text = doc_text(doc)
    quotes = _quote_regions(text)
    candidates = _candidate_spans(doc, aliases)
    spelled_out = _acronym_partners(doc, candidates)
    key_at: dict[int, str] = {}

    works: dict[str, _Work] = {}
    raw: list[tuple[int, int, str, str, str, str]] = []  # start_tok, end_tok, type, kind, key, surface
    by_canonical: dict[str, str] = {}
    by_name: dict[str, str] = {}
    persons_by_surname: dict[str, list[str]] = defaultdict(list)
    title_cache: dict[tuple[int, int], tuple[list[Title], list[int]]] = {}

    def titles_at(start: int, end: int) -> tuple[list[Title], list[int]]:
        if (start, end) not in title_cache:
            title_cache[(start, end)] = _titles(doc, start, end, aliases)
        return title_cache[(start, end)]

    def new_cluster(typ: str, canonical: str | None = None) -> str:
        key = f"c{len(works)}"
        works[key] = _Work(type=typ, canonical=canonical)
        if canonical:
            by_canonical[canonical] = key
        return key

    for start, end, label in candidates:
        span = doc[start:end]
        surface = span.text
        hit = aliases.lookup(surface)
        if hit is None and label == "GPE" and (state := us_state(surface)):
            hit = AliasHit(state, "GPE", "alias")  # "(R-Ky.)": Kentucky
        if hit is not None:
            typ, kind = hit.type, hit.kind
            key = by_canonical.get(hit.canonical) or new_cluster(typ, hit.canonical)
            w = works[key]
            if typ == "PERSON":
                words = hit.canonical.split()
                w.surname = w.surname or translit_key(words[-1])
                w.first = w.first or translit_key(words[0])
                if hit.canonical not in w.names:
                    w.names.append(hit.canonical)
                if w.surname:
                    persons_by_surname[w.surname].append(key)
                kind = "name" if len(_person_tokens(list(span))) > 1 or kind == "name" else kind
        elif label == "PERSON":
            words = _person_tokens(list(span))
            if not words:
                continue
            bare, suffix = split_suffix(words)
            surname = translit_key(bare[-1])
            if len(bare) >= 2:
                given = translit_key(bare[0])
                found = _find_person(works, persons_by_surname, surname, given, suffix, True) or \
                    _person_ending_in(works, persons_by_surname.get(surname, []), bare, suffix)
                if found is not None and works[found].first is None and _kin_before(doc, start):
                    # "Trump said ... their son Barron Trump": the kin of the one named by surname
                    found = None
                if found is None:
                    found = new_cluster("PERSON")
                    works[found].surname = surname
                    works[found].suffix = suffix
                    persons_by_surname[surname].append(found)
                # the surname's person now has this first name: "Barron Trump" later is another
                works[found].first = works[found].first or given
                key = found
                full = " ".join(words)
                if full not in works[key].names:
                    works[key].names.append(full)
                kind = "name"
            else:
                found = _find_person(works, persons_by_surname, surname, None, suffix, suffix is not None) or \
                    (None if suffix else _find_person_by_first(works, surname))
                courtesy = _courtesy_gender(doc, start)
                if courtesy and (found is None or works[found].sex != courtesy):
                    # "Mrs. Trump" beside "President Trump" and "first lady Melania Trump"
                    found = next((k for k in reversed(persons_by_surname[surname]) if works[k].sex == courtesy),
                                 found if found is not None and works[found].sex is None else None)
                if found is not None and suffix is None and (works[found].suffix or works[found].kin):
                    # "President Trump" in an article on Donald Trump Jr. or on "first lady
                    # Melania Trump" is neither: a bare surname with an office the son or the
                    # wife was never given is another person of that surname
                    roles = {t.role for t in titles_at(start, end)[0]}
                    if roles and not roles & works[found].offices:
                        found = next((k for k in reversed(persons_by_surname[surname])
                                      if roles & works[k].offices or not (works[k].suffix or works[k].kin)), None)
                if found is None:
                    found = new_cluster("PERSON")
                    works[found].surname, works[found].suffix = surname, suffix
                    persons_by_surname[surname].append(found)
                key = found
                kind = "short"
            typ = "PERSON"
        else:
            nk = name_key(surface)
            if not nk:
                continue
            # a surname the tagger mislabelled as ORG/GPE ("Peskov") or a building ("Bannon")
            person = persons_by_surname.get(translit_key(surface))
            if person and label in {"ORG", "GPE", "NORP", "LOC", "FAC"} and " " not in nk:
                key, typ, kind = person[-1], "PERSON", "short"
            else:
                first, full = spelled_out.get(start, (-1, ""))
                partner = key_at.get(first)
                key = partner or by_name.get(nk) or _fuzzy_name(works, by_name, nk, label) or \
                    _short_org(works, by_name, nk, label) or new_cluster(label)
                by_name.setdefault(nk, key)
                typ, kind = works[key].type or label, "name"
                if partner and full not in works[key].names:
                    works[key].names.append(full)  # shown as its name: "Chinese Communist Party", not "CCP"
        w = works[key]
        if typ == "PERSON":
            w.offices.update(t.role for t in titles_at(start, end)[0])
            if _kin_before(doc, start):
                w.kin = True
                w.sex = w.sex or _KIN_GENDER.get(doc[start - 1].lower_)
            w.sex = w.sex or _courtesy_gender(doc, start)
        w.surfaces.append(" ".join(_person_tokens(list(span))) if typ == "PERSON" else surface)
        w.last_pos = span.start_char
        w.count += 1
        key_at[start] = key
        raw.append((start, end, typ, kind, key, surface))

    # surnames the tagger missed entirely ("... and Zelenskyy")
    raw.extend(_missed_surnames(doc, works, raw))

    # titles from the words around each person name
    title_tokens: set[int] = set()
    for start, end, typ, kind, key, _ in raw:
        if typ == "PERSON" and kind in {"name", "short", "alias"}:
            titles, used = titles_at(start, end)
            title_tokens.update(used)
            for title in titles:
                if title not in works[key].titles:
                    works[key].titles.append(title)
    for w in works.values():
        w.gender = _gender(w)
    outlets = _outlets_taken_for_people(works)
    raw = [(s, e, "ORG", "name", k, surf) if k in outlets else (s, e, typ, kind, k, surf)
           for s, e, typ, kind, k, surf in raw]

    mentions = [
        Mention(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), doc[s:e].text,
                works[k].type if works[k].type else typ, kind, k)
        for s, e, typ, kind, k, _ in raw
    ]
    covered = {i for s, e, *_ in raw for i in range(s, e)} | title_tokens
    descriptions, pending = _descriptions(doc, works, raw, covered, aliases, len(mentions))
    mentions.extend(descriptions)
    mentions.sort(key=lambda m: (m.start, m.end))
    mentions.extend(_pronouns(doc, mentions, works, quotes))
    mentions.sort(key=lambda m: (m.start, m.end))

    clusters = tuple(
        Cluster(k, w.type, w.canonical, tuple(w.names), tuple(dict.fromkeys(w.surfaces)),
                tuple(w.titles), w.gender)
        for k, w in works.items()
    )
    # pending descriptions point at mention indexes after sorting
    index = {(m.start, m.end): i for i, m in enumerate(mentions)}
    pend = tuple(PendingDescription(index[(m.start, m.end)], role, mods)
                 for m, role, mods in pending if (m.start, m.end) in index)
    return LocalEntities(tuple(mentions), clusters, pend)


def _outlets_taken_for_people(works: dict[str, _Work]) -> set[str]:
    """Clusters the tagger took for a person (or a place) that are a news outlet known only by
    its one-word name ("an editor at Breitbart", "told Bloomberg"): no full name, no title
    ("Mayor Bloomberg") in the article. They become organisations under the outlet's name."""
    out: set[str] = set()
    for k, w in works.items():
        if w.type not in {"PERSON", "GPE", "NORP"} or w.names or w.canonical or w.titles or not w.surfaces \
                or any(" " in x for x in w.surfaces):
            continue  # ("told Bloomberg" is read as a place too)
        outlet = outlet_by_name(w.surfaces[0])
        if outlet is not None:
            w.type, w.canonical, w.gender = "ORG", outlet.name, None
            out.add(k)
    return out


# the department in an office's name: "Secretary of State", "Minister of Defence" (not
# "Prime Minister of Israel", where the country is an entity of its own)
_DEPARTMENTS = frozenset(
    "state defense defence treasury interior energy education labor labour commerce agriculture "
    "transportation transport health justice finance homeland security veterans affairs foreign "
    "home housing urban development human services".split())
_OFFICE_WORDS = frozenset({"secretary", "minister", "undersecretary"})


def _department_of_an_office(doc: Any, start: int, end: int) -> bool:
    """Whether tokens [start, end) are the department in an office's title ("Secretary of
    State", "Finance Minister Bill Morneau", "Interior Secretary Ryan Zinke")."""
    if not all(t.lower_ in _DEPARTMENTS or not t.is_alpha for t in doc[start:end]):
        return False
    if end < len(doc) and doc[end].lower_ in _OFFICE_WORDS:
        return True
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 1 and doc[i].lower_ in ("of", "for") and doc[i - 1].lower_ in _OFFICE_WORDS


def _holder_after_department(doc: Any, start: int, end: int) -> int | None:
    """Where the name starts in tokens [start, end) that run an office's department into the
    name of its holder ("Secretary of Defense Lloyd Austin", tagged as one organisation): after
    the department, when two or more proper nouns follow it; else None."""
    if start < 2 or doc[start - 1].lower_ != "of" or doc[start - 2].lower_ not in _OFFICE_WORDS:
        return None
    cut = start
    while cut < end and doc[cut].lower_ in _DEPARTMENTS:
        cut += 1
    if cut == start or end - cut < 2 or not all(t.pos_ == "PROPN" for t in doc[cut:end]):
        return None
    return cut


def _candidate_spans(doc: Any, aliases: AliasTable) -> list[tuple[int, int, str]]:
    """NER spans plus alias-table matches; overlaps resolved in favour of the longer span."""
    spans: list[tuple[int, int, str]] = []
    surnames = {ent[-1].lower_ for ent in doc_ents(doc) if ent.label_ == "PERSON"}
    for ent in doc_ents(doc):
        if ent.label_ in ENTITY_LABELS and not _department_of_an_office(doc, ent.start, ent.end):
            r = _clean_span(ent)
            if r and (holder := _holder_after_department(doc, r[0], r[1])) is not None:
                spans.append((holder, r[1], "PERSON"))  # the department is the title's
            elif r and ent.label_ != "PERSON" and (split := _titled_person_in(doc, r[0], r[1], surnames)):
                # "Guatemala President Alejandro Giammattei" tagged as one organisation
                if split > r[0] and (hit := aliases.lookup(doc[r[0]:split - 1].text)):
                    spans.append((r[0], split - 1, "NORP" if hit.kind == "demonym" else hit.type))
                spans.append((split, r[1], "PERSON"))
            elif r and ent.label_ != "PERSON" and (pair := _place_pair(doc, r[0], r[1], aliases)):
                spans.extend(pair)  # "the United States-Mexico border": two places
            elif r:
                spans.append((r[0], r[1], _relabelled(doc, r[0], r[1], ent.label_, aliases, surnames)))
    for _, s, e in _matcher(doc.vocab, aliases)(doc):
        span = doc[s:e]
        # alias forms must be capitalised in the text ("us" is a pronoun, "Us" a headline word)
        if not span.text[:1].isupper():
            continue
        hit = aliases.lookup(span.text)
        if hit:
            # "The U.S." (a listed form) starts where "U.S. Navy" does, so the longer name wins
            while e - s > 1 and doc[s].lower_ in {"the", "a", "an"}:
                s += 1
            spans.append((s, e, "NORP" if hit.kind == "demonym" else hit.type))
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for s, e, label in spans:
        if s >= last_end:
            out.append((s, e, label))
            last_end = e
    return _join_parenthesised(doc, out)


# words that introduce a person as someone's family ("his son Hunter", "first lady Melania Trump")
KIN_WORDS = frozenset({"wife", "husband", "son", "daughter", "brother", "sister", "mother", "father",
                       "widow", "widower", "niece", "nephew", "grandson", "granddaughter", "stepson",
                       "stepdaughter", "cousin"})


_COURTESY_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
_KIN_GENDER = {"wife": "f", "husband": "m", "son": "m", "daughter": "f", "brother": "m", "sister": "f",
               "mother": "f", "father": "m", "widow": "f", "widower": "m", "niece": "f", "nephew": "m",
               "grandson": "m", "granddaughter": "f", "stepson": "m", "stepdaughter": "f", "lady": "f"}


def _courtesy_gender(doc: Any, start: int) -> str | None:
    """The sex a courtesy title before the name at token ``start`` gives ("Mrs. Trump")."""
    return _COURTESY_GENDER.get(doc[start - 1].lower_.rstrip(".")) if start else None


def _kin_before(doc: Any, start: int) -> bool:
    """Whether the name at token ``start`` is introduced as someone's kin."""
    if start < 1:
        return False
    before = doc[start - 1].lower_
    if before == "law" and start >= 4 and doc[start - 4].lower_ in KIN_WORDS:
        return True  # "son-in-law Jared Kushner"
    return before in KIN_WORDS or (before == "lady" and start >= 2 and doc[start - 2].lower_ == "first")


def _titled_person_in(doc: Any, start: int, end: int, surnames: set[str]) -> int | None:
    """Where a person's name starts in a non-person span that ends in an office and a name
    ("Guatemala President Alejandro Giammattei", "Foreign Minister Lavrov"): capitalised words
    that end in the surname of a person the tagger found, begin with a given name, or are two
    or more ending in a rare word (not "the President Hotel Group")."""
    for i in range(end - 2, start - 1, -1):
        if _role_of(doc[i]):
            tail = doc[i + 1:end]
            if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and not _role_of(t) for t in tail):
                return None
            if tail[-1].lower_ in surnames or is_given_name(translit_key(tail[0].text)) or \
                    (len(tail) >= 2 and _rare_word(tail[-1].lower_)):
                return i + 1
            return None
    return None


def _rare_word(word: str) -> bool:
    """Rarer in general English than 10 per million words: a surname ("Giammattei"), not a
    noun of an organisation's name ("Hotel Group")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < 4.0


# the last word of a building's or place's name the tagger took for a person's ("Trump Tower")
FACILITY_WORDS = frozenset({"tower", "towers", "building", "center", "centre", "hall", "hotel", "plaza",
                            "bridge", "airport", "stadium", "arena", "street", "avenue", "square",
                            "palace", "park", "museum", "library", "hospital", "university", "college"})
# ... and of a place's ("Victoria Falls", "Jackson Hole": a given name first, still a place)
PLACE_WORDS = FACILITY_WORDS | {
    "city", "county", "falls", "hole", "beach", "island", "islands", "springs", "valley", "lake", "river",
    "mountain", "mountains", "hill", "hills", "bay", "harbor", "harbour", "port", "point", "heights",
    "creek", "town", "village", "state", "station", "canyon", "parish", "fort", "sound"}
# ... and of an organisation's ("Border Patrol")
ORGANISATION_WORDS = frozenset({"patrol", "agency", "department", "service", "committee", "commission",
                                "council", "police", "guard", "corps", "bureau", "administration",
                                "institute", "foundation", "association", "party", "ministry", "office"})
# what a politician's surname heads when it is no organisation's name ("the Trump administration")
_LEADERS_BODIES = frozenset({"administration", "campaign", "presidency"})
_DOTTED_ACRONYM = re.compile(r"(?:[A-Z]\.){3,}")


def _relabelled(doc: Any, start: int, end: int, label: str, aliases: AliasTable, surnames: set[str]) -> str:
    """The tagger's label, mended where it is plainly wrong: "Trump Tower" and "Border Patrol"
    are no persons (unless the name begins with a given name: "Anna Guard"); "Kamala Harris"
    (a given name, or the surname of a person the tagger found, and no place's word) and
    "F.B.I." (initials the alias table does not know as a place) are no places."""
    if label == "PERSON" and end - start > 1 and not is_given_name(translit_key(doc[start].text)):
        if doc[end - 1].lower_ in FACILITY_WORDS:
            return "FAC"
        if doc[end - 1].lower_ in ORGANISATION_WORDS:  # "Border Patrol"; not "Anna Guard"
            return "ORG"
    text = doc[start:end].text
    # "Kamala Harris" read as a place: a given name and a surname, no place's word, unknown as a place
    if label in {"GPE", "LOC"} and 2 <= end - start <= 3 and all(t.text.istitle() for t in doc[start:end]) \
            and (is_given_name(translit_key(doc[start].text)) or doc[end - 1].lower_ in surnames) \
            and doc[end - 1].lower_ not in PLACE_WORDS and aliases.lookup(text) is None:
        return "PERSON"
    if label in {"GPE", "LOC", "NORP"} and _DOTTED_ACRONYM.fullmatch(text) and aliases.lookup(text) is None:
        return "ORG"
    # "the Trump administration", "the Biden campaign": a surname, whoever the tagger thought it was
    if label in {"ORG", "NORP", "GPE"} and end - start == 1 and end < len(doc) and text.istitle() \
            and doc[end].lower_ in _LEADERS_BODIES and aliases.lookup(text) is None:
        return "PERSON"
    return label


def _place_pair(doc: Any, start: int, end: int, aliases: AliasTable) -> list[tuple[int, int, str]] | None:
    """Two known places joined by a hyphen in one span ("United States-Mexico", "Russian-Ukrainian"),
    as two spans."""
    for i in range(start + 1, end - 1):
        if doc[i].text in _HYPHENS | {"\u2013"}:
            a, b = aliases.lookup(doc[start:i].text), aliases.lookup(doc[i + 1:end].text)
            if a and b and a.type in {"GPE", "LOC"} and b.type in {"GPE", "LOC"}:
                # "Russian-Ukrainian talks": two peoples' countries, as "Russian" alone is
                return [(start, i, "NORP" if a.kind == "demonym" else a.type),
                        (i + 1, end, "NORP" if b.kind == "demonym" else b.type)]
    return None


def _acronym_partners(doc: Any, spans: list[tuple[int, int, str]]) -> dict[int, tuple[int, str]]:
    """Start token of a name whose spelled-out form or acronym stands just before it in
    parentheses -> (that form's start token, the spelled-out form): "the Chinese Communist
    Party (CCP)", "the CCP (Chinese Communist Party) virus"."""
    out: dict[int, tuple[int, str]] = {}
    for (s1, e1, l1), (s2, e2, l2) in zip(spans, spans[1:], strict=False):
        if "PERSON" in (l1, l2) or s2 != e1 + 1 or doc[e1].text != "(" or e2 >= len(doc) or doc[e2].text != ")":
            continue
        a, b = doc[s1:e1].text, doc[s2:e2].text
        if acronym_of(a, b):
            out[s2] = (s1, b)
        elif acronym_of(b, a):
            out[s2] = (s1, a)
    return out


def _join_parenthesised(doc: Any, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join name parts an outlet put in parentheses: "(Volodymyr) Zelenskyy", "(Donald) Trump"."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if label == "PERSON":
            # "(First) Last": the parenthesised part may be a span of its own, or none
            if s >= 3 and doc[s - 1].text == ")" and doc[s - 3].text == "(" and doc[s - 2].pos_ == "PROPN":
                if out and out[-1][0] == s - 2:
                    out.pop()
                s = s - 3
            # "First) Last": the tagger stopped at the bracket
            while e + 1 < len(doc) and doc[e].text == ")" and doc[e + 1].pos_ == "PROPN" \
                    and doc[e + 1].text[:1].isupper():
                e += 2
        out.append((s, e, label))
    return out


def _find_person(works: dict[str, _Work], by_surname: dict[str, list[str]], surname: str,
                 first: str | None, suffix: str | None = None, same_suffix: bool = False) -> str | None:
    """The most recent person of ``surname`` whose first name fits ``first`` (any when None);
    with ``same_suffix``, also of the same generation ("Trump Jr." is not Donald Trump)."""
    keys = by_surname.get(surname, [])
    for key in reversed(keys):
        w = works[key]
        if same_suffix and w.suffix != suffix:
            continue
        if first is None or w.first is None or same_first_name(w.first, first):
            return key
    return None


def _person_ending_in(works: dict[str, _Work], keys: list[str], bare: list[str], suffix: str | None) -> str | None:
    """The one person among ``keys`` whose full name ends with the words ``bare``."""
    found = [k for k in dict.fromkeys(keys) if works[k].suffix == suffix
             and any(name_ends_with(n, bare) for n in works[k].names)]
    return found[0] if len(found) == 1 else None


def _find_person_by_first(works: dict[str, _Work], word: str) -> str | None:
    """A single word that is the first name of exactly one person ("Hillary")."""
    found = [k for k, w in works.items() if w.type == "PERSON" and w.first == word]
    return found[0] if len(found) == 1 else None


def _fuzzy_name(works: dict[str, _Work], by_name: dict[str, str], nk: str, label: str) -> str | None:
    if len(nk) < 6:
        return None
    for other, key in by_name.items():
        if works[key].type == label and len(other) >= 6 and other[0] == nk[0] and near_spelling(other, nk):
            return key
    return None


# one word that names an institution of its own: "the House" is not "the White House"
_INSTITUTIONS = frozenset({"house", "senate", "congress", "parliament", "assembly", "government", "state",
                           "council", "cabinet", "court", "union", "party"})


def _short_org(works: dict[str, _Work], by_name: dict[str, str], nk: str, label: str) -> str | None:
    """The one organisation named before whose name ends in ``nk``: "the Journal" after "The Wall
    Street Journal", "the Times" after "The New York Times"."""
    if label != "ORG" or nk in _INSTITUTIONS:
        return None
    longer = longer_name_ending(nk, (k for k, key in by_name.items() if works[key].type == "ORG"))
    return by_name[longer] if longer else None


def _missed_surnames(doc: Any, works: dict[str, _Work],
                     raw: list[tuple[int, int, str, str, str, str]]) -> list[tuple[int, int, str, str, str, str]]:
    covered = {i for s, e, *_ in raw for i in range(s, e)}
    surnames = {w.surname: k for k, w in works.items() if w.type == "PERSON" and w.surname and len(w.surname) > 3}
    out = []
    for tok in tokens(doc):
        if tok.i in covered or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            continue
        key = surnames.get(translit_key(tok.text))
        if key:
            out.append((tok.i, tok.i + 1, "PERSON", "short", key, tok.text))
            works[key].surfaces.append(tok.text)
            works[key].count += 1
    return out


def _role_of(token: Any) -> str | None:
    # a capitalised plural keeps its "s" in the lemma: "Associate Justices Neil Gorsuch and ..."
    return ROLE_CLASSES.get(token.lemma_.lower()) or ROLE_CLASSES.get(token.lower_) or \
        (ROLE_CLASSES.get(token.lower_[:-1]) if token.tag_ == "NNPS" else None)


def _office_of(token: Any) -> str | None:
    """The role class of a role noun in its place: ``_role_of``, unless "of" and a word of
    ``OFFICES_OF`` follow it ("Chief of Staff": an aide)."""
    role = _role_of(token)
    doc = token.doc
    if role is not None and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "of":
        return OFFICES_OF.get(doc[token.i + 2].lemma_.lower(), role)
    return role


def _mods(tokens: list[Any], aliases: AliasTable) -> frozenset[str]:
    """Modifiers of a title, normalised so "Russian", "Russia's" and "Russia" agree."""
    mods = set()
    for t in tokens:
        if t.is_punct or t.pos_ in {"DET", "ADP", "CCONJ", "PRON"} or _role_of(t):
            continue
        if t.ent_type_ == "PERSON" or t.lower_ in HONORIFICS:
            continue
        hit = aliases.lookup(t.text)
        mods.add(name_key(hit.canonical) if hit else t.lemma_.lower())
    return frozenset(m for m in mods if m)


def _titles(doc: Any, start: int, end: int, aliases: AliasTable) -> tuple[list[Title], list[int]]:
    """Roles given to the person at tokens [start, end), and the title tokens to the left."""
    titles: list[Title] = []
    # left: "Kremlin spokesman Dmitry Peskov", "US Secretary of State Marco Rubio"
    i = start - 1
    left: list[Any] = []
    sent_start = sents(doc)[sentence_of_token(doc)[start]].start
    while i >= sent_start:
        t = doc[i]
        if t.pos_ in {"PROPN", "NOUN", "ADJ"} or \
                (t.lower_ == "of" and left and i > 0 and doc[i - 1].pos_ in {"PROPN", "NOUN"}
                 and _role_of(doc[i - 1])):  # "Secretary of State", not "the release of former President"
            if t.ent_type_ == "PERSON" and t.i not in range(start, end):
                break
            left.insert(0, t)
            i -= 1
            continue
        if t.text in ("(", ")") and i > 0:  # "(Ukrainian) President (Volodymyr) Zelenskyy"
            i -= 1
            continue
        break
    # the person's own first names are not part of the title
    left = [t for t in left if not (t.pos_ == "PROPN" and t.ent_type_ == "PERSON")]
    roles = [t for t in left if _role_of(t)]
    if roles:
        head = roles[-1]
        titles.append(Title(_office_of(head) or "", _mods(left, aliases),
                            " ".join(t.text for t in left)))
    # apposition: "Dmitry Peskov, spokesman for Kremlin leader Vladimir Putin,"
    head_tok = doc[end - 1]
    for child in head_tok.children:
        if child.dep_ == "appos" and child.i >= end and _role_of(child):
            sub = [t for t in child.subtree if t.i >= end]
            # stop at a nested person's own title (".. for Kremlin leader Vladimir Putin")
            own = [t for t in sub if t.i <= child.i or (t.ent_type_ != "PERSON" and not _role_of(t))]
            titles.append(Title(_office_of(child) or "", _mods(own, aliases),
                                " ".join(t.text for t in sub)))
    return titles, [t.i for t in left]


def _gender(w: _Work) -> str | None:
    words = {t.text.split()[-1].lower() for t in w.titles if t.text} | \
        {word.lower() for t in w.titles for word in t.text.split()}
    if words & FEMALE_WORDS:
        return "f"
    if words & MALE_WORDS:
        return "m"
    return None


def _descriptions(doc: Any, works: dict[str, _Work], raw: list[tuple[int, int, str, str, str, str]],
                  covered: set[int], aliases: AliasTable, n_before: int
                  ) -> tuple[list[Mention], list[tuple[Mention, str, frozenset[str]]]]:
    """Definite descriptions headed by a role noun, resolved to a person with that role."""
    out: list[Mention] = []
    pending: list[tuple[Mention, str, frozenset[str]]] = []
    positions = defaultdict(list)
    for s, _, typ, _, key, _ in raw:
        if typ == "PERSON":
            positions[key].append(doc[s].idx)
    for tok in tokens(doc):
        role = _office_of(tok)
        if role is None or role not in RESOLVABLE_ROLES or tok.i in covered or tok.tag_ in {"NNS", "NNPS"} \
                or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        # a title directly before a name is not a description
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.i in covered or nxt.ent_type_ == "PERSON" or
                                (nxt.pos_ == "PROPN" and nxt.text[:1].isupper())):
            continue
        if nxt is not None and nxt.lower_ in {"of", "for"} and role == "spokesperson":
            continue  # "spokesman for X" names the employer; an apposition, handled as a title
        left: list[Any] = []
        i = tok.i - 1
        while i >= 0 and doc[i].pos_ in {"ADJ", "PROPN", "NOUN"} and not _role_of(doc[i]):
            left.insert(0, doc[i])
            i -= 1
        det = doc[i] if i >= 0 else None
        if det is not None and det.lower_ in {"a", "an", "another", "every", "any", "each", "no"}:
            continue
        if det is not None and det.dep_ == "poss":
            continue  # "his spokesman"
        if tok.dep_ == "appos" or (tok.head.dep_ in {"appos"} and tok.head.i in covered):
            continue
        mods = _mods(left, aliases)
        start_tok = det.i if det is not None and det.lower_ == "the" else (left[0].i if left else tok.i)
        span = doc[start_tok : tok.i + 1]
        resolved = _resolve_description(works, positions, role, mods, span.start_char)
        m = Mention(span.start_char, span.end_char, span.text, "PERSON", "description", resolved or "")
        if resolved:
            works[resolved].surfaces.append(span.text)
            works[resolved].count += 1
            out.append(m)
        elif det is not None and det.lower_ == "the" or mods:
            out.append(m)
            pending.append((m, role, mods))
    return out, pending


# modifiers that make another office of a role: a "Vice President" or a "Deputy Minister" is
# not "the president" or "the minister".  Time words are not among them: a narrative calls
# "former Attorney General John Mitchell" "the attorney general" when it tells of his time
# in office (read in ECB+: 2 of the 3 descriptions a "former" rule changed were his kind).
RANK_MODS = frozenset({"vice", "deputy", "assistant", "under"})


def description_matches(titles: tuple[Title, ...] | list[Title], role: str, mods: frozenset[str]) -> bool:
    """Whether a person with ``titles`` fits a description with ``role`` and ``mods``."""
    for t in titles:
        if t.role != role:
            continue
        if not (t.mods & RANK_MODS) <= mods:
            continue
        if not mods or mods <= t.mods or (mods & t.mods):
            return True
    return False


def _resolve_description(works: dict[str, _Work], positions: dict[str, list[int]], role: str,
                         mods: frozenset[str], at: int) -> str | None:
    fits = [k for k, w in works.items() if w.type == "PERSON" and description_matches(w.titles, role, mods)]
    if not fits:
        return None
    before = [(max((p for p in positions.get(k, []) if p < at), default=-1), k) for k in fits]
    best = max(before)
    if best[0] >= 0:
        return best[1]
    return max(fits, key=lambda k: works[k].count) if len(fits) == 1 else None


def _named_after(pronoun: Any, mentions: list[Mention]) -> set[str]:
    """Keys of the names and descriptions that a subject pronoun's clause gives after it."""
    if pronoun.dep_ not in {"nsubj", "nsubjpass"}:
        return set()
    verb = pronoun.head
    end = verb.right_edge.idx + len(verb.right_edge)
    return {m.key for m in mentions
            if m.key and m.kind != "pronoun" and pronoun.idx < m.start and m.end <= end}


def _pronouns(doc: Any, mentions: list[Mention], works: dict[str, _Work],
              quotes: list[tuple[int, int]]) -> list[Mention]:
    """he/she/him/her/his -> nearest fitting person outside quotation marks.  Not a person the
    pronoun's own clause names after it: a subject pronoun is not the person its clause goes on
    to name ("Trump corrected Kelly after he said that the president had 'evolved'": "he" is
    not the president; binding theory's condition C)."""
    toks = tokens(doc)
    sent_list = sents(doc)
    sent_of = sentence_of_token(doc)
    by_char = {t.idx: t for t in toks}

    def head_of(m: Mention) -> Any:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        return span.root if span is not None else by_char.get(m.start)

    # candidate antecedents: (start, key, is subject, sentence index)
    people = []
    for m in mentions:
        if m.type == "PERSON" and m.key and not _inside(m.start, quotes):
            h = head_of(m)
            if h is not None:
                people.append((m.start, m.key, h.dep_ in {"nsubj", "nsubjpass"}, sent_of[h.i]))
    resolved: list[Mention] = []
    for tok in toks:
        g = PRONOUNS.get(tok.lower_)
        if g is None or _inside(tok.idx, quotes):
            continue
        si = sent_of[tok.i]
        lo = sent_list[max(0, si - PRONOUN_WINDOW_SENTENCES)].start_char
        named = _named_after(tok, mentions)
        best = None
        best_score = None
        for start, key, subject, msi in people:
            if not (lo <= start < tok.idx) or key in named:
                continue
            w = works.get(key)
            if w is None or (w.gender and w.gender != g):
                continue
            score = (msi == si or subject, subject, start)
            if best_score is None or score > best_score:
                best, best_score = key, score
        if best is not None:
            resolved.append(Mention(tok.idx, tok.idx + len(tok), tok.text, "PERSON", "pronoun", best))
            # a resolved pronoun is itself an antecedent for the next one
            people.append((tok.idx, best, tok.dep_ in {"nsubj", "nsubjpass"}, si))
            w = works[best]
            w.count += 1
            if w.gender is None:
                w.gender = g
    return resolved
