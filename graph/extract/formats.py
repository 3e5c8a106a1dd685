"""Input formats: tell what a file is, and turn web pages, Word files and PDFs into document text.

A plain-text file is its own document text.  For the other formats the text
that is stored as the document (and that every span indexes) is the one
produced here:

- ``.html``/``.htm``: the article body of a saved web page, found by
  trafilatura; checklist tables in it are rendered like Word tables (below).
- ``.docx``: paragraphs in order, one per line; a checklist table (columns such
  as 序号/问题/整改目标/整改时限/整改措施/责任单位) becomes checklist-shaped lines,
  one block per problem row: ``一、<问题>``, ``<column>:<cell>`` for each other
  column, and under ``整改措施:`` one measure per line, so the checklist reader
  sees the table's structure rather than flattened cells.
- ``.pdf``: the text layer, read by pdfplumber, lines that the page layout
  wrapped joined again and page markers (``— 2 —``) left out; a ruled table
  (cells drawn with lines) is read cell by cell and rendered like a Word table.
  A PDF without a text layer (a scan) is refused with a message that says so.

What a file is comes from its first bytes when they are unambiguous (``%PDF``,
a ZIP holding ``word/document.xml``, an HTML tag), else from its extension.
"""

from __future__ import annotations

import copy
import io
import logging
import math
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import Any

from graph.core.lexicon import cue_table
from graph.core.numerals import chinese_to_int
from graph.core.numerals import int_to_chinese as _int_to_chinese
from graph.errors import InputError
from graph.extract.repair import broken_rows, is_page_marker, opens_item, starts_item

__all__ = [
    "CONVERSIONS",
    "FORMATS",
    "declared_charset",
    "detect_format",
    "docx_to_text",
    "html_to_text",
    "pdf_to_text",
    "render_table",
]

FORMATS = ("txt", "html", "docx", "pdf")
# How the document text was produced from a file of each format (stored as dg:conversion), so a
# reader of a quote knows it indexes produced text, not the file's bytes.
CONVERSIONS = {
    "txt": None,
    "html": "article body of the web page (trafilatura); checklist tables rendered as checklist lines",
    "docx": "paragraphs one per line; checklist tables rendered as checklist lines",
    "pdf": "text layer (pdfplumber), wrapped lines joined, page markers left out; "
           "ruled checklist tables rendered as checklist lines",
}

# A cell is its paragraphs; a row its cells; a table its rows.
Cell = list[str]
Row = list[Cell]

# --- what is this file? -------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_EXTENSIONS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
               ".docx": "docx", ".pdf": "pdf"}


def detect_format(data: bytes, source: str) -> str:
    """Return ``txt``, ``html``, ``docx`` or ``pdf`` for the bytes of ``source``, or raise :class:`InputError`.

    The bytes decide when they are unambiguous, so a ``.txt`` that is really a
    PDF or a Word file is read as one; a file whose extension names a format
    its bytes are not (a ``.pdf`` that is an HTML error page) is read as what
    it is, and one that is nothing readable is refused with the reason.
    """
    suffix = PurePath(source).suffix.lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, source)
    if data.startswith(_OLE):
        raise InputError(source, "this is a legacy Office file (Word .doc, .wps or .xls, 97-2003 format), "
                                 "which cannot be read: save it as .docx and retry")
    if data.startswith(b"{\\rtf"):
        raise InputError(source, "this is an RTF file, which cannot be read: save it as .docx or plain text and retry")
    if data.startswith(_IMAGES):
        raise InputError(source, "this is an image (a scan?), not text: there is no text to read; "
                                 "run OCR on it first and ingest the text")
    if _HTML_START.match(data[:4096]) or _EXTENSIONS.get(suffix) == "html":
        return "html"
    if suffix in (".pdf", ".docx"):
        raise InputError(source, f"the file is named {suffix} but is not a {suffix[1:].upper()} file "
                                 "(it may be truncated or an error page): download it again")
    return "txt"


