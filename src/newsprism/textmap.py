"""Text that remembers where each character came from.

Cleaning rewrites text many times (normalising characters, dropping lines,
joining wrapped lines).  :class:`Tracked` carries, for every character, its
offset in the original source, so the final cleaned text can be mapped back
with :meth:`Tracked.offset_map`.  All operations return new objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import OffsetMap


@dataclass(frozen=True)
class Tracked:
    text: str
    offsets: tuple[int, ...]  # one source offset per character of ``text``

    @classmethod
    def of(cls, text: str, base: int = 0) -> Tracked:
        return cls(text, tuple(range(base, base + len(text))))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, key: slice) -> Tracked:
        return Tracked(self.text[key], self.offsets[key])

    def source_start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    def source_end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0

    def strip(self, chars: str | None = None) -> Tracked:
        t = self.text
        left = len(t) - len(t.lstrip(chars))
        right = len(t.rstrip(chars))
        if right <= left:
            return Tracked("", ())
        return self[left:right]

    def replace_spans(self, edits: Iterable[tuple[int, int, str]]) -> Tracked:
        """Apply non-overlapping ``(start, end, replacement)`` edits.

        A replacement as long as what it replaces maps character for
        character; otherwise every new character maps to the start of the
        replaced span (so a span over it maps to the whole replaced region).
        """
        out_text: list[str] = []
        out_off: list[int] = []
        pos = 0
        text, offsets = self.text, self.offsets
        for start, end, repl in sorted(edits):
            if start < pos:
                raise ValueError(f"overlapping edit at {start} (previous edit ended at {pos})")
            out_text.append(text[pos:start])
            out_off.extend(offsets[pos:start])
            if repl:
                out_text.append(repl)
                if len(repl) == end - start:
                    out_off.extend(offsets[start:end])
                elif end > start:
                    # spread proportionally over the replaced span
                    n, m = len(repl), end - start
                    out_off.extend(offsets[start + (i * m) // n] for i in range(n))
                else:  # pure insertion: point at the next character
                    anchor = offsets[start] if start < len(offsets) else (
                        offsets[-1] + 1 if offsets else 0)
                    out_off.extend([anchor] * len(repl))
            pos = end
        out_text.append(text[pos:])
        out_off.extend(offsets[pos:])
        return Tracked("".join(out_text), tuple(out_off))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> Tracked:
        """``re.sub`` that keeps the offsets."""
        edits = []
        for m in pattern.finditer(self.text):
            r = repl(m) if callable(repl) else m.expand(repl)
            if r != m.group(0):
                edits.append((m.start(), m.end(), r))
        return self.replace_spans(edits) if edits else self

    def translate(self, table: dict[int, str]) -> Tracked:
        """Character-for-character replacement; ``table`` values must be one character."""
        return Tracked(self.text.translate(table), self.offsets)

    def split_lines(self) -> list[Tracked]:
        """Lines without their line breaks."""
        out = []
        pos = 0
        for line in self.text.split("\n"):
            out.append(self[pos : pos + len(line)])
            pos += len(line) + 1
        return out

    def offset_map(self) -> OffsetMap:
        return OffsetMap.from_offsets(self.offsets)


def join(parts: Iterable[Tracked], sep: str) -> Tracked:
    """Join tracked parts with ``sep``; separator characters map to the end of the part before."""
    text: list[str] = []
    offs: list[int] = []
    first = True
    for p in parts:
        if not first and sep:
            anchor = offs[-1] + 1 if offs else (p.offsets[0] if p.offsets else 0)
            text.append(sep)
            offs.extend([anchor] * len(sep))
        text.append(p.text)
        offs.extend(p.offsets)
        first = False
    return Tracked("".join(text), tuple(offs))
