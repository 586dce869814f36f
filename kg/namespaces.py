"""IRIs, prefixes and the one CURIE converter everything uses.

>>> expand("ldh:mecobalamin")
'https://w3id.org/ldhkg/id/mecobalamin'
>>> compact("https://w3id.org/ldhkg/ontology/targets")
'ldho:targets'
"""

from __future__ import annotations

import hashlib
import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/ldhkg/"
LDH = Namespace(BASE + "id/")
LDHO = Namespace(BASE + "ontology/")
GRAPH = Namespace(BASE + "graph/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
OA = Namespace("http://www.w3.org/ns/oa#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
ECO = Namespace("http://purl.obolibrary.org/obo/ECO_")
OBOINOWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")

ONTOLOGY_GRAPH = GRAPH["ontology"]
ASSERTED_GRAPH = GRAPH["asserted"]
INFERRED_GRAPH = GRAPH["inferred"]
PROVENANCE_GRAPH = GRAPH["provenance"]
GRAPHS = (ONTOLOGY_GRAPH, ASSERTED_GRAPH, INFERRED_GRAPH, PROVENANCE_GRAPH)

PREFIXES: dict[str, str] = {
    "ldh": str(LDH),
    "ldho": str(LDHO),
    "biolink": str(BIOLINK),
    "oa": str(OA),
    "bibo": str(BIBO),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "oboInOwl": str(OBOINOWL),
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "ECO": str(ECO),
    "CL": "http://purl.obolibrary.org/obo/CL_",
    "GO": "http://purl.obolibrary.org/obo/GO_",
    "UBERON": "http://purl.obolibrary.org/obo/UBERON_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "semapv": "https://w3id.org/semapv/vocab/",
}

_LOCAL = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_local_id(text: str) -> bool:
    """A readable local id: lower-case words joined by hyphens."""
    return bool(_LOCAL.match(text))


def expand(curie: str) -> str:
    """Expand a CURIE with the project prefixes; a bare local name means ``ldh:``."""
    if curie.startswith(("http://", "https://")):
        return curie
    prefix, sep, local = curie.partition(":")
    if not sep:
        return str(LDH) + curie
    if prefix not in PREFIXES:
        raise KeyError(f"unknown prefix {prefix!r} in {curie!r}")
    return PREFIXES[prefix] + local


def compact(iri: str) -> str:
    """Compact an IRI with the longest matching prefix; unknown IRIs are returned as is."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def short_hash(*parts: str, n: int = 8) -> str:
    """A stable content hash for ids (SHA-256, hex prefix)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def slug(text: str) -> str:
    """Hyphenated lower-case slug of an ASCII name (camelCase split)."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
