"""Corpus mode end to end: ingest into a store, re-ingest, revisions, copies, crashes, CLI."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.corpus import STAGES, ingest, story_documents
from newsprism.report.json import schema
from newsprism.store import Store

from .conftest import EVAL_DATA, SEEDS

runner = CliRunner()
POLNEAR_TEXT = EVAL_DATA / "polnear" / "data" / "dev" / "text"


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    db = str(tmp_path_factory.mktemp("corpus") / "news.db")
    report = ingest([seeds_dir], db)
    assert report.added == 5 and not report.skipped
    return db


def test_seeds_ingest_into_one_story(seeded_db: str) -> None:
    with Store.open(seeded_db) as s:
        stories = s.stories()
        assert len(stories) == 1
        st = stories[0]
        assert st.n_articles == 5
        assert (st.first, st.last) == ("2025-05-13", "2025-05-16")  # 004's URL date .. 001's byline
        assert "The Moscow Times" in st.outlets
        assert st.title  # the first titled article names the story


def test_reingest_adds_nothing(seeded_db: str, seeds_dir: Path) -> None:
    with Store.open(seeded_db) as s:
        before = s.counts()
    report = ingest([seeds_dir], seeded_db)
    assert (report.added, report.exists, report.new_stories) == (0, 5, 0)
    with Store.open(seeded_db) as s:
        assert s.counts() == before


def test_changed_article_is_a_revision_and_copies_are_linked(tmp_path: Path, seeds_dir: Path) -> None:
    db = str(tmp_path / "n.db")
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(seeds_dir.glob("*.txt"))[:3]:
        shutil.copy(p, src / p.name)
    ingest([src], db)
    # a corrected version of 002 under the same name, and a wire reprint of 000 by another site
    p002 = next(src.glob("002*.txt"))
    p002.write_text(p002.read_text("utf-8").replace("Istanbul", "İstanbul (Türkiye)", 1) + "\n\nUpdated.\n", "utf-8")
    p000 = next(src.glob("000*.txt"))
    reprint = p000.read_text("utf-8").split("\n")
    (src / "reprint.txt").write_text("\n".join(["Reprinted from the wire"] + reprint[1:]), "utf-8")
    report = ingest([src], db)
    assert (report.revisions, report.duplicates) == (1, 1)
    with Store.open(db) as s:
        c = s.counts()
        assert (c["articles"], c["revisions"], c["duplicates"]) == (5, 1, 1)  # rows: 002 twice
        [story] = s.stories()
        assert story.n_articles == 4  # the latest revision of each
        rows = s.story_articles(story.id)
        copy = next(r for r in rows if r.doc_id == "reprint")
        original = next(r for r in rows if r.id == copy.duplicate_of)
        assert original.doc_id.startswith("000")
        assert "İstanbul (Türkiye)" in next(r for r in rows if r.doc_id.startswith("002")).text
        sid = story.id
    docs = story_documents(db, sid)
    assert sorted(d.id[:3] for d in docs) == ["000", "001", "002"]  # the copy is not analyzed twice
    by_id = {d.id[:3]: d for d in docs}
    assert [c.id for c in by_id["000"].copies] == ["reprint"] and not by_id["001"].copies
    assert by_id["000"].copies[0].similarity is not None and by_id["000"].copies[0].similarity > 0.5

    # the story's reports show the copy with its original, as "also published by"
    out = tmp_path / "story"
    res = runner.invoke(app, ["story", str(sid), "--db", db, "--json", str(out) + ".json",
                              "--html", str(out) + ".html"], env={"COLUMNS": "120"})
    assert res.exit_code == 0, res.output
    assert "also published by: reprint" in res.output
    doc = json.loads((tmp_path / "story.json").read_text("utf-8"))
    jsonschema.validate(doc, schema())
    original = next(a for a in doc["articles"] if a["id"].startswith("000"))
    assert [c["id"] for c in original["also_published_by"]] == ["reprint"]
    assert all(a["also_published_by"] == [] for a in doc["articles"] if a is not original)
    page = (tmp_path / "story.html").read_text("utf-8")
    assert page.count('class="copies"') == 1 and 'Also published by: <span title="Reprinted from the wire">reprint</span>' in page


def test_bad_records_are_reported_and_the_rest_stored(tmp_path: Path, seeds_dir: Path) -> None:
    feed = tmp_path / "mixed.jsonl"
    text = next(seeds_dir.glob("001*.txt")).read_text("utf-8")
    feed.write_text(json.dumps({"id": "good", "text": text}) + "\n{not json\n" + json.dumps({"id": "empty", "text": ""})
                    + "\n", "utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    db = str(tmp_path / "n.db")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db])
    assert result.exit_code == 3, result.output
    assert "mixed.jsonl:2" in result.output and "binary.txt" in result.output
    with Store.open(db) as s:
        assert s.counts()["articles"] == 1


def test_cli_stories_story_and_search(seeded_db: str, tmp_path: Path) -> None:
    out = runner.invoke(app, ["stories", "--db", seeded_db, "--json"])
    assert out.exit_code == 0, out.output
    [st] = json.loads(out.output)
    assert set(st) == {"id", "title", "first", "last", "outlets", "articles", "doc_ids", "unattributed",
                       "undated"}
    assert len(st["articles"]) == 5
    # the ids the user gave the articles (here the seed files' names), in the order of the store ids
    assert sorted(st["doc_ids"]) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    # only seed 004 names its outlet (its URL): the other four are counted, not hidden
    assert st["outlets"] == ["The Moscow Times"] and st["unattributed"] == 4
    # only 001 (its dateline) and 004 (its URL) give a date at ingest; the span is theirs, marked
    assert (st["first"], st["last"], st["undated"]) == ("2025-05-13", "2025-05-16", 3)
    table = runner.invoke(app, ["stories", "--db", seeded_db], env={"COLUMNS": "120"}).output
    assert "The Moscow Times + 4 unknown" in table and "2025-05-13 – 05-16 *" in table
    assert "* span of the dated articles; `newsprism story ID` dates the others where it can" in table
    assert table.splitlines()[0].strip() == "1 story"
    assert json.loads(runner.invoke(app, ["stories", "--db", seeded_db, "--json", "--since", "2025-06-01"]).output) == []
    assert len(json.loads(runner.invoke(app, ["stories", "--db", seeded_db, "--json", "--query", "prisoners"]).output)) == 1
    assert json.loads(runner.invoke(app, ["stories", "--db", seeded_db, "--json", "--query", "volcano"]).output) == []
    none = runner.invoke(app, ["stories", "--db", seeded_db, "--query", "volcano", "--since", "2025-05-01"])
    assert none.exit_code == 0 and none.output.strip() == "no stories match --since '2025-05-01' --query 'volcano'"
    assert runner.invoke(app, ["search", "volcano", "--db", seeded_db]).output.strip() == "no articles match 'volcano'"
    five = runner.invoke(app, ["stories", "--db", seeded_db, "--json", "--min-articles", "5"]).output
    assert [s["id"] for s in json.loads(five)] == [st["id"]]
    six = runner.invoke(app, ["stories", "--db", seeded_db, "--min-articles", "6"]).output
    assert six.strip() == "no stories match --min-articles 6"
    # a month or a year is the day it starts on; what is not a date is said so, not an empty list
    assert len(json.loads(runner.invoke(app, ["stories", "--db", seeded_db, "--json", "--since", "2025-05"]).output)) == 1
    assert json.loads(runner.invoke(app, ["stories", "--db", seeded_db, "--json", "--since", "2026"]).output) == []
    bad = runner.invoke(app, ["stories", "--db", seeded_db, "--since", "last week"])
    assert bad.exit_code == 1 and "'last week' is not a date" in bad.output and "Traceback" not in bad.output
    typo = str(Path(seeded_db).with_name("nwes.db"))
    for cmd in (["stories"], ["search", "talks"], ["story", "1"]):
        res = runner.invoke(app, [*cmd, "--db", typo])
        assert res.exit_code == 1 and "no such store" in res.output and "Traceback" not in res.output, res.output
    assert not Path(typo).exists()
    empty = runner.invoke(app, ["search", " ? ", "--db", seeded_db])
    assert empty.exit_code == 1 and "no words to look for" in empty.output

    hits = json.loads(runner.invoke(app, ["search", "prisoner exchange", "--db", seeded_db, "--json"]).output)
    assert hits and all("[" in h["snippet"] for h in hits)

    report = tmp_path / "story.json"
    res = runner.invoke(app, ["story", str(st["id"]), "--db", seeded_db, "--json", str(report), "-q"])
    assert res.exit_code == 0, res.output
    doc = json.loads(report.read_text("utf-8"))
    assert sorted(a["id"][:3] for a in doc["articles"]) == ["000", "001", "002", "003", "004"]
    assert doc["facts"] and doc["summary"]

    missing = runner.invoke(app, ["story", "999", "--db", seeded_db])
    assert missing.exit_code == 1 and "no story 999" in missing.output and "Traceback" not in missing.output
    with Store.open(seeded_db) as store, store.atomic() as conn:  # an id that a later merge retired
        gone = store.new_story(conn, title="Bridged", first=None, last=None, state=None)
        store.merge_stories(conn, st["id"], gone)
    merged = runner.invoke(app, ["story", str(gone), "--db", seeded_db])
    assert merged.exit_code == 1 and f"merged into story {st['id']}" in merged.output, merged.output


def test_stories_mark_a_span_only_when_some_articles_are_undated(tmp_path: Path) -> None:
    text = ("Floodwaters rose along the Danube in Passau on Monday, and the city closed its old town "
            "as the river crested above nine metres. Residents were evacuated from riverside streets.")
    rows = [{"id": "a", "text": text, "title": "Danube floods Passau", "published": "2024-06-03"},
            {"id": "b", "text": text.replace("nine", "9"), "title": "Passau under water",
             "published": "2024-06-04"}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    db = str(tmp_path / "n.db")
    ingest([src], db)
    [st] = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).output)
    assert (st["first"], st["last"], st["undated"]) == ("2024-06-03", "2024-06-04", 0)
    table = runner.invoke(app, ["stories", "--db", db], env={"COLUMNS": "120"}).output
    assert "2024-06-03 – 06-04" in table and "*" not in table and "dated articles" not in table


def test_ingest_feed_and_warc_inputs(tmp_path: Path) -> None:
    from .test_ingest_feeds import ATOM, RSS, build_warc

    (tmp_path / "world.rss").write_text(RSS, "utf-8")
    (tmp_path / "wire.atom").write_text(ATOM, "utf-8")
    (tmp_path / "crawl.warc.gz").write_bytes(build_warc(True))
    db = str(tmp_path / "n.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "world.rss"), str(tmp_path / "wire.atom"),
                                 str(tmp_path / "crawl.warc.gz"), "--db", db])
    assert result.exit_code in (0, 3), result.output  # entries without text are reported, the rest stored
    with Store.open(db) as s:
        rows = [s.article(i) for st in s.stories(limit=500) for i in st.articles]
    by_input = {(Path(r.source.split("#")[0]).name, r.url) for r in rows}
    assert ("world.rss", "https://dailyplanet.example/world/2025/talks-istanbul") in by_input
    assert ("wire.atom", "https://planetwire.example/2025/talks") in by_input
    assert ("crawl.warc.gz", "https://planet.example/world/talks") in by_input
    assert not any(url == "https://planet.example/missing" for _, url in by_input)  # a 404 is no article
    assert "feed entry has no text" in result.output


def _corpus_jsonl(path: Path, n: int) -> int:
    texts = sorted(POLNEAR_TEXT.glob("*.txt"))
    if not texts:
        pytest.skip(f"PolNeAR texts not found under {POLNEAR_TEXT}")
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            t = texts[i % len(texts)].read_text("utf-8")
            f.write(json.dumps({"id": f"a{i}", "text": f"Edition {i}.\n\n{t}", "published": "2016-03-01"}) + "\n")
    return n


def _processes_using(db: str) -> list[int]:
    found = []
    for d in Path("/proc").glob("[0-9]*"):
        try:
            if db.encode() in (d / "cmdline").read_bytes():
                found.append(int(d.name))
        except OSError:
            continue
    return found


def test_sigkill_mid_ingest_leaves_a_consistent_store_and_rerun_completes(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    n = _corpus_jsonl(src, 400)
    db = str(tmp_path / "n.db")
    cmd = [sys.executable, "-m", "newsprism", "ingest", str(src), "--db", db, "--batch", "40", "-q"]
    env = {**os.environ, "NEWSPRISM_PROGRESS_LINES": "1"}
    child = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env)
    assert child.stderr is not None
    stages = None
    for line in child.stderr:
        if line.startswith("progress "):
            mark = json.loads(line[9:])
            stages = mark["stages"]  # where the ingesting process spent its time (bench/ingest.py)
            if mark["done"] >= 120:
                os.kill(child.pid, signal.SIGKILL)
                break
    assert stages is not None and set(stages) == set(STAGES)
    assert stages["cluster"] > 0 and stages["write"] > 0 and sum(stages.values()) < mark["seconds"]
    child.wait(timeout=120)
    assert child.returncode == -signal.SIGKILL
    # its worker processes die with it
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _processes_using(db):
        time.sleep(0.2)
    assert not _processes_using(db)

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 120 <= stored < n and stored % 40 == 0  # whole batches only
    # every stored article sits in a live story whose count and state match
    assert con.execute("SELECT COUNT(*) FROM articles WHERE story_id IS NULL").fetchone()[0] == 0
    bad = con.execute("SELECT COUNT(*) FROM stories s WHERE s.merged_into IS NULL AND s.n_articles != "
                      "(SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id)").fetchone()[0]
    assert bad == 0
    con.close()

    again = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    with Store.open(db) as s:
        c = s.counts()
        assert c["articles"] == n and c["revisions"] == 0
        ids = sorted(s.article(i).doc_id for st in s.stories(limit=10_000) for i in st.articles)
    assert ids == sorted(f"a{i}" for i in range(n))


def test_a_second_ingest_into_the_same_store_is_refused_not_interleaved(tmp_path: Path, seeds_dir: Path) -> None:
    """While one ingest runs (here: a child process holding the store's ingest lock), another
    one into the same store stops at once with a clear error and writes nothing."""
    db = str(tmp_path / "n.db")
    with Store.open(db):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from newsprism.store import Store\n"
                               "with Store.open(sys.argv[1]) as s, s.ingest_lock():\n"
                               "    print('locked', flush=True); time.sleep(60)", db],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        res = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db])
        said = " ".join(res.output.split())  # (the console wraps long lines)
        assert res.exit_code == 1, res.output
        assert "another `newsprism ingest` is writing to this store" in said
        assert f"pid {holder.pid}" in said and "Traceback" not in said
        with Store.open(db) as s:
            assert s.counts()["articles"] == 0
    finally:
        holder.kill()
        holder.wait()
    # the lock dies with its holder (SIGKILL): the next ingest runs
    res = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert ("5 read: 5 added, 0 revisions, 0 already stored, 0 copies linked; 1 new story, 0 merged, "
            "0 articles moved; 0 skipped") in res.output


def test_moves_between_stories_keep_the_stored_stories_consistent(tmp_path: Path) -> None:
    """NeuS triplets in small batches: the refinement moves articles, and every stored story's
    count, days and title follow its articles; quality is checked from the store itself."""
    path = EVAL_DATA / "neus_allsides" / "data" / "naacl2022_lrc_roundup_random_order_probe" / "train.source"
    if not path.exists():
        pytest.skip(f"NeuS data not found at {path}")
    rows, gold = [], {}
    for n, line in enumerate(path.read_text("utf-8").splitlines()[:200]):
        for k, part in enumerate(line.split(" [SEP] ")):
            title, _, body = part.partition(" ARTICLE=> ")
            if body.strip():  # (a few excerpts are empty)
                rows.append({"id": f"n{n}-{k}", "title": title.replace("TITLE=>", "").strip(), "text": body,
                             "published": f"2020-01-{1 + (n * 3 + k) % 7:02d}"})
            gold[f"n{n}-{k}"] = n
    random.Random(1).shuffle(rows)
    src = tmp_path / "neus.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = str(tmp_path / "m.db")
    report = ingest([src], db, batch_size=60, workers=1)
    assert report.added == len(rows) and report.moved > 0

    con = sqlite3.connect(db)
    live = con.execute("SELECT id, title, first, last, n_articles FROM stories WHERE merged_into IS NULL").fetchall()
    for sid, title, first, last, count in live:
        arts = con.execute("SELECT id, title, published FROM articles WHERE story_id = ? ORDER BY id",
                           (sid,)).fetchall()
        assert count == len(arts) > 0
        assert (first, last) == (min(a[2] for a in arts), max(a[2] for a in arts))
        assert title == arts[0][1]
    assert con.execute("SELECT COUNT(*) FROM articles a JOIN stories s ON a.story_id = s.id "
                       "WHERE s.merged_into IS NOT NULL").fetchone()[0] == 0
    placed = con.execute("SELECT doc_id, story_id FROM articles").fetchall()
    con.close()
    # pairwise precision / recall of the stored stories against the triplets
    same = [(gold[a] == gold[b], s == t) for i, (a, s) in enumerate(placed) for b, t in placed[:i]]
    tp = sum(g and p for g, p in same)
    precision, recall = tp / sum(p for _, p in same), tp / sum(g for g, _ in same)
    assert precision > 0.65 and recall > 0.6, (precision, recall)


def _neus_rows() -> list[dict[str, str]]:
    path = EVAL_DATA / "neus_allsides" / "data" / "naacl2022_lrc_roundup_random_order_probe" / "train.source"
    if not path.exists():
        pytest.skip(f"NeuS data not found at {path}")
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines()[200:300]):
        for k, part in enumerate(line.split(" [SEP] ")):
            title, _, body = part.partition(" ARTICLE=> ")
            if body.strip():
                rows.append({"id": f"n{n}-{k}", "title": title.replace("TITLE=>", "").strip(), "text": body})
    random.Random(2).shuffle(rows)
    return rows[:240]


def test_a_resumed_ingest_places_articles_exactly_as_one_run(tmp_path: Path) -> None:
    """Two runs (the second resuming from the store: stories' state, recent articles, corpus
    term counts) give the same stories as one run over the same batches."""
    rows = _neus_rows()
    first, second, whole = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "all.jsonl"
    for f, part in ((first, rows[:120]), (second, rows[120:]), (whole, rows)):
        f.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    ingest([whole], one, batch_size=40, workers=1)
    ingest([first], two, batch_size=40, workers=1)
    report = ingest([second], two, batch_size=40, workers=1)
    assert report.added == 120

    def partition(db: str) -> set[frozenset[str]]:
        with Store.open(db) as s:
            return {frozenset(s.article(i).doc_id for i in st.articles) for st in s.stories(limit=10_000)}

    assert partition(one) == partition(two)
    with Store.open(one) as a, Store.open(two) as b:
        assert a.term_counts() == b.term_counts()
        n, df = a.term_counts()
        assert n == len(rows) and max(df.values()) < n


def _age_store(db: str) -> None:
    """Make a store look written by the previous features format: every term id different
    (version 4 changed the stemmer), counts and story states made from those ids."""
    from dataclasses import replace

    from newsprism.group.features import DocFeatures
    from newsprism.group.stories import StoryClusterer

    con = sqlite3.connect(db)
    old = StoryClusterer()
    counts: dict[int, int] = {}
    rows = con.execute("SELECT id, features, story_id FROM articles ORDER BY id").fetchall()
    for aid, blob, sid in rows:
        f = DocFeatures.from_bytes(blob)
        ids = f.terms ^ np.uint32(0x5A5A5A5A)
        order = np.argsort(ids)
        g = replace(f, terms=ids[order], weights=f.weights[order], idf=f.idf[order] if f.idf is not None else None)
        b = bytearray(g.to_bytes())
        b[4:6] = (3).to_bytes(2, "little")
        con.execute("UPDATE articles SET features = ? WHERE id = ?", (bytes(b), aid))
        for t in g.terms.tolist():
            counts[t] = counts.get(t, 0) + 1
        old.seed(sid, aid, g)
    con.execute("DELETE FROM term_df")
    con.executemany("INSERT INTO term_df (term, df) VALUES (?, ?)", [(-1, len(rows)), *counts.items()])
    for sid in old.live_stories():
        con.execute("UPDATE stories SET state = ? WHERE id = ?", (old.state_bytes(sid), sid))
    con.commit()
    con.close()


def test_a_store_of_the_previous_features_format_is_upgraded_once_and_whole(tmp_path: Path) -> None:
    """Resuming on a store whose features predate the stemmer change recomputes them, the
    term counts and the stories' state, in one transaction: the second run then places its
    articles exactly as one run of this version does (without the upgrade, none of the old
    term ids would match a new article's)."""
    from newsprism.corpus import outdated_features, upgrade_features

    rows = _neus_rows()
    first, second, whole = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "all.jsonl"
    for f, part in ((first, rows[:120]), (second, rows[120:]), (whole, rows)):
        f.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    ingest([whole], one, batch_size=40, workers=1, embed=False)
    ingest([first], two, batch_size=40, workers=1, embed=False)
    _age_store(two)
    with Store.open(two) as s:
        assert outdated_features(s) == 3
        before = s.term_counts()
    report = ingest([second], two, batch_size=40, workers=1, embed=False)
    assert report.added == 120
    with Store.open(one) as a, Store.open(two) as b:
        assert a.term_counts() == b.term_counts() != before
        assert outdated_features(b) is None and upgrade_features(b) == 0  # once
        parts = [{frozenset(s.article(i).doc_id for i in st.articles) for st in s.stories(limit=10_000)}
                 for s in (a, b)]
    assert parts[0] == parts[1]


def test_the_cli_says_when_it_upgrades_an_older_store(tmp_path: Path, seeds_dir: Path) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    db = str(tmp_path / "n.db")
    assert runner.invoke(app, ["ingest", str(seeds[0]), str(seeds[1]), "--db", db, "-q"]).exit_code == 0
    _age_store(db)
    out = runner.invoke(app, ["ingest", str(seeds[2]), "--db", db]).output
    assert "written by an earlier newsprism (grouping features v3)" in out
    assert "recomputed the grouping features of 2 articles" in out
    again = runner.invoke(app, ["ingest", str(seeds[3]), "--db", db]).output
    assert "earlier newsprism" not in again  # once
