"""`newsprism batch` on the local engine: Parquet that DuckDB and pyarrow read, errors with their
source and reason, a rerun that skips finished partitions, and the load into a store.

The corpus is synthetic (written by :func:`make_corpus`, a few hundred short articles of 40
made-up events over a month, each event with its own made-up names and words): the truth is
known, nothing third-party is copied, and it is small enough to keep the tests quick."""

from __future__ import annotations

import gzip
import io
import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsprism.batch.load import load_batch
from newsprism.batch.plan import (
    Options,
    expand_inputs,
    index_file,
    plan_files,
    window_days,
    window_key,
)
from newsprism.batch.read import read_partition
from newsprism.batch.run import BatchError, run_batch
from newsprism.cli import app
from newsprism.errors import ConfigError, NoInputError
from newsprism.ingest import read_inputs
from newsprism.model import RawDocument, Skipped
from newsprism.store import Store

runner = CliRunner()

SYL = ["ka", "lo", "mi", "ren", "tas", "vo", "qui", "zel", "dor", "fen", "gra", "hul", "jos", "nex",
       "pri", "sul", "tor", "vex", "wim", "yar"]
FILLER = ("the officials said on the matter that they would continue to review the situation and respond "
          "after talks with local groups while residents waited for more information about plans announced "
          "earlier this month").split()
OUTLETS = ["Daily Ledger", "Harbor Times", "Valley Post", "Metro Courier", "North Star", "Civic Herald"]
PARTITION_BYTES = 20_000  # small partitions: the large files are cut into several ranges


@dataclass
class Corpus:
    folder: Path
    truth: dict[str, int] = field(default_factory=dict)  # doc id -> event
    reprints: dict[str, str] = field(default_factory=dict)  # near copy -> original doc id
    repeats: dict[str, str] = field(default_factory=dict)  # same text again -> first doc id
    bad_lines: list[str] = field(default_factory=list)  # "file:LINE" of the records that cannot be read


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYL) for _ in range(n))


def _article(rng: random.Random, names: list[str], topic: list[str]) -> tuple[str, str]:
    def sentence() -> str:
        words = rng.sample(topic, 3) + rng.sample(FILLER, 8)
        rng.shuffle(words)
        return f"{rng.choice(names)} " + " ".join(words) + "."

    title = f"{names[0]} {topic[0]} {topic[1]} {rng.choice(FILLER)}"
    return title, "\n\n".join(f"{sentence()} {sentence()}" for _ in range(4))


