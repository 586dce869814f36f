"""Evidence audit: computed checks find the real problems and nothing spurious."""

from __future__ import annotations

import pytest

from kg.build.audit import grim_consistent
from kg.build.pipeline import BuildResult


@pytest.mark.parametrize(("value", "n", "ok"), [
    ("32.8", 1192, True), ("26.4", 1192, True), ("30.1", 146, True), ("13.0", 146, True),
    ("4.9", 527, True), ("12.5", 127, False), ("28.3", 186, False), ("20.2", 186, False),
    ("50", 2, True), ("33.3", 3, True), ("33.4", 3, False)])
def test_grim(value: str, n: int, ok: bool) -> None:
    assert grim_consistent(value, n) is ok


@pytest.mark.slow
def test_computed_flags(built: BuildResult) -> None:
    flags = [(f["kind"], tuple(f["references"])) for f in built.report["audit_flags"]
             if f["detected_by"] == "automated_agent"]
    assert sorted(flags) == sorted([
        ("grim-inconsistent", (13,)), ("grim-inconsistent", (19,)), ("grim-inconsistent", (19,)),
        ("volume-doi-mismatch", (32,)), ("identical-author-list", (17, 22)),
        ("author-name-mismatch", (10,)), ("citation-sample-size-mismatch", (14,)),
        ("citation-follow-up-mismatch", (32,))])
    reasons = " ".join(f["reason"] for f in built.report["audit_flags"])
    assert "15/127 = 11.81% and 16/127 = 12.60%" in reasons
    assert "encodes volume 22 (printed 3)" in reasons


@pytest.mark.slow
def test_curated_flags_say_why(built: BuildResult) -> None:
    curated = [f for f in built.report["audit_flags"] if f["detected_by"] == "manual_agent"]
    assert len(curated) >= 15
    assert all(len(f["reason"]) > 40 for f in curated)
    assert any(f["kind"] == "malformed-doi" and f["references"] == [2] for f in curated)
