"""Chinese text in the reader's script (Simplified or Traditional); stored text never changes."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Reader language -> OpenCC configuration; languages not listed are left unchanged.
CONFIGS = {"zh_Hant": "s2t", "zh_Hans": "t2s"}


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    """One cached OpenCC converter per configuration (building one reads its dictionaries)."""
    from opencc import OpenCC

    return OpenCC(config)


def to_script(text: str | None, lang: str) -> str:
    """`text` in the script of `lang` (zh_Hant -> Traditional, zh_Hans -> Simplified)."""
    if not text:
        return ""
    config = CONFIGS.get(lang)
    if config is None:
        return text
    return str(_converter(config).convert(text))


def converter_for(lang: str | None) -> Any:
    """A one-argument function converting text into `lang`'s script (identity if none)."""
    if lang not in CONFIGS:
        return lambda text: text or ""
    return lambda text: to_script(text, lang)  # type: ignore[arg-type]
