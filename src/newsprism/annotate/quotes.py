"""Quote extraction: direct quotes and indirect (reported) speech, with cue and speaker spans.

:func:`find_quotes` reads one parsed spaCy ``Doc`` of an article's cleaned text
and returns :class:`~newsprism.model.Quote` records.  It is pure: no model is
loaded here, the caller passes a parsed document (parser required, NER not).

Why our own extractor (see ``DEPENDENCIES.md``): textacy fails a whole document
on one unbalanced quotation mark, misses reported speech and dash- or
colon-introduced quotes, and cannot find a speaker named in an earlier
sentence.  The stages below address exactly those failures.

1. **Quotation marks** are paired per paragraph.  Cleaned text has only
   straight ``"`` and ``'``, so whether a mark opens or closes is read from its
   neighbours (opening after whitespace or ``([{:-``, closing before whitespace
   or punctuation); curly marks and the typewriter pairs ``''`` / ````` `` `````
   are accepted as well.  An opening mark that is never closed runs to the end
   of its paragraph; when the next paragraph opens with a quotation mark (the
   news convention for a quote that goes on over several paragraphs) the two
   pieces become one quote whose span covers the paragraph break.
   Single-quoted spans (``'...'``) are taken only outside double quotes and
   only when they close in the same paragraph, because ``'`` is mostly an
   apostrophe.
2. **Indirect speech** comes from the parse: a speech cue verb ("said",
   "noted", "told reporters", "pointed out") with a clausal complement
   (``ccomp``; ``xcomp`` for promise-like verbs); a post-posed or
   parenthetical attribution parsed as ``parataxis`` ("..., Peskov
   explained.", "The talks, he said, were useful"); "according to X"; and the
   headline form "Peskov: meeting requires preparation".  "He noted A and said
   B" gives two quotes.  An indirect quote needs a speaker: a cue without one
   ("it was announced") is not reported.
3. **Speakers of direct quotes**, in order: an attribution right after the
   closing mark (``"...," Peskov said`` / ``said Peskov`` / ``according to
   X``); a cue before the opening mark (``Peskov said: "..."``, ``X - "..."``,
   ``He added that, "..."``); a speech cue anywhere else in the quote's
   sentences (preferring one with a subject whose clause holds the quote);
   then, for a quote that stands as its own sentence (or a ``Quote:`` block),
   the nearest attribution in the previous sentences, else one in the next
   sentence.  Speaker phrases never cross a paragraph break, since the small
   parser sometimes links clauses across one.
4. **Filtering**: a short quoted phrase inside a sentence that no speech cue
   attributes to anyone is a scare quote ("so-called "peace plan"") and is
   dropped, as is a quoted name or title (ABC's "Good Morning America") that
   no adjacent cue introduces.  An indirect quote whose content is (almost)
   all one or more direct quotes is the same quote seen twice and is dropped;
   a direct quote *inside* a longer indirect content ("said he would meet
   Putin "as soon as we can set it up"") is kept next to it, since the two are
   different quotes.  A reported-speech cue inside another quote (direct, or
   the content of a kept indirect quote) is a nested attribution and does not
   make a quote of its own.

Span conventions (all character offsets into ``doc.text``):

- direct: ``start``/``end`` is the text between the marks, without the marks
  and without a trailing comma (``"...," he said`` keeps ``...``); an ellipsis
  at either end is kept.  A quote continued over paragraphs spans the break.
- indirect: the reported clause without the complementizer "that" and without
  punctuation at either end ("Peskov said that [the team was ready]"); a
  parenthetical attribution stays inside it, because a span is contiguous.
  For "according to X" the content is the rest of the sentence (see
  :func:`_according`).
- cue: the verb as written with its particle ("said", "pointed out"), or
  "according to", or the punctuation / label that introduces a quote without
  a verb (``:``, ``-``, ``Quote:``); ``None`` when the speaker came from
  context.
- speaker: the noun phrase naming the speaker (a name, "The Kremlin
  spokesman", "He", an organisation), without relative clauses or
  appositions; for a quote resolved from context it points into the earlier
  sentence.  ``speaker`` (the entity id) and ``id`` are left for the linking
  stage.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Quote

if TYPE_CHECKING:  # spaCy is only needed by the caller, who parses the text
    from spacy.tokens import Doc, Token

__all__ = [
    "BELIEF_VERBS",
    "CUE_LEMMAS",
    "NAMING_VERBS",
    "SPEECH_VERBS",
    "find_quotes",
]

# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------

#: Verbs that report speech or writing (lemmas), including verbs of praise and
#: criticism that news uses to frame a quoted wording ("blasted Disney for its
#: "outrageous practices"").  Curated from reporting verbs common in wire copy
#: and the cues of the PolNeAR training split; each one only counts as a cue
#: when the parser tags it as a verb.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    accuse acknowledge add admit advise affirm agree allege announce answer argue
    ask assert assure blame blast boast brag caution chant charge cite claim comment
    complain concede conclude condemn confirm contend counter criticize criticise cry
    declare decry deny deride describe demand denounce disclose dismiss echo
    emphasize emphasise estimate exclaim explain forecast grouse hail insist
    indicate inform insinuate joke lambaste lament maintain mention mock mutter
    note object observe praise predict proclaim promise pledge propose question
    quip recall recount reiterate remark remind repeat reply report respond retort
    reveal say scoff scream shout signal slam speculate state stress suggest swear
    testify tell threaten tout tweet underline underscore urge vow warn whisper
    wonder write yell
    """.split()
)

#: Verbs that attribute a belief or judgement; PolNeAR and the issue count
#: "X believes that ..." as (indirect) attribution.
BELIEF_VERBS: frozenset[str] = frozenset({"believe", "think", "fear", "doubt"})

#: Verbs that attribute a *wording* to someone ("calling it "unconstructive"",
#: "described them as "thugs""): they make a partial quote attributable but
#: do not introduce reported clauses.
NAMING_VERBS: frozenset[str] = frozenset(
    {"call", "describe", "label", "dub", "brand", "term", "nickname"}
)

#: Everything that can attribute a quote.
CUE_LEMMAS: frozenset[str] = SPEECH_VERBS | BELIEF_VERBS | NAMING_VERBS

#: Phrasal cues: verb lemma -> the word that must follow it within two tokens.
PHRASAL_CUES: dict[str, str] = {"point": "out", "spell": "out", "make": "clear"}

#: Cue verbs whose reported content may be an infinitive complement
#: ("promised to cut taxes", "urged voters to stay home").
XCOMP_CUES: frozenset[str] = frozenset(
    {"promise", "pledge", "vow", "threaten", "urge", "claim", "ask", "demand", "warn", "swear"}
)

