"""Split a blind bank into a dev and a held-out part, before any code is changed for it.

``python examples/blind/make_split.py C 2026-12-02`` adds ``dev-c`` and ``heldout-c`` to
split.yaml: the bank's questions stratified by language and category, ordered within each
stratum by a seeded hash of the id (``ldhkg-split-<date>:<id>``), then alternated (running
on from one stratum to the next, first to dev), the method split.yaml's header gives for
banks A and B. ``--by-answer`` also stratifies by the honest yes/no (bank D, all yes/no:
``make_split.py D 2026-12-02 --by-answer``). Kept so the split can be read and repeated.
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def split(bank: str, date: str, by_answer: bool = False) -> dict[str, list[str]]:
    """``by_answer`` adds the honest yes/no to the strata (a bank of yes/no questions only)."""
    rows = yaml.safe_load((HERE / f"bank-{bank}.yaml").read_text("utf-8"))["questions"]
    strata: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for q in rows:
        strata[(q["lang"], q["category"], str(q.get("boolean")) if by_answer else "")].append(
            q["id"])
    key = lambda qid: hashlib.sha256(f"ldhkg-split-{date}:{qid}".encode()).hexdigest()  # noqa: E731
    out: dict[str, list[str]] = {f"dev-{bank.lower()}": [], f"heldout-{bank.lower()}": []}
    names, turn = list(out), 0
    for stratum in sorted(strata):  # the alternation runs on across strata: odd strata even out
        for qid in sorted(strata[stratum], key=key):
            out[names[turn % 2]].append(qid)
            turn += 1
    return {name: sorted(ids) for name, ids in out.items()}


def main() -> None:
    bank, date = sys.argv[1], sys.argv[2]
    path = HERE / "split.yaml"
    text = path.read_text("utf-8")
    parts = split(bank, date, "--by-answer" in sys.argv[3:])
    if any(f"\n{name}:" in text for name in parts):
        sys.exit(f"split.yaml already has {', '.join(parts)}: a split is made once")
    block = "".join(f"{name}:\n" + "".join(f"- {qid}\n" for qid in ids)
                    for name, ids in parts.items())
    path.write_text(text.rstrip("\n") + f"\n# bank {bank}, split on {date} by make_split.py, "
                    "before any code was changed for it\n" + block, encoding="utf-8")
    print({name: len(ids) for name, ids in parts.items()})


if __name__ == "__main__":
    main()
