"""Tests for workflow.plan_import: decoding uploads and parsing union work plans."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.plan_import import (
    MAX_UPLOAD_BYTES,
    PlanImportError,
    _clean_line,
    decode_upload,
    parse_plan_text,
)

SAMPLES = Path("/work/shared/samples")

_PREFIX_RE = re.compile(
    r"^\s*(?:第\s*[一二三四五六七八九十百零〇0-9０-９]{1,4}\s*(?:部分|部份|章|节|節|篇)?"
    r"\s*[、.．,，:：]?"
    r"|[(（]\s*[一二三四五六七八九十百零〇0-9０-９]{1,4}\s*[)）]\s*[、.．]?"
    r"|[一二三四五六七八九十百零〇0-9０-９]{1,4}\s*[、.．,，)）]"
    r"|[\u2460-\u249b]"
    r"|[●•·◆◇■□★☆▪▸▶►◎※*\-–—]\s*)"
)


def _squash(text: str) -> str:
    """Drop whitespace and colons, which the parser may use as separators."""
    return re.sub(r"[\s:：]", "", text)


_INLINE_NUMBER_RE = re.compile(
    r"(?:(?<=[；;。，,])|(?<=\s)|^)\s*(?:[0-9０-９]{1,2}\s*[、.．](?![0-9０-９])"
    r"|[(（][0-9０-９]{1,2}[)）])")


_ALL_NUMBERING_RE = re.compile(
    r"[0-9０-９]{1,2}\s*[、.．,，)）](?![0-9０-９])|[(（]\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[\u2460-\u249b●•·◆◇■□★☆▪▸▶►◎※]")


def _strip_prefix(text: str) -> str:
    """Remove one leading numbering prefix, as the parser may."""
    return _PREFIX_RE.sub("", text, count=1)


def _output_parts(result: dict[str, Any]) -> list[str]:
    """All strings of a result; a label is also joined with its first (same-line) item."""
    parts = [result["title"] or ""]
    for section in result["sections"]:
        parts += [section["number"], section["title"], *section["items"]]
    for entry in result["schedule"]:
        parts += [entry["label"], *entry["items"]]
        if entry["items"]:
            parts.append(entry["label"] + entry["items"][0])
            parts.append(entry["label"] + "".join(entry["items"]))
    return parts + result["unparsed"]


def _line_variants(line: str) -> list[str]:
    """Forms in which a line's content may legitimately appear in the output."""
    variants = [line, _strip_prefix(line)]
    match = re.search(r"[:：]", line)
    if match:
        head, tail = line[: match.start()], line[match.end():]
        variants += [
            _strip_prefix(head) + tail,
            head + _strip_prefix(tail),
            _strip_prefix(head) + _strip_prefix(tail),
            _strip_prefix(head) + _INLINE_NUMBER_RE.sub("", _strip_prefix(tail)),
        ]
    return variants


def assert_nothing_lost(text: str, result: dict[str, Any]) -> None:
    """Every non-empty cleaned input line must be found in some output string."""
    blob = "\x00".join(_squash(part) for part in _output_parts(result))
    bare_blob = "\x00".join(_bare(part) for part in _output_parts(result))
    for raw in text.splitlines():
        line = _clean_line(raw)
        squashed = [_squash(v) for v in _line_variants(line)]
        if not line or not squashed[0]:
            continue
        found = any(s in blob for s in squashed) or _bare(line) in bare_blob
        assert found, f"lost line: {line!r}"


def _bare(text: str) -> str:
    """Text without white space, colons and numbering tokens: the content that must survive."""
    return _squash(_ALL_NUMBERING_RE.sub("", text)).replace(":", "").replace("：", "")


def assert_shape(result: dict[str, Any]) -> None:
    """The result has exactly the contracted keys and types and is JSON-serialisable."""
    assert set(result) == {"title", "sections", "schedule", "unparsed"}
    assert result["title"] is None or isinstance(result["title"], str)
    for section in result["sections"]:
        assert set(section) == {"number", "title", "items"}
        assert isinstance(section["number"], str) and isinstance(section["title"], str)
        assert all(isinstance(item, str) for item in section["items"])
    for entry in result["schedule"]:
        assert set(entry) == {"label", "months", "items"}
        assert entry["months"] and all(1 <= m <= 12 for m in entry["months"])
        assert all(isinstance(item, str) for item in entry["items"])
    assert all(isinstance(line, str) for line in result["unparsed"])
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


