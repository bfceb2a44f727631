"""What a clause records for the comparison: who acts (a person's name, not the titles and
appositions around it), the verbs of its claim through a predicate adjective ("willing to
travel"), and whether its claim was made over time ("has repeatedly said")."""

from __future__ import annotations

import pytest

from newsprism import analyze
from newsprism.compare.statements import build_statements

TEXT = ("Kremlin talks\n\n"
        "Dmitry Peskov, spokesman for Kremlin leader Vladimir Putin, has said that a summit is necessary. "
        "Ukrainian President Volodymyr Zelensky called on Putin to meet him in Istanbul on Monday. "
        "Trump has repeatedly said he was willing to travel to Turkey to join the talks. "
        "Trump said on Friday that he would meet Putin soon.")


@pytest.fixture(scope="module")
def statements():
    result = analyze([{"id": "a", "outlet": "Alpha", "published": "2025-05-16", "text": TEXT}], compare=False)
    return {s.text.split()[0] + " " + s.text.split()[1]: s for s in build_statements(result)}


def test_the_actor_is_the_person_not_the_apposition(statements):
    peskov = statements["Dmitry Peskov,"]
    assert peskov.actors == ("dmitry-peskov",)
    assert "vladimir-putin" in peskov.entities  # still mentioned, only not acting
    assert statements["Ukrainian President"].actors == ("volodymyr-zelensky",)


def test_verbs_are_read_through_a_predicate_adjective(statements):
    verbs = dict(statements["Trump has"].verbs)
    assert verbs.get("travel") is False and verbs.get("join") is False


def test_present_perfect_and_repeated_claims_are_marked(statements):
    assert statements["Trump has"].repeated
    assert statements["Dmitry Peskov,"].repeated
    assert not statements["Trump said"].repeated
    assert not statements["Ukrainian President"].repeated


def _statements_of(*sentences: str):
    text = "A story\n\n" + " ".join(sentences)
    return build_statements(analyze([{"id": "a", "outlet": "Alpha", "published": "2025-05-16", "text": text}],
                                    compare=False))


def test_such_a_noun_is_read_with_the_thing_it_stands_for():
    """"Such a summit is certainly necessary" names nothing by itself: it is compared as the
    summit described before it ("a summit between ... and ..."); with no such description in
    reach, it is left as written."""
    sts = _statements_of("The palace said on Friday that a summit between President Alan Brisk and Chancellor "
                         "Eva Lund was essential but needed careful preparation.",
                         'Spokesman Tom Hale said: "Such a summit is certainly necessary."',
                         "Analysts doubt that such a deal will come soon.")
    such = next(s for s in sts if "Such a summit" in s.text)
    assert 'said: "a summit between President Alan Brisk and Chancellor Eva Lund is certainly necessary."' \
        in such.compared
    deal = next(s for s in sts if "such a deal" in s.text)
    assert deal.compared == deal.text  # no deal described before it


def test_a_bare_demonstrative_is_read_like_such_but_not_a_time_or_the():
    sts = _statements_of("A deal between the ports of Odesa, Mykolaiv and Kherson was signed on Friday.",
                         "Officials said this deal would hold this week.", "Traders said the deal came late.")
    this = next(s for s in sts if "this deal" in s.text)
    # the list of ports is kept whole; "this week" is a time, left as written
    assert this.compared == ("Officials said a deal between the ports of Odesa, Mykolaiv and Kherson "
                             "would hold this week.")
    the = next(s for s in sts if "the deal" in s.text)
    assert the.compared == the.text  # "the deal" is not read with an antecedent
