"""Bilingual search over entity labels and synonyms, tolerant of typos and abbreviations.

Clinicians type abbreviations (PELD, sEMG, IL-6), Chinese terms (甲钴胺, 神经根), full-width
characters and misspellings (mecobalamine). Every label and synonym is folded (NFKC, case,
hyphens/spaces) into the build's index, with a trigram index over it; a query is then matched
in tiers, so an exact or prefix match always outranks a merely similar one:

=========  ===========  ==========================================================
match      score        when
=========  ===========  ==========================================================
exact      100          same text once separators are removed (``IL6`` = ``IL-6``)
prefix     90-99        a label starts with the query (longer coverage ranks higher)
substring  80-89        the query occurs inside a label (``神经根`` in ``神经根炎``)
fuzzy      < 80         rapidfuzz ``WRatio`` >= 80, scaled by 0.79
=========  ===========  ==========================================================

Each entity is reported once, with its best-matching label or synonym.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kg.index import NameRow
from kg.namespaces import expand, is_local_id
from kg.read.entity_list import entity_refs
from kg.read.records import UnknownEntity
from kg.read.text_index import index_for
from kg.store import Store
from kg.text import fold, squash

FUZZY_CUTOFF = 80.0
FUZZY_SCALE = 0.79
RESOLVE_MIN_RATIO = 80.0  # a name that is not exact must be this similar to the whole label
# names read from the index per query: the shortest containing the text, and the candidates
# for the fuzzy tier (sharing three-character runs); more than any one page shows
CONTAINING = 5_000
SIMILAR = 500
_FIELD_ORDER = {"label_en": 0, "label_zh": 0, "synonym": 1}


@dataclass(slots=True)
class SearchHit:
    id: str
    label_en: str | None
    label_zh: str | None
    types: list[str]
    matched: str
    matched_field: str
    match: str
    score: float


@dataclass(slots=True)
class SearchResult:
    query: str
    normalized: str
    total: int
    hits: list[SearchHit]


def _tier(query: str, entry: NameRow) -> tuple[str, float] | None:
    """Exact / prefix / substring on squashed text, or None."""
    q, t = query, entry.squashed
    if q == t:
        return "exact", 100.0
    if t.startswith(q):
        return "prefix", 90.0 + 9.0 * len(q) / len(t)
    if q in t:
        return "substring", 80.0 + 9.0 * len(q) / len(t)
    return None


def search(store: Store, query: str, limit: int = 10) -> SearchResult:
    """Entities whose labels or synonyms match ``query``, best first.

    Candidates come from the index: the names containing the query (the shortest
    ``CONTAINING``, which hold every exact and prefix match and the best substrings) and, for
    the fuzzy tier, the ``SIMILAR`` names sharing most three-character runs with it. Ties are
    broken by the text as typed, label before synonym, the shorter text, then the id, so
    results are deterministic; ``total`` counts the entities among those candidates.

    >>> from kg.store import open_store
    >>> search(open_store("memory:"), "ＰＥＬＤ").normalized
    'peld'
    """
    index = index_for(store)
    folded, squashed = fold(query), squash(query)
    if not squashed:
        return SearchResult(query, folded, 0, [])
    # per entity: (score, same folded text, label before synonym, shorter text), kind, entry
    best: dict[str, tuple[tuple[float, bool, int, int], str, NameRow]] = {}

    def offer(entry: NameRow, kind: str, score: float) -> None:
        key = (score, entry.folded == folded, -_FIELD_ORDER[entry.field], -len(entry.text))
        if entry.iri not in best or key > best[entry.iri][0]:
            best[entry.iri] = (key, kind, entry)

    for entry in index.names_containing(squashed, CONTAINING):
        tier = _tier(squashed, entry)
        if tier is not None:
            offer(entry, *tier)
    similar = [e for e in index.names_similar(squashed, SIMILAR) if _tier(squashed, e) is None]
    for _, raw, i in process.extract(folded, [e.folded for e in similar], scorer=fuzz.WRatio,
                                     limit=None, score_cutoff=FUZZY_CUTOFF):
        offer(similar[i], "fuzzy", raw * FUZZY_SCALE)
    ranked = sorted(best.items(), key=lambda kv: (tuple(-x for x in kv[1][0]), kv[0]))
    refs = entity_refs(store, [iri for iri, _ in ranked[:limit]])
    hits = []
    for iri, (key, kind, entry) in ranked[:limit]:
        ref = refs[iri]
        hits.append(
            SearchHit(
                id=ref.id,
                label_en=ref.label_en,
                label_zh=ref.label_zh,
                types=list(ref.types),
                matched=entry.text,
                matched_field=entry.field,
                match=kind,
                score=round(key[0], 1),
            )
        )
    return SearchResult(query, folded, len(ranked), hits)


def resolve_entity(store: Store, text: str) -> str:
    """An entity id (``ldh:x`` or ``x``) or a name in either language -> the entity's IRI.

    An id wins if it names a clinical entity; otherwise the best search hit, if it matches
    exactly or is close to the whole label (rapidfuzz ratio >= 80, so ``mecobalamine``
    names mecobalamin but ``pain`` does not name "pain score"). Raises ``UnknownEntity``
    with the best candidates.
    """
    text = text.strip()
    local = text.removeprefix("ldh:")
    if is_local_id(local) and index_for(store).entity(expand(f"ldh:{local}")) is not None:
        return expand(f"ldh:{local}")
    hits = search(store, text, limit=3).hits
    if hits:
        similarity = fuzz.ratio(fold(text), fold(hits[0].matched))
        if hits[0].match == "exact" or similarity >= RESOLVE_MIN_RATIO:
            return expand(hits[0].id)
    hint = "; did you mean " + ", ".join(h.id for h in hits) + "?" if hits else ""
    raise UnknownEntity(f"no entity matches {text!r}{hint}")