def _zip_format(data: bytes, source: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise InputError(source, f"this is a damaged ZIP/Word file ({exc}): download it again") from exc
    if "word/document.xml" in names:
        return "docx"
    if any(name.startswith("xl/") for name in names):
        raise InputError(source, "this is an Excel workbook, which cannot be read: "
                                 "save the checklist sheet as .docx or .html and retry")
    raise InputError(source, "this is a ZIP archive, not a Word .docx file: unpack it and ingest the documents inside")


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares (``<meta charset=gbk>``, http-equiv, XML declaration), if any."""
    head = data[:8192]
    m = _CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii").lower() if m else None


# --- checklist tables ----------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    number: int | None
    problem: int
    measures: int | None
    headers: tuple[str, ...]


@cache
def _column_words() -> dict[str, tuple[str, ...]]:
    return cue_table("table_columns")


def _header_kind(header: str) -> str:
    """``number``, ``problem``, ``measures`` or ``field`` for a header cell (``data/lexicon/table_columns.tsv``)."""
    words = _column_words()
    if header in words["number"]:
        return "number"
    if any(word in header for word in words["measures"]):
        return "measures"
    if any(header.endswith(word) for word in words["problem"]) and not any(
        word in header for word in words["not_problem"]
    ):
        return "problem"
    return "field"


def _find_columns(row: Row) -> _Columns | None:
    headers = tuple(_squash(" ".join(cell)) for cell in row)
    if len({h for h in headers if h}) < 3:
        return None
    kinds = [_header_kind(h) if h else "" for h in headers]
    if "problem" not in kinds:
        return None
    return _Columns(
        number=kinds.index("number") if "number" in kinds else None,
        problem=kinds.index("problem"),
        measures=kinds.index("measures") if "measures" in kinds else None,
        headers=headers,
    )


def render_table(rows: Sequence[Row]) -> list[str] | None:
    """Render a checklist table as checklist-shaped lines, or return None when it is no checklist.

    The header row must name a problem column and two more columns.  Rows that
    repeat the same number and problem (a problem cell merged over several
    measure rows), or leave both blank, make one problem; a cell repeated by a
    merge is written once.  A row numbered as a sub-problem (``(一)``, ``(2)``) is one of the
    problem before it, written ``(一)…`` under it as a checklist writes it.  A measures cell keeps
    its own numbering; a cell whose paragraphs carry none (Word's automatic numbering is not part
    of the text) is numbered 1、2、… in its paragraphs' order.
    """
    columns: _Columns | None = None
    start = 0
    for index, row in enumerate(rows[:3]):
        columns = _find_columns(row)
        if columns is not None:
            start = index + 1
            break
    if columns is None:
        return None
    lines: list[str] = []
    groups: list[list[Row]] = []
    for row in rows[start:]:
        if len(row) < len(columns.headers):
            row = [*row, *([[]] * (len(columns.headers) - len(row)))]
        if tuple(_squash(" ".join(cell)) for cell in row) == columns.headers:
            continue  # the header repeated on a new page
        key = _row_key(row, columns)
        if not any(_squash(" ".join(cell)) for cell in row):
            continue
        # Rows of one problem: its merged cells repeat the number and problem, or are left blank.
        if groups and (key == ("", "") or _row_key(groups[-1][0], columns) == key):
            groups[-1].append(row)
        else:
            groups.append([row])
    counter = 0
    for group in groups:
        first = group[0]
        texts = {_squash(" ".join(cell)) for cell in first}
        if len(texts) == 1:
            lines.append(_join_paragraphs(first[0]))  # a heading row spanning the whole table
            continue
        sub = _sub_number(first, columns)
        if sub:
            # A sub-problem of the row before ((一) under 六): a heading of its own, under that problem.
            lines.append(f"{sub}{_join_paragraphs(first[columns.problem])}")
        else:
            counter = _problem_number(first, columns, counter)
            lines.append(f"{_int_to_chinese(counter)}、{_join_paragraphs(first[columns.problem])}")
        for col, header in enumerate(columns.headers):
            if col in (columns.number, columns.problem) or not header:
                continue
            cells = _distinct(row[col] for row in group)
            if col == columns.measures:
                lines.append(f"{header}:")
                lines.extend(_measure_lines([p for cell in cells for p in cell]))
                continue
            value = "".join(_join_paragraphs(cell) for cell in cells)
            if value:
                lines.append(f"{header}:{value}")
    return lines


def _row_key(row: Row, columns: _Columns) -> tuple[str, str]:
    number = _squash(" ".join(row[columns.number])) if columns.number is not None else ""
    return number, _squash(" ".join(row[columns.problem]))


_SUB_NUMBER = re.compile(r"[((]([一二三四五六七八九十]{1,3}|\d{1,2})[))]")


def _sub_number(row: Row, columns: _Columns) -> str:
    """``(一)`` when the row's number cell numbers a sub-problem ((一), (2)), else the empty string."""
    if columns.number is None:
        return ""
    m = _SUB_NUMBER.fullmatch(_squash(" ".join(row[columns.number])))
    return f"({m.group(1)})" if m else ""


def _problem_number(row: Row, columns: _Columns, previous: int) -> int:
    if columns.number is not None:
        written = _squash(" ".join(row[columns.number])).strip(".、()")
        try:
            return chinese_to_int(written)
        except ValueError:
            pass
    return previous + 1


def _distinct(cells: Iterable[Cell]) -> list[Cell]:
    seen: list[Cell] = []
    for cell in cells:
        if cell and cell not in seen:
            seen.append(cell)
    return seen


# A cell whose measures are counted in words (一是…;二是…) numbers them itself.
_COUNTED = re.compile(r"[一二三四五六七八九十]是")


def _measure_lines(paragraphs: list[str]) -> list[str]:
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    if any(starts_item(p) or _COUNTED.match(p) for p in paragraphs):
        return paragraphs
    return [f"{n}、{p}" for n, p in enumerate(paragraphs, start=1)]


def _join_paragraphs(cell: Cell) -> str:
    """One line for a cell: names listed one per paragraph are joined with 、, sentences run on."""
    parts = [p.strip() for p in cell if p.strip()]
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        core = part.rstrip("。;,")
        names = len(core) <= 20 and len(out.split("、")[-1]) <= 20 and not re.search(r"[,。;:]", out[-1] + core)
        out += ("、" if names else "") + part
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- Word ------------------------------------------------------------------------------


def docx_to_text(data: bytes, source: str) -> str:
    """The text of a .docx: paragraphs one per line, checklist tables rendered as checklists."""
    from docx import Document as open_docx
    from docx.table import Table

    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds on a broken package
        raise InputError(source, f"this Word file cannot be opened ({exc}): save it again as .docx") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = [[[p.text for p in cell.paragraphs] for cell in row.cells] for row in block.rows]
            lines.extend(_table_lines(rows, lines))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_lines(rows: list[Row], before: list[str]) -> list[str]:
    """A table as lines: a checklist as checklist lines (after an annex line), any other row by row."""
    rendered = render_table(rows)
    if rendered is None:
        return [" | ".join(_join_paragraphs(cell) for cell in _dedupe_merged(row)) for row in rows]
    annex_words = cue_table()["annex.start"]
    nouns = cue_table()["annex.noun"]
    recent = [line.strip() for line in before if line.strip()]
    if any(line.startswith(annex_words) and any(n in line for n in nouns) for line in recent):
        return rendered
    # The checklist reader starts at an annex line (附:…清单); a table that is
    # the checklist is introduced by one, named after its caption when the
    # paragraph before the table is one.
    caption = recent[-1] if recent and any(n in recent[-1] for n in nouns) and len(recent[-1]) <= 80 else "整改清单"
    return [f"{annex_words[0]}:{caption}", *rendered]


def _dedupe_merged(row: Row) -> list[Cell]:
    out: list[Cell] = []
    for cell in row:
        if not out or cell != out[-1]:
            out.append(cell)
    return out


# --- web pages ---------------------------------------------------------------------------

_HTML_SPACE = re.compile(r"[ \t\r\n]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td",
           "th", "dd", "dt", "pre", "blockquote"}


def html_to_text(html: str, source: str) -> str:
    """The article of a saved web page: title, then body text, checklist tables rendered as checklists.

    trafilatura finds the article among the page's navigation, lists and
    footers.  Its own text is not taken as it is: it drops a short paragraph
    that repeats an earlier one (the second ``整改措施:`` of a checklist), and
    those repeats are the checklist's structure.  The element of the page that
    holds what trafilatura found is taken instead, all of its text, one line
    per block.
    """
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(_XML_DECL.sub("", html, count=1))
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError(source, f"this HTML page cannot be parsed ({exc})") from exc
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    _render_html_tables(tree)
    found = trafilatura.extract(copy.deepcopy(tree), include_tables=True, include_comments=False, favor_recall=True,
                                deduplicate=False, output_format="txt")
    article = _article_element(tree, found or "")
    body = _visible_text(article if article is not None else tree)
    title = _page_title(tree)
    if title and title not in body[: len(title) + 200]:
        body = f"{title}\n{body}"
    return body


_ARTICLE_TAGS = {"body", "div", "article", "section", "main", "td", "table", "ul", "ol", "form", "center", "font"}


def _article_element(tree: Any, found: str) -> Any | None:
    """The smallest block element of the page holding all the lines trafilatura found (a stray one aside)."""
    probes = [line for line in (_squash(x) for x in found.split("\n")) if len(line) >= 6][:200]
    if not probes:
        return None
    scored: list[tuple[int, int, Any]] = []
    for element in tree.iter(*_ARTICLE_TAGS):
        text = _squash(element.text_content())
        hits = sum(1 for probe in probes if probe in text)
        if hits:
            scored.append((hits, len(text), element))
    if not scored:
        return None
    most = max(hits for hits, _, _ in scored)
    enough = [(size, element) for hits, size, element in scored if hits >= 0.95 * most]
    return min(enough, key=lambda pair: pair[0])[1]


def _page_title(tree: Any) -> str:
    for xpath in ("//h1", "//title"):
        for node in tree.xpath(xpath):
            text = _squash_spaces(node.text_content())
            if text:
                # A <title> often carries the site name after _ | - : keep the document's part.
                return re.split(r"[_|]| - ", text)[0].strip() if xpath == "//title" else text
    return ""


def _render_html_tables(tree: Any) -> None:
    """Replace each checklist table of the page by paragraphs of checklist lines (innermost tables first)."""
    import lxml.html

    for table in reversed(tree.xpath("//table")):
        rows = _html_table_rows(table)
        if render_table(rows) is None:
            continue
        previous = table.getprevious()
        before = [_squash_spaces(previous.text_content())] if previous is not None else []
        block = lxml.html.Element("div")
        for line in _table_lines(rows, before):
            paragraph = lxml.html.Element("p")
            paragraph.text = line
            block.append(paragraph)
        block.tail = table.tail
        table.getparent().replace(table, block)


def _html_table_rows(table: Any) -> list[Row]:
    """The rows of an HTML table as cells of paragraphs, with row and column spans repeated like Word's merges."""
    grid: dict[tuple[int, int], Cell] = {}
    width = 0
    rows = [tr for tr in table.xpath(".//tr") if tr.xpath("ancestor::table[1]")[0] is table]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in grid:
                c += 1
            cell = _cell_paragraphs(td)
            rowspan = _span(td.get("rowspan"))
            colspan = _span(td.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = cell
            c += colspan
            width = max(width, c)
    return [[grid.get((r, c), []) for c in range(width)] for r in range(len(rows))]


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _cell_paragraphs(td: Any) -> Cell:
    return [line for line in (_squash_spaces(x) for x in _block_text(td).split("\n")) if line]


def _block_text(node: Any) -> str:
    """Text of ``node`` with a line break at each block element."""
    parts: list[str] = []

    def walk(element: Any) -> None:
        # Line breaks in the page's source are no line breaks of the text: only blocks are.
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCKS:
            parts.append("\n")
        if element.text and tag:
            parts.append(_HTML_SPACE.sub(" ", element.text))
        for child in element:
            walk(child)
            if child.tail:
                parts.append(_HTML_SPACE.sub(" ", child.tail))
        if tag in _BLOCKS:
            parts.append("\n")

    walk(node)
    return "".join(parts)


def _visible_text(tree: Any) -> str:
    body = tree.find("body")
    text = _block_text(body if body is not None else tree)
    return "\n".join(line for line in (_squash_spaces(x) for x in text.split("\n")) if line)


def _squash_spaces(text: str) -> str:
    return re.sub(r"[ \t\r\n\u00a0\u3000]+", " ", text).strip()


# --- PDF -----------------------------------------------------------------------------------


@dataclass
class _PdfLine:
    text: str
    x0: float
    x1: float
    size: float  # width of one character, for tolerances
    top: float = 0.0
    bottom: float = 0.0
    font: float = 0.0  # the font size of most of its characters


@dataclass
class _PdfTable:
    rows: list[Row]
    top: float


class _HarmlessFontBBox(logging.Filter):
    """Drops pdfminer's complaint about a font whose descriptor has no bounding box.

    Chromium's PDFs carry such fonts (Type 3 fonts for some glyphs of its fallback fonts): their
    characters are read all the same, and the complaint, logged as a warning to a library's
    logger that an application without logging set up prints through Python's last-resort
    handler, reached the terminal of every ingest once per font.  Every other pdfminer record
    passes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Could not get FontBBox")


@cache
def _quiet_pdfminer() -> None:
    # A filter on the logger that emits the record (pdfminer.pdffont), added once.
    logging.getLogger("pdfminer.pdffont").addFilter(_HarmlessFontBBox())


def pdf_to_text(data: bytes, source: str) -> str:
    """The text layer of a PDF, wrapped lines joined again, page markers and running headers left out.

    A ruled table (pdfplumber finds its cells from the lines drawn around them) is read as rows
    of cells and rendered like a Word table, so a checklist's columns stay apart.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    _quiet_pdfminer()
    pages: list[list[_PdfLine | _PdfTable]] = []
    heights: list[float] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(_page_blocks(page))
                heights.append(float(page.height))
    except PDFPasswordIncorrect as exc:
        raise InputError(source, "this PDF is encrypted: save an unprotected copy and retry") from exc
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect):
            raise InputError(source, "this PDF is encrypted: save an unprotected copy and retry") from exc
        raise InputError(source, f"this PDF cannot be read ({exc}): download it again") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise InputError(source, f"this PDF cannot be read ({type(exc).__name__}: {exc}): download it again") from exc
    if not any(pages):
        raise InputError(source, f"this is a scanned PDF without a text layer ({len(pages)} page(s) of images, "
                                 "no characters): there is no text to read; run OCR on it first and ingest the text")
    blocks = [block for page in _without_running_lines(pages, heights) for block in page]
    margins = _margins(blocks)
    out: list[str] = []
    lines: list[_PdfLine] = []
    for block in blocks:
        if isinstance(block, _PdfLine):
            lines.append(block)
            continue
        out += _reflow(lines, margins)
        lines = []
        out += _table_lines(block.rows, out)
    out += _reflow(lines, margins)
    return "\n".join(out)


def _margins(blocks: Iterable[_PdfLine | _PdfTable]) -> tuple[float, float] | None:
    """The left and right margins of the text lines of the whole document."""
    lines = [block for block in blocks if isinstance(block, _PdfLine)]
    if not lines:
        return None
    return min(line.x0 for line in lines), max(line.x1 for line in lines)


def _page_blocks(page: Any) -> list[_PdfLine | _PdfTable]:
    """A page's text lines and ruled tables, top to bottom."""
    tables = [table for table in page.find_tables() if len(table.rows) >= 2]
    if not tables:
        return list(_page_lines(_text_lines(page)))
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not any(_holds(box, obj) for box in boxes))
    blocks: list[_PdfLine | _PdfTable] = list(_page_lines(_text_lines(outside)))
    for table in tables:
        # Narrowed to the table, then to each row, so each cell sifts only its row's characters.
        inside = _chars_within(page, table.bbox)
        rows = []
        for row in table.rows:
            in_row = _chars_within(inside, row.bbox)
            rows.append([_pdf_cell(in_row, cell) for cell in row.cells])
        blocks.append(_PdfTable(rows, float(table.bbox[1])))
    return sorted(blocks, key=lambda block: block.top)


