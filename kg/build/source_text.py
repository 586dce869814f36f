"""Parse the review into sections and sentences with exact character offsets.

The source is PDF-converted text: a sentence can be broken across a page break (a blank line,
sometimes with page furniture such as the corresponding-author footnote in between). Sentences
are rebuilt across such breaks; every sentence keeps the raw spans it was assembled from, so a
quote found in a sentence maps back to offsets in the original file (Unicode code points).

>>> doc = load_document()
>>> [s.number for s in doc.sections][:4]
['abstract-zh', 'abstract-en', '1', '2']
>>> sent = doc.find_sentence("方面具有优势")
>>> sent.text.startswith("CT 在评估骨质结构")
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.paths import SOURCE_FILE

_HEADING = re.compile(r"^(\d+(?:\.\d+)?)\.\s+(\S.*)$")
_FURNITURE = re.compile(r"^(\*通讯作者。|文章引用:)")
_CITE = re.compile(r"\[(\d+)\]")
_ZH_END = re.compile(r"[。！？]")
_EN_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TERMINAL = ("。", "！", "？", ".", "!", "?", "：")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of code points in the raw source."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its id, section, text and the raw spans it was assembled from."""

    id: str
    section: str
    paragraph: int
    text: str
    spans: tuple[Span, ...]
    citations: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    def raw_offset(self, i: int, *, is_end: bool = False) -> int:
        """Map an offset inside ``text`` to an offset in the raw source.

        At a boundary between two spans a start maps into the later span, an end into the
        earlier one, so a quote's raw range never starts or ends on a page break.
        """
        for span in self.spans:
            length = span.end - span.start
            if i < length or (is_end and i == length):
                return span.start + i
            i -= length
        if i == 0 and is_end:
            return self.spans[-1].end
        raise IndexError(i)


@dataclass(frozen=True, slots=True)
class Section:
    number: str
    title: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]

    @property
    def id(self) -> str:
        return "sec-" + self.number.replace(".", "-")

    @property
    def top(self) -> str:
        """The top-level section number: ``6`` for ``6.2``."""
        return self.number.split(".")[0]


@dataclass(frozen=True, slots=True)
class Document:
    raw: str
    sha256: str
    sections: tuple[Section, ...]
    reference_block: Span
    paragraphs: dict[str, tuple[tuple[Sentence, ...], ...]] = field(compare=False)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for sec in self.sections for s in sec.sentences)

    def find_sentence(self, needle: str) -> Sentence:
        """The single sentence containing ``needle``; raises if none or several."""
        hits = [s for s in self.sentences if needle in s.text]
        if len(hits) != 1:
            raise LookupError(f"{len(hits)} sentences contain {needle!r}")
        return hits[0]

    def section(self, number: str) -> Section:
        for sec in self.sections:
            if sec.number == number:
                return sec
        raise KeyError(number)


def _paragraphs(raw: str, start: int, end: int) -> list[list[Span]]:
    """Split raw[start:end] into paragraphs (lists of line spans), joining page breaks.

    A paragraph that does not end with terminal punctuation continues in the next one;
    page-furniture paragraphs in between are skipped.
    """
    blocks: list[Span] = []
    pos = start
    for m in re.finditer(r"\n\s*\n", raw[start:end]):
        b = Span(pos, start + m.start())
        pos = start + m.end()
        if raw[b.start : b.end].strip():
            blocks.append(b)
    if raw[pos:end].strip():
        blocks.append(Span(pos, end))
    paras: list[list[Span]] = []
    open_para = False
    for b in blocks:
        lines = [
            Span(b.start + m.start(), b.start + m.end())
            for m in re.finditer(r"[^\n]+", raw[b.start : b.end])
        ]
        kept = [ln for ln in lines if not _FURNITURE.match(raw[ln.start : ln.end])]
        if not kept:
            continue
        if open_para:
            paras[-1].extend(kept)
        else:
            paras.append(kept)
        last = raw[kept[-1].start : kept[-1].end].rstrip()
        open_para = not last.endswith(_TERMINAL)
    return paras


