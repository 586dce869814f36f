"""Shared fixtures: one real build of the whole graph per test session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.paths import CURATION_DIR
from kg.pipeline import BuildResult, build
from kg.store import Store, open_store


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real build (parse, check, RDF, HermiT, SHACL, write) into a temporary directory."""
    return build(tmp_path_factory.mktemp("build") / "build", progress=False)


@pytest.fixture(scope="session")
def store(built: BuildResult) -> Store:
    """The built on-disk pyoxigraph store, opened read-only as the service does."""
    return open_store(f"oxigraph:{built.out / 'store'}")


@pytest.fixture()
def curation_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the curation, for tests that break it on purpose."""
    dst = tmp_path / "curation"
    shutil.copytree(CURATION_DIR, dst)
    yield dst
