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
import unicodedata
from collections.abc import Iterable
from functools import cache

_HAN = re.compile(r"[\u3400-\u9fff]+")
_TOKEN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese (OpenCC's t2s table)."""
    return str(_converter().convert(text))  # type: ignore[attr-defined]


def normalise(text: str) -> str:
    """NFKC (full width -> half width), case-folded, simplified Chinese."""
    return to_simplified(unicodedata.normalize("NFKC", text).casefold())


@cache
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


def han_terms(texts: Iterable[str]) -> list[str]:
    """The Chinese terms (runs of Han characters, 2+ long) in ``texts``: a segmenter
    vocabulary taken from labels and synonyms."""
    found = {run for t in texts for run in _HAN.findall(normalise(t)) if len(run) >= 2}
    return sorted(found)
