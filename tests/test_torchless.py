"""spaCy is imported without torch (newsprism.torchless), and torch stays importable after."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from newsprism.torchless import without_torch


def test_inside_without_torch_import_torch_fails_and_after_it_nothing_is_left_behind() -> None:
    code = (
        "import sys\n"
        "from newsprism.torchless import without_torch\n"
        "with without_torch():\n"
        "    try:\n"
        "        import torch\n"
        "        print('imported')\n"
        "    except ImportError:\n"
        "        print('blocked')\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["blocked", "False"]


def test_a_run_imports_spacy_without_torch_and_the_minilm_encoder_can_still_load_it() -> None:
    code = (
        "import sys, importlib.util\n"
        "import newsprism.pipeline\n"
        "import thinc.compat\n"
        "print('torch' in sys.modules, thinc.compat.has_torch)\n"
        "if importlib.util.find_spec('torch') is not None:\n"
        "    import torch\n"
        "    print(torch.tensor([1.0, 2.0]).sum().item())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[:2] == ["False", "False"]
    if importlib.util.find_spec("torch") is not None:  # the minilm extra is installed here
        assert out[2] == "3.0"


def test_a_process_that_has_torch_already_keeps_it() -> None:
    sentinel = object()
    saved = sys.modules.get("torch", sentinel)
    sys.modules["torch"] = "already here"  # type: ignore[assignment]
    try:
        with without_torch():
            assert sys.modules["torch"] == "already here"
    finally:
        if saved is sentinel:
            del sys.modules["torch"]
        else:
            sys.modules["torch"] = saved  # type: ignore[assignment]


def test_no_block_while_another_thread_runs() -> None:
    code = (
        "import threading, sys, time\n"
        "from newsprism.torchless import without_torch\n"
        "t = threading.Thread(target=time.sleep, args=(0.5,)); t.start()\n"
        "with without_torch():\n"
        "    print('torch' in sys.modules)\n"
        "t.join()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]  # nothing put in the way of the other thread's imports
