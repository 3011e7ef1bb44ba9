"""Colours a schema may give: the forms that both the browser (CSS) and the figures (matplotlib)
draw, so that a colour that validates works on the page and in every export.

Those are ``#rgb``, ``#rgba``, ``#rrggbb`` and ``#rrggbbaa`` in hexadecimal digits, and the 148
CSS named colours (``steelblue``), in any case. matplotlib's own extra names (``tab:blue``,
``xkcd:...``) are not CSS, and some CSS forms (``rgb(...)``, ``hsl(...)``) are not matplotlib.

Examples
--------
>>> [is_color(c) for c in ("#1f77b4", "#abc", "SteelBlue", "banana", "#12345", "red;}")]
[True, True, True, False, False, False]
>>> plain_color("SteelBlue")
'steelblue'
"""

from __future__ import annotations

import re

HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
#: CSS Color Module Level 4's named colours, as matplotlib's ``CSS4_COLORS`` lists them
#: (``tests/render/test_figures.py`` checks that the two lists agree).
CSS_NAMES = frozenset("""
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue
darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange
darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise
darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia
gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo
ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue
lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon
mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue
mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin
navajowhite navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen
paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red
rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue
slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white
whitesmoke yellow yellowgreen
""".split())


def is_color(value: str) -> bool:
    """Whether ``value`` is a colour that CSS and matplotlib both draw."""
    return bool(HEX_COLOR.fullmatch(value)) or value.lower() in CSS_NAMES


def plain_color(value: str) -> str:
    """A valid colour as it is stored: names in lower case, hexadecimal as written."""
    return value if value.startswith("#") else value.lower()
