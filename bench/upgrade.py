"""One-time upgrade of a store written with an earlier features format: articles/s.

    python bench/upgrade.py [--n 5000] [--no-embed]

Builds a store by ingesting the first N NeuS train excerpts (third-party text read from
``../shared``, written to a temporary folder), marks every stored features blob as the
previous format (version 3; the upgrade recomputes everything whatever the blobs hold), then
times :func:`newsprism.corpus.upgrade_features`: features computed again from the stored text
(with the embedding unless ``--no-embed``), the corpus term counts and the live stories' state,
in one transaction.  Prints a line, then one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))
NEUS = SHARED / "eval-data" / "neus_allsides" / "data" / "naacl2022_lrc_roundup_random_order_probe" / "train.source"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="articles in the store")
    ap.add_argument("--no-embed", action="store_true", help="features without the sentence embedding")
    args = ap.parse_args(argv)
    if not NEUS.exists():
        sys.exit(f"NeuS data not found at {NEUS}")
    from newsprism.corpus import ingest, upgrade_features
    from newsprism.embed import load_encoder
    from newsprism.store import Store

    rows = []
    for n, line in enumerate(NEUS.read_text("utf-8").splitlines()):
        for k, part in enumerate(line.split(" [SEP] ")):
            title, _, body = part.partition(" ARTICLE=> ")
            if body.strip():
                rows.append({"id": f"n{n}-{k}", "title": title.replace("TITLE=>", "").strip(), "text": body})
        if len(rows) >= args.n:
            break
    embed = not args.no_embed
    with tempfile.TemporaryDirectory() as tmp:
        src, db = Path(tmp) / "in.jsonl", str(Path(tmp) / "news.db")
        src.write_text("".join(json.dumps(r) + "\n" for r in rows[:args.n]), "utf-8")
        t0 = time.perf_counter()
        report = ingest([src], db, embed=embed)
        ingest_s = time.perf_counter() - t0
        con = sqlite3.connect(db)
        old = [(blob[:4] + (3).to_bytes(2, "little") + blob[6:], aid)
               for aid, blob in con.execute("SELECT id, features FROM articles WHERE features IS NOT NULL")]
        con.executemany("UPDATE articles SET features = ? WHERE id = ?", old)
        con.commit()
        con.close()
        encoder = load_encoder() if embed else None
        with Store.open(db) as store:
            t0 = time.perf_counter()
            done = upgrade_features(store, encoder)
            upgrade_s = time.perf_counter() - t0
    out = {"articles": report.added, "upgraded": done, "embedding": embed,
           "ingest_s": round(ingest_s, 2), "ingest_per_s": round(report.added / ingest_s, 1),
           "upgrade_s": round(upgrade_s, 2), "upgrade_per_s": round(done / upgrade_s, 1)}
    print(f"{done} articles upgraded in {upgrade_s:.1f} s ({out['upgrade_per_s']}/s; the ingest that"
          f" stored them: {out['ingest_per_s']}/s, 2 worker processes)")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
