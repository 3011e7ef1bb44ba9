"""Where uploads are unpacked, and how they are removed again: nothing an upload brings stays on
the server after its session.

The layout, under one folder per user in the system's temporary folder (or
``$PAIN_ATLAS_UPLOADS_DIR``)::

    pain-atlas-uploads-<uid>/
        server-<pid>-<random>/          one per server process; .owner names the process
            session-<random>/           one per browser session; .session holds its id
                upload-<random>/        one per upload; the session's dataset, or nothing

- An upload's folder goes as soon as it is refused, or replaced by another upload, or the user
  goes back to the bundled data (:func:`remove`).
- A session's folder goes when its session has ended: Streamlit has no public hook for that, so
  a sweep runs every :data:`SWEEP_SECONDS` and removes the folders of sessions that the runtime
  has not known as active for :data:`GRACE_SECONDS` (longer than the two minutes in which
  Streamlit lets a dropped connection resume its session).
- A server's folder goes when the server stops (``atexit``), and at the next start for a server
  that could not clean up (killed): :func:`start` removes every server folder whose process is
  gone. It runs at the top of every script run and does its work once per process.

Examples
--------
>>> from pathlib import Path
>>> root = uploads_root()
>>> (root / OWNER).read_text().split()[0] == str(os.getpid())
True
>>> folder = session_folder({})
>>> folder.parent == root and (folder / SESSION).exists()
True
>>> remove(folder); folder.exists()
False
"""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, MutableMapping

from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ..data.upload import positive_env
from .session import UPLOAD_FOLDER

ROOT_ENV = "PAIN_ATLAS_UPLOADS_DIR"
#: The marker files: the server process of a server folder, the session of a session folder.
OWNER, SESSION = ".owner", ".session"


def _seconds(name: str, default: float) -> float:
    value = positive_env(name)
    return default if value is None else value


#: How often ended sessions are looked for, and how long a session must have been gone.
SWEEP_SECONDS = _seconds("PAIN_ATLAS_UPLOAD_SWEEP_SECONDS", 60)
GRACE_SECONDS = _seconds("PAIN_ATLAS_UPLOAD_GRACE_SECONDS", 180)

_lock = threading.Lock()
_root: Path | None = None
_sweeper: threading.Thread | None = None
_last_alive: dict[str, float] = {}


def base_folder() -> Path:
    """The folder that holds every server's uploads for this user; only this user may enter it."""
    base = Path(os.environ.get(ROOT_ENV) or Path(tempfile.gettempdir()) / f"pain-atlas-uploads-{os.getuid()}")
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = base.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise RuntimeError(f"{base} is not a folder of this user; set {ROOT_ENV} to a private folder")
    return base


def uploads_root() -> Path:
    """This server process's folder, made (after removing those of servers that are gone) on first use."""
    global _root
    with _lock:
        if _root is None or not _root.is_dir():
            base = base_folder()
            sweep_servers(base)
            _root = Path(tempfile.mkdtemp(prefix=f"server-{os.getpid()}-", dir=base))
            (_root / OWNER).write_text(f"{os.getpid()} {_started(os.getpid())}\n", encoding="utf-8")
            atexit.register(_remove_root, _root)
        return _root


def session_folder(state: MutableMapping) -> Path:
    """This session's folder under :func:`uploads_root`, made on first use and marked with the
    session's id, so that the sweep can tell when the session has ended."""
    folder = state.get(UPLOAD_FOLDER)
    if not folder or not Path(folder).is_dir():
        folder = tempfile.mkdtemp(prefix="session-", dir=uploads_root())
        ctx = get_script_run_ctx(suppress_warning=True)
        (Path(folder) / SESSION).write_text(ctx.session_id if ctx else "", encoding="utf-8")
        state[UPLOAD_FOLDER] = folder
    return Path(folder)


def remove(folder) -> None:
    """Remove an upload or session folder that is no longer used; only ever one under :func:`uploads_root`."""
    if folder and Path(folder).resolve().is_relative_to(uploads_root().resolve()):
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- sweeping

def start() -> None:
    """Make this process's folder (removing those of servers that are gone) and start the sweep of
    ended sessions; does its work once per process. Without a Streamlit runtime there are no
    sessions to sweep."""
    global _sweeper
    uploads_root()
    with _lock:
        if _sweeper is None and runtime.exists():
            _sweeper = threading.Thread(target=_sweep_forever, name="pain-atlas-upload-sweep", daemon=True)
            _sweeper.start()


def _sweep_forever() -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        try:
            sweep_sessions(_session_alive)
        except Exception:  # pragma: no cover (a sweep must never stop the server; the next one retries)
            pass


def _session_alive(session_id: str) -> bool | None:
    """Whether the runtime knows this session as active; ``None`` when there is no runtime to ask."""
    if not runtime.exists():
        return None
    return bool(runtime.get_instance().is_active_session(session_id))


def sweep_sessions(alive: Callable[[str], bool | None], now: float | None = None) -> list[Path]:
    """Remove the session folders of this process whose session has not been active for
    :data:`GRACE_SECONDS`; returns them. A folder without a session id (made outside a session)
    is left alone."""
    now = time.time() if now is None else now
    removed = []
    root = uploads_root()
    for folder in sorted(root.glob("session-*")):
        try:
            session_id = (folder / SESSION).read_text(encoding="utf-8").strip()
        except OSError:
            continue
        state = alive(session_id) if session_id else None
        if state is None:
            continue
        key = str(folder)
        if state:
            _last_alive[key] = now
            continue
        last = _last_alive.setdefault(key, now)
        if now - last >= GRACE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
            _last_alive.pop(key, None)
            removed.append(folder)
    return removed


def sweep_servers(base: Path) -> list[Path]:
    """Remove the folders of server processes that are gone (killed before they could clean up)."""
    removed = []
    for folder in sorted(base.glob("server-*")):
        try:
            pid, started = (folder / OWNER).read_text(encoding="utf-8").split()
        except (OSError, ValueError):
            continue
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid), started):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _started(pid: int) -> str:
    """When a process started (clock ticks after boot, from ``/proc``), to tell a reused pid; "-"
    where ``/proc`` is not available."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return "-"


def _running(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return started == "-" or _started(pid) in (started, "-")


def _remove_root(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
