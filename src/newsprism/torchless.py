"""spaCy imported without torch, on the ground floor so every stage that imports spaCy can.

spaCy's ``thinc`` imports torch at its own import when torch is installed (``thinc.compat``),
only to know whether it could use it.  newsprism's spaCy pipelines never do, but torch is
there whenever the optional ``minilm`` encoder is installed, and importing it costs about
3 s of every process's start on two cores (measured: ``python -X importtime -c "from
newsprism import analyze"``, 4.3 s with torch imported, 1.4 s without).  :func:`without_torch`
makes ``import torch`` fail while spaCy is first imported; torch stays importable afterwards,
so the ``minilm`` encoder loads it when it is asked for.  A process that has imported torch or
``thinc`` already, or runs another thread, is left as it is.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["without_torch"]


@contextmanager
def without_torch() -> Iterator[None]:
    """Inside, ``import torch`` raises ImportError (unless torch or thinc is imported already, or
    another thread runs: one loading the ``minilm`` encoder must not find torch blocked)."""
    if "torch" in sys.modules or "thinc.compat" in sys.modules or threading.active_count() > 1:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
