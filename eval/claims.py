"""Who reports what, against claim groups made by reading: pairwise precision and recall.

    python eval/claims.py --data ../shared/eval-data/neus_allsides
    python eval/align.py --claims --data ../shared/eval-data/neus_allsides     # the same
    python eval/claims.py --data ../shared/eval-data/neus_allsides --show 2000:2025
    python eval/claims.py --data ../shared/eval-data/neus_allsides --add SPEC  # record labels
    python eval/claims.py --data ../shared/eval-data/neus_allsides --dump      # wrong, missed

The fact x outlet matrix says which outlets state the same claim.  ECB+ (eval/align.py without
``--claims``) links sentences that mention one *event*, and eval/corroboration.py judges only
the pairs newsprism aligned (precision, no recall).  Here a person read every sentence of
the three articles of a multi-outlet story and grouped every sentence that states a claim
another article also states (the same who-did/said-what-when, background facts included;
the same topic or event is not enough).  Sentences that state no shared claim are in no
group; a sentence that states two shared claims is in two groups.

Units are sentences, cut by :func:`split_sentences` (a regex splitter, deterministic, so the
stored offsets stay valid).  Scores are pairwise over cross-article sentence pairs of a story:
a gold pair is two sentences of different articles in one labelled group; a predicted pair is
two sentences of different articles that carry variants of one fact of
``analyze(story).comparison.facts`` (a variant is mapped to every sentence its source span
overlaps).  Precision, recall and F1 are micro (pairs summed over stories).  Next to them,
``all pairs`` (every cross-article pair predicted) shows the precision of guessing, and the
*one-wording ceiling* the recall that a fact holding at most one sentence of each article can
reach at best (:func:`one_wording_ceiling`).  Omissions are checked too: an omission
(outlet k leaves out fact f) is *stated* when one labelled group holds f's wordings and a
sentence of k, i.e. the outlet reported the claim the matrix says it left out.

Storage: ``eval/judgments/claims.jsonl``, lines starting with ``#`` are comments, every other
line one story as a JSON object, with no third-party text::

    {"set": "neus_allsides", "split": "train", "line": 2000,   # 0-based line of <split>.source
     "sha": "<sha1 of the raw line, 16 hex>",
     "articles": [{"chars": 259, "sha": "<sha1 of the article text, 16 hex>"}, ...],
     "groups": [{"members": [[0, 0, 199, "<10 hex>"], [1, 0, 208, "<10 hex>"]],
                 "note": "the claim in our own words"}, ...]}

``articles`` are the " [SEP] "-separated parts of the line in order (the ARTICLE text that
eval/conflicts.py ``stories()`` hands to ``analyze``; titles are not units).  A member is
``[article index, start, end, hash]``: character offsets of one sentence in that article's
text and :func:`short_hash` of the sentence, so a changed file or splitter is caught on load
(:func:`check_story`).  Every group has members from at least two articles.

``--show A:B`` prints the stories of lines A..B-1 split into numbered sentences
(``article.sentence``) to read; ``--add SPEC`` records labels written as one tab-separated
line per group, ``LINE<TAB>0.0 1.2 2.0<TAB>note`` (a story with no shared claim:
``LINE<TAB>-``), replacing the stories of those lines in the judgments file.
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from math import prod
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))
JUDGMENTS = ROOT / "eval" / "judgments" / "claims.jsonl"
# The stories (NeuS train lines) the pair judge is fitted on (eval/train_judge.py --fit-claims):
# the 36 read first.  The 60 read in round 15 (lines 2036-2095) are held out from the fit, so
# their figures say how the shipped judge does on claim groups it never saw.
FIT_LINES = range(2000, 2036)

# Words whose final period is no sentence end: titles and abbreviations met in US news text
# (read off the NeuS lines labelled here; a missed one merges two sentences, which the
# reader sees while labelling, and the offsets stay whatever the splitter gives).
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "sen", "sens", "rep", "reps", "gov", "lt", "gen", "col",
    "sgt", "capt", "adm", "cmdr", "maj", "pres", "rev", "prof", "jr", "sr", "inc", "corp",
    "co", "ltd", "no", "nos", "vs", "v", "jan", "feb", "mar", "apr", "aug", "sep", "sept",
    "oct", "nov", "dec", "mt", "ft", "gens", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m",
    "e.g", "i.e", "ph.d", "calif", "fla", "ariz", "mass", "penn", "wash", "ore", "ky",
})
# A sentence ends at . ! or ? (closing quotes/brackets may follow), then white space, then
# something that can open a sentence: a capital, a digit, or an opening quote or bracket.
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")

Unit = tuple[int, int]  # (article index, sentence start)
Pair = tuple[str, Unit, Unit]  # (story key, unit, unit), units sorted


@dataclass(frozen=True)
class Member:
    article: int
    start: int
    end: int
    sha: str


@dataclass(frozen=True)
class Group:
    members: tuple[Member, ...]
    note: str = ""


@dataclass(frozen=True)
class StoryLabels:
    """One story's claim groups and what identifies its text."""

    set: str
    split: str
    line: int
    sha: str
    articles: tuple[tuple[int, str], ...]  # (chars, sha) of each article's text
    groups: tuple[Group, ...]

    @property
    def key(self) -> str:
        return f"{self.set}-{self.split}-{self.line}"

    @property
    def fitted(self) -> bool:
        """The judge was fitted on this story's claim pairs (``FIT_LINES``)."""
        return self.split == "train" and self.line in FIT_LINES