def _text_lines(page: Any) -> list[dict[str, Any]]:
    """The text lines of a page (or part of one), each character placed on its baseline first.

    pdfplumber groups characters into lines by their tops, and a character's top comes from its
    font's descent: in a line that mixes fonts (a browser sets Latin letters and digits in one,
    Chinese characters in another) the tops differ by a fifth of the type size, and in a heading
    that is more than the grouping tolerates, so ``整改措施清单(节选)`` came out as three lines.  Every
    upright character gets the same box around its baseline (the origin of its text matrix).
    """
    from pdfplumber.utils.text import chars_to_textmap

    chars = [_on_baseline(char) for char in page.chars]
    if not chars:
        return []
    textmap = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height)
    lines: list[dict[str, Any]] = textmap.extract_text_lines(strip=True, return_chars=True)
    return lines


def _on_baseline(char: dict[str, Any]) -> dict[str, Any]:
    matrix = char.get("matrix")
    if not char.get("upright") or not matrix:
        return char
    size = float(char["size"])
    y0 = float(matrix[5]) - 0.2 * size  # a fifth of the size below the baseline, for every font alike
    shift = float(char["y0"]) - y0
    return {**char, "y0": y0, "y1": float(char["y1"]) - shift, "top": float(char["top"]) + shift,
            "bottom": float(char["bottom"]) + shift, "doctop": float(char["doctop"]) + shift}


