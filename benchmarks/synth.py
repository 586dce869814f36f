"""Deterministic synthetic data on the project's ontology, N reviews' worth.

Each synthetic review looks like the real one in shape and in how often each kind of node
occurs, so every canned query and REST route query finds its pattern in it (a query that only
matches the real review would look fast at scale for the wrong reason): 40 references, 15
sections, 250 claims with quotes (Web Annotation selectors, in a section), study design and
sample size on some claims, 4 cautions, statistics (14 prevalences, half with a time point; 3
thresholds for risk factors), one "distinguishes" claim with a comparator, 27 audit flags on
references, claims and statistics, and the reasoner's output: the sub-property and
property-chain edges and defined-class types in the ``inferred`` graph, each with its
``ldho:Inference`` record (rule, intermediate entity, claims it rests on).

Claims link entities drawn from a shared pool that grows by 20 entities a review (symptoms,
mechanisms, treatments ...). With ``--entities-from`` (the real build's N-Quads) the pool starts
with the real review's clinical entities, so queries bound to a real entity (``ldh:mecobalamin``,
a REST route's ``?target``) also meet the synthetic literature about it. About 5 300 triples
per review (the real one builds to about 11 000: it also has sentences, errata and richer
entities). Same arguments give the same bytes.

    python benchmarks/synth.py --reviews 100 -o /tmp/synth.nq [--entities-from build/ldhkg.nq]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

ID = "https://w3id.org/ldhkg/id/"
ONT = "https://w3id.org/ldhkg/ontology/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
IS_PART_OF = "http://purl.org/dc/terms/isPartOf"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
G_ASSERTED = "<https://w3id.org/ldhkg/graph/asserted>"
G_INFERRED = "<https://w3id.org/ldhkg/graph/inferred>"
G_PROV = "<https://w3id.org/ldhkg/graph/provenance>"
CLASSES = [
    "LowBackPain",
    "LegPain",
    "SensoryDisturbance",
    "MotorDisturbance",
    "PelvicSymptom",
    "CompressionMechanism",
    "InflammatoryMechanism",
    "SurgicalTraumaMechanism",
    "TCMPattern",
    "Drug",
    "EndoscopicSurgery",
    "Rehabilitation",
    "TCMTherapy",
    "RiskFactor",
    "Population",
    "ImagingProcedure",
    "ElectrophysiologicalTest",
    "Outcome",
]
PREDICATES = {
    "Drug": "targets",
    "EndoscopicSurgery": "treats",
    "Rehabilitation": "relieves",
    "TCMTherapy": "targets",
    "RiskFactor": "raisesRiskOf",
    "ImagingProcedure": "detects",
    "ElectrophysiologicalTest": "detects",
    "CompressionMechanism": "causes",
    "InflammatoryMechanism": "contributesTo",
    "SurgicalTraumaMechanism": "causes",
    "TCMPattern": "contributesTo",
}
# rdfs7 over the ontology's sub-properties, as kg.build.reasoning.property_closure completes them
SUPER_PROPERTY = {
    "treats": "addresses",
    "relieves": "addresses",
    "causes": "contributesTo",
    "distinguishes": "detects",
}
# defined classes (ontology/README.md): a contributor of this class makes the object a member
DEFINED_CLASS = {
    "InflammatoryMechanism": ({"LowBackPain", "LegPain"}, "InflammatoryResidualPain"),
    "CompressionMechanism": (
        {"LowBackPain", "LegPain", "SensoryDisturbance", "MotorDisturbance", "PelvicSymptom"},
        "CompressiveResidualSymptom",
    ),
}
TESTS = {"ImagingProcedure", "ElectrophysiologicalTest"}
CAUTIONS = {100: "cautionFor", 200: "slowerResponseIn"}  # claim number -> predicate
DESIGNS = ["retrospective-analysis", "meta-analysis", "cohort-study", "prospective-cohort-study"]
TIMEPOINTS = ["P3M", "P6M", "P1Y", "P2Y"]
FLAG_KINDS = ["citation-topic-mismatch", "citation-design-mismatch", "grim-inconsistent"]
WORDS_EN = [
    "residual",
    "pain",
    "root",
    "nerve",
    "disc",
    "lumbar",
    "surgery",
    "leg",
    "back",
    "numbness",
    "weakness",
    "repair",
]
WORDS_ZH = [
    "腰痛",
    "下肢",
    "麻木",
    "无力",
    "神经根",
    "压迫",
    "炎症",
    "手术",
    "术后",
    "残余",
    "症状",
    "治疗",
    "康复",
    "中医",
]
SECTIONS = 15
_TYPE_LINE = re.compile(
    rf"^<({re.escape(ID)}[^>]+)> <{re.escape(RDF_TYPE)}> <{re.escape(ONT)}(\w+)>\s+"
    + re.escape(G_ASSERTED)
)
_NOT_CLINICAL = {
    "Claim",
    "TraceableAuthorStatement",
    "UntraceableAuthorStatement",
    "Statistic",
    "Study",
}


def _lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{esc}"' + (f"@{lang}" if lang else f"^^<{XSD}{dtype}>" if dtype else "")


def real_entities(nquads: Path) -> list[tuple[str, str]]:
    """The real build's clinical entities with one class each (the synthetic pool's class when
    it has one, so they take part in the same kinds of claims), in file order."""
    found: dict[str, list[str]] = {}
    with nquads.open(encoding="utf-8") as fh:
        for line in fh:
            m = _TYPE_LINE.match(line)
            if m and m.group(2) not in _NOT_CLINICAL:
                found.setdefault(m.group(1), []).append(m.group(2))
    return [
        (e, next((c for c in classes if c in CLASSES), classes[0])) for e, classes in found.items()
    ]


class _Reasoner:
    """The inferred graph and its ``ldho:Inference`` records, one record per inferred triple
    (as the real build has), gathering every claim it rests on."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str, str], str] = {}
        self.contributes: dict[str, str] = {}  # mechanism -> first thing it contributes to

    def infer(
        self, s: str, p: str, o: str, rule: str, claims: list[str], via: str | None = None
    ) -> Iterator[str]:
        key = (s, p, o)
        rec = self.records.get(key)
        if rec is None:
            digest = hashlib.sha1(" ".join(key).encode()).hexdigest()[:12]
            rec = self.records[key] = f"{ID}syn-inference-{digest}"
            yield f"<{s}> <{p}> <{o}> {G_INFERRED} ."
            for pp, v in (
                (RDF_TYPE, f"<{ONT}Inference>"),
                (f"{ONT}inferredSubject", f"<{s}>"),
                (f"{ONT}assertedPredicate", f"<{p}>"),
                (f"{ONT}inferredObject", f"<{o}>"),
                (f"{ONT}inferenceRule", f"<{rule}>"),
                (LABEL, _lit(f"{s} {p} {o}")),
                (COMMENT, _lit(f"by {rule}")),
            ):
                yield f"<{rec}> <{pp}> {v} {G_PROV} ."
        if via:
            yield f"<{rec}> <{ONT}viaEntity> <{via}> {G_PROV} ."
        for c in claims:
            yield f"<{rec}> <{ONT}derivedFrom> <{c}> {G_PROV} ."

    def edge(self, s: str, scls: str, pred: str, o: str, ocls: str, claim: str) -> Iterator[str]:
        """What the reasoner concludes from one asserted edge."""
        sup = SUPER_PROPERTY.get(pred)
        if sup:
            yield from self.infer(s, ONT + sup, o, ONT + sup, [claim])
        if pred in ("contributesTo", "causes"):
            self.contributes.setdefault(s, o)
            members, cls = DEFINED_CLASS.get(scls, (set(), ""))
            if ocls in members:
                yield from self.infer(o, RDF_TYPE, ONT + cls, ONT + cls, [claim])
        if pred == "targets" and o in self.contributes:  # addresses = targets o contributesTo
            end = self.contributes[o]
            yield from self.infer(s, ONT + "addresses", end, ONT + "addresses", [claim], via=o)


