"""Read an uploaded plan file: .txt in UTF-8 (with or without BOM), GB18030/GBK or Big5, or .docx.

Imports nothing from the rest of unionflow and nothing from Flask.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
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