def parse(text: str) -> dict[str, Any]:
    """Parse and check the shape and nothing-lost invariants."""
    result = parse_plan_text(text)
    assert_shape(result)
    assert_nothing_lost(text, result)
    return result


def labels(result: dict[str, Any]) -> list[str]:
    """Schedule labels in order."""
    return [entry["label"] for entry in result["schedule"]]


# --------------------------------------------------------------------------- month schedules

MONTHLY = """\
实验小学工会2019年工作计划

今年是学校发展的关键之年，工会将紧紧围绕学校中心工作开展活动。
全年主要工作安排:
一月份:
1、总结上年工会工作。
2、春节慰问、送温暖活动。
二月份：
1、学习新《工会法》。
七、八月份:暑期生活。
九月份
1、庆祝教师节。
2、新会员入会，调整工会小组。
十二月份：
1、年终总结。
"""


def test_monthly_plan_basic() -> None:
    """A simple month schedule with title, preamble and intro line."""
    result = parse(MONTHLY)
    assert result["title"] == "实验小学工会2019年工作计划"
    assert result["sections"] == []
    assert labels(result) == ["一月份", "二月份", "七、八月份", "九月份", "十二月份"]
    assert [e["months"] for e in result["schedule"]] == [[1], [2], [7, 8], [9], [12]]
    assert result["schedule"][0]["items"] == ["总结上年工会工作。", "春节慰问、送温暖活动。"]
    assert result["schedule"][2]["items"] == ["暑期生活。"]
    assert result["schedule"][3]["items"] == ["庆祝教师节。", "新会员入会，调整工会小组。"]
    assert result["unparsed"] == [
        "今年是学校发展的关键之年，工会将紧紧围绕学校中心工作开展活动。",
        "全年主要工作安排:",
    ]


TRADITIONAL = """\
某某中學工會學年度工作計劃
指導思想：團結全體教職工，維護會員合法權益。
具體安排如下：
八月份：
1、召開工會委員會議，制定本學期計劃。
九月份：
1、慶祝教師節，慰問全體教職工。
2、新會員入會。
十月份：
1、組織教職工參加秋季運動會。
十一月份：
1、開展教職工讀書活動。
十二、一月份：
1、年終總結。
2、春節慰問困難教職工。
"""


def test_traditional_school_year_order() -> None:
    """Traditional Chinese, school year 八月 … 一月 kept in written order."""
    result = parse(TRADITIONAL)
    assert result["title"] == "某某中學工會學年度工作計劃"
    assert labels(result) == ["八月份", "九月份", "十月份", "十一月份", "十二、一月份"]
    assert [e["months"] for e in result["schedule"]] == [[8], [9], [10], [11], [12, 1]]
    assert result["schedule"][1]["items"] == ["慶祝教師節，慰問全體教職工。", "新會員入會。"]
    assert result["unparsed"] == ["指導思想：團結全體教職工，維護會員合法權益。", "具體安排如下："]


def test_school_year_ends_in_january_not_sorted() -> None:
    """Entries after December keep their order; nothing is sorted."""
    text = "九月\n教师节\n十二月\n年终总结\n一月\n寒假慰问\n二月\n开学准备"
    result = parse(text)
    assert [e["months"] for e in result["schedule"]] == [[9], [12], [1], [2]]
    assert result["schedule"][2]["items"] == ["寒假慰问"]


