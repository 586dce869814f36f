"""The builder: parse -> check curation -> RDF -> reason -> validate -> write, then swap.

Each stage is a plain function over typed records; this module only sequences them, times
them and shows progress. Artifacts are written to a sibling temporary directory and swapped
in only when every stage has passed, so a failed build leaves the previous ``build/`` intact.

>>> from kg.build.pipeline import BuildError
>>> issubclass(BuildError, RuntimeError)
True
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax
from tqdm import tqdm

from kg.build.audit import Flag, all_flags
from kg.build.checks import CheckedCuration, check
from kg.build.mappings import check_mappings
from kg.build.loader import CurationError, CurationErrors, load_curation, read_utf8
from kg.build.ontology_terms import Terms, load_terms
from kg.paths import (
    CURATION_DIR,
    MAPPINGS_FILE,
    ONTOLOGY_FILE,
    PROJECT_DIR,
    SHAPES_FILE,
    SOURCE_FILE,
    SOURCE_SHA256,
)
from kg.build.rdf_clinical import build_asserted
from kg.build.rdf_inferred import build_inference_records
from kg.build.rdf_provenance import build_provenance
from kg.build.reasoning import materialise
from kg.build.references import Reference, parse_references
from kg.build.report import build_report, dump, report_markdown
from kg.build.source_text import Document, parse
from kg.build.validation import shacl_check

T = TypeVar("T")
STAGES = ("parse", "check", "rdf", "reason", "validate", "write")


class BuildError(RuntimeError):
    """A build failed; ``stage`` says where. The previous build is untouched."""

    def __init__(self, stage: str, message: str) -> None:
        self.stage = stage
        super().__init__(f"build failed at stage '{stage}':\n{message}")


@dataclass(slots=True)
class BuildResult:
    out: Path
    report: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Inputs:
    source: Path = SOURCE_FILE
    curation: Path = CURATION_DIR
    ontology: Path = ONTOLOGY_FILE
    shapes: Path = SHAPES_FILE
    mappings: Path = MAPPINGS_FILE
    source_sha256: str | None = SOURCE_SHA256  # the review must be this exact copy; None: any
    # further N-Quads (another source, synthetic data) loaded into the same store, indexed with it
    add: tuple[Path, ...] = ()


def _shown(path: Path) -> str:
    return str(path.relative_to(PROJECT_DIR)) if path.is_relative_to(PROJECT_DIR) else str(path)


def read_review(path: Path, sha256: str | None) -> Document:
    """Read and parse the review; a missing, non-UTF-8 or altered copy is a ``CurationError``.

    Offsets, quotes and the reference list all depend on the exact bytes, so a copy that is not
    the recorded one (a truncated download, an editor's re-encoding) stops the build here
    instead of surfacing as hundreds of "quote not found" errors.
    """
    shown = _shown(path)
    raw, text = read_utf8(path, shown)
    digest = hashlib.sha256(raw).hexdigest()
    if sha256 is not None and digest != sha256:
        raise CurationError(
            shown,
            f"the review is not the recorded copy (sha256 {digest[:12]}..., expected "
            f"{sha256[:12]}...); restore the byte-identical file (see kg/sources/ATTRIBUTION.md)",
        )
    return parse(text)


def read_turtle(path: Path, read: Callable[[Path], T]) -> T:
    """``read(path)``; a missing file or bad Turtle is a ``CurationError`` naming file and line."""
    try:
        return read(path)
    except OSError as exc:
        raise CurationError(_shown(path), f"cannot read the file: {exc.strerror}") from exc
    except BadSyntax as exc:
        where = f"{_shown(path)}:{exc.lines + 1}"
        raise CurationError(where, f"malformed Turtle: {getattr(exc, '_why', exc)}") from exc
    except Exception as exc:
        raise CurationError(_shown(path), f"cannot read it: {type(exc).__name__}: {exc}") from exc


def parse_inputs(inputs: Inputs) -> tuple[Document, tuple[Reference, ...]]:
    """Stage "parse": the review and its reference list."""
    doc = read_review(inputs.source, inputs.source_sha256)
    return doc, parse_references(doc.raw, doc.reference_block)


def check_inputs(
    inputs: Inputs, doc: Document, refs: tuple[Reference, ...]
) -> tuple[Terms, CheckedCuration, list[Flag]]:
    """Stage "check" (also ``ldhkg check``): every input file read and cross-checked.

    Raises ``CurationError`` / ``CurationErrors`` (``file:line: problem``) for bad input.
    """
    terms = read_turtle(inputs.ontology, load_terms)
    read_turtle(inputs.shapes, lambda p: Graph().parse(p, format="turtle"))  # fail early
    cur = check(load_curation(inputs.curation), doc, refs, terms)
    check_mappings(inputs.mappings, set(cur.entities))
    return terms, cur, all_flags(cur, doc, refs)


@contextmanager
def _aside(out: Path) -> Iterator[Path]:
    """A fresh directory beside ``out``; swapped into place only if the body succeeds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    try:
        tmp.rename(out)
    except BaseException:
        if old.exists():
            old.rename(out)  # put the previous build back
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build(out: Path, inputs: Inputs = Inputs(), *, progress: bool = True) -> BuildResult:
    """Build every artifact into ``out``. Raises ``BuildError``; ``out`` is then unchanged."""
    timings: dict[str, float] = {}
    bar = tqdm(total=len(STAGES), desc="build", unit="stage", disable=not progress)

    def stage(name: str, fn: Callable[[], T]) -> T:
        bar.set_postfix_str(name)
        t0 = time.perf_counter()
        try:
            value = fn()
        except BuildError:
            raise
        except (CurationError, CurationErrors) as exc:  # already "file:line: problem"
            raise BuildError(name, str(exc)) from exc
        except Exception as exc:
            raise BuildError(name, f"{type(exc).__name__}: {exc}") from exc
        timings[name] = round(time.perf_counter() - t0, 3)
        bar.update(1)
        return value

    for extra in inputs.add:  # before any work: a missing file is a message, not a half build
        if not extra.is_file():
            raise BuildError("parse", f"{_shown(extra)}: no such N-Quads file (--add)")
    try:
        doc, refs = stage("parse", lambda: parse_inputs(inputs))
        terms, cur, flags = stage("check", lambda: check_inputs(inputs, doc, refs))

        def rdf() -> tuple[Graph, Graph, Graph]:
            return (
                terms.graph,  # parsed once by load_terms; nothing downstream mutates it
                build_asserted(cur, inputs.mappings),
                build_provenance(cur, doc, refs, flags),
            )

        onto, asserted, provenance = stage("rdf", rdf)
        inferred, records = stage("reason", lambda: materialise(onto, asserted))
        for t in build_inference_records(records, cur):
            provenance.add(t)
        data = asserted + inferred + provenance
        shacl = stage("validate", lambda: shacl_check(data, onto, inputs.shapes))
        if not shacl.conforms:
            raise BuildError("validate", shacl.report)

        def write() -> dict[str, Any]:
            with _aside(out) as tmp:
                from kg.build.artifacts import write_all

                layers = {
                    "ontology": onto,
                    "asserted": asserted,
                    "inferred": inferred,
                    "provenance": provenance,
                }
                triples, added = write_all(tmp, layers, inputs.add)
                rep = build_report(cur, doc, refs, flags, records, shacl, triples)
                if added:
                    rep["added"] = added
                (tmp / "report.json").write_text(dump(rep), encoding="utf-8")
                (tmp / "report.md").write_text(report_markdown(rep), encoding="utf-8")
                shutil.copy(inputs.mappings, tmp / "mappings.sssom.tsv")
                shutil.copy(inputs.shapes, tmp / "shapes.ttl")
                timings_now = {**timings, "write": round(sum(timings.values()), 3)}
                (tmp / "timings.json").write_text(
                    json.dumps(timings_now, indent=2) + "\n", encoding="utf-8"
                )
            return rep

        t_write = time.perf_counter()
        rep = stage("write", write)
        timings["write"] = round(time.perf_counter() - t_write, 3)
        (out / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    finally:
        bar.close()
    return BuildResult(out, rep, timings)
