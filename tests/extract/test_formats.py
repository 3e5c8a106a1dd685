"""Input formats and encodings: each read from a small file the test writes, facts asserted exactly.

Word files are written with python-docx (a real table, merged cells), PDFs with reportlab
(its built-in CID font STSong-Light, so no font file is needed), web pages as a
government portal saves them (GBK bytes, <meta charset=gbk>, navigation around the article).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cli import main
from graph.errors import InputError
from graph.extract.document import extract_document, extract_file
from graph.extract.formats import CONVERSIONS, render_table
from graph.extract.normalize import normalize_text
from graph.extract.reader import RawText, decode_document, read_document
from graph.model.mapping import document_to_quads
from graph.records import Document
from tests.support.documents import extract_text
from tests.support.paths import JIANGXI

# --- helpers -------------------------------------------------------------------------------------


def problems(document: Document) -> list[tuple[str, str]]:
    return [(i.code, i.label) for i in document.problems if i.kind == "problem"]


def measures(document: Document) -> list[tuple[str, str]]:
    return [(m.code, m.text) for i in document.problems for m in i.measures]


def duties(document: Document) -> list[tuple[str, str, str]]:
    return sorted((a.agent, a.role.value, a.task) for a in document.assignments)


def deadlines(document: Document) -> dict[str, tuple[str, date | None]]:
    return {i.code: (i.deadline.text, i.deadline.due) for i in document.problems if i.deadline}


def spans_quote_the_text(document: Document) -> bool:
    spans = [i.span for i in document.problems] + [a.evidence for a in document.assignments]
    spans += [m.span for i in document.problems for m in i.measures]
    return all(document.text[s.start:s.end] == s.text for s in spans)


# The checklist every format below carries, as its facts.
PROBLEMS = [
    ("1", "青川河流域部分断面水质超标,城区生活污水直排问题突出。"),
    ("2", "部分自然保护区内仍有违规采砂、采石等开发活动。"),
]
MEASURES = [
    ("1.1", "开展入河排污口排查整治,依法取缔非法设置的排污口。"),
    ("1.2", "加快城区污水管网建设,2018年6月底前完成老城区雨污分流改造。"),
    ("2.1", "对保护区内采砂、采石点位逐一排查,建立台账,限期关停退出。"),
    ("2.2", "开展生态修复,2019年底前完成受损区域植被恢复。"),
]
DUTIES = sorted([
    ("市水务局", "lead", "1.1"),
    ("市住建局", "lead", "1.2"),
    ("市环保局", "support", "1"),
    ("各县区政府", "support", "1"),
    ("市林业局", "responsible", "2"),
    ("市国土资源局", "responsible", "2"),
])
DEADLINES = {"1": ("2018年12月底前", date(2018, 12, 31)), "2": ("立行立改、长期坚持", None)}
CLAUSE_1 = "市水务局(牵头负责第1条)、市住建局(牵头负责第2条)、市环保局,各县区政府。"
CLAUSE_2 = "市林业局、市国土资源局。"

PLAIN = f"""青川市贯彻落实中央环境保护督察反馈意见整改方案
为全面落实中央第五环境保护督察组反馈意见,切实解决突出环境问题,推动全市生态环境质量持续改善,结合我市实际,制定本方案。
附:青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单
一、{PROBLEMS[0][1]}
整改目标:青川河出境断面水质稳定达到Ⅲ类。
整改时限:2018年12月底前。
整改措施:
1、{MEASURES[0][1]}
2、{MEASURES[1][1]}
责任单位:{CLAUSE_1}
二、{PROBLEMS[1][1]}
整改目标:全面清理保护区内违法违规项目。
整改时限:立行立改、长期坚持。
整改措施:
1、{MEASURES[2][1]}
2、{MEASURES[3][1]}
责任单位:{CLAUSE_2}
"""


def assert_checklist_facts(document: Document) -> None:
    assert problems(document) == PROBLEMS
    assert measures(document) == MEASURES
    assert duties(document) == DUTIES
    assert deadlines(document) == DEADLINES
    assert spans_quote_the_text(document)


# --- plain text and encodings -----------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "recorded"), [
    ("utf-8", "utf_8"),
    ("utf-8-sig", "utf_8_sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
    ("gb2312", "gb18030"),
])
def test_plain_text_in_each_encoding_gives_the_same_facts(encoding: str, recorded: str) -> None:
    raw = decode_document(PLAIN.encode(encoding), f"plan_{encoding}.txt")
    assert (raw.format, raw.encoding, raw.text) == ("txt", recorded, PLAIN)
    document = extract_document(raw)
    assert document.encoding == recorded
    assert_checklist_facts(document)


# The same checklist as a Hong Kong site republishes it, in traditional characters.
TRADITIONAL = """青川市貫徹落實中央環境保護督察反饋意見整改方案
為全面落實中央第五環境保護督察組反饋意見,切實解決突出環境問題,推動全市生態環境質量持續改善,結合我市實際,制定本方案。
附:青川市貫徹落實中央環境保護督察反饋意見問題整改措施清單
一、青川河流域部分斷面水質超標,城區生活污水直排問題突出。
整改目標:青川河出境斷面水質穩定達到Ⅲ類。
整改時限:2018年12月底前。
整改措施:
1、開展入河排污口排查整治,依法取締非法設置的排污口。
2、加快城區污水管網建設,2018年6月底前完成老城區雨污分流改造。
責任單位:市水務局(牽頭負責第1條)、市住建局(牽頭負責第2條)、市環保局,各縣區政府。
二、部分自然保護區內仍有違規採砂、採石等開發活動。
整改目標:全面清理保護區內違法違規項目。
整改時限:立行立改、長期堅持。
整改措施:
1、對保護區內採砂、採石點位逐一排查,建立台賬,限期關停退出。
2、開展生態修復,2019年底前完成受損區域植被恢復。
責任單位:市林業局、市國土資源局。
"""


def test_gbk_and_big5_versions_give_the_same_responsibilities() -> None:
    # The same checklist as a mainland site (GBK, simplified) and a Hong Kong one (Big5, traditional) publish it.
    gbk = extract_text(PLAIN.encode("gbk"), "qingchuan_gbk.txt")
    big5 = extract_text(TRADITIONAL.encode("big5"), "qingchuan_big5.txt")
    assert (gbk.encoding, big5.encoding) == ("gb18030", "big5")
    assert duties(gbk) == duties(big5) == DUTIES
    assert_checklist_facts(big5)
    # The Big5 document quotes itself in traditional characters.
    assert big5.assignments[0].evidence.text == (
        "責任單位:市水務局(牽頭負責第1條)、市住建局(牽頭負責第2條)、市環保局,各縣區政府。"
    )


def test_a_few_characters_in_an_unknown_or_ambiguous_encoding_are_refused() -> None:
    # These GBK bytes read as 方计到场 and, as Big5, as 源數善部: both plausible, too short to tell.
    with pytest.raises(InputError, match=r"ambiguous encoding.*convert the file to UTF-8"):
        decode_document("方计到场".encode("gbk"), "short.txt")
    # A few characters are enough when only one reading makes sense.
    assert decode_document("省环保厅".encode("gbk"), "short.txt").encoding == "gb18030"
    with pytest.raises(InputError, match=r"unknown encoding: not UTF-8, GB18030/GBK or Big5.*it looks like"):
        decode_document("Rapport d'activité été à Paris, année 2017\n".encode("cp1252") * 4, "memo.txt")


# --- Word ---------------------------------------------------------------------------------------------


def _write_docx(path: Path, *, caption: str | None, merged: bool) -> None:
    """A Word plan whose checklist is a table; problem 1 spans two measure rows when ``merged``."""
    document = docx.Document()
    document.add_paragraph("青川市贯彻落实中央环境保护督察反馈意见整改方案")
    document.add_paragraph("为全面落实中央第五环境保护督察组反馈意见,切实解决突出环境问题,推动全市生态环境质量持续改善,"
                           "结合我市实际,制定本方案。")
    if caption:
        document.add_paragraph(caption)
    table = document.add_table(rows=1, cols=6)
    for cell, header in zip(table.rows[0].cells, ["序号", "问题", "整改目标", "整改时限", "整改措施", "责任单位"],
                            strict=True):
        cell.text = header

    def add_row(values: list[str | list[str]]) -> None:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            paragraphs = value if isinstance(value, list) else [value]
            cell.text = paragraphs[0]
            for paragraph in paragraphs[1:]:
                cell.add_paragraph(paragraph)

    if merged:
        add_row(["1", PROBLEMS[0][1], "青川河出境断面水质稳定达到Ⅲ类。", "2018年12月底前", MEASURES[0][1], CLAUSE_1])
        add_row(["", "", "", "", MEASURES[1][1], ""])
        for col in (0, 1, 2, 3, 5):
            table.cell(1, col).merge(table.cell(2, col))
    else:
        add_row(["1", PROBLEMS[0][1], "青川河出境断面水质稳定达到Ⅲ类。", "2018年12月底前",
                 [MEASURES[0][1], MEASURES[1][1]], CLAUSE_1])
    # Word's automatic numbering is not part of the text: these measures carry their numbers as text.
    add_row(["2", PROBLEMS[1][1], "全面清理保护区内违法违规项目。", "立行立改、长期坚持",
             [f"1.{MEASURES[2][1]}", f"2.{MEASURES[3][1]}"], ["市林业局", "市国土资源局。"]])
    document.add_paragraph("青川市人民政府办公室 2017年9月12日")
    document.save(str(path))


def test_docx_checklist_table_rows_are_read_as_structure(tmp_path: Path) -> None:
    path = tmp_path / "qingchuan_plan.docx"
    _write_docx(path, caption="青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单", merged=False)
    raw = read_document(path)
    assert (raw.format, raw.encoding) == ("docx", "utf_8")
    lines = raw.text.split("\n")
    assert lines[3:12] == [
        "附:青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单",
        f"一、{PROBLEMS[0][1]}",
        "整改目标:青川河出境断面水质稳定达到Ⅲ类。",
        "整改时限:2018年12月底前",
        "整改措施:",
        f"1、{MEASURES[0][1]}",
        f"2、{MEASURES[1][1]}",
        f"责任单位:{CLAUSE_1}",
        f"二、{PROBLEMS[1][1]}",
    ]
    document = extract_document(raw)
    assert problems(document) == PROBLEMS
    assert [(m.code, m.text.removeprefix("1.").removeprefix("2.")) for i in document.problems for m in i.measures] \
        == [(c, t) for c, t in MEASURES]
    assert duties(document) == DUTIES
    assert deadlines(document) == {"1": ("2018年12月底前", date(2018, 12, 31)), "2": ("立行立改、长期坚持", None)}
    assert spans_quote_the_text(document)
    # The stored text is the rendering: every quote indexes it.
    assert document.text == raw.text
    assert document.problems[1].measures[0].span.text == f"1.{MEASURES[2][1]}"


def test_docx_merged_problem_cell_makes_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "merged.docx"
    _write_docx(path, caption=None, merged=True)
    document = extract_file(path)
    assert problems(document) == PROBLEMS
    assert [m.code for i in document.problems for m in i.measures] == ["1.1", "1.2", "2.1", "2.2"]
    assert duties(document) == DUTIES
    # No caption before the table: the rendering opens the checklist itself.
    assert "附:整改清单\n一、" in document.text


def test_render_table_numbers_unnumbered_measures_and_leaves_other_tables() -> None:
    rows = [
        [["序号"], ["存在问题"], ["整改措施"], ["牵头单位"], ["配合单位"]],
        [["3"], ["工业固废堆场防渗措施不到位。"], ["完成防渗改造。", "建立巡查台账。"], ["市工信局"], ["市环保局"]],
    ]
    assert render_table(rows) == [
        "三、工业固废堆场防渗措施不到位。",
        "整改措施:",
        "1、完成防渗改造。",
        "2、建立巡查台账。",
        "牵头单位:市工信局",
        "配合单位:市环保局",
    ]
    assert render_table([[["姓名"], ["职务"]], [["张三"], ["局长"]]]) is None
    # Rows that leave the number and problem blank continue the problem above.
    rows.append([[], [], ["开展土壤监测。"], [], []])
    assert render_table(rows) == [
        "三、工业固废堆场防渗措施不到位。",
        "整改措施:",
        "1、完成防渗改造。",
        "2、建立巡查台账。",
        "3、开展土壤监测。",
        "牵头单位:市工信局",
        "配合单位:市环保局",
    ]


# --- web pages ----------------------------------------------------------------------------------------

PORTAL_PAGE = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>青川市贯彻落实中央环境保护督察反馈意见整改方案_青川市人民政府</title>
<script>var _hmt = _hmt || [];</script></head>
<body>
<div class="top"><a href="/">网站首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hd">互动交流</a>
 | <a>办事服务</a></div>
<div class="crumb">您的位置:<a href="/">首页</a> &gt;&gt; <a href="/zwgk">政务公开</a> &gt;&gt; 通知公告</div>
<div class="article">
<h1>青川市贯彻落实中央环境保护督察反馈意见整改方案</h1>
<div class="info">发布时间:2017-09-12 来源:市环保局 浏览次数:1024 [字体:大 中 小] [打印] [关闭]</div>
<div id="zoom" class="TRS_Editor">
<p>　　为全面落实中央第五环境保护督察组反馈意见,切实解决突出环境问题,推动全市生态环境质量持续改善,
结合我市实际,制定本方案。</p>
<p>附:青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单</p>
<p>一、{PROBLEMS[0][1]}</p>
<p>整改目标:青川河出境断面水质稳定达到Ⅲ类。</p>
<p>整改时限:2018年12月底前。</p>
<p>整改措施:</p>
<p>1、{MEASURES[0][1]}</p>
<p>2、{MEASURES[1][1]}</p>
<p>责任单位:{CLAUSE_1}</p>
<p>二、{PROBLEMS[1][1]}</p>
<p>整改目标:全面清理保护区内违法违规项目。</p>
<p>整改时限:立行立改、长期坚持。</p>
<p>整改措施:</p>
<p>1、{MEASURES[2][1]}</p>
<p>2、{MEASURES[3][1]}</p>
<p>责任单位:{CLAUSE_2}</p>
</div>
<div class="share">分享到: <a>微信</a> <a>微博</a></div>
</div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/a">三、市委召开常委会议研究部署环保工作</a></li>
<li><a href="/b">青川市召开大气污染防治推进会</a></li></ul></div>
<div class="footer">版权所有:青川市人民政府办公室 主办单位:青川市人民政府 蜀ICP备12345678号</div>
</body></html>
"""