@pytest.mark.parametrize(
    ("heading", "label", "months"),
    [
        ("二月份", "二月份", [2]),
        ("二月份:", "二月份", [2]),
        ("二月份：", "二月份", [2]),
        ("二月", "二月", [2]),
        ("2月份", "2月份", [2]),
        ("4月份：", "4月份", [4]),
        ("１２月", "１２月", [12]),
        ("一月份", "一月份", [1]),
        ("元月", "元月", [1]),
        ("元月份：", "元月份", [1]),
        ("三、四月份", "三、四月份", [3, 4]),
        ("七、八月份:", "七、八月份", [7, 8]),
        ("十一、十二月份", "十一、十二月份", [11, 12]),
        ("十二、一月份", "十二、一月份", [12, 1]),
        ("七至八月份", "七至八月份", [7, 8]),
        ("七—八月", "七—八月", [7, 8]),
        ("七——八月", "七——八月", [7, 8]),
        ("7-8月", "7-8月", [7, 8]),
        ("7～8月：", "7～8月", [7, 8]),
        ("元月至二月", "元月至二月", [1, 2]),
        ("九至十二月", "九至十二月", [9, 10, 11, 12]),
        ("九到十二月", "九到十二月", [9, 10, 11, 12]),
        ("十一至二月", "十一至二月", [11, 12, 1, 2]),
        ("七月份至八月份", "七月份至八月份", [7, 8]),
        ("十二月、二〇二〇年元月份", "十二月、二〇二〇年元月份", [12, 1]),
        ("2019年12月", "2019年12月", [12]),
        ("二〇二〇年元月", "二〇二〇年元月", [1]),
        ("2019年12月至2020年1月：", "2019年12月至2020年1月", [12, 1]),
        ("九月份工作安排：", "九月份工作安排", [9]),
        ("十月份活动", "十月份活动", [10]),
        ("十月份活動：", "十月份活動", [10]),
        ("（一）九月份", "九月份", [9]),
        ("(二)十月份：", "十月份", [10]),
        ("1、九月份:", "九月份", [9]),
        ("2.十月份", "十月份", [10]),
        ("一、九月份工作", "九月份工作", [9]),
        ("第一部分 九月份", "九月份", [9]),
    ],
)
def test_month_heading_forms(heading: str, label: str, months: list[int]) -> None:
    """Every month heading form yields its label, months and the following item."""
    result = parse(f"{heading}\n1、组织活动。")
    assert result["schedule"] == [{"label": label, "months": months, "items": ["组织活动。"]}]
    assert result["sections"] == [] and result["unparsed"] == []


@pytest.mark.parametrize("colon", [":", "："])
def test_same_line_item(colon: str) -> None:
    """An item on the heading line after an ASCII or full-width colon."""
    result = parse(f"七、八月份{colon}暑期生活。\n九月份{colon}  教师节慰问")
    assert result["schedule"] == [
        {"label": "七、八月份", "months": [7, 8], "items": ["暑期生活。"]},
        {"label": "九月份", "months": [9], "items": ["教师节慰问"]},
    ]


def test_same_line_several_numbered_items_become_items() -> None:
    """Several numbered items after the colon become separate items, numbering removed."""
    result = parse("九月份：1、庆祝教师节；2、新会员入会。\n十月份：")
    assert result["schedule"][0]["items"] == ["庆祝教师节；", "新会员入会。"]
    assert result["schedule"][1] == {"label": "十月份", "months": [10], "items": []}


@pytest.mark.parametrize(
    "line",
    [
        "3、12月份组织教职工参加登山活动。",
        "本月份召开工会委员会议。",
        "在三月至四月间，为全院女会员职工常规妇科检查。",
        "正月十五组织猜灯谜。",
        "12月31日举办迎新年联欢会",
        "九月份开学后组织新教师座谈",
        "2017年4月初召开第四届教代会。",
    ],
)
def test_month_inside_sentence_is_an_item(line: str) -> None:
    """A month written inside a sentence is item text, not a heading."""
    result = parse(f"三月份：\n1、庆祝妇女节。\n{line}")
    assert len(result["schedule"]) == 1
    items = result["schedule"][0]["items"]
    assert items[0] == "庆祝妇女节。"
    assert items[1] == re.sub(r"^3、", "", line)


# --------------------------------------------------------------------------- items

@pytest.mark.parametrize(
    "prefix",
    ["1、", "1.", "1．", "1,", "1，", "1)", "1）", "(1)", "（1）", "（ 1 ）", "①", "⑳", "⑴", "⒈",
     "12、", "1 、"],
)
def test_item_numbering_forms(prefix: str) -> None:
    """All item numbering forms are removed from the item text."""
    result = parse(f"四月份：\n{prefix}组织教工运动会。\n{prefix} 参加乒乓球比赛")
    assert result["schedule"][0]["items"] == ["组织教工运动会。", "参加乒乓球比赛"]


def test_only_one_numbering_prefix_stripped() -> None:
    """"10、1、2号家属院" loses only the item number 10."""
    result = parse("三、老干部工作\n9、探望退休职工。\n10、1、2号家属院活动室检查维护。")
    assert result["sections"][0]["items"] == ["探望退休职工。", "1、2号家属院活动室检查维护。"]


def test_decimal_and_year_are_not_numbering() -> None:
    """"1.5倍" and "2017年" are text, not numbered items."""
    result = parse("五月份\n1.5倍发放加班补贴。\n2017年4月初召开教代会。")
    assert result["schedule"][0]["items"] == ["1.5倍发放加班补贴。", "2017年4月初召开教代会。"]


