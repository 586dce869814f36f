"""Text for retrieval: one normalisation and one tokenisation, shared by the builder that writes
the full-text index and the readers that query it, so both sides see the same tokens.

Chinese has no spaces: runs of Han characters are segmented with jieba (a private tokenizer
whose dictionary includes the graph's own labels, so 甲钴胺 and 神经根持续压迫 stay whole) plus
character bigrams as a recall net for segmentations that disagree. Traditional characters
become simplified with OpenCC. Latin text is lower-cased words; SQLite's ``porter`` tokenizer
stems them inside the index.

>>> normalise("復發性神經根壓迫 ＩＬ－６")
'复发性神经根压迫 il-6'
>>> tokens("IL-6 水平", vocabulary=("炎性因子",))
['il', '6', '水平']
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, wraps
from typing import Any, TypeVar

T = TypeVar("T")

_HAN = re.compile(r"[\u3400-\u9fff]+")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/·・]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never part of a name
_QUALIFIER = re.compile(r"\s*[(（][^)）]*[)）]")
_TOKEN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")


_BUILDING = threading.Lock()  # the cached builders below run once, not once per thread


def _once(build: Callable[..., T]) -> Callable[..., T]:
    """``functools.cache`` that builds each value once when threads ask for it together (a
    cold service gets its first questions all at once; jieba takes a second to load)."""
    cached = cache(build)

    @wraps(build)
    def get(*args: Any) -> T:
        with _BUILDING:
            return cached(*args)

    return get


@_once
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese (OpenCC's t2s table)."""
    return str(_converter().convert(text))  # type: ignore[attr-defined]


def fold(text: str) -> str:
    r"""NFKC (full-width -> half-width), case-folded, hyphens and spaces as one space: what
    listing and search compare.

    >>> fold("ＩＬ－6  Receptor")
    'il 6 receptor'
    >>> fold("00\x00")  # a control character would end an FTS5 query string
    '00'
    """
    text = _CONTROL.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _SEPARATORS.sub(" ", text).strip()


def squash(text: str) -> str:
    """``fold`` without separators, so ``IL-6``, ``il 6`` and ``IL6`` compare equal.

    >>> squash("sEMG-biofeedback")
    'semgbiofeedback'
    """
    return fold(text).replace(" ", "")


def fold_simplified(text: str) -> str:
    """``fold`` of the simplified text: the form the question answerer matches names on."""
    return fold(to_simplified(text))


def without_qualifier(text: str) -> str:
    """A name without its bracketed qualifier: ``长病程（>6 个月）`` -> ``长病程``."""
    return _QUALIFIER.sub("", text)


def normalise(text: str) -> str:
    """NFKC (full width -> half width), case-folded, simplified Chinese."""
    return to_simplified(unicodedata.normalize("NFKC", text).casefold())


@_once
def _segmenter(vocabulary: tuple[str, ...]) -> object:
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in vocabulary:
        if _HAN.fullmatch(word):
            tk.add_word(word, freq=2000)
    return tk


def _han_tokens(run: str, vocabulary: tuple[str, ...]) -> list[str]:
    seg = _segmenter(vocabulary)
    words = [w for w in seg.cut_for_search(run) if w.strip()]  # type: ignore[attr-defined]
    bigrams = [run[i:i + 2] for i in range(len(run) - 1)] if len(run) > 2 else []
    return words + [b for b in bigrams if b not in words]


@cache
def _vocabulary(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({normalise(v) for v in terms}))


def tokens(text: str, vocabulary: Iterable[str] = ()) -> list[str]:
    """Index and query tokens of ``text`` (normalised first); ``vocabulary`` holds the
    multi-character terms the Chinese segmenter must keep whole."""
    vocab = _vocabulary(vocabulary if isinstance(vocabulary, tuple) else tuple(vocabulary))
    out: list[str] = []
    for m in _TOKEN.finditer(normalise(text)):
        piece = m.group()
        out += _han_tokens(piece, vocab) if _HAN.match(piece) else [piece]
    return out