#: Paragraph labels that introduce a block quote (Ukrainska Pravda style:
#: ``Quote: "..."``), optionally naming the speaker ("Quote from Peskov:").
QUOTE_LABEL_RE = re.compile(
    r"^(?P<label>(?:quote|quotation|direct speech)(?:\s+from\s+(?P<who>[^:]{1,80}?))?)\s*:\s*$",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------
# Thresholds
# --------------------------------------------------------------------------

#: A quoted phrase of at most this many words, inside a sentence, that no
#: speech cue attributes to a speaker is a scare quote ("so-called "peace
#: plan"").  Four words keeps short attributed fragments ("unconstructive",
#: "crisis around Ukraine") when a cue is present and drops labels, titles and
#: ironic quotes when not.  On a third of PolNeAR train, such uncued phrases of
#: 1-3 words lie inside an annotated attribution ~60% of the time, of 7+ words
#: ~90%: longer ones are mostly real quotes whose attribution we missed.
SCARE_MAX_WORDS = 4

#: A quote of at most this many words, all capitalised (small words aside) and
#: without final punctuation, inside a sentence, is a name or title: ABC's
#: "Good Morning America", the "State of the Union".
TITLE_MAX_WORDS = 6
TITLE_SMALL_WORDS: frozenset[str] = frozenset(
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
)
#: A paragraph where at least this share of the longer words is capitalised is
#: a headline: every quoted phrase in it looks like a title, so none is dropped.
HEADLINE_CAPS_SHARE = 0.6

#: An indirect quote is dropped when at least this share of its content
#: characters (letters and digits, not counting attribution words) lies inside
#: direct quotes: it is the direct quote found a second time by the parser.
INDIRECT_COVERED_BY_DIRECT = 0.8

#: Tokens scanned after a closing mark for ``," Peskov said`` style
#: attributions; 16 fits a name with a short apposition ("," Brent Bozell III,
#: founder of the Media Research Center, tells ...").
POST_WINDOW_TOKENS = 16

#: A cue after a quote that already ended its sentence ('"... ready." Peskov
#: said on Friday.') is taken only when at most this many words follow it.
BARE_ATTRIBUTION_TAIL = 5

#: Headline attribution ("Graham: ...") is read only in paragraphs of at most
#: this many words, with a speaker phrase of at most this many tokens.
HEADLINE_MAX_WORDS = 30
HEADLINE_SPEAKER_MAX_TOKENS = 6

#: First words of paragraph labels that are not speakers ("Photo: AFP"), and
#: the Q and A of interview transcripts.
LABEL_WORDS: frozenset[str] = frozenset(
    """
    background by caption comment comments context correction credit date dateline details
    disclaimer editor image update updated note photo photos picture posted published quote
    read related see share source sources subject tags topics video watch warning q a
    """.split()
)

#: Tokens scanned back from an opening mark for ``Peskov said: "``.
PRE_WINDOW_TOKENS = 25

#: How many sentences back a quote without its own attribution may take its
#: speaker from ("...Peskov noted that..." + a ``Quote:`` paragraph).
CONTEXT_SENTENCES_BACK = 3

#: How far the parser is followed up from a cue verb without a subject
#: ("calling it ..." -> "dismissed" -> its subject).
MAX_SUBJECT_CLIMB = 3

#: Speaker phrases longer than this (in tokens) are cut to their head and its
#: modifiers on the left ("the spokesman for ... and ... who ..." -> "the spokesman").
SPEAKER_MAX_TOKENS = 12

#: Single-quoted spans longer than this (characters) are rejected: apostrophes
#: ("the players' union ... 'em") pair up over long distances.
SINGLE_QUOTE_MAX_CHARS = 400

#: Indirect contents shorter than this many word tokens are not reported.
MIN_INDIRECT_WORDS = 2

# --------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------

DOUBLE_OPENERS = "“„‟«"
DOUBLE_CLOSERS = "”»"
DOUBLE_MARKS = '"' + DOUBLE_OPENERS + DOUBLE_CLOSERS
#: Double marks, including the typewriter pairs ``''`` and ````` `` ````` that
#: some archives (the NYT's among them) use for double quotes.
DOUBLE_MARK_RE = re.compile(r"''|``|[\"“”„‟«»]")
SINGLE_MARKS = "'‘’‚‛‹›"
QUOTE_CHARS = DOUBLE_MARKS + SINGLE_MARKS
#: Characters after which a straight mark may open a quote.
OPEN_PRECEDERS = "([{<—–-:;/"
#: Characters before which a straight mark may close a quote.
CLOSE_FOLLOWERS = ".,;:!?)]}>—–-/…"
#: Elisions that start with an apostrophe and must not open a single quote.
ELISION_RE = re.compile(r"(?:em|n|til|cause|tis|twas|bout|\d0s|\d\d\b)", re.IGNORECASE)
DASHES = {"-", "–", "—", "--"}
_LETTER_RE = re.compile(r"[^\W\d_]")  # quotes of bare numbers ("2015-12-02") are not quotes
_SENT_END_RE = re.compile(r"[.!?…][\"'”’)]*$")

# Dependency labels used when building noun phrases and finding subjects.
_NP_STOP_DEPS = frozenset({"relcl", "appos", "acl", "advcl", "parataxis", "punct", "dep"})
_NP_CONT_DEPS = frozenset({"conj", "cc", "compound", "flat", "prep", "nummod", "case", "nmod"})
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acomp"})
_NP_POS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "ADP"})
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


# --------------------------------------------------------------------------
# Internal records
# --------------------------------------------------------------------------


@dataclass
class _Marked:
    """A quoted span found from quotation marks (mutable while it is attributed)."""

    open: int  # char index of the opening mark
    close: int | None  # char index of the closing mark; None when unclosed
    start: int  # content start
    end: int  # content end
    close_end: int | None = None  # end of the closing mark (marks may be two characters: '')
    standalone: bool = False  # nothing but a label or a finished sentence before it
    label: tuple[int, int] | None = None  # a "Quote:" label before it
    label_who: tuple[int, int] | None = None  # "Quote from X:" -> X
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    after_cue: int | None = None  # token index of a cue found right after the closing mark
    adjacent: bool = False  # the cue sits right before or after the quote (not just in its sentence)
    naming: bool = False  # the cue is a naming verb ("calling it ...")
    drop: bool = False


@dataclass
class _Indirect:
    start: int
    end: int
    cue: tuple[int, int]
    cue_tok: int
    speaker: tuple[int, int] | None
    drop: bool = False


@dataclass
class _Event:
    """Someone saying something at ``pos``: the speakers context resolution draws on."""

    pos: int
    sent: int
    speaker: tuple[int, int]