def test_multi_line_items() -> None:
    """A bare line continues an unfinished numbered item, else starts a new one."""
    text = (
        "九月份：\n"
        "1、组织全体教职工参加庆祝第三十五个教师节暨表彰优秀教师大会，并为\n"
        "退休教师送去节日慰问。\n"
        "2、新会员入会。\n"
        "调整工会小组。\n"
        "3、坚持探望病患制度\n"
        "凡教职工患病住院的，工会干部前往看望。\n"
        "教工羽毛球赛\n"
        "教工乒乓球赛\n"
    )
    items = parse(text)["schedule"][0]["items"]
    assert items == [
        "组织全体教职工参加庆祝第三十五个教师节暨表彰优秀教师大会，并为退休教师送去节日慰问。",
        "新会员入会。",
        "调整工会小组。",
        "坚持探望病患制度 凡教职工患病住院的，工会干部前往看望。",
        "教工羽毛球赛",
        "教工乒乓球赛",
    ]


def test_numbered_item_before_any_heading_is_unparsed() -> None:
    """Numbered lines outside any block are kept verbatim in unparsed."""
    result = parse("工作要求如下\n1、提高认识。\n2、加强领导。\n九月份：\n教师节")
    assert result["title"] == "工作要求如下"
    assert result["unparsed"] == ["1、提高认识。", "2、加强领导。"]
    assert result["schedule"][0]["items"] == ["教师节"]


# --------------------------------------------------------------------------- sections

SECTIONS = """\
学院工会2017年工作计划
在学院党政领导下，围绕学院中心工作开展工作。
主要活动计划如下:
一、不断加强理论学习
工会积极配合党支部，组织教工学习。
遵循学院部署，扎实学习。
二、认真总结工作经验
1、召开工会委员会议。
4、召开干部会议。
4、制定2017年工会工作计划。
四、树立服务意识
1、为全院职工搞好服务。
5.坚持慰问丧事制度
遇到教职工本人或直系家属作古，工会领导前往吊唁与慰问。
六、做好教职工纠纷的调解工作
十二、完成上级交办的其他工作。
"""


def test_sections_with_skips_and_repeats() -> None:
    """Section numbers may skip or repeat; bare paragraphs become items."""
    result = parse(SECTIONS)
    assert result["title"] == "学院工会2017年工作计划"
    assert [s["number"] for s in result["sections"]] == ["一", "二", "四", "六", "十二"]
    first, second, third = result["sections"][:3]
    assert first["title"] == "不断加强理论学习"
    assert first["items"] == ["工会积极配合党支部，组织教工学习。", "遵循学院部署，扎实学习。"]
    assert second["items"] == ["召开工会委员会议。", "召开干部会议。", "制定2017年工会工作计划。"]
    assert third["items"] == [
        "为全院职工搞好服务。",
        "坚持慰问丧事制度 遇到教职工本人或直系家属作古，工会领导前往吊唁与慰问。",
    ]
    assert result["sections"][3]["items"] == []
    assert result["sections"][4]["title"] == "完成上级交办的其他工作。"
    assert result["schedule"] == []
    assert result["unparsed"] == [
        "在学院党政领导下，围绕学院中心工作开展工作。",
        "主要活动计划如下:",
    ]


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("一、加强理论学习", "一", "加强理论学习"),
        ("一. 加强理论学习", "一", "加强理论学习"),
        ("一．加强理论学习", "一", "加强理论学习"),
        ("(一)加强理论学习", "一", "加强理论学习"),
        ("（一）加强理论学习", "一", "加强理论学习"),
        ("（三）、加强理论学习", "三", "加强理论学习"),
        ("第一部分 加强理论学习", "一", "加强理论学习"),
        ("第二部份：加強理論學習", "二", "加強理論學習"),
        ("第一章 总则", "一", "总则"),
        ("第三，加强理论学习", "三", "加强理论学习"),
        ("十二、其他工作", "十二", "其他工作"),
        ("二十一、其他工作", "二十一", "其他工作"),
    ],
)
def test_section_heading_forms(heading: str, number: str, title: str) -> None:
    """Section numbering is kept as written, without punctuation."""
    result = parse(f"{heading}\n1、组织学习。")
    assert result["sections"] == [{"number": number, "title": title, "items": ["组织学习。"]}]


def test_long_paragraph_section() -> None:
    """A long line starting with 一、 is still a section, whole text as title."""
    long_line = "一、" + "工会要坚持以人为本，" * 10
    result = parse(long_line)
    assert result["sections"][0]["title"] == long_line[2:]


