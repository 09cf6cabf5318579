"""Chinese labels of values that are not workflow states: item statuses, answer classes, ratings."""

from __future__ import annotations

import re
from datetime import date

ITEM_STATUS = {
    "planned": {"zh_Hans": "未开始", "zh_Hant": "未開始", "en": "Planned"},
    "in_progress": {"zh_Hans": "进行中", "zh_Hant": "進行中", "en": "In progress"},
    "done": {"zh_Hans": "已完成", "zh_Hant": "已完成", "en": "Done"},
    "cancelled": {"zh_Hans": "已取消", "zh_Hant": "已取消", "en": "Cancelled"},
}
ANSWER_CLASS = {
    "A": {"zh_Hans": "A类（已解决或采纳）", "zh_Hant": "A類（已解決或採納）",
          "en": "A (solved or adopted)"},
    "B": {"zh_Hans": "B类（列入计划逐步解决）", "zh_Hant": "B類（列入計劃逐步解決）",
          "en": "B (planned, to be solved step by step)"},
    "C": {"zh_Hans": "C类（因条件限制暂不能解决）", "zh_Hant": "C類（因條件限制暫不能解決）",
          "en": "C (cannot be solved for now)"},
    "D": {"zh_Hans": "D类（留作参考）", "zh_Hant": "D類（留作參考）",
          "en": "D (kept for reference)"},
}
RATING = {
    "satisfied": {"zh_Hans": "满意", "zh_Hant": "滿意", "en": "Satisfied"},
    "basically_satisfied": {"zh_Hans": "基本满意", "zh_Hant": "基本滿意",
                            "en": "Basically satisfied"},
    "unsatisfied": {"zh_Hans": "不满意", "zh_Hant": "不滿意", "en": "Not satisfied"},
}

_DIGITS = "〇一二三四五六七八九"
_CN_NUMERAL = re.compile(r"^[一二三四五六七八九十百零〇]+$")


def label(table: dict[str, dict[str, str]], key: str | None, lang: str = "zh_Hans") -> str:
    """The label of `key` in `lang` (the key itself when unknown)."""
    if key is None:
        return ""
    entry = table.get(key)
    return (entry.get(lang) or entry["zh_Hans"]) if entry else key


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (for numbering up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def cn_date(day: date) -> str:
    """A date as written at the end of an official document: 2026年2月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


def section_heading(number: str, title: str) -> str:
    """A section heading as written: 一、title / （一）title / 第一部分　title."""
    number, title = (number or "").strip(), (title or "").strip()
    if not number:
        return title
    if _CN_NUMERAL.match(number):
        return f"{number}、{title}"
    if number.isdigit():
        return f"{number}. {title}"
    if number[-1] in "、.．)）:：":
        return f"{number}{title}"
    return f"{number}　{title}"