def _holds(box: tuple[float, float, float, float], obj: dict[str, Any]) -> bool:
    """Whether the middle of a character lies in ``box`` (a full stop may stick out of its cell)."""
    x = (float(obj["x0"]) + float(obj["x1"])) / 2
    y = (float(obj["top"]) + float(obj["bottom"])) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _chars_within(page: Any, box: tuple[float, float, float, float]) -> Any:
    return page.filter(lambda obj: obj.get("object_type") == "char" and _holds(box, obj))


def _pdf_cell(page: Any, box: tuple[float, float, float, float] | None) -> Cell:
    """The paragraphs of a table cell: its lines, those the cell's width wrapped joined again.

    A line ends its paragraph when it stops short of the cell's right edge by more than a
    character and a half beyond the cell's padding (names listed one per line, a heading),
    or when the next line opens a numbered item.
    """
    if box is None:
        return []  # covered by a merged cell
    inside = _chars_within(page, box)
    lines = list(_page_lines(_text_lines(inside), keep_numbers=True))
    paragraphs: list[str] = []
    ends = True
    for line in lines:
        if paragraphs and not ends and not starts_item(line.text):
            paragraphs[-1] += line.text
        else:
            paragraphs.append(line.text)
        padding = max(0.0, line.x0 - box[0])
        ends = box[2] - line.x1 > padding + 1.5 * line.size
    return paragraphs


