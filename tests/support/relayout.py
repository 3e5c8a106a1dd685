"""Re-lay a document in the layouts other sites and tools publish it in, as the bytes dutygraph receives.

A plan reaches dutygraph as text pasted from somewhere, a portal's page, a Word file or a PDF someone
printed from their browser: the same document in another layout.  Layout must not change the graph;
``tests/documents/test_layout_invariance.py`` checks that it does not, for every document and every
layout made here.

Each layout is a function from the document's text to a :class:`Relaid`: the bytes of the file and
the suffix of its name, as dutygraph would receive them.  Every layout is deterministic (the width
of the wrapped lines comes from the text itself), so a failure reproduces.

- ``blank-lines``: one blank line between paragraphs (and nowhere else).
- ``crlf``: Windows line ends.
- ``full-width`` and ``half-width``: the punctuation ``:,;()!?`` written full-width (``：，；（）！？``) or
  the other way round; digits and Latin letters stay as they are, and so does punctuation inside a
  run of Latin text (``http://``, ``09:36``, ``1,050``), as Chinese typesetting writes it.
- ``indented``: every paragraph indented by two ideographic spaces (U+3000), as Word and portals do.
- ``wrapped``: every line broken every 30-40 ems (one width per document; a CJK character is an em,
  an ASCII one half), wherever the width falls: inside sentences, numbers and names, as text
  copied from a PDF is.
- ``traditional``: OpenCC ``s2t``, UTF-8.
- ``gb18030``: the text as GB18030 bytes.
- ``big5``: the traditional text as Big5 bytes.  OpenCC's ``s2t`` writes its own standard forms, some
  of which Big5 lacks (爲 羣 衆 啓 峯), so the text first goes through OpenCC's ``t2tw`` (為 群 眾 啟
  峰: the forms Big5 publishers write).  The file is then Big5 as Windows writes it (cp950) when
  every character has a code there; otherwise Big5-HKSCS, the superset Hong Kong sites publish in,
  which adds the pinyin letters with tone marks (``guān``) and a few characters (丨).  Characters
  neither has (», ©) are transliterated as ``iconv //TRANSLIT`` does (``>>``, ``(C)``), any other
  becomes ``?``; :attr:`Relaid.note` lists what was substituted, so a difference it causes is
  recognisable as the encoding's and not the reader's.
- ``html``: a portal's page: top navigation, breadcrumbs, publication line, the article with the
  document's first line as its heading and each other line a paragraph (indented by two
  ideographic spaces, as portals' editors write them), share and print links,
  related articles, footer; GB18030 bytes under ``<meta charset=gb2312>``, as most portals serve.
- ``docx``: a Word file (python-docx), one paragraph per line.
- ``docx-table``: a Word file whose checklist is a table, one row per problem (columns 序号, 问题
  and the document's own field names: 整改目标, 整改时限, 整改措施, 责任单位 …), the text around it as
  paragraphs; a text already laid out as a table (cells between ``|``) becomes that table.  A
  document of neither shape has no table form: :class:`LayoutNotApplicable` says so.
- ``pdf``: a PDF (reportlab, its built-in CID font STSong-Light), one paragraph per line, first
  lines indented, page numbers ``— 2 —`` at the foot of every page.
- ``browser-pdf``: the document as a web page printed from headless Chromium with its running
  header (date and page title) and footer (address, page ``n/N``), on pages narrow enough that names
  wrap across lines.  One Chromium prints every document (:func:`print_in_browser`).
"""

from __future__ import annotations

import hashlib
import html
import io
import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import docx
from opencc import OpenCC
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

__all__ = [
    "BROWSER_LAYOUT",
    "LAYOUTS",
    "LayoutNotApplicable",
    "Relaid",
    "checklist_table",
    "print_in_browser",
    "relay",
]


class LayoutNotApplicable(Exception):
    """The document has no form in this layout (a table layout of a text without a table's shape)."""


