"""Turn a pasted trade-union annual work plan (工会工作计划) into a structured draft.

Imports nothing from the rest of unionflow but `plan_decode` (reading uploads), and no Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from workflow.plan_decode import MAX_UPLOAD_BYTES, PlanImportError, decode_upload

__all__ = ["MAX_UPLOAD_BYTES", "PlanImportError", "decode_upload", "draft_content", "guess_year",
           "parse_plan_text"]

_MSG_NO_TEXT = "没有可导入的内容：文本是空的"
_MSG_NOT_STR = "导入的内容必须是文本"


# --------------------------------------------------------------------------- line cleaning

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêếềńňǹḿ"
_COMBINING_TONES = "\u0300\u0301\u0304\u0308\u030c"
_PY_SYLLABLE = f"[a-z{_TONED}{_COMBINING_TONES}]{{1,6}}"
_PINYIN_RE = re.compile(
    rf"(?P<pre>[{_CJK_CLASS}])[ \t\u3000]*[(（][ \t\u3000]*"
    rf"(?P<py>{_PY_SYLLABLE}(?: {_PY_SYLLABLE})?)[ \t\u3000]*[)）]"
)
_TONE_MARK_RE = re.compile(f"[{_TONED}{_COMBINING_TONES}]")
_WS_RE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))


def _drop_pinyin(match: re.Match[str]) -> str:
    """Keep the Chinese character, drop a glued pinyin gloss with tone marks."""
    if _TONE_MARK_RE.search(match.group("py")):
        return match.group("pre")
    return match.group(0)


def _clean_line(raw: str) -> str:
    """Remove pinyin glosses and invisible characters, collapse and strip whitespace."""
    line = raw.translate(_INVISIBLE)
    line = _PINYIN_RE.sub(_drop_pinyin, line)
    return _WS_RE.sub(" ", line).strip()


# --------------------------------------------------------------------------- month headings

_CN_MONTH = "十[一二]?|[一二三四五六七八九]"
_AR_MONTH = "[0-9０-９]{1,2}"
_NUM = f"(?:{_CN_MONTH}|{_AR_MONTH})"
_YEAR = r"(?:(?:[0-9０-９〇零○Ｏ一二三四五六七八九xXｘＸ]{2,4}|次|翌|来|來|下|明)\s*年\s*)"
_UNIT_BARE = rf"{_YEAR}?(?:元月份?|{_NUM}(?:\s*月份?)?)"
_UNIT_LAST = rf"{_YEAR}?(?:元月份?|{_NUM}\s*月份?)"
_SEP = r"\s*(?:[、,，/和及与與]|至|到|[-~～—–－―]+)\s*"
_SUFFIX = (
    "(?:工作安排|工作计划|工作計劃|工作要点|工作要點|重点工作|重點工作|主要工作|"
    "活动安排|活動安排|工作|安排|活动|活動|计划|計劃|要点|要點)"
)
_MONTH_HEAD_RE = re.compile(
    rf"(?P<label>(?:{_UNIT_BARE}{_SEP})*{_UNIT_LAST}\s*{_SUFFIX}?)\s*(?:[:：]\s*(?P<rest>.*))?"
)
_MONTH_TOKEN_RE = re.compile(
    rf"(?P<year>{_YEAR})|(?P<num>元|{_CN_MONTH}|{_AR_MONTH})|(?P<range>至|到|[-~～—–－―])"
)
_BARE_PAIR_RE = re.compile(
    rf"(?P<a>{_CN_MONTH}|{_AR_MONTH})\s*[、.．]\s*{_YEAR}?(?P<b>元|{_CN_MONTH}|{_AR_MONTH})"
)
_CN_VALUES = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10, "十一": 11, "十二": 12, "元": 1}


@dataclass(frozen=True)
class _MonthHead:
    """A recognised month heading."""

    label: str
    months: list[int]
    rest: str


def _month_value(token: str) -> int:
    """Convert a month numeral (Chinese or Arabic, 元 = 1) to an int; 0 if invalid."""
    if token in _CN_VALUES:
        return _CN_VALUES[token]
    value = int(token) if token.isdecimal() else 0
    return value if 1 <= value <= 12 else 0


def _month_span(start: int, end: int) -> list[int]:
    """Months from start to end inclusive, wrapping past December."""
    length = (end - start) % 12 + 1
    return [(start - 1 + step) % 12 + 1 for step in range(length)]


def _months_of(label: str) -> list[int] | None:
    """Expand the month numerals of a heading label into calendar months, in order."""
    months: list[int] = []
    previous = 0
    pending_range = False
    for token in _MONTH_TOKEN_RE.finditer(label):
        if token.group("range"):
            pending_range = previous > 0
            continue
        if token.group("year"):
            continue
        value = _month_value(token.group("num"))
        if not value:
            return None
        covered = _month_span(previous, value)[1:] if pending_range else [value]
        months.extend(month for month in covered if month not in months)
        previous, pending_range = value, False
    return months or None


def _parse_month_head(line: str) -> _MonthHead | None:
    """Parse a line that is exactly a month heading (maybe with a same-line item)."""
    match = _MONTH_HEAD_RE.fullmatch(line)
    if not match:
        return None
    label = match.group("label").strip()
    months = _months_of(label)
    if months is None:
        return None
    return _MonthHead(label, months, (match.group("rest") or "").strip())


def _prefix_is_numbering(line: str) -> bool:
    """True when a leading "N、" before a month looks like list numbering, not a month."""
    match = _BARE_PAIR_RE.match(line)
    if not match:
        return False
    first, second = match.group("a"), match.group("b")
    mixed = first.isdecimal() != second.isdecimal()
    return mixed or _month_value(second) != _month_value(first) % 12 + 1


_BRACKETED_RE = re.compile(
    r"[【\[〔〖](?P<inner>[^】\]〕〗]{1,30})[】\]〕〗]\s*[:：]?\s*(?P<rest>.*)")


def _match_month(line: str) -> _MonthHead | None:
    """Recognise a month heading, also behind a list numbering like 1、 or （一）, or in 【】."""
    bracketed = _BRACKETED_RE.fullmatch(line)
    if bracketed:
        head = _parse_month_head(bracketed.group("inner"))
        if head is not None and not head.rest:
            return _MonthHead(head.label, head.months, bracketed.group("rest").strip())
    direct = _parse_month_head(line)
    remainder = _strip_list_prefix(line)
    if remainder is None or (direct is not None and not _prefix_is_numbering(line)):
        return direct
    return _parse_month_head(remainder) or direct


# --------------------------------------------------------------------------- sections, items

_CN_NUM = "[一二三四五六七八九十百零〇]{1,4}"
_SECTION_RES = (
    re.compile(
        rf"第\s*(?P<num>{_CN_NUM}|[0-9０-９]{{1,3}})\s*(?:部分|部份|章|节|節|篇)"
        r"\s*[、.．,，:：]?\s*(?P<title>.*)"
    ),
    re.compile(rf"第(?P<num>{_CN_NUM})\s*[、,，.．:：]\s*(?P<title>.*)"),
    re.compile(rf"[(（]\s*(?P<num>{_CN_NUM})\s*[)）]\s*[、.．]?\s*(?P<title>.*)"),
    re.compile(rf"(?P<num>{_CN_NUM})\s*[、.．]\s*(?P<title>.*)"),
)
_ITEM_RE = re.compile(
    r"(?:[(（]\s*[0-9０-９]{1,3}\s*[)）]"
    r"|[0-9０-９]{1,3}\s*(?:[、)）]|[.．,，](?![0-9０-９]))"
    r"|[\u2460-\u249b]"
    r"|[●•·◆◇■□★☆▪▸▶►◎※*\-–—](?=\s*[^\s\-–—0-9０-９]))\s*(?P<body>.*)"
)
_JUNK_RE = re.compile(
    r"(?:(?:来源|來源|出处|出處|作者|责任编辑|責任編輯|编辑|編輯|原文链接|原文鏈接|原文地址|"
    r"转载|轉載|文章来源|文章來源)\s*[:：]"
    r"|免责声明|免責聲明|版权所有|版權所有|版权声明|版權聲明|声明[:：]|聲明[:：]"
    r"|本文(?:来自|來自|来源|來源|由|仅|僅|转|轉|系|已)"
    r"|上一篇|下一篇|相关推荐|相關推薦|相关阅读|相關閱讀|更多相关|更多相關"
    r"|https?://|www\.)",
    re.IGNORECASE,
)
# A remark about the plan (说明：以上安排可调整) is no work item; the drafter places it.
_NOTE_RE = re.compile(r"(?:说明|說明|注|註|备注|備註|附注|附註)\s*[:：]")
_SCHEDULE_INTRO_RE = re.compile(r"(?:安排|计划|計劃|要点|要點|日程)(?:如下)?$")


def _match_section(line: str) -> tuple[str, str] | None:
    """Return (number, title) if the line is a section heading."""
    for pattern in _SECTION_RES:
        match = pattern.fullmatch(line)
        if match:
            return match.group("num"), match.group("title").strip()
    return None


def _match_item(line: str) -> str | None:
    """Return the item text without its numbering if the line is a numbered item."""
    match = _ITEM_RE.fullmatch(line)
    return match.group("body").strip() if match else None


def _strip_list_prefix(line: str) -> str | None:
    """Remove one leading section or item numbering; None if there is none."""
    section = _match_section(line)
    if section is not None:
        return section[1]
    return _match_item(line)


@dataclass(frozen=True)
class _Line:
    """One cleaned, classified input line."""

    text: str
    kind: str
    month: _MonthHead | None = None
    number: str = ""
    body: str = ""


def _classify(text: str) -> _Line:
    """Decide whether a line is a month/section heading, numbered item, junk or text."""
    month = _match_month(text)
    if month is not None:
        return _Line(text, "month", month=month)
    section = _match_section(text)
    if section is not None:
        return _Line(text, "section", number=section[0], body=section[1])
    body = _match_item(text)
    if body is not None:
        return _Line(text, "item", body=body)
    if _JUNK_RE.match(text) or _NOTE_RE.match(text):
        return _Line(text, "junk")
    return _Line(text, "text", body=text)


# --------------------------------------------------------------------------- assembly

_SENTENCE_END = "。；;！!？?"
_CLOSERS = "”’」』）)】\"' "
_TITLE_STOP = "。；;！!？?，,：:、"
_TITLE_WORDS_RE = re.compile("计划|計劃|规划|規劃|安排|要点|要點|方案")
_TITLE_MAX = 40
_WRAP_MIN = 20


def _ends_sentence(text: str) -> bool:
    """True when text ends in sentence-final punctuation (closing quotes ignored)."""
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END


def _is_wide(char: str) -> bool:
    """True for CJK characters and full-width punctuation."""
    return ord(char) >= 0x2E80


def _join(previous: str, last_segment: str, segment: str) -> str:
    """Append a continuation line: glue hard-wrapped CJK text, else separate by a space."""
    if not previous:
        return segment
    wrapped = len(last_segment) >= _WRAP_MIN and _is_wide(previous[-1]) and _is_wide(segment[0])
    if previous[-1] in "，、；：" and _is_wide(segment[0]):
        wrapped = True  # a clause break: the sentence goes on in the next line
    return previous + ("" if wrapped else " ") + segment


def _is_intro(line: _Line, following: _Line | None) -> bool:
    """True for a lead-in line such as 全年主要工作安排： right before a heading."""
    if following is None or following.kind not in ("month", "section"):
        return False
    text = line.text
    if text[-1] in ":：" and len(text) <= _TITLE_MAX:
        return True
    return following.kind == "month" and len(text) <= _WRAP_MIN and bool(
        _SCHEDULE_INTRO_RE.search(text)
    )


def _pick_title(lines: list[_Line]) -> str | None:
    """Use the first line as the title if it looks like one."""
    first = lines[0]
    if first.kind != "text" or len(first.text) > _TITLE_MAX or first.text[-1] in _TITLE_STOP:
        return None
    if _TITLE_WORDS_RE.search(first.text) or len(lines) > 1:
        return first.text
    return None


_INLINE_ITEMS_RE = re.compile(
    r"(?:(?<=[；;。，,])\s*|\s+)(?=(?:[0-9０-９]{1,2}\s*[、.．](?![0-9０-９])|[(（][0-9０-９]{1,2}[)）]))")

_INLINE_FIRST_RE = re.compile(r"[0-9０-９]{1,2}\s*[、.．](?![0-9０-９])|[(（][0-9０-９]{1,2}[)）]")


class _Assembler:
    """Feed classified lines in order and collect sections, schedule and leftovers."""

    def __init__(self) -> None:
        """Start with nothing open."""
        self.sections: list[dict[str, Any]] = []
        self.schedule: list[dict[str, Any]] = []
        self.unparsed: list[str] = []
        self.block: dict[str, Any] | None = None
        self.open_item = False
        self.last_segment = ""

    def feed(self, line: _Line, following: _Line | None) -> None:
        """Place one line."""
        if line.kind == "month" and line.month is not None:
            self._open_month(line.month)
        elif line.kind == "section" and self._is_sub_item(line):
            self._add_item(line.body, numbered=True)
        elif line.kind == "section":
            self._open_block(self.sections, {"number": line.number, "title": line.body})
        elif line.kind == "item" and self.block is not None:
            self._add_item(line.body, numbered=True)
        elif line.kind == "text" and self.block is not None and not _is_intro(line, following):
            self._add_text(line.text)
        else:
            self.unparsed.append(line.text)

    def _is_sub_item(self, line: _Line) -> bool:
        """A （一） line inside a month entry, or a whole sentence inside a section, is an item."""
        if self.block is None or not line.text.startswith(("(", "（")) or not line.body:
            return False
        return "label" in self.block or _ends_sentence(line.body)

    def _open_block(self, target: list[dict[str, Any]], block: dict[str, Any]) -> None:
        """Start a new section or schedule entry."""
        block["items"] = []
        target.append(block)
        self.block = block
        self.open_item = False

    def _open_month(self, head: _MonthHead) -> None:
        """Start a schedule entry, taking a same-line item if present."""
        self._open_block(self.schedule, {"label": head.label, "months": list(head.months)})
        if not head.rest:
            return
        body = _match_item(head.rest)
        if body is None or not _INLINE_ITEMS_RE.search(head.rest) \
                or not _INLINE_FIRST_RE.match(head.rest):
            self._add_item(head.rest if body is None else body, numbered=body is not None)
            return
        for piece in _INLINE_ITEMS_RE.split(head.rest):  # 1、…；2、… on the heading's line
            text = _match_item(piece)
            if text != "":  # a bare number with nothing after it carries no content
                self._add_item(piece if text is None else text, numbered=True)

    def _add_item(self, text: str, numbered: bool) -> None:
        """Append a new item to the open block."""
        assert self.block is not None
        self.block["items"].append(text)
        self.open_item = numbered and not _ends_sentence(text)
        self.last_segment = text

    def _add_text(self, text: str) -> None:
        """Continue the previous numbered item or start a bare-paragraph item."""
        assert self.block is not None
        items: list[str] = self.block["items"]
        if self.open_item and items:
            items[-1] = _join(items[-1], self.last_segment, text)
            self.open_item = not _ends_sentence(text)
            self.last_segment = text
        else:
            self._add_item(text, numbered=False)


_DATE_RE = re.compile(
    r"(?:[0-9０-９]{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?:[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])"
    r"\s*月(?:\s*(?:[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号號])?"
)
_SIGNATURE_RE = re.compile(
    r".{0,20}(?:工会|工會|委员会|委員會|学校|學校|小学|小學|中学|中學|学院|學院)")


def _peel_trailer(lines: list[_Line]) -> tuple[list[_Line], list[str]]:
    """Split off a closing signature and date (XX中学工会 / 2023年8月): they are no items."""
    end = len(lines)
    while end > 0:
        text = lines[end - 1].text
        if _DATE_RE.fullmatch(text) or (
                lines[end - 1].kind == "text" and _SIGNATURE_RE.fullmatch(text)
                and not _ends_sentence(text)):
            end -= 1
            continue
        break
    if end == len(lines) or end == 0:
        return lines, []
    return lines[:end], [line.text for line in lines[end:]]


def _split_clean(text: str) -> list[str]:
    """Split into cleaned, non-empty lines (any line ending)."""
    cleaned = (_clean_line(raw) for raw in text.splitlines())
    return [line for line in cleaned if line]


def parse_plan_text(text: str) -> dict[str, Any]:
    """Parse a plan text into {title, sections, schedule, unparsed}; nothing is dropped."""
    if not isinstance(text, str):
        raise PlanImportError(_MSG_NOT_STR)
    lines = [_classify(line) for line in _split_clean(text)]
    if not lines:
        raise PlanImportError(_MSG_NO_TEXT)
    title = _pick_title(lines)
    body = lines[1:] if title is not None else lines
    body = [line for line in body if line.text != title]
    body, trailer = _peel_trailer(body)
    assembler = _Assembler()
    for index, line in enumerate(body):
        assembler.feed(line, body[index + 1] if index + 1 < len(body) else None)
    return {
        "title": title,
        "sections": assembler.sections,
        "schedule": assembler.schedule,
        "unparsed": assembler.unparsed + trailer,
    }


# --------------------------------------------------------------------------- draft content

UNPARSED_MARK = "【导入时未能归类的内容，请手工整理】"
_YEAR_IN_TITLE_RE = re.compile(r"(20\d\d)")


def guess_year(title: str | None, default: int) -> int:
    """The year written in a plan's title (e.g. 2024年…), else `default`."""
    match = _YEAR_IN_TITLE_RE.search(title or "")
    return int(match.group(1)) if match else default


def draft_content(parsed: dict[str, Any], year: int, title: str = "",
                  organisation: str = "") -> dict[str, Any]:
    """Content for a new draft from a parse result; unplaced lines are kept in the principles."""
    principles = ""
    if parsed.get("unparsed"):
        principles = UNPARSED_MARK + "\n" + "\n".join(parsed["unparsed"])
    return {
        "title": ((title or parsed.get("title") or "").strip() or f"{year}年工会工作计划")[:200],
        "year": year, "organisation": organisation, "principles": principles,
        "sections": [{"number": s["number"], "title": s["title"], "items": list(s["items"])}
                     for s in parsed.get("sections") or []],
        "schedule": [{"label": e["label"], "months": list(e["months"]),
                      "items": list(e["items"])} for e in parsed.get("schedule") or []],
    }
