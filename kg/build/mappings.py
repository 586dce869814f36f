"""Check the SSSOM mapping table (``ontology/mappings.sssom.tsv``) before it becomes RDF."""

from __future__ import annotations

from pathlib import Path

from kg.build.records import CurationError, CurationErrors, Where
from kg.namespaces import PREFIXES
from kg.paths import PROJECT_DIR


_MAPPING_COLUMNS = ("subject_id", "predicate_id", "object_id")


def check_mappings(path: Path, entity_ids: set[str]) -> None:
    """The SSSOM table: readable, its columns present, every subject a curated entity, every
    CURIE's prefix known. Raises ``CurationErrors`` naming ``file:line`` for each bad row."""
    shown = str(path.relative_to(PROJECT_DIR)) if path.is_relative_to(PROJECT_DIR) else str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise CurationError(shown, f"cannot read the mappings: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CurationError(shown, "the mappings are not UTF-8 text") from exc
    rows = [(i, ln) for i, ln in enumerate(text.splitlines(), start=1) if not ln.startswith("#")]
    if not rows:
        raise CurationError(shown, "no header row")
    head_line, head = rows[0]
    columns = head.split("\t")
    missing = [c for c in _MAPPING_COLUMNS if c not in columns]
    if missing:
        raise CurationError(f"{shown}:{head_line}", f"missing column(s): {', '.join(missing)}")
    errors: list[CurationError] = []
    for line, row in rows[1:]:
        cells = row.split("\t")
        where = Where(shown, line)
        if len(cells) != len(columns):
            errors.append(
                CurationError(where, f"{len(cells)} cells, the header has {len(columns)}")
            )
            continue
        values = dict(zip(columns, cells, strict=True))
        for col in _MAPPING_COLUMNS:
            curie = values[col]
            prefix, sep, _ = curie.partition(":")
            if not curie.startswith(("http://", "https://")) and (
                not sep or prefix not in PREFIXES
            ):
                errors.append(CurationError(where, f"{col} {curie!r} has no known prefix"))
        subject = values["subject_id"]
        if subject.startswith("ldh:") and subject[4:] not in entity_ids:
            errors.append(
                CurationError(where, f"mapping subject {subject} is not a curated entity")
            )
    if errors:
        raise CurationErrors(errors)