@dataclass
class _Ctx:
    """Per-document lookups shared by the helpers."""

    doc: Doc
    text: str
    tok_at: list[int]  # char -> token index (-1 for whitespace between tokens)
    sent_of: list[int]  # token -> sentence index
    para_starts: list[int]  # sorted char offsets where paragraphs start
    sents: list[tuple[int, int]]  # token bounds of each sentence
    quoted: list[bool] = field(default_factory=list)  # token lies inside a direct quote (marks included)

    def para_of(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1

    def token_at(self, char: int) -> int:
        """Index of the token covering ``char``, or of the next token after it."""
        n = len(self.tok_at)
        c = min(max(char, 0), n - 1) if n else 0
        while c < n and self.tok_at[c] < 0:
            c += 1
        if c >= n:
            return len(self.doc) - 1
        return self.tok_at[c]


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def find_quotes(doc: Doc, article_id: str) -> list[Quote]:
    """Direct and indirect quotes in ``doc`` (a parsed spaCy ``Doc``), sorted by start.

    ``article_id`` is copied into each :class:`Quote`.  The document must have
    a dependency parse (sentence boundaries come from it); named entities are
    used when present to check speaker phrases, not required.
    """
    if len(doc) == 0:
        return []
    if not doc.has_annotation("DEP"):
        raise ValueError(
            "find_quotes needs a dependency parse: parse the text with a spaCy "
            "pipeline that has a 'parser' component (e.g. newsprism.annotate.nlp.load_nlp())"
        )
    ctx = _context(doc)

    # 1. quotation marks -> direct quote candidates
    marked = _find_marked(ctx)
    ctx.quoted = [False] * len(doc)
    content_chars = [False] * len(ctx.text)
    for m in marked:
        last = m.close_end if m.close_end is not None else m.end
        for i in range(ctx.token_at(m.open), len(doc)):
            if doc[i].idx >= last:
                break
            ctx.quoted[i] = True
        for c in range(m.start, m.end):
            content_chars[c] = True

    # 2. indirect speech from the parse (cues inside quotes are nested: skipped)
    indirect = _find_indirect(ctx)

    # 3. speakers and cues of direct quotes from their own sentences
    for m in marked:
        _attribute_own(ctx, m)

    # 4. indirect quotes that are the direct quote again, or nested in another
    attribution_chars = [False] * len(ctx.text)
    for m in marked:
        for span in (m.cue, m.speaker):
            if span is not None:
                for c in range(*span):
                    attribution_chars[c] = True
    post_cues = {m.after_cue: m.open for m in marked if m.after_cue is not None}
    for q in indirect:
        if q.cue_tok in post_cues and q.start < q.cue[0]:
            # '"...," he said' -- "said" reports the quote; a clause before it that the
            # parser hung on it ('X noted that ...: "...," he said') is not its content
            q.drop = True
            continue
        words = [c for c in range(q.start, q.end) if not attribution_chars[c] and ctx.text[c].isalnum()]
        if words and sum(content_chars[c] for c in words) / len(words) >= INDIRECT_COVERED_BY_DIRECT:
            q.drop = True
    _drop_nested(indirect)

    # 5a. pull quotes: a quotation that is a paragraph by itself, with nobody named, and
    #     whose words are quoted again elsewhere (a subheading "My fears have been realized"
    #     above 'Morrison said, "... My fears have been realized."') is a display copy
    quoted_words = [f" {_word_key(ctx.text[m.start : m.end])} " for m in marked]
    for m, own in zip(marked, quoted_words, strict=True):
        if m.cue is None and m.speaker is None and own.strip() and _whole_paragraph(ctx, m):
            if any(len(other) > len(own) and own in other for other in quoted_words):
                m.drop = True

    # 5. speakers from context for quotes that stand on their own
    events = _events(ctx, marked, indirect)
    for m in marked:
        if m.speaker is None and (m.standalone or m.cue is not None):
            _attribute_from_context(ctx, m, events)

    # 6. scare quotes (short, inside a sentence, nobody said them) and quoted
    #    names (ABC's "Good Morning America", a handle "@JebBush")
    for m in marked:
        if m.standalone or m.label is not None:
            continue
        if (m.cue is None or m.speaker is None) and _count_words(ctx.text[m.start : m.end]) <= SCARE_MAX_WORDS:
            m.drop = True
        elif not m.adjacent and not m.naming and _is_title(ctx, m):
            m.drop = True

    quotes = [_to_quote(ctx, article_id, m) for m in marked if not m.drop]
    quotes += [_indirect_to_quote(ctx, article_id, q) for q in indirect if not q.drop]
    quotes.sort(key=lambda q: (q.start, q.end, q.kind, q.cue_start or -1))
    return quotes


# --------------------------------------------------------------------------
# Document lookups
# --------------------------------------------------------------------------


def _context(doc: Doc) -> _Ctx:
    text = doc.text
    tok_at = [-1] * len(text)
    for t in doc:
        for c in range(t.idx, t.idx + len(t.text)):
            tok_at[c] = t.i
    sent_of = [0] * len(doc)
    sents = [(sent.start, sent.end) for sent in doc.sents]
    for k, (a, b) in enumerate(sents):
        for i in range(a, b):
            sent_of[i] = k
    para_starts = [0] + [m.end() for m in re.finditer(r"\n+", text)]
    return _Ctx(doc, text, tok_at, sent_of, para_starts, sents)


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """``(start, end)`` of each paragraph; any line break ends one (hard wraps are already joined)."""
    pos = 0
    for m in re.finditer(r"\n+", text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _count_words(s: str) -> int:
    return len(re.findall(r"\w+(?:['’]\w+)*", s))


# --------------------------------------------------------------------------
# 1. Quotation marks
# --------------------------------------------------------------------------

_OPEN, _CLOSE, _EITHER = "open", "close", "either"


def _double_role(text: str, i: int, j: int, lo: int, hi: int) -> str:
    """Whether the double mark ``text[i:j]`` opens or closes a quote, from its neighbours."""
    mark = text[i:j]
    if mark in DOUBLE_OPENERS or mark == "``":
        return _OPEN
    if mark in DOUBLE_CLOSERS:
        return _CLOSE
    prev = text[i - 1] if i > lo else None
    nxt = text[j] if j < hi else None
    can_open = (
        prev is None or prev.isspace() or prev in OPEN_PRECEDERS or prev in QUOTE_CHARS
    ) and (nxt is not None and not nxt.isspace())
    can_close = (prev is not None and not prev.isspace()) and (
        nxt is None or nxt.isspace() or nxt in CLOSE_FOLLOWERS or nxt in QUOTE_CHARS
    )
    if can_open and not can_close:
        return _OPEN
    if can_close and not can_open:
        return _CLOSE
    return _EITHER


def _single_opens(text: str, i: int, lo: int, hi: int) -> bool:
    ch = text[i]
    if ch not in "'‘‚‛‹":
        return False
    prev = text[i - 1] if i > lo else None
    nxt = text[i + 1] if i + 1 < hi else None
    if nxt is None or not (nxt.isalnum() or nxt in ".…"):
        return False
    if not (prev is None or prev.isspace() or prev in OPEN_PRECEDERS or prev in DOUBLE_MARKS):
        return False
    return not ELISION_RE.match(text, i + 1)


def _single_closes(text: str, i: int, lo: int, hi: int) -> bool:
    ch = text[i]
    if ch not in "'’›":
        return False
    prev = text[i - 1] if i > lo else None
    nxt = text[i + 1] if i + 1 < hi else None
    if prev is None or prev.isspace() or prev in OPEN_PRECEDERS:
        return False
    return nxt is None or nxt.isspace() or nxt in CLOSE_FOLLOWERS or nxt in DOUBLE_MARKS


def _content_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip whitespace and a trailing comma (``"...," he said``) from quote content."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ",":
        end -= 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def _find_marked(ctx: _Ctx) -> list[_Marked]:
    text = ctx.text
    spans: list[_Marked] = []
    # pieces left open at a paragraph end, by paragraph index, to join with a continuation
    open_at_end: dict[int, _Marked] = {}
    opens_para: dict[int, _Marked] = {}
    for k, (lo, hi) in enumerate(_paragraphs(text)):
        para_spans: list[_Marked] = []
        opened: re.Match[str] | None = None
        for mark in DOUBLE_MARK_RE.finditer(text, lo, hi):
            i = mark.start()
            role = _double_role(text, i, mark.end(), lo, hi)
            if opened is None:
                if role in (_OPEN, _EITHER):
                    opened = mark
                # a closing mark with nothing open is a stray: ignored
            elif role in (_CLOSE, _EITHER):
                para_spans.append(
                    _Marked(opened.start(), i, *_content_bounds(text, opened.end(), i), close_end=mark.end())
                )
                opened = None
            else:  # a second opener: the first quote was never closed
                para_spans.append(_Marked(opened.start(), None, *_content_bounds(text, opened.end(), i)))
                opened = mark
        if opened is not None:
            piece = _Marked(opened.start(), None, *_content_bounds(text, opened.end(), hi))
            para_spans.append(piece)
            open_at_end[k] = piece
        if para_spans and not text[lo : para_spans[0].open].strip():
            opens_para[k] = para_spans[0]
        para_spans += _find_single(text, lo, hi, para_spans)
        spans += para_spans

    # news convention: an unclosed quote continues when the next paragraph opens with a mark
    for k in sorted(open_at_end):
        first = open_at_end[k]
        if first.drop:
            continue
        nxt_k = k + 1
        tail = first
        while nxt_k in opens_para and tail.close is None and tail is open_at_end.get(nxt_k - 1):
            cont = opens_para[nxt_k]
            first.end, first.close, first.close_end = cont.end, cont.close, cont.close_end
            cont.drop = True
            tail = cont
            nxt_k += 1
    spans = [s for s in spans if not s.drop and s.end > s.start and _LETTER_RE.search(text[s.start : s.end])]
    spans.sort(key=lambda s: s.open)
    for s in spans:
        _classify_position(ctx, s)
    return spans


def _find_single(text: str, lo: int, hi: int, doubles: list[_Marked]) -> list[_Marked]:
    """Single-quoted spans in ``text[lo:hi]`` outside the double-quoted ``doubles``."""
    blocked = [(d.open, d.close_end if d.close_end is not None else d.end) for d in doubles]

    def inside_double(i: int) -> bool:
        return any(a <= i < b for a, b in blocked)

    out: list[_Marked] = []
    opened: int | None = None
    for i in range(lo, hi):
        if text[i] not in SINGLE_MARKS or inside_double(i):
            if opened is not None and inside_double(i):
                opened = None  # never pair across a double quote
            continue
        if opened is not None and _single_closes(text, i, lo, hi):
            if i - opened <= SINGLE_QUOTE_MAX_CHARS:
                out.append(_Marked(opened, i, *_content_bounds(text, opened + 1, i), close_end=i + 1))
            opened = None
        elif _single_opens(text, i, lo, hi):
            opened = i
    return out


def _classify_position(ctx: _Ctx, m: _Marked) -> None:
    """Mark quotes that start a sentence (or follow a ``Quote:`` label) as standalone."""
    text = ctx.text
    para_start = ctx.para_starts[ctx.para_of(m.open)]
    before = text[para_start : m.open]
    stripped = before.strip()
    label = QUOTE_LABEL_RE.match(stripped)
    if label:
        offset = para_start + (len(before) - len(before.lstrip()))
        m.label = (offset + label.start("label"), offset + stripped.rindex(":") + 1)
        if label.group("who"):
            m.label_who = (offset + label.start("who"), offset + label.end("who"))
        m.standalone = True
        return
    m.standalone = not stripped or bool(_SENT_END_RE.search(stripped))


# --------------------------------------------------------------------------
# 2. Indirect speech
# --------------------------------------------------------------------------


def _is_cue(tok: Token) -> bool:
    """A speech cue verb; passives without an agent ("would be announced") report nobody."""
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    if lemma not in CUE_LEMMAS and not _phrasal_part(tok):
        return False
    if lemma == "call" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("so", "so-", "-"):
        return False  # "so-called" marks a scare quote, it attributes nothing
    deps = {c.dep_ for c in tok.children}
    return not ("auxpass" in deps and "agent" not in deps)


def _is_according(tok: Token) -> bool:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ == "according" and nxt is not None and nxt.lower_ == "to"


def _find_indirect(ctx: _Ctx) -> list[_Indirect]:
    doc = ctx.doc
    out: list[_Indirect] = []
    seen: set[tuple[int, int]] = set()
    for tok in doc:
        if ctx.quoted[tok.i]:
            continue
        if _is_according(tok):
            found = _according(ctx, tok)
            if found:
                out.append(found)
            continue
        lemma = tok.lemma_.lower()
        if not _is_cue(tok) or lemma in NAMING_VERBS:
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if lemma in XCOMP_CUES:
            comps += [c for c in tok.children if c.dep_ == "xcomp"]
        bounds: list[tuple[int, int]] = [(_skip_leading_date(c), c.right_edge.i + 1) for c in comps]
        if not comps and tok.dep_ == "parataxis" and tok.head.i < tok.i:
            # "Russia is ready, Peskov said" parsed with "said" hanging off "is"
            head = tok.head
            bounds.append((head.left_edge.i, tok.left_edge.i))
        elif not comps and tok.dep_ == "parataxis" and tok.head.left_edge.i < tok.left_edge.i:
            # "The talks, Peskov said, were useful": a quote is one span, so the
            # parenthetical attribution stays inside the content
            head = tok.head
            bounds.append((head.left_edge.i, head.right_edge.i + 1))
        for a, b in bounds:
            b = _cut_at_coordinated_cue(doc, a, b)
            span = _trim_content(ctx, a, b, tok)
            if span is None or span in seen:
                continue
            seen.add(span)
            out.append(
                _Indirect(span[0], span[1], _cue_bounds(tok), tok.i, _speaker_span(ctx, tok))
            )
    out += _headline_colons(ctx)
    return [q for q in out if q.speaker is not None]


def _headline_colons(ctx: _Ctx) -> list[_Indirect]:
    """Headline-style attribution ``Graham: Trump's rhetoric destroying GOP's chances``.

    Only short paragraphs (headlines, standfirsts) that open with a short
    proper-noun phrase and a colon, followed by a clause; labels such as
    "Photo:" or "Details:" are not speakers.
    """
    doc = ctx.doc
    out: list[_Indirect] = []
    for p_lo, p_hi in _paragraphs(ctx.text):
        if _count_words(ctx.text[p_lo:p_hi]) > HEADLINE_MAX_WORDS:
            continue
        colon = ctx.text.find(":", p_lo, p_hi)
        if colon < 0 or not ctx.text[p_lo:colon].strip():
            continue
        a = ctx.token_at(p_lo)
        c = ctx.token_at(colon)
        if doc[c].text != ":" or not 0 < c - a <= HEADLINE_SPEAKER_MAX_TOKENS:
            continue
        np_toks = [t for t in doc[a:c] if not t.is_space]
        if (
            not np_toks
            or np_toks[0].lower_ in LABEL_WORDS
            or any(t.pos_ not in ("PROPN", "NOUN", "ADJ", "DET", "PART", "NUM") and t.text not in (".", "-") for t in np_toks)
            or not any(t.pos_ == "PROPN" or t.ent_type_ in _SPEAKER_ENTS for t in np_toks)
        ):
            continue
        rest = [t for t in doc[c + 1 :] if t.idx < p_hi]
        if not rest or ctx.quoted[rest[0].i] or not any(t.pos_ in ("VERB", "AUX") for t in rest):
            continue  # a quoted remainder is a direct quote with ":" as its cue
        span = _trim_content(ctx, rest[0].i, rest[-1].i + 1, doc[c])
        if span is None or _count_words(ctx.text[span[0] : span[1]]) < 3:
            continue
        speaker = (np_toks[0].idx, np_toks[-1].idx + len(np_toks[-1].text))
        out.append(_Indirect(span[0], span[1], (colon, colon + 1), c, speaker))
    return out


def _skip_leading_date(clause: Token) -> int:
    """Start of ``clause`` after a leading date the parser put inside it.

    "Trump said on Friday he would ..." often parses "on Friday" into the
    reported clause; it dates the saying, not what was said.
    """
    a = clause.left_edge.i
    for child in clause.lefts:
        if child.left_edge.i != a or child.dep_ not in ("prep", "npadvmod"):
            break
        toks = [t for t in child.subtree if not (t.i == child.i and t.pos_ == "ADP")]
        if not toks or not all(t.ent_type_ in ("DATE", "TIME") for t in toks):
            break
        a = child.right_edge.i + 1
    return a


def _cut_at_coordinated_cue(doc: Doc, a: int, b: int) -> int:
    """End of a content ``[a, b)`` before a second, coordinated cue ("... and said that ...")."""
    for j in range(a, b):
        t = doc[j]
        if t.dep_ == "conj" and _coordinated_cue(t) is not None and not any(
            c.dep_ == "nsubj" for c in t.children
        ):
            k = j - 1
            while k > a and (doc[k].dep_ in ("cc", "advmod", "aux") or doc[k].is_punct):
                k -= 1
            return k + 1
    return b


def _trim_content(ctx: _Ctx, a: int, b: int, anchor: Token) -> tuple[int, int] | None:
    """Char span of tokens ``[a, b)`` without a leading "that" and punctuation at either end.

    The span is cut to the paragraph of ``anchor`` (the cue): the parser
    sometimes links clauses across a paragraph break.
    """
    doc = ctx.doc
    para = ctx.para_of(anchor.idx)
    while a < b and ctx.para_of(doc[a].idx) < para:
        a += 1
    while b > a and ctx.para_of(doc[b - 1].idx) > para:
        b -= 1
    while a < b and (doc[a].is_punct or doc[a].is_space or doc[a].lower_ == "that" and doc[a].dep_ == "mark"):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    if b <= a or sum(1 for t in doc[a:b] if not t.is_punct) < MIN_INDIRECT_WORDS:
        return None
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def _according(ctx: _Ctx, tok: Token) -> _Indirect | None:
    """``According to X, ...`` / ``..., according to X``: the content is the rest of the sentence.

    The parser attaches "according" to all sorts of heads, so the content is
    read from the sentence around the phrase instead: the words after it when
    it opens the sentence, the words before it when it closes the sentence (or
    a clause: ``A, according to X, and B``), and the whole sentence when it is a
    parenthesis in the middle (``The talks, according to X, were useful``).
    Colons and semicolons bound the sentence.
    """
    doc = ctx.doc
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    speaker = _np_span(ctx, pobj)
    phrase_lo = tok.i
    phrase_hi = ctx.token_at(speaker[1] - 1) + 1
    s_lo, s_hi = ctx.sents[ctx.sent_of[tok.i]]
    for j in range(phrase_lo - 1, s_lo - 1, -1):
        if doc[j].text in (":", ";"):
            s_lo = j + 1
            break
    for j in range(phrase_hi, s_hi):
        if doc[j].text in (":", ";"):
            s_hi = j
            break
    left = _trim_content(ctx, s_lo, phrase_lo, tok)
    right = _trim_content(ctx, phrase_hi, s_hi, tok)
    comma_before = phrase_lo > s_lo and doc[phrase_lo - 1].text == ","
    comma_after = phrase_hi < s_hi and doc[phrase_hi].text == ","
    right_is_new_clause = phrase_hi + 1 < s_hi and doc[phrase_hi + 1].pos_ == "CCONJ"
    span: tuple[int, int] | None
    if left is not None and right is not None:
        if comma_before and comma_after and not right_is_new_clause:
            span = (left[0], right[1])  # a parenthesis: the whole sentence
        elif comma_after and not comma_before and not right_is_new_clause:
            span = right  # "Among voters according to X, ..." -- rare; the clause after
        else:
            span = left
    else:
        span = left or right
    if span is None:
        return None
    cue = (tok.idx, to.idx + len(to.text))
    return _Indirect(span[0], span[1], cue, tok.i, speaker)


def _drop_nested(indirect: list[_Indirect]) -> None:
    """Drop indirect quotes whose cue lies inside another kept indirect quote's content."""
    kept: list[_Indirect] = []
    for q in sorted(indirect, key=lambda q: -(q.end - q.start)):
        if q.drop:
            continue
        if any(k.start <= q.cue[0] < k.end for k in kept):
            q.drop = True
            continue
        kept.append(q)


# --------------------------------------------------------------------------
# Speakers and cues
# --------------------------------------------------------------------------


def _phrasal_part(tok: Token) -> Token | None:
    """The second word of a phrasal cue ("pointed [out]", "made [clear]"), if ``tok`` has one."""
    second = PHRASAL_CUES.get(tok.lemma_.lower())
    if second is None:
        return None
    return next((c for c in tok.rights if c.lower_ == second and c.i <= tok.i + 2), None)


def _cue_bounds(tok: Token) -> tuple[int, int]:
    """The cue as written: the verb plus an adjacent particle ("pointed out", "made clear")."""
    start, end = tok.idx, tok.idx + len(tok.text)
    part = _phrasal_part(tok)
    if part is not None:
        end = part.idx + len(part.text)
    for c in tok.children:
        if c.dep_ == "prt" and c.i == tok.i + 1:
            end = max(end, c.idx + len(c.text))
    return start, end


def _subject_token(tok: Token) -> Token | None:
    """The token naming who speaks for cue verb ``tok``, following the parse upwards."""
    cur = tok
    for _ in range(MAX_SUBJECT_CLIMB + 1):
        subjects = [c for c in cur.children if c.dep_ == "nsubj"]
        if not subjects:
            # "Voters going to the polls said": the parser made a clausal subject
            for csubj in (c for c in cur.children if c.dep_ == "csubj"):
                subjects = [c for c in csubj.children if c.dep_ == "nsubj"]
        if subjects:
            # "Details: ..., Peskov noted" has two: take the one nearest the verb
            subj = min(subjects, key=lambda s: abs(s.i - cur.i))
            if subj.tag_ in ("WP", "WDT") and cur.dep_ == "relcl":
                return cur.head
            return subj
        agent = next((c for c in cur.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if cur.lemma_ == "quote":  # "Peskov was quoted as saying"
            passive = next((c for c in cur.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
        if cur.dep_ == "conj":
            coordinated = _coordinated_cue(cur)
            if coordinated is not None:
                cur = coordinated
                continue
        if cur.dep_ in _CLIMB_DEPS and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def _coordinated_cue(tok: Token) -> Token | None:
    """For "He said A and said B" parsed with the second "said" inside A: the first "said"."""
    if not _is_cue(tok):
        return None
    h = tok.head
    while h.dep_ == "conj" and h.head.i != h.i:
        h = h.head
    if h.dep_ == "ccomp" and _is_cue(h.head):
        return h.head
    return None


def _np_span(ctx: _Ctx, head: Token) -> tuple[int, int]:
    """Char span of the noun phrase headed by ``head``, without relative clauses or appositions."""
    doc = ctx.doc
    lo = head.left_edge.i
    hi = head.i + 1
    rights = list(head.rights)
    k = 0
    while k < len(rights):
        c = rights[k]
        if c.dep_ == "punct":
            # a comma before a conjunct ("Putin, Xi and Modi") is part of the phrase
            later = rights[k + 1] if k + 1 < len(rights) else None
            if later is not None and later.dep_ in ("conj", "cc") and c.text == ",":
                k += 1
                continue
            break
        if c.dep_ in _NP_STOP_DEPS or c.dep_ not in _NP_CONT_DEPS:
            break
        hi = c.right_edge.i + 1
        k += 1
    if hi - lo > SPEAKER_MAX_TOKENS:
        lo = head.i
        for c in reversed(list(head.lefts)):
            if c.dep_ in ("det", "compound", "amod", "poss", "flat", "nmod", "nummod"):
                lo = c.left_edge.i
            else:
                break
        hi = head.i + 1
    para = ctx.para_of(head.idx)
    while lo < head.i and ctx.para_of(doc[lo].idx) != para:
        lo += 1
    for j in range(head.i - 1, lo - 1, -1):
        # "WASHINGTON — Sen. Chuck Grassley": a dateline or label before a dash or colon
        spaced_hyphen = doc[j].text == "-" and doc[j].whitespace_ and j > 0 and doc[j - 1].whitespace_
        if doc[j].text in ("—", "–", "--", ":") or spaced_hyphen:
            lo = j + 1
            break
    while hi - 1 > head.i and ctx.para_of(doc[hi - 1].idx) != para:
        hi -= 1
    while lo < hi - 1 and (doc[lo].is_punct or doc[lo].is_space or ctx.quoted[lo]):
        lo += 1
    while hi - 1 > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space or ctx.quoted[hi - 1]):
        hi -= 1
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)


def _speaker_span(ctx: _Ctx, cue: Token) -> tuple[int, int] | None:
    """The phrase naming who speaks for ``cue``, from the parse, else a name right after it."""
    subj = _subject_token(cue)
    if (
        subj is None
        or ctx.quoted[subj.i]
        or subj.lower_ == "there"
        or ctx.para_of(subj.idx) != ctx.para_of(cue.idx)
    ):
        # inverted order the parser missed: "..., says Kremlin"
        if cue.i + 1 < len(cue.doc) and cue.doc[cue.i + 1].pos_ == "PROPN":
            return _np_after(ctx, cue.i + 1)
        return None
    return _np_span(ctx, subj)


def _surface_np(ctx: _Ctx, a: int, b: int, cut_apposition: bool = False) -> tuple[int, int] | None:
    """Char span of tokens ``[a, b)`` when they read as a noun phrase (fallback when the parse fails).

    With ``cut_apposition``, "Brent Bozell III, founder of the Media Research
    Center," is cut to the name before the first comma.
    """
    doc = ctx.doc
    if cut_apposition:
        for k in range(a + 1, b):
            if doc[k].text == "," and any(t.pos_ == "PROPN" for t in doc[a:k]):
                b = k
                break
    while a < b and (doc[a].is_punct or doc[a].pos_ in ("AUX", "ADV", "CCONJ")):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].pos_ in ("AUX", "ADV", "PART", "CCONJ")):
        b -= 1
    if b <= a or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in doc[a:b]):
        return None
    if any(t.pos_ not in _NP_POS and not t.is_punct for t in doc[a:b]):
        return None
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def _np_after(ctx: _Ctx, i: int) -> tuple[int, int] | None:
    """Noun phrase starting at token ``i`` ("said [Kremlin spokesman Dmitry Peskov]")."""
    doc = ctx.doc
    j = i
    while j < len(doc) and doc[j].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM") and not ctx.quoted[j]:
        j += 1
        if doc[j - 1].pos_ == "PRON":
            break
    return _surface_np(ctx, i, j) if j > i else None


def _np_before(ctx: _Ctx, i: int) -> tuple[int, int] | None:
    """Phrase naming a speaker that ends at token ``i`` (``Peskov: "..."``, ``X - "..."``).

    Only phrases that look like speakers count (a person, organisation, pronoun
    or proper-noun phrase), so labels such as "Details:" are not taken.
    """
    doc = ctx.doc
    if i < 0 or ctx.quoted[i]:
        return None
    tok = doc[i]
    if tok.ent_type_ in _SPEAKER_ENTS:
        ent = next((e for e in doc.ents if e.start <= i < e.end), None)
        if ent is not None:
            return ent.start_char, ent.end_char
    if tok.pos_ == "PRON" and tok.lower_ not in ("it", "this", "that", "there"):
        return tok.idx, tok.idx + len(tok.text)
    if tok.pos_ == "PROPN":
        j = i
        while j - 1 >= 0 and doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET") and not doc[j - 1].is_sent_end:
            j -= 1
        return doc[j].idx, tok.idx + len(tok.text)
    return None


def _attribute_own(ctx: _Ctx, m: _Marked) -> None:
    """Find the cue and speaker of direct quote ``m`` in its own sentence(s)."""
    if m.label is not None:
        m.cue = m.label
        if m.label_who is not None:
            m.speaker = m.label_who
        return
    for finder in (_after_close, _before_open, _in_window):
        found = finder(ctx, m)
        if found is not None:
            m.cue, m.speaker = found
            m.adjacent = finder is not _in_window
            m.naming = ctx.doc[ctx.token_at(m.cue[0])].lemma_.lower() in NAMING_VERBS
            if finder is _after_close:
                m.after_cue = ctx.token_at(m.cue[0])
            return


#: What an attribution finder returns: (cue span, speaker span or None).
_Attr = tuple[tuple[int, int], tuple[int, int] | None]


def _after_close(ctx: _Ctx, m: _Marked) -> _Attr | None:
    """``"...," Peskov said`` / ``"...," said Peskov`` / ``"...," according to X``."""
    if m.close is None:
        return None
    doc = ctx.doc
    para = ctx.para_of(m.close)
    close_end = m.close_end if m.close_end is not None else m.close + 1
    i = ctx.token_at(close_end)
    while i < len(doc) and doc[i].idx < close_end:
        i += 1
    skipped = 0
    while i < len(doc) and doc[i].text in (",", *DASHES) and skipped < 2:
        i += 1
        skipped += 1
    start = i
    # '"... ready." Peskov said.' is rare; '"... ready." O'Malley's move was
    # reported by MSNBC' is a new sentence: after a finished sentence, take
    # only a lower-case continuation ('"Why?" he asked') or a bare attribution
    finished = ctx.text[m.end - 1] in ".!?" and not (i < len(doc) and doc[i].text[:1].islower())
    if i < len(doc) and not (
        doc[i].pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM") or _is_cue(doc[i]) or _is_according(doc[i])
    ):
        return None  # '"..." on Sunday and he agreed': not an attribution of this quote
    for j in range(i, min(i + POST_WINDOW_TOKENS, len(doc))):
        t = doc[j]
        if ctx.quoted[j] or t.is_space or ctx.para_of(t.idx) != para:
            return None
        if _is_according(t):
            pobj = next((c for c in doc[j + 1].children if c.dep_ == "pobj"), None)
            speaker = _np_span(ctx, pobj) if pobj is not None else _np_after(ctx, j + 2)
            return (t.idx, doc[j + 1].idx + len(doc[j + 1].text)), speaker
        if _is_cue(t):
            if finished and not _bare_attribution(t):
                return None
            speaker = _speaker_span(ctx, t)
            between = _surface_np(ctx, start, j, cut_apposition=True)
            if speaker is not None and (
                speaker[0] < doc[start].idx or (between is not None and speaker[0] > t.idx)
            ):
                # the parse took a subject from inside the quote, or an object after
                # the cue ('"...," Bozell tells Breitbart News') over the phrase before it
                speaker = None
            if speaker is None:
                speaker = between or _np_after(ctx, j + 1)
            return _cue_bounds(t), speaker
        if t.is_punct and t.text not in (",", "-", "'s", "’s"):
            return None
        if t.pos_ not in _NP_POS and t.pos_ not in ("AUX", "ADV", "PUNCT", "CCONJ"):
            return None
    return None


def _bare_attribution(cue: Token) -> bool:
    """A cue that reports nothing of its own: "Peskov said on Friday." (no clause, no object)."""
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "nsubjpass", "auxpass") for c in cue.children):
        return False
    rest = [t for t in cue.doc[cue.i + 1 : cue.sent.end] if not t.is_punct and not t.is_space]
    return len(rest) <= BARE_ATTRIBUTION_TAIL