def short_hash(text: str, n: int = 10) -> str:
    """sha1 of the text with white space collapsed, first ``n`` hex digits."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:n]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` of ``text``, stripped of surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start() + 1)
        if text[m.start()] == "." and word:
            w = word.group(1).lower()
            # an abbreviation or initials ("Donald J. Trump", "H.R. McMaster"), not an end
            if w in ABBREVIATIONS or _INITIALS.fullmatch(word.group(1)):
                continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def neus_lines(data: Path, split: str) -> list[str]:
    """The raw lines of a NeuS ``<split>.source`` (``data`` is the neus_allsides folder)."""
    folder = next(data.glob("data/*probe*"), None)
    if folder is None:
        raise SystemExit(f"{data}: no NeuS data/*probe*/ folder here")
    path = folder / f"{split}.source"
    if not path.exists():
        raise SystemExit(f"{path}: no such file")
    return path.read_text("utf-8").splitlines()


def articles_of(line: str) -> list[tuple[str, str]]:
    """(title, text) of each part of a NeuS line, as eval/conflicts.py ``stories()`` splits it."""
    from summary import parse  # the NeuS line format

    return [parse(part) for part in line.split(" [SEP] ")]


def line_hash(line: str) -> str:
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:16]


# --- the judgments file -----------------------------------------------------------------------


def load_labels(path: Path = JUDGMENTS) -> list[StoryLabels]:
    """The labelled stories of a judgments file; a malformed line names the file and line."""
    out: list[StoryLabels] = []
    for n, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        try:
            d = json.loads(raw)
            groups = tuple(
                Group(tuple(Member(int(a), int(s), int(e), str(h)) for a, s, e, h in g["members"]),
                      str(g.get("note", "")))
                for g in d["groups"])
            story = StoryLabels(str(d["set"]), str(d["split"]), int(d["line"]), str(d["sha"]),
                                tuple((int(a["chars"]), str(a["sha"])) for a in d["articles"]),
                                groups)
        except (ValueError, KeyError, TypeError) as e:
            raise SystemExit(f"{path}:{n}: not a labelled story ({type(e).__name__}: {e})") from None
        for g in groups:
            if len({m.article for m in g.members}) < 2:
                raise SystemExit(f"{path}:{n}: a group with members from fewer than two articles")
        out.append(story)
    return out


def story_record(line_no: int, line: str, groups: Sequence[Group], split: str) -> dict[str, Any]:
    texts = [t for _, t in articles_of(line)]
    return {"set": "neus_allsides", "split": split, "line": line_no, "sha": line_hash(line),
            "articles": [{"chars": len(t), "sha": short_hash(t, 16)} for t in texts],
            "groups": [{"members": [[m.article, m.start, m.end, m.sha] for m in g.members],
                        "note": g.note} for g in groups]}


def check_story(story: StoryLabels, line: str) -> list[str]:
    """What no longer matches between a labelled story and the line it was read from."""
    problems = []
    if line_hash(line) != story.sha:
        problems.append("the line's hash differs")
    texts = [t for _, t in articles_of(line)]
    for g in story.groups:
        for m in g.members:
            if m.article >= len(texts):
                problems.append(f"article {m.article} missing")
            elif short_hash(texts[m.article][m.start:m.end]) != m.sha:
                problems.append(f"article {m.article} [{m.start}:{m.end}] hash differs")
            elif (m.start, m.end) not in split_sentences(texts[m.article]):
                problems.append(f"article {m.article} [{m.start}:{m.end}] is not a sentence")
    return problems


def parse_spec(spec: str, lines: list[str]) -> dict[int, list[Group]]:
    """Groups from ``LINE<TAB>k.j k.j ...<TAB>note`` lines (``k.j``: sentence j of article k)."""
    out: dict[int, list[Group]] = {}
    for n, raw in enumerate(spec.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        line_no = int(cols[0])
        groups = out.setdefault(line_no, [])
        if cols[1].strip() == "-":
            continue
        texts = [t for _, t in articles_of(lines[line_no])]
        members = []
        for ref in cols[1].split():
            k, j = (int(x) for x in ref.split("."))
            a, b = split_sentences(texts[k])[j]
            members.append(Member(k, a, b, short_hash(texts[k][a:b])))
        if len({m.article for m in members}) < 2:
            raise SystemExit(f"spec line {n}: a group needs members from two articles")
        groups.append(Group(tuple(members), cols[2].strip() if len(cols) > 2 else ""))
    return out


# --- scoring ----------------------------------------------------------------------------------


def _pair(key: str, a: Unit, b: Unit) -> Pair:
    return (key, a, b) if a <= b else (key, b, a)


def cross_pairs(key: str, units: Iterable[Unit]) -> set[Pair]:
    """Pairs of units of different articles among ``units``."""
    us = sorted(set(units))
    return {_pair(key, a, b) for a, b in combinations(us, 2) if a[0] != b[0]}


def gold_pairs(story: StoryLabels) -> set[Pair]:
    out: set[Pair] = set()
    for g in story.groups:
        out |= cross_pairs(story.key, ((m.article, m.start) for m in g.members))
    return out


def units_of(sentences: Sequence[tuple[int, int]], start: int, end: int) -> list[int]:
    """Starts of the sentences that the span ``[start, end)`` overlaps."""
    return [a for a, b in sentences if a < end and start < b]


def predicted_pairs(key: str, facts: Iterable[Iterable[tuple[int, int, int]]],
                    sentences: Sequence[Sequence[tuple[int, int]]]) -> tuple[set[Pair], int]:
    """Cross-article sentence pairs that the facts join, and the number of unmapped variants.

    ``facts``: per fact, its variants as (article index, start, end) in the labelled text
    (start -1 when the variant could not be placed there); ``sentences``: each article's spans.
    """
    pairs: set[Pair] = set()
    unmapped = 0
    for variants in facts:
        units: list[Unit] = []
        for k, a, b in variants:
            found = units_of(sentences[k], a, b) if a >= 0 else []
            unmapped += not found
            units += [(k, s) for s in found]
        pairs |= cross_pairs(key, units)
    return pairs, unmapped


def prf(pred: set[Pair], gold: set[Pair]) -> dict[str, float | int]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp,
            "pred": len(pred), "gold": len(gold)}


def one_wording_ceiling(story: StoryLabels, cap: int = 100_000) -> int:
    """The most gold pairs a grouping can find when a fact holds at most one sentence of each
    article (newsprism's rule until issue 22 item 3): every choice of one sentence per article
    in each group is tried (above ``cap`` choices, the first sentence of each article)."""
    options = []
    for g in story.groups:
        by: dict[int, list[Unit]] = {}
        for m in g.members:
            by.setdefault(m.article, []).append((m.article, m.start))
        options.append([list(c) for c in product(*by.values())])
    if prod(len(o) for o in options) > cap:
        options = [o[:1] for o in options]
    gold = gold_pairs(story)
    best = 0
    for choice in product(*options):
        found: set[Pair] = set()
        for units in choice:
            found |= cross_pairs(story.key, units)
        best = max(best, len(found & gold))
    return best


def wrong_omissions(story: StoryLabels, listed: Iterable[tuple[int, Sequence[tuple[int, int, int]]]],
                    sentences: Sequence[Sequence[tuple[int, int]]]) -> int:
    """How many listed omissions (article k, the omitted fact's variants) the labels contradict:
    one labelled group holds a sentence of the fact's wording in each of its articles (so the
    group is that fact's claim, not another claim of one of its sentences) and a sentence of
    article k."""
    wrong = 0
    for k, variants in listed:
        by: dict[int, set[Unit]] = {}
        for j, a, b in variants:
            if a >= 0:
                by.setdefault(j, set()).update((j, s) for s in units_of(sentences[j], a, b))
        for g in story.groups:
            members = {(m.article, m.start) for m in g.members}
            if by and all(us & members for us in by.values()) and any(m.article == k
                                                                        for m in g.members):
                wrong += 1
                break
    return wrong


def place(variant_text: str, src: tuple[int, int], source_text: str, text: str) -> tuple[int, int]:
    """The variant's span in the labelled article text: its source span when newsprism's source
    text is that text, else the first occurrence of its wording (-1, -1 when none)."""
    if source_text == text:
        return src
    i = text.find(variant_text)
    return (i, i + len(variant_text)) if i >= 0 else (-1, -1)


def score(data: Path, labels: list[StoryLabels], verbose: bool = True, dump: bool = False,
          path: Path = JUDGMENTS) -> dict[str, Any]:
    """Run ``analyze`` on each labelled story and score its facts against the groups
    (``dump``: print each wrong and each missed pair with both sentences, to stderr)."""
    from newsprism import analyze
    from newsprism.config import Settings

    lines: dict[str, list[str]] = {}
    pred_all: set[Pair] = set()
    gold_all: set[Pair] = set()
    every: set[Pair] = set()
    # the same, of the stories the judge was fitted on and of those held out from its fit
    by_fit: dict[bool, tuple[set[Pair], set[Pair]]] = {True: (set(), set()), False: (set(), set())}
    unmapped = variants = ceiling = omissions = omissions_wrong = possible = possible_right = 0
    rows = []
    for story in labels:
        src = lines.setdefault(story.split, neus_lines(data, story.split))
        line = src[story.line]
        problems = check_story(story, line)
        if problems:
            raise SystemExit(f"{path}: {story.key}: {'; '.join(problems[:3])}")
        parts = articles_of(line)
        docs = [{"id": f"s{story.line}-{k}", "title": title, "text": text}
                for k, (title, text) in enumerate(parts) if text]
        texts = [t for _, t in parts]
        sentences = [split_sentences(t) for t in texts]
        analysis = analyze(docs, Settings(workers=1))
        comparison = analysis.comparison
        assert comparison is not None
        arts = {a.id: a for a in analysis.articles}
        facts: dict[str, list[tuple[int, int, int]]] = {}
        for f in comparison.facts:
            vs = facts.setdefault(f.id, [])
            for v in f.variants:
                art = arts[v.article]
                k = int(v.article.rsplit("-", 1)[1])
                vs.append((k, *place(v.text, art.source_span(v.start, v.end), art.source_text,
                                     texts[k])))
            variants += len(vs)
        pred, miss = predicted_pairs(story.key, facts.values(), sentences)
        gold = gold_pairs(story)
        unmapped += miss
        ceiling += one_wording_ceiling(story)
        listed = [(int(o.article.rsplit("-", 1)[1]), facts[f]) for o in comparison.omissions
                  for f in o.facts]
        omissions += len(listed)
        omissions_wrong += wrong_omissions(story, listed, sentences)
        # "possibly reported" marks: right when the article states the fact's claim (by the
        # groups: what would make an omission wrong), whichever of its sentences does
        marks = [(int(o.article.rsplit("-", 1)[1]), m) for o in comparison.omissions for m in o.possible]
        stated = [bool(wrong_omissions(story, [(k, facts[m.fact])], sentences)) for k, m in marks]
        possible += len(marks)
        possible_right += sum(stated)
        if dump:
            for (k, m), ok in zip(marks, stated, strict=True):
                print(f"POSSIBLY {'right' if ok else 'wrong'} p={m.probability:.3f} {story.key} article {k}:"
                      f" {m.text}\n" + "".join(f"    {j}: {texts[j][a:b]}\n" for j, a, b in facts[m.fact]
                                               if a >= 0), file=sys.stderr, end="")
        if dump:
            for k, vs in listed:
                if wrong_omissions(story, [(k, vs)], sentences):
                    print(f"OMITTED? {story.key} article {k} is said to omit\n"
                          + "".join(f"    {j}: {texts[j][a:b]}\n" for j, a, b in vs if a >= 0),
                          file=sys.stderr, end="")
        pred_all |= pred
        gold_all |= gold
        by_fit[story.fitted][0].update(pred)
        by_fit[story.fitted][1].update(gold)
        every |= cross_pairs(story.key, ((k, a) for k, ss in enumerate(sentences) for a, _ in ss))
        row = prf(pred, gold)
        rows.append({"story": story.key, "sentences": sum(map(len, sentences)),
                     "groups": len(story.groups), **row})
        if dump:
            for tag, ps in (("WRONG", pred - gold), ("MISSED", gold - pred)):
                for _, (k1, a1), (k2, a2) in sorted(ps):
                    print(f"{tag} {story.key}\n    {k1}: {_sentence(texts[k1], a1)}\n"
                          f"    {k2}: {_sentence(texts[k2], a2)}", file=sys.stderr)
        if verbose:
            print(f"  {story.key:<28} sent {rows[-1]['sentences']:>3} groups {len(story.groups):>2}"
                  f"  gold {row['gold']:>3} pred {row['pred']:>3} tp {row['tp']:>3}", file=sys.stderr)
    return {"stories": len(labels), "groups": sum(len(s.groups) for s in labels),
            "variants": variants, "unmapped_variants": unmapped,
            "ours": prf(pred_all, gold_all), "all_pairs": prf(every, gold_all),
            "ours_fit_stories": prf(*by_fit[True]), "ours_held_out_stories": prf(*by_fit[False]),
            "one_wording_recall_ceiling": round(ceiling / len(gold_all), 3) if gold_all else None,
            "omissions": omissions, "omissions_stated": omissions_wrong,
            "possibly_reported": possible, "possibly_reported_stated": possible_right, "per_story": rows}


def _sentence(text: str, start: int) -> str:
    return next(text[a:b] for a, b in split_sentences(text) if a == start)


# --- the command line -------------------------------------------------------------------------


def show(data: Path, split: str, span: str) -> None:
    """Print stories split into numbered sentences, to read and label (third-party text: the
    terminal only, never a file of this repository)."""
    lines = neus_lines(data, split)
    a, b = (int(x) for x in span.split(":"))
    for n in range(a, b):
        print(f"=== {split} line {n}")
        for k, (title, text) in enumerate(articles_of(lines[n])):
            print(f"  [{k}] TITLE: {title}")
            for j, (s, e) in enumerate(split_sentences(text)):
                print(f"    {k}.{j} [{s}:{e}] {text[s:e]}")


def add(data: Path, split: str, spec_path: Path, path: Path = JUDGMENTS) -> int:
    """Record the groups of a spec file, replacing the stories of its lines in ``path``."""
    lines = neus_lines(data, split)
    groups = parse_spec(spec_path.read_text("utf-8"), lines)
    kept = path.read_text("utf-8").splitlines() if path.exists() else []

    def replaced(raw: str) -> bool:
        if not raw.strip() or raw.startswith("#"):
            return False
        d = json.loads(raw)
        return bool(d["split"] == split and d["line"] in groups)

    out = [raw for raw in kept if not replaced(raw)]
    out += [json.dumps(story_record(n, lines[n], gs, split), ensure_ascii=False)
            for n, gs in sorted(groups.items())]
    path.write_text("\n".join(out) + "\n", "utf-8")
    return len(groups)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the neus_allsides folder")
    ap.add_argument("--judgments", type=Path, default=JUDGMENTS)
    ap.add_argument("--split", default="train", help="NeuS split for --show and --add")
    ap.add_argument("--show", metavar="A:B", help="print lines A..B-1 as numbered sentences")
    ap.add_argument("--add", type=Path, metavar="SPEC", help="record the groups of a spec file")
    ap.add_argument("--dump", action="store_true",
                    help="print wrong and missed pairs with both sentences (to stderr)")
    args = ap.parse_args(argv)
    if args.show:
        show(args.data, args.split, args.show)
        return 0
    if args.add:
        n = add(args.data, args.split, args.add, args.judgments)
        print(f"{args.judgments}: {n} stories recorded")
        return 0
    if not args.judgments.exists():
        raise SystemExit(f"{args.judgments}: no such file")
    labels = load_labels(args.judgments)
    r = score(args.data, labels, dump=args.dump, path=args.judgments)
    ours, every = r["ours"], r["all_pairs"]
    print(f"{args.data}: {r['stories']} stories, {r['groups']} claim groups, "
          f"{ours['gold']} gold cross-article sentence pairs")
    print(f"{'':<10}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'tp':>6}")
    for name, c in (("ours", ours), ("all pairs", every)):
        print(f"{name:<10}{c['p']:>7.3f}{c['r']:>7.3f}{c['f1']:>7.3f}{c['pred']:>7}{c['tp']:>6}")
    for name, c in (("ours, the stories the judge is fitted on", r["ours_fit_stories"]),
                    ("ours, the stories held out from its fit", r["ours_held_out_stories"])):
        if c["gold"]:
            print(f"{name}: P {c['p']:.3f} R {c['r']:.3f} F1 {c['f1']:.3f} "
                  f"({c['tp']} of {c['pred']} predicted, {c['gold']} gold)")
    print(f"one wording per article and fact (newsprism's rule so far) allows recall "
          f"{r['one_wording_recall_ceiling']} at most")
    print(f"fact variants: {r['variants']}, not mapped to a labelled sentence: "
          f"{r['unmapped_variants']}")
    print(f"omissions listed: {r['omissions']}, of which the outlet states the claim (by the "
          f"groups): {r['omissions_stated']}")
    print(f"'possibly reported' marks: {r['possibly_reported']}, of which the outlet states the claim "
          f"(by the groups): {r['possibly_reported_stated']}")
    print(json.dumps({"data": str(args.data), "judgments": str(args.judgments), **r},
                     sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
