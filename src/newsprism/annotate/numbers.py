"""Quantities and what they count: "1,000 people from each side", "a 30-day ceasefire".

spaCy's CARDINAL/QUANTITY/MONEY/PERCENT entities give the spans; the parse
gives the noun a number counts (``nummod``), extended by a short
prepositional phrase read linearly ("from each side"), because the parser
often attaches such phrases elsewhere.  Numbers inside time expressions are
left to the dates stage, except "N-day"-style modifiers, which count the noun
they modify.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import NumberRef
from .docutil import doc_ents, doc_text, sentence_of_token, tokens

NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "dozen": 12, "a dozen": 12, "half": 0.5,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
# prepositions that may extend what a number counts ("people from each side")
COUNT_PREPS = {"from", "of", "on", "in", "per", "for", "at"}
# at most this many tokens after the preposition
COUNT_PP_MAX_TOKENS = 3
_UNIT_MODIFIER = re.compile(r"^(\d+(?:[.,]\d+)?)\s*-\s*(second|minute|hour|day|week|month|year|mile|km|kilometre|kilometer|metre|meter|point|member|nation|country|seat)s?$", re.I)
_DATE_LIKE = re.compile(r"^\d{1,2}/\d{1,2}")
_NUM = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_RANGE_HIGH = re.compile(r"\s*(?:-|–|—|to|or)\s*[$€£]?\d[\d,]*(?:\.\d+)?")


def parse_value(text: str) -> float | None:
    """Numeric value of "1,000", "3.5 billion", "five", "2.5m", "$40-50 billion" (a range: its
    low end); None for vague amounts ("hundreds")."""
    t = text.lower().replace("$", "").replace("€", "").replace("£", "").strip()
    t = re.sub(r"^(about|around|some|nearly|almost|over|more than|less than|at least|up to|roughly|approximately)\s+", "", t)
    m = _NUM.search(t)
    if m:
        try:
            value = float(m.group(0).replace(",", ""))
        except ValueError:
            return None
        tail = t[m.end():]
        # a range ("40-50 billion", "10 to 20 million"): the low end, at the scale that
        # follows the high one
        if r := _RANGE_HIGH.match(tail):
            tail = tail[r.end():]
        rest = tail.strip().split()
        if rest and rest[0] in SCALES:
            value *= SCALES[rest[0]]
        return value
    words = t.replace("-", " ").split()
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in ("a", "an") and not seen:
            current = 1
            continue
        if w in SCALES and w not in {"k", "m", "bn"}:
            current = (current or 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = 0
            seen = True
        elif w in WORD_NUMBERS:
            current += WORD_NUMBERS[w]
            seen = True
        elif w == "and":
            continue
        else:
            break
    return total + current if seen else None


def find_numbers(doc: Any, article_id: str, skip: list[tuple[int, int]]) -> list[NumberRef]:
    """Quantities in ``doc``, except inside the character spans ``skip`` (time expressions)."""
    sent_of = sentence_of_token(doc)
    text = doc_text(doc)
    out: list[NumberRef] = []

    def sentence_of(tok: Any) -> int:
        return sent_of[tok.i]

    def inside_skip(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in skip)

    for ent in doc_ents(doc):
        if ent.label_ not in NUMBER_LABELS or inside_skip(ent.start_char, ent.end_char):
            continue
        if _DATE_LIKE.search(text[ent.start_char:ent.end_char + 3]):
            continue  # "9/11", "24/7": a name or a date, not a quantity
        value = parse_value(ent.text)
        counted, unit = _counted(doc, ent)
        if ent.label_ == "PERCENT":
            unit = "percent"
        elif ent.label_ == "MONEY":
            unit = _currency(ent.text)
        out.append(NumberRef(article_id, ent.start_char, ent.end_char, ent.text, value, unit, counted,
                             sentence_of(ent[0])))
    # "30-day ceasefire": a number-unit modifier (tagged DATE by spaCy) counting the next noun
    for tok in tokens(doc):
        if not tok.like_num or tok.i + 2 >= len(doc) or doc[tok.i + 1].text != "-":
            continue
        unit_tok = doc[tok.i + 2]
        m = _UNIT_MODIFIER.match(f"{tok.text}-{unit_tok.text}")
        if not m or unit_tok.dep_ not in {"compound", "amod", "nmod"}:
            continue
        head = unit_tok.head
        if head.pos_ not in {"NOUN", "PROPN"} or head.i <= unit_tok.i:
            continue
        start, end = tok.idx, unit_tok.idx + len(unit_tok)
        out.append(NumberRef(article_id, start, end, text[start:end], parse_value(tok.text),
                             m.group(2).lower(), head.text, sentence_of(tok)))
    out.sort(key=lambda n: (n.start, n.end))
    return out


def _currency(text: str) -> str:
    for sym, name in (("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY")):
        if sym in text:
            return name
    m = re.search(r"\b(dollars?|euros?|pounds?|rubles?|roubles?|hryvnias?|yuan|lira)\b", text, re.I)
    return m.group(1).lower().rstrip("s") if m else "money"


def _counted(doc: Any, ent: Any) -> tuple[str | None, str | None]:
    """The noun phrase a number counts, and the unit inside the entity if any."""
    unit = None
    last = ent[-1]
    if ent.label_ == "QUANTITY":
        words = [t for t in ent if not t.like_num and t.lower_ not in SCALES and t.pos_ in {"NOUN", "PROPN"}]
        if words:
            unit = words[-1].text
    head = None
    for t in ent:
        if t.dep_ in {"nummod", "quantmod", "compound"} and t.head.i >= ent.end and t.head.pos_ in {"NOUN", "PROPN"}:
            head = t.head
            break
    if head is None and last.dep_ == "nummod" and last.head.pos_ in {"NOUN", "PROPN"}:
        head = last.head
    if head is None and ent.label_ == "QUANTITY" and unit:
        # "2.5 million tonnes of grain": what the unit measures
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if nxt is not None and nxt.lower_ == "of" and ent.end + 1 < len(doc):
            return doc[ent.end + 1].text, unit
        return None, unit
    if head is None:
        # "hundreds of people"
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if nxt is not None and nxt.lower_ == "of" and ent.end + 1 < len(doc) and doc[ent.end + 1].pos_ == "NOUN":
            return doc[ent.end + 1].text, unit
        return None, unit
    if unit and head.pos_ == "PROPN":
        # a measure of a named thing ("the 16-inch MacBook Pro"): which model, not how many
        return None, unit
    # compounds before the head noun belong to it ("prisoner exchange")
    start = head.i
    while start - 1 >= ent.end and doc[start - 1].dep_ in {"compound", "amod"} and doc[start - 1].head.i == head.i:
        start -= 1
    end = head.i + 1
    if end < len(doc) and doc[end].lower_ in COUNT_PREPS:
        j = end + 1
        while j < len(doc) and j - end <= COUNT_PP_MAX_TOKENS and doc[j].pos_ in {"DET", "ADJ", "NOUN", "PROPN", "NUM"}:
            j += 1
        if j > end + 1 and doc[j - 1].pos_ in {"NOUN", "PROPN"}:
            end = j
    return doc[start:end].text, unit
