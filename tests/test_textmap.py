"""Offset tracking: every cleaned character maps back to where it came from."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsprism.model import OffsetMap
from newsprism.textmap import Tracked, join


def test_textmap_sub_keeps_offsets_of_untouched_text():
    t = Tracked.of("one  two   three").sub(re.compile(r" {2,}"), " ")
    assert t.text == "one two three"
    m = t.offset_map()
    start = t.text.index("three")
    assert m.span_to_source(start, start + 5) == (11, 16)


def test_textmap_expansion_maps_to_the_replaced_character():
    t = Tracked.of("wait\u2026 now").sub(re.compile("\u2026"), "...")
    assert t.text == "wait... now"
    m = t.offset_map()
    assert m.span_to_source(4, 7) == (4, 5)
    assert m.span_to_source(8, 11) == (6, 9)


def test_textmap_join_separator_maps_between_parts():
    src = "alpha\nbeta"
    lines = Tracked.of(src).split_lines()
    joined = join(lines, " ")
    assert joined.text == "alpha beta"
    assert joined.offset_map().span_to_source(6, 10) == (6, 10)


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=200))
def test_textmap_offset_map_round_trip(offsets):
    m = OffsetMap.from_offsets(offsets)
    assert [m.to_source(i) for i in range(len(offsets))] == offsets
