"""Nothing an upload brings stays on the server (issue 16), in a real server and browser: the
upload folders before a session, during it, after it ends, and after the server stops.

The server sweeps ended sessions every second here, and removes a session's folder two seconds
after its session ended (``PAIN_ATLAS_UPLOAD_SWEEP_SECONDS``, ``PAIN_ATLAS_UPLOAD_GRACE_SECONDS``;
by default a minute and three, past Streamlit's two-minute reconnect window).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders.app.upload_folders import OWNER
from builders.scale.browser import streamlit_server
from support.browser import watch
from support.datasets import write_dataset
from support.hostile import zip_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def listing(base: Path) -> list[str]:
    """Every folder under ``base``, as paths relative to it with the random parts left out."""
    return sorted("/".join(part.split("-")[0] for part in p.relative_to(base).parts)
                  for p in base.rglob("*") if p.is_dir())


def wait_until(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what or condition}")
        time.sleep(0.2)


def test_upload_folders_before_during_and_after_a_session(chromium, tmp_path):
    base = tmp_path / "uploads"
    base.mkdir(mode=0o700)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = base / f"server-{gone.stdout.strip()}-killed"  # a server killed before it could clean up
    (stale / "session-a" / "upload-b").mkdir(parents=True)
    (stale / OWNER).write_text(f"{gone.stdout.strip()} 1\n")
    zip_path = tmp_path / "course.zip"
    zip_path.write_bytes(zip_folder(write_dataset(tmp_path / "course"), "course/"))
    env = {"PAIN_ATLAS_UPLOADS_DIR": str(base), "PAIN_ATLAS_UPLOAD_SWEEP_SECONDS": "1",
           "PAIN_ATLAS_UPLOAD_GRACE_SECONDS": "2"}
    before = listing(base)
    with streamlit_server(env=env) as url:
        page = chromium.new_page(viewport={"width": 1400, "height": 1100})
        log = watch(page)
        page.goto(url)  # opened at the root, then through the navigation bar (a first load at /data probes 404s)
        page.wait_for_selector(".pa-graph[data-drawn='1']", timeout=60_000)
        page.get_by_test_id("stTopNav").get_by_role("link", name="Your data", exact=True).click()
        page.get_by_role("heading", name="Your data").wait_for(timeout=60_000)
        wait_until(lambda: not stale.exists(), what="the killed server's folder to go")
        at_start = listing(base)
        page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(zip_path))
        page.get_by_text("course.zip is now this session's dataset: 3 nodes, 2 claims").wait_for(timeout=60_000)
        during = listing(base)
        [data] = [p for p in base.rglob("nodes.csv")]
        page.close()
        wait_until(lambda: not list(base.glob("server-*/session-*")), what="the ended session's folder to go")
        after_session = listing(base)
    after_server = listing(base)
    assert before == ["server", "server/session", "server/session/upload"]  # the killed server's
    assert at_start == ["server"]
    assert during == ["server", "server/session", "server/session/upload", "server/session/upload/sources"]
    assert data.parent.name.startswith("upload-")
    assert after_session == ["server"]
    assert after_server == []
    assert log.blocked == [] and log.console_errors == []