def _page_lines(lines: Iterable[dict[str, Any]], *, keep_numbers: bool = False) -> Iterator[_PdfLine]:
    for line in lines:
        text = str(line["text"]).strip()
        if not text or is_page_marker(text) or (text.isdigit() and not keep_numbers):
            continue
        chars = [ch for ch in line.get("chars") or [] if str(ch.get("text", "")).strip()]
        widths = [float(ch["x1"]) - float(ch["x0"]) for ch in chars]
        size = statistics.median(widths) if widths else 10.0
        font = statistics.median(float(ch.get("size", 0.0)) for ch in chars) if chars else 0.0
        yield _PdfLine(text, float(line["x0"]), float(line["x1"]), size, float(line.get("top", 0.0)),
                       float(line.get("bottom", 0.0)), font)


# Running headers and footers stand in this share of the page's height at its top and at its foot.
_RUNNING_BAND = 0.12
# What a browser's print header and footer hold: an address, a date or a time, a page number n/N.
_RUNNING_SHAPE = re.compile(r"https?://|www\.|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}:\d{2}|\d+ ?/ ?\d+$|第 ?\d+ ?页")
# A running line's type is smaller than the body's by at least this factor.
_SMALL_TYPE = 0.85


def _without_running_lines(pages: list[list[_PdfLine | _PdfTable]],
                           heights: list[float]) -> list[list[_PdfLine | _PdfTable]]:
    """The pages without their running headers and footers.

    A browser prints the date and the page's title at the top of every page, and its address and
    ``n/N`` at the foot; read as text, they ran into the sentences a page break cuts, and their
    words became unit names.  A line at the top or the foot of a page is left out when the same
    line (its digits aside) stands there on at least half of the pages, two or more; or when it
    is set smaller than the body and has the shape of one (an address, a date, a time, a page
    number), with the other small lines beside it there (a title the header wrapped): a one-page
    print repeats nothing.
    """
    lines = [block for page in pages for block in page if isinstance(block, _PdfLine)]
    weighted = [line.font for line in lines for _ in range(len(line.text)) if line.font]
    body = statistics.median(weighted) if weighted else 0.0

    def band(line: _PdfLine, height: float) -> str | None:
        if line.bottom <= height * _RUNNING_BAND:
            return "top"
        if line.top >= height * (1 - _RUNNING_BAND):
            return "foot"
        return None

    def key(line: _PdfLine) -> str:
        return re.sub(r"\d+", "#", _squash(line.text))

    seen: Counter[tuple[str, str]] = Counter()
    for page, height in zip(pages, heights, strict=True):
        seen.update({(where, key(block)) for block in page
                     if isinstance(block, _PdfLine) and (where := band(block, height)) is not None})
    enough = max(2, math.ceil(len(pages) / 2))
    out: list[list[_PdfLine | _PdfTable]] = []
    for page, height in zip(pages, heights, strict=True):
        small = {where for block in page if isinstance(block, _PdfLine) and (where := band(block, height))
                 and block.font < _SMALL_TYPE * body and _RUNNING_SHAPE.search(block.text)}
        kept: list[_PdfLine | _PdfTable] = []
        for block in page:
            where = band(block, height) if isinstance(block, _PdfLine) else None
            if isinstance(block, _PdfLine) and where is not None and (
                    (len(pages) > 1 and seen[where, key(block)] >= enough)
                    or (where in small and block.font < _SMALL_TYPE * body)):
                continue
            kept.append(block)
        out.append(kept)
    return out


