# ldhkg: `make serve` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install build serve test lint typecheck bench bench-build bench-scale bench-queries bench-http bench-soak clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

NODE_STAMP := node_modules/.installed

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# the web page's assets, pinned in package-lock.json, copied into service/http/static/vendor
# (served by the app and carried by the wheel: no CDN, no npm on an installed machine)
$(NODE_STAMP): package.json package-lock.json service/http/vendor.py $(STAMP)
	npm ci --no-audit --no-fund --silent --ignore-scripts  # no install scripts: no telemetry, no network at run time
	$(BIN)/python -m service.http.vendor node_modules
	touch $(NODE_STAMP)

# kgx (Biolink KGX) validates the KGX exports; it pins versions that conflict with ours, so it
# lives in a venv of its own, used only by tests/test_export_tabular.py
KGX_VENV := .kgx-venv
KGX_STAMP := $(KGX_VENV)/.installed
$(KGX_STAMP):
	$(PYTHON) -m venv $(KGX_VENV)
	$(KGX_VENV)/bin/pip install --quiet kgx==2.6.0 biolink-model==4.4.6
	touch $(KGX_STAMP)

install: $(STAMP) $(NODE_STAMP)  ## virtualenv + pinned Python packages, and the page's npm packages

build: $(STAMP) $(NODE_STAMP)  ## build the graph and every artifact into build/
	$(BIN)/ldhkg build --out build

serve: build  ## set up, build, then serve on $(HOST):$(PORT)
	$(BIN)/ldhkg serve --host $(HOST) --port $(PORT)

lint: $(STAMP)  ## ruff, and the import-layering contracts (lint-imports, pyproject.toml)
	$(BIN)/ruff check kg service tests ontology benchmarks examples
	$(BIN)/lint-imports --config pyproject.toml

typecheck: $(STAMP)  ## mypy (strict on kg and service)
	$(BIN)/mypy

test: $(STAMP) $(NODE_STAMP) $(KGX_STAMP) lint typecheck  ## set up, then lint, type-check and run every test
	LDHKG_KGX_PYTHON=$(CURDIR)/$(KGX_VENV)/bin/python $(BIN)/pytest

bench: bench-build bench-scale bench-queries bench-http bench-soak  ## every benchmark -> benchmarks/RESULTS.md (~2 h: the 10 M stores dominate)

bench-build: $(STAMP)  ## the whole review built with reasoning, 3 fresh processes
	$(BIN)/python benchmarks/build_bench.py --out benchmarks/RESULTS.md

bench-scale: build  ## every route cold and warm, embedded and via Oxigraph, at ~20 k, 1 M, 10 M triples
	$(BIN)/python benchmarks/route_scale.py --out benchmarks/RESULTS.md

bench-queries: build  ## load time, memory and the SPARQL queries alone at ~5 k, 1 M and 10 M triples
	$(BIN)/python benchmarks/scale_bench.py --out benchmarks/RESULTS.md

bench-http: build  ## HTTP beside the ceiling and the peers (needs wrk: apt-get install wrk)
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(BIN)/python benchmarks/http_bench.py --out benchmarks/RESULTS.md

bench-soak: build  ## 60 s, 32 clients, runaway queries mixed in
	$(BIN)/python benchmarks/soak.py --out benchmarks/RESULTS.md

clean:  ## remove build outputs (keeps the virtualenv)
	rm -rf build .pytest_cache .mypy_cache .ruff_cache test-artifacts
