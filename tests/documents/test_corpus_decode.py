"""Every real excerpt in ../shared/corpus decodes and normalises, and its damage is repaired.

The corpus sits beside the repository (``/work/shared/corpus`` next to ``/work/main``; CI
clones the repository with ``shared/`` beside it).
"""

from __future__ import annotations

import itertools
import os
import random
from pathlib import Path

import pytest

from graph.extract.normalize import NormalText, normalize_text
from graph.extract.reader import read_document
from tests.support.paths import CORPUS

FILES = sorted(CORPUS.glob("*.txt"))

# Outside CI a checkout without shared/ beside it skips these; in CI (CI=true) a missing corpus fails.
pytestmark = pytest.mark.skipif(not FILES and not os.environ.get("CI"), reason=f"no corpus at {CORPUS}")


def normalised(name: str) -> NormalText:
    raw = read_document(CORPUS / name)
    return normalize_text(raw.text, repair=True)


def removed(ntext: NormalText, kind: str) -> list[str]:
    return [r.span.text for r in ntext.repairs if r.kind == kind]


def test_the_corpus_is_there() -> None:
    # 12 excerpts in the first batch, 20 in the second; the corpus only grows.
    assert len(FILES) >= 32
    for path in FILES:
        head = path.read_text(encoding="utf-8").splitlines()[:2]
        assert head[0].startswith("# source: http") and head[1].startswith("# kind: "), path.name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_excerpt_decodes_and_normalises(path: Path) -> None:
    raw = read_document(path)
    assert (raw.format, raw.encoding) == ("txt", "utf_8")
    assert raw.text.startswith("# source: http")
    ntext = normalize_text(raw.text, repair=True)
    offsets = ntext.offsets
    assert len(offsets) == len(ntext.text) + 1 and offsets[-1] == len(raw.text)
    assert all(a <= b for a, b in itertools.pairwise(offsets))
    # Any slice of the repaired text maps back to an exact slice of the published text.
    rng = random.Random(path.name)
    for _ in range(300):
        i = rng.randrange(len(ntext.text))
        j = rng.randrange(i, min(len(ntext.text), i + 60) + 1)
        span = ntext.span(i, j)
        assert raw.text[span.start:span.end] == span.text
        assert span.line == raw.text.count("\n", 0, span.start) + 1


def test_hubei_document_sharing_chrome_is_stripped() -> None:
    ntext = normalised("hubei_huitoukan_progress_checklist_2020.txt")
    for chrome in ("上传人:Sc****h", "返回 下载 相关 举报", "第1页 / 共61页", "_第2页", "点击查看更多>>", "资源描述"):
        assert chrome not in ntext.text
    assert removed(ntext, "chrome")[:2] == [
        "上传人:Sc****h 文档编号:130947064 上传时间:2022-08-05 格式:DOCX 页数:61 大小:56.51KB",
        "返回 下载 相关 举报",
    ]
    # The site ran the checklist's title into its first heading: they get a line each.
    assert "\n中央生态环境保护督察“回头看”反馈意见湖北省整改进展清单\n一、关于“第一轮督察反馈指出" in ntext.text
    first_break = next(r.span.start for r in ntext.repairs if r.kind == "run-on-list")
    assert first_break == ntext.original.index("一、关于“第一轮")
    # The status field stands on a line of its own once the run-on text is split.
    assert "\n整改进展情况:已经完成,长期坚持。 1.将习近平生态文明思想纳入" in ntext.text


def test_yunnan_chunk_markers_are_removed_and_the_cut_sentences_joined() -> None:
    ntext = normalised("yunnan_progress_2017_docchunks.txt")
    assert removed(ntext, "chunk-marker") == ["1、", "\n2、", "\n3、"]
    # The shared file's page numbers, glued into the text after the first marker and where page 1
    # began (1、0云南省…, 负责环境保护1督察工作), are left out too; counts (共7次) are not.
    assert removed(ntext, "page-number") == ["0", "1"]
    assert "\n云南省贯彻落实中央环境保护督察反馈意见问题整改情况2016年7月15日" in ntext.text
    assert "负责环境保护督察工作的组织领导" in ntext.text
    assert "\n2、" not in ntext.text and "\n3、" not in ntext.text
    assert "省委主要领导立即部署整改落实工作" in ntext.text
    assert "强化使命担当和责任意识,不打折扣、不讲条件" in ntext.text
    # Spaces that the PDF conversion put around numbers are gone; numbers stay apart.
    assert "2016年7月15日至8月15日,中央第七环境保护督察组对云南省开展了为期1个月的环境保护督察工作" in ntext.text
    assert "督察工作,11月23日向省委、省政府反馈了督察意见" in ntext.text
    assert "省委常委会会议共7次、省政府常务会议共10次" in ntext.text