# A line that ends in one of these ends its sentence (closing quotes and brackets after it aside).
_FULL_STOPS = "。;:!?;:!?"
_CLOSERS = "”’」』)）》"


def _reflow(lines: list[_PdfLine], margins: tuple[float, float] | None = None) -> list[str]:
    """Join the lines the layout wrapped: a line that reaches the right margin runs on into the next.

    The next line starts a paragraph of its own when it is indented (Chinese
    paragraphs indent their first line) or opens a numbered item or a checklist
    field; a page break between the two does not matter.  A line that stops mid-sentence
    runs on when it stops a few characters short of the margin: line breaking never starts a
    line with a closing mark (,。)”) nor ends one with an opening mark, and moves the characters
    around them to the next line, and left-aligned text leaves its right edge ragged.
    ``margins`` are those of the whole document when a table splits its text into parts.  A table
    flattened into text (cells between ``|``) whose row the page wrapped before an item of a cell
    (``2、``) is one row again.
    """
    if not lines:
        return []
    left, right = margins or (min(line.x0 for line in lines), max(line.x1 for line in lines))
    out: list[str] = []
    runs_on = False
    previous: _PdfLine | None = None
    for line in lines:
        indented = line.x0 > left + 0.8 * line.size
        if out and previous and _heading_goes_on(previous, line, left, right) and not opens_item(out[-1], line.text):
            out[-1] += line.text
        elif out and runs_on and not indented and not opens_item(out[-1], line.text):
            out[-1] += (" " if out[-1][-1:].isascii() and line.text[:1].isascii() and out[-1][-1:].isalnum() else "")
            out[-1] += line.text
        else:
            out.append(line.text)
        mid_sentence = line.text.rstrip(_CLOSERS)[-1:] not in _FULL_STOPS
        runs_on = line.x1 >= right - (4.0 if mid_sentence else 1.5) * line.size
        previous = line
    return _join_rows(out)


