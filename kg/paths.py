"""Where the package's data lives; one place so tests and the CLI agree."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SOURCE_FILE = PACKAGE_DIR / "sources" / "000_888abe56aacd480d.txt"
SOURCE_SHA256 = "c39c1ee7516518c7afdfab773bc1a8e3b534819499cd8c52bd82178b3993166c"
CURATION_DIR = PACKAGE_DIR / "curation"
QUERIES_DIR = PACKAGE_DIR / "queries"
ONTOLOGY_DIR = PROJECT_DIR / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ldh.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
MAPPINGS_FILE = ONTOLOGY_DIR / "mappings.sssom.tsv"
DEFAULT_BUILD_DIR = PROJECT_DIR / "build"
