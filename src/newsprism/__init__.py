"""newsprism: see one news story through many outlets at once.

>>> import newsprism
>>> result = newsprism.analyze(["../shared/seeds/"])   # doctest: +SKIP
>>> result.to_json()                                    # doctest: +SKIP

Nothing heavy is imported until it is used: ``import newsprism`` is cheap.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .version import __version__

__all__ = ["analyze", "Analysis", "Settings", "NewsprismError", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from .analysis import Analysis
    from .config import Settings
    from .errors import NewsprismError
    from .pipeline import analyze


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from .pipeline import analyze

        return analyze
    if name == "Analysis":
        from .analysis import Analysis

        return Analysis
    if name == "Settings":
        from .config import Settings

        return Settings
    if name == "NewsprismError":
        from .errors import NewsprismError

        return NewsprismError
    raise AttributeError(f"module 'newsprism' has no attribute {name!r}")
