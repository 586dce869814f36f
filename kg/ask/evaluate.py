"""Score the question answerer against ``examples/questions.yaml``: precision and recall by
intent and by language, yes/no accuracy, and restraint (unanswerable questions left empty).

Expected answers in the YAML are written from the review's text; this module only compares.
``python -m kg.ask.evaluate [--store oxigraph:build/store] [--questions FILE]`` prints the table.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.ask import AskAnswer, ask
from kg.paths import DEFAULT_BUILD_DIR
from kg.store import Store, open_store

QUESTIONS = Path(__file__).resolve().parents[2] / "examples" / "questions.yaml"


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    passed: bool = True
    problems: str = ""


def load_questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return data


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 0.05


def score(q: dict[str, Any], a: AskAnswer) -> Score:
    """Compare one answer with its expectation (answer ids, or values for numbers)."""
    s = Score()
    problems = []
    if "values" in q:
        got = [x.value for x in a.answers if x.value is not None]
        want = [float(v) for v in q["values"]]
        s.tp = sum(any(_close(w, g) for g in got) for w in want)
        s.fn = len(want) - s.tp
        s.fp = sum(not any(_close(w, g) for w in want) for g in got)
    elif "expected" in q or q.get("no_answer"):  # a bare yes/no is scored on its boolean only
        got_ids = {x.id.removeprefix("ldh:") for x in a.answers}
        want_ids = set(q.get("expected") or [])
        s.tp, s.fp, s.fn = (len(got_ids & want_ids), len(got_ids - want_ids),
                            len(want_ids - got_ids))
        if s.fn:
            problems.append(f"missing {sorted(want_ids - got_ids)}")
    if s.fn and "values" in q:
        problems.append("missing values")
    if q.get("no_answer") and a.answers:
        problems.append(f"answered {[x.id for x in a.answers]} where the review does not say")
    if "boolean" in q and a.boolean is not q["boolean"]:
        problems.append(f"boolean {a.boolean}, expected {q['boolean']}")
    if "change" in q and (a.computation is None or not _close(a.computation.result, q["change"])):
        problems.append(f"change {a.computation and a.computation.result}, expected {q['change']}")
    if q.get("inferred") and not all(x.inferred and x.inferred_from for x in a.answers):
        problems.append("answers not labelled inferred with their chain")
    s.passed, s.problems = not problems, "; ".join(problems)
    return s


def evaluate(store: Store, questions: list[dict[str, Any]]) -> dict[str, dict[str, Score]]:
    """Scores summed by intent and by language (and overall)."""
    table: dict[str, dict[str, Score]] = {
        "intent": defaultdict(Score), "lang": defaultdict(Score), "set": defaultdict(Score)}
    for q in questions:
        s = score(q, ask(store, q["question"]))
        axes = (("intent", q["intent"]), ("lang", q["lang"]), ("lang", "all"),
                ("set", q.get("set", "development")))
        for axis, key in axes:
            agg = table[axis][key]
            agg.tp, agg.fp, agg.fn = agg.tp + s.tp, agg.fp + s.fp, agg.fn + s.fn
            agg.problems += "x" if not s.passed else "."
    return table


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def format_table(table: dict[str, dict[str, Score]]) -> str:
    lines = ["| by | group | questions | passed | precision | recall |",
             "|---|---|---|---|---|---|"]
    for axis in ("intent", "lang", "set"):
        for key, s in sorted(table[axis].items()):
            n, ok = len(s.problems), s.problems.count(".")
            lines.append(f"| {axis} | {key} | {n} | {ok} | {_ratio(s.tp, s.tp + s.fp)} | "
                         f"{_ratio(s.tp, s.tp + s.fn)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", default=f"oxigraph:{DEFAULT_BUILD_DIR / 'store'}")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--failures", action="store_true", help="List the failing questions.")
    args = parser.parse_args(argv)
    store = open_store(args.store)
    questions = load_questions(args.questions)
    print(format_table(evaluate(store, questions)))
    if args.failures:
        for q in questions:
            s = score(q, ask(store, q["question"]))
            if not s.passed or s.fp:
                print(f"{q['id']}: {q['question']} -> {s.problems or 'ok'} (fp {s.fp})")


if __name__ == "__main__":
    main()
