"""Batch runs over large corpora on a distributed engine (`newsprism batch`, issue 24)."""