def make_corpus(folder: Path, events: int = 40, per: int = 6, seed: int = 5) -> Corpus:
    """JSONL (plain and gzipped, both larger than a partition), text and HTML files and a
    WARC.gz archive; a few reprints (near copies), one text twice, and records that cannot be read."""
    rng = random.Random(seed)
    corpus = Corpus(folder)
    start = date(2025, 3, 1)
    records: list[dict[str, str]] = []
    pages: list[tuple[str, str, str, str]] = []  # (doc id, day, title, text) for files and the WARC
    for e in range(events):
        names = [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(2)]
        topic = [_word(rng, 3) for _ in range(10)]
        centre = start + timedelta(days=rng.randrange(30))
        for k in range(rng.randint(per - 2, per + 2)):
            day = (centre + timedelta(days=rng.randint(-3, 3))).isoformat()
            title, text = _article(rng, names, topic)
            doc = f"e{e}-a{k}"
            corpus.truth[doc] = e
            if e < 3:  # events 0-2 come as files and WARC pages
                pages.append((doc, day, title, text))
                continue
            outlet = rng.choice(OUTLETS)
            records.append({"id": doc, "title": title, "text": text, "published": day, "outlet": outlet,
                            "url": f"https://{outlet.replace(' ', '').lower()}.example/{day}/{doc}"})
            if k == 0 and e % 6 == 3:  # a reprint: another outlet, its own headline and first paragraph
                paras = text.split("\n\n")
                _, own = _article(rng, names, topic)
                reprint = {**records[-1], "id": f"{doc}-reprint", "outlet": "Wire Reprints",
                           "title": f"{names[1]} {topic[2]}", "url": f"https://wire.example/{doc}",
                           "text": "\n\n".join([own.split("\n\n")[0], *paras[1:]])}
                records.append(reprint)
                corpus.truth[reprint["id"]] = e
                corpus.reprints[reprint["id"]] = doc
            if k == 1 and e == 4:  # the same text again, under another id
                again = {**records[-1], "id": f"{doc}-again", "url": f"https://again.example/{doc}"}
                records.append(again)
                corpus.repeats[again["id"]] = doc
    rng.shuffle(records)
    folder.mkdir(parents=True, exist_ok=True)
    half = len(records) * 2 // 3
    with (folder / "wire.jsonl").open("w", encoding="utf-8") as fh:
        for i, r in enumerate(records[:half], 1):
            fh.write(json.dumps(r) + "\n")
            if i == 40:
                fh.write('{"id": "broken", "text": "no end\n')
                corpus.bad_lines.append(f"{folder / 'wire.jsonl'}:{i + 1}")
            if i == 90:
                fh.write(json.dumps({"id": "empty", "title": "nothing here"}) + "\n")
                corpus.bad_lines.append(f"{folder / 'wire.jsonl'}:{i + 2}")
    with gzip.open(folder / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        for r in records[half:]:
            fh.write(json.dumps(r) + "\n")
    sub = folder / "pages"
    sub.mkdir()
    warc_pages = []
    for doc, day, title, text in pages:
        if doc.startswith("e0-"):
            (sub / f"{doc}.txt").write_text(f"{title}\n\nPublished {day}\n\n{text}\n", "utf-8")
        elif doc.startswith("e1-"):
            body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            (sub / f"{doc}.html").write_text(
                f'<html><head><title>{title}</title><meta property="article:published_time" content="{day}">'
                f"</head><body><article><h1>{title}</h1>{body}</article></body></html>", "utf-8")
        else:
            warc_pages.append((doc, day, title, text))
    (sub / "notes.bin").write_bytes(bytes(range(256)) * 8)  # not a text: reported, not read
    _write_warc(folder / "crawl.warc.gz", warc_pages, corpus)
    return corpus


def _write_warc(path: Path, pages: list[tuple[str, str, str, str]], corpus: Corpus) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(w.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    for doc, day, title, text in pages:
        uri = f"https://crawl.example/{day}/{doc}"
        body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        html = (f'<html><head><title>{title}</title><meta property="article:published_time" content="{day}">'
                f"</head><body><article><h1>{title}</h1>{body}</article></body></html>")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(html.encode("utf-8")),
                                            http_headers=http, warc_headers_dict={"WARC-Date": f"{day}T08:00:00Z"}))
        corpus.truth[f"crawl.example-{day}-{doc}"] = corpus.truth.pop(doc)
    path.write_bytes(buf.getvalue())


def bcubed(truth: dict[str, int], pred: dict[str, int]) -> tuple[float, float]:
    ids = sorted(pred)
    g, p = [truth[i] for i in ids], [pred[i] for i in ids]
    joint, cg, cp = Counter(zip(g, p, strict=True)), Counter(g), Counter(p)
    prec = sum(joint[(a, b)] / cp[b] for a, b in zip(g, p, strict=True)) / len(ids)
    rec = sum(joint[(a, b)] / cg[a] for a, b in zip(g, p, strict=True)) / len(ids)
    return prec, rec


def stories_of(out: Path) -> dict[str, int]:
    """doc id -> story id, from stories.parquet."""
    rows = pq.read_table(out / "stories.parquet", columns=["story_id", "doc_ids"]).to_pylist()
    return {d: r["story_id"] for r in rows for d in r["doc_ids"]}