@dataclass(frozen=True)
class Relaid:
    """A document re-laid: the bytes of the file, the suffix of its name, and what the layout substituted."""

    layout: str
    suffix: str
    data: bytes
    note: str = ""


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in _lines(text) if line.strip()]


def _utf8(layout: str, text: str) -> Relaid:
    return Relaid(layout, ".txt", text.encode("utf-8"))


# --- plain text ------------------------------------------------------------------------------


def blank_lines(text: str) -> Relaid:
    """One blank line between paragraphs."""
    return _utf8("blank-lines", "\n\n".join(line for line in _lines(text) if line.strip()) + "\n")


def crlf(text: str) -> Relaid:
    """Windows line ends."""
    return _utf8("crlf", "\r\n".join(_lines(text)))


_TO_FULL = {":": "：", ",": "，", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_TO_HALF = {full: half for half, full in _TO_FULL.items()}


def _latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace() and ch not in _TO_FULL


def full_width(text: str) -> Relaid:
    """Punctuation full-width, except inside a run of Latin text (a URL, a time, a number)."""
    out = []
    for i, ch in enumerate(text):
        if ch in _TO_FULL:
            before, after = text[i - 1:i], text[i + 1:i + 2]
            # ``(`` and ``)`` are judged by the side facing their content: 细颗粒物(PM2.5) is Chinese prose.
            inside_latin = _latin(before) and _latin(after) if ch not in "()" else False
            ch = ch if inside_latin else _TO_FULL[ch]
        out.append(ch)
    return _utf8("full-width", "".join(out))


def half_width(text: str) -> Relaid:
    """Full-width punctuation written half-width."""
    return _utf8("half-width", "".join(_TO_HALF.get(ch, ch) for ch in text))


def indented(text: str) -> Relaid:
    """Every paragraph indented by two ideographic spaces."""
    return _utf8("indented", "\n".join("\u3000\u3000" + line.strip() if line.strip() else line
                                      for line in _lines(text)))


def _em(ch: str) -> float:
    """The width of a character in ems: CJK and full-width forms one, the rest half."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


def wrap_width(text: str) -> int:
    """The width in ems, 30 to 40, at which :func:`wrapped` breaks ``text``'s lines (from a hash of the text)."""
    return random.Random(hashlib.sha256(text.encode("utf-8")).digest()).randint(30, 40)


def wrapped(text: str) -> Relaid:
    """Every line broken where it reaches the width (30-40 ems, one per document), as a PDF copy-paste is."""
    width = wrap_width(text)
    out: list[str] = []
    for line in _lines(text):
        current, used = "", 0.0
        for ch in line:
            # A space where the line is full hangs in the margin, as a typesetter leaves it: it
            # stays at the end of the line rather than opening the next one.
            if used + _em(ch) > width and not ch.isspace():
                out.append(current)
                current, used = "", 0.0
            current += ch
            used += _em(ch)
        out.append(current)
    return _utf8("wrapped", "\n".join(out))


@cache
def _opencc(config: str) -> OpenCC:
    return OpenCC(config)


def to_traditional(text: str) -> str:
    """The text in traditional characters (OpenCC ``s2t``)."""
    converted: str = _opencc("s2t").convert(text)
    return converted


def traditional(text: str) -> Relaid:
    """Traditional characters, UTF-8."""
    return _utf8("traditional", to_traditional(text))


def gb18030(text: str) -> Relaid:
    """GB18030 bytes."""
    return Relaid("gb18030", ".txt", text.encode("gb18030"))


# What iconv //TRANSLIT writes for characters no Big5 variant has; a no-break space is a space (a
# Big5 page writes &nbsp; or a plain space).
_TRANSLIT = {"»": ">>", "«": "<<", "©": "(C)", "®": "(R)", "™": "TM", "•": "·", "\u00a0": " "}


def big5(text: str) -> Relaid:
    """The traditional text as Big5 bytes (cp950, else Big5-HKSCS; see the module docstring)."""
    traditional_text: str = _opencc("t2tw").convert(to_traditional(text))
    for codec in ("cp950", "big5hkscs"):
        try:
            return Relaid("big5", ".txt", traditional_text.encode(codec), note=f"encoded as {codec}")
        except UnicodeEncodeError:
            continue
    substituted: dict[str, str] = {}
    out = []
    for ch in traditional_text:
        try:
            ch.encode("big5hkscs")
        except UnicodeEncodeError:
            substituted[ch] = _TRANSLIT.get(ch, "?")
            ch = substituted[ch]
        out.append(ch)
    note = "encoded as big5hkscs; no Big5 code for " + ", ".join(f"{a} (written {b})" for a, b in substituted.items())
    return Relaid("big5", ".txt", "".join(out).encode("big5hkscs"), note=note)


# --- a portal's page ----------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}_政务公开_门户网站</title>
<link rel="stylesheet" href="/css/style.css"><script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
</head><body>
<div class="topbar"><span>欢迎访问人民政府门户网站!</span> <a href="/">设为首页</a> | <a href="/">加入收藏</a>
 | <a href="/wza">无障碍浏览</a> | <a href="/en">English</a></div>
<div class="header"><img src="/images/logo.png" alt="门户网站"><form action="/search"><input name="q">
<button>搜索</button></form></div>
<ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li>
<li><a href="/zjbd">走进本地</a></li><li><a href="/ztzl">专题专栏</a></li></ul>
<div class="crumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt;
 <a href="/zwgk/tzgg">通知公告</a></div>
<div class="main"><div class="article">
<h1 class="title">{heading}</h1>
<div class="info">发布时间:2018-03-12 16:20 来源:生态环境局 浏览次数:3421 [字体:<a>大</a> <a>中</a> <a>小</a>]
 <a href="javascript:window.print()">[打印本页]</a> <a href="javascript:window.close()">[关闭窗口]</a></div>
<div id="zoom" class="TRS_Editor">
{paragraphs}
</div>
<div class="share">分享到:<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="prevnext"><p>上一篇:<a href="/a/1.html">关于开展春季植树造林活动的通知</a></p>
<p>下一篇:<a href="/a/3.html">关于公布第一批市级生态文明建设示范村的通知</a></p></div>
</div>
<div class="related"><h3>相关链接</h3><ul>
<li><a href="/r/1.html">市政府召开常务会议研究部署大气污染防治工作</a></li>
<li><a href="/r/2.html">全市河长制工作推进会召开</a></li>
<li><a href="/r/3.html">关于2018年第一季度环境空气质量排名情况的通报</a></li></ul></div></div>
<div class="footer"><p><a href="/about">关于我们</a> | <a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p>
<p>主办单位:人民政府办公室 承办单位:大数据中心 版权所有 ©2018</p>
<p>网站标识码:3600000001 ICP备05001234号 公网安备 36010202000123号</p></div>
</body></html>
"""


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def portal_page(text: str) -> Relaid:
    """A portal's page around the document, GB18030 bytes declared as gb2312."""
    paragraphs = _paragraphs(text)
    heading, body = (paragraphs[0], paragraphs[1:]) if paragraphs else ("", [])
    # A portal's editor indents each paragraph with two ideographic spaces inside its <p>.
    page = _PAGE.format(title=_escape(heading[:40]), heading=_escape(heading),
                        paragraphs="\n".join(f"<p>\u3000\u3000{_escape(p)}</p>" for p in body))
    return Relaid("html", ".html", page.encode("gb18030"))


# --- Word ------------------------------------------------------------------------------------------


def _docx_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def word_paragraphs(text: str) -> Relaid:
    """A Word file, one paragraph per line."""
    document = docx.Document()
    for line in _lines(text):
        document.add_paragraph(line.strip())
    return Relaid("docx", ".docx", _docx_bytes(document))


# The fields a checklist gives for each problem (整改目标:, 整改时限:, 整改措施:, 责任单位:, 牵头单位:,
# 整改责任单位:, 责任分工:, 验收单位:, 整改完成情况: …): a short label ending in one of these, and a colon.
_FIELD_ENDS = ("单位", "部门", "时限", "期限", "目标", "措施", "分工", "领导", "责任人", "情况", "进展")
_FIELD_NAME = rf"[\u4e00-\u9fff]{{0,6}}(?:{'|'.join(_FIELD_ENDS)})"
_FIELD = re.compile(rf"^({_FIELD_NAME})\s*[:：]\s*(.*)$")
_MEASURES = ("整改措施", "主要措施", "具体措施", "工作措施")
_CN = "一二三四五六七八九十百零"
_PROBLEM = re.compile(rf"^([{_CN}]+)、\s*(.+)$")
_SUB_PROBLEM = re.compile(rf"^[（(]([{_CN}]+)[)）]\s*(.+)$")
_NUMBERED_TASK = re.compile(rf"^(?:问题编号|序号|整改任务第|第)\s*(\d{{1,3}}|[{_CN}]+)\s*项?\s*[:：]\s*(.+)$")
_NEXT_FIELD = re.compile(rf"[;；]\s*(?={_FIELD_NAME}\s*[:：])")
# A heading that names a part of a notice (一、整改任务, 二、整改责任单位) rather than a problem.
_SECTION = re.compile(rf"^(?:{_FIELD_NAME}|整改任务|任务概述|问题描述|存在问题)$")


@dataclass
class _Row:
    number: str
    problem: list[str]
    fields: dict[str, list[str]]
    start: int  # index of the problem's line
    end: int  # index after the last line read into the row
    line: str  # the problem's line as written
    section: bool = False  # a heading naming a part of a notice (二、整改责任单位), which is no problem


def _pipe_cells(line: str) -> list[str]:
    """The cells of a table row flattened with ``|``: ``a | b |`` and ``a | b`` are two cells, ``a | ||`` three."""
    pieces = line.strip().split("|")
    if len(pieces) > 1 and not pieces[-1].strip():
        pieces.pop()
    return [piece.strip() for piece in pieces]


def _table_from_pipes(lines: list[str]) -> tuple[list[str], list[list[list[str]]], list[str]] | None:
    """(text before, rows of cells, text after) of the first run of three or more ``a | b | c`` lines.

    A row cut by a line break inside a cell (fewer cells than the widest row, and the next line
    makes up the rest) is one row.
    """
    start = next((i for i, line in enumerate(lines) if line.count("|") >= 2), None)
    if start is None:
        return None
    end = start
    while end + 1 < len(lines) and lines[end + 1].count("|") >= 2:
        end += 1
    if end - start < 2:
        return None
    width = max(len(_pipe_cells(lines[i])) for i in range(start, end + 1))
    # The table starts at its first full row: a menu before it (打印本页 | 关闭窗口) is no row of it.
    start = next(i for i in range(start, end + 1) if len(_pipe_cells(lines[i])) == width)
    rows: list[list[str]] = []
    for i in range(start, end + 1):
        cells = _pipe_cells(lines[i])
        if rows and len(rows[-1]) < width and len(rows[-1]) + len(cells) - 1 <= width:
            rows[-1][-1] += cells[0]
            rows[-1].extend(cells[1:])
        else:
            rows.append(cells)
    table = [[[cell] if cell else [] for cell in row + [""] * (width - len(row))] for row in rows]
    return lines[:start], table, lines[end + 1:]


def _checklist_rows(lines: list[str]) -> tuple[list[str], list[_Row], list[str]] | None:
    """(text before, one row per problem, text after) of a checklist: numbered problems followed by fields.

    A field runs on over the lines after it (the measures under 整改措施:) unless its value stands
    on its own line (责任单位:…): a line after that one belongs to no field, and after the last
    problem it is the text after the table (an issuing office, a date).
    """
    rows: list[_Row] = []
    field: str | None = None
    for index, line in enumerate(lines):
        m = _FIELD.match(line)
        heading = _PROBLEM.match(line) or _SUB_PROBLEM.match(line) or _NUMBERED_TASK.match(line)
        if m and rows and not rows[-1].section:
            # 牵头单位:…;责任单位:… on one line are two columns of the table.
            for part in _NEXT_FIELD.split(line):
                name, value = _FIELD.match(part).groups()  # type: ignore[union-attr]  # split before fields
                field = name
                rows[-1].fields.setdefault(field, [])
                if value:
                    rows[-1].fields[field].append(value)
                    field = None if field not in _MEASURES else field
        elif heading:
            number = f"({heading.group(1)})" if heading.re is _SUB_PROBLEM else heading.group(1)
            section = bool(_SECTION.match(heading.group(2).strip()))
            rows.append(_Row(number, [heading.group(2)], {}, index, index + 1, line, section))
            field = None
            continue
        elif rows and field is not None:
            rows[-1].fields[field].append(line)
        elif rows and not rows[-1].fields and rows[-1].end == index:
            rows[-1].problem.append(line)
        else:
            continue
        if rows:
            rows[-1].end = index + 1
    filled = [i for i, row in enumerate(rows) if len(row.fields) >= 2]
    if not filled:
        return None
    first, last = filled[0], filled[-1]
    if first > 0 and rows[first].number.startswith("(") and not rows[first - 1].fields \
            and not rows[first - 1].number.startswith("("):
        first -= 1  # the problem whose sub-problems the table starts with is its first row
    for row, following in zip(rows[first:last], rows[first + 1:last + 1], strict=True):
        # Lines between a problem's fields and the next problem stay in its last field.
        if row.fields and following.start > row.end:
            row.fields[list(row.fields)[-1]].extend(lines[row.end:following.start])
    return lines[:rows[first].start], rows[first:last + 1], lines[rows[last].end:]


def checklist_table(text: str) -> tuple[list[str], list[list[list[str]]], list[str]]:
    """The document as (paragraphs before, table rows of cells of paragraphs, paragraphs after).

    Raises :class:`LayoutNotApplicable` when the document has no checklist or table shape.
    """
    lines = _paragraphs(text)
    piped = _table_from_pipes(lines)
    if piped is not None:
        return piped
    found = _checklist_rows(lines)
    if found is None:
        raise LayoutNotApplicable("no table shape: no run of '|' rows, and no numbered problem followed by "
                                  "two or more checklist fields (整改目标:, 责任单位: …)")
    before, rows, after = found
    names: list[str] = []
    for row in rows:
        names += [name for name in row.fields if name not in names]
    header = [["序号"], ["问题"], *[[name] for name in names]]
    body = []
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        if not row.fields and not (following and following.number.startswith("(")):
            # A heading between the problems (二、个性整改任务): one cell across the table, as Word merges it.
            body.append([[row.line]] * len(header))
        else:
            body.append([[_arabic(row.number)], [" ".join(row.problem)], *[row.fields.get(name, []) for name in names]])
    return before, [header, *body], after


def _arabic(number: str) -> str:
    """A problem's number as a Word table writes it: 六 -> 6; a sub-problem keeps its (一)."""
    if number.startswith("("):
        return number
    if number.isdigit():
        return number
    from graph.core.numerals import chinese_to_int

    return str(chinese_to_int(number))


def word_table(text: str) -> Relaid:
    """A Word file whose checklist is a table (raises :class:`LayoutNotApplicable` for other documents)."""
    before, rows, after = checklist_table(text)
    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        cells = table.add_row().cells
        if len(row) > 1 and all(cell is row[0] for cell in row):
            cells = [cells[0].merge(cells[-1])]  # a heading row: one cell merged across the table
            row = row[:1]
        for cell, paragraphs in zip(cells, row, strict=True):
            cell.text = paragraphs[0] if paragraphs else ""
            for paragraph in paragraphs[1:]:
                cell.add_paragraph(paragraph)
    for line in after:
        document.add_paragraph(line)
    return Relaid("docx-table", ".docx", _docx_bytes(document))


# --- PDF ---------------------------------------------------------------------------------------------


@cache
def _cid_font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _markup(text: str) -> str:
    return html.escape(text, quote=False)


def pdf(text: str) -> Relaid:
    """A PDF (reportlab): a paragraph per line, first lines indented, page numbers at the foot."""
    font = _cid_font()
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=18, wordWrap="CJK", firstLineIndent=24)

    def page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.setFont(font, 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")

    buffer = io.BytesIO()
    story = [Paragraph(_markup(line), body) for line in _paragraphs(text)]
    SimpleDocTemplate(buffer, pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return Relaid("pdf", ".pdf", buffer.getvalue())


# --- printed from a browser -----------------------------------------------------------------------

BROWSER_LAYOUT = "browser-pdf"
# Chromium's own print header and footer: the date and the page's title, its address and page n/N.
_HEADER = ('<div style="font-size:8px;width:100%;margin:0 12mm;display:flex;justify-content:space-between">'
           '<span class="date"></span><span class="title"></span><span></span></div>')
_FOOTER = ('<div style="font-size:8px;width:100%;margin:0 12mm;display:flex;justify-content:space-between">'
           '<span class="url"></span>'
           '<span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>')
_ARTICLE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: "Microsoft YaHei", "微软雅黑", SimSun, Arial, sans-serif; font-size: 16px;
line-height: 1.7; }}
h1 {{ font-size: 20px; text-align: center; }} p {{ text-indent: 2em; margin: 0 0 4px 0; }}</style></head>
<body><h1>{heading}</h1>
{paragraphs}
</body></html>"""


def browser_page(text: str) -> str:
    """The document as the article page a browser prints: the first line its heading and title.

    The style is a portal's: fonts of Windows that a Linux browser does not have, so it falls back to
    its own (Latin letters and digits from one font, characters from another, on the same line).
    """
    paragraphs = _paragraphs(text)
    heading, body = (paragraphs[0], paragraphs[1:]) if paragraphs else ("", [])
    return _ARTICLE.format(title=_escape(heading), heading=_escape(heading),
                           paragraphs="\n".join(f"<p>{_escape(p)}</p>" for p in body))


def page_address(name: str) -> str:
    """Where the page was published, for the footer: a portal's article address."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"https://www.sthjt.gov.cn/art/2018/3/12/art_{int(digest, 16) % 90000 + 10000}_{digest}.html"


