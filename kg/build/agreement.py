"""Inter-annotator agreement of the two blind concept annotations, before adjudication.

``python -m kg.build.agreement`` prints F1 between annotator 1 and annotator 2 (each treated
as the reference for the other, so F1 is symmetric) under four matching rules: the same span;
overlapping spans; and each of those with the same category. It also tallies the decisions of
``adjudication.tsv``. Inputs are the files of ``kg/curation/annotation/``.

>>> a = [Mention("s1", 0, 3, "drug"), Mention("s1", 5, 8, "symptom")]
>>> b = [Mention("s1", 0, 3, "drug"), Mention("s1", 6, 9, "symptom")]
>>> f1(a, b, same_span), f1(a, b, overlapping)
(0.5, 1.0)
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.paths import CURATION_DIR

ANNOTATION_DIR = CURATION_DIR / "annotation"


@dataclass(frozen=True, slots=True)
class Mention:
    sentence: str
    start: int  # offsets in the sentence text
    end: int
    category: str


Match = Callable[[Mention, Mention], bool]


def same_span(a: Mention, b: Mention) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def overlapping(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def with_category(match: Match) -> Match:
    return lambda a, b: match(a, b) and a.category == b.category


def read_annotation(path: Path, sentences: dict[str, str]) -> list[Mention]:
    """Mentions of an annotator's TSV (``term`` + ``occurrence`` located in the sentence)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text = sentences[row["sentence_id"]]
            i = -1
            for _ in range(int(row["occurrence"] or 1)):
                i = text.index(row["term"], i + 1)
            out.append(Mention(row["sentence_id"], i, i + len(row["term"]), row["category"]))
    return out


def f1(a: list[Mention], b: list[Mention], match: Match) -> float:
    """Matches are one-to-one, greedy in document order; F1 = 2 * matches / (|a| + |b|)."""
    used: set[int] = set()
    hits = 0
    for x in a:
        for j, y in enumerate(b):
            if j not in used and x.sentence == y.sentence and match(x, y):
                used.add(j)
                hits += 1
                break
    return 2 * hits / (len(a) + len(b)) if a or b else 1.0


def main(directory: Path = ANNOTATION_DIR) -> None:
    with (directory / "sentences.tsv").open(encoding="utf-8") as fh:
        sentences = {r["sentence_id"]: r["text"] for r in csv.DictReader(fh, delimiter="\t")}
    a = read_annotation(directory / "annotator-1.tsv", sentences)
    b = read_annotation(directory / "annotator-2.tsv", sentences)
    print(f"annotator 1: {len(a)} mentions; annotator 2: {len(b)} mentions; "
          f"{len(sentences)} sentences")
    for name, match in (("same span", same_span), ("overlapping span", overlapping),
                        ("same span and category", with_category(same_span)),
                        ("overlapping span and category", with_category(overlapping))):
        print(f"F1 ({name}): {f1(a, b, match):.3f}")
    with (directory / "adjudication.tsv").open(encoding="utf-8") as fh:
        decisions = Counter((r["decision"], r["rule"].split(" ")[0])
                            for r in csv.DictReader(fh, delimiter="\t"))
    for (decision, rule), n in sorted(decisions.items()):
        print(f"adjudication: {decision} by {rule}: {n}")


if __name__ == "__main__":
    main()
