"""Turn a pasted trade-union annual work plan (工会工作计划) into a structured draft.

Self-contained: imports nothing from the rest of unionflow and nothing from Flask.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_UPLOAD_BYTES = 2 * 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF"
_BOM_UTF8 = b"\xef\xbb\xbf"
_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_LEGACY_ENCODINGS = ("gb18030", "cp950")

_MSG_EMPTY = "文件是空的"
_MSG_BINARY = "文件内容不是文本（含有二进制数据），请上传 .txt 纯文本或 .docx 文件"
_MSG_ENCODING = "无法识别文件的文字编码，请另存为 UTF-8 编码的纯文本后再上传"
_MSG_DOC = "暂不支持旧版 Word（.doc）文件，请另存为 .docx 或纯文本（.txt）后再上传"
_MSG_PDF = "暂不支持 PDF 文件，请复制其中的文字粘贴，或上传 .txt / .docx 文件"
_MSG_DOCX = "无法读取该 Word 文档，文件可能已损坏或不是有效的 .docx 文件"
_MSG_NO_DOCX_LIB = "服务器缺少 Word 文档读取组件，请改为上传纯文本（.txt）文件"
_MSG_NO_TEXT = "没有可导入的内容：文本是空的"
_MSG_NOT_STR = "导入的内容必须是文本"


class PlanImportError(ValueError):
    """Input cannot be imported; message is user-facing Simplified Chinese."""


# --------------------------------------------------------------------------- decoding

# Frequent characters in both Simplified and Traditional forms, used to tell a
# correct legacy decoding from a garbled one (GB18030 accepts almost any Big5 bytes).
_COMMON_CHARS = frozenset(
    "的一是在不了有和人这這中大为為上个個国國我以要他时時来來用们們生到作地于於出就分"
    "对對成会會可主发發年动動同工也能下过過子说說产產种種面而方后後多定行学學法所民得"
    "经經十三之进進着著等部度家电電力里裡如水化高自二理起小物现現实實加量都两兩体體制"
    "机機当當使点點从從业業本去把性好应應开開它合还還因由其些然前外天政四日那社义義事"
    "平形相全表间間样樣与與关關各重新线線内內数數正心反明看原又么麼利比或但质質气氣第"
    "向道此变變条條只没沒结結解问問意建月公无無系很情者最立代想已通并並提直题題党黨程"
    "展五果象员員位入常文总總次品式活设設及管特件长長求老头頭基资資边邊流路级級少图圖"
    "统統接知较較将將组組见見计計别別期根论論运運指几幾九区區强強放决決被做必先回则則"
    "任取据據处處队隊给給门門即保治百规規热熱领領七口导導世金增争爭思术術交受联聯认認"
    "六共权權收证證改清己美再转轉更单單切打教带帶安场場身例真务務具万萬每目至达達走积"
    "積示议議声聲报報完类類八离離华華名确確才科张張信节節话話整空元况況今集温溫传傳许"
    "許步群广廣记記需段研界律且究观觀越织織装裝影算持音众眾书書布复復容须須际際商非验"
    "驗连連断斷深难難近周委素技备備半办辦省列习習响響约約支般史感劳勞便团團往历歷市何"
    "除消构構府称稱准精值号號率维維划劃选選标標写寫存候亲親快效院查型按格养養易置派层"
    "層片始专專状狀育识識适適属屬包住调調满滿局照参參细細引听聽该該价價严嚴职職慰庆慶"
    "祝妇婦女赛賽比校师師生教练練讲講座谈談检檢查暑假期春秋冬夏节節日周"
)


def decode_upload(data: bytes, filename: str = "") -> str:
    """Decode an uploaded .txt (UTF-8, GB18030/GBK, Big5) or .docx file into text."""
    if len(data) > MAX_UPLOAD_BYTES:
        limit_mb = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise PlanImportError(f"文件太大：上传的文件不能超过 {limit_mb} MB")
    if not data:
        raise PlanImportError(_MSG_EMPTY)
    text = _decode_by_kind(data, filename.lower().strip())
    text = _unify_newlines(text).lstrip("\ufeff")
    if not text.strip():
        raise PlanImportError(_MSG_EMPTY)
    return text


def _decode_by_kind(data: bytes, name: str) -> str:
    """Dispatch on the file signature and extension."""
    if data.startswith(_OLE_MAGIC):
        raise PlanImportError(_MSG_DOC)
    if data.startswith(_PDF_MAGIC):
        raise PlanImportError(_MSG_PDF)
    if data.startswith(_ZIP_MAGIC) or name.endswith(".docx"):
        return _read_docx(data)
    return _decode_text(data)


def _unify_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_docx(data: bytes) -> str:
    """Read a .docx paragraph by paragraph (table cells included), one line each."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise PlanImportError(_MSG_NO_DOCX_LIB) from exc
    try:
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document))
    except PlanImportError:
        raise
    except Exception as exc:
        raise PlanImportError(_MSG_DOCX) from exc