def _serve(url: str, body: str) -> Callable[[Any], None]:
    def handle(route: Any) -> None:
        if route.request.url == url:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)
        else:
            route.abort()
    return handle


def print_in_browser(browser: Any, documents: Sequence[tuple[str, str]]) -> Iterator[Relaid]:
    """Print each ``(name, text)`` from one headless Chromium (a Playwright Browser), as a reader saves a page.

    A5 pages with the browser's running header and footer: some 27 characters a line, so names
    wrap across lines, and every page carries the date, the title, the address and ``n/N``.
    """
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        for name, text in documents:
            url = page_address(name)
            body = browser_page(text)
            page = context.new_page()
            # The page is served under its portal address (for the footer) and nothing else loads.
            page.route("**/*", _serve(url, body))
            page.goto(url, wait_until="load")
            data: bytes = page.pdf(format="A5", display_header_footer=True, header_template=_HEADER,
                                   footer_template=_FOOTER, print_background=False,
                                   margin={"top": "18mm", "bottom": "18mm", "left": "12mm", "right": "12mm"})
            page.close()
            yield Relaid(BROWSER_LAYOUT, ".pdf", data)
    finally:
        context.close()


# --- all of them -------------------------------------------------------------------------------------

LAYOUTS: dict[str, Callable[[str], Relaid]] = {
    "blank-lines": blank_lines,
    "crlf": crlf,
    "full-width": full_width,
    "half-width": half_width,
    "indented": indented,
    "wrapped": wrapped,
    "traditional": traditional,
    "gb18030": gb18030,
    "big5": big5,
    "html": portal_page,
    "docx": word_paragraphs,
    "docx-table": word_table,
    "pdf": pdf,
}


def relay(text: str, layout: str) -> Relaid:
    """``text`` in ``layout`` (any of :data:`LAYOUTS`; the browser's print needs :func:`print_in_browser`)."""
    return LAYOUTS[layout](text)
