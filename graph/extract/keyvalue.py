"""One-case key/value pages: a 交办单, 转办单, 信访件 or 督办单 exported from a case system.

Such a page numbers nothing: it is one case, written as a column of fields, each label on its own
line with its value on the next (``责任单位:`` / ``某区住建局``) or after the colon on the same line::

    交办单编号:
    12
    责任单位:
    某区住房和城乡建设局
    当前状态:
    正在整改
    交办单标题:
    关于某河段水体发黑问题的交办单
    交办内容:
    群众反映…。请你单位…。

It becomes one problem (code ``1``): its label is the title field's value, else the first sentence
of the content field; the role fields name who answers for it (责任单位 responsible, 牵头单位 lead,
配合/协办单位 support); the deadline field is its due date and the status field (当前状态:正在整改)
where it stands.  The labels are data (``data/lexicon/cues.tsv``, keys ``keyvalue.*``).

Precision first, because a web page has other lines with colons:

- the page is read so only when no other reader found a problem (a page with numbered problems,
  a checklist table or a one-task notice reads as before);
- the fields must stand in one *block*: a run of at least three labels where a one-line field
  (a title, a unit, a date, a status) is followed by nothing but its value.  Lines that are no
  field's value (a site's footer, its links) end the block, and a role field after them is none
  of the case's;
- the block must hold a title or content field and a role field, each once (a page listing several
  cases in this shape is left unread rather than read as one).

A site's footer (主办单位, 承办单位, 技术支持) is site chrome and emptied before any reader sees it
(``data/lexicon/site_chrome.tsv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.core.lexicon import keys_by_cue
from graph.extract.normalize import NormalText
from graph.extract.plan import Line, RawField, RawProblem, trim
from graph.extract.status import only_status

_KEYS = ("title", "content", "units", "lead", "support", "deadline", "status", "result")
# Fields whose value is one line: what follows that line is no part of the field.
_ONE_LINE = frozenset({"title", "units", "lead", "support", "deadline", "status"})
_MULTI_LINE = frozenset({"content", "result"})
# A label the lexicon does not know (交办日期, 主要类型) may hold a value of a few lines at most.
_OTHER_LINES = 3
_MIN_FIELDS = 3
_ROLES = ("units", "lead", "support")
_SENTENCE_END = "。;!?"


@dataclass(frozen=True)
class _Field:
    key: str | None  # one of _KEYS, or None for a label the lexicon does not know
    start: int  # the label's start
    value: tuple[int, int]  # the value's offsets (empty where the field has no value)


@cache
def _labels() -> dict[str, str]:
    """Every known label -> its key."""
    return keys_by_cue("keyvalue", _KEYS)


# A label: a few characters at a line's start, then a colon; its value (if any) after it.
_LABEL = re.compile(r"^[ \t\u3000]*(?P<label>[\u4e00-\u9fff]{2,12})[ \t\u3000]*[:：][ \t\u3000]*")


def _label_at(line: Line) -> tuple[str | None, int, int] | None:
    """The field a line opens, if any: (its key, where the label starts, where its value starts)."""
    match = _LABEL.match(line.text)
    if match is not None:
        return _labels().get(match.group("label")), line.start + match.start("label"), line.start + match.end()
    bare = line.text.strip(" \t\u3000")
    if bare in _labels():
        # A known label standing alone, without a colon: its value is on the next line.
        at = line.start + line.text.index(bare)
        return _labels()[bare], at, line.end
    return None


def _blocks(text: str, lines: list[Line]) -> list[list[_Field]]:
    """The page's runs of fields, split where lines that are no field's value stand between two labels."""
    opened = [(index, found) for index, line in enumerate(lines) if (found := _label_at(line)) is not None]
    blocks: list[list[_Field]] = [[]]
    for n, (index, (key, start, value_start)) in enumerate(opened):
        following = opened[n + 1][0] if n + 1 < len(opened) else len(lines)
        body = [line for line in lines[index + 1 : following] if line.text.strip()]
        inline = trim(text, (value_start, lines[index].end))
        if inline[1] > inline[0]:
            first, rest = inline, body
        elif body:
            first, rest = trim(text, (body[0].start, body[0].end)), body[1:]
        else:
            first, rest = (value_start, value_start), []
        if key in _MULTI_LINE:
            value = trim(text, (first[0], rest[-1].end)) if rest else first
            extra: list[Line] = []
        elif key in _ONE_LINE:
            value, extra = first, rest
        else:
            value, extra = first, rest[_OTHER_LINES - 1 :]
        blocks[-1].append(_Field(key, start, value))
        if extra:
            blocks.append([])  # what stands after this field is no value of it: the block ends here
    return [block for block in blocks if block]


def _case_block(blocks: list[list[_Field]]) -> list[_Field] | None:
    """The block that is one case: enough fields, a title or content and a role, none of them twice."""
    for block in blocks:
        keys = [f.key for f in block if f.key is not None and f.value[1] > f.value[0]]
        if len(block) < _MIN_FIELDS:
            continue
        if not ({"title", "content"} & set(keys)) or not (set(_ROLES) & set(keys)):
            continue
        if any(keys.count(key) > 1 for key in ("title", "content", *_ROLES)):
            return None  # several cases in one column: not one case
        return block
    return None


def _label_span(text: str, block: list[_Field]) -> tuple[int, int]:
    """The title field's value, else the first sentence of the content field's."""
    title = next((f.value for f in block if f.key == "title" and f.value[1] > f.value[0]), None)
    if title is not None:
        return title
    content = next(f.value for f in block if f.key == "content" and f.value[1] > f.value[0])
    start, end = content
    stops = [at for at in (text.find(mark, start, end) for mark in _SENTENCE_END + "\n") if at != -1]
    return trim(text, (start, min(stops, default=end)))


def read_case_page(ntext: NormalText, lines: list[Line]) -> RawProblem | None:
    """The one problem of a key/value case page, or None when the page is not one (see the module)."""
    text = ntext.text
    block = _case_block(_blocks(text, lines))
    if block is None:
        return None
    label = _label_span(text, block)
    raw = RawProblem(code="1", label=label, line=ntext.line_of(label[0]))
    for found in block:
        if found.key is None or found.value[1] <= found.value[0]:
            continue
        whole = (found.start, found.value[1])
        if found.key == "units":
            raw.clause, raw.clause_line = found.value, whole
        elif found.key in ("lead", "support"):
            raw.fields.append(RawField(found.key, found.value, whole))
        elif found.key == "deadline":
            raw.deadline = found.value
        elif found.key == "status":
            raw.status = RawField("status", found.value, whole)
    if raw.status is None:
        # No status field: a result that says nothing but a status (办理结果:已办结) is one.
        for found in block:
            if found.key == "result" and only_status(text[found.value[0]:found.value[1]]) is not None:
                raw.status = RawField("status", found.value, (found.start, found.value[1]))
                break
    return raw
