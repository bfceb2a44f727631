"""Bulk writes and reads for loading a batch run's output (``newsprism.batch.load``).

:meth:`Store.set_story` checks and recounts story by story, which suits ``ingest`` placing one
article at a time; a batch load places thousands of articles in stories they are the first
articles of, so it puts them all with one statement and recounts once per chunk
(:meth:`Store.respan`).  The clustering state of the loaded stories is rebuilt from their
members' features, read here for many stories at once instead of one query per story.

Both take the connection of an open :meth:`Store.atomic` transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from .db import CURRENT, IN_CHUNK
from .schema import articles

__all__ = ["place_articles", "member_features"]

_PLACE = update(articles).where(articles.c.id == bindparam("aid")).values(story_id=bindparam("sid"))


def place_articles(conn: Connection, name: str, pairs: Sequence[tuple[int, int]]) -> None:
    """Put each article (id) in its story (id), one statement for all; the stories' counts
    are the caller's to recompute (:meth:`Store.respan`).  ``name``: the store, for errors."""
    if not pairs:
        return
    try:
        conn.execute(_PLACE, [{"aid": a, "sid": s} for a, s in pairs])
    except SQLAlchemyError as exc:
        raise StoreError(f"{name}: placing articles in stories failed: {str(exc).splitlines()[0]}") from exc


def member_features(conn: Connection, name: str, story_ids: Sequence[int]) -> dict[int, list[tuple[int, bytes]]]:
    """The grouping features of each story's current articles, oldest first (publication day,
    then id), by story; articles without features are left out."""
    a = articles
    out: dict[int, list[tuple[int, bytes]]] = {sid: [] for sid in story_ids}
    ids = list(dict.fromkeys(story_ids))
    try:
        for i in range(0, len(ids), IN_CHUNK):
            q = (select(a.c.story_id, a.c.id, a.c.features)
                 .where(a.c.story_id.in_(ids[i:i + IN_CHUNK]), a.c.features.is_not(None), CURRENT)
                 .order_by(a.c.story_id, a.c.published.asc().nulls_last(), a.c.id))
            for r in conn.execute(q):
                out[r.story_id].append((r.id, r.features))
    except SQLAlchemyError as exc:
        raise StoreError(f"{name}: reading the stories' features failed: {str(exc).splitlines()[0]}") from exc
    return out
