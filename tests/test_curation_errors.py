"""Bad curation input: a clear message naming file and line, and the last good build kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.checks import CurationErrors, check
from kg.loader import CurationError, load_curation
from kg.ontology_terms import load_terms
from kg.references import load_references
from kg.source_text import load_document


def _check(root: Path) -> None:
    check(load_curation(root), load_document(), load_references(), load_terms())


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; return its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _errors(root: Path) -> list[str]:
    with pytest.raises((CurationErrors, CurationError)) as info:
        _check(root)
    exc = info.value
    return [str(e) for e in exc.errors] if isinstance(exc, CurationErrors) else [str(exc)]


def test_the_real_curation_passes() -> None:
    _check(load_curation.__defaults__[0])  # type: ignore[index]


def test_quote_not_in_source(curation_copy: Path) -> None:
    f = curation_copy / "claims" / "s2_epidemiology.yaml"
    _edit(f, "分别为 32.8% 和 26.4%", "分别为 33.8% 和 26.4%")
    errors = _errors(curation_copy)
    assert any("s2_epidemiology.yaml:" in e and "quote not found" in e for e in errors)


def test_unknown_entity(curation_copy: Path) -> None:
    f = curation_copy / "claims" / "s3_mechanisms.yaml"
    line = _edit(f, "object: nerve-root-inflammation", "object: nerve-root-inflamation")
    errors = _errors(curation_copy)
    claim_line = line - 2  # the mapping starts at "- subject:" two lines above
    assert f"curation/claims/s3_mechanisms.yaml:{claim_line}: unknown object entity " \
           "'nerve-root-inflamation'" in errors


def test_reference_out_of_range(curation_copy: Path) -> None:
    f = curation_copy / "claims" / "s1_introduction.yaml"
    _edit(f, "citations: [1]", "citations: [43]")
    errors = _errors(curation_copy)
    assert any("s1_introduction.yaml:2: reference [43] is out of range (the review lists 1-42)"
               in e for e in errors)


def test_citation_not_in_the_quoted_sentence(curation_copy: Path) -> None:
    f = curation_copy / "claims" / "s1_introduction.yaml"
    _edit(f, "citations: [1]", "citations: [2]")
    assert any("[2] is not cited in the quoted sentence" in e for e in _errors(curation_copy))


def test_duplicate_entity_id(curation_copy: Path) -> None:
    f = curation_copy / "entities" / "treatments.yaml"
    _edit(f, "- id: neurotropin\n", "- id: mecobalamin\n")
    errors = _errors(curation_copy)
    assert any("treatments.yaml:" in e and "duplicate entity id 'mecobalamin'" in e
               for e in errors)


def test_malformed_yaml(curation_copy: Path) -> None:
    f = curation_copy / "errata.yaml"
    line = _edit(f, "  intended: 临床\n", "  intended: [临床\n")
    errors = _errors(curation_copy)
    assert len(errors) == 1 and errors[0].startswith("curation/errata.yaml:")
    assert "malformed YAML" in errors[0]
    assert int(errors[0].split(":")[1]) >= line


def test_unknown_key_is_not_silently_dropped(curation_copy: Path) -> None:
    f = curation_copy / "claims" / "s1_introduction.yaml"
    _edit(f, "  citations: [1]\n", "  citations: [1]\n  citaton: [2]\n")
    assert any("unknown key(s): citaton" in e for e in _errors(curation_copy))


def test_statistic_value_must_be_in_the_quote(curation_copy: Path) -> None:
    f = curation_copy / "claims" / "s2_epidemiology.yaml"
    _edit(f, 'value: "32.8"', 'value: "23.8"')
    assert any("statistic value '23.8' is not in the quote" in e for e in _errors(curation_copy))


def test_duplicate_claim(curation_copy: Path) -> None:
    f = curation_copy / "claims" / "s1_introduction.yaml"
    text = f.read_text(encoding="utf-8")
    first = text[: text.index("- subject: disc-degeneration")]
    f.write_text(text + first.split("\n", 1)[1], encoding="utf-8")
    assert any("duplicate claim (first at curation/claims/s1_introduction.yaml:2)" in e
               for e in _errors(curation_copy))


@pytest.mark.slow
def test_failed_build_leaves_previous_build_untouched(curation_copy: Path, tmp_path: Path,
                                                      built: object) -> None:
    """`ldhkg build` exits non-zero with file:line, and build/ is unchanged."""
    out = tmp_path / "build"
    out.mkdir()
    sentinel = out / "ldhkg.ttl"
    sentinel.write_text("previous good build\n", encoding="utf-8")
    _edit(curation_copy / "claims" / "s2_epidemiology.yaml", "1192 例", "1193 例")
    proc = subprocess.run(
        [sys.executable, "-m", "service.cli", "build", "--out", str(out), "--quiet",
         "--curation", str(curation_copy)],
        capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "s2_epidemiology.yaml:" in proc.stderr and "quote not found" in proc.stderr
    assert "previous build" in proc.stderr
    assert sentinel.read_text(encoding="utf-8") == "previous good build\n"
    assert sorted(p.name for p in out.iterdir()) == ["ldhkg.ttl"]
    assert not list(tmp_path.glob(".build.tmp-*"))
