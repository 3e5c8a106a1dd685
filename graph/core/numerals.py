"""Chinese numerals as used in headings and clause references (三十七, 第一、二条)."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)


def circled_to_int(mark: str) -> int:
    """Value of a circled (①-⑳) or parenthesised (⑴-⒇) number mark.

    >>> circled_to_int("①"), circled_to_int("⑳"), circled_to_int("⑴"), circled_to_int("⒇")
    (1, 20, 1, 20)
    """
    return ord(mark) - (0x2473 if "\u2474" <= mark <= "\u2487" else 0x245F)


def chinese_to_int(numeral: str) -> int:
    """Value of a Chinese or Arabic numeral string.

    >>> chinese_to_int("九"), chinese_to_int("十"), chinese_to_int("三十七"), chinese_to_int("一百零二")
    (9, 10, 37, 102)
    >>> chinese_to_int("12")
    12
    """
    numeral = numeral.strip()
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(ch not in _DIGITS and ch not in _UNITS for ch in numeral):
        raise ValueError(f"not a numeral: {numeral!r}")
    total, current = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            # A bare 十 at the start means 一十.
            total += (current or 1) * _UNITS[ch]
            current = 0
    return total + current


_CN_DIGITS = "零一二三四五六七八九"


def int_to_chinese(n: int) -> str:
    """三十七 for 37, 一百零五 for 105: how checklists number their problems (0 to 999).

    >>> [int_to_chinese(n) for n in (3, 10, 12, 20, 37, 105, 110)]
    ['三', '十', '十二', '二十', '三十七', '一百零五', '一百一十']
    """
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _CN_DIGITS[tens] + "十" + (_CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + _CN_DIGITS[rest]
    else:
        tail = _CN_DIGITS[rest // 10] + "十" + (_CN_DIGITS[rest % 10] if rest % 10 else "")
    return _CN_DIGITS[hundreds % 10] + "百" + tail


_CODE_PART = f"[{CHINESE_NUMERAL_CHARS}]+"
_CHINESE_CODE = re.compile(rf"\(?({_CODE_PART})\)?(?:\(({_CODE_PART})\))?")


def reference_code(reference: str) -> str | None:
    """The dotted code a reference to a problem, measure or case spells, or None for words.

    Codes are written in Arabic digits (3, 6.2, 6.2.3), as case numbers (case.1), or for
    problems in Chinese numerals the way plans number them (三, (三), 第三, 三、, 六(二)).

    >>> [reference_code(r) for r in ("三", "(三)", "三、", "第三", " 6.3 ", "3.", "六(二)", "case.2", "稀土")]
    ['3', '3', '3', '3', '6.3', '3', '6.2', 'case.2', None]
    """
    ref = unicodedata.normalize("NFKC", reference).strip().rstrip("、. ").strip()
    if re.fullmatch(r"\d+(?:\.\d+)*|case\.\d+", ref):
        return ref
    match = _CHINESE_CODE.fullmatch(ref.removeprefix("第"))
    if not match:
        return None
    try:
        return ".".join(str(chinese_to_int(part)) for part in match.groups() if part)
    except ValueError:
        return None
