"""Outlets and agencies an article names as its sources ("citing Anadolu", "Source: TASS").

An organisation counts as a cited source when it is a news outlet (in the
outlet table, or named like one: "... Post", "... News", "... Agency") and the
text cites it: a ``Source:`` line, "according to X", "citing X", "X reports",
"told X", "in an interview with X".  Photo credits that cleaning removed are
reported with role ``photo`` when they credit an agency.
"""

from __future__ import annotations

import re
from typing import Any

from ..clean.lines import classify
from ..clean.outlets import outlet_by_name
from ..model import Article, SourceCite
from .docutil import doc_ents, doc_text

MEDIA_WORDS = re.compile(
    r"\b(News|Post|Times|Agency|Agence|TV|Television|Radio|Telegraph|Journal|Herald|Press|Gazette|"
    r"Tribune|Daily|Channel|Broadcasting|Media|Pravda|Novosti|Izvestia|Interfax|Wire|Today|Insider|"
    r"Chronicle|Observer|Guardian|Independent|Mirror|Express|Monitor|Standard|Images|Photo|Reuters)\b"
)
REPORT_VERBS = {"report", "say", "write", "quote", "cite", "publish", "broadcast", "claim", "learn",
                "reveal", "tell", "confirm", "announce", "state"}
CITING_HEADS = {"citing", "cite", "according", "quoted", "cited", "reported", "interview", "told", "tell"}
_SOURCE_LINE = re.compile(r"^\s*(?:sources?|via)\s*:\s*(?P<body>.+)$", re.I | re.M)
_CHANNEL = re.compile(r"\b(?:Telegram|YouTube|Facebook|X|Twitter|Instagram|TikTok|VK)\s+(?:channel|account|page)\s+"
                      r"(?P<name>[^(,;]+?)\s*(?:\(|,|;|$)")


def _outlet_name(text: str) -> str | None:
    """Canonical outlet name of ``text`` if it names a news outlet."""
    text = text.strip(" .,'\"")
    o = outlet_by_name(text)
    if o is not None:
        return o.name
    if MEDIA_WORDS.search(text) and text[:1].isupper():
        return re.sub(r"^the\s+", "The ", text)
    return None


def _cited(tok_span: Any) -> bool:
    """Whether the span stands in a citing position in its sentence."""
    root = tok_span.root
    head = root.head
    # "X reports / X said / X has learned"
    if root.dep_ in {"nsubj", "nsubjpass"} and head.lemma_.lower() in REPORT_VERBS:
        return True
    # "according to X", "citing X", "told X", "quoted by X", "in an interview with X"
    chain = [head, head.head, head.head.head]
    for h in chain:
        if h.lower_ in CITING_HEADS or h.lemma_.lower() in CITING_HEADS:
            return True
    # the sentence starts with "Source:" / "Via:"
    sent = tok_span.sent.text.lstrip()
    return bool(re.match(r"(?:sources?|via)\s*:", sent, re.I))


def find_sources(doc: Any, article: Article) -> list[SourceCite]:
    """Sources cited in ``article`` (its spaCy ``doc``), first mention of each name kept."""
    out: list[SourceCite] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, role: str, text: str, start: int | None, end: int | None) -> None:
        key = (name.lower(), role)
        if key in seen:
            return
        seen.add(key)
        out.append(SourceCite(article.id, name, role, text, start, end))

    text = doc_text(doc)
    # 1. "Source:" lines name their sources outright, separated by ";" or ","
    for m in _SOURCE_LINE.finditer(text):
        body_start = m.start("body")
        for part in re.finditer(r"[^;]+", m.group("body")):
            chunk = part.group(0)
            a = body_start + part.start()
            ch = _CHANNEL.search(chunk)
            if ch:
                add(ch.group("name").strip(), "source", ch.group(0).strip(" ,;("), a + ch.start(), a + ch.end("name"))
                continue
            span = doc.char_span(a, a + len(chunk), alignment_mode="expand")
            names = [e for e in (span.ents if span is not None else []) if e.label_ in {"ORG", "PERSON", "GPE", "NORP"}]
            # "Kremlin-aligned news agencies RIA Novosti": the outlet, not its description
            names = [e for e in names if _outlet_name(e.text)] or names
            if names:
                for e in names:
                    add(_outlet_name(e.text) or e.text, "source", e.text, e.start_char, e.end_char)
            else:
                words = chunk.strip()
                tail = re.search(r"((?:[A-Z][\w.&'-]*\s?)+)$", words)
                if tail:
                    name = tail.group(1).strip()
                    s = a + chunk.find(name)
                    add(_outlet_name(name) or name, "source", name, s, s + len(name))
    # 2. outlets in citing positions anywhere in the text
    for ent in doc_ents(doc):
        if ent.label_ not in {"ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART", "FAC"}:
            continue
        name = _outlet_name(ent.text)
        if name and _cited(ent):
            add(name, "source", ent.text, ent.start_char, ent.end_char)
    # 3. photo credits (removed from the text by cleaning)
    for r in article.removed:
        if r.reason != "photo credit":
            continue
        line = classify(r.text)
        credit = line.match.group("credit") if line.match else r.text
        for piece in re.split(r"\s*(?:/|,|;|\band\b|\bvia\b)\s*", credit):
            name = _outlet_name(piece)
            if name:
                add(name, "photo", r.text.strip(), None, None)
    out.sort(key=lambda s: (s.start if s.start is not None else 10**9, s.name))
    return out