def story_members(out: Path) -> list[list[int]]:
    return [r["article_ids"] for r in pq.read_table(out / "stories.parquet", columns=["article_ids"]).to_pylist()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return make_corpus(tmp_path_factory.mktemp("batch") / "in")


@pytest.fixture(scope="module")
def local_out(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch-out") / "run"
    result = runner.invoke(app, ["batch", str(corpus.folder), "--out", str(out), "--engine", "local",
                                 "--workers", "2", "--partition-mb", str(PARTITION_BYTES / 1024 / 1024)])
    assert result.exit_code == 3, result.output  # some records could not be read
    assert "stories" in result.output
    return out


# --- the output, as a user reads it -------------------------------------------------------


def test_batch_output_reads_in_duckdb_and_pyarrow(corpus: Corpus, local_out: Path) -> None:
    import duckdb

    n_valid = len(corpus.truth) + len(corpus.repeats)
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM '{local_out}/articles/*.parquet'").fetchone() == (n_valid,)
    assert con.execute(f"SELECT count(DISTINCT id) FROM '{local_out}/articles/*.parquet'").fetchone() == (n_valid,)
    # every article but the repeat of an earlier text is in exactly one story
    placed = con.execute(f"SELECT unnest(article_ids) AS id FROM '{local_out}/stories.parquet'").fetchall()
    assert len(placed) == len({i for (i,) in placed}) == len(corpus.truth)
    # a story lists its members by batch id and by the input's own id, in the same order
    joined = con.execute(f"""
        WITH m AS (SELECT story_id, unnest(article_ids) AS id, unnest(doc_ids) AS doc_id
                   FROM '{local_out}/stories.parquet')
        SELECT count(*) FROM m JOIN '{local_out}/articles/*.parquet' a USING (id) WHERE a.doc_id = m.doc_id
    """).fetchone()
    assert joined == (len(corpus.truth),)
    stories = pq.read_table(local_out / "stories.parquet")
    assert stories.schema.field("article_ids").type.value_type.bit_width == 64
    assert set(pq.read_table(local_out / "article_stories.parquet")["story_id"].to_pylist()) \
        == set(stories["story_id"].to_pylist())
    assert {r["format"] for r in pq.read_table(local_out / "articles", columns=["format"]).to_pylist()} \
        >= {"text", "html"}


def test_batch_stories_are_the_events(corpus: Corpus, local_out: Path) -> None:
    pred = stories_of(local_out)
    assert set(pred) == set(corpus.truth)  # the files, the ranges of large files and the WARC pages
    precision, recall = bcubed(corpus.truth, pred)
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)
    rows = pq.read_table(local_out / "stories.parquet").to_pylist()
    assert [r["story_id"] for r in rows] == list(range(1, len(rows) + 1))
    for r in rows:
        assert r["n_articles"] == len(r["article_ids"]) == len(r["doc_ids"])
        assert r["first"] <= r["last"]


def test_batch_finds_copies_and_repeats(corpus: Corpus, local_out: Path) -> None:
    copies = pq.read_table(local_out / "copies.parquet").to_pylist()
    near = {c["doc_id"]: c["original_doc_id"] for c in copies if c["kind"] == "near"}
    same = {c["doc_id"]: c["original_doc_id"] for c in copies if c["kind"] == "identical"}
    assert same == corpus.repeats
    found = {d: o for d, o in near.items() if corpus.reprints.get(d) == o or corpus.reprints.get(o) == d}
    assert len(found) == len(corpus.reprints), (near, corpus.reprints)
    assert all(0.5 <= c["similarity"] <= 1.0 for c in copies)


def test_batch_errors_name_the_source_and_the_reason(corpus: Corpus, local_out: Path) -> None:
    import duckdb

    rows = duckdb.connect().execute(f"SELECT source, reason FROM '{local_out}/errors/*.parquet'").fetchall()
    by_source = dict(rows)
    broken, empty = corpus.bad_lines
    assert "not valid JSON" in by_source[broken]
    assert "neither a non-empty 'text' nor 'html'" in by_source[empty]
    assert any(s.endswith("notes.bin") for s in by_source)
    summary = json.loads((local_out / "_SUCCESS").read_text("utf-8"))
    assert summary["errors"] == len(rows) == 3


# --- reruns -----------------------------------------------------------------------------------


def test_batch_rerun_skips_finished_partitions(corpus: Corpus, local_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    shutil.copytree(local_out, out)
    parts = sorted((out / "articles").glob("part-*.parquet"))
    assert len(parts) >= 5  # files grouped, the large files cut into ranges
    before = {p.name: p.stat().st_mtime_ns for p in parts}
    options = Options(partition_bytes=PARTITION_BYTES)
    report = run_batch([corpus.folder], out, workers=1, options=options)
    assert report.partitions_done_before == report.partitions == len(parts)
    assert {p.name: p.stat().st_mtime_ns for p in parts} == before  # nothing written again
    assert story_members(out) == story_members(local_out)
    # a partition whose part is gone (a crash before its rename) is processed again, alone
    gone = parts[2]
    gone.unlink()
    report = run_batch([corpus.folder], out, workers=1, options=options)
    assert report.partitions_done_before == len(parts) - 1
    assert gone.exists()
    assert {p.name: p.stat().st_mtime_ns for p in parts if p != gone} == \
        {k: v for k, v in before.items() if k != gone.name}
    assert pq.read_table(gone).equals(pq.read_table(local_out / "articles" / gone.name))
    assert story_members(out) == story_members(local_out)


def test_batch_refuses_an_output_of_other_inputs(corpus: Corpus, local_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    shutil.copytree(local_out, out)
    with pytest.raises(BatchError, match="another batch run's output"):
        run_batch([corpus.folder / "pages"], out, workers=1, options=Options(partition_bytes=PARTITION_BYTES))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine", "utf-8")
    with pytest.raises(BatchError, match="not empty"):
        run_batch([corpus.folder / "pages"], tmp_path / "other", workers=1)
    with pytest.raises(NoInputError, match="no file matches"):
        run_batch([str(tmp_path / "nothing-*.jsonl")], tmp_path / "x", workers=1)


# --- partitions read what the whole file gives -------------------------------------------------


def _read(parts: list) -> list[tuple[str, str]]:
    out = []
    for p in parts:
        for d in read_partition(p):
            out.append((d.id, d.source) if isinstance(d, RawDocument) else ("skipped", d.source))
    return out


@pytest.mark.parametrize(("name", "size"), [("wire.jsonl", 8_000), ("more.jsonl.gz", 8_000),
                                            ("crawl.warc.gz", 1_000)])
def test_batch_ranges_read_as_the_whole_file(corpus: Corpus, name: str, size: int) -> None:
    path = corpus.folder / name
    ranges = index_file(str(path), size)
    assert len(ranges) >= 2 and {r.kind for r in ranges} <= {"jsonl", "jsonl-gz", "warc"}
    whole = [(d.id, d.source) if isinstance(d, RawDocument) else ("skipped", d.source)
             for d in read_inputs([path]) if not (isinstance(d, Skipped) and "no HTML page" in d.reason)]
    assert _read(ranges) == whole


def test_batch_plan_groups_small_files_and_cuts_large_ones(corpus: Corpus) -> None:
    found = expand_inputs([corpus.folder, str(corpus.folder / "pages" / "*.txt"), corpus.folder / "nope"])
    assert len(found.files) == len(set(found.files))
    assert [s.source for s in found.missing] == [str(corpus.folder / "nope")]
    big, small = plan_files(found.files, PARTITION_BYTES)
    assert {Path(f).name for f, _ in big} == {"wire.jsonl", "more.jsonl.gz"}
    assert all(p.kind == "files" for p in small)
    assert sum(len(p.files) for p in small) == len(found.files) - len(big)


def test_batch_window_option() -> None:
    assert window_days("3d") == 3 and window_days("1w") == 7 and window_days("2") == 2
    for bad in ("0d", "three", "-1"):
        with pytest.raises(ConfigError):
            window_days(bad)
    assert window_key("2025-03-04", 3) == window_key("2025-03-05", 3)
    assert window_key(None, 3) == "undated"


# --- into a store -------------------------------------------------------------------------------


def test_load_batch_into_a_store(corpus: Corpus, local_out: Path, tmp_path: Path) -> None:
    from newsprism.corpus import ingest, story_documents

    db = str(tmp_path / "news.db")
    report = load_batch(local_out, db)
    n_stories = pq.read_metadata(local_out / "stories.parquet").num_rows
    assert (report.added, report.new_stories) == (len(corpus.truth), n_stories)
    assert report.copies == len(corpus.reprints)
    with Store.open(db) as store:
        counts = store.counts()
        assert counts == {"articles": len(corpus.truth), "revisions": 0, "duplicates": len(corpus.reprints),
                          "stories": n_stories}
        rows = store.stories(limit=1000)
        by_doc = stories_of(local_out)
        for st in rows:  # each store story is one batch story, whole
            docs = {a.doc_id for a in store.story_articles(st.id)}
            assert len({by_doc[d] for d in docs}) == 1 and len(docs) == st.n_articles
        assert store.search("officials residents")
        states = store.recent_story_states(None, 1000)
        assert len(states) == n_stories and all(state for _, state, _ in states)
    assert story_documents(db, rows[0].id)
    # loading again adds nothing
    again = load_batch(local_out, db)
    assert (again.added, again.new_stories, again.copies) == (0, 0, 0)
    with Store.open(db) as store:
        assert store.counts() == counts
    # a later ingest keeps clustering onto the loaded stories: a new report of event 7 joins its story
    rng = random.Random(99)
    doc = next(d for d, e in corpus.truth.items() if e == 7)
    with Store.open(db) as store:
        target = next(a.story_id for st in store.stories(limit=1000) for a in store.story_articles(st.id)
                      if a.doc_id == doc)
        member = next(a for a in store.story_articles(target))
    names = [w for w in member.text.split() if w[:1].isupper()][:2]
    words = [w for w in member.title.split()[2:4]]
    text = " ".join(f"{names[0]} {words[0]} {words[1]} said {' '.join(rng.sample(FILLER, 6))}."
                    for _ in range(6))
    added = ingest([{"id": "late", "title": member.title, "text": text, "published": member.published}], db)
    assert (added.added, added.new_stories) == (1, 0)
    with Store.open(db) as store:
        assert "late" in {a.doc_id for a in store.story_articles(target)}


def test_load_batch_needs_a_finished_run(tmp_path: Path) -> None:
    with pytest.raises(NoInputError, match="not a finished batch output"):
        load_batch(tmp_path, str(tmp_path / "news.db"))
    assert not (tmp_path / "news.db").exists()


def test_batch_cli_stories_on_the_loaded_store(local_out: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    load_batch(local_out, db)
    result = runner.invoke(app, ["stories", "--db", db, "--json", "--limit", "500"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert len(listed) == pq.read_metadata(local_out / "stories.parquet").num_rows
    assert sum(len(s["articles"]) for s in listed) == pq.read_metadata(local_out / "article_stories.parquet").num_rows


def _double(x: int) -> int:
    return 2 * x


def _cannot_start(embed: bool) -> None:
    from newsprism.errors import ModelMissingError

    raise ModelMissingError("spaCy model 'en_core_web_sm' is not installed")


def test_local_engine_runs_tasks_on_its_workers() -> None:
    from newsprism.batch.local_engine import LocalEngine

    eng = LocalEngine(2, embed=False, initializer=_no_models)
    try:
        assert sorted(o.result for o in eng.run(_double, [(1,), (2,), (3,)])) == [2, 4, 6]
    finally:
        eng.close()


def _no_models(embed: bool) -> None:
    return None


def test_local_engine_worker_that_cannot_start_stops_the_run_with_its_reason() -> None:
    """Not "its worker process died 3 times" for every task: the reason, once."""
    from newsprism.batch.local_engine import LocalEngine, WorkerStartError

    eng = LocalEngine(1, initializer=_cannot_start)
    try:
        with pytest.raises(WorkerStartError, match=r"could not start: ModelMissingError: \[E200\] spaCy model"):
            list(eng.run(_double, [(1,), (2,)]))
    finally:
        eng.close()


def test_load_batch_rebuilds_the_state_of_a_stored_story_it_grows(corpus: Corpus, local_out: Path,
                                                                  tmp_path: Path) -> None:
    """Two reports of an event ingested first (a stored story with its clustering state); the
    batch holds them and the event's other reports: those join the stored story, and its state
    is rebuilt from all its members, so a later ingest scores against the whole story."""
    import struct

    from newsprism.corpus import ingest
    from newsprism.group.stories import _HEAD

    records = [json.loads(line) for name in ("wire.jsonl",) for line in
               (corpus.folder / name).read_text("utf-8").splitlines() if line.startswith('{"id": "e7-')]
    records += [json.loads(line) for line in gzip.open(corpus.folder / "more.jsonl.gz", "rt", encoding="utf-8")
                if line.startswith('{"id": "e7-')]
    first = sorted(records, key=lambda r: r["id"])[:2]
    db = str(tmp_path / "news.db")
    ingest(first, db)
    with Store.open(db) as store:
        (stored,) = [s.id for s in store.stories(limit=10)]
        (before,) = [state for sid, state, _ in store.recent_story_states(None, 10) if sid == stored]
    assert struct.unpack_from(_HEAD, before)[3] == 2  # the state's size: its two members
    report = load_batch(local_out, db)
    assert report.exists == 2
    with Store.open(db) as store:
        members = {a.doc_id for a in store.story_articles(stored)}
        (after,) = [state for sid, state, _ in store.recent_story_states(None, 1000) if sid == stored]
    assert {r["id"] for r in records} <= members  # the event's other reports joined the stored story
    assert struct.unpack_from(_HEAD, after)[3] == len(members) > 2


def _batch_of(tmp_path: Path, records: list[dict[str, str]], workers: int) -> Path:
    """A local batch run of ``records`` (one JSONL file) into ``tmp_path/out``."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    out = tmp_path / "out"
    run_batch([str(src)], str(out), engine="local", workers=workers)
    return out


def test_batch_undated_reports_join_the_stories_of_their_events(tmp_path: Path) -> None:
    """A record without a date (no publication day, no crawl date) belongs to the story of the
    dated reports of its event, as corpus mode would place it, not to a story of the undated."""
    rng = random.Random(11)
    records, truth, undated = [], {}, set()
    for e in range(8):
        names = [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(2)]
        topic = [_word(rng, 3) for _ in range(10)]
        centre = date(2025, 3, 1) + timedelta(days=4 * e)  # eight events in eight windows or so
        for k in range(6):
            title, text = _article(rng, names, topic)
            doc = f"e{e}-a{k}"
            truth[doc] = e
            rec = {"id": doc, "title": title, "text": text, "outlet": OUTLETS[k]}
            if k < 2 and e % 2 == 0:
                undated.add(doc)  # two undated reports of every other event
            else:
                rec["published"] = (centre + timedelta(days=rng.randint(-2, 2))).isoformat()
            records.append(rec)
    rng.shuffle(records)
    out = _batch_of(tmp_path, records, workers=2)
    pred = stories_of(out)
    assert set(pred) == set(truth)
    for doc in undated:
        dated_peers = {pred[d] for d, e in truth.items() if e == truth[doc] and d not in undated}
        assert dated_peers == {pred[doc]}, doc
    precision, recall = bcubed(truth, pred)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_batch_undated_copy_of_an_early_report_is_found(tmp_path: Path) -> None:
    """An undated reprint of a story's first report (not one of the latest reports that stand
    for the story in the undated window) is listed as its copy and put into its story."""
    rng = random.Random(17)
    records, truth = [], {}
    for e in range(3):
        names = [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(2)]
        topic = [_word(rng, 3) for _ in range(10)]
        start = date(2025, 3, 1) + timedelta(days=9 * e)
        for k in range(12):  # twelve dated reports over six days: the first is not among the latest
            title, text = _article(rng, names, topic)
            doc = f"e{e}-a{k}"
            truth[doc] = e
            records.append({"id": doc, "title": title, "text": text, "outlet": OUTLETS[k % len(OUTLETS)],
                            "published": (start + timedelta(days=k // 2)).isoformat()})
    first = records[0]
    paras = first["text"].split("\n\n")
    _, own = _article(rng, [first["title"].split()[0]], [_word(rng, 3) for _ in range(10)])
    reprint = {"id": "reprint", "title": "Wire copy", "outlet": "Wire Reprints",  # no date at all
               "text": "\n\n".join([own.split("\n\n")[0], *paras[1:]])}
    truth["reprint"] = 0
    records.append(reprint)
    rng.shuffle(records)
    out = _batch_of(tmp_path, records, workers=1)
    from newsprism.batch.join import ordered_keys
    from newsprism.batch.windows import story_representatives

    keys = [k for k in ordered_keys([p.name.split("=", 1)[1] for p in (out / "shuffle").glob("window=*")])
            if k != "undated"]
    ids = pq.read_table(out / "articles", columns=["id", "doc_id"]).to_pylist()
    store_id = {r["doc_id"]: r["id"] for r in ids}
    assert store_id["e0-a0"] not in story_representatives(out, keys)  # the case this test is about
    copies = pq.read_table(out / "copies.parquet").to_pylist()
    assert {c["doc_id"]: c["original_doc_id"] for c in copies} == {"reprint": "e0-a0"}
    pred = stories_of(out)
    assert pred["reprint"] == pred["e0-a0"]


def test_undated_halo_is_the_same_whatever_the_index_chunk(tmp_path: Path) -> None:
    """The undated window's halo holds the representatives given and the dated originals of the
    undated copies; the copy index of the undated articles is bounded, and in chunks of 2 it
    finds what one index of all of them finds."""
    from newsprism.batch.windows import _shuffle, undated_halo

    rng = random.Random(23)
    names = ["Ada Lovel", "Bo Tran"]
    records = []
    for k in range(6):
        topic = [_word(rng, 3) for _ in range(10)]
        title, text = _article(rng, names, topic)
        records.append({"id": f"d{k}", "title": title, "text": text, "published": f"2025-03-0{k + 1}"})
        if k % 2 == 0:  # an undated reprint with a new first paragraph
            _, own = _article(rng, names, topic)
            records.append({"id": f"u{k}", "title": "Reprint", "text": "\n\n".join(
                [own.split("\n\n")[0], *text.split("\n\n")[1:]])})
    out = _batch_of(tmp_path, records, workers=1)
    keys = [p.name.split("=", 1)[1] for p in (out / "shuffle").glob("window=*")]
    dated = [k for k in keys if k != "undated"]
    undated = _shuffle(out, ["undated"])
    assert undated.num_rows == 3
    doc_of = {r["id"]: r["doc_id"] for r in pq.read_table(out / "articles", columns=["id", "doc_id"]).to_pylist()}
    store_id = {d: i for i, d in doc_of.items()}

    def halo(chunk: int, keep: set[int]) -> list[str]:
        return sorted(doc_of[i] for i in undated_halo(out, dated, undated, keep, chunk)["id"].to_pylist())

    assert halo(20_000, set()) == ["d0", "d2", "d4"]  # the originals of the three reprints
    assert halo(2, set()) == ["d0", "d2", "d4"]
    assert halo(2, {store_id["d1"], store_id["d2"]}) == ["d0", "d1", "d2", "d4"]  # once each