def test_month_headings_take_precedence_over_sections() -> None:
    """七、八月份 and 十二、一月份 are months; 一、不断… is a section."""
    text = (
        "一、不断加强理论学习\n1、学习。\n七、八月份:\n暑期生活。\n"
        "一月份：\n总结\n十二、一月份\n慰问"
    )
    result = parse(text)
    assert [s["number"] for s in result["sections"]] == ["一"]
    assert [e["months"] for e in result["schedule"]] == [[7, 8], [1], [12, 1]]


def test_sections_and_schedule_mixed() -> None:
    """A plan with principles sections and then a month schedule."""
    text = (
        "一、指导思想\n以教职工为本。\n二、主要工作\n1、建家活动。\n"
        "三、具体工作安排：\n九月份：\n1、教师节。\n十月份：\n1、运动会。"
    )
    result = parse(text)
    assert [s["title"] for s in result["sections"]] == ["指导思想", "主要工作", "具体工作安排："]
    assert labels(result) == ["九月份", "十月份"]


# --------------------------------------------------------------------------- cleaning

def test_pinyin_glosses_removed() -> None:
    """Glued pinyin with tone marks disappears; real parentheticals stay."""
    text = (
        "工会工作计划\n九月份：\n"
        "1、加强工会协(xié)会建设，做好教職工(zhí)服务。\n"
        "2、推进事業（yè）发展，重视教育(jiào yù)。\n"
        "3、参加三字二话(画)比赛，慰问教职工(含离退休教师)，见附件(1)，卡拉(ok)比赛。\n"
    )
    items = parse(text)["schedule"][0]["items"]
    assert items == [
        "加强工会协会建设，做好教職工服务。",
        "推进事業发展，重视教育。",
        "参加三字二话(画)比赛，慰问教职工(含离退休教师)，见附件(1)，卡拉(ok)比赛。",
    ]


def test_whitespace_and_line_endings() -> None:
    """CRLF, CR, full-width spaces and tabs are normalised."""
    text = "\u3000工会计划\r\n\r\n\u3000\u3000九月份：\r1、\t庆祝  教师节。\u3000\r\n"
    result = parse(text)
    assert result["title"] == "工会计划"
    assert result["schedule"][0]["items"] == ["庆祝 教师节。"]


def test_repeated_title_dropped() -> None:
    """A title line repeated later is a duplicate, not content."""
    title = "工会小组年度工作计划篇四"
    text = f"{title}\n九月份：\n1、教师节。\n{title}\n十月份：\n1、运动会。"
    result = parse(text)
    assert result["title"] == "工会小组年度工作计划篇四"
    assert result["schedule"][0]["items"] == ["教师节。"]
    assert result["unparsed"] == []


def test_disclaimer_and_source_lines_go_to_unparsed() -> None:
    """Trailing web junk is kept, but not as an item."""
    text = (
        "教育工会工作计划\n十二月份：\n1、年终总结。\n"
        "来源：网络\n免责声明：本文仅代表作者观点。\nhttp://example.com/plan\n\ufffd\ufffd锟斤拷"
    )
    result = parse(text)
    assert result["schedule"][0]["items"] == ["年终总结。", "\ufffd\ufffd锟斤拷"]
    assert result["unparsed"] == [
        "来源：网络", "免责声明：本文仅代表作者观点。", "http://example.com/plan",
    ]


@pytest.mark.parametrize(
    "first",
    [
        "九月份：",
        "一、指导思想",
        "1、召开会议。",
        "今年是学校发展的关键之年，工会将紧紧围绕学校中心工作开展各项活动并取得更大成绩。",
        "工作计划如下：",
    ],
)
def test_no_title(first: str) -> None:
    """Headings, items, long sentences and colon-ended lines are not titles."""
    result = parse(f"{first}\n十月份\n运动会")
    assert result["title"] is None


def test_single_line_title_only() -> None:
    """A lone title-like line becomes the title."""
    assert parse("工会工作计划")["title"] == "工会工作计划"
    result = parse("随便写点")
    assert result["title"] is None and result["unparsed"] == ["随便写点"]


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n\u3000\t", "\u200b\ufeff\n\xa0"])
def test_empty_text_rejected(text: str) -> None:
    """Whitespace-only text raises a PlanImportError."""
    with pytest.raises(PlanImportError):
        parse_plan_text(text)


def test_non_string_rejected() -> None:
    """Non-str input raises a PlanImportError, not a TypeError."""
    with pytest.raises(PlanImportError):
        parse_plan_text(b"abc")  # type: ignore[arg-type]


