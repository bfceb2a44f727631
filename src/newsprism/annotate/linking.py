"""Merge each article's entity clusters into canonical entities for the whole run.

Keys, strongest first: the alias table's canonical name; a person's full name
(transliteration-folded; a nickname or an initial joins the given name of the same
surname: "Len Burman" is "Leonard E. Burman"); a surname that only one full-named person in the
run carries; a normalised name, and for organisations and places any written form two
articles share or an acronym and its one spelling-out ("NAFTA").  Descriptions an article could not resolve
alone ("the Kremlin leader" in an article that never names him with that
title) are resolved against the titles the other articles give, when exactly
one person fits.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..disjoint import DisjointSets
from ..model import Cluster, Entity, LocalEntities, Mention
from .aliases import (
    given_names,
    initials,
    is_acronym,
    is_given_name,
    is_us_state_name,
    load_aliases,
    name_ends_with,
    name_key,
    near_spelling,
    same_first_name,
    split_suffix,
    strip_accents,
    translit_key,
)
from .entities import description_matches

# NER labels a lone surname often gets wrongly; such a cluster joins the one person of that surname
MISLABELLED_SURNAME_TYPES = {"ORG", "NORP", "FAC"}
# titles up to this long become aliases ("Kremlin spokesman"); longer appositions do not
MAX_TITLE_ALIAS_WORDS = 4


@dataclass(frozen=True)
class Linked:
    entities: tuple[Entity, ...]
    # article id -> its mentions with ``key`` set to the entity id ("" when unresolved)
    mentions: dict[str, tuple[Mention, ...]]
    # (article id, local cluster key) -> entity id
    key_map: dict[tuple[str, str], str]


def entity_slug(name: str) -> str:
    """The entity id the linker makes of a canonical name ("Kremlin" -> "kremlin", "United
    States" -> "united-states"; a second entity of one name gets a suffix)."""
    s = re.sub(r"[^a-z0-9]+", "-", strip_accents(name).lower()).strip("-")
    return s or "entity"


def _person_key(c: Cluster) -> str | None:
    if c.canonical:
        return "canon:" + c.canonical
    return _full_name_key(_fullest(c.names)) if c.names else None


def _full_name_key(name: str) -> str | None:
    """"person:first last[ suffix]" of a full name; None for one word."""
    words, suffix = split_suffix(translit_key(name).split())
    if len(words) < 2:
        return None
    return f"person:{words[0]} {words[-1]}" + (f" {suffix}" if suffix else "")


def _fullest(forms: Sequence[str]) -> str:
    """The form with the most words (then the longest): "Robert S. Mueller III" over "Robert Mueller"."""
    return max(forms, key=lambda n: (len(n.split()), len(n)))


def _surname(name: str) -> str:
    """The transliteration key of a name's last word before any generational suffix."""
    return translit_key(split_suffix(name.split())[0][-1])


def link(locals_: dict[str, LocalEntities]) -> Linked:
    """Canonical entities across articles (``locals_`` maps article id -> its clusters)."""
    key_of: dict[tuple[str, str], str] = {}
    clusters_of: dict[str, list[tuple[str, Cluster]]] = defaultdict(list)

    # 1. canonical names and full person names
    for art in sorted(locals_):
        for c in locals_[art].clusters:
            k = _person_key(c) if c.type == "PERSON" else ("canon:" + c.canonical if c.canonical else None)
            if k:
                key_of[(art, c.key)] = k
                clusters_of[k].append((art, c))

    # a full name the alias table knows and the same name with a middle initial or name the
    # table does not ("Vladimir Putin" / "Vladimir V. Putin"): the table's person
    _move(_canonical_person_merges(clusters_of), key_of, clusters_of)

    # a name that is the end of exactly one other's ("Coney Barrett", "Amy Coney Barrett")
    _move(_name_ending_merges(clusters_of), key_of, clusters_of)

    # one person by a nickname and by the given name ("Len Burman", "Leonard E. Burman")
    _move(_nickname_merges(clusters_of, locals_), key_of, clusters_of)

    # people known by full name, by surname: a surname alone joins them when unambiguous
    by_surname: dict[str, set[str]] = defaultdict(set)
    for k, members in clusters_of.items():
        for _, c in members:
            if c.type == "PERSON":
                for n in c.names:
                    by_surname[_surname(n)].add(k)

    # people the run knows by one word only ("President Trump"): an organisation of that one
    # word ("Trump administration officials", tagged ORG) is them too
    lone_people = {translit_key(s) for cs in locals_.values() for c in cs.clusters
                   if c.type == "PERSON" and not c.names and not c.canonical
                   for s in c.surfaces if " " not in s.strip()}

    # 2. the rest: surnames, other names
    other_keys: dict[str, str] = {}
    blocks: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for art in sorted(locals_):
        for c in locals_[art].clusters:
            if (art, c.key) in key_of:
                continue
            surface = Counter(c.surfaces).most_common(1)[0][0] if c.surfaces else c.key
            # not a person its own article keeps apart from it ("President Trump" beside
            # "Donald Trump Jr.": the article's entity finder already said they differ)
            owners = by_surname.get(_surname(surface), set()) - {
                key_of[(art, o.key)] for o in locals_[art].clusters if (art, o.key) in key_of}
            bare, generation = split_suffix(surface.split())
            if generation:  # "Trump Jr." is the Jr. of that surname; "Don Jr." the Jr. of that first name
                owners = {k for k in owners if k.endswith(" " + generation)} or {
                    k for k in clusters_of if k.startswith("person:") and " " in k
                    and _key_parts(k)[2] == generation and _first_fits(translit_key(bare[-1]), _key_parts(k)[0])}
            if c.type in MISLABELLED_SURNAME_TYPES and " " not in surface.strip() and len(owners) == 1:
                # a surname the tagger took for an organisation in an article that never
                # gives the full name ("Rubio said ..."): the one person the run knows by it
                k = next(iter(owners))
            elif c.type in MISLABELLED_SURNAME_TYPES and " " not in surface.strip() and not owners \
                    and translit_key(surface) in lone_people:
                k = f"person:{translit_key(surface)}"
            elif c.type == "PERSON":
                k = next(iter(owners)) if len(owners) == 1 else f"person:{translit_key(surface)}"
            else:
                nk = name_key(surface)
                k = other_keys.get(f"{c.type}:{nk}") or _fuzzy(blocks, c.type, nk) or f"{c.type}:{nk}"
                if f"{c.type}:{nk}" not in other_keys:
                    other_keys[f"{c.type}:{nk}"] = k
                    if len(nk) >= 6:
                        blocks[(c.type, nk[0])].append((nk, k))
            key_of[(art, c.key)] = k
            clusters_of[k].append((art, c))

    # organisations, places ...: one written form in common, or an acronym and its spelling-out
    _move(_other_merges(clusters_of), key_of, clusters_of)

    # a company the tagger took for a person wherever it stands alone ("Moderna said", beside
    # "Moderna Inc." in another article): one word, never given a first name, a title or a pronoun
    for k in [k for k in clusters_of if k.startswith("person:") and " " not in k]:
        org = f"ORG:{name_key(k[len('person:'):])}"
        if org in clusters_of and all(not c.names and not c.titles and c.gender is None
                                      for _, c in clusters_of[k]):
            for art, c in clusters_of.pop(k):
                key_of[(art, c.key)] = org
                clusters_of[org].append((art, replace(c, type="ORG")))

    # 3. entity records, ids unique and stable
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    for k in sorted(clusters_of):
        names[k] = _display_name(k, clusters_of[k])
    used: set[str] = set()
    for k in sorted(clusters_of, key=lambda k: (names[k], k)):
        base = entity_slug(names[k])
        eid, suffix = base, 2
        while eid in used:
            eid, suffix = f"{base}-{suffix}", suffix + 1
        used.add(eid)
        ids[k] = eid

    # 4. mentions with entity ids; pending descriptions resolved across the run
    titles_by_key: dict[str, list] = defaultdict(list)
    keys_by_role: dict[str, set[str]] = defaultdict(set)
    for k, members in clusters_of.items():
        for _, c in members:
            titles_by_key[k].extend(c.titles)
            for t in c.titles:
                keys_by_role[t.role].add(k)
    out_mentions: dict[str, tuple[Mention, ...]] = {}
    for art in sorted(locals_):
        le = locals_[art]
        ms: list[Mention] = []
        pending = {p.mention: p for p in le.pending}
        for i, m in enumerate(le.mentions):
            if m.key:
                ms.append(replace(m, key=ids[key_of[(art, m.key)]]))
                continue
            p = pending.get(i)
            eid = ""
            if p is not None:
                fits = [k for k in sorted(keys_by_role.get(p.role, ()))
                        if description_matches(titles_by_key[k], p.role, p.mods)]
                if len(fits) == 1:
                    eid = ids[fits[0]]
                    clusters_of[fits[0]].append((art, Cluster("", "PERSON", None, (), (m.text,), (), None)))
            ms.append(replace(m, key=eid))
        out_mentions[art] = tuple(ms)

    counts: Counter[str] = Counter(m.key for ms in out_mentions.values() for m in ms if m.key)
    by_entity: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for art, linked_ms in out_mentions.items():
        for m in linked_ms:
            if m.key:
                by_entity[m.key].append((art, m))
    entities = []
    for k, members in clusters_of.items():
        eid = ids[k]
        types = Counter(c.type for _, c in members if c.type)
        if any(c.type == "PERSON" and c.names for _, c in members):
            typ = "PERSON"  # a full name outweighs a tagger's guess about a lone surname
        else:
            typ = types.most_common(1)[0][0] if types else "ORG"
        name = names[k]
        aliases = _aliases(name, members, by_entity.get(eid, []))
        arts = sorted({a for a, _ in by_entity.get(eid, [])})
        entities.append(Entity(eid, name, typ, aliases, tuple(arts), counts.get(eid, 0)))
    entities.sort(key=lambda e: (-len(e.articles), -e.mentions, e.id))
    key_map = {ak: ids[k] for ak, k in key_of.items()}
    return Linked(tuple(entities), out_mentions, key_map)


def _middle(name: str) -> tuple[str, ...]:
    """The words of a full name between the first and the last, initials without their dots."""
    words, _ = split_suffix(translit_key(name).replace(".", " ").split())
    return tuple(words[1:-1])


def _move(merges: dict[str, str], key_of: dict[tuple[str, str], str],
          clusters_of: dict[str, list[tuple[str, Cluster]]]) -> None:
    """Move the clusters of each key of ``merges`` to the key it joins."""
    for k, into in merges.items():
        for art, c in clusters_of.pop(k):
            key_of[(art, c.key)] = into
            clusters_of[into].append((art, c))


def _canonical_person_merges(clusters_of: dict[str, list[tuple[str, Cluster]]]) -> dict[str, str]:
    """Full-name keys ("person:vladimir putin", from "Vladimir V. Putin") that are the first and
    last name of exactly one person the alias table names ("canon:Vladimir Putin"), mapped to
    that person's key.  Not when both give middle names and they differ: "George H. W. Bush"
    is not a listed "George W. Bush"."""
    canon: dict[str, set[str]] = defaultdict(set)
    for k, members in clusters_of.items():
        if k.startswith("canon:") and any(c.type == "PERSON" for _, c in members) \
                and (full := _full_name_key(k[len("canon:"):])) is not None:
            canon[full].add(k)
    out = {}
    for k, members in clusters_of.items():
        if not k.startswith("person:") or len(canon.get(k, ())) != 1:
            continue
        into = next(iter(canon[k]))
        listed = _middle(into[len("canon:"):])
        middles = {_middle(n) for _, c in members for n in c.names} - {()}
        if not listed or middles <= {listed}:
            out[k] = into
    return out


def _name_ending_merges(clusters_of: dict[str, list[tuple[str, Cluster]]]) -> dict[str, str]:
    """Full-name keys whose every name is the ending of a name of exactly one other key of the
    same surname ("Coney Barrett" of "Amy Coney Barrett": a double surname or a middle name
    with the surname, read as a first name), mapped to that key."""
    names = {k: {n for _, c in members for n in c.names}
             for k, members in clusters_of.items() if k.startswith("person:") and " " in k}
    by_last: dict[tuple[str, str | None], list[str]] = defaultdict(list)  # (surname, suffix) -> keys
    for k in names:
        _, last, suffix = _key_parts(k)
        by_last[(last, suffix)].append(k)
    out: dict[str, str] = {}
    for keys in by_last.values():
        for k in keys:
            if not names[k]:
                continue
            into = [o for o in keys if o != k and all(any(name_ends_with(n, m.split()) for n in names[o])
                                                       for m in names[k])]
            if len(into) == 1 and into[0] not in out:
                out[k] = into[0]
    return out


def _key_parts(k: str) -> tuple[str, str, str | None]:
    """(first, surname, suffix) of a full-name key "person:first last[ jr]"."""
    words = k[len("person:"):].split()
    if len(words) > 2:
        return words[0], words[1], words[2]
    return words[0], words[-1], None


def _first_fits(short: str, given: str) -> bool:
    """Whether first name ``short`` can stand for ``given``: the same, a nickname, an initial."""
    return short == given or given in given_names(short) or (len(short) == 1 and given[:1] == short)


def _people(c: Cluster) -> tuple[str | None, str, str | None] | None:
    """(first or None, surname, suffix) of a person cluster, from its fullest name or surface."""
    forms = list(c.names) or list(c.surfaces)
    if not forms:
        return None
    words, suffix = split_suffix(_fullest(forms).split())
    first = translit_key(words[0]) if len(words) > 1 else None
    return first, translit_key(words[-1]), suffix


def _nickname_merges(clusters_of: dict[str, list[tuple[str, Cluster]]],
                     locals_: dict[str, LocalEntities] | None = None) -> dict[str, str]:
    """Full-name keys of one surname that name one person, each mapped to the key it joins:
    a nickname or an initial and a given name (:func:`.aliases.given_names`: len -> leonard,
    bill -> william; "J." -> john), and a name with "Jr."/"Sr." and the same name without
    it ("Joseph R. Biden Jr." / "Joe Biden"), unless an article of either tells two people
    of that surname apart that could be father and son ("Donald Trump Jr." beside "Donald
    Trump").  A short form joins only when exactly one person of that surname in the run
    fits ("Chris Evans" stays apart when both a Christopher and a Christine Evans are named)."""
    by_last: dict[str, list[str]] = defaultdict(list)
    for k in clusters_of:
        if k.startswith("person:") and " " in k:
            by_last[_key_parts(k)[1]].append(k)
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        while k in parent:
            k = parent[k]
        return k

    def two_generations(k: str, suffix: str) -> bool:
        """An article of ``k`` also names another person of its surname who could be the one
        with (or without) ``suffix``."""
        first, last, own = _key_parts(k)
        for art in {a for a, _ in clusters_of[k]}:
            mine = {c.key for a, c in clusters_of[k] if a == art}
            for c in (locals_[art].clusters if locals_ else ()):
                p = _people(c) if c.type == "PERSON" and c.key not in mine else None
                if p and p[1] == last and p[2] != own and (p[0] is None or same_first_name(p[0], first)):
                    return True
        return False

    def fits(k: str, o: str) -> bool:
        """Whether key ``k`` (the shorter or suffixed form) can join key ``o``."""
        (fk, _, sk), (fo, _, so) = _key_parts(k), _key_parts(o)
        if sk == so:  # a short form of the given name: "len" -> "leonard", "j" -> "john"
            return fk != fo and len(fo) > 1 and _first_fits(fk, fo)
        if sk and not so and same_first_name(fk, fo):  # "joseph biden jr" -> "joe biden"
            return not two_generations(k, sk) and not two_generations(o, sk)
        return False

    for keys in by_last.values():
        if len(keys) < 2:
            continue
        for k in sorted(keys):
            related = {root(o) for o in keys if o != k and fits(k, o)}
            if len(related) == 1 and root(k) not in related:
                parent[root(k)] = next(iter(related))
    return {k: root(k) for k in parent}


def _fuzzy(blocks: dict[tuple[str, str], list[tuple[str, str]]], typ: str, nk: str) -> str | None:
    """A same-type name spelled nearly alike; candidates share the type and the first letter."""
    if len(nk) < 6:
        return None
    for other, k in blocks.get((typ, nk[0]), ()):
        if abs(len(other) - len(nk)) <= 3 and near_spelling(other, nk):
            return k
    return None


# kinds of place the tagger tells apart unreliably ("Black History Month" GPE in one article, LOC
# in the next)
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


def _family(typ: str) -> str:
    return "PLACE" if typ in _PLACE_TYPES else typ


def _loose_key(form: str, family: str) -> str:
    """A written form's key for joining entities other than people: hyphens as spaces, and a
    people's plural as its singular ("African-American", "African Americans")."""
    key = name_key(form).replace("-", " ")
    return key[:-1] if family == "NORP" and key.endswith("s") and len(key) > 3 else key


def _other_merges(clusters_of: dict[str, list[tuple[str, Cluster]]]) -> dict[str, str]:
    """Entities other than people to merge (key -> key it joins).  Two of one type (any kind of
    place counting as one) are one when their articles' clusters share a written form ("FTC"
    in one article; "the Federal Trade Commission (FTC)" in another, which joined them), or
    when one is written as an acronym and exactly one other of its type is spelled out with
    those initials ("NAFTA"; "the North American Free Trade Agreement").  A key from the
    alias table wins; otherwise the one with more clusters."""
    typed = {k: _family(ms[0][1].type) for k, ms in clusters_of.items() if ms and ms[0][1].type != "PERSON"}
    by_form: dict[tuple[str, str], set[str]] = defaultdict(set)
    spelled: dict[tuple[str, str], set[str]] = defaultdict(set)
    acronyms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for k, typ in typed.items():
        if k.startswith("canon:"):  # "Wis." (the alias table's Wisconsin) is the "Wisconsin" of others
            by_form[(typ, _loose_key(k[len("canon:"):], typ))].add(k)
        for _, c in clusters_of[k]:
            for form in (*c.surfaces, *c.names):
                key = _loose_key(form, typ)
                by_form[(typ, key)].add(k)
                if typ == "ORG" and key.endswith(" party") and key[:-6].strip():
                    by_form[(typ, key[:-6])].add(k)  # "the Likud party" is the Likud of others
                if is_acronym(form):
                    acronyms[(typ, form.replace(".", ""))].add(k)
                elif letters := initials(form):
                    spelled[(typ, letters)].add(k)
    # the root: the alias table's key, then the entity with more clusters, then the first in order
    sets = DisjointSets(typed, prefer=lambda x: (not x.startswith("canon:"), -len(clusters_of[x]), x))
    find, union = sets.find, sets.join
    for ks in by_form.values():
        first, *rest = sorted(ks)
        for k in rest:
            union(first, k)
    for typed_form, ks in acronyms.items():
        fits = {find(k) for k in spelled.get(typed_form, set())}
        if len(fits) == 1:
            for k in ks:
                union(next(iter(fits)), k)
    # "the Navy" is the "U.S. Navy" of another article when no other country's navy is in the run
    for (typ, name), by_country in _country_prefixed(typed, clusters_of).items():
        bare = by_form.get((typ, name), set())
        if bare and len(by_country) == 1:
            for k in (*bare, *next(iter(by_country.values()))):
                union(min(bare), k)
    return {k: find(k) for k in typed if find(k) != k}


def _country_prefixed(typed: dict[str, str], clusters_of: dict[str, list[tuple[str, Cluster]]]
                      ) -> dict[tuple[str, str], dict[str, set[str]]]:
    """Organisations written with a country before the name ("U.S. Navy", "Russian Navy"):
    (type, loose key of the rest) -> country -> keys.  The shipped alias table says which words
    are countries."""
    aliases = load_aliases()
    out: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for k, typ in typed.items():
        if typ != "ORG":
            continue
        for _, c in clusters_of[k]:
            for form in (*c.surfaces, *c.names):
                words = re.sub(r"^[Tt]he\s+", "", form).split()
                for n in (1, 2):
                    prefix = " ".join(words[:n])
                    hit = aliases.lookup(prefix) if len(words) > n else None
                    # a state's body is not the nation's ("Georgia Senate", "New York Supreme Court")
                    if hit is not None and hit.type == "GPE" and words[n][:1].isupper() \
                            and not is_us_state_name(prefix):
                        out[(typ, _loose_key(" ".join(words[n:]), typ))][hit.canonical].add(k)
                        break
    return out


def _display_name(key: str, members: list[tuple[str, Cluster]]) -> str:
    if key.startswith("canon:"):
        return key[len("canon:"):]
    names = Counter(n for _, c in members for n in c.names)
    if names:
        # the most used full name, not one that only ends another ("Coney Barrett" of "Amy Coney
        # Barrett"); ties: the longest, then alphabetical
        whole = [n for n in names if not any(name_ends_with(o, n.split()) and is_given_name(translit_key(o.split()[0]))
                                             for o in names)]
        return sorted(whole or names, key=lambda n: (-names[n], -len(n), n))[0]
    surfaces = Counter(s for _, c in members for s in c.surfaces)
    if not surfaces:
        return key.split(":", 1)[-1]
    best = sorted(surfaces, key=lambda s: (-surfaces[s], -s[:1].isupper(), s))[0]
    if is_acronym(best):  # "NAFTA" is shown spelled out where an article spells it out
        best = next((s for s in sorted(surfaces, key=lambda s: (-surfaces[s], s))
                     if initials(s) == best.replace(".", "")), best)
    return re.sub(r"^[Tt]he\s+", "", best)


def _aliases(name: str, members: list[tuple[str, Cluster]],
             mentions: list[tuple[str, Mention]]) -> tuple[str, ...]:
    forms: dict[str, str] = {}
    for _, m in mentions:
        if m.kind == "pronoun" or m.text.lower() in forms:
            continue
        text = re.sub(r"\s+", " ", m.text.strip("()"))
        text = re.sub(r"[()]", "", text)
        text = re.sub(r"(?:'s|')$", "", text)
        if m.kind == "description":
            text = re.sub(r"^The\b", "the", text)
        else:
            text = re.sub(r"^[Tt]he\s+", "", text)
        forms.setdefault(text.lower(), text)
    for _, c in members:
        for n in c.names:
            forms.setdefault(n.lower(), n)
        # titles stand for the person too ("Kremlin leader", "Russian ruler")
        for t in c.titles:
            if 1 < len(t.text.split()) <= MAX_TITLE_ALIAS_WORDS:
                forms.setdefault(t.text.lower(), t.text)
    forms.pop(name.lower(), None)
    return tuple(sorted(forms.values(), key=lambda s: (s.lower(), s)))
