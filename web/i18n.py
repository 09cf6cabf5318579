"""Language choice: the session's switcher first, then Accept-Language mapped explicitly."""

from __future__ import annotations

from flask import request, session

LANGS = ("zh_Hans", "zh_Hant", "en")
DEFAULT = "zh_Hans"
LANG_NAMES = {"zh_Hans": "简体中文", "zh_Hant": "繁體中文", "en": "English"}
HTML_LANG = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "en": "en"}

# Browser tags to our catalogs; `best_match` alone sends zh-TW to Simplified.
_TAGS = {
    "zh-cn": "zh_Hans", "zh-sg": "zh_Hans", "zh-my": "zh_Hans", "zh-hans": "zh_Hans",
    "zh-hans-cn": "zh_Hans", "zh": "zh_Hans",
    "zh-tw": "zh_Hant", "zh-hk": "zh_Hant", "zh-mo": "zh_Hant", "zh-hant": "zh_Hant",
    "zh-hant-tw": "zh_Hant", "zh-hant-hk": "zh_Hant",
}


def from_accept_language(header: str) -> str | None:
    """The best catalog for an Accept-Language header, by quality, or None."""
    choices = []
    for pos, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower().replace("_", "-")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            choices.append((-quality, pos, tag))
    for _q, _pos, tag in sorted(choices):
        if tag in _TAGS:
            return _TAGS[tag]
        if tag.startswith("zh-hant") or tag.startswith("zh-tw") or tag.startswith("zh-hk"):
            return "zh_Hant"
        if tag.startswith("zh"):
            return "zh_Hans"
        if tag == "en" or tag.startswith("en-"):
            return "en"
    return None


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    chosen = session.get("lang")
    if chosen in LANGS:
        return chosen
    return from_accept_language(request.headers.get("Accept-Language", "")) or DEFAULT


def current_lang() -> str:
    """The language code of the current request (zh_Hans, zh_Hant or en)."""
    from flask_babel import get_locale

    loc = get_locale()
    if loc is None:
        return DEFAULT
    if loc.language == "zh":
        return "zh_Hant" if loc.script == "Hant" else "zh_Hans"
    return "en"


# WTForms ships zh (Simplified) and zh_TW catalogs; Babel would send zh_Hant to zh.
_WTFORMS_CATALOG = {"zh_Hans": "zh", "zh_Hant": "zh_TW"}


def load_wtforms_translations() -> None:
    """Give Flask-WTF the WTForms catalog of the request's script before any form is built."""
    from babel import support
    from wtforms.i18n import messages_path

    code = _WTFORMS_CATALOG.get(current_lang())
    request.wtforms_translations = (  # type: ignore[attr-defined]
        support.Translations.load(messages_path(), [code], domain="wtforms") if code
        else support.NullTranslations())
