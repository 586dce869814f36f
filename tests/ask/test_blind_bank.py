"""The blind banks (``examples/blind/``: questions written by three people who saw only the
review, each bank split into dev and held-out before the answerer was changed for it) run on
the real build.

What is asserted is what must hold on every split: no "yes" where the review does not say
so, no answer that no claim backs, and more found than plain retrieval finds at the same
number of answers. The precision and recall figures are printed (and reported in the issue);
dev floors catch a slide. The held-out part is never tuned on: it is only run here.
"""

from __future__ import annotations

import pytest

from kg.ask.banks import blind
from kg.ask.evaluate import evaluate, format_table
from kg.store import Store

pytestmark = pytest.mark.slow


def test_the_bank_is_blind_bilingual_and_split() -> None:
    qs = blind()
    assert len(qs) >= 200 and {q.split for q in qs} == {"dev", "heldout", "dev-c", "heldout-c", "dev-d", "heldout-d", "dev-e", "heldout-e", "dev-f", "heldout-f"}
    for split in ("dev", "heldout", "dev-c", "heldout-c", "dev-e", "heldout-e"):
        part = [q for q in qs if q.split == split]
        assert sum(q.lang == "en" for q in part) >= 20 and sum(q.lang == "zh" for q in part) >= 20
        assert sum(q.boolean is False for q in part) >= 4  # honest "no" questions


@pytest.mark.parametrize("split", ["dev", "heldout", "dev-c", "heldout-c", "dev-e", "heldout-e"])
def test_restraint_and_gain_over_retrieval(store: Store, split: str) -> None:
    qs = [q for q in blind() if q.split == split]
    table, base = evaluate(store, qs, baseline=True)
    ours, plain = table["lang"]["all"], base["lang"]["all"]
    print(f"\n{split}\n" + format_table(table) + "\nretrieval baseline\n" + format_table(base))
    assert ours.outside == 0
    assert ours.f1 is not None and plain.f1 is not None and ours.f1 > plain.f1
    assert ours.false_yes < plain.false_yes
    if split == "dev":  # tuned on: floors just under what was measured
        assert ours.false_yes == 0 and ours.false_no == 0
        assert ours.precision is not None and ours.precision >= 0.5
        assert ours.recall is not None and ours.recall >= 0.62


@pytest.mark.parametrize("split", ["dev-d", "heldout-d", "dev-f", "heldout-f"])
def test_yes_no_bank_never_says_yes_without_a_claim(store: Store, split: str) -> None:
    # banks D and F are yes/no only: retrieval "says yes" whenever it finds anything, so it finds
    # the true half by construction and its F1 is no bar; what must hold is the restraint
    qs = [q for q in blind() if q.split == split]
    table, base = evaluate(store, qs, baseline=True)
    ours, plain = table["lang"]["all"], base["lang"]["all"]
    print(f"\n{split}\n" + format_table(table) + "\nretrieval baseline\n" + format_table(base))
    assert ours.outside == 0 and ours.false_yes == 0 < plain.false_yes
    assert sum(q.boolean is True for q in qs) >= 10 and sum(q.boolean is False for q in qs) >= 10
