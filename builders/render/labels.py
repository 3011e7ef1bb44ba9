"""Where node labels go in a static figure: the same rules as the screen's ``assets/labels.js``.

Every label drawn is at least a minimum size, inside the frame, and overlaps no other label and
no other node; the most important nodes are placed first, a label that finds no room is tried in
a short form, then left out. The screen draws labels in the browser, where the zoom is known;
a figure has one size, so it places them here, with text measured by the figure's own renderer.

Examples
--------
>>> width = lambda text, px, bold: len(text) * px * 0.6
>>> items = [Item("a", "Intrathecal pump", 100, 100, 5), Item("b", "Morphine", 110, 100, 5)]
>>> a, b = place(items, (400, 300), width, px=15)
>>> a.y > 100 or b.x + b.w < 105       # the two labels are placed apart
True
"""

from __future__ import annotations

from dataclasses import dataclass

WRAP, SHORT, LINE, PAD = 22, 16, 1.25, 1.5


@dataclass(frozen=True)
class Item:
    """A node to label: its id and text, its centre and radius in pixels (y down)."""

    id: str
    text: str
    x: float
    y: float
    r: float
    bold: bool = False


@dataclass(frozen=True)
class Placed:
    id: str
    lines: list
    x: float
    y: float
    w: float
    h: float
    px: float
    bold: bool


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def forms(text: str) -> list[list[str]]:
    """The forms a label may take: the whole text on up to two lines, then a short one.

    >>> forms("Chronic pain not helped by other treatments")
    [['Chronic pain not', 'helped by other treat…'], ['Chronic pain no…']]
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= WRAP or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    full = [_clip(l, WRAP) for l in lines]
    short = [_clip(text, SHORT)]
    return [full] if full == short else [full, short]


def _spots(item: Item, w: float, h: float, lines: int) -> list[tuple[float, float]]:
    x, y, r = item.x, item.y, item.r
    right, left = (x + r + 4, y - h / 2), (x - r - 4 - w, y - h / 2)
    below, above = (x - w / 2, y + r + 2), (x - w / 2, y - r - 2 - h)
    return [below, above, right, left] if lines > 1 else [right, left, below, above]


def _free(box, taken) -> bool:
    x, y, w, h, owner = box
    return all(o_owner == owner or not (x < ox + ow and ox < x + w and y < oy + oh and oy < y + h)
               for ox, oy, ow, oh, o_owner in taken)


def place(items: list[Item], frame: tuple[float, float], width, px: float) -> list[Placed]:
    """Labels for ``items`` (in priority order) inside ``frame`` (width, height): each fits, none
    overlaps. ``width(text, px, bold)`` measures a line of text in pixels."""
    taken = [(i.x - i.r, i.y - i.r, 2 * i.r, 2 * i.r, i.id) for i in items]
    placed = []
    for item in items:
        for lines in forms(item.text):
            w = max(width(line, px, item.bold) for line in lines)
            h = len(lines) * px * LINE
            spot = next(((x, y) for x, y in _spots(item, w, h, len(lines))
                         if x >= 1 and y >= 1 and x + w <= frame[0] - 1 and y + h <= frame[1] - 1
                         and _free((x - PAD, y - PAD, w + 2 * PAD, h + 2 * PAD, item.id), taken)), None)
            if spot is not None:
                taken.append((spot[0] - PAD, spot[1] - PAD, w + 2 * PAD, h + 2 * PAD, item.id))
                placed.append(Placed(item.id, lines, spot[0], spot[1], w, h, px, item.bold))
                break
    return placed
