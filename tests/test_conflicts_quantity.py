"""Issue 22, item 5: a number conflict needs the same measured thing (same noun and modifiers,
same scope, same time); a part, a subtotal or a figure of another day is not one."""

from __future__ import annotations

from newsprism.compare.conflicts import find_conflicts, measure_words, rounded_alike
from newsprism.compare.statements import measure_scope
from newsprism.model import Fact, Statement, Variant


def st(article: str, text: str, numbers: tuple[tuple[float, str], ...],
       dates: tuple[str, ...] = ()) -> Statement:
    return Statement(id=f"{article}:s1", article=article, start=0, end=len(text), text=text,
                     sentence=0, numbers=numbers, dates=dates)


def kinds(a: Statement, b: Statement) -> list[str]:
    fact = Fact("f1", a.text, "corroborated", (a.article, b.article),
                (Variant(a.article, a.id, a.text, 0, 1), Variant(b.article, b.id, b.text, 0, 1)), 2)
    return [c.kind for c in find_conflicts([fact], {a.id: a, b.id: b})]


def test_the_scope_of_an_amount_is_the_phrase_after_it():
    text = "The Pentagon will take $3.6 billion from military construction projects, officials said."
    end = text.index("billion") + len("billion")
    assert measure_scope(text, end, len(text)) == "from military construction projects"
    text = "The White House plans to move $8 billion to build the wall."
    end = text.index("billion") + len("billion")
    assert measure_scope(text, end, len(text)) == ""  # a purpose, not what the money is of


def test_a_part_of_a_total_is_no_conflict():
    total = st("a", "The White House plans to move $8 billion to build the border wall.",
               ((8e9, "usd"),))
    part = st("b", "The White House will move $3.6 billion from military construction projects to the wall.",
              ((3.6e9, "usd from military construction projects"),))
    assert kinds(total, part) == []
    # and said as a total against a plain figure of the same noun
    a = st("a", "Officials said 1,000 prisoners were freed in total.", ((1000, "prisoners"),))
    b = st("b", "Officials said 390 prisoners were freed on Friday.", ((390, "prisoners"),))
    assert kinds(a, b) == []


def test_different_modifiers_are_different_measures():
    assert measure_words("military construction projects") != measure_words("projects")
    a = st("a", "Officials said 1,000 Ukrainian prisoners were freed.", ((1000, "ukrainian prisoners"),))
    b = st("b", "Officials said 2,000 prisoners were freed.", ((2000, "prisoners"),))
    assert kinds(a, b) == []


def test_the_same_measure_on_other_days_is_no_conflict():
    a = st("a", "The deal was worth $5 billion, the company said.", ((5e9, "usd"),), ("2019-02-15",))
    b = st("b", "The deal was worth $6 billion, the company said.", ((6e9, "usd"),), ("2019-03-01",))
    assert "number" not in kinds(a, b)  # (the two days may still be a date conflict)


def test_the_same_measure_with_different_values_is_still_a_conflict():
    a = st("a", "The deal was worth $5 billion, the company said.", ((5e9, "usd"),), ("2019-02-15",))
    b = st("b", "The deal was worth $6 billion, the company said.", ((6e9, "usd"),), ("2019-02-15",))
    assert kinds(a, b) == ["number"]
    a = st("a", "Officials said 1,000 prisoners were exchanged.", ((1000, "prisoners"),))
    b = st("b", "Officials said 2,000 prisoners were exchanged.", ((2000, "prisoners"),))
    assert kinds(a, b) == ["number"]


def test_a_figure_rounded_by_one_outlet_is_no_conflict():
    """Outlets round: "1.4 million people" is "1,434,000 people" rounded, and "$8 billion" is
    "$8.2 billion"; "1.45 million" is not "1.4 million" rounded, nor "1,200" "1,000"."""
    def claims(a: float, b: float) -> list[str]:
        return kinds(st("a", "New jobless claims were filed last week.", ((a, "people"),)),
                     st("b", "New jobless claims were filed last week.", ((b, "people"),)))

    assert claims(1.4e6, 1_434_000) == []
    assert claims(8e9, 8.2e9) == []
    assert claims(1.45e6, 1.4e6) == ["number"]
    assert claims(1000, 1200) == ["number"]
    assert claims(2019, 2020) == ["number"]  # three significant digits: not a round figure
    assert rounded_alike(1_434_000, 1.4e6) and not rounded_alike(10_503, 10_000)  # 5% at most


def test_a_total_and_one_part_reported_by_two_outlets_do_not_conflict_end_to_end():
    from newsprism import analyze

    lead = "President Trump declared a national emergency at the border on Friday. "
    docs = [{"id": "a", "outlet": "Alpha", "published": "2019-02-15", "text": "Emergency\n\n" + lead +
             "The White House plans to move $8 billion to build the border wall, officials said on Friday."},
            {"id": "b", "outlet": "Beta", "published": "2019-02-15", "text": "Emergency\n\n" + lead +
             "The White House plans to move $3.6 billion from military construction projects to build "
             "the border wall, officials said on Friday."}]
    comparison = analyze(docs).comparison
    assert not [c for c in comparison.conflicts if c.kind == "number"]
    assert not [f for f in comparison.facts if f.status == "conflicting"]
