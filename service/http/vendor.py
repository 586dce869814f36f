"""The page's third-party assets: which file of which npm package (``package.json``, pinned by
``package-lock.json``) the app serves under ``/static/vendor/``.

``make`` runs ``npm ci`` and then ``python -m service.http.vendor node_modules``, which copies
each asset into ``service/http/static/vendor/`` (git-ignored): the app serves them from there,
and a wheel built after it carries them, so an installed service needs neither npm nor the
network.

>>> sorted(ASSETS)[:1]
['cose-base.js']
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"
ASSETS: dict[str, str] = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "layout-base.js": "layout-base/layout-base.js",  # cytoscape-fcose's dependencies, in order
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
    "d3.min.js": "d3/dist/d3.min.js",  # Observable Plot needs d3
    "plot.umd.min.js": "@observablehq/plot/dist/plot.umd.min.js",
    "yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}


def copy_assets(node_modules: Path, dest: Path = VENDOR_DIR) -> list[Path]:
    """Copy every asset from ``node_modules``; a missing one is an error naming the package."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for name, rel in sorted(ASSETS.items()):
        src = node_modules / rel
        if not src.is_file():
            raise FileNotFoundError(f"{src} is missing: run `npm ci` (make does)")
        shutil.copyfile(src, dest / name)
        out.append(dest / name)
    return out


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    node_modules = Path(args[0] if args else "node_modules")
    try:
        copied = copy_assets(node_modules)
    except FileNotFoundError as exc:
        sys.exit(f"error: {exc}")
    print(f"copied {len(copied)} assets into {VENDOR_DIR}")


if __name__ == "__main__":
    main()