def _before_open(ctx: _Ctx, m: _Marked) -> _Attr | None:
    """``Peskov said: "..."``, ``He added that, "..."``, ``Peskov - "..."``."""
    doc = ctx.doc
    o = ctx.token_at(m.open)
    if o <= 0:
        return None
    para = ctx.para_of(m.open)
    prev = o - 1
    while prev >= 0 and doc[prev].is_space:
        prev -= 1
    if prev < 0 or ctx.para_of(doc[prev].idx) != para or ctx.quoted[prev]:
        return None
    intro = doc[prev]
    if intro.text not in (":", ",", *DASHES) and not (intro.lower_ == "that" or _is_cue(intro)):
        return None
    if _is_cue(intro):  # Peskov said "..."
        return _cue_bounds(intro), _speaker_span(ctx, intro)
    sent_start = doc[prev].sent.start
    lo = max(sent_start, o - PRE_WINDOW_TOKENS)
    for j in range(prev - 1, lo - 1, -1):
        if ctx.quoted[j] or ctx.para_of(doc[j].idx) != para:
            break
        if _is_cue(doc[j]):
            return _cue_bounds(doc[j]), _speaker_span(ctx, doc[j])
    if intro.text == ":" or intro.text in DASHES:
        k = prev - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        verb = _clause_before(doc, k, prev)
        speaker: tuple[int, int] | None
        if verb is not None:
            # "Harris had a message for migrants to the United States: ..." is Harris's, not the
            # last name's before the colon
            subj = _subject_token(verb)
            if subj is None or ctx.quoted[subj.i] or not (
                    subj.ent_type_ in _SPEAKER_ENTS or subj.pos_ == "PROPN"
                    or (subj.pos_ == "PRON" and subj.lower_ not in ("it", "this", "that", "there"))):
                return None
            speaker = _np_span(ctx, subj)
        else:
            speaker = _np_before(ctx, k)
        if speaker is not None:
            return (intro.idx, intro.idx + len(intro.text)), speaker
    return None