def test_nanning_pinyin_garbage_is_removed_and_the_text_simplified() -> None:
    ntext = normalised("nanning_audit_rectification_2022.txt")
    assert "(guān)" not in ntext.text and "(xiàn)" not in ntext.text
    assert set(removed(ntext, "pinyin")) >= {"(guān)", "(diào)", "(fā)", "(xiàn)", "(qū)", "(jù)"}
    # 整改。現将 lost its 。現 to the converter, which left ?,F before the pinyin: all of it goes.
    assert "?,F(xiàn)" in removed(ntext, "pinyin")
    assert "?,F" not in ntext.text and "推进存在问题整改将整改情况函告如下:" in ntext.text
    assert "南宁市人民政府关于2022年大气污染防治专项审计调查发现问题整改情况的函" in ntext.text
    assert "(一)南宁市部分年度空气质量约束性指标任务未完成。" in ntext.text
    assert ntext.converted > 150
    assert "南寧市人民政府關(guān)于2022年大氣污染防治" in ntext.original


def test_heilongjiang_traditional_text_becomes_simplified() -> None:
    ntext = normalised("heilongjiang_plan_2017_trad.txt")
    assert ntext.converted == 199
    assert "\n黑龙江省贯彻落实中央环境保护督察反馈意见整改方案\n" in ntext.text
    assert "到2017年底,全省可吸入颗粒物(PM10)浓度比2013年下降5%以上" in ntext.text
    assert "列入国家水污染防治目标责任书中的62个断面,水质优良(达到或优于Ⅲ类)比例达到53.2%以上" in ntext.text
    assert "黑龍江省貫徹落實" in ntext.original


def test_web_chrome_of_the_portals_is_stripped() -> None:
    notice = normalised("heilongjiang_progress_notice_2020.txt")
    assert removed(notice, "chrome") == ["分享到:", "相關文章:"]
    assert notice.text.rstrip().endswith("存在虚假整改问题。")

    neimenggu = normalised("neimenggu_plan_2017.txt")
    assert removed(neimenggu, "chrome") == ["化工网 - 产品 - 企业 - 商机 - 原料报价 - 资讯 - 人才 - 专家 - 会展 - 助手",
                                            "首页 » 动态报道"]

    shenyang = normalised("shenyang_huitoukan_plan_2020.txt")
    assert removed(shenyang, "chrome") == ["首页 -> 党务公开 -> 重要文件", "时间:2020年01月10日来源:市委办公室",
                                           "[字体: ] 打印"]
    assert "\n沈阳市贯彻落实中央生态环境保护督察“回头看”反馈意见整改方案\n" in shenyang.text

    hunan = normalised("hunan_progress_2018.txt")
    assert removed(hunan, "chrome") == ["文件名称:湖南省关于中央第六环境保护督察组督察反馈意见整改落实情况的报告",
                                        "文件编号:", "发布时间:", "实施时间:"]


def test_xinbin_breadcrumbs_go_and_the_run_on_task_is_split() -> None:
    ntext = normalised("xinbin_fushun_task14_result_2020.txt")
    assert removed(ntext, "chrome") == [
        "![]() |", "|", "网站首页 |",
        "您的位置:首页 >> 专题专栏 >> 往期专题 >> 中央生态环保督察“回头看”在辽宁 |",
        "来源:部门报送浏览:32679次'时间:2020年5月29日",
    ]
    assert "\n二、整改目标 实施浑河流域综合整治,确保考核断面优良比例达到75%以上。\n三、整改措施\n(一)2019年6月至8月," \
        in ntext.text
    assert "\n(二)严格落实河长制工作。" in ntext.text


def test_clean_excerpts_are_left_alone() -> None:
    for name in ("hebei_plan_round2_2022.txt", "liaoning_progress_2018.txt", "sichuan_huitoukan_progress_2020.txt"):
        ntext = normalised(name)
        assert ntext.repairs == () and ntext.converted == 0, name
        assert ntext.text == ntext.original


def test_no_excerpt_is_taken_for_wrapped_text_or_a_broken_table() -> None:
    # The joins made for text copied from a PDF and for table rows cut inside a cell must not
    # fire on excerpts that are neither.
    for path in FILES:
        repairs = normalize_text(read_document(path).text, repair=True).repairs
        assert not [r for r in repairs if r.kind in ("wrapped-line", "broken-row")], path.name
