#!/usr/bin/env python3
"""Re-verify the HPO rows of an SSSOM mapping table against an ``hp.obo`` file.

Every row whose ``object_id`` starts with ``HP:`` must name a term that

* exists as a ``[Term]`` stanza in the given ``hp.obo``,
* is not obsolete (``is_obsolete: true``), and
* has a ``name:`` exactly equal to the row's ``object_label``.

Standard library only.  Usage::

    python ontology/verify_hpo_mappings.py path/to/hp.obo ontology/mappings.sssom.tsv

Exit status: 0 if every HP row checks out, 1 if any row fails (or the table has
no HP rows at all), 2 for usage errors or unreadable/ill-formed input files.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

REQUIRED_COLUMNS: tuple[str, ...] = ("subject_id", "object_id", "object_label")


@dataclass
class OboTerm:
    """The parts of an OBO ``[Term]`` stanza this check needs."""

    term_id: str
    name: str | None = None
    obsolete: bool = False


class HpRow(NamedTuple):
    """One HP mapping row of the SSSOM table."""

    line_no: int
    subject_id: str
    object_id: str
    object_label: str


class InputError(Exception):
    """Raised when an input file cannot be read or parsed."""


def read_obo(path: Path) -> tuple[dict[str, OboTerm], str | None]:
    """Return the ``[Term]`` stanzas of an OBO file keyed by id, and its data-version."""
    terms: dict[str, OboTerm] = {}
    data_version: str | None = None
    current: OboTerm | None = None
    in_header = True
    try:
        with path.open(encoding="utf-8") as handle:
            for raw in handle:
                line = raw.rstrip("\r\n")
                if line.startswith("["):
                    in_header = False
                    current = None
                    if line.strip() == "[Term]":
                        current = OboTerm(term_id="")
                    continue
                if in_header:
                    if line.startswith("data-version:"):
                        data_version = line.split(":", 1)[1].strip()
                    continue
                if current is None:
                    continue
                if line.startswith("id: "):
                    current.term_id = line[4:].strip()
                    terms[current.term_id] = current
                elif line.startswith("name: "):
                    current.name = line[6:].strip()
                elif line.strip() == "is_obsolete: true":
                    current.obsolete = True
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read OBO file {path}: {exc}") from exc
    if not terms:
        raise InputError(f"no [Term] stanzas found in {path}; is it an OBO file?")
    return terms, data_version


def iter_hp_rows(path: Path) -> Iterator[HpRow]:
    """Yield the rows of an SSSOM TSV whose object_id is an HP CURIE."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = list(handle)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read SSSOM file {path}: {exc}") from exc
    # Keep the physical line number of each data line for error messages.
    body = [(no, line) for no, line in enumerate(lines, start=1) if not line.startswith("#")]
    if not body:
        raise InputError(f"{path} has no table after its metadata header")
    reader = csv.reader((line for _, line in body), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        raise InputError(f"{path} lacks required column(s): {', '.join(missing)}")
    index = {col: header.index(col) for col in REQUIRED_COLUMNS}
    for (line_no, _), fields in zip(body[1:], reader, strict=True):
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise InputError(
                f"{path}:{line_no}: expected {len(header)} tab-separated fields, "
                f"found {len(fields)}"
            )
        object_id = fields[index["object_id"]].strip()
        if object_id.startswith("HP:"):
            yield HpRow(
                line_no=line_no,
                subject_id=fields[index["subject_id"]].strip(),
                object_id=object_id,
                object_label=fields[index["object_label"]],
            )


def check_row(row: HpRow, terms: dict[str, OboTerm]) -> str | None:
    """Return an error message for a bad row, or None if the row is fine."""
    where = f"line {row.line_no} ({row.subject_id} -> {row.object_id})"
    term = terms.get(row.object_id)
    if term is None:
        return f"{where}: {row.object_id} is not a [Term] id in the OBO file"
    if term.obsolete:
        return f"{where}: {row.object_id} is obsolete in the OBO file (name {term.name!r})"
    if term.name != row.object_label:
        return (
            f"{where}: object_label {row.object_label!r} does not equal the OBO name {term.name!r}"
        )
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check that every HP: object_id of an SSSOM table exists, is not "
        "obsolete, and carries exactly the object_label given, in an hp.obo file."
    )
    parser.add_argument("hp_obo", type=Path, help="path to hp.obo")
    parser.add_argument("sssom", type=Path, help="path to the SSSOM TSV mapping table")
    args = parser.parse_args(argv)

    try:
        terms, data_version = read_obo(args.hp_obo)
        rows = list(iter_hp_rows(args.sssom))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    print(f"hp.obo: {args.hp_obo} (data-version: {data_version or 'unknown'}, {len(terms)} terms)")
    if not rows:
        print(f"FAIL: {args.sssom} contains no rows with an HP: object_id", file=sys.stderr)
        return 1

    errors = [msg for msg in (check_row(row, terms) for row in rows) if msg is not None]
    if errors:
        for msg in errors:
            print(f"FAIL: {msg}", file=sys.stderr)
        print(f"{len(errors)} of {len(rows)} HP rows failed verification", file=sys.stderr)
        return 1
    distinct = len({row.object_id for row in rows})
    print(f"OK: all {len(rows)} HP rows ({distinct} distinct HP terms) verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
