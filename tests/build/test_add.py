"""``ldhkg build --add FILE.nq``: further N-Quads land in the same store, indexed with the
review, and a bad file is named with the previous build left in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.pipeline import BuildError, Inputs, build
from kg.read.search import search
from kg.store import open_store

ID = "https://w3id.org/ldhkg/id/"
ONT = "https://w3id.org/ldhkg/ontology/"
G = "<https://w3id.org/ldhkg/graph/asserted>"
EXTRA = (
    f"<{ID}syn-zorblamin> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}Drug> {G} .\n"
    f'<{ID}syn-zorblamin> <http://www.w3.org/2000/01/rdf-schema#label> "zorblamin"@en {G} .\n'
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("add")
    extra = tmp / "extra.nq"
    extra.write_text(EXTRA, encoding="utf-8")
    result = build(tmp / "build", Inputs(add=(extra,)), progress=False)
    return tmp / "build", result.report


def test_added_quads_are_in_the_store_and_the_report(added: tuple[Path, dict]) -> None:
    out, report = added
    assert [a["quads"] for a in report["added"]] == [2]
    store = open_store(f"oxigraph:{out / 'store'}")
    assert store.ask(f"ASK {{ <{ID}syn-zorblamin> a <{ONT}Drug> }}")
    # the review is still all there: its claims count is the report's
    n = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a "
                     f"<{ONT}Claim> }} }}").rows[0]["n"].value
    assert int(n) == report["counts"]["claims"]


def test_added_entities_are_searchable(added: tuple[Path, dict]) -> None:
    out, _ = added
    store = open_store(f"oxigraph:{out / 'store'}")
    hits = search(store, "zorblamin").hits
    assert [h.id for h in hits][:1] == ["ldh:syn-zorblamin"]


def test_a_bad_added_file_is_named_and_the_previous_build_stays(
        added: tuple[Path, dict], tmp_path: Path) -> None:
    out, report = added
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(out, Inputs(add=(bad,)), progress=False)
    assert str(bad) in str(err.value)
    assert "N-Quads" in str(err.value)
    missing = tmp_path / "missing.nq"
    with pytest.raises(BuildError, match="no such N-Quads file"):
        build(out, Inputs(add=(missing,)), progress=False)
    store = open_store(f"oxigraph:{out / 'store'}")
    assert store.ask(f"ASK {{ <{ID}syn-zorblamin> a <{ONT}Drug> }}")
