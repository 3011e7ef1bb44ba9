"""Which characters a text field may hold: the rules shared by the CSV files and the YAML files.

- **Never**: control characters (U+0000–U+001F but tab, line feed and carriage return; U+007F–U+009F),
  lone surrogates (U+D800–U+DFFF, which are not characters: UTF-8 cannot encode them) and the
  non-characters U+FFFE and U+FFFF. XML cannot hold most of them, so an SVG or GraphML export
  with one is broken; a lone surrogate makes every export and page that writes UTF-8 fail.
- **Only in prose** (descriptions, claims, narration): tab, line feed and carriage return. Ids,
  labels and titles are one line.
- **Allowed, with a warning**: invisible characters that make two texts look alike or reorder
  them (zero-width characters, direction marks, bidi embeddings, overrides and isolates).

Examples
--------
>>> bad_character("Pu\\x07mp")
'contains the control character U+0007; remove it'
>>> bad_character("two\\nlines", one_line=True)
'contains a line break (U+000A); it must be one line'
>>> invisible_character("Mor\\u200bphine")
'contains the invisible character U+200B (ZERO WIDTH SPACE); it is kept, but texts that differ only by it look alike'
>>> visible("Mor\\u200bphine") == "Morphine"
True
"""

from __future__ import annotations

import re
import unicodedata

#: Characters no text field may hold.
NEVER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Characters only prose may hold.
LINE_BREAKS = re.compile("[\t\n\r]")
#: Invisible characters that make texts look alike or reorder them.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: Any of the above: one scan of a whole file tells whether its fields need checking one by one.
SPECIAL = re.compile(f"{NEVER.pattern}|{INVISIBLE.pattern}")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def bad_character(text: str, one_line: bool = False) -> str | None:
    """Why ``text`` cannot be a text field (a sentence for a problem), or ``None`` when it can."""
    found = NEVER.search(text)
    if found:
        char = found.group()
        if "\ud800" <= char <= "\udfff":
            return f"contains a lone surrogate ({_code(char)}), which is not a character; remove it"
        if char in "\ufffe\uffff":
            return f"contains the non-character {_code(char)}; remove it"
        return f"contains the control character {_code(char)}; remove it"
    if one_line:
        found = LINE_BREAKS.search(text)
        if found:
            what = "a tab" if found.group() == "\t" else "a line break"
            return f"contains {what} ({_code(found.group())}); it must be one line"
    return None


def invisible_character(text: str) -> str | None:
    """A warning when ``text`` holds an invisible character, or ``None``."""
    found = INVISIBLE.search(text)
    if not found:
        return None
    char = found.group()
    name = unicodedata.name(char, "a format character")
    return f"contains the invisible character {_code(char)} ({name}); it is kept, but texts that differ only by it look alike"


def visible(text: str) -> str:
    """``text`` without its invisible characters: how it reads on the screen."""
    return INVISIBLE.sub("", text)


def replace_bad(text: str) -> str:
    """``text`` with the characters no field may hold replaced by U+FFFD."""
    return NEVER.sub("\ufffd", text)
