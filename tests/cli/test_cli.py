"""The ``ldhkg`` command line: help, query formats, check."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.build.pipeline import BuildResult


def ldhkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True,
                          text=True, check=False)


def test_help_lists_every_command() -> None:
    out = ldhkg("--help").stdout
    for cmd in ("build", "check", "query", "serve"):
        assert cmd in out


def test_check_passes() -> None:
    proc = ldhkg("check")
    assert proc.returncode == 0 and proc.stdout.startswith("ok:")


@pytest.mark.slow
def test_query_formats(built: BuildResult) -> None:
    store = f"oxigraph:{built.out / 'store'}"
    q = ('SELECT ?zh WHERE { <https://w3id.org/ldhkg/id/mecobalamin> '
         '<http://www.w3.org/2000/01/rdf-schema#label> ?zh FILTER(lang(?zh) = "zh") }')
    res = json.loads(ldhkg("query", q, "--store", store).stdout)
    assert res["results"]["bindings"][0]["zh"]["value"] == "甲钴胺"
    assert ldhkg("query", q, "--store", store, "--format", "csv").stdout.split() == ["zh", "甲钴胺"]
    assert ldhkg("query", q, "--store", store, "--format", "tsv").stdout.split()[1] == '"甲钴胺"@zh'
    construct = ("CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/ldhkg/id/pregabalin> AS ?s) "
                 "?s <http://www.w3.org/2000/01/rdf-schema#label> ?o BIND(<http://www.w3.org/2000/01/rdf-schema#label> AS ?p) }")
    ttl = ldhkg("query", construct, "--store", store).stdout
    assert "普瑞巴林" in ttl and "pregabalin" in ttl
    bad = ldhkg("query", "SELECT WHERE", "--store", store)
    assert bad.returncode == 2 and bad.stderr.startswith("error:")
