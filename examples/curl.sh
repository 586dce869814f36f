#!/usr/bin/env bash
# Talk to a running `ldhkg serve` (default http://127.0.0.1:8000) with curl.
set -euo pipefail
BASE="${LDHKG_URL:-http://127.0.0.1:8000}"
HERE="$(cd "$(dirname "$0")" && pwd)"

echo "# health"
curl -sS "$BASE/health"; echo

echo "# SPARQL by GET, results as CSV"
curl -sS -G "$BASE/sparql" -H 'Accept: text/csv' \
  --data-urlencode "query@$HERE/queries/treatments_for_inflammatory_pain.rq"

echo "# SPARQL by POST (application/sparql-query), results as SPARQL JSON"
curl -sS "$BASE/sparql" -H 'Content-Type: application/sparql-query' \
  --data-binary "@$HERE/queries/risk_factors.rq" | head -c 400; echo

echo "# restrict the dataset to the inferred graph"
curl -sS -G "$BASE/sparql" -H 'Accept: text/tab-separated-values' \
  --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' \
  --data-urlencode 'default-graph-uri=https://w3id.org/ldhkg/graph/inferred'

echo "# the service description (Turtle, with VoID triple counts)"
curl -sS "$BASE/sparql" -H 'Accept: text/turtle' | head -20

echo "# an entity, by CURIE, with its relations and evidence"
curl -sS "$BASE/api/entities/ldh:mecobalamin" | head -c 600; echo

echo "# an update is refused"
curl -sS -o /dev/null -w '%{http_code}\n' "$BASE/sparql" --data-urlencode 'update=CLEAR ALL'
