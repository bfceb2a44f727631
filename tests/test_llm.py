"""The optional LLM summary: citations kept or the extractive summary is used."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from newsprism.model import SummarySentence
from newsprism.tell.llm import LLMConfig, llm_summarizer, parse_cited

BASE = [SummarySentence("Talks were held in Oslo.", ("a", "b"), ("f1",)),
        SummarySentence("A swap of 100 prisoners was agreed.", ("b",), ("f2",)),
        SummarySentence("The next round is due in June.", ("c",), ("f3",))]


def test_llm_parse_maps_fact_numbers_to_articles():
    out = parse_cited("Delegations met in Oslo [1]. They agreed a swap [2][3]. An unsupported claim.", BASE)
    assert [(s.text, s.citations) for s in out] == [
        ("Delegations met in Oslo.", ("a", "b")),
        ("They agreed a swap.", ("b", "c")),
    ]


def test_llm_parse_rejects_unknown_fact_numbers():
    assert parse_cited("Something happened [7].", BASE) == []


class _Fake(BaseHTTPRequestHandler):
    answer = ""
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server API)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Fake.seen.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        data = json.dumps({"choices": [{"message": {"content": _Fake.answer}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server():
    httpd = HTTPServer(("127.0.0.1", 0), _Fake)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    _Fake.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def test_llm_summary_keeps_citations_from_a_real_endpoint(seeds_dir, server):
    from newsprism import analyze

    _Fake.answer = ("The Kremlin said a Trump-Putin meeting needs preparation [1]. "
                    "Talks took place in Istanbul [2]. A further round was planned [3]. No source here.")
    result = analyze([seeds_dir], summarizer=llm_summarizer(LLMConfig(server, "test-model", "k3y")))
    summary = result.narrative.summary
    assert [s.text for s in summary][:3] == ["The Kremlin said a Trump-Putin meeting needs preparation.",
                                            "Talks took place in Istanbul.", "A further round was planned."]
    assert len(summary) == 3 and all(s.citations for s in summary)
    req = _Fake.seen[0]
    assert req["path"] == "/v1/chat/completions" and req["body"]["model"] == "test-model"
    assert req["auth"] == "Bearer k3y" and "[1]" in req["body"]["messages"][0]["content"]


def test_llm_summary_falls_back_when_citations_are_missing(seeds_dir, seeds_analysis, server):
    from newsprism import analyze

    _Fake.answer = "A fluent summary that cites nothing. Another uncited sentence."
    result = analyze([seeds_dir], summarizer=llm_summarizer(LLMConfig(server, "m")))
    assert result.narrative.summary == seeds_analysis.narrative.summary


def test_llm_summary_falls_back_when_the_endpoint_is_down(seeds_dir, seeds_analysis):
    from newsprism import analyze

    result = analyze([seeds_dir], summarizer=llm_summarizer(LLMConfig("http://127.0.0.1:9", "m")))
    assert result.narrative.summary == seeds_analysis.narrative.summary
