"""Bad builder input: a clear message naming file and line, and the last good build kept.

Every kind of malformed input the builder can meet, and the test id that covers it. Each case
in ``CASES`` breaks a copy of the curation, runs the real builder (``kg.build.pipeline.build``) over a
previous build, and asserts the exact ``file:line: message`` (the line of the offending key, or
of the row when the row as a whole is wrong), the number of errors, and that the previous build
is byte-for-byte unchanged with nothing left beside it. ``test_cli_*`` (slow) run the same
through ``ldhkg build`` in a subprocess over a copy of the real build, store included.

============================  ===========================================  =======================
input                         malformed kind                               test id
============================  ===========================================  =======================
any curation YAML file        tab in the indentation                       yaml-tab
                              bad indentation                              yaml-indent
                              unclosed quote (reported where it opens)     yaml-unclosed-quote
                              unclosed flow mapping ``{...``               yaml-unclosed-brace
                              duplicate key in a row                       yaml-duplicate-key
                              a key that is a list (``? [a]``)             yaml-list-key
                              reserved key ``__line__``                    yaml-reserved-key
                              unsafe / unknown tag (``!!python/...``)      yaml-python-tag
                              a value YAML cannot build (``!!int abc``)    yaml-unbuildable-value
                              undefined alias ``*x``                       yaml-undefined-alias
                              two YAML documents in one file               yaml-two-documents
                              not UTF-8 (GBK bytes)                        not-utf8
                              a control character (NUL)                    nul-character
                              empty file                                   empty-file
                              top level a mapping                          top-level-mapping
                              top level a single value                     top-level-scalar
                              a row that is not a mapping                  row-not-mapping
                              a file that cannot be read (a directory)     unreadable-file
curation layout               missing entities/ or claims/                 missing-entities-dir,
                                                                           missing-claims-dir
                              directory with no ``*.yaml``                 empty-claims-dir
                              a file that would not be read (``.yml``)     stray-yml-file
                              missing audit/errata/coverage.yaml           missing-audit-file,
                                                                           missing-errata-file,
                                                                           missing-coverage-file
                              the curation directory itself missing        test_missing_curation_
                                                                           directory, test_cli_
                                                                           missing_curation_dir
any row                       unknown key (a typo)                         unknown-key
                              unknown key in nested qualifiers             unknown-qualifier-key
                              missing required key                         missing-id
                              key with no value                            label-no-value
                              empty text                                   label-empty
                              list where text is expected                  label-is-list
                              number where text is expected                statistic-value-number
                              true/false where text is expected            label-is-bool
                              date where text is expected                  label-is-date
                              text where a list is expected                synonyms-is-text
                              number where a class name is expected        type-is-number
                              text where reference numbers are expected    citations-is-text,
                                                                           citation-not-a-number
                              text where a whole number is expected        sample-size-is-text
                              text where true/false is expected            uncited-is-text
                              list where a mapping is expected             qualifiers-is-list
                              mapping where a list is expected             statistics-is-mapping
concepts                      a sentence without its concepts row          concepts-row-missing
entities                      id with bad characters                       entity-id-bad-chars
                              duplicate id                                 duplicate-entity-id
                              unknown class                                unknown-class
                              label_zh without Chinese                     label-zh-not-chinese
claims                        unknown subject / object entity              unknown-object-entity
                              unknown predicate                            unknown-predicate
                              direction not supports/refutes/caution       bad-direction
                              unknown knowledge_level                      bad-knowledge-level
                              unknown study_design                         unknown-study-design
                              unknown population / comparator entity       unknown-comparator
                              follow_up / timepoint not ISO 8601           bad-follow-up,
                                                                           bare-duration-p
                              neither citations nor uncited / both         no-citations,
                                                                           cited-and-uncited
                              reference [n] out of range                   reference-out-of-range,
                                                                           reference-zero
                              reference listed twice                       reference-twice
                              [n] not cited in the quoted sentence         citation-not-in-sentence
                              context_citation, not cited in paragraph     citation-not-in-paragraph
                              quote not in the review                      quote-not-found
                              quote in several sentences                   quote-ambiguous
                              quote outside the body (title, references)   quote-outside-body
                              duplicate claim                              duplicate-claim
                              sample_size / study_count below 1            study-count-zero,
                                                                           sample-size-negative
                              sample size not stated in the paragraph      sample-size-not-stated
statistics                    unknown quantity / unit                      unknown-quantity,
                                                                           unknown-unit
                              value not a number                           statistic-value-text
                              value not in the quote                       statistic-value-not-
                                                                           in-quote
                              percentage above 100                         percent-over-100
                              about an unknown entity                      statistic-about-unknown
                              timepoint not ISO 8601                       statistic-bad-timepoint
                              negative n                                   statistic-negative-n
audit.yaml                    unknown kind / severity                      audit-unknown-kind,
                                                                           audit-bad-severity
                              a flag that refers to nothing                audit-refers-to-nothing
                              reference out of range                       audit-reference-out-
                                                                           of-range
                              quote not in the review                      audit-quote-not-found
errata.yaml                   printed text not in the source               erratum-not-in-source
                              duplicate erratum                            erratum-duplicate
                              intended same as printed                     erratum-no-change
coverage.yaml                 matches no sentence / empty (matches all)    exemption-no-match,
                                                                           exemption-empty
                              the same sentence exempted twice             exemption-duplicate
                              a sentence outside sections 1-8              exemption-in-abstract
                              a sentence a claim quotes                    exemption-quoted
several at once               every problem reported, not the first only   test_every_problem_is_
                                                                           reported, test_every_
                                                                           check_is_reported
writing the build             failure while writing aside / swapping in    test_failure_while_
                                                                           writing_leaves_previous
                                                                           _build, test_failed_
                                                                           swap_puts_previous_
                                                                           build_back
the review (kg/sources)       missing / not UTF-8 / altered copy           test_review_*
                              reference list broken (any copy)             test_review_reference_
                                                                           list_broken
ontology/ldh.ttl, shapes.ttl  missing / malformed Turtle                   test_ontology_*,
                                                                           test_shapes_*
ontology/mappings.sssom.tsv   unknown subject / prefix, missing column,    test_mappings_*
                              wrong number of cells
============================  ===========================================  =======================
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.build.checks import CurationErrors, check
from kg.build.loader import CurationError, load_curation
from kg.build.ontology_terms import load_terms
from kg.build.pipeline import BuildError, BuildResult, Inputs, _aside, build
from kg.build.references import load_references
from kg.build.source_text import load_document
from kg.paths import MAPPINGS_FILE, ONTOLOGY_FILE, SHAPES_FILE, SOURCE_FILE


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


# --- the previous build ----------------------------------------------------------------------


def _snapshot(out: Path) -> dict[str, str]:
    """Every file and directory under ``out`` (and beside it), files with their SHA-256."""
    snap = {f"../{p.name}": "entry" for p in out.parent.iterdir()}
    for p in sorted(out.rglob("*")):
        rel = str(p.relative_to(out))
        snap[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
    return snap


@pytest.fixture()
def previous(tmp_path: Path) -> Path:
    """A stand-in previous build (the builder does not read it): files and a store directory."""
    out = tmp_path / "out" / "build"
    (out / "store").mkdir(parents=True)
    (out / "ldhkg.ttl").write_text("# previous good build\n", encoding="utf-8")
    (out / "report.json").write_text('{"counts": {}}\n', encoding="utf-8")
    (out / "store" / "000001.sst").write_bytes(bytes(range(256)))
    return out


def _failed_build(out: Path, inputs: Inputs, stage: str = "check") -> list[str]:
    """Run the builder, expect it to fail at ``stage`` leaving ``out`` as it was; the errors."""
    before = _snapshot(out)
    with pytest.raises(BuildError) as info:
        build(out, inputs, progress=False)
    assert info.value.stage == stage, str(info.value)
    assert _snapshot(out) == before
    head, *lines = str(info.value).splitlines()
    assert head == f"build failed at stage '{stage}':"
    return lines


# --- malformed curation: one case per kind ------------------------------------------------------

Edit = Callable[[Path], int]  # breaks the curation copy; returns the line the break starts on


def replace(file: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> int:
        return _edit(root / file, old, new)

    return edit


def write(file: str, data: str | bytes) -> Edit:
    def edit(root: Path) -> int:
        p = root / file
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8")
        return 1

    return edit


def remove(file: str) -> Edit:
    def edit(root: Path) -> int:
        p = root / file
        shutil.rmtree(p) if p.is_dir() else p.unlink()
        return 0

    return edit


def rename(file: str, new_name: str) -> Edit:
    def edit(root: Path) -> int:
        (root / file).rename((root / file).with_name(new_name))
        return 0

    return edit


def replace_by_dir(file: str) -> Edit:
    def edit(root: Path) -> int:
        (root / file).unlink()
        (root / file).mkdir()
        return 0

    return edit


def repeat_first_row(file: str) -> Edit:
    """Append a copy of the file's first row at its end; return the copy's line."""

    def edit(root: Path) -> int:
        p = root / file
        text = p.read_text(encoding="utf-8")
        start = text.index("\n- ") + 1
        row = text[start : text.index("\n- ", start) + 1]
        p.write_text(text + row, encoding="utf-8")
        return text.count("\n") + 1

    return edit


def empty_dir(sub: str) -> Edit:
    def edit(root: Path) -> int:
        for p in (root / sub).iterdir():
            p.unlink()
        return 0

    return edit


@dataclass(frozen=True)
class Case:
    id: str
    edit: Edit
    where: str  # file under curation/ the message must name (with its own name if renamed)
    message: str  # the message must start with this, right after "file:line: "
    line: str | int | None = "key"  # "key": the edited line (+ dl); "row": its row; int; None
    dl: int = 0
    n: int = 1  # how many errors the build reports in all

    def expected(self, root: Path, edited_line: int) -> str:
        shown = f"curation/{self.where}"
        if self.line is None:
            return f"{shown}: {self.message}"
        if isinstance(self.line, int):
            return f"{shown}:{self.line}: {self.message}"
        line = edited_line + self.dl
        if self.line == "row":
            lines = (root / self.where).read_text(encoding="utf-8").splitlines()
            line = max(i for i in range(1, line + 1) if lines[i - 1].startswith("- "))
        return f"{shown}:{line}: {self.message}"


E = "entities/treatments.yaml"  # first rows: mecobalamin (line 2), neurotropin (line 10)
S1 = "claims/s1_introduction.yaml"
S2 = "claims/s2_epidemiology.yaml"
S3 = "claims/s3_mechanisms.yaml"
S5 = "claims/s5_diagnosis.yaml"
Q2 = "尽管手术可以有效缓解 LDH 引起的疼痛和功能障碍，但术后残余症状的发生率较高。"
STAT_15 = "{quantity: prevalence, value: \"15.2\", unit: percent, about: leg-numbness"
GBK_ROW = "- id: x\n  label_zh: 甲钴胺\n".encode("gbk")

CASES = [
    # YAML syntax, any file
    Case("yaml-tab", replace(E, "  type: Drug\n", "\ttype: Drug\n"), E,
         "malformed YAML: while scanning a plain scalar: found a tab character that violates "
         "indentation"),
    Case("yaml-indent", replace(E, "  type: Drug\n", "   type: Drug\n"), E,
         "malformed YAML: mapping values are not allowed in this context"),
    Case("yaml-unclosed-quote", replace(S1, "  citations: [1]\n", "  citations: [1]\n  note: \"a\n"),
         S1, "malformed YAML: while scanning a quoted scalar: found unexpected end of stream",
         dl=1),
    Case("yaml-unclosed-brace", replace(S2, 'value: "29.2", ', 'value: "29.2" '), S2,
         "malformed YAML: while parsing a flow mapping: did not find expected ',' or '}'"),
    Case("yaml-duplicate-key", replace(S2, "  predicate: relieves\n",
                                       "  predicate: relieves\n  predicate: causes\n"), S2,
         "malformed YAML: duplicate key 'predicate'", dl=1),
    Case("yaml-list-key", replace(E, "  type: Drug\n", "  type: Drug\n  ? [a, b]\n  : x\n"), E,
         "malformed YAML: a key must be a name, got list", dl=1),
    Case("yaml-reserved-key", replace(E, "  type: Drug\n", "  type: Drug\n  __line__: 7\n"), E,
         "malformed YAML: reserved key '__line__'", dl=1),
    Case("yaml-python-tag", replace(E, "type: Drug", "type: !!python/object:os.system Drug"), E,
         "malformed YAML: could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/object:os.system'"),
    Case("yaml-unbuildable-value", replace(E, "label_en: mecobalamin", "label_en: !!int abc"), E,
         "malformed YAML: cannot read 'abc' as tag:yaml.org,2002:int"),
    Case("yaml-undefined-alias", replace(E, "label_en: mecobalamin", "label_en: *name"), E,
         "malformed YAML: found undefined alias"),
    Case("yaml-two-documents", replace(E, "- id: neurotropin\n", "---\n- id: neurotropin\n"), E,
         "malformed YAML: expected a single document in the stream: but found another document"),
    Case("not-utf8", write(E, b"# entities\n" + GBK_ROW), E, "not UTF-8 text (byte 0xbc)",
         line=3),
    Case("nul-character", replace(E, "label_en: mecobalamin", "label_en: meco\x00balamin"), E,
         "character U+0000 is not allowed in YAML"),
    Case("empty-file", write("errata.yaml", "# no rows yet\n"), "errata.yaml",
         "the file is empty; write [] for a file with no rows", line=1),
    Case("top-level-mapping", write("coverage.yaml", "# c\nstarts_with: x\nreason: y\n"),
         "coverage.yaml", "expected a list of rows (- key: value ...), got a mapping", line=2),
    Case("top-level-scalar", write("audit.yaml", "just text\n"), "audit.yaml",
         "expected a list of rows (- key: value ...), got a single value", line=1),
    Case("row-not-mapping", replace(E, "- id: neurotropin\n", "- neurotropin\n- id: neurotropin\n"),
         E, "expected a row of key: value pairs, got a single value"),
    Case("unreadable-file", replace_by_dir("errata.yaml"), "errata.yaml",
         "cannot read the file: Is a directory", line=None),
    # layout of the curation directory
    Case("missing-entities-dir", remove("entities"), "entities", "missing curation directory",
         line=None),
    Case("missing-claims-dir", remove("claims"), "claims", "missing curation directory",
         line=None),
    Case("empty-claims-dir", empty_dir("claims"), "claims", "no *.yaml files", line=None),
    Case("stray-yml-file", rename(E, "treatments.yml"), "entities/treatments.yml",
         "not a curation file (expected *.yaml)", line=None),
    Case("missing-audit-file", remove("audit.yaml"), "audit.yaml",
         "missing (write [] if it has no rows)", line=None),
    Case("missing-errata-file", remove("errata.yaml"), "errata.yaml",
         "missing (write [] if it has no rows)", line=None),
    Case("missing-coverage-file", remove("coverage.yaml"), "coverage.yaml",
         "missing (write [] if it has no rows)", line=None),
    # keys and types of a row
    Case("unknown-key", replace(S1, "  citations: [1]\n", "  citations: [1]\n  citaton: [2]\n"),
         S1, "unknown key(s): citaton", dl=1),
    Case("unknown-qualifier-key", replace(S2, "{study_design: meta-analysis, study_count: 18,",
                                          "{study_desing: meta-analysis, study_count: 18,"),
         S2, "unknown key(s): study_desing"),
    Case("missing-id", replace(E, "- id: neurotropin\n  type: Drug\n", "- type: Drug\n"), E,
         "missing required key 'id'"),
    Case("label-no-value", replace(E, "label_zh: 甲钴胺", "label_zh:"), E,
         "'label_zh' has no value"),
    Case("label-empty", replace(E, "label_zh: 甲钴胺", "label_zh: ''"), E, "'label_zh' is empty"),
    Case("label-is-list", replace(E, "label_en: mecobalamin", "label_en: [mecobalamin]"), E,
         "'label_en' must be text, got a list"),
    Case("statistic-value-number", replace(S2, 'value: "29.2"', "value: 29.20"), S2,
         "'value' must be text, got the number 29.2 (quote it: value: \"29.2\")"),
    Case("label-is-bool", replace(E, "label_en: mecobalamin", "label_en: yes"), E,
         "'label_en' must be text, got true/false"),
    Case("label-is-date", replace(E, "label_en: mecobalamin", "label_en: 2025-01-01"), E,
         "'label_en' must be text, got date"),
    Case("synonyms-is-text", replace(E, "synonyms_en: [methylcobalamin, methyl-B12]",
                                     "synonyms_en: methylcobalamin"), E,
         "'synonyms_en' must be a list of text, got text"),
    Case("type-is-number", replace(E, "type: Drug", "type: 3"), E,
         "'type' must be a class name or a list of them, got the number 3"),
    Case("citations-is-text", replace(S1, "citations: [1]", "citations: '1'"), S1,
         "'citations' must be a list of reference numbers such as [4, 7]"),
    Case("citation-not-a-number", replace(S1, "citations: [1]", "citations: [one]"), S1,
         "'citations' must be a list of reference numbers such as [4, 7]"),
    Case("sample-size-is-text", replace(S2, "sample_size: 1192}", "sample_size: many}"), S2,
         "'sample_size' must be a whole number, got 'many'"),
    Case("uncited-is-text", replace(S2, "  uncited: true\n", "  uncited: 'no'\n"), S2,
         "'uncited' must be true or false, got 'no'"),
    Case("qualifiers-is-list", replace(S2, "qualifiers: {study_design: meta-analysis, study_"
                                       "count: 18, indication: [lumbar-disc-herniation]}",
                                       "qualifiers: [meta-analysis, 18]"), S2,
         "'qualifiers' must be a mapping, got a list"),
    Case("statistics-is-mapping", replace(S2, "statistics:\n    - " + STAT_15,
                                          "statistics:\n    " + STAT_15), S2,
         "'statistics' must be a list of mappings"),
    # entities
    Case("entity-id-bad-chars", replace(E, "- id: mecobalamin-plus-neurotropin",
                                        "- id: Mecobalamin_plus_Neurotropin"), E,
         "entity id 'Mecobalamin_plus_Neurotropin' is not lower-case-hyphenated", n=5),
    Case("duplicate-entity-id", replace(E, "- id: neurotropin\n", "- id: mecobalamin\n"), E,
         "duplicate entity id 'mecobalamin' (first at curation/entities/treatments.yaml:2)",
         n=10),  # and each claim and concept row naming neurotropin, now gone, is an error
    # concepts: a sentence without its row is named where the row belongs (after the row of
    # the sentence before it), with file and line like every other problem
    Case("concepts-row-missing", replace(
        "concepts/s2_epidemiology.yaml",
        "- sentence: sent-2-p1-s3  # 另一项研究发现，术后 6 个月时仍有 15.2% 的患者遗留下肢麻木症状[5]。\n"
        "  concepts:\n  - {term: \"下肢麻木\", at: 3037, entity: leg-numbness}\n", ""),
        "concepts/s2_epidemiology.yaml", "sentence sent-2-p1-s3 has no concepts row (it belongs "
        "after this one): add its concepts, or an exempt row", line=11),
    Case("unknown-class", replace(E, "type: Drug", "type: Drugg"), E,
         "entity 'mecobalamin': unknown type 'Drugg'", line="row"),
    Case("label-zh-not-chinese", replace(E, "label_zh: 甲钴胺", "label_zh: jia gu an"), E,
         "entity 'mecobalamin': label_zh has no Chinese", line="row"),
    # claims
    Case("unknown-object-entity", replace(S3, "object: nerve-root-inflammation",
                                          "object: nerve-root-inflamation"), S3,
         "unknown object entity 'nerve-root-inflamation'", line="row"),
    Case("unknown-predicate", replace(S2, "predicate: relieves", "predicate: relieve"), S2,
         "unknown predicate 'relieve'", line="row"),
    Case("bad-direction", replace(S2, "  uncited: true\n", "  uncited: true\n  direction: maybe\n"),
         S2, "direction must be one of ['caution', 'refutes', 'supports']", line="row"),
    Case("bad-knowledge-level", replace(S2, "  uncited: true\n",
                                        "  uncited: true\n  knowledge_level: gossip\n"),
         S2, "unknown knowledge_level 'gossip'", line="row"),
    Case("unknown-study-design", replace(S2, "study_design: meta-analysis",
                                         "study_design: meta-analyses"), S2,
         "unknown study_design 'meta-analyses'", line="row"),
    Case("unknown-comparator", replace(S5, "comparator: postoperative-residual-symptoms",
                                       "comparator: residual-symptoms"), S5,
         "unknown comparator entity 'residual-symptoms'", line="row"),
    Case("bad-follow-up", replace(S2, "follow_up: P2Y}", "follow_up: 2 years}"), S2,
         "follow_up '2 years' is not an ISO 8601 duration", line="row"),
    Case("bare-duration-p", replace(S2, "study_design: unspecified-study, timepoint: P6M}",
                                    "study_design: unspecified-study, timepoint: P}"), S2,
         "timepoint 'P' is not an ISO 8601 duration", line="row"),
    Case("no-citations", replace(S1, "  citations: [1]\n", ""), S1,
         "give either citations: [n, ...] or uncited: true", line="row", dl=-1),
    Case("cited-and-uncited", replace(S1, "  citations: [1]\n", "  citations: [1]\n  uncited: true\n"),
         S1, "give either citations: [n, ...] or uncited: true", line="row"),
    Case("reference-out-of-range", replace(S1, "citations: [1]", "citations: [43]"), S1,
         "reference [43] is out of range (the review lists 1-42)", line="row"),
    Case("reference-zero", replace(S1, "citations: [1]", "citations: [0]"), S1,
         "reference [0] is out of range (the review lists 1-42)", line="row"),
    Case("reference-twice", replace(S1, "citations: [1]", "citations: [1, 1]"), S1,
         "reference [1] is listed 2 times", line="row"),
    Case("citation-not-in-sentence", replace(S1, "citations: [1]", "citations: [2]"), S1,
         "[2] is not cited in the quoted sentence sent-1-p1-s1", line="row"),
    Case("citation-not-in-paragraph", replace(S3, "  citations: [13]\n  context_citation: true",
                                              "  citations: [1]\n  context_citation: true"),
         S3, "[1] is not cited in the quote's paragraph either", line="row"),
    Case("quote-not-found", replace(S2, "分别为 32.8% 和 26.4%", "分别为 33.8% 和 26.4%"), S2,
         "quote not found in any sentence of the review", line="row"),
    Case("quote-ambiguous", replace(S2, f"quote: {Q2}\n  uncited: true\n  note: LDH 引起的疼痛",
                                    "quote: 术后残余症状\n  uncited: true\n  note: LDH 引起的疼痛"), S2,
         "quote is ambiguous (in ", line="row"),
    Case("quote-outside-body", replace(S2, f"quote: {Q2}\n  uncited: true\n  note: LDH 引起的疼痛",
                                       "quote: 腰椎间盘突出症术后残余症状的诊疗策略与进展\n  "
                                       "uncited: true\n  note: LDH 引起的疼痛"), S2,
         "quote not found in any sentence of the review: '腰椎间盘突出症术后残余症状的诊疗策略"
         "与进展' (it is in the title, keywords, reference list or page furniture", line="row"),
    Case("duplicate-claim", repeat_first_row(S1), S1,
         "duplicate claim (first at curation/claims/s1_introduction.yaml:2)", line="row"),
    Case("study-count-zero", replace(S2, "study_count: 18,", "study_count: 0,"), S2,
         "study_count must be at least 1, got 0", line="row"),
    Case("sample-size-negative", replace(S2, "multicentre-study, sample_size: 1192,",
                                         "multicentre-study, sample_size: -1192,"), S2,
         "sample_size must be at least 1, got -1192", line="row"),
    Case("sample-size-not-stated", replace(S2, "multicentre-study, sample_size: 1192,",
                                           "multicentre-study, sample_size: 1193,"), S2,
         "1193 is not stated in the quote's paragraph", line="row"),
    # statistics (the line is the statistic's own row)
    Case("unknown-quantity", replace(S2, "quantity: prevalence", "quantity: prevalance"), S2,
         "unknown statistic quantity 'prevalance'"),
    Case("unknown-unit", replace(S2, "unit: percent", "unit: per cent"), S2,
         "unknown unit 'per cent'"),
    Case("statistic-value-text", replace(S2, 'value: "29.2"', 'value: "about 30"'), S2,
         "statistic value 'about 30' is not a number such as 32.8"),
    Case("statistic-value-not-in-quote", replace(S2, 'value: "32.8"', 'value: "23.8"'), S2,
         "statistic value '23.8' is not in the quote"),
    Case("percent-over-100", replace(S2, '{quantity: sample size, value: "1192", unit: patients}',
                                     '{quantity: prevalence, value: "1192", unit: percent}'), S2,
         "a percentage cannot exceed 100: 1192"),
    Case("statistic-about-unknown", replace(S2, "about: residual-low-back-pain}",
                                            "about: residual-low-back-pian}"), S2,
         "statistic about unknown entity 'residual-low-back-pian'"),
    Case("statistic-bad-timepoint", replace(S2, "about: leg-numbness, timepoint: P6M}",
                                            "about: leg-numbness, timepoint: 6 months}"), S2,
         "timepoint '6 months' is not an ISO 8601 duration such as P6M"),
    Case("statistic-negative-n", replace(S2, "timepoint: P2Y, sample_size: 146}",
                                         "timepoint: P2Y, sample_size: -146}"), S2,
         "sample_size must be at least 1, got -146"),
    # audit.yaml, errata.yaml, coverage.yaml
    Case("audit-unknown-kind", replace("audit.yaml", "- kind: citation-topic-mismatch",
                                       "- kind: citation-topic-missmatch"), "audit.yaml",
         "unknown flag kind 'citation-topic-missmatch'"),
    Case("audit-bad-severity", replace("audit.yaml", "severity: warning", "severity: fatal"),
         "audit.yaml", "severity must be one of ['error', 'note', 'warning']", line="row"),
    Case("audit-refers-to-nothing", replace("audit.yaml", "  references: [24]\n  quote: 必要时可行 "
                                            "CT 引导下神经根阻滞，明确症状与特定神经根的关系[24]。\n",
                                            "  references: []\n"), "audit.yaml",
         "the flag refers to nothing: give references: [n] or quote", line="row"),
    Case("audit-reference-out-of-range", replace("audit.yaml", "references: [24]",
                                                 "references: [99]"), "audit.yaml",
         "reference [99] is out of range (the review lists 1-42)", line="row"),
    Case("audit-quote-not-found", replace("audit.yaml", "quote: 必要时可行 CT",
                                          "quote: 必要时不可行 CT"), "audit.yaml",
         "quote not found in any sentence of the review", line="row"),
    Case("erratum-not-in-source", replace("errata.yaml", "printed: 临幊", "printed: 临幊幊"),
         "errata.yaml", "erratum text '临幊幊' is not in the source"),
    Case("erratum-duplicate", replace("errata.yaml", "printed: 髓腰肌", "printed: 临幊"),
         "errata.yaml", "duplicate erratum for '临幊' (first at curation/errata.yaml:3)"),
    Case("erratum-no-change", replace("errata.yaml", "intended: 临床", "intended: 临幊"),
         "errata.yaml", "intended is the same as printed", line="row"),
    Case("exemption-no-match", replace("coverage.yaml", "starts_with: 因此，深入探讨",
                                       "starts_with: 因此，浅入探讨"), "coverage.yaml",
         "0 sentences start with '因此，浅入探讨 LDH 术后残余症状'; need exactly one"),
    Case("exemption-empty", replace("coverage.yaml", "starts_with: 因此，深入探讨 LDH 术后残余症状",
                                    "starts_with: ''"), "coverage.yaml",
         "'starts_with' is empty"),
    Case("exemption-duplicate", replace("coverage.yaml", "starts_with: 近年来，国内外学者开展了多项",
                                        "starts_with: 因此，深入探讨 LDH"), "coverage.yaml",
         "sent-1-p1-s5 is already exempted (at curation/coverage.yaml:4)"),
    Case("exemption-in-abstract", replace("coverage.yaml", "starts_with: 因此，深入探讨 LDH 术后残余症状",
                                          "starts_with: 腰椎间盘突出症(Lumbar Disc Herniation, "
                                          "LDH)术后残余症状"), "coverage.yaml",
         "sent-abstract-zh-p1-s1 is in section abstract-zh; exemptions are for sections 1-8"),
    Case("exemption-quoted", replace("coverage.yaml", "starts_with: 因此，深入探讨 LDH 术后残余症状",
                                     "starts_with: 腰椎间盘突出症(Lumbar Disc Herniation, LDH)是"),
         "coverage.yaml", "sent-1-p1-s1 is exempted but quoted by the claim at "
         "curation/claims/s1_introduction.yaml:8"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_curation(case: Case, curation_copy: Path, previous: Path) -> None:
    """file:line: message for each kind, and the previous build untouched."""
    edited_line = case.edit(curation_copy)
    errors = _failed_build(previous, Inputs(curation=curation_copy))
    expected = case.expected(curation_copy, edited_line)
    assert any(e.startswith(expected) for e in errors), f"{expected!r} not in {errors}"
    assert len(errors) == case.n, errors


def test_case_ids_are_unique_and_all_listed() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    doc = " ".join((__doc__ or "").split())
    for i in ids:
        assert i in doc.replace("- ", "-").replace(", ", " "), f"{i} is not in the module's table"


def test_every_problem_is_reported(curation_copy: Path, previous: Path) -> None:
    """Malformed rows in several files are all reported, then (once they load) every check."""
    _edit(curation_copy / E, "label_en: mecobalamin", "label_en: [mecobalamin]")
    _edit(curation_copy / S1, "citations: [1]", "citations: one")
    (curation_copy / "errata.yaml").write_bytes(b"- printed: \xff\n")
    errors = _failed_build(previous, Inputs(curation=curation_copy))
    assert errors == [
        "curation/entities/treatments.yaml:4: 'label_en' must be text, got a list",
        "curation/claims/s1_introduction.yaml:6: 'citations' must be a list of reference "
        "numbers such as [4, 7]",
        "curation/errata.yaml:1: not UTF-8 text (byte 0xff); save it as UTF-8",
    ]


def test_every_check_is_reported(curation_copy: Path, previous: Path) -> None:
    _edit(curation_copy / S1, "citations: [1]", "citations: [43]")
    _edit(curation_copy / S2, "predicate: relieves", "predicate: relieve")
    _edit(curation_copy / "audit.yaml", "severity: warning", "severity: fatal")
    errors = _failed_build(previous, Inputs(curation=curation_copy))
    assert errors == [
        "curation/claims/s1_introduction.yaml:2: reference [43] is out of range (the review "
        "lists 1-42)",
        "curation/claims/s2_epidemiology.yaml:2: unknown predicate 'relieve'",
        "curation/audit.yaml:5: severity must be one of ['error', 'note', 'warning']",
    ]


def test_missing_curation_directory(tmp_path: Path, previous: Path) -> None:
    errors = _failed_build(previous, Inputs(curation=tmp_path / "nowhere"))
    assert errors == [f"{tmp_path / 'nowhere'}: the curation directory does not exist"]


def test_failure_while_writing_leaves_previous_build(previous: Path) -> None:
    """An error while artifacts are written aside (disk full, a serializer bug) discards them."""
    before = _snapshot(previous)
    with pytest.raises(OSError), _aside(previous) as tmp:
        (tmp / "ldhkg.ttl").write_text("half a new build\n", encoding="utf-8")
        raise OSError(28, "No space left on device")
    assert _snapshot(previous) == before


def test_failed_swap_puts_previous_build_back(previous: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(previous)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self.name.startswith(".build.tmp-"):
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError), _aside(previous) as tmp:
        (tmp / "ldhkg.ttl").write_text("a new build\n", encoding="utf-8")
    assert _snapshot(previous) == before


# --- the review, the ontology, the shapes, the mappings -----------------------------------------


def test_review_missing(tmp_path: Path, previous: Path) -> None:
    source = tmp_path / "review.txt"
    errors = _failed_build(previous, Inputs(source=source), stage="parse")
    assert errors == [f"{source}: cannot read the file: No such file or directory"]


def test_review_not_utf8(tmp_path: Path, previous: Path) -> None:
    source = tmp_path / "review.txt"
    raw = SOURCE_FILE.read_bytes()
    lines = raw.split(b"\n")
    lines[9] = lines[9] + b"\xff"
    source.write_bytes(b"\n".join(lines))
    errors = _failed_build(previous, Inputs(source=source), stage="parse")
    assert errors == [f"{source}:10: not UTF-8 text (byte 0xff); save it as UTF-8"]


def test_review_altered(tmp_path: Path, previous: Path) -> None:
    """One changed character (or a truncated copy) is caught before any quote is looked up."""
    source = tmp_path / "review.txt"
    text = SOURCE_FILE.read_text(encoding="utf-8")
    source.write_text(text.replace("32.8%", "33.8%", 1), encoding="utf-8", newline="")
    errors = _failed_build(previous, Inputs(source=source), stage="parse")
    assert len(errors) == 1 and errors[0].startswith(f"{source}: the review is not the recorded "
                                                     "copy (sha256 ")
    raw = SOURCE_FILE.read_bytes()
    source.write_bytes(raw[: raw.index(b"\n", 5000)])
    assert _failed_build(previous, Inputs(source=source), stage="parse")[0].startswith(
        f"{source}: the review is not the recorded copy")


def test_review_reference_list_broken(tmp_path: Path, previous: Path) -> None:
    """Without the checksum (another copy of the text), a broken reference list still fails."""
    source = tmp_path / "review.txt"
    text = SOURCE_FILE.read_text(encoding="utf-8")
    start = text.index("参考文献")
    source.write_text(text[:start] + text[start:].replace("[5]", "[55]", 1), encoding="utf-8",
                      newline="")
    errors = _failed_build(previous, Inputs(source=source, source_sha256=None), stage="parse")
    assert errors[0].startswith("ReferenceParseError: reference numbers are not 1..n in order")


def test_ontology_malformed(tmp_path: Path, previous: Path) -> None:
    onto = tmp_path / "ldh.ttl"
    text = ONTOLOGY_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    text[29] = 'ldho:broken ldho:label "unterminated .\n'
    onto.write_text("".join(text), encoding="utf-8")
    errors = _failed_build(previous, Inputs(ontology=onto))
    assert errors == [f"{onto}:30: malformed Turtle: newline found in string literal"]


def test_ontology_missing(tmp_path: Path, previous: Path) -> None:
    onto = tmp_path / "ldh.ttl"
    errors = _failed_build(previous, Inputs(ontology=onto))
    assert errors == [f"{onto}: cannot read the file: No such file or directory"]


def test_shapes_malformed(tmp_path: Path, previous: Path) -> None:
    """Found before reasoning, not after it."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_FILE.read_text(encoding="utf-8") + "ldh:x ldh:y\n",
                      encoding="utf-8")
    errors = _failed_build(previous, Inputs(shapes=shapes))
    assert len(errors) == 1 and errors[0].startswith(f"{shapes}:")
    assert "malformed Turtle" in errors[0]


