"""Feed polling for `newsprism serve --feeds FILE --every 15m` (issue 23).

A :class:`Poller` reads a list of RSS/Atom feeds every ``every_s`` seconds in a daemon thread
and pours their new entries into the store through :func:`newsprism.corpus.ingest`, the path
of ``newsprism ingest FEED_URL --db DB [--fetch]``: the same cleaning, copy links and story
clustering, one transaction per batch, under the store's ingest lock.

One poll, feed by feed:

1. the feed itself is downloaded (always: the user listed it) with a short timeout and a size
   limit; an HTTP error, a connection failure or a body that is no RSS/Atom feed is recorded
   as that feed's error (and logged), and the other feeds go on;
2. its entries are read (:func:`newsprism.ingest.feed.read_feed`); an entry this poller has
   already ingested, with the same title and feed text, is skipped without fetching anything,
   so a poll every 15 minutes does not download every article page again;
3. with ``fetch`` on, the pages of the new entries only are fetched (full articles, as
   ``--fetch`` does); an entry whose page could not be fetched is stored with the feed's own
   text and tried again on the next polls (up to ``PAGE_RETRIES`` times: a page that comes
   back then is stored as a revision of it);
4. the new entries of all feeds go to one :func:`~newsprism.corpus.ingest` call, which skips
   what the store already holds (content hashes), so a restarted server stores nothing twice.

When another ingest holds the store's lock (an article being added from the web page, a
`newsprism ingest` run), the poll waits for it (up to ``lock_wait_s``), then records the
store as busy and leaves its entries for the next poll.  Nothing that goes wrong in a poll
ends the thread.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..corpus import IngestReport, ingest
from ..errors import ConfigError, NewsprismError, NoInputError, StoreError
from ..ingest.feed import DEFAULT_MAX_BYTES, http_fetcher, read_feed
from ..model import RawDocument, Skipped
from ..store import Store

__all__ = ["Poller", "parse_every", "read_feeds_file"]

log = logging.getLogger(__name__)

# seconds to download one feed (connect, read) and at most 4x that in all (a dripping server)
FEED_TIMEOUT = 10.0
# seconds a poll waits for another ingest to release the store's ingest lock before it
# records the store as busy (its entries are then tried again on the next poll)
LOCK_WAIT_S = 120.0
# times an entry whose article page could not be fetched is tried again on later polls
PAGE_RETRIES = 3
# reasons of skipped entries kept per feed in a report
MAX_REASONS = 20
# new articles listed (id, title, story) in a report
MAX_LISTED = 200
# what the store says when another ingest holds its lock (store/backends.py)
_BUSY = re.compile(r"another `newsprism ingest` is writing|ingest lock", re.I)
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$", re.I)
_UNITS = {"": 1.0, "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
          "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
          "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
          "d": 86400.0, "day": 86400.0, "days": 86400.0}


# --- settings --------------------------------------------------------------------------

def parse_every(text: str) -> float:
    """``--every``: seconds between polls, from ``"30s"``, ``"15m"``, ``"1h"``, ``"1.5h"``,
    ``"1d"`` or a bare number of seconds (``"90"``).  A value that is not such a duration,
    or is not more than 0, is a :class:`ValueError` saying what is accepted."""
    m = _EVERY.match(text or "")
    unit = m.group(2).lower() if m else ""
    if m is None or unit not in _UNITS:
        raise ValueError(f"--every {text!r}: expected a duration such as 30s, 15m, 1h or a number "
                         "of seconds (units: s, m, h, d)")
    seconds = float(m.group(1)) * _UNITS[unit]
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"--every {text!r}: the time between polls must be more than 0 seconds")
    return seconds


def read_feeds_file(path: str | Path) -> list[str]:
    """The feed URLs of ``--feeds FILE``: one URL a line; blank lines and lines starting with
    ``#`` are skipped, a URL listed twice is polled once.  A line that is not an http(s) URL,
    a file that cannot be read or that lists no feed is a :class:`ConfigError` naming the
    file (and the line)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"--feeds {p}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"--feeds {p}: not a UTF-8 text file ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"--feeds {p}: cannot read it ({exc.strerror or exc})") from None
    feeds: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not _is_http_url(line):
            shown = line if len(line) <= 80 else line[:77] + "..."
            raise ConfigError(f"--feeds {p}, line {number}: {shown!r} is not an http:// or https:// "
                              "URL (one feed URL a line; # starts a comment line)")
        if line not in feeds:
            feeds.append(line)
    if not feeds:
        raise ConfigError(f"--feeds {p}: lists no feed URL (one http(s) URL a line)")
    return feeds


