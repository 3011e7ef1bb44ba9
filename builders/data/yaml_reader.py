"""Read a short hand-written YAML file (``schema.yaml``, a tour) into plain values, safely and in
bounded time and memory.

YAML can say much more than these files need, and a file may come from an upload, so:

- **Aliases are bounded.** The document is composed first, then its values are counted the way a
  reader of the data would meet them, each alias counting as everything it repeats. Past
  :data:`MAX_VALUES` the file is refused before anything is built (a "billion laughs" file of a
  few hundred bytes stands for billions of values).
- **Only plain values come out**: text, whole numbers, decimals, true/false, empty, lists and
  mappings. A plain scalar that looks like a date stays text (YAML 1.1 would make it a date,
  and ``2024-02-30`` an exception); so do ``12:30`` (not a base-60 number) and numbers of more
  than :data:`MAX_DIGITS` characters. An explicit tag (``!!int abc``, ``!!binary``, ``!!set``,
  ``!!python/name:...``, ``!custom``) is a problem, "expected text", and the value is read as
  the text it holds.
- **Text is checked**: a string with a control character or a lone surrogate, or longer than
  :data:`MAX_TEXT_CHARS`, is a problem (:mod:`builders.data.characters`).

Every problem names the file and the value's path (``node_kinds.therapy.label``, or what the
caller's ``where`` makes of it). :func:`read_document` never raises for what the file holds.

Examples
--------
>>> problems = []
>>> read_document("when: 2024-02-30\\nn: 12\\ntime: 12:30\\nx: !!int abc\\n", "f.yaml", problems)
{'when': '2024-02-30', 'n': 12, 'time': '12:30', 'x': 'abc'}
>>> [p.format() for p in problems]
["f.yaml: x: expected text: the tag !!int is not allowed (line 4); write 'abc' without it"]
"""

from __future__ import annotations

import re
from typing import Callable

import yaml
import yaml.cyaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .characters import bad_character, replace_bad
from .model import Problem
from .problems import quote

#: Most values a document may hold, each alias counted as all the values it repeats.
MAX_VALUES = 200_000
#: Longest number read as a number; a longer one is read as text.
MAX_DIGITS = 30
#: Longest text of one value.
MAX_TEXT_CHARS = 10_000

_CORE = "tag:yaml.org,2002:"
STR, SEQ, MAP = _CORE + "str", _CORE + "seq", _CORE + "map"
_SCALARS = {_CORE + name for name in ("str", "int", "float", "bool", "null")}
_Path = tuple


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.1's implicit types without dates, base-60 numbers and ``=``."""


for _tag, _pattern, _first in [
    ("bool", r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
     "yYnNtTfFoO"),
    ("float", r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("int", r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$",
     "-+0123456789"),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    _Resolver.add_implicit_resolver(_CORE + _tag, re.compile(_pattern), list(_first))


class _Constructor(yaml.constructor.SafeConstructor):
    """Numbers that do not parse (``0x_``) are read as their text rather than raising."""


def _or_text(construct):
    """``construct``, or the node's text where it raises ValueError (a number that does not parse)."""
    def construct_or_text(self, node):
        try:
            return construct(self, node)
        except ValueError:
            return self.construct_scalar(node)
    return construct_or_text


_Constructor.add_constructor(_CORE + "int", _or_text(yaml.constructor.SafeConstructor.construct_yaml_int))
_Constructor.add_constructor(_CORE + "float", _or_text(yaml.constructor.SafeConstructor.construct_yaml_float))

if getattr(yaml, "__with_libyaml__", False):
    class _Loader(yaml.cyaml.CParser, _Constructor, _Resolver):
        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)
else:  # pragma: no cover (PyYAML without libyaml)
    class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                  _Constructor, _Resolver):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Constructor.__init__(self)
            _Resolver.__init__(self)