def _mappings_copy(tmp_path: Path, edit: Callable[[list[str]], None]) -> tuple[Path, int]:
    """A copy of the SSSOM table edited row-wise; the line of its first data row."""
    path = tmp_path / "mappings.sssom.tsv"
    lines = MAPPINGS_FILE.read_text(encoding="utf-8").splitlines()
    first = next(i for i, ln in enumerate(lines) if not ln.startswith("#")) + 2
    edit(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, first


def test_mappings_unknown_subject(tmp_path: Path, previous: Path) -> None:
    def edit(lines: list[str]) -> None:
        i = next(i for i, ln in enumerate(lines) if ln.startswith("ldh:acupuncture\t"))
        lines[i] = lines[i].replace("ldh:acupuncture", "ldh:acupunture", 1)

    path, first = _mappings_copy(tmp_path, edit)
    errors = _failed_build(previous, Inputs(mappings=path))
    assert errors == [f"{path}:{first}: mapping subject ldh:acupunture is not a curated entity"]


def test_mappings_unknown_prefix(tmp_path: Path, previous: Path) -> None:
    def edit(lines: list[str]) -> None:
        i = next(i for i, ln in enumerate(lines) if ln.startswith("ldh:acupuncture\t"))
        lines[i] = lines[i].replace("MESH:D015670", "MeSH:D015670", 1)

    path, first = _mappings_copy(tmp_path, edit)
    errors = _failed_build(previous, Inputs(mappings=path))
    assert errors == [f"{path}:{first}: object_id 'MeSH:D015670' has no known prefix"]


def test_mappings_wrong_number_of_cells(tmp_path: Path, previous: Path) -> None:
    def edit(lines: list[str]) -> None:
        i = next(i for i, ln in enumerate(lines) if ln.startswith("ldh:acupuncture\t"))
        lines[i] = lines[i].replace("\t", "    ", 1)

    path, first = _mappings_copy(tmp_path, edit)
    errors = _failed_build(previous, Inputs(mappings=path))
    assert errors == [f"{path}:{first}: 8 cells, the header has 9"]


def test_mappings_missing_column(tmp_path: Path, previous: Path) -> None:
    def edit(lines: list[str]) -> None:
        i = next(i for i, ln in enumerate(lines) if ln.startswith("subject_id\t"))
        lines[i] = lines[i].replace("predicate_id", "predicate", 1)

    path, first = _mappings_copy(tmp_path, edit)
    errors = _failed_build(previous, Inputs(mappings=path))
    assert errors == [f"{path}:{first - 1}: missing column(s): predicate_id"]


# --- earlier single-kind tests (kept) -----------------------------------------------------------


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


# --- through the real command line, over a copy of the real build (slow) -------------------------


def _ldhkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True,
                          text=True, check=False)