def _docx_blocks(container: Any) -> Iterator[str]:
    """Yield paragraph texts of a document or cell in order, descending into tables."""
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):
            yield from _docx_table(block)
        else:
            yield block.text


def _docx_table(table: Any) -> Iterator[str]:
    """Yield the paragraphs of each distinct cell of a table (merged cells once)."""
    seen: set[Any] = set()  # holds the cell elements themselves so ids stay unique
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield from _docx_blocks(cell)


def _decode_text(data: bytes) -> str:
    """Decode plain-text bytes, detecting UTF-8/UTF-16 BOMs, UTF-8, GB18030 or Big5."""
    if data.startswith(_BOM_UTF8):
        return _decode_strict(data[len(_BOM_UTF8):], "utf-8")
    if data.startswith(_BOMS_UTF16):
        return _decode_strict(data, "utf-16")
    if b"\x00" in data:
        raise PlanImportError(_MSG_BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    if _looks_binary(text):
        raise PlanImportError(_MSG_BINARY)
    return text


def _decode_strict(data: bytes, encoding: str) -> str:
    """Decode with one encoding or raise a user-facing error."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PlanImportError(_MSG_ENCODING) from exc
    if _looks_binary(text):
        raise PlanImportError(_MSG_BINARY)
    return text


def _decode_legacy(data: bytes) -> str:
    """Pick the most plausible of the legacy Chinese encodings that decode cleanly."""
    candidates: list[str] = []
    for encoding in _LEGACY_ENCODINGS:
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise PlanImportError(_MSG_ENCODING)
    return max(candidates, key=_plausibility)


def _plausibility(text: str) -> int:
    """Score a decoding: common Chinese characters up, garbage-like characters down."""
    score = 0
    for char in text[:20000]:
        if char in _COMMON_CHARS:
            score += 2
        else:
            score -= _oddity(char)
    return score


def _oddity(char: str) -> int:
    """Return how suspicious a character is in a Chinese plan text (0 = normal)."""
    code = ord(char)
    if code < 0x80:
        return 0
    if 0xE000 <= code <= 0xF8FF or code == 0xFFFD:
        return 4
    if 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return 2
    if 0x3040 <= code <= 0x30FF or 0xAC00 <= code <= 0xD7AF:
        return 2
    if 0x0370 <= code <= 0x04FF or 0x2500 <= code <= 0x257F:
        return 2
    return 0


def _looks_binary(text: str) -> bool:
    """True when a decoded text is dominated by control or private-use characters."""
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for char in sample if _is_junk_char(char))
    return bad * 50 > len(sample)


def _is_junk_char(char: str) -> bool:
    """True for control and private-use characters that never occur in plan texts."""
    if char in "\t\n\r\f\v\x1c\x1d\x1e\x85":
        return False
    return unicodedata.category(char) in ("Cc", "Co")


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
_YEAR = r"(?:[0-9０-９〇零○Ｏ一二三四五六七八九xXｘＸ]{2,4}\s*年\s*)"
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


def _match_month(line: str) -> _MonthHead | None:
    """Recognise a month heading, also behind a list numbering like 1、 or （一）."""
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
    if _JUNK_RE.match(text):
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
        if head.rest:
            body = _match_item(head.rest)
            self._add_item(head.rest if body is None else body, numbered=body is not None)

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
