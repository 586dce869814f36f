"""Push a build into an existing SPARQL 1.1 store, named graphs kept, a reload replacing.

With a Graph Store Protocol endpoint each named graph is PUT (``?graph=IRI``), which replaces
it atomically; otherwise SPARQL Update drops each graph and inserts it in batches. Either way
a second load gives the same triples, never duplicates.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

BATCH = 500  # triples per INSERT DATA request (Virtuoso's SPARQL compiler fails near 5000)


class LoadError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class LoadReport:
    graphs: dict[str, int]
    method: str


def _graphs(nquads: Path) -> dict[str, list[str]]:
    """N-Quads lines grouped by graph, as N-Triples lines (the build writes one quad a line)."""
    out: dict[str, list[str]] = defaultdict(list)
    for line in nquads.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        body, graph = line[: -len(" .")].rsplit(" ", 1)
        if not (graph.startswith("<") and graph.endswith(">")):
            raise LoadError(f"{nquads}: a quad without a named graph: {line[:120]}")
        out[graph[1:-1]].append(body + " .")
    return out


def _auth() -> tuple[str, str] | None:
    user = os.environ.get("LDHKG_ENDPOINT_USER")
    return (user, os.environ.get("LDHKG_ENDPOINT_PASSWORD", "")) if user else None


def _batches(lines: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(lines), size):
        yield lines[i : i + size]


def load_build(
    build: Path,
    *,
    update_url: str | None = None,
    store_url: str | None = None,
    batch: int = BATCH,
) -> LoadReport:
    """Load ``build/ldhkg.nq`` through GSP (``store_url``) or SPARQL Update (``update_url``)."""
    nq = build / "ldhkg.nq"
    if not nq.exists():
        raise LoadError(f"no {nq}: run `ldhkg build --out {build}` first")
    graphs = _graphs(nq)
    with httpx.Client(timeout=httpx.Timeout(300.0, connect=5.0), auth=_auth()) as client:
        if store_url:
            for graph, lines in sorted(graphs.items()):
                r = client.put(
                    store_url,
                    params={"graph": graph},
                    content="\n".join(lines).encode("utf-8"),
                    headers={"content-type": "application/n-triples"},
                )
                if r.status_code >= 300:
                    raise LoadError(f"PUT {graph}: {r.status_code} {r.text[:300]}")
            return LoadReport({g: len(v) for g, v in graphs.items()}, "graph store protocol")
        if update_url:
            for graph, lines in sorted(graphs.items()):
                requests = [f"DROP SILENT GRAPH <{graph}>"]
                # A blank node's scope is one request: keep every triple that has one together,
                # or an OWL list would be split. INSERT {...} WHERE {} (not INSERT DATA), because
                # Virtuoso refuses blank nodes in INSERT DATA.
                with_bnodes = [ln for ln in lines if "_:" in ln]
                plain = [ln for ln in lines if "_:" not in ln]
                chunks = [with_bnodes] if with_bnodes else []
                chunks += list(_batches(plain, batch))
                requests += [
                    f"INSERT {{ GRAPH <{graph}> {{\n" + "\n".join(c) + "\n} } WHERE {}"
                    for c in chunks
                ]
                for update in requests:
                    r = client.post(
                        update_url,
                        content=update.encode("utf-8"),
                        headers={"content-type": "application/sparql-update"},
                    )
                    if r.status_code >= 300:
                        raise LoadError(f"update of {graph}: {r.status_code} {r.text[:300]}")
            return LoadReport({g: len(v) for g, v in graphs.items()}, "SPARQL update")
    raise LoadError("give --store-endpoint (Graph Store Protocol) or --update-endpoint")