def dotted(path: _Path) -> str:
    """A value's path as problems name it: ``relations.treats.source[2]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "yaml"


def read_document(text: str, name: str, problems: list[Problem], where: Callable[[_Path], str] = dotted):
    """The YAML document in ``text`` as plain values, or ``None`` when it cannot be read.

    Parameters
    ----------
    text : str
        The file's text.
    name : str
        How problems name the file.
    problems : list of Problem
        Where problems go; a value with a problem is replaced by text, so reading goes on.
    where : callable, optional
        Names a value's path (a tuple of keys and 1-based list positions) in a problem.

    Raises
    ------
    yaml.YAMLError, RecursionError
        When the text is not YAML (the caller reports it with its line).
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if not _check(node, name, problems, where, loader):
            return None
        return loader.construct_document(node)
    finally:
        loader.dispose()


#: Deepest path a problem names; deeper values (an alias inside itself) are named by their first parts.
MAX_PATH = 64


def _check(root, name: str, problems: list[Problem], where, loader) -> bool:
    """Walk the composed document as it would be read (aliases expanded), counting values and
    checking each; ``False`` (with a problem) when it holds more than :data:`MAX_VALUES`.

    Paths are kept as links to their parent's, and stop growing at :data:`MAX_PATH`, so that a
    walk through a value that holds itself costs the same at every step.
    """
    stack: list[tuple[object, tuple | None]] = [(root, None)]
    count = 0
    seen: set[int] = set()  # nodes already checked: an alias is counted again, not checked again
    while stack:
        node, link = stack.pop()
        count += 1
        if count > MAX_VALUES:
            problems.append(Problem(name, 0, "yaml", f"the file holds more than {MAX_VALUES:,} values once its "
                                    "aliases (*name) are expanded; it is not read"))
            return False
        first = id(node) not in seen
        seen.add(id(node))
        if first:
            default = SEQ if isinstance(node, SequenceNode) else MAP if isinstance(node, MappingNode) else None
            if default is None:
                _check_scalar(node, lambda: where(_path(link)), name, problems, loader)
            else:
                _check_tag(node, default, lambda: where(_path(link)), name, problems)
        if isinstance(node, SequenceNode):
            stack.extend((child, _child(link, index)) for index, child in enumerate(node.value, 1))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                child = _child(link, key.value if isinstance(key, ScalarNode) else "?")
                stack.append((key, child))
                stack.append((value, child))
    return True


def _child(link: tuple | None, part) -> tuple:
    depth = link[2] if link else 0
    return link if depth >= MAX_PATH else (part, link, depth + 1)


def _path(link: tuple | None) -> _Path:
    parts = []
    while link is not None:
        parts.append(link[0])
        link = link[1]
    return tuple(reversed(parts))


def _check_tag(node, default: str, where: Callable[[], str], name: str, problems: list[Problem]) -> None:
    if node.tag != default:
        kind = "list" if default == SEQ else "mapping"
        problems.append(Problem(name, 0, where(), f"the tag {_tag_name(node.tag)} is not allowed (line "
                                f"{node.start_mark.line + 1}); write a plain {kind} without it"))
        node.tag = default


def _check_scalar(node: ScalarNode, where: Callable[[], str], name: str, problems: list[Problem], loader) -> None:
    """Make a scalar a plain value: explicit tags reported and dropped, long numbers read as text,
    text checked for characters and length."""
    implicit = STR if node.style else loader.resolve(ScalarNode, node.value, (True, False))
    if node.tag != implicit and node.tag != STR:
        problems.append(Problem(name, 0, where(), f"expected text: the tag {_tag_name(node.tag)} is not allowed "
                                f"(line {node.start_mark.line + 1}); write {quote(node.value)} without it"))
        node.tag = STR
    elif node.tag in (_CORE + "int", _CORE + "float") and len(node.value) > MAX_DIGITS:
        node.tag = STR
    elif node.tag not in _SCALARS:
        node.tag = STR
    if len(node.value) > MAX_TEXT_CHARS:
        problems.append(Problem(name, 0, where(), f"{len(node.value):,} characters; the limit is "
                                f"{MAX_TEXT_CHARS:,}"))
        node.value = node.value[:MAX_TEXT_CHARS]
    found = bad_character(node.value)
    if found:
        problems.append(Problem(name, 0, where(), f"{quote(node.value, 60)} {found} (line {node.start_mark.line + 1})"))
        node.value = replace_bad(node.value)


def _tag_name(tag: str) -> str:
    return quote("!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag, 60).strip("'\"")
