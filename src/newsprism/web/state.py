"""What the routes of one app share: the store, the jobs, the server's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from .ingesting import Ingests
from .jobs import Analyses

__all__ = ["AppState"]


@dataclass
class AppState:
    """What the routes share: the store, the jobs, the settings of the server."""

    db: str
    store: Store
    analyses: Analyses
    ingests: Ingests
    token: str | None
    token_required: bool
    fetch: bool
    max_upload: int
    feeds: list[str] = field(default_factory=list)
    every_s: float = 900.0
    poller: Any = None  # a web.poll.Poller when feeds are polled

    def feeds_status(self) -> dict[str, Any] | None:
        if self.poller is None:
            return None
        return {"feeds": list(self.feeds), "every_s": self.every_s, **self.poller.status()}
