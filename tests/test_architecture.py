"""The layout rules of ``builders/`` (see its ``__init__``), checked by reading the source.

- Each package imports only the packages below it: the data flows one way.
- Only ``builders/app/``, ``app.py`` and the pages import Streamlit (``scale`` drives the app from
  outside: with ``streamlit.testing``, and with ``streamlit.proto``, the messages a browser and the
  server exchange, for the classroom load test).
- Pages arrange widgets: they call ``app``, ``teach``, ``render`` and ``escape``, never ``data`` or
  ``graph`` directly.
- No function over 60 lines, no module over 500 lines, and no front-end code in Python strings.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "builders"
#: The layers, bottom first: a module may import its own layer and those before it.
LAYERS = ["__init__", "escape", "data", "graph", "render", "teach", "app", "scale", "cli", "__main__"]
PAGE_IMPORTS = {"app", "teach", "render", "escape"}
MAX_FUNCTION_LINES, MAX_MODULE_LINES = 60, 500
FRONT_END_MARKERS = ("<script", "<style", "<html", "function (", "function(", "=> {", "addEventListener")


def sources(*roots: Path) -> list[Path]:
    """The modules under these roots; an ``assets`` folder holds files the package serves or runs
    (such as the benchmark's bare Streamlit app), not modules of its own."""
    found = []
    for root in roots:
        found += [root] if root.is_file() else sorted(root.rglob("*.py"))
    return [p for p in found if p.name != "conftest.py" and "assets" not in p.relative_to(ROOT).parts]


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imports(path: Path) -> list[tuple[str, int]]:
    """Every module a file imports (relative imports resolved), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, node.lineno))
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def builders_layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "builders" and len(parts) > 1 else None


@pytest.mark.parametrize("path", sources(PACKAGE), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_package_imports_only_the_layers_below(path):
    mine = LAYERS.index(layer_of(path))
    for module, line in imports(path):
        other = builders_layer(module)
        if other in LAYERS:
            assert LAYERS.index(other) <= mine, f"{path.relative_to(ROOT)}:{line} imports {module} (a layer above)"


@pytest.mark.parametrize("path", sources(PACKAGE), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_app_package_imports_streamlit(path):
    for module, line in imports(path):
        if module.split(".")[0] != "streamlit":
            continue
        where = f"{path.relative_to(ROOT)}:{line} imports {module}"
        if layer_of(path) == "scale":
            assert module.startswith(("streamlit.testing", "streamlit.proto")), where
        else:
            assert layer_of(path) == "app", where


@pytest.mark.parametrize("path", sources(ROOT / "app.py", ROOT / "app_pages"), ids=lambda p: p.name)
def test_pages_call_the_app_not_the_data_or_the_graph(path):
    for module, line in imports(path):
        layer = builders_layer(module)
        if module.startswith("builders.") and layer is not None and module.count(".") >= 1:
            assert layer in PAGE_IMPORTS, f"{path.name}:{line} imports {module}"


@pytest.mark.parametrize("path", sources(PACKAGE, ROOT / "app.py", ROOT / "app_pages"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_functions_and_modules_stay_short(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {len(text.splitlines())} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{path.relative_to(ROOT)}:{node.lineno} {node.name} has {length} lines"


@pytest.mark.parametrize("path", sources(PACKAGE, ROOT / "app.py", ROOT / "app_pages"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_front_end_code_lives_in_asset_files(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found = [m for m in FRONT_END_MARKERS if m in node.value]
            assert not found, f"{path.relative_to(ROOT)}:{node.lineno} holds front-end code ({found[0]!r}); use an asset file"


def test_the_layer_test_can_fail(tmp_path):
    """A module of ``data`` that imported the app would be caught."""
    bad = PACKAGE / "data" / "model.py"
    modules = [m for m, _ in imports(bad)] + ["builders.app.session"]
    assert any(LAYERS.index(builders_layer(m)) > LAYERS.index("data") for m in modules if builders_layer(m) in LAYERS)