def _clause_before(doc: Doc, k: int, colon: int) -> Token | None:
    """The highest verb before ``colon`` that token ``k`` depends on: the phrase before the colon
    is then part of a clause, not a speaker's label."""
    verb = None
    cur = doc[k]
    sent_start = cur.sent.start
    while cur.head.i != cur.i and sent_start <= cur.head.i < colon:
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            verb = cur
    return verb


def _in_window(ctx: _Ctx, m: _Marked) -> _Attr | None:
    """Any speech cue in the quote's sentences, outside quotes; the one governing it first."""
    doc = ctx.doc
    o = ctx.token_at(m.open)
    last_char = m.close if m.close is not None else max(m.end - 1, m.start)
    c = ctx.token_at(last_char)
    first_sent, last_sent = ctx.sent_of[o], ctx.sent_of[c]
    lo = ctx.sents[first_sent][0]
    hi = ctx.sents[last_sent][1]
    inside = {ctx.token_at(m.start), ctx.token_at(max(m.start, m.end - 1))}
    para = ctx.para_of(m.open)
    best: tuple[tuple[bool, bool, int], Token, tuple[int, int] | None] | None = None
    for j in range(lo, hi):
        t = doc[j]
        if ctx.quoted[j] or not _is_cue(t) or ctx.para_of(t.idx) != para:
            continue
        governs = any(t.is_ancestor(doc[k]) for k in inside)
        dist = min(abs(j - o), abs(j - c))
        speaker = _speaker_span(ctx, t)
        # a cue with a speaker beats one without ("would be announced"), then
        # one whose clause holds the quote, then the nearest
        key = (speaker is None, not governs, dist)
        if best is None or key < best[0]:
            best = (key, t, speaker)
    if best is None:
        return None
    return _cue_bounds(best[1]), best[2]


