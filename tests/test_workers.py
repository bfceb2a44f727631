"""Worker pools never fork a process that runs threads (issue 21: the Python API hung in 2 of 3
runs when the encoder's loading thread held a lock at the fork)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from newsprism.workers import pool_context

SCRIPT = textwrap.dedent("""
    import sys, threading
    from newsprism import analyze
    from newsprism.config import Settings
    texts = [{"id": f"a{i}", "outlet": f"Outlet {i % 4}",
              "text": f"Officials in Ankara said on Monday that talks number {i} would resume. "
                      "The Kremlin said a meeting between the two presidents needed preparation."}
             for i in range(16)]
    # a thread of the caller's own holds a lock the whole time, as a progress bar's might
    lock = threading.Lock(); lock.acquire()
    threading.Thread(target=lock.acquire, daemon=True).start()
    result = analyze(texts, Settings(workers=2, batch_size=4, parallel_min_articles=2))
    assert len(result.articles) == 16 and result.narrative is not None
    print("ok", len(result.comparison.facts))
""")


def test_workers_context_forks_only_a_process_without_threads() -> None:
    import threading

    alone = threading.active_count() == 1
    assert pool_context().get_start_method() in (("fork",) if alone else ("forkserver", "spawn"))
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert pool_context().get_start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        t.join()


def test_workers_python_api_with_two_workers_finishes_every_time() -> None:
    for attempt in range(3):
        run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                             timeout=240)
        assert run.returncode == 0, f"run {attempt}: {run.stderr[-2000:]}"
        assert run.stdout.startswith("ok")