def test_large_text_is_fast() -> None:
    """About 1 MB of plan text parses within a few seconds."""
    block = MONTHLY + SECTIONS + TRADITIONAL
    text = block * (1_000_000 // len(block.encode("utf-8")) + 1)
    started = time.perf_counter()
    result = parse_plan_text(text)
    assert time.perf_counter() - started < 5
    assert len(result["schedule"]) > 1000


def test_long_single_line_is_fast() -> None:
    """One huge line does not trigger pathological regex behaviour."""
    text = "九月份：" + "1、2、3月" * 100_000 + "\n" + "七、" * 100_000
    started = time.perf_counter()
    parse(text)
    assert time.perf_counter() - started < 5


# --------------------------------------------------------------------------- property tests

_LINE_POOL = [
    "工会工作计划", "某某學校工會工作計劃", "全年主要工作安排:", "具体安排如下：", "一月份:",
    "二月份：", "2月份", "元月", "七、八月份:暑期生活。", "十二、一月份", "九至十二月",
    "十一至二月：", "十二月、二〇二〇年元月份", "（一）九月份", "1、九月份:", "一、加强学习",
    "（二）服务职工", "第三部分 其他", "十二、", "1、总结工作。", "2、制定计划", "(3)学习",
    "①慰问", "⑴体检", "10、1、2号家属院", "1.5倍", "3、12月份组织登山。", "本月份开会",
    "在三月至四月间体检", "教職工(zhí)大會", "業（yè）務", "三字二话(画)", "来源：网络",
    "免责声明：仅供参考", "锟斤拷烫烫烫", "：", "、", "1、", "（", "第", "月", "份", "十",
    "七—八月", "7-8月", "〇", "2019年12月", "   ", "\u3000",
]

_line = st.one_of(
    st.sampled_from(_LINE_POOL),
    st.text(max_size=30),
    st.text(alphabet="一二十元月份、至—-:：()（）1２.年〇工作安排 \u3000ǎé", max_size=12),
)
_ending = st.sampled_from(["\n", "\r\n", "\r", "\u2028"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_line, _ending), max_size=40))
def test_parser_never_raises_and_keeps_everything(pairs: list[tuple[str, str]]) -> None:
    """Random mixes of headings, items and junk: no crash, nothing lost."""
    text = "".join(line + ending for line, ending in pairs)
    try:
        result = parse_plan_text(text)
    except PlanImportError:
        assert not any(_clean_line(raw) for raw in text.splitlines())
        return
    assert_shape(result)
    assert_nothing_lost(text, result)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parser_total_on_any_text(text: str) -> None:
    """Arbitrary strings either parse with nothing lost or raise PlanImportError."""
    try:
        result = parse_plan_text(text)
    except PlanImportError:
        return
    assert_shape(result)
    assert_nothing_lost(text, result)


# --------------------------------------------------------------------------- decoding

PLAN_SIMPLIFIED = (
    "实验小学工会工作计划\n九月份：\n1、庆祝教师节，慰问全体教职工。\n2、召开会员大会。\n"
)
PLAN_TRADITIONAL = (
    "實驗小學工會工作計劃\n九月份：\n1、慶祝教師節，慰問全體教職工。\n2、召開會員大會。\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (PLAN_SIMPLIFIED, "utf-8"),
        (PLAN_SIMPLIFIED, "utf-8-sig"),
        (PLAN_TRADITIONAL, "utf-8-sig"),
        (PLAN_SIMPLIFIED, "gb18030"),
        (PLAN_SIMPLIFIED, "gbk"),
        (PLAN_TRADITIONAL, "gbk"),
        (PLAN_TRADITIONAL, "big5"),
        (PLAN_TRADITIONAL, "cp950"),
        (PLAN_SIMPLIFIED, "utf-16"),
        (MONTHLY, "gb18030"),
        (TRADITIONAL, "big5"),
        ("九月份：庆祝教师节。", "gbk"),
        ("九月份：慶祝教師節。", "big5"),
        ("十月\n運動會", "big5"),
        ("十月\n运动会", "gbk"),
    ],
)
def test_decode_text_encodings(text: str, encoding: str) -> None:
    """UTF-8 (with or without BOM), UTF-16, GB18030/GBK and Big5 are detected."""
    decoded = decode_upload(text.encode(encoding), "plan.txt")
    assert decoded == text


