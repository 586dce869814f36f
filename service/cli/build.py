"""``ldhkg build`` and ``ldhkg check``: the builder's two commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.build.loader import CurationError, CurationErrors
from kg.build.pipeline import BuildError, Inputs, build, check_inputs, parse_inputs
from kg.build.references import ReferenceParseError
from kg.paths import DEFAULT_BUILD_DIR


@click.command("build", help="Build every artifact (RDF, store, report) into OUT.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_BUILD_DIR,
    show_default=True,
    help="Output directory; replaced only if the build succeeds.",
)
@click.option(
    "--curation",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="Curation directory (default: the package's kg/curation).",
)
@click.option(
    "--add", "add", multiple=True, type=click.Path(path_type=Path),
    help="N-Quads to add into the same store (another source, synthetic data); repeatable.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def build_cmd(out: Path, curation: Path | None, add: tuple[Path, ...], quiet: bool) -> None:
    inputs = Inputs(add=add) if curation is None else Inputs(curation=curation, add=add)
    try:
        result = build(out, inputs, progress=not quiet)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo(f"the previous build in {out} is untouched", err=True)
        sys.exit(1)
    c = result.report["counts"]
    cov = result.report["coverage"]
    cc = result.report["concept_coverage"]
    click.echo(
        f"built {out}: {c['entities']} entities, {c['claims']} claims, "
        f"{c['statistics']} statistics, {c['references']} references, "
        f"{len(result.report['audit_flags'])} audit flags; sentence coverage {cov['covered']} "
        f"covered + {cov['exempt']} exempt, {len(cov['uncovered'])} uncovered; concept coverage "
        f"{cc['covered']} covered + {cc['exempt']} exempt of {cc['mentions']} mentions, "
        f"{cc['unexplained']} unexplained; "
        f"{result.report['reasoning']['inferred_triples']} inferred triples"
    )
    for extra in result.report.get("added", []):
        click.echo(f"added {extra['quads']} quads from {extra['file']}")
    click.echo("timings (s): " + ", ".join(f"{k} {v}" for k, v in result.timings.items()))


@click.command("check", help="Check the curation against the review without building.")
@click.option(
    "--curation", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None
)
def check_cmd(curation: Path | None) -> None:
    inputs = Inputs() if curation is None else Inputs(curation=curation)
    try:
        doc, refs = parse_inputs(inputs)
        _, cur, _ = check_inputs(inputs, doc, refs)
    except CurationErrors as exc:
        for e in exc.errors:
            click.echo(f"error: {e}", err=True)
        sys.exit(1)
    except (CurationError, ReferenceParseError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(cur.entities)} entities, {len(cur.claims)} claims")
