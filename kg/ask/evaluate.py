"""Score the question answerer on a bank: precision, recall and F1 per language and category,
false yes / false no, and answers outside the review (an answer item no claim supports).

``python -m kg.ask.evaluate [--bank competency|blind] [--split heldout] [--store DESCRIPTOR]``
prints the table; ``--baseline`` adds plain lexical retrieval (top claims by BM25, answers =
their subjects and objects, as many as the answerer gave) so the answerer's gain shows as a
number; ``--failures`` lists what each question missed. Expected answers come from the banks;
this module only compares.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg import queries
from kg.ask import AskAnswer, ask
from kg.ask.answers import Builder
from kg.ask.banks import BANKS, BankQuestion, normalise_id
from kg.ask.facts import Facts
from kg.ask.model import Interpretation
from kg.namespaces import compact
from kg.paths import DEFAULT_BUILD_DIR
from kg.read.entity_list import per_store
from kg.read.text_index import index_for
from kg.store import Store, open_store


@dataclass(slots=True)
class Score:
    questions: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_yes: int = 0
    false_no: int = 0
    outside: int = 0
    passed: int = 0

    def add(self, other: Score) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r else None


@dataclass(slots=True)
class Result:
    score: Score
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


@per_store
def supported_pairs(store: Store) -> frozenset[tuple[str, str]]:
    """(claim, entity) for every entity a claim uses or cites: what evidence can back."""
    rows = store.select(queries.load("eval_support")).rows
    return frozenset((compact(r["claim"].value), normalise_id(compact(r["entity"].value)))
                     for r in rows)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 0.05


def score(q: BankQuestion, a: AskAnswer, support: frozenset[tuple[str, str]]) -> Result:
    """Compare one answer with its question's expectation."""
    s = Score(questions=1)
    problems: list[str] = []
    got_ids = {normalise_id(x.id) for x in a.answers if x.value is None}
    got_values = [x.value for x in a.answers if x.value is not None]
    want = set(q.expected)
    s.tp = len(got_ids & want)
    s.fp = len(got_ids - want)
    s.fn = len(want - got_ids) + len(q.unmapped)
    if want - got_ids or q.unmapped:
        problems.append(f"missing {sorted(want - got_ids) + q.unmapped}")
    if q.values:
        hit = [v for v in q.values if any(_close(v, g) for g in got_values)]
        s.tp += len(hit)
        s.fn += len(q.values) - len(hit)
        if len(hit) < len(q.values):
            problems.append(f"missing values {[v for v in q.values if v not in hit]}")
    s.fp += sum(not any(_close(g, v) for v in q.values) for g in got_values)
    if q.no_answer and a.answers:
        problems.append(f"answered {[x.id for x in a.answers]} where the review does not say")
    if q.boolean is not None and a.boolean is not q.boolean:
        problems.append(f"boolean {a.boolean}, expected {q.boolean}")
        s.false_yes += a.boolean is True
        s.false_no += q.boolean is True
    if q.change is not None and (a.computation is None or not _close(a.computation.result,
                                                                     q.change)):
        problems.append(f"change {a.computation and a.computation.result}, expected {q.change}")
    if q.inferred and not all(x.inferred and x.inferred_from for x in a.answers):
        problems.append("answers not labelled inferred with their chain")
    for x in a.answers:
        backed = x.inferred_from is not None or any(
            (ev.claim, normalise_id(x.id)) in support for ev in x.evidence)
        if x.value is not None:
            backed = bool(x.evidence)
        if not backed:
            s.outside += 1
            problems.append(f"{x.id} is not backed by its evidence")
    s.passed = int(not problems)
    return Result(s, problems)


Answerer = Callable[[Store, str], AskAnswer]
Table = dict[str, dict[str, Score]]