def test_saved_government_page_in_gbk_gives_the_article(tmp_path: Path) -> None:
    path = tmp_path / "qingchuan.html"
    path.write_bytes(PORTAL_PAGE.encode("gbk"))
    raw = read_document(path)
    assert (raw.format, raw.encoding) == ("html", "gb18030")
    assert raw.text.startswith("青川市贯彻落实中央环境保护督察反馈意见整改方案\n")
    for chrome in ("网站首页", "您的位置", "_hmt", "办事服务", "市委召开常委会议", "ICP备"):
        assert chrome not in raw.text
    # What is left of the page's chrome inside the article (counter, print and share links) is
    # emptied by normalisation.
    text = normalize_text(raw.text, repair=True).text
    assert text.startswith("青川市贯彻落实中央环境保护督察反馈意见整改方案\n\n为全面落实")
    assert text.endswith("责任单位:市林业局、市国土资源局。\n")
    document = extract_document(raw)
    assert not document.warnings
    assert_checklist_facts(document)
    assert document.title == "青川市贯彻落实中央环境保护督察反馈意见整改方案"
    # A line break in the page source is no line break of the text.
    assert "推动全市生态环境质量持续改善, 结合我市实际,制定本方案。\n附:" in raw.text


def test_html_checklist_table_with_row_spans(tmp_path: Path) -> None:
    page = f"""<html><head><meta charset="utf-8"><title>整改清单</title></head><body>
<div class="nav"><a>首页</a> | <a>政务公开</a></div>
<div class="content"><p>青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单</p>
<table border="1">
<tr><th>序号</th><th>存在问题</th><th>整改目标</th><th>整改时限</th><th>整改措施</th><th>责任单位</th></tr>
<tr><td rowspan="2">1</td><td rowspan="2">{PROBLEMS[0][1]}</td><td rowspan="2">青川河出境断面水质稳定达到Ⅲ类。</td>
<td rowspan="2">2018年12月底前</td><td>{MEASURES[0][1]}</td><td rowspan="2">{CLAUSE_1}</td></tr>
<tr><td>{MEASURES[1][1]}</td></tr>
<tr><td>2</td><td>{PROBLEMS[1][1]}</td><td>全面清理保护区内违法违规项目。</td><td>立行立改、长期坚持</td>
<td><p>{MEASURES[2][1]}</p><p>{MEASURES[3][1]}</p></td><td>市林业局<br>市国土资源局。</td></tr>
</table></div></body></html>"""
    path = tmp_path / "checklist.htm"
    path.write_text(page, encoding="utf-8")
    document = extract_file(path)
    assert problems(document) == PROBLEMS
    assert measures(document) == MEASURES
    assert duties(document) == DUTIES
    assert "附:青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单\n一、" in document.text


