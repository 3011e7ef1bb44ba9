"""The app's layouts on disk, so that a fresh server's first visitor does not wait for one.

A layout depends only on the data and on the code that builds the graph and places it, so a
file is named by both: the data folder's fingerprint (:func:`builders.app.bundle.fingerprint`,
which changes whenever a file of the folder changes) and a digest of ``graph/build.py`` and
``graph/layout.py``. The files live in ``$PAIN_ATLAS_CACHE``, else ``$XDG_CACHE_HOME/pain-atlas``,
else ``~/.cache/pain-atlas``; never in the data folder, which is never written to. Only the
app's own data folder is kept there (a session's upload is not written to disk). A cache that
cannot be read or written is only slower: the layout is computed, as it would be without it.

Examples
--------
>>> import tempfile, networkx as nx
>>> folder, H = Path(tempfile.mkdtemp()), nx.Graph([("a", "b")])
>>> cached_positions(H, "0123abcd", lambda: {"a": (1.0, 2.5), "b": (0.0, 0.0)}, folder)
{'a': (1.0, 2.5), 'b': (0.0, 0.0)}
>>> cached_positions(H, "0123abcd", lambda: {}, folder)  # read back, not computed again
{'a': (1.0, 2.5), 'b': (0.0, 0.0)}
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..graph import build, layout

#: Most layout files kept; the oldest go first.
MOST_FILES = 16


def cache_dir() -> Path:
    """Where layouts are kept (see the module's description)."""
    if os.environ.get("PAIN_ATLAS_CACHE"):
        return Path(os.environ["PAIN_ATLAS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pain-atlas"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code that places the nodes: a new version of it makes new files."""
    digest = hashlib.sha1()
    for module in (build, layout):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:12]


def cached_positions(G, key: str, compute: Callable[[], dict], folder: Path | None = None) -> dict:
    """The positions of ``G`` from the file for ``key`` (the data's fingerprint), or ``compute()``d
    and written there for the next server."""
    folder = folder or cache_dir()
    path = folder / f"layout-{key}-{code_version()}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if set(stored) == set(map(str, G.nodes)):
            os.utime(path)  # recently used: kept longest
            return {node: tuple(stored[str(node)]) for node in G.nodes}
    except (OSError, ValueError, TypeError):
        pass
    found = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({str(n): list(p) for n, p in found.items()}), encoding="utf-8")
        os.replace(partial, path)
        _prune(folder)
    except OSError:
        pass
    return found


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("layout-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[MOST_FILES:]:
        old.unlink(missing_ok=True)
