"""Deterministic synthetic data on the project's ontology, N reviews' worth.

Each synthetic review looks like the real one in shape: ~40 references, ~250 claims with
quotes (Web Annotation selectors), statistics, and the direct clinical edges between entities
drawn from a shared, growing pool (symptoms, mechanisms, treatments ...). About 4 000 triples
per review (the real one builds to about 11 000: it also has sentences, sections, inference
records and richer entities). Same ``--reviews`` and ``--seed`` give the same bytes.

    python benchmarks/synth.py --reviews 100 -o /tmp/synth.nq
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

ID = "https://w3id.org/ldhkg/id/"
ONT = "https://w3id.org/ldhkg/ontology/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
G_ASSERTED = "<https://w3id.org/ldhkg/graph/asserted>"
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
}
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


def _lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    esc = text.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"')
    return f'"{esc}"' + (f"@{lang}" if lang else f"^^<{XSD}{dtype}>" if dtype else "")


def quads(reviews: int, seed: int = 7) -> Iterator[str]:
    rnd = random.Random(seed)
    pool: list[tuple[str, str]] = []
    for r in range(reviews):
        for _ in range(150 if r == 0 else 20):  # the entity pool grows with the literature
            cls = rnd.choice(CLASSES)
            e = f"{ID}syn-e{len(pool)}"
            pool.append((e, cls))
            yield f"<{e}> <{RDF_TYPE}> <{ONT}{cls}> {G_ASSERTED} ."
            yield f"<{e}> <{LABEL}> {_lit(' '.join(rnd.sample(WORDS_EN, 3)), 'en')} {G_ASSERTED} ."
            yield f"<{e}> <{LABEL}> {_lit(''.join(rnd.sample(WORDS_ZH, 3)), 'zh')} {G_ASSERTED} ."
        doc = f"{ID}syn-r{r}"
        yield f"<{doc}> <{RDF_TYPE}> <{ONT}SourceDocument> {G_PROV} ."
        for n in range(1, 41):
            ref = f"{doc}-ref{n}"
            yield f"<{ref}> <{RDF_TYPE}> <{ONT}Reference> {G_PROV} ."
            yield f"<{ref}> <{ONT}referenceNumber> {_lit(str(n), dtype='integer')} {G_PROV} ."
            title = _lit(" ".join(rnd.choices(WORDS_EN, k=8)), "en")
            yield f"<{ref}> <http://purl.org/dc/terms/title> {title} {G_PROV} ."
        for c in range(250):
            (s, scls), (o, _) = rnd.choice(pool), rnd.choice(pool)
            pred = PREDICATES.get(scls, "associatedWith")
            claim, quote, sent = f"{doc}-c{c}", f"{doc}-q{c}", f"{doc}-s{c // 2}"
            text = "".join(rnd.choices(WORDS_ZH, k=12)) + f"[{rnd.randint(1, 40)}]。"
            yield f"<{s}> <{ONT}{pred}> <{o}> {G_ASSERTED} ."
            for p, v in (
                (RDF_TYPE, f"<{ONT}Claim>"),
                (f"{ONT}subject", f"<{s}>"),
                (f"{ONT}assertedPredicate", f"<{ONT}{pred}>"),
                (f"{ONT}object", f"<{o}>"),
                (f"{ONT}direction", _lit("supports")),
                (f"{ONT}hasQuote", f"<{quote}>"),
                (f"{ONT}cites", f"<{doc}-ref{rnd.randint(1, 40)}>"),
                ("https://w3id.org/biolink/vocab/knowledge_level", _lit("knowledge_assertion")),
            ):
                yield f"<{claim}> <{p}> {v} {G_ASSERTED} ."
            start = rnd.randint(0, 20000)
            for p, v in (
                (RDF_TYPE, f"<{ONT}Quote>"),
                (f"{OA}exact", _lit(text)),
                (f"{OA}start", _lit(str(start), dtype="integer")),
                (f"{OA}end", _lit(str(start + len(text)), dtype="integer")),
                (f"{ONT}inSentence", f"<{sent}>"),
            ):
                yield f"<{quote}> <{p}> {v} {G_PROV} ."
            if c % 7 == 0:
                stat = f"{doc}-stat{c}"
                for p, v in (
                    (RDF_TYPE, f"<{ONT}Statistic>"),
                    (f"{ONT}quantityKind", _lit("prevalence")),
                    (f"{ONT}value", _lit(f"{rnd.uniform(1, 60):.1f}", dtype="decimal")),
                    (f"{ONT}unit", _lit("percent")),
                    (f"{ONT}about", f"<{o}>"),
                    (f"{ONT}sampleSize", _lit(str(rnd.randint(40, 2000)), dtype="integer")),
                ):
                    yield f"<{stat}> <{p}> {v} {G_ASSERTED} ."
                yield f"<{claim}> <{ONT}hasStatistic> <{stat}> {G_ASSERTED} ."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reviews", type=int, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    with args.out.open("w", encoding="utf-8") as fh:
        for q in quads(args.reviews, args.seed):
            fh.write(q + "\n")


if __name__ == "__main__":
    main()
