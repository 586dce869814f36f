"""Where the package's data lives; one place so tests and the CLI agree.

Everything the library reads is package data, found next to the installed modules: the review
and the curation inside ``kg/``, the ontology files as ``kg.ontology`` and the example queries
as ``kg.examples`` (in the checkout these are the top-level ``ontology/`` and
``examples/queries/`` folders, mapped into the package by ``pyproject.toml``). Nothing is read
relative to the working directory except the default build directory, ``./build``.

>>> ONTOLOGY_FILE.name, (ONTOLOGY_DIR / "shapes.ttl").exists()
('ldh.ttl', True)
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_dir(package: str) -> Path:
    return Path(str(files(package)))


PACKAGE_DIR = _package_dir("kg")
# the checkout (or site-packages): paths in messages are shown relative to it
PROJECT_DIR = PACKAGE_DIR.parent
SOURCE_FILE = PACKAGE_DIR / "sources" / "000_888abe56aacd480d.txt"
SOURCE_SHA256 = "c39c1ee7516518c7afdfab773bc1a8e3b534819499cd8c52bd82178b3993166c"
CURATION_DIR = PACKAGE_DIR / "curation"
QUERIES_DIR = PACKAGE_DIR / "queries"
ONTOLOGY_DIR = _package_dir("kg.ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "ldh.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
MAPPINGS_FILE = ONTOLOGY_DIR / "mappings.sssom.tsv"
EXAMPLE_QUERIES_DIR = _package_dir("kg.examples")
DEFAULT_BUILD_DIR = Path("build")
TEXT_INDEX = "text.sqlite"  # the full-text index, beside the store in a build directory
