"""Every Biolink term the graph uses exists in the Biolink model (the PyPI release's YAML)."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml
from rdflib import URIRef

from kg.build.checks import KNOWLEDGE_LEVELS
from kg.build.reasoning import load_ontology
from kg.namespaces import BIOLINK
from kg.paths import ONTOLOGY_FILE


@pytest.fixture(scope="module")
def model() -> dict[str, object]:
    pytest.importorskip("biolink_model")
    text = (resources.files("biolink_model") / "schema" / "biolink_model.yaml").read_text("utf-8")
    data: dict[str, object] = yaml.safe_load(text)
    return data


def _enum(model: dict[str, object], name: str) -> set[str]:
    enums = model["enums"]
    assert isinstance(enums, dict)
    return set(enums[name]["permissible_values"])


def test_knowledge_level_and_agent_type_values(model: dict[str, object]) -> None:
    assert _enum(model, "KnowledgeLevelEnum") >= KNOWLEDGE_LEVELS
    assert {"manual_agent", "automated_agent"} <= _enum(model, "AgentTypeEnum")


def test_biolink_iris_in_the_ontology_exist(model: dict[str, object]) -> None:
    slots, classes = model["slots"], model["classes"]
    assert isinstance(slots, dict) and isinstance(classes, dict)
    camel = {"".join(w[:1].upper() + w[1:] for w in c.split(" ")) for c in classes}
    names = {re.sub(r"[ _]", "_", s) for s in slots} | camel
    used = {str(o)[len(str(BIOLINK)):] for o in load_ontology(ONTOLOGY_FILE).objects()
            if isinstance(o, URIRef) and str(o).startswith(str(BIOLINK))}
    assert used and used <= names, used - names