def quads(reviews: int, seed: int = 7, entities: Sequence[tuple[str, str]] = ()) -> Iterator[str]:
    rnd = random.Random(seed)
    pool: list[tuple[str, str]] = list(entities)
    reasoner = _Reasoner()
    for r in range(reviews):
        for _ in range(150 if r == 0 else 20):  # the entity pool grows with the literature
            cls = rnd.choice(CLASSES)
            e = f"{ID}syn-e{len(pool)}"
            pool.append((e, cls))
            yield f"<{e}> <{RDF_TYPE}> <{ONT}{cls}> {G_ASSERTED} ."
            yield f"<{e}> <{LABEL}> {_lit(' '.join(rnd.sample(WORDS_EN, 3)), 'en')} {G_ASSERTED} ."
            yield f"<{e}> <{LABEL}> {_lit(''.join(rnd.sample(WORDS_ZH, 3)), 'zh')} {G_ASSERTED} ."
            alt = _lit(" ".join(rnd.sample(WORDS_EN, 2)), "en")
            yield f"<{e}> <{ALT_LABEL}> {alt} {G_ASSERTED} ."
        doc = f"{ID}syn-r{r}"
        yield f"<{doc}> <{RDF_TYPE}> <{ONT}SourceDocument> {G_PROV} ."
        for k in range(1, SECTIONS + 1):
            sec = f"{doc}-sec{k}"
            yield f"<{sec}> <{RDF_TYPE}> <{ONT}Section> {G_PROV} ."
            yield f"<{sec}> <{ONT}sectionNumber> {_lit(str(k))} {G_PROV} ."
            yield f"<{sec}> <{IS_PART_OF}> <{doc}> {G_PROV} ."
            yield f"<{sec}> <{LABEL}> {_lit(''.join(rnd.sample(WORDS_ZH, 4)), 'zh')} {G_PROV} ."
        for n in range(1, 41):
            ref = f"{doc}-ref{n}"
            yield f"<{ref}> <{RDF_TYPE}> <{ONT}Reference> {G_PROV} ."
            yield f"<{ref}> <{ONT}referenceNumber> {_lit(str(n), dtype='integer')} {G_PROV} ."
            title = _lit(" ".join(rnd.choices(WORDS_EN, k=8)), "en")
            yield f"<{ref}> <http://purl.org/dc/terms/title> {title} {G_PROV} ."
        flaggable: list[str] = []
        distinguishes = thresholds = 0
        for c in range(250):
            (s, scls), (o, ocls) = rnd.choice(pool), rnd.choice(pool)
            pred = PREDICATES.get(scls, "associatedWith")
            claim, quote, sent = f"{doc}-c{c}", f"{doc}-q{c}", f"{doc}-s{c // 2}"
            ref = f"{doc}-ref{rnd.randint(1, 40)}"
            if scls in TESTS and not distinguishes:  # one per review, as in the real one
                pred, distinguishes = "distinguishes", 1
                yield f"<{claim}> <{ONT}comparator> <{rnd.choice(pool)[0]}> {G_ASSERTED} ."
            elif c in CAUTIONS:
                pred = CAUTIONS[c]
            text = "".join(rnd.choices(WORDS_ZH, k=12)) + f"[{rnd.randint(1, 40)}]。"
            yield f"<{s}> <{ONT}{pred}> <{o}> {G_ASSERTED} ."
            yield from reasoner.edge(s, scls, pred, o, ocls, claim)
            for p, v in (
                (RDF_TYPE, f"<{ONT}Claim>"),
                (f"{ONT}subject", f"<{s}>"),
                (f"{ONT}assertedPredicate", f"<{ONT}{pred}>"),
                (f"{ONT}object", f"<{o}>"),
                (f"{ONT}direction", _lit("caution" if c % 60 == 59 else "supports")),
                (f"{ONT}hasQuote", f"<{quote}>"),
                (f"{ONT}cites", f"<{ref}>"),
                ("https://w3id.org/biolink/vocab/knowledge_level", _lit("knowledge_assertion")),
            ):
                yield f"<{claim}> <{p}> {v} {G_ASSERTED} ."
            if c % 3 == 0:
                yield f"<{claim}> <{ONT}studyDesign> <{ONT}{rnd.choice(DESIGNS)}> {G_ASSERTED} ."
            if c % 5 == 0:
                n = _lit(str(rnd.randint(20, 3000)), dtype="integer")
                yield f"<{claim}> <{ONT}sampleSize> {n} {G_ASSERTED} ."
            start = rnd.randint(0, 20000)
            for p, v in (
                (RDF_TYPE, f"<{ONT}Quote>"),
                (f"{OA}exact", _lit(text)),
                (f"{OA}start", _lit(str(start), dtype="integer")),
                (f"{OA}end", _lit(str(start + len(text)), dtype="integer")),
                (f"{ONT}inSentence", f"<{sent}>"),
                (f"{ONT}inSection", f"<{doc}-sec{1 + c * SECTIONS // 250}>"),
            ):
                yield f"<{quote}> <{p}> {v} {G_PROV} ."
            stats: list[tuple[str, str]] = []
            if c % 18 == 0:
                stats.append(("prevalence", o))
            if pred == "raisesRiskOf" and thresholds < 3:
                stats.append(("threshold", s))
                thresholds += 1
            for kind, about in stats:
                stat = f"{doc}-stat{c}-{kind}"
                for p, v in (
                    (RDF_TYPE, f"<{ONT}Statistic>"),
                    (f"{ONT}quantityKind", _lit(kind)),
                    (f"{ONT}value", _lit(f"{rnd.uniform(1, 60):.1f}", dtype="decimal")),
                    (f"{ONT}unit", _lit("percent" if kind == "prevalence" else "years")),
                    (f"{ONT}about", f"<{about}>"),
                    (f"{ONT}sampleSize", _lit(str(rnd.randint(40, 2000)), dtype="integer")),
                    (f"{ONT}cites", f"<{ref}>"),
                ):
                    yield f"<{stat}> <{p}> {v} {G_ASSERTED} ."
                if kind == "prevalence" and c % 2 == 0:
                    when = _lit(rnd.choice(TIMEPOINTS), dtype="duration")
                    yield f"<{stat}> <{ONT}timepoint> {when} {G_ASSERTED} ."
                if kind == "threshold":
                    yield f"<{stat}> <{ONT}comparison> {_lit('>=')} {G_ASSERTED} ."
                yield f"<{claim}> <{ONT}hasStatistic> <{stat}> {G_ASSERTED} ."
                flaggable.append(stat)
            flaggable.append(claim)
        for k in range(27):  # audit flags on claims, statistics and references
            flag = f"{doc}-flag{k}"
            target = f"{doc}-ref{rnd.randint(1, 40)}" if k % 3 == 0 else rnd.choice(flaggable)
            kind = FLAG_KINDS[k % len(FLAG_KINDS)]
            for p, v in (
                (RDF_TYPE, f"<{ONT}AuditFlag>"),
                (f"{ONT}flags", f"<{target}>"),
                (f"{ONT}flagKind", _lit(kind)),
                (f"{ONT}severity", _lit("warning")),
                (f"{ONT}reason", _lit(" ".join(rnd.choices(WORDS_EN, k=10)))),
                (f"{ONT}detectedBy", _lit("automated_agent" if k % 2 else "manual_agent")),
                (LABEL, _lit(f"{kind} {k}")),
            ):
                yield f"<{flag}> <{p}> {v} {G_PROV} ."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reviews", type=int, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--entities-from",
        type=Path,
        default=None,
        help="the real build's N-Quads: start the entity pool with its entities",
    )
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    entities = real_entities(args.entities_from) if args.entities_from else []
    with args.out.open("w", encoding="utf-8") as fh:
        for q in quads(args.reviews, args.seed, entities):
            fh.write(q + "\n")


if __name__ == "__main__":
    main()
