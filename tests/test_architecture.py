"""The plan of the house stays the plan: layering contracts, no import cycles between modules
(lazy imports inside functions count: they hide a cycle, they do not remove it), small
modules, few loose modules at kg/'s top level, an ARCHITECTURE.md that names real modules, and
every runtime import a declared dependency."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from importlib.metadata import packages_distributions, requires
from importlib.util import find_spec
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(p for d in ("kg", "service") for p in (ROOT / d).rglob("*.py"))


def test_import_linter_contracts_hold() -> None:
    exe = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(exe), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_no_import_cycles_between_modules() -> None:
    graph = grimp.build_graph("kg", "service", cache_dir=None)
    g = nx.DiGraph()
    for m in graph.modules:
        for other in graph.find_modules_directly_imported_by(m):
            g.add_edge(m, other)
    cycles = list(nx.simple_cycles(g, length_bound=8))
    assert not cycles, cycles[:5]


def test_no_module_is_over_400_lines() -> None:
    long = {p.relative_to(ROOT).as_posix(): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_at_most_ten_loose_modules_at_the_top_of_kg() -> None:
    loose = sorted(p.name for p in (ROOT / "kg").glob("*.py"))
    assert len(loose) <= 10, loose


def test_architecture_names_only_modules_that_exist() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:kg|service)(?:\.[a-z_]+)+)`", text))
    assert len(named) >= 25  # the walk names a module at every step
    missing = sorted(m for m in named if find_spec(m) is None)
    assert not missing


def test_every_runtime_import_is_a_declared_dependency() -> None:
    """A package the core or a face imports must be installed by ``pip install ldhkg``
    (found the hard way: httpx was a dev dependency the CLI imported)."""
    declared = {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-")
                for r in requires("ldhkg") or [] if "extra ==" not in r}
    dists = packages_distributions()
    stdlib = sys.stdlib_module_names
    missing: dict[str, str] = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.module
                     and not node.level else [])
            for name in names:
                top = name.split(".")[0]
                if top in stdlib or top in {"kg", "service"}:
                    continue
                owners = {d.lower().replace("_", "-") for d in dists.get(top, [top])}
                if not owners & declared:
                    missing[f"{path.relative_to(ROOT)}: {top}"] = ",".join(sorted(owners))
    assert not missing
