"""Optional: a fluent summary written by an LLM from the same cited facts.

Any OpenAI-compatible chat endpoint works (``POST {url}/chat/completions``),
configured by URL and model name (CLI ``--llm-url/--llm-model`` or
``NEWSPRISM_LLM_URL``, ``NEWSPRISM_LLM_MODEL``, ``NEWSPRISM_LLM_API_KEY``).
The model is given the extractive summary's facts, numbered, and must end
every sentence with the numbers of the facts it rests on ("[1][3]").  Its
output is checked: sentences without a valid citation are dropped, and if
fewer than ``MIN_VALID`` remain the extractive summary is used instead — a
fluent sentence never loses its sources.  The default path needs no network.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Conflict, Fact, Statement, SummarySentence
from .summary import summarize as extractive

if TYPE_CHECKING:
    import numpy as np

    from ..analysis import Analysis

log = logging.getLogger(__name__)

MIN_VALID = 3
TIMEOUT_S = 60.0
_CITES = re.compile(r"((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)\s*([.!?])?\s*$")

PROMPT = """You write a short, neutral news summary from numbered facts reported by several outlets.
Rules:
- Use only the facts given. Do not add anything.
- Write {n} sentences or fewer, in plain neutral wording; where facts say outlets disagree, say so.
- End EVERY sentence with the numbers of the facts it uses, in square brackets, e.g. [2] or [1][3].
Facts:
{facts}"""


@dataclass(frozen=True)
class LLMConfig:
    url: str
    model: str
    api_key: str | None = None

    @classmethod
    def from_env(cls, url: str | None = None, model: str | None = None) -> LLMConfig | None:
        url = url or os.environ.get("NEWSPRISM_LLM_URL")
        model = model or os.environ.get("NEWSPRISM_LLM_MODEL")
        if not url or not model:
            return None
        return cls(url.rstrip("/"), model, os.environ.get("NEWSPRISM_LLM_API_KEY"))


def parse_cited(text: str, cited: list[SummarySentence]) -> list[SummarySentence]:
    """Sentences of the model's answer with their fact numbers mapped to article citations."""
    out = []
    for raw in re.split(r"(?<=[.!?\]])\s+(?=[A-Z\"'])", text.strip()):
        raw = raw.strip()
        m = _CITES.search(raw)
        if not m:
            continue
        numbers = [int(x) for x in re.findall(r"\d+", m.group(1))]
        if not numbers or any(n < 1 or n > len(cited) for n in numbers):
            continue
        body = raw[: m.start()].rstrip()
        if not body:
            continue
        body += m.group(2) or ("" if body[-1] in ".!?" else ".")
        articles: list[str] = []
        facts: list[str] = []
        for n in numbers:
            for a in cited[n - 1].citations:
                if a not in articles:
                    articles.append(a)
            facts.extend(f for f in cited[n - 1].facts if f not in facts)
        out.append(SummarySentence(body, tuple(articles), tuple(facts)))
    return out


def llm_summarizer(config: LLMConfig, post: Callable[..., Any] | None = None) -> Callable[..., tuple[SummarySentence, ...]]:
    """A summarizer for :func:`newsprism.analyze` that asks the LLM and checks its citations."""

    def run(analysis: Analysis, statements: list[Statement], facts: list[Fact],
            conflicts: list[Conflict], vectors: np.ndarray) -> tuple[SummarySentence, ...]:
        base = list(extractive(analysis, statements, facts, conflicts, vectors))
        if not base:
            return ()
        listing = "\n".join(f"[{i}] {s.text} (reported by: "
                            f"{', '.join(_label(analysis, a) for a in s.citations)})" for i, s in enumerate(base, 1))
        body = {"model": config.model, "temperature": 0,
                "messages": [{"role": "user", "content": PROMPT.format(n=len(base), facts=listing)}]}
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        try:
            if post is None:
                import httpx

                resp = httpx.post(f"{config.url}/chat/completions", json=body, headers=headers, timeout=TIMEOUT_S)
                resp.raise_for_status()
                data = resp.json()
            else:
                data = post(f"{config.url}/chat/completions", body, headers)
            answer = data["choices"][0]["message"]["content"]
        except Exception as exc:  # the network, the server or its JSON: fall back, say why
            log.warning("LLM summary failed (%s); using the extractive summary", exc)
            return tuple(base)
        sentences = parse_cited(answer, base)
        if len(sentences) < MIN_VALID:
            log.warning("LLM summary kept only %d cited sentences; using the extractive summary", len(sentences))
            return tuple(base)
        return tuple(sentences)

    return run


def _label(analysis: Analysis, article_id: str) -> str:
    for a in analysis.articles:
        if a.id == article_id:
            return a.label
    return article_id