def _word_key(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def _whole_paragraph(ctx: _Ctx, m: _Marked) -> bool:
    """Is the quotation, marks and all, the whole of its paragraph?"""
    p_lo = ctx.para_starts[ctx.para_of(m.open)]
    end = m.close_end if m.close_end is not None else m.end
    p_hi = ctx.text.find("\n", end)
    p_hi = len(ctx.text) if p_hi < 0 else p_hi
    return not ctx.text[p_lo : m.open].strip() and not ctx.text[end:p_hi].strip(" .,;:!?")


def _is_title(ctx: _Ctx, m: _Marked) -> bool:
    """A quoted name or title ("State of the Union", "@JebBush"), not a quote.

    Headlines capitalise every word, so a paragraph that is itself in title
    case says nothing: there the quote is kept.
    """
    content = ctx.text[m.start : m.end]
    if re.fullmatch(r"[@#]\w+", content):
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    if not words or len(words) > TITLE_MAX_WORDS or content.rstrip()[-1:] in ".!?,":
        return False
    if not all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words):
        return False
    p_lo = ctx.para_starts[ctx.para_of(m.open)]
    p_hi = ctx.text.find("\n", m.open)
    p_hi = len(ctx.text) if p_hi < 0 else p_hi
    outside = ctx.text[p_lo : m.open] + " " + ctx.text[m.close_end or m.end : p_hi]
    long_words = [w for w in re.findall(r"[^\W\d_]+", outside) if len(w) > 3]
    if not long_words:
        return False
    return sum(w[0].isupper() for w in long_words) / len(long_words) < HEADLINE_CAPS_SHARE


