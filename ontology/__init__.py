"""The ontology files (``ldh.ttl``, ``shapes.ttl``, ``mappings.sssom.tsv``), shipped as the
package data of ``kg.ontology`` (see ``pyproject.toml``); read through ``kg.paths``."""
