"""SPARQL 1.1 Service Description of an endpoint, with VoID statistics per graph.

>>> g = describe_service("http://localhost/sparql", {"https://w3id.org/ldhkg/graph/asserted": 5},
...                      union_default=True)
>>> len(g) > 10
True
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.store.base import GRAPH_MEDIA_TYPES, RESULTS_MEDIA_TYPES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS["SPARQL_Results_JSON"],
    "application/sparql-results+xml": FORMATS["SPARQL_Results_XML"],
    "text/csv": FORMATS["SPARQL_Results_CSV"],
    "text/tab-separated-values": FORMATS["SPARQL_Results_TSV"],
    "text/turtle": FORMATS["Turtle"],
    "application/n-triples": FORMATS["N-Triples"],
    "application/rdf+xml": FORMATS["RDF_XML"],
    "application/n-quads": FORMATS["N-Quads"],
    "application/trig": FORMATS["TriG"],
    "application/ld+json": FORMATS["JSON-LD"],
}


def describe_service(endpoint: str, sizes: dict[str, int], *, union_default: bool) -> Graph:
    """The sd:Service for ``endpoint``: languages, formats, features and the default dataset."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    svc = URIRef(endpoint + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, URIRef(endpoint)))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.BasicFederatedQuery))
    if union_default:
        g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for media in (*RESULTS_MEDIA_TYPES, *GRAPH_MEDIA_TYPES):
        g.add((svc, SD.resultFormat, _FORMAT_IRIS[media]))
    g.add(
        (
            svc,
            DCTERMS.description,
            Literal(
                "Read-only SPARQL 1.1 endpoint of the LDH residual-symptom knowledge graph "
                "(CC BY 4.0, derived from doi:10.12677/jcpm.2025.41131). Updates are refused.",
                lang="en",
            ),
        )
    )
    dataset = BNode("defaultDataset")
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode("defaultGraph")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDF.type, VOID.Dataset))
    total = sum(sizes.values()) if union_default else 0
    g.add((default, VOID.triples, Literal(total, datatype=XSD.integer)))
    for name, n in sorted(sizes.items()):
        ng = BNode(f"graph-{abs(hash(name)) % 10**12}")
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
        desc = BNode(f"desc-{abs(hash(name)) % 10**12}")
        g.add((ng, SD.graph, desc))
        g.add((desc, RDF.type, SD.Graph))
        g.add((desc, RDF.type, VOID.Dataset))
        g.add((desc, VOID.triples, Literal(n, datatype=XSD.integer)))
    return g