# --- PDF ------------------------------------------------------------------------------------------------


def _write_pdf(path: Path) -> None:
    """A PDF plan: paragraphs that wrap over several lines, a page break inside the checklist, page numbers."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK",
                          firstLineIndent=24)
    flush = ParagraphStyle("flush", parent=body, firstLineIndent=0)

    def page_number(pdf: canvas.Canvas, doc: SimpleDocTemplate) -> None:
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")

    long_measure = ("对全市入河排污口开展拉网式排查,建立排污口清单,依法取缔非法设置的排污口,对保留的排污口规范设置"
                    "标志牌并安装在线监控设施,2018年3月底前完成。")
    story = [
        Paragraph("青川市贯彻落实中央环境保护督察反馈意见整改方案", flush),
        Paragraph("为全面落实中央第五环境保护督察组反馈意见,切实解决突出环境问题,推动全市生态环境质量持续改善,"
                  "结合我市实际,制定本方案。各地各部门要强化党政同责、一岗双责,确保整改到位。", body),
        Paragraph("附:青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单", flush),
        Paragraph(f"一、{PROBLEMS[0][1]}", flush),
        Paragraph("整改目标:青川河出境断面水质稳定达到Ⅲ类。", flush),
        Paragraph("整改时限:2018年12月底前。", flush),
        Paragraph("整改措施:", flush),
        Paragraph(f"1、{long_measure}", flush),
        PageBreak(),
        Paragraph(f"2、{MEASURES[1][1]}", flush),
        Paragraph(f"责任单位:{CLAUSE_1}", flush),
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)


def test_pdf_text_layer_is_read_with_wrapped_lines_joined(tmp_path: Path) -> None:
    path = tmp_path / "qingchuan_plan.pdf"
    _write_pdf(path)
    raw = read_document(path)
    assert (raw.format, raw.encoding) == ("pdf", "pdf-text-layer")
    assert "— 1 —" not in raw.text and "— 2 —" not in raw.text
    document = extract_document(raw)
    assert problems(document) == [PROBLEMS[0]]
    assert measures(document) == [
        ("1.1", "对全市入河排污口开展拉网式排查,建立排污口清单,依法取缔非法设置的排污口,对保留的排污口规范设置"
                "标志牌并安装在线监控设施,2018年3月底前完成。"),
        MEASURES[1],
    ]
    assert duties(document) == sorted([
        ("市水务局", "lead", "1.1"), ("市住建局", "lead", "1.2"), ("市环保局", "support", "1"),
        ("各县区政府", "support", "1"),
    ])
    assert deadlines(document) == {"1": ("2018年12月底前", date(2018, 12, 31))}
    # The measure wrapped over two lines of the page; it is one line of the document text.
    assert "\n" not in document.problems[0].measures[0].span.text
    assert spans_quote_the_text(document)


def _write_pdf_with_table(path: Path) -> None:
    """A PDF plan whose checklist is a ruled table (序号|问题|整改措施|责任单位|整改时限), cells wrapping,
    its last row on a second page under the repeated header."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK",
                          firstLineIndent=24)
    flush = ParagraphStyle("flush", parent=body, firstLineIndent=0)
    small = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK")

    def cell(*paragraphs: str) -> list[Paragraph]:
        return [Paragraph(text, small) for text in paragraphs]

    rows = [
        cell("序号"), cell("问题"), cell("整改措施"), cell("责任单位"), cell("整改时限"),
    ], [
        cell("1"), cell("东江流域部分支流水质超标,沿岸生活污水直排问题突出。"),
        cell("1.开展东江支流入河排污口排查整治,依法取缔非法设置的排污口。",
             "2.加快沿岸乡镇污水处理设施建设,2019年6月底前全部建成投运。"),
        cell("市水务局(牵头负责第1条)、市住建局(牵头负责第2条)、市生态环境局"), cell("2019年12月底前"),
    ], [
        cell("2"), cell("城区建筑工地扬尘污染防治措施落实不到位。"),
        cell("1.建立建筑工地扬尘管控清单,落实“六个百分之百”要求。"), cell("市住建局", "市城管局"),
        cell("立行立改、长期坚持"),
    ], [
        cell("3"), cell("新丰江水库库区网箱养殖清理不彻底。"), cell("1.全面清理库区网箱养殖设施,实施增殖放流。"),
        cell("市农业农村局"), cell("2018年6月底前"),
    ]
    table = Table(list(rows), colWidths=[30, 120, 170, 110, 60], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        Paragraph("河源市贯彻落实中央环境保护督察反馈意见整改方案", flush),
        Paragraph("为全面落实中央环境保护督察反馈意见,切实解决群众身边突出环境问题,推动全市生态环境质量持续改善,"
                  "结合我市实际,制定本方案。", body),
        Spacer(1, 500),  # the plan's body: the checklist starts low on the first page
        Paragraph("附:河源市贯彻落实中央环境保护督察反馈意见问题整改措施清单", flush),
        table,
        Paragraph("河源市人民政府办公室", flush),
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def test_pdf_ruled_table_is_read_as_checklist_rows(tmp_path: Path) -> None:
    path = tmp_path / "heyuan_plan.pdf"
    _write_pdf_with_table(path)
    raw = read_document(path)
    lines = raw.text.split("\n")
    assert lines[2:] == [
        "附:河源市贯彻落实中央环境保护督察反馈意见问题整改措施清单",
        "一、东江流域部分支流水质超标,沿岸生活污水直排问题突出。",
        "整改措施:",
        "1.开展东江支流入河排污口排查整治,依法取缔非法设置的排污口。",
        "2.加快沿岸乡镇污水处理设施建设,2019年6月底前全部建成投运。",
        "责任单位:市水务局(牵头负责第1条)、市住建局(牵头负责第2条)、市生态环境局",
        "整改时限:2019年12月底前",
        "二、城区建筑工地扬尘污染防治措施落实不到位。",
        "整改措施:",
        "1.建立建筑工地扬尘管控清单,落实“六个百分之百”要求。",
        "责任单位:市住建局、市城管局",
        "整改时限:立行立改、长期坚持",
        "三、新丰江水库库区网箱养殖清理不彻底。",
        "整改措施:",
        "1.全面清理库区网箱养殖设施,实施增殖放流。",
        "责任单位:市农业农村局",
        "整改时限:2018年6月底前",
        "河源市人民政府办公室",
    ]
    document = extract_document(raw)
    assert problems(document) == [
        ("1", "东江流域部分支流水质超标,沿岸生活污水直排问题突出。"),
        ("2", "城区建筑工地扬尘污染防治措施落实不到位。"),
        ("3", "新丰江水库库区网箱养殖清理不彻底。"),
    ]
    assert [m.code for i in document.problems for m in i.measures] == ["1.1", "1.2", "2.1", "3.1"]
    assert duties(document) == sorted([
        ("市水务局", "lead", "1.1"), ("市住建局", "lead", "1.2"), ("市生态环境局", "support", "1"),
        ("市住建局", "responsible", "2"), ("市城管局", "responsible", "2"), ("市农业农村局", "responsible", "3"),
    ])
    assert deadlines(document) == {"1": ("2019年12月底前", date(2019, 12, 31)), "2": ("立行立改、长期坚持", None),
                                   "3": ("2018年6月底前", date(2018, 6, 30))}
    assert spans_quote_the_text(document)


def _write_scanned_pdf(path: Path) -> None:
    """A scan: each page is a picture of text, with no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 24):
        draw.rectangle((40, y, 360, y + 10), fill=40)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        from reportlab.lib.utils import ImageReader

        pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 50, 100, width=400, height=560)
        pdf.showPage()
    pdf.save()


def test_scanned_pdf_is_refused_clearly_and_nothing_changes(tmp_path: Path) -> None:
    scan = tmp_path / "scanned_plan.pdf"
    _write_scanned_pdf(scan)
    with pytest.raises(InputError, match="scanned PDF without a text layer"):
        read_document(scan)
    runner = CliRunner()
    db = str(tmp_path / "db")
    assert runner.invoke(main, ["--store", db, "ingest", str(JIANGXI)]).exit_code == 0
    before = runner.invoke(main, ["--store", db, "export", "--format", "nq"]).stdout_bytes
    result = runner.invoke(main, ["--store", db, "ingest", str(JIANGXI), str(scan)])
    assert result.exit_code == 1
    assert "scanned_plan.pdf" in result.stderr and "scanned PDF without a text layer" in result.stderr
    assert runner.invoke(main, ["--store", db, "export", "--format", "nq"]).stdout_bytes == before


# --- what is this file? ------------------------------------------------------------------------------------


def test_format_comes_from_the_bytes_when_they_are_unambiguous(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    _write_pdf(pdf)
    disguised = tmp_path / "download.txt"
    disguised.write_bytes(pdf.read_bytes())
    assert read_document(disguised).format == "pdf"

    word = tmp_path / "plan.docx"
    _write_docx(word, caption=None, merged=False)
    renamed = tmp_path / "plan_docx.txt"
    renamed.write_bytes(word.read_bytes())
    assert read_document(renamed).format == "docx"

    page = tmp_path / "notice.pdf"  # a portal's HTML page saved under the name of the PDF it linked to
    page.write_bytes(PORTAL_PAGE.encode("gbk"))
    raw: RawText = read_document(page)
    assert raw.format == "html" and "整改措施" in raw.text


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy Office file"),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}}", "RTF file"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image"),
    (b"%PDF-1.4\n%broken\n", "PDF cannot be read"),
])
def test_unreadable_kinds_of_file_are_named(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        read_document(path)


def test_zip_that_is_no_word_file_and_truncated_docx(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "plans.txt"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("plan.txt", PLAIN)
    with pytest.raises(InputError, match=r"ZIP archive, not a Word \.docx"):
        read_document(archive)
    truncated = tmp_path / "plan.docx"
    truncated.write_bytes("整改方案".encode())
    with pytest.raises(InputError, match=r"named \.docx but is not a DOCX file"):
        read_document(truncated)


# --- the format and the conversion are recorded on the document ----------------------------------------------


def test_format_and_conversion_are_stored_with_the_document(tmp_path: Path) -> None:
    word, pdf, text = tmp_path / "qingchuan_word.docx", tmp_path / "qingchuan_pdf.pdf", tmp_path / "qingchuan.txt"
    _write_docx(word, caption="青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单", merged=False)
    _write_pdf(pdf)
    text.write_bytes(PLAIN.encode("gbk"))
    documents = {path.suffix: extract_file(path) for path in (word, pdf, text)}
    assert {suffix: (d.format, d.encoding, d.conversion) for suffix, d in documents.items()} == {
        ".docx": ("docx", "utf_8", "paragraphs one per line; checklist tables rendered as checklist lines"),
        ".pdf": ("pdf", "pdf-text-layer", "text layer (pdfplumber), wrapped lines joined, page markers left out; "
                                          "ruled checklist tables rendered as checklist lines"),
        ".txt": ("txt", "gb18030", None),
    }
    assert CONVERSIONS["html"] is not None
    store = ox.Store()
    for document in documents.values():
        store.extend(document_to_quads(document))
    rows = store.query("PREFIX dg: <https://w3id.org/dutygraph/ontology#> SELECT ?file ?format ?conversion "
                       "WHERE { ?d dg:sourceFile ?file ; dg:format ?format OPTIONAL { ?d dg:conversion ?conversion } } "
                       "ORDER BY ?file", use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    assert [(r["file"].value, r["format"].value, r["conversion"] is not None) for r in rows] == [
        ("qingchuan.txt", "txt", False), ("qingchuan_pdf.pdf", "pdf", True), ("qingchuan_word.docx", "docx", True),
    ]


def test_ingest_names_the_format_it_read(tmp_path: Path) -> None:
    word = tmp_path / "qingchuan_word.docx"
    _write_docx(word, caption="青川市贯彻落实中央环境保护督察反馈意见问题整改措施清单", merged=False)
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "db"), "ingest", str(word)])
    assert result.exit_code == 0, result.output
    # 199 quads of facts, 9 derived: dg:mappingVersion, 2 dg:leadNames, 6 dg:answersFor.  (老城区 in
    # 完成老城区雨污分流改造 is the old town, not Luoyang's district: no dg:concerns for it.)  9 more
    # since the document's facts: dg:inspectionLevel (中央…督察), dg:levelEvidence and its
    # span's 7 quads.  (The date runs on after the signature, 办公室2017年9月12日, on one line: no date.)
    # 6 more since mapping version 7: a dg:dutyKey on each of the 6 assignments of a problem or measure.
    assert "qingchuan_word.docx: plan «" in result.stderr and "» (docx, utf_8), 229 triples" in result.stderr
