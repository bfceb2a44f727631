"""Union-find shared by copy detection, quote groups and entity linking."""

from __future__ import annotations

from newsprism.disjoint import DisjointSets


def test_disjoint_sets_group_pairs_and_keep_the_preferred_root():
    sets = DisjointSets(["c", "b"])
    sets.join("c", "b")
    sets.join("d", "c")  # a key not seen before is a set of its own
    sets.join("x", "y")
    assert {k: sets.find(k) for k in "bcdxy"} == {"b": "b", "c": "b", "d": "b", "x": "x", "y": "x"}
    # the preferred root wins whichever way round the join is written
    for a, b in (("canon:Kyiv", "GPE:kiev"), ("GPE:kiev", "canon:Kyiv")):
        s = DisjointSets(prefer=lambda k: (not k.startswith("canon:"), k))
        s.join(a, b)
        assert s.find("GPE:kiev") == s.find("canon:Kyiv") == "canon:Kyiv"
