"""``GET /api/ask?q=``: a question in English or Chinese, answered with its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from kg.ask import AskAnswer, ask
from service.http.deps import StoreDep
from service.http.render import json_response

router = APIRouter(prefix="/api", tags=["ask"])

_EXAMPLES = {
    "yes-no-en": {"summary": "Yes/no, English",
                  "value": "Does mecobalamin reduce homocysteine?"},
    "yes-no-zh": {"summary": "Yes/no, Chinese", "value": "甲钴胺能降低同型半胱氨酸吗？"},
    "treatments-zh": {"summary": "Treatments for a kind of symptom, Chinese",
                      "value": "哪些治疗针对炎症性残余疼痛？"},
    "differential-en": {
        "summary": "A test that tells two conditions apart",
        "value": "Which test tells a new nerve-root injury from a residual symptom?",
    },
    "numbers-en": {"summary": "Change between time points",
                   "value": "How did residual back pain change from 6 to 24 months in [8]?"},
    "risk-zh": {"summary": "Risk factors with thresholds, Chinese",
                "value": "术后腰痛残留的独立危险因素有哪些？"},
}


@router.get("/ask", response_model=AskAnswer)
def ask_route(
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            description="A question in English, Chinese or both",
            openapi_examples=_EXAMPLES,
        ),
    ],
) -> Response:
    """Interpretation (intent, entities), the SPARQL templates run with their bound values,
    and answers with evidence; ``boolean`` for a yes/no question; a plain statement and
    suggested questions when the review does not say."""
    return json_response(ask(store, q))