def test_decode_normalises_line_endings() -> None:
    """CRLF and CR become LF."""
    assert decode_upload("一月\r\n总结\r慰问".encode("gbk")) == "一月\n总结\n慰问"


def _docx_bytes() -> bytes:
    """Build a small .docx with paragraphs and a table."""
    document = docx.Document()
    document.add_paragraph("某校工会工作计划")
    document.add_paragraph("九月份：")
    document.add_paragraph("1、庆祝教师节。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "十月份"
    table.cell(0, 1).text = "1、教工运动会。"
    table.cell(1, 0).text = "十一月份"
    table.cell(1, 1).text = "1、读书活动。\n2、健美操比赛。"
    document.add_paragraph("十二月份：年终总结。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_decode_docx_paragraphs_and_tables() -> None:
    """A .docx is read paragraph by paragraph, table cells included, in order."""
    text = decode_upload(_docx_bytes(), "计划.docx")
    assert text.split("\n") == [
        "某校工会工作计划", "九月份：", "1、庆祝教师节。", "十月份", "1、教工运动会。",
        "十一月份", "1、读书活动。", "2、健美操比赛。", "十二月份：年终总结。",
    ]
    result = parse(text)
    assert labels(result) == ["九月份", "十月份", "十一月份", "十二月份"]
    assert result["schedule"][2]["items"] == ["读书活动。", "健美操比赛。"]


def test_decode_docx_merged_cells_read_once() -> None:
    """A merged table cell contributes its text once."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "七、八月份"
    table.cell(1, 0).text = "暑期生活。"
    table.cell(1, 1).text = "教工旅游。"
    buffer = io.BytesIO()
    document.save(buffer)
    text = decode_upload(buffer.getvalue(), "plan.docx")
    assert text.split("\n") == ["七、八月份", "暑期生活。", "教工旅游。"]


def test_decode_docx_detected_without_extension() -> None:
    """A .docx is recognised by its content even with a wrong name."""
    assert decode_upload(_docx_bytes(), "upload.bin").startswith("某校工会工作计划")


def test_decode_empty_docx() -> None:
    """A .docx with no text counts as empty."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(PlanImportError, match="文件是空的"):
        decode_upload(buffer.getvalue(), "a.docx")


@pytest.mark.parametrize("data", [b"", b"   \r\n\t ", "\ufeff".encode("utf-8-sig")])
def test_decode_empty(data: bytes) -> None:
    """Empty files are refused with 文件是空的."""
    with pytest.raises(PlanImportError, match=r"^文件是空的$"):
        decode_upload(data, "plan.txt")


@pytest.mark.parametrize(
    ("data", "filename", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", "二进制"),
        (bytes(range(256)) * 4, "a.txt", "二进制"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08abc" * 10, "a.txt", "二进制"),
        (b"\x80\xff\x80\xff", "a.txt", "编码"),
        (b"this is not a zip", "plan.docx", "Word"),
        (b"PK\x03\x04garbage-zip", "plan.zip", "Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "plan.doc", ".doc"),
        (b"%PDF-1.4\n...", "plan.pdf", "PDF"),
    ],
)
def test_decode_rejects_junk(data: bytes, filename: str, fragment: str) -> None:
    """Binary, undecodable and unsupported files give a clear Chinese message."""
    with pytest.raises(PlanImportError, match=re.escape(fragment)):
        decode_upload(data, filename)


def test_decode_rejects_oversize() -> None:
    """Files above MAX_UPLOAD_BYTES are refused, naming the limit."""
    assert MAX_UPLOAD_BYTES == 2 * 1024 * 1024
    with pytest.raises(PlanImportError, match="2 MB"):
        decode_upload(b"a" * (MAX_UPLOAD_BYTES + 1), "big.txt")
    assert decode_upload("九月".encode() + b" " * (MAX_UPLOAD_BYTES - 6), "ok.txt")


def test_error_is_value_error() -> None:
    """PlanImportError is a ValueError."""
    assert issubclass(PlanImportError, ValueError)


# --------------------------------------------------------------------------- real samples

@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not available")
def test_real_monthly_sample() -> None:
    """The monthly sample yields 11 schedule entries."""
    text = (SAMPLES / "plan-monthly.txt").read_text(encoding="utf-8")
    result = parse(text)
    assert len(result["schedule"]) == 11
    by_label = {e["label"]: e for e in result["schedule"]}
    assert by_label["七、八月份"]["months"] == [7, 8]
    assert by_label["一月份"]["items"] == [
        "总结xx年工会工作。",
        "制定xx年工会工作。",
        "春节慰问、送温暖活动。",
    ]
    assert result["title"] == "工会小组年度工作计划篇四"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not available")
def test_real_sections_sample() -> None:
    """The sections sample keeps skipped and repeated numbering."""
    text = (SAMPLES / "plan-sections-only.txt").read_text(encoding="utf-8")
    result = parse(text)
    numbers = [s["number"] for s in result["sections"]]
    assert numbers == ["一", "二", "三", "四", "六", "七", "八", "九", "十", "十一", "十二"]
    assert result["schedule"] == []
    assert "1、2号家属院离退休职工活动室检查维护。" in result["sections"][2]["items"]


def test_closing_signature_and_date_are_not_a_month_or_items():
    text = "工会工作计划\n九月份：\n1、庆祝教师节。\n十月份：\n1、重阳节慰问。\n" \
           "                 XX小学工会\n                 2023年8月\n"
    result = parse_plan_text(text)
    assert [e["label"] for e in result["schedule"]] == ["九月份", "十月份"]
    assert result["schedule"][-1]["items"] == ["重阳节慰问。"]
    assert result["unparsed"] == ["XX小学工会", "2023年8月"]


def test_month_heading_with_year_followed_by_items_is_still_a_month():
    result = parse_plan_text("计划\n2023年9月\n1、开学工作。\n2023年10月\n1、运动会。\n")
    assert [e["months"] for e in result["schedule"]] == [[9], [10]]


def test_bracketed_sentences_under_a_section_are_items():
    text = ("學校工會年度工作計劃\n一、加強民主管理\n（一）堅持教代會制度，每學年召開一次大會。\n"
            "（二）推進校務公開。\n二、關心教職工生活\n（一）做好慰問工作\n1、節日慰問。\n")
    result = parse_plan_text(text)
    assert [s["number"] for s in result["sections"]] == ["一", "二", "一"]
    assert result["sections"][0]["items"] == [
        "堅持教代會制度，每學年召開一次大會。", "推進校務公開。"]
    assert result["sections"][2] == {
        "number": "一", "title": "做好慰問工作", "items": ["節日慰問。"]}


def test_bracketed_lines_under_a_month_are_items():
    result = parse_plan_text("计划\n九月份\n（一）教师节表彰\n（二）新教师入会\n")
    assert result["schedule"] == [
        {"label": "九月份", "months": [9], "items": ["教师节表彰", "新教师入会"]}]


def test_bullet_items_lose_their_bullets():
    text = "计划\n九月\n● 庆祝教师节\n· 新会员入会\n十月：\n- 重阳节慰问\n★教职工运动会\n"
    result = parse_plan_text(text)
    assert [e["items"] for e in result["schedule"]] == [
        ["庆祝教师节", "新会员入会"], ["重阳节慰问", "教职工运动会"]]


def test_next_year_wording_in_a_range_heading():
    result = parse_plan_text("计划\n十一月份\n1、培训\n十二月至次年一月\n年终总结。\n")
    assert result["schedule"][-1] == {"label": "十二月至次年一月", "months": [12, 1],
                                      "items": ["年终总结。"]}


def test_numbered_items_on_the_heading_line_are_split():
    text = "计划\n三月份：1、三八节活动；2、植树。\n十一月份工作：1.读书会 2.讲座\n"
    result = parse_plan_text(text)
    assert result["schedule"] == [
        {"label": "三月份", "months": [3], "items": ["三八节活动；", "植树。"]},
        {"label": "十一月份工作", "months": [11], "items": ["读书会", "讲座"]}]


def test_a_single_same_line_item_stays_whole():
    result = parse_plan_text("计划\n七、八月份：暑期生活，3个活动。\n")
    assert result["schedule"][0]["items"] == ["暑期生活，3个活动。"]


def test_a_remark_after_the_schedule_is_not_an_item():
    result = parse_plan_text("计划\n12月：年终总结\n说明：以上安排可根据学校工作实际调整。\n")
    assert result["schedule"] == [{"label": "12月", "months": [12], "items": ["年终总结"]}]
    assert result["unparsed"] == ["说明：以上安排可根据学校工作实际调整。"]


def test_month_headings_in_square_brackets():
    result = parse_plan_text("计划\n【九月份】\n1、教师节\n〔十月〕重阳节慰问\n")
    assert result["schedule"] == [
        {"label": "九月份", "months": [9], "items": ["教师节"]},
        {"label": "十月", "months": [10], "items": ["重阳节慰问"]}]