def _heading_goes_on(previous: _PdfLine, line: _PdfLine, left: float, right: float) -> bool:
    """Whether ``line`` is the rest of a centred heading that ``previous`` began.

    A centred title too long for the line wraps: its first line fills the width, the rest is
    centred under it, set in the same type.  Left as two lines, the second read as a heading of
    its own (第六十九项整改任务完成情况的公示 as task 69).  A title broken on purpose, its first
    line short of the width, stays two lines, as it is written.
    """
    def centred(pdf_line: _PdfLine) -> bool:
        return abs((pdf_line.x0 - left) - (right - pdf_line.x1)) <= pdf_line.size

    return (centred(previous) and centred(line) and line.x0 > left + 0.8 * line.size
            and previous.x0 - left <= 2.5 * previous.size and abs(previous.font - line.font) < 0.5
            and previous.text.rstrip(_CLOSERS)[-1:] not in _FULL_STOPS)


def _join_rows(paragraphs: list[str]) -> list[str]:
    """The paragraphs with the parts of a table row (flattened with ``|``) that the page wrapped joined again."""
    joins = {first for first, _ in broken_rows(paragraphs)}  # paragraphs are never blank: j is first + 1
    out: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index - 1 in joins:
            out[-1] += paragraph
        else:
            out.append(paragraph)
    return out