def retrieval(store: Store, question: str, count: int) -> AskAnswer:
    """The baseline: the claims SQLite FTS5 ranks highest for the question (BM25 over their
    quotes and the labels and synonyms of their entities, as the answerer's recall floor
    uses), answers = their subjects and objects in rank order, cut at ``count``; yes when it
    finds anything, which is what retrieval without reading would say."""
    facts = Facts(store)
    builder = Builder(facts, "zh" if re.search(r"[\u4e00-\u9fff]", question) else "en")
    found = index_for(store).claims(question, limit=50)
    for cid, _ in found:
        if len(builder.answers) >= count:
            break
        c = facts.claim(cid)
        for e in (c.subject, c.object):
            if len(builder.answers) < count:
                builder.from_claim(e, cid)
    answers = list(builder.answers.values())
    interp = Interpretation("retrieval", builder.language, question)
    return AskAnswer(question, interp, facts.runs, answers, bool(found))


def evaluate(store: Store, questions: Iterable[BankQuestion], answerer: Answerer = ask,
             baseline: bool = False) -> tuple[Table, Table]:
    """Scores summed by language, by category, by language and category, and by split; and
    the retrieval baseline's at the answerer's answer count per question (empty unless
    ``baseline``)."""
    table: Table = defaultdict(lambda: defaultdict(Score))
    base: Table = defaultdict(lambda: defaultdict(Score))
    support = supported_pairs(store)
    for q in questions:
        a = answerer(store, q.question)
        results = [(table, score(q, a, support))]
        if baseline:
            results.append((base, score(q, retrieval(store, q.question, len(a.answers)),
                                        support)))
        for t, r in results:
            for axis, key in (("lang", q.lang), ("lang", "all"), ("category", q.category),
                              ("lang-category", f"{q.lang} {q.category}"),
                              ("split", q.split)):
                t[axis][key].add(r.score)
    return table, base


def _f(x: float | None) -> str:
    return f"{x:.2f}" if x is not None else "n/a"


def format_table(table: dict[str, dict[str, Score]], axes: tuple[str, ...] = (
        "lang", "category", "split")) -> str:
    lines = ["| by | group | questions | passed | precision | recall | F1 | false yes | "
             "false no | outside the review |", "|---|---|---|---|---|---|---|---|---|---|"]
    for axis in axes:
        for key, s in sorted(table.get(axis, {}).items()):
            lines.append(f"| {axis} | {key} | {s.questions} | {s.passed} | {_f(s.precision)} | "
                         f"{_f(s.recall)} | {_f(s.f1)} | {s.false_yes} | {s.false_no} | "
                         f"{s.outside} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=f"oxigraph:{DEFAULT_BUILD_DIR / 'store'}")
    parser.add_argument("--bank", choices=sorted(BANKS), default="competency")
    parser.add_argument("--split", default=None, help="Only this split (dev, heldout, ...).")
    parser.add_argument("--failures", action="store_true", help="List the failing questions.")
    parser.add_argument("--baseline", action="store_true",
                        help="Also score plain lexical retrieval at equal answer counts.")
    parser.add_argument("--by-category", action="store_true",
                        help="Also break down by language and category.")
    args = parser.parse_args(argv)
    store = open_store(args.store)
    questions = [q for q in BANKS[args.bank]() if args.split in (None, q.split)]
    axes = ("lang", "category", "lang-category", "split") if args.by_category else (
        "lang", "category", "split")
    table, base = evaluate(store, questions, baseline=args.baseline)
    print(format_table(table, axes))
    if args.baseline:
        print("\nRetrieval baseline (top BM25 claims, their subjects and objects, as many "
              "answers per question as the answerer gave):\n")
        print(format_table(base, axes))
    if args.failures:
        support = supported_pairs(store)
        for q in questions:
            r = score(q, ask(store, q.question), support)
            if r.problems or r.score.fp:
                print(f"{q.id}: {q.question} -> {'; '.join(r.problems) or 'ok'} "
                      f"(fp {r.score.fp})")


if __name__ == "__main__":
    main()


__all__ = ["Result", "Score", "evaluate", "format_table", "retrieval", "score",
           "supported_pairs"]
