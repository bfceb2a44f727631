"""How far a negation reaches in a clause's verbs (``annotate.clauses``), and when two outlets'
verbs of opposite polarity are a conflict (``compare.conflicts``): read on NeuS stories where the
polarity conflicts reported were false."""

from __future__ import annotations

import pytest

from newsprism.annotate import clauses
from newsprism.annotate.nlp import load_nlp
from newsprism.compare.conflicts import find_conflicts
from newsprism.model import Fact, Statement, Variant


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def verbs(nlp, text: str) -> dict[str, bool]:
    doc = nlp(text)
    root = next(t for t in doc if t.dep_ == "ROOT")
    return dict(clauses._claim_verbs(root, 0, len(doc)))


def test_a_negation_spans_verbs_joined_by_or(nlp):
    said = verbs(nlp, 'The governor said his plan for the bridge has "never changed or evolved," '
                      "pushing back on his own adviser.")
    assert said["change"] is True and said["evolve"] is True
    assert said["push"] is False
    # "and" does not carry it: he did not pay, and he left
    assert verbs(nlp, "He did not pay the bill and left the restaurant.") == {"pay": True, "leave": False}


def test_a_negation_does_not_reach_a_clause_hung_under_a_later_verb(nlp):
    """The parser can hang a quote's first clauses under its last verb; "you can't get under"
    does not deny the building."""
    said = verbs(nlp, 'The mayor said: "We\'re building a wall in Utah, we\'re building a great wall, '
                      'a big one that really works, that you can\'t get over, you can\'t get under."')
    assert said["build"] is False and said["get"] is True
    # a complement after its verb still takes the negation: "did not say that he would go"
    assert verbs(nlp, "The mayor did not say that he would go.")["go"] is True


def _st(article: str, n: int, text: str, verbs: tuple[tuple[str, bool], ...]) -> Statement:
    return Statement(id=f"{article}:s{n}", article=article, start=10 * n, end=10 * n + 9, text=text,
                     sentence=n, verbs=verbs)


def test_an_outlet_that_gives_both_polarities_does_not_contradict_the_other():
    """ "He hasn't been invited or spoken to the president" against an outlet whose headline has
    "he's barely spoken to the president" and whose quote has "I don't believe I've spoken with
    him": that outlet says both, so the two do not disagree; with the quote left out they do."""
    a = _st("a", 1, "He said he hasn't been invited to the palace or spoken to the president since March.",
            (("say", False), ("invite", True), ("speak", True)))
    b1 = _st("b", 1, "He said that he's barely spoken to the president since the March inauguration.",
             (("say", False), ("speak", False)))
    b2 = _st("b", 2, "I don't believe I've spoken with him since he was sworn in, he said.",
             (("believe", True), ("speak", True), ("say", False)))

    def conflicts(*sts: Statement) -> list[str]:
        fact = Fact("f1", a.text, "corroborated", ("a", "b"),
                    tuple(Variant(s.article, s.id, s.text, s.start, s.end) for s in sts), 2)
        return [c.kind for c in find_conflicts([fact], {s.id: s for s in sts})]

    assert conflicts(a, b1, b2) == []
    assert conflicts(a, b1) == ["polarity"]
