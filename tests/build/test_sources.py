"""The project's copy of the review is byte-identical to the published source."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.paths import PROJECT_DIR, SOURCE_FILE, SOURCE_SHA256


def test_source_copy_has_the_recorded_hash() -> None:
    assert hashlib.sha256(SOURCE_FILE.read_bytes()).hexdigest() == SOURCE_SHA256


def test_source_copy_matches_shared_source_when_present() -> None:
    shared = PROJECT_DIR.parent / "shared" / "source" / SOURCE_FILE.name
    if not shared.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert shared.read_bytes() == SOURCE_FILE.read_bytes()


def test_attribution_travels_with_the_copy() -> None:
    text = (SOURCE_FILE.parent / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "10.12677/jcpm.2025.41131" in text and SOURCE_SHA256 in text


def test_sources_dir_holds_only_the_review_and_attribution() -> None:
    names = sorted(p.name for p in Path(SOURCE_FILE.parent).iterdir())
    assert names == ["000_888abe56aacd480d.txt", "ATTRIBUTION.md"]