def _join(raw: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Join line spans into reading text; English lines are joined with one space."""
    text = ""
    out: list[Span] = []
    for sp in spans:
        piece = raw[sp.start : sp.end]
        if text and not _CJK.search(piece[:1] + text[-1:]):
            text += " "
            out.append(Span(sp.start - 1, sp.start))  # the newline stands for the space
        text += piece
        out.append(sp)
    return text, out


def _slice_spans(spans: list[Span], a: int, b: int) -> tuple[Span, ...]:
    """The raw spans covering text offsets [a, b) of the joined text."""
    out: list[Span] = []
    pos = 0
    for sp in spans:
        length = sp.end - sp.start
        lo, hi = max(a, pos), min(b, pos + length)
        if lo < hi:
            out.append(Span(sp.start + lo - pos, sp.start + hi - pos))
        pos += length
    return tuple(out)


def _split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in a paragraph: Chinese on 。！？, English on . ! ? + capital."""
    bounds: list[tuple[int, int]] = []
    start = 0
    if _CJK.search(text):
        ends = [m.end() for m in _ZH_END.finditer(text)]
    else:
        ends = [m.start() for m in _EN_END.finditer(text)]
    for e in [*ends, len(text)]:
        seg = text[start:e]
        lead = len(seg) - len(seg.lstrip())
        if seg.strip():
            bounds.append((start + lead, start + len(seg.rstrip())))
        start = e
    return bounds


def parse(raw: str) -> Document:
    """Parse the whole review. Deterministic: same text, same ids and offsets."""
    lines = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]*", raw)]
    marks: list[tuple[str, str, int, int]] = []  # number, title, heading start, body start
    for s, e, text in lines:
        h = _HEADING.match(text)
        if h:
            marks.append((h.group(1), h.group(2).strip(), s, e))
        elif text.strip() == "摘要":
            marks.append(("abstract-zh", "摘要", s, e))
        elif text.strip() == "Abstract":
            marks.append(("abstract-en", "Abstract", s, e))
        elif text.strip() in {"关键词", "Keywords", "基金项目"}:
            marks.append(("-", text.strip(), s, e))
        elif text.strip() == "参考文献":
            marks.append(("references", text.strip(), s, e))
        elif text.strip().startswith(
            "Diagnostic and Therapeutic Strategies"
        ) or text.strip().startswith("Copyright ©"):
            marks.append(("-", text.strip(), s, e))
    sections: list[Section] = []
    paragraphs: dict[str, tuple[tuple[Sentence, ...], ...]] = {}
    ref_block = Span(len(raw), len(raw))
    for i, (number, title, h_start, body) in enumerate(marks):
        end = marks[i + 1][2] if i + 1 < len(marks) else len(raw)
        if number == "references":
            ref_block = Span(body, end)
            continue
        if number == "-":
            continue
        sents: list[Sentence] = []
        paras: list[tuple[Sentence, ...]] = []
        for p_i, para in enumerate(_paragraphs(raw, body, end), start=1):
            text, spans = _join(raw, para)
            in_para: list[Sentence] = []
            for s_i, (a, b) in enumerate(_split_sentences(text), start=1):
                stext = text[a:b]
                sid = f"sent-{number.replace('.', '-')}-p{p_i}-s{s_i}"
                cites = tuple(int(c) for c in _CITE.findall(stext))
                in_para.append(Sentence(sid, number, p_i, stext, _slice_spans(spans, a, b), cites))
            sents.extend(in_para)
            paras.append(tuple(in_para))
        paragraphs[number] = tuple(paras)
        sections.append(Section(number, title, h_start, end, tuple(sents)))
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return Document(raw, digest, tuple(sections), ref_block, paragraphs)


def read_source(path: Path = SOURCE_FILE) -> str:
    """Read the review exactly: UTF-8, newlines untouched (offsets depend on it)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


@cache
def load_document(path: Path = SOURCE_FILE) -> Document:
    """The parsed review (cached: it is immutable)."""
    return parse(read_source(path))