@pytest.fixture()
def previous_real(built: BuildResult, tmp_path: Path) -> Path:
    """A copy of the real build (the pyoxigraph store included), as the previous build."""
    out = tmp_path / "out" / "build"
    shutil.copytree(built.out, out)
    return out


CLI_CASES = {
    "yaml-tab": (replace(E, "  type: Drug\n", "\ttype: Drug\n"),
                 "curation/entities/treatments.yaml:3: malformed YAML"),
    "not-utf8": (write(E, b"# entities\n" + GBK_ROW),
                 "curation/entities/treatments.yaml:3: not UTF-8 text"),
    "missing-coverage-file": (remove("coverage.yaml"),
                              "curation/coverage.yaml: missing (write [] if it has no rows)"),
    "unknown-entity": (replace(S3, "object: nerve-root-inflammation",
                               "object: nerve-root-inflamation"),
                       "unknown object entity 'nerve-root-inflamation'"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CLI_CASES))
def test_cli_build_fails_cleanly(name: str, curation_copy: Path, previous_real: Path) -> None:
    """`ldhkg build`: exit 1, file:line on stderr, no traceback, previous build byte-identical."""
    edit, expected = CLI_CASES[name]
    edit(curation_copy)
    before = _snapshot(previous_real)
    proc = _ldhkg("build", "--out", str(previous_real), "--quiet", "--curation",
                  str(curation_copy))
    assert proc.returncode == 1, proc.stderr
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"the previous build in {previous_real} is untouched" in proc.stderr
    assert _snapshot(previous_real) == before
    assert any(k.startswith("store/") for k in before)


@pytest.mark.slow
def test_cli_missing_curation_dir(tmp_path: Path, previous_real: Path) -> None:
    before = _snapshot(previous_real)
    proc = _ldhkg("build", "--out", str(previous_real), "--curation", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(previous_real) == before


@pytest.mark.slow
def test_cli_check_reports_every_problem(curation_copy: Path) -> None:
    _edit(curation_copy / S1, "citations: [1]", "citations: [43]")
    _edit(curation_copy / S2, "predicate: relieves", "predicate: relieve")
    proc = _ldhkg("check", "--curation", str(curation_copy))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "error: curation/claims/s1_introduction.yaml:2: reference [43] is out of range (the "
        "review lists 1-42)",
        "error: curation/claims/s2_epidemiology.yaml:2: unknown predicate 'relieve'",
    ]


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