def _is_http_url(value: str) -> bool:
    if any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _iso(ts: float | None) -> str | None:
    """A Unix time as UTC ISO seconds (``2025-05-16T09:30:00Z``), the store's clock format."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- one feed ----------------------------------------------------------------------------

class FeedError(Exception):
    """A feed that could not be read this time; the message is the reason shown to the user."""


def download_feed(url: str, timeout: float = FEED_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The feed's bytes, or a :class:`FeedError` saying why not (HTTP status, connection,
    timeout, size)."""
    import httpx

    deadline = time.monotonic() + 4 * timeout
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=5,
                          headers={"User-Agent": "newsprism/0.1 (feed poller of newsprism serve)",
                                   "Accept": "application/rss+xml,application/atom+xml,"
                                             "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"}
                          ) as client, client.stream("GET", url) as response:
            if response.status_code != 200:
                phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
                raise FeedError(f"HTTP {response.status_code}{phrase}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FeedError(f"feed is {int(declared):,} bytes, over the limit of {max_bytes:,}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FeedError(f"feed is over the limit of {max_bytes:,} bytes")
                if time.monotonic() > deadline:
                    raise FeedError(f"feed took over {4 * timeout:.0f} s to download")
            return bytes(body)
    except httpx.TimeoutException:
        raise FeedError(f"timed out after {timeout:.0f} s") from None
    except httpx.TooManyRedirects:
        raise FeedError("too many redirects") from None
    except httpx.HTTPError as exc:
        raise FeedError(f"cannot download it ({type(exc).__name__}: {exc})") from None


def _fingerprint(doc: RawDocument) -> str:
    """What makes an entry new again: its title and its text in the feed."""
    h = hashlib.sha1()
    for part in (doc.meta.get("title", ""), doc.text):
        h.update(part.encode("utf-8", "replace"))
        h.update(b"\0")
    return h.hexdigest()


def _fetched(doc: RawDocument) -> bool:
    """Whether the entry's text is its full article page (or it has no page to fetch)."""
    return doc.meta.get("body") == "fetched page" or not doc.meta.get("url")


# --- the poller --------------------------------------------------------------------------

class Poller:
    """Polls ``feeds`` every ``every_s`` seconds and ingests their new entries into ``db``.

    ``fetch``: fetch each new entry's full article page (else the feed's own text is stored).
    ``embed``: cluster with sentence embeddings (as ``newsprism ingest`` does; off only makes
    tests faster).  ``lock_wait_s``: how long a poll waits for another ingest's lock.
    ``download``: fetches one feed (tests may pass their own; default :func:`download_feed`).

    :meth:`start` polls at once and then every ``every_s`` seconds in a daemon thread;
    :meth:`stop` returns at once (within a second) even while a poll runs: the poll stops
    before its next feed or its ingest.  :meth:`poll_once` runs one poll in the caller's
    thread (polls never overlap: a second waits for the first).  :meth:`status` says what
    the poller is doing, for the app's page and API.
    """

    def __init__(self, db: str, feeds: list[str], every_s: float, fetch: bool, *,
                 embed: bool = True, lock_wait_s: float = LOCK_WAIT_S,
                 download: Callable[[str], bytes] | None = None) -> None:
        if not (every_s > 0 and math.isfinite(every_s)):
            raise ValueError(f"every_s={every_s!r}: the time between polls must be more than 0 seconds")
        self.db = db
        self.feeds = list(dict.fromkeys(feeds))
        self.every_s = float(every_s)
        self.fetch = fetch
        self.embed = embed
        self.lock_wait_s = lock_wait_s
        self._download = download or download_feed
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._poll_lock = threading.Lock()  # one poll at a time
        self._state = threading.Lock()  # guards the fields below
        self._seen: dict[tuple[str, str], str] = {}  # (feed, entry id) -> fingerprint ingested
        self._page_tries: dict[tuple[str, str], int] = {}  # entries stored without their page
        self._polling = False
        self._polls = 0
        self._last_started: float | None = None
        self._last_finished: float | None = None
        self._next: float | None = None
        self._last_report: dict[str, Any] | None = None
        self._errors: dict[str, dict[str, Any]] = {}  # feed -> {error, since, at, failures}

    # --- thread ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start polling in a daemon thread: a poll at once, then one every ``every_s`` seconds."""
        with self._state:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._next = time.time()
            self._thread = threading.Thread(target=self._run, name="newsprism-feed-poller", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 0.5) -> None:
        """Stop polling; returns within ``timeout`` seconds (half a second by default).  A poll under way stops before its
        next feed or ingest (an ingest batch already writing finishes in the daemon thread)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        with self._state:
            self._next = None

    def _stopping(self) -> bool:
        """Whether the poll running in this thread should stop: :meth:`stop` was called and
        this is the polling thread (a :meth:`poll_once` called directly runs to its end)."""
        return self._stop.is_set() and threading.current_thread() is self._thread

    @property
    def running(self) -> bool:
        t = self._thread
        return t is not None and t.is_alive() and not self._stop.is_set()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.time()
            try:
                self.poll_once()
            except Exception:  # poll_once records what it can; never let the thread die
                log.exception("feed poll failed")
            if self._stop.is_set():
                break
            due = max(started + self.every_s, time.time())
            with self._state:
                self._next = due
            if self._stop.wait(max(0.0, due - time.time())):
                break

    # --- one poll -------------------------------------------------------------------------
    def poll_once(self) -> dict[str, Any]:
        """Poll every feed once and ingest their new entries; the report of the poll:

        ``started``/``finished`` (UTC ISO), ``seconds``, ``feeds`` ({url: {entries, new,
        known, skipped, reasons, added, stories, error}}), the ingest's ``added``,
        ``revisions``, ``exists`` (the store held the text already), ``duplicates`` (copies of
        stored articles), ``new_stories``, ``known`` (entries skipped as already ingested by
        this poller), ``skipped`` (entries that could not be read), ``stories`` (ids of the
        stories the new articles joined), ``articles`` ([{id, title, story, feed}]) and
        ``errors`` ({url or "store": reason})."""
        with self._poll_lock:
            started = time.time()
            with self._state:
                self._polling = True
                self._last_started = started
            try:
                report = self._poll(started)
            except Exception as exc:  # a bug or an unexpected store failure: recorded, not raised
                log.exception("feed poll failed")
                report = _empty_report(started, self.feeds)
                report["errors"]["store"] = f"{type(exc).__name__}: {exc}"
            finished = time.time()
            report["finished"] = _iso(finished)
            report["seconds"] = round(finished - started, 3)
            with self._state:
                self._polling = False
                self._polls += 1
                self._last_finished = finished
                self._last_report = report
            return report

    def _poll(self, started: float) -> dict[str, Any]:
        report = _empty_report(started, self.feeds)
        batch: list[RawDocument] = []
        marks: list[tuple[tuple[str, str], str, bool]] = []  # (key, fingerprint, page fetched)
        for feed in self.feeds:
            if self._stopping():
                report["errors"][feed] = "not polled: the poller was stopped"
                break
            entry = report["feeds"][feed]
            try:
                docs = self._read(feed, entry)
            except FeedError as exc:
                self._failed(feed, str(exc), entry, report)
                continue
            except Exception as exc:  # a reader bug must not stop the other feeds
                log.exception("reading feed %s failed", feed)
                self._failed(feed, f"{type(exc).__name__}: {exc}", entry, report)
                continue
            self._succeeded(feed)
            for doc, fp in docs:
                batch.append(doc)
                marks.append(((feed, doc.id), fp, _fetched(doc)))
        report["known"] = sum(f["known"] for f in report["feeds"].values())
        report["skipped"] = sum(f["skipped"] for f in report["feeds"].values())
        if not batch:
            return report
        if self._stopping():
            report["errors"]["store"] = "not ingested: the poller was stopped"
            return report
        result = self._ingest(batch, report)
        if result is None:
            return report
        report.update({k: v for k, v in result.as_dict().items()
                       if k in ("added", "exists", "revisions", "duplicates", "new_stories", "merged_stories")})
        report["skipped"] += len(result.skipped)
        for s in result.skipped[:MAX_REASONS]:
            feed = s.source.split("#", 1)[0]
            if feed in report["feeds"]:
                report["feeds"][feed]["reasons"].append(f"{s.source}: {s.reason}")
        self._remember(marks)
        self._joined(batch, report)
        return report

    def _read(self, feed: str, entry: dict[str, Any]) -> list[tuple[RawDocument, str]]:
        """The feed's entries this poller has not ingested yet (their pages fetched when
        ``fetch`` is on), with their fingerprints."""
        data = self._download(feed)
        docs, problem = _entries(read_feed(data, feed, url=feed), feed, entry)
        if problem is not None:
            raise FeedError(problem)
        entry["entries"] = len(docs) + entry["skipped"]
        fresh: dict[str, str] = {}
        for d in docs:
            key = (feed, d.id)
            fp = _fingerprint(d)
            with self._state:
                known = self._seen.get(key) == fp and key not in self._page_tries
            if known:
                entry["known"] += 1
            else:
                fresh[d.id] = fp
        entry["new"] = len(fresh)
        if not fresh:
            return []
        if not self.fetch:
            return [(d, fresh[d.id]) for d in docs if d.id in fresh]
        links = {d.meta["url"] for d in docs if d.id in fresh and d.meta.get("url")}
        with http_fetcher() as fetcher:
            def only_new(url: str) -> bytes | None:
                if self._stopping() or url not in links:
                    return None
                return fetcher(url)

            full, _ = _entries(read_feed(data, feed, url=feed, fetch=only_new), feed,
                               {"skipped": 0, "reasons": []})
        return [(d, fresh[d.id]) for d in full if d.id in fresh]

    def _ingest(self, batch: list[RawDocument], report: dict[str, Any]) -> IngestReport | None:
        """One ingest of the poll's new entries; waits for another ingest's lock up to
        ``lock_wait_s``.  ``None`` (and the reason in ``report["errors"]["store"]``) when it
        could not run."""
        give_up = time.monotonic() + self.lock_wait_s
        pause = 0.25
        report["first_id"] = self._newest_id()
        while True:
            try:
                return ingest(batch, self.db, fetch=False, embed=self.embed, workers=1)
            except NoInputError as exc:  # every entry was refused (too long, say)
                report["errors"]["store"] = exc.message
                return None
            except StoreError as exc:
                if not _BUSY.search(exc.message) or time.monotonic() >= give_up or self._stopping():
                    why = exc.message
                    if _BUSY.search(why):
                        why += f" (waited {self.lock_wait_s:.0f} s; the entries are tried again on the next poll)"
                    log.warning("feed poll: %s", why)
                    report["errors"]["store"] = why
                    return None
            except NewsprismError as exc:
                log.warning("feed poll: %s", exc.message)
                report["errors"]["store"] = exc.message
                return None
            if threading.current_thread() is self._thread:
                self._stop.wait(pause)
            else:
                time.sleep(pause)
            if self._stopping():
                report["errors"]["store"] = "not ingested: the poller was stopped"
                return None
            pause = min(pause * 2, 2.0)

    def _newest_id(self) -> int:
        """The id of the newest article in the store before the ingest (0: no store yet)."""
        try:
            with Store.open(self.db, create=False) as store:
                newest = store.recent_features(1)
        except NewsprismError:
            return 0
        return newest[0][0] if newest else 0

    def _joined(self, batch: list[RawDocument], report: dict[str, Any]) -> None:
        """The stored rows of the poll's new entries and the stories they joined."""
        first = report.pop("first_id", 0)
        new = report["added"] + report["revisions"]
        if not new:
            return
        sources = {d.source: d for d in batch}
        try:
            with Store.open(self.db, create=False) as store:
                recent = [i for i, _, _ in store.recent_features(new + 100) if i > first]
                rows = [r for r in store.articles(sorted(recent)) if r.source in sources]
        except NewsprismError as exc:
            log.warning("feed poll: cannot read back the new articles: %s", exc.message)
            return
        stories: dict[int, None] = {}
        listed: list[dict[str, Any]] = []
        for r in rows:
            feed = r.source.split("#", 1)[0]
            if feed in report["feeds"]:
                report["feeds"][feed]["added"] += 1
                if r.story_id is not None and r.story_id not in report["feeds"][feed]["stories"]:
                    report["feeds"][feed]["stories"].append(r.story_id)
            if r.story_id is not None:
                stories[r.story_id] = None
            if len(listed) < MAX_LISTED:
                listed.append({"id": r.id, "doc_id": r.doc_id, "title": r.title, "url": r.url,
                               "story": r.story_id, "feed": feed})
        report["stories"] = sorted(stories)
        report["articles"] = listed

    def _remember(self, marks: list[tuple[tuple[str, str], str, bool]]) -> None:
        """Entries ingested: not read again unless their text in the feed changes; one whose
        page could not be fetched is tried again on the next ``PAGE_RETRIES`` polls."""
        with self._state:
            for key, fp, fetched in marks:
                self._seen[key] = fp
                if not self.fetch or fetched:
                    self._page_tries.pop(key, None)
                    continue
                tries = self._page_tries.get(key, 0) + 1
                if tries > PAGE_RETRIES:
                    self._page_tries.pop(key, None)
                else:
                    self._page_tries[key] = tries

    def _failed(self, feed: str, reason: str, entry: dict[str, Any], report: dict[str, Any]) -> None:
        log.warning("feed %s: %s", feed, reason)
        entry["error"] = reason
        report["errors"][feed] = reason
        now = _iso(time.time())
        with self._state:
            old = self._errors.get(feed)
            self._errors[feed] = {"error": reason, "at": now,
                                  "since": old["since"] if old else now,
                                  "failures": (old["failures"] if old else 0) + 1}

    def _succeeded(self, feed: str) -> None:
        with self._state:
            self._errors.pop(feed, None)

    # --- status ---------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """``running`` (the thread polls), ``polling`` (a poll is under way), ``feeds``,
        ``every_s``, ``fetch``, ``polls`` (done since start), ``last_poll`` (UTC ISO start of
        the last finished poll), ``last_finished``, ``next_poll`` (UTC ISO, ``None`` when not
        running), ``last_report`` (see :meth:`poll_once`) and ``errors`` ({feed: {error, at,
        since, failures}}: feeds whose last poll failed)."""
        with self._state:
            last = self._last_report
            return {
                "running": self.running,
                "polling": self._polling,
                "feeds": list(self.feeds),
                "every_s": self.every_s,
                "fetch": self.fetch,
                "polls": self._polls,
                "last_poll": last["started"] if last else None,
                "last_finished": _iso(self._last_finished),
                "next_poll": _iso(self._next) if self.running else None,
                "last_report": last,
                "errors": {k: dict(v) for k, v in self._errors.items()},
            }


def _empty_report(started: float, feeds: list[str]) -> dict[str, Any]:
    return {"started": _iso(started), "finished": None, "seconds": 0.0,
            "feeds": {f: {"entries": 0, "new": 0, "known": 0, "skipped": 0, "reasons": [],
                          "added": 0, "stories": [], "error": None} for f in feeds},
            "added": 0, "revisions": 0, "exists": 0, "duplicates": 0, "new_stories": 0,
            "merged_stories": 0, "known": 0, "skipped": 0, "stories": [], "articles": [],
            "errors": {}}


def _entries(items: Any, feed: str, entry: dict[str, Any]) -> tuple[list[RawDocument], str | None]:
    """A feed's documents, its skipped entries counted in ``entry``, and the reason the feed
    as a whole could not be read (``None``: it could; a feed without entries is no error)."""
    docs: list[RawDocument] = []
    problem: str | None = None
    for item in items:
        if isinstance(item, RawDocument):
            docs.append(item)
        elif isinstance(item, Skipped):
            if item.source == feed:  # the feed itself, not one entry
                if item.reason == "feed has no entries":
                    continue
                if not docs:
                    problem = item.reason
                    continue
            entry["skipped"] += 1
            if len(entry["reasons"]) < MAX_REASONS:
                entry["reasons"].append(f"{item.source}: {item.reason}")
    return docs, problem
