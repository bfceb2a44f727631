"""`newsprism batch --engine dask` on a real local Dask cluster, started as a user would: a
`dask scheduler` and `dask worker` processes from the venv, on free ports; the run is given the
scheduler's address.  It gives the stories of the local engine, its output loads into a store,
and a worker killed mid-run loses and duplicates nothing."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest

from newsprism.batch.dask_engine import WORKER_ENV
from newsprism.batch.load import load_batch
from newsprism.batch.plan import Options
from newsprism.batch.prepare import ID_STRIDE
from newsprism.batch.run import run_batch
from newsprism.store import Store

from .test_batch import Corpus, make_corpus, story_members

BIN = Path(sys.executable).parent
START_TIMEOUT = 90  # seconds for the scheduler and workers to come up (a loaded CI machine)


@dataclass
class Cluster:
    address: str
    folder: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{args[0]}-{len(self.procs)}.log").open("wb")
        env = {**os.environ, **WORKER_ENV}  # as docs/scaling.md says to start workers
        p = subprocess.Popen([str(BIN / "dask"), *args], stdout=log, stderr=subprocess.STDOUT, env=env,
                             cwd=self.folder, start_new_session=True)  # its own group: killed whole
        self.procs.append(p)
        return p

    def add_worker(self) -> subprocess.Popen[bytes]:
        return self.start("worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                          "--host", "127.0.0.1")

    def wait_for(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(n, timeout=START_TIMEOUT)

    def workers(self) -> int:
        from distributed import Client

        with Client(self.address, timeout=START_TIMEOUT) as client:
            return len(client.scheduler_info()["workers"])

    def stop(self) -> None:
        for p in reversed(self.procs):
            _kill(p, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(3)
            except subprocess.TimeoutExpired:
                _kill(p, signal.SIGKILL)
                p.wait(10)


def _kill(p: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(p.pid, sig)  # the process group of our own child: all it started
    except ProcessLookupError:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    port = _free_port()
    c = Cluster(f"tcp://127.0.0.1:{port}", tmp_path_factory.mktemp("dask"))
    c.start("scheduler", "--host", "127.0.0.1", "--port", str(port),
            "--dashboard-address", f"127.0.0.1:{_free_port()}")
    try:
        c.add_worker()
        c.add_worker()
        c.wait_for(2)
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return make_corpus(tmp_path_factory.mktemp("batch-dask") / "in", events=24)


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([str(BIN / "newsprism"), "batch", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_batch_dask_gives_the_stories_of_local(cluster: Cluster, corpus: Corpus, tmp_path: Path) -> None:
    options = Options(partition_bytes=20_000)
    local = tmp_path / "local"
    run_batch([corpus.folder], local, engine="local", workers=2, options=options)
    dask = tmp_path / "dask"
    proc = _cli(str(corpus.folder), "--out", str(dask), "--engine", "dask", "--address", cluster.address,
                "--workers", "2", "--partition-mb", str(20_000 / 1024 / 1024))
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 3, stderr  # 3: some records went to errors/, as with local
    assert "2 workers" in stdout
    # the engine's dashboard: its link printed, its pages served (bokeh is a dependency)
    link = re.search(r"Dask dashboard: (http://\S+)", stderr)
    assert link, stderr
    assert "pip install bokeh" not in stderr
    page = httpx.get(link.group(1), timeout=30)
    assert page.status_code == 200 and "Dask" in page.text
    assert story_members(dask) == story_members(local)
    for name in ("copies.parquet", "article_stories.parquet"):
        assert pq.read_table(dask / name).equals(pq.read_table(local / name))
    cols = ["id", "doc_id", "content_hash", "window", "features"]
    assert pq.read_table(dask / "articles", columns=cols).sort_by("id").equals(
        pq.read_table(local / "articles", columns=cols).sort_by("id"))
    # ... and loads into a store
    db = str(tmp_path / "news.db")
    report = load_batch(dask, db)
    with Store.open(db) as store:
        assert store.counts()["stories"] == pq.read_metadata(dask / "stories.parquet").num_rows
        assert report.added == store.counts()["articles"] == len(corpus.truth)


def test_batch_dask_survives_a_worker_killed_mid_run(cluster: Cluster, corpus: Corpus, tmp_path: Path) -> None:
    victim = cluster.add_worker()
    cluster.wait_for(3)
    out = tmp_path / "run"
    proc = _cli(str(corpus.folder), "--out", str(out), "--engine", "dask", "--address", cluster.address,
                "--workers", "3", "--partition-mb", str(6_000 / 1024 / 1024))
    deadline = time.monotonic() + 240
    while len(list((out / "articles").glob("part-*.parquet"))) < 3:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no partition finished"
        time.sleep(0.05)
    plan_parts = len(list((out / "articles").glob("part-*.parquet")))
    _kill(victim, signal.SIGKILL)
    victim.wait(10)
    assert not (out / "_SUCCESS").exists()  # killed mid-run, not after it
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 3, stderr
    assert cluster.workers() == 2
    articles = pq.read_table(out / "articles", columns=["id", "doc_id", "partition"]).to_pylist()
    ids = [a["id"] for a in articles]
    docs = [a["doc_id"] for a in articles]
    # nothing lost, nothing twice: every readable record once, each partition numbered 0..n-1
    assert len(ids) == len(set(ids)) and len(docs) == len(set(docs))
    assert set(docs) == set(corpus.truth) | set(corpus.repeats)
    by_part: dict[int, list[int]] = {}
    for a in articles:
        by_part.setdefault(a["partition"], []).append(a["id"] - a["partition"] * ID_STRIDE)
    assert all(sorted(v) == list(range(len(v))) for v in by_part.values())
    summary = (out / "_SUCCESS").read_text("utf-8")
    assert f'"articles": {len(ids)}' in summary and plan_parts >= 3
    placed = [i for m in story_members(out) for i in m]
    assert len(placed) == len(set(placed)) == len(corpus.truth)
    assert not list(out.rglob(".*.tmp-*"))  # what the killed worker was writing is cleaned away


def _quiet(h: dict[str, Any], worker: bool) -> None:
    every = h["every_ms"]
    assert every["tick"] >= 1000 and every["monitor"] >= 5000
    if worker:
        assert every["memory_monitor"] >= 1000
        assert not {"profile", "profile-cycle"} & set(every)  # the profiler's sampling
        assert h["trim"] is None
    else:
        assert "stealing" not in h["extensions"]


def test_dask_processes_run_without_the_housekeeping_that_slows_tasks(cluster: Cluster) -> None:
    """The profiler off and the event loop's monitors spaced out (docs/scaling.md): on the
    workers and scheduler of a local cluster the engine starts, and on those a user starts
    with the documented environment; no nanny trims memory at every free."""
    from distributed import Client

    from newsprism.batch.dask_engine import DaskEngine

    def _housekeeping(dask_worker: Any = None, dask_scheduler: Any = None) -> dict[str, object]:
        """What the process runs besides tasks: its periodic callbacks (ms) and extensions
        (nested: sent by value to workers that cannot import this test module)."""
        import os

        server = dask_worker or dask_scheduler
        return {"every_ms": {k: v.callback_time for k, v in server.periodic_callbacks.items()},
                "extensions": sorted(server.extensions), "trim": os.environ.get("MALLOC_TRIM_THRESHOLD_")}

    engine = DaskEngine(workers=1, embed=False)
    try:
        for h in engine.client.run(_housekeeping).values():
            _quiet(h, worker=True)
        _quiet(engine.client.run_on_scheduler(_housekeeping), worker=False)
    finally:
        engine.close()
    with Client(cluster.address, timeout=START_TIMEOUT) as client:
        for h in client.run(_housekeeping).values():
            _quiet(h, worker=True)
        _quiet(client.run_on_scheduler(_housekeeping), worker=False)
