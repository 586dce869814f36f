"""Named SPARQL queries (``*.rq`` beside this file), loaded by name.

>>> "SELECT" in load("health")
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> str:
    """The text of ``<name>.rq``; raises ``FileNotFoundError`` for an unknown name."""
    return (_DIR / f"{name}.rq").read_text(encoding="utf-8")
