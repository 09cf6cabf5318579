"""Maintain the message catalogs: `python -m web.i18n_catalogs` (or `make i18n`).

Extracts the Simplified Chinese source strings, updates zh_Hans, zh_Hant and en, and fills
missing Traditional Chinese translations by OpenCC conversion (reviewed by people later).
English translations are written by hand in web/translations/en/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "web" / "translations"
POT = TRANSLATIONS / "messages.pot"
LANGS = ("zh_Hans", "zh_Hant", "en")


def _pybabel(*args: str) -> None:
    """Run pybabel from this interpreter's environment."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=ROOT)


def fill_traditional(po_path: Path) -> int:
    """Fill empty zh_Hant translations by converting the Simplified source; return the count."""
    from opencc import OpenCC

    convert = OpenCC("s2tw").convert
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale="zh_Hant")
    filled = 0
    for message in catalog:
        if not message.id or message.string:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(convert(part) for part in message.id)
        else:
            message.string = convert(message.id)
        filled += 1
    with po_path.open("wb") as fh:
        write_po(fh, catalog, width=100)
    return filled


def main() -> None:
    """Extract, update every catalog, fill zh_Hant, compile."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location",
             "--sort-output", "-o", str(POT), "web")
    for lang in LANGS:
        po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang,
                     "--no-fuzzy-matching", "--ignore-obsolete")
        else:
            _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang)
    print(f"zh_Hant: {fill_traditional(TRANSLATIONS / 'zh_Hant' / 'LC_MESSAGES' / 'messages.po')}"
          " translations filled by conversion")
    _pybabel("compile", "-d", str(TRANSLATIONS))


if __name__ == "__main__":
    main()
