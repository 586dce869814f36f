"""Question banks for evaluating the answerer, read into one record type.

Two banks live under ``examples/``: ``questions.yaml`` (the team's competency questions, ids
given directly) and ``blind/`` (two banks written by people who saw only the review, with
their expected terms mapped to ids in ``blind/gold.yaml`` and a dev/held-out split in
``blind/split.yaml``). Both become ``BankQuestion`` so one scorer serves both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMPETENCY = EXAMPLES / "questions.yaml"
BLIND = EXAMPLES / "blind"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(slots=True)
class BankQuestion:
    id: str
    lang: str
    category: str
    question: str
    expected: list[str] = field(default_factory=list)  # entity / reference ids, no prefix
    values: list[float] = field(default_factory=list)
    boolean: bool | None = None
    no_answer: bool = False
    split: str = "development"
    bank: str = "competency"
    change: float | None = None
    inferred: bool = False
    known_gap: str | None = None
    unmapped: list[str] = field(default_factory=list)  # expected terms with no entity
    tempting: list[str] = field(default_factory=list)


def normalise_id(curie: str) -> str:
    """``ldh:study-8`` and ``ldh:ref-8`` are the same study; ids are compared bare.

    >>> normalise_id("ldh:study-8"), normalise_id("mecobalamin")
    ('ref-8', 'mecobalamin')
    """
    local = curie.removeprefix("ldh:")
    return "ref-" + local[len("study-"):] if local.startswith("study-") else local


def value_of(text: str) -> float | None:
    """The number a value is written with ("29.2%", "6 个 RCT", "128 例")."""
    m = _NUMBER.search(str(text))
    return float(m.group()) if m else None


def competency(path: Path = COMPETENCY) -> list[BankQuestion]:
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [
        BankQuestion(
            id=q["id"], lang=q["lang"], category=q["intent"], question=q["question"],
            expected=list(q.get("expected") or []),
            values=[float(v) for v in q.get("values") or []],
            boolean=q.get("boolean"), no_answer=bool(q.get("no_answer")),
            split=q.get("set", "development"), change=q.get("change"),
            inferred=bool(q.get("inferred")), known_gap=q.get("known_gap"),
        )
        for q in rows
    ]


def blind(directory: Path = BLIND) -> list[BankQuestion]:
    gold = {g["id"]: g for g in
            yaml.safe_load((directory / "gold.yaml").read_text(encoding="utf-8"))["questions"]}
    split_rows = yaml.safe_load((directory / "split.yaml").read_text(encoding="utf-8"))
    split = {qid: name for name, ids in split_rows.items() for qid in ids}
    out: list[BankQuestion] = []
    for bank in sorted(directory.glob("bank-*.yaml")):
        for q in yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]:
            g = gold[q["id"]]
            values = [v for v in (value_of(x["value"]) for x in q.get("values") or [])
                      if v is not None]
            out.append(BankQuestion(
                id=q["id"], lang=q["lang"], category=q["category"], question=q["question"],
                expected=list(g["expected_ids"]), values=values,
                boolean=q.get("boolean"), no_answer=bool(q.get("no_answer")),
                split=split[q["id"]], bank=bank.stem, unmapped=list(g.get("unmapped_terms", [])),
                tempting=list(g.get("tempting_ids", [])),
            ))
    return out


BANKS = {"competency": competency, "blind": blind}
