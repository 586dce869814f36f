"""Recognise the graph's entities and classes in a question, in English, Chinese or both.

Every label and synonym (both languages) and every class label becomes a pattern over folded
text (NFKC so full-width ``ＰＥＬＤ`` is ``peld``; case-folded; hyphens and spaces optional, so
``IL6`` = ``IL-6``; traditional characters simplified with OpenCC). Matches are taken
longest first and never overlap, which is what a Chinese question without spaces needs: in
``甲钴胺联合神经妥乐平`` the combination wins over its parts. English words left over are
compared with the English terms by edit similarity, so ``mecobalamine`` still names mecobalamin.
Name forms are looked up in the build's index per question; class labels are read once.

>>> normalise("甲鈷胺能降低同型半胱氨酸嗎")
'甲钴胺能降低同型半胱氨酸吗'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from kg import queries
from kg.ask.model import Recognised
from kg.index import Index
from kg.namespaces import compact
from kg.read.entity_list import per_store
from kg.read.text_index import index_for
from kg.store import Store
from kg.text import fold_simplified

_ASCII_ALNUM = re.compile(r"[a-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Synonyms too generic to name one entity when they appear inside a question.
STOP_TERMS = frozenset(
    {"efficacy", "疗效", "function", "recurrence", "drugs", "药物", "medication", "evidence base",
     "existing studies", "现有研究", "early stage", "起步阶段", "准确性", "阻塞", "突出物",
     "history", "病史", "stasis", "strain", "instability", "不稳定", "imaging findings",
     "posture", "体位改变", "sex", "gender", "性别", "complications", "并发症", "disability"}
)
_EN_STOP = frozenset((
    "what", "which", "who", "whom", "how", "why", "does", "do", "did", "is", "are", "was",
    "were", "can", "could", "should", "would", "will", "the", "a", "an", "of", "for", "to",
    "in", "on", "at", "by", "with", "and", "or", "not", "from", "after", "before",
    "between", "than", "that", "this", "these", "those", "there", "their", "it", "its",
    "be", "been", "have", "has", "any", "some", "more", "less", "most", "patients",
    "patient", "surgery", "treatment", "treatments", "review", "say", "says", "stated",
    "state", "about",
))


normalise = fold_simplified  # the form every match runs on
FUZZY_TOKENS = 7  # a phrase of up to 4 words may name a term of up to 4 / 0.6 words
FUZZY_POOL = 2_000  # English names a question's words may fuzzily name, best-connected first


@dataclass(frozen=True, slots=True)
class _Term:
    pattern: re.Pattern[str]
    text: str
    folded: str
    iri: str
    kind: str  # entity | class
    rank: int  # 0 label, 1 synonym, 2 class label


@lru_cache(maxsize=65_536)
def _pattern(folded: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in folded.split(" ")]
    body = r"[\s\-]*".join(parts)
    if folded.endswith("y") and len(folded) >= 4 and folded[-2] not in "aeiou":
        body = body[:-1] + r"(?:y|ies)"  # "technology", "technologies"
    elif _ASCII_ALNUM.match(folded[-1]) and len(folded) >= 4 and not folded[-1].isdigit():
        body += r"(?:e?s)?"
    head = r"(?<![a-z0-9])" if _ASCII_ALNUM.match(folded[0]) else ""
    tail = r"(?![a-z0-9])" if _ASCII_ALNUM.match(folded[-1]) else ""
    return re.compile(head + body + tail)


@dataclass(slots=True)
class _Found:
    """The terms one question can match, read from the index for that question."""

    terms: list[_Term]
    english: list[_Term]
    by_prefix: dict[str, list[int]]
    degree: dict[str, int]
    refs: dict[str, tuple[str, str | None, str | None, list[str]]]


def _class_terms(store: Store) -> tuple[list[_Term], dict[str, tuple[str | None, str | None]]]:
    """Class labels (the ontology's size): the terms every question is matched against."""
    terms: list[_Term] = []
    class_labels: dict[str, tuple[str | None, str | None]] = {}
    for r in store.select(queries.load("ask_classes")).rows:
        iri, label = r["class"].value, r["label"]
        en, zh = class_labels.get(iri, (None, None))
        lang = getattr(label, "language", None)
        class_labels[iri] = (label.value, zh) if lang == "en" else (en, label.value)
        folded = normalise(label.value)
        if len(folded) >= 3 and folded not in STOP_TERMS:
            terms.append(_Term(_pattern(folded), label.value, folded, iri, "class", 2))
    return terms, class_labels


def _keys(text: str, longest: int) -> set[str]:
    """Every run of ``text`` without separators, up to ``longest`` characters: the keys of
    the name forms a pattern could match in it (a pattern's separators are optional)."""
    flat = text.replace(" ", "")
    return {flat[i:j] for i in range(len(flat))
            for j in range(i + 1, min(len(flat), i + longest) + 1)}


@dataclass(slots=True)
class Lexicon:
    """Names in a question, looked up in the build's index by key (so a question costs the
    same whatever the store holds), then matched as patterns over the folded question."""

    index: Index
    class_terms: list[_Term]
    class_labels: dict[str, tuple[str | None, str | None]]
    longest: int

    def _found(self, text: str) -> _Found:
        exact = self.index.lex_terms(_keys(text, self.longest))  # the forms a pattern can match
        keyed = {r.rowid for r in exact}
        words = re.findall(r"[a-z][a-z0-9]*", text)
        rows = exact + [r for r in self.index.lex_english(
            {w[:3] for w in words if w not in _EN_STOP}, 1, FUZZY_TOKENS, FUZZY_POOL)
            if r.rowid not in keyed]
        rows.sort(key=lambda r: r.rowid)
        terms: list[_Term] = []
        english: list[_Term] = []
        seen: set[int] = set()
        for r in rows:
            if r.rowid in seen or len(r.folded) < 2 or (
                    r.field == "synonym" and r.folded in STOP_TERMS):
                continue
            seen.add(r.rowid)
            rank = 1 if r.field == "synonym" or r.variant else 0
            term = _Term(_pattern(r.folded), r.text, r.folded, r.iri, "entity", rank)
            if r.rowid in keyed:
                terms.append(term)
            if not _CJK.search(r.folded) and len(r.folded) >= 5:
                english.append(term)
        by_prefix: dict[str, list[int]] = {}
        for i, t in enumerate(english):
            for token in set(t.folded.split(" ")):
                by_prefix.setdefault(token[:3], []).append(i)
        return _Found(terms + self.class_terms, english, by_prefix, {}, {})

    def _read(self, f: _Found, iris: set[str]) -> None:
        """The degree and names of the entities among ``iris`` not yet read: only those a
        question's words matched, not every name the index offered for them."""
        ents = self.index.entities_by_iri(i for i in iris if i not in f.refs)
        f.degree.update({iri: e.degree for iri, e in ents.items()})
        f.refs.update({iri: (e.id, e.label_en, e.label_zh, list(e.types))
                       for iri, e in ents.items()})

    def recognise(self, question: str, every: bool = False) -> tuple[str, list[Recognised]]:
        """(normalised question, entities and classes it names, in textual order): each
        once, at its first mention, or at every mention with ``every`` (a compound
        question names a thing in each part, "smoker" in one and "smoking" in the next)."""
        text = normalise(question)
        f = self._found(text)
        found: list[tuple[int, int, _Term]] = []
        for term in f.terms:
            for m in term.pattern.finditer(text):
                found.append((m.start(), m.end(), term))
        self._read(f, {t.iri for _, _, t in found if t.kind == "entity"})
        found.sort(key=lambda x: (-(x[1] - x[0]), x[2].rank, -f.degree.get(x[2].iri, 0), x[0]))
        taken: list[tuple[int, int, _Term]] = []
        alternatives: dict[tuple[int, int], list[str]] = {}
        for start, end, term in found:
            same = [t for s, e, t in taken if (s, e) == (start, end)]
            if same and term.kind == same[0].kind and term.iri != same[0].iri:
                alternatives.setdefault((start, end), []).append(f.refs[term.iri][0])
            if any(start < e and s < end for s, e, _ in taken):
                continue
            taken.append((start, end, term))
        fuzzy, swallowed = self._fuzzy(f, text, [(s, e) for s, e, _ in taken])
        self._read(f, {t.iri for _, _, t in fuzzy if t.kind == "entity"})
        taken = [t for t in taken if (t[0], t[1]) not in swallowed] + fuzzy
        taken.sort(key=lambda x: x[0])
        out: list[Recognised] = []
        seen: set[str] = set()
        for start, end, term in taken:
            if term.iri in seen and not every:
                continue
            seen.add(term.iri)
            rec = self._recognised(f, term, text[start:end])
            rec.span = (start, end)
            rec.alternatives = list(dict.fromkeys(alternatives.get((start, end), [])))
            out.append(rec)
        return text, out

    def _fuzzy(
        self, f: _Found, text: str, spans: list[tuple[int, int]]
    ) -> tuple[list[tuple[int, int, _Term]], list[tuple[int, int]]]:
        """English phrases compared with English terms: a typo (``mecobalamine``), or most of a
        long name (``open surgery`` for ``conventional open surgery``). A phrase may swallow
        shorter exact matches inside it, never cut one. Returns (matches, spans swallowed)."""
        words = list(re.finditer(r"[a-z][a-z0-9]*", text))
        out: list[tuple[int, int, _Term]] = []
        swallowed: list[tuple[int, int]] = []
        used: set[int] = set()
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                group = words[i : i + size]
                start, end = group[0].start(), group[-1].end()
                phrase = text[start:end]
                if (any(i + k in used for k in range(size)) or phrase.count(" ") != size - 1
                        or len(phrase) < 4 or group[0].group() in _EN_STOP
                        or (size == 1 and group[0].group() in _EN_STOP)):
                    continue
                inside = [(s, e) for s, e in spans if start <= s and e <= end]
                if any(s < end and start < e for s, e in spans if (s, e) not in inside) or (
                    inside and max(e - s for s, e in inside) >= end - start
                ):
                    continue  # would cut an exact match, or adds nothing to one
                term = self._closest(f, phrase)
                if term is not None:
                    out.append((start, end, term))
                    swallowed += inside
                    used.update(i + k for k in range(size))
        return out, swallowed

    def _closest(self, f: _Found, phrase: str) -> _Term | None:
        """The English term this phrase names: every word of the phrase is (nearly) a word of
        the term, each a different one, and the phrase covers at least 60% of the term's
        words."""
        words = phrase.split(" ")
        candidates = {i for w in words for i in f.by_prefix.get(w[:3], ())}
        best: tuple[float, int, int] | None = None
        chosen: _Term | None = None
        for i in sorted(candidates):
            term = f.english[i]
            tokens = term.folded.split(" ")
            if not 0.6 * len(tokens) <= len(words) <= len(tokens):
                continue
            if len(words) < len(tokens) and max(map(len, words)) < 5:
                continue  # part of a name from short words only ("post op" of "post-op pain")
            pairs = [max((fuzz.ratio(w, t) if len(w) >= 5 else 100.0 * (w == t), j)
                         for j, t in enumerate(tokens)) for w in words]
            scores = [score for score, _ in pairs]
            if min(scores) < 85 or len({j for _, j in pairs}) < len(words):
                continue  # a word far from the term, or two words on one of its words
            key = (len(words) / len(tokens) + sum(scores) / len(scores) / 1000, -term.rank,
                   -len(term.folded))
            if best is None or key > best:
                best, chosen = key, term
        return chosen

    def _recognised(self, f: _Found, term: _Term, matched: str) -> Recognised:
        if term.kind == "class":
            en, zh = self.class_labels.get(term.iri, (None, None))
            return Recognised(compact(term.iri), en, zh, ["owl:Class"], matched, "class")
        ref = f.refs[term.iri]
        return Recognised(ref[0], ref[1], ref[2], ref[3], matched, "entity")


@per_store
def lexicon(store: Store) -> Lexicon:
    """The store's lexicon: its index, and the class labels read once."""
    index = index_for(store)
    class_terms, class_labels = _class_terms(store)
    return Lexicon(index, class_terms, class_labels, index.longest_key())