# --------------------------------------------------------------------------
# 5. Context
# --------------------------------------------------------------------------


def _events(ctx: _Ctx, marked: list[_Marked], indirect: list[_Indirect]) -> list[_Event]:
    """Every attribution with a speaker, in text order: what context resolution draws on."""
    doc = ctx.doc
    events: list[_Event] = []
    nested = [(q.start, q.end, q.cue_tok) for q in indirect if not q.drop]
    for tok in doc:
        if ctx.quoted[tok.i] or not (_is_cue(tok) and tok.lemma_.lower() not in NAMING_VERBS):
            continue
        if any(a <= tok.idx < b and tok.i != own for a, b, own in nested):
            continue
        speaker = _speaker_span(ctx, tok)
        if speaker is not None:
            events.append(_Event(tok.idx, ctx.sent_of[tok.i], speaker))
    for m in marked:
        if m.speaker is not None and not m.drop:
            events.append(_Event(m.start, ctx.sent_of[ctx.token_at(m.start)], m.speaker))
    events.sort(key=lambda e: e.pos)
    return events


def _attribute_from_context(ctx: _Ctx, m: _Marked, events: list[_Event]) -> None:
    """Speaker from the nearest earlier attribution, else the next sentence's."""
    first_sent = ctx.sent_of[ctx.token_at(m.open)]
    last_char = m.close if m.close is not None else max(m.end - 1, m.start)
    last_sent = ctx.sent_of[ctx.token_at(last_char)]
    before = [e for e in events if e.pos < m.open and e.sent >= first_sent - CONTEXT_SENTENCES_BACK]
    if before:
        chosen = before[-1]
    else:
        after = [e for e in events if e.pos > last_char and e.sent == last_sent + 1]
        if not after:
            return
        chosen = after[0]
    m.speaker = chosen.speaker
    # chain: the next quote without attribution may take its speaker from this one
    events.append(_Event(m.start, first_sent, chosen.speaker))
    events.sort(key=lambda e: e.pos)


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def _to_quote(ctx: _Ctx, article_id: str, m: _Marked) -> Quote:
    text = ctx.text
    cue = m.cue
    speaker = m.speaker
    return Quote(
        article=article_id,
        start=m.start,
        end=m.end,
        text=text[m.start : m.end],
        kind="direct",
        cue=text[cue[0] : cue[1]] if cue else None,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        speaker_name=text[speaker[0] : speaker[1]] if speaker else None,
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
    )


def _indirect_to_quote(ctx: _Ctx, article_id: str, q: _Indirect) -> Quote:
    text = ctx.text
    sp = q.speaker
    return Quote(
        article=article_id,
        start=q.start,
        end=q.end,
        text=text[q.start : q.end],
        kind="indirect",
        cue=text[q.cue[0] : q.cue[1]],
        cue_start=q.cue[0],
        cue_end=q.cue[1],
        speaker_name=text[sp[0] : sp[1]] if sp else None,
        speaker_start=sp[0] if sp else None,
        speaker_end=sp[1] if sp else None,
    )
