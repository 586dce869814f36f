"""Bilingual search over entity labels and synonyms, tolerant of typos and abbreviations.

Clinicians type abbreviations (PELD, sEMG, IL-6), Chinese terms (甲钴胺, 神经根), full-width
characters and misspellings (mecobalamine). Every label and synonym is folded once per store
(NFKC, case, hyphens/spaces); a query is then matched in tiers, so an exact or prefix match
always outranks a merely similar one:

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

from kg.namespaces import expand, is_local_id
from kg.read.entity_list import EntityRow, entity_table, fold, per_store, squash
from kg.read.records import UnknownEntity
from kg.store import Store

FUZZY_CUTOFF = 80.0
FUZZY_SCALE = 0.79
RESOLVE_MIN_RATIO = 80.0  # a name that is not exact must be this similar to the whole label
_FIELD_ORDER = {"label_en": 0, "label_zh": 0, "synonym": 1}


@dataclass(frozen=True, slots=True)
class _Entry:
    iri: str
    field: str
    text: str
    folded: str
    squashed: str


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


@dataclass(frozen=True, slots=True)
class SearchIndex:
    entries: tuple[_Entry, ...]
    folded: tuple[str, ...]
    rows: dict[str, EntityRow]


@per_store
def search_index(store: Store) -> SearchIndex:
    """Every label and synonym of every clinical entity, folded (built once per store)."""
    rows = entity_table(store)
    entries = tuple(
        _Entry(iri, f, text, fold(text), squash(text))
        for iri, row in rows.items()
        for f, text in row.texts()
        if squash(text)
    )
    return SearchIndex(entries, tuple(e.folded for e in entries), rows)


def _tier(query: str, entry: _Entry) -> tuple[str, float] | None:
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

    Ties are broken by the text as typed, label before synonym, the shorter text, then the
    id, so results are deterministic.

    >>> from kg.store import open_store
    >>> search(open_store("memory:"), "ＰＥＬＤ").normalized
    'peld'
    """
    index = search_index(store)
    folded, squashed = fold(query), squash(query)
    if not squashed:
        return SearchResult(query, folded, 0, [])
    # per entity: (score, same folded text, label before synonym, shorter text), kind, entry
    best: dict[str, tuple[tuple[float, bool, int, int], str, _Entry]] = {}

    def offer(entry: _Entry, kind: str, score: float) -> None:
        key = (score, entry.folded == folded, -_FIELD_ORDER[entry.field], -len(entry.text))
        if entry.iri not in best or key > best[entry.iri][0]:
            best[entry.iri] = (key, kind, entry)

    for entry in index.entries:
        tier = _tier(squashed, entry)
        if tier is not None:
            offer(entry, *tier)
    if len(squashed) >= 2:
        for _, raw, i in process.extract(
            folded, index.folded, scorer=fuzz.WRatio, limit=None, score_cutoff=FUZZY_CUTOFF
        ):
            entry = index.entries[i]
            if _tier(squashed, entry) is None:
                offer(entry, "fuzzy", raw * FUZZY_SCALE)
    ranked = sorted(best.items(), key=lambda kv: (tuple(-x for x in kv[1][0]), kv[0]))
    hits = []
    for iri, (key, kind, entry) in ranked[:limit]:
        ref = index.rows[iri].ref
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
    rows = entity_table(store)
    text = text.strip()
    local = text.removeprefix("ldh:")
    if is_local_id(local) and expand(f"ldh:{local}") in rows:
        return expand(f"ldh:{local}")
    hits = search(store, text, limit=3).hits
    if hits:
        similarity = fuzz.ratio(fold(text), fold(hits[0].matched))
        if hits[0].match == "exact" or similarity >= RESOLVE_MIN_RATIO:
            return expand(hits[0].id)
    hint = "; did you mean " + ", ".join(h.id for h in hits) + "?" if hits else ""
    raise UnknownEntity(f"no entity matches {text!r}{hint}")
