"""Rebuilding gives byte-identical artifacts, whatever the interpreter's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.pipeline import BuildResult

pytestmark = pytest.mark.slow

DETERMINISTIC = ["ldhkg.ttl", "ldhkg.nt", "ldhkg.nq", "ldhkg.trig", "ldhkg.jsonld",
                 "context.jsonld", "ontology.owl", "report.json", "report.md",
                 "mappings.sssom.tsv", "shapes.ttl"]


def test_rebuild_in_another_process_is_byte_identical(built: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "service.cli", "build", "--out", str(out), "--quiet"],
                   check=True, env=env, capture_output=True)
    for name in DETERMINISTIC:
        assert (out / name).read_bytes() == (built.out / name).read_bytes(), name


def test_every_artifact_parses_back(built: BuildResult) -> None:
    from rdflib import Dataset, Graph

    n = len(Graph().parse(built.out / "ldhkg.nt", format="nt"))
    assert len(Graph().parse(built.out / "ldhkg.ttl", format="turtle")) == n
    for name, fmt in (("ldhkg.nq", "nquads"), ("ldhkg.trig", "trig"), ("ldhkg.jsonld", "json-ld")):
        ds = Dataset().parse(built.out / name, format=fmt)
        assert sum(1 for _ in ds.quads()) == sum(built.report["counts"]["triples"].values()), name
    onto = Graph().parse(built.out / "ontology.owl", format="xml")
    assert len(onto) == built.report["counts"]["triples"]["ontology"]
