"""News domains and the outlet names behind them (``data/outlets.tsv``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Outlet:
    domain: str
    name: str
    kind: str  # outlet | agency | photo
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def outlet_table() -> dict[str, Outlet]:
    """Domain -> Outlet, from the shipped table."""
    table: dict[str, Outlet] = {}
    text = resources.files("newsprism").joinpath("data/outlets.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        domain, name, kind, aliases = (line.split("\t") + ["", "", ""])[:4]
        table[domain.lower()] = Outlet(domain.lower(), name, kind or "outlet",
                                       tuple(a for a in aliases.split("|") if a))
    return table


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Outlet]:
    out: dict[str, Outlet] = {}
    for o in outlet_table().values():
        for n in (o.name, *o.aliases):
            out.setdefault(_name_key(n), o)
    return out


def _name_key(name: str) -> str:
    key = re.sub(r"[^\w/]+", " ", name.lower()).strip()
    return re.sub(r"^the ", "", key)


def outlet_by_name(name: str) -> Outlet | None:
    """The outlet a name or alias stands for ("Anadolu" -> Anadolu Agency), if known."""
    return _by_name().get(_name_key(name))


@lru_cache(maxsize=1)
def _extractor():  # type: ignore[no-untyped-def]
    import tldextract

    # offline: no suffix-list download, no cache directory
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str) -> str | None:
    host = urlsplit(url if "//" in url else "//" + url).hostname
    if not host:
        return None
    ext = _extractor()(host)
    top = ext.top_domain_under_public_suffix if hasattr(ext, "top_domain_under_public_suffix") \
        else ext.registered_domain
    return (top or host).lower()


def _host(url: str) -> str:
    return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().removeprefix("www.")


def table_outlet(url: str) -> tuple[str, str] | None:
    """``(outlet name, evidence)`` when the URL's domain is in the outlet table, else None."""
    table = outlet_table()
    parts = _host(url).split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in table:
            return table[candidate].name, f"domain {candidate} of the article URL (outlet table)"
    return None


def outlet_for_url(url: str) -> tuple[str, str] | None:
    """``(outlet name, evidence)`` for a URL: the table's name, else the registered domain."""
    host = _host(url)
    if not host:
        return None
    if known := table_outlet(host):
        return known
    domain = registered_domain(host)
    if domain:
        return domain, f"registered domain {domain} of the article URL (not in the outlet table)"
    return None