def words(text: str, vocabulary: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` as a reader sees them: jieba's precise segmentation for Chinese
    (no overlapping pieces, no bigrams), lower-cased Latin words; for telling which words of
    a question the review never uses.

    >>> words("甲钴胺能不能降低", vocabulary=("甲钴胺",))
    ['甲钴胺', '能', '不能', '降低']
    """
    vocab = _vocabulary(vocabulary if isinstance(vocabulary, tuple) else tuple(vocabulary))
    out: list[str] = []
    for m in _TOKEN.finditer(normalise(text)):
        piece = m.group()
        if _HAN.match(piece):
            out += [w for w in _segmenter(vocab).cut(piece) if w.strip()]  # type: ignore[attr-defined]
        else:
            out.append(piece)
    return out


EVERYDAY = 4.5  # Zipf frequency (log10 per billion words) above which a word is everyday


def everyday(word: str) -> bool:
    """Is ``word`` an everyday word of its language (wordfreq Zipf >= 4, "comes", "比例")
    rather than a term ("gabapentin", "前瞻性")? A question's terms must be found in the
    review; its everyday words need not be.

    >>> everyday("comes"), everyday("gabapentin"), everyday("前瞻性")
    (True, False, False)
    """
    from wordfreq import zipf_frequency

    lang = "zh" if _HAN.search(word) else "en"
    return bool(zipf_frequency(word, lang) >= EVERYDAY)


# jieba's part-of-speech tags (ICTCLAS) of words that only phrase a question: conjunctions,
# particles, classifiers, pronouns, prepositions, numerals, modal particles, interjections,
# onomatopoeia, locatives. Adverbs and adjectives are not among them: 完全, 彻底, 首选 and 显著
# are what a yes/no question claims, and a claim must say them too.
_PHRASING_TAGS = frozenset("cuqrpmyeof")
PHRASING_VERB = 4.0  # Zipf of a verb everyday enough to be how people ask ("拍", "做")


@_once
def _tagger(segmenter: object) -> object:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(segmenter)


def phrasing(word: str, vocabulary: Iterable[str] = ()) -> bool:
    """Is the Chinese ``word`` phrasing ("还要", "拍个") rather than a term ("男性", "加巴喷丁",
    "完全")? Every piece jieba tags must be a function word, or an everyday verb with its
    classifier ("拍个", take one); a clause head ending in 时 or 的话 ("选药时", when choosing a
    drug) sets the scene. Tagged with the segmenter ``words`` uses (same ``vocabulary``), so
    no second dictionary is loaded and the graph's own terms are never phrasing.

    >>> phrasing("还要"), phrasing("拍个"), phrasing("选药时"), phrasing("男性")
    (True, True, True, False)
    >>> phrasing("加巴喷丁"), phrasing("完全"), phrasing("尽量")
    (False, False, False)
    """
    from wordfreq import zipf_frequency

    if len(word) >= 3 and word.endswith(("时", "时候", "的话")):
        return True
    vocab = _vocabulary(vocabulary if isinstance(vocabulary, tuple) else tuple(vocabulary))
    tagger = _tagger(_segmenter(vocab))
    pieces = [(p.word, p.flag) for p in tagger.cut(word) if p.word.strip()]  # type: ignore[attr-defined]
    if len(pieces) == 2 and pieces[0][1] == "v" and pieces[1][1] == "q":
        return zipf_frequency(pieces[0][0], "zh") >= PHRASING_VERB
    return bool(pieces) and all(flag[0] in _PHRASING_TAGS for _, flag in pieces)


@_once
def _stopwords() -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords(["en", "zh"]))


def query_tokens(text: str, vocabulary: Iterable[str] = ()) -> list[str]:
    """The tokens of a question worth searching for: ``tokens`` less the stopwords of English
    and Chinese (stopwords-iso) and the character bigrams that straddle one ("胺的", "的作").

    >>> query_tokens("What is the weather in Nanjing?")
    ['weather', 'nanjing']
    """
    stop = _stopwords()
    out = []
    for t in dict.fromkeys(tokens(text, vocabulary)):
        if t in stop or (len(t) == 2 and _HAN.fullmatch(t) and (t[0] in stop or t[1] in stop)):
            continue
        out.append(t)
    return out


def han_terms(texts: Iterable[str]) -> list[str]:
    """The Chinese terms (runs of Han characters, 2+ long) in ``texts``: a segmenter
    vocabulary taken from labels and synonyms."""
    found = {run for t in texts for run in _HAN.findall(normalise(t)) if len(run) >= 2}
    return sorted(found)


def states_number(text: str, number: str) -> bool:
    """Is ``number`` written in ``text`` as a number of its own ("18" in "18 项研究", not in
    "186 例")?

    >>> states_number("纳入 18 项研究", "18"), states_number("186 例", "18")
    (True, False)
    """
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)", text) is not None
