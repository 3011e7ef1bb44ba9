"""The server makes no outside request when it starts (issue 16).

Streamlit's headless start used to ask checkip.amazonaws.com for the machine's external IP (and
print "Did not auto detect external IP" offline). The server is started here exactly as
``make run`` starts it (``streamlit run app.py`` in the project, reading
``.streamlit/config.toml``), with one change: a ``sitecustomize`` module records every name
lookup and every connection to an address that is not this machine. The test waits for the
server to say where it runs, then for its first page, and asserts that the record is empty.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from builders.data.files import PROJECT_ROOT
from builders.scale.browser import free_port

WATCH = textwrap.dedent('''
    import os, socket
    _log = os.environ["PAIN_ATLAS_NET_LOG"]
    _local = {None, "", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}

    def _record(what):
        with open(_log, "a") as handle:
            handle.write(what + "\\n")

    _getaddrinfo = socket.getaddrinfo
    def getaddrinfo(host, *args, **kwargs):
        if (host.decode() if isinstance(host, bytes) else host) not in _local:
            _record(f"lookup {host}")
        return _getaddrinfo(host, *args, **kwargs)
    socket.getaddrinfo = getaddrinfo

    _connect = socket.socket.connect
    def connect(self, address):
        if isinstance(address, tuple) and address[0] not in _local and not str(address[0]).startswith("127."):
            _record(f"connect {address}")
        return _connect(self, address)
    socket.socket.connect = connect
''')


def wait_for_line(process, words: str, deadline: float) -> list[str]:
    """The server's output up to the first line holding ``words``."""
    lines = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.decode(errors="replace").rstrip())
        if words in lines[-1]:
            return lines
    pytest.fail(f"the server never printed {words!r}:\n" + "\n".join(lines))


def test_the_server_makes_no_outside_request_at_start(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(WATCH, encoding="utf-8")
    log = tmp_path / "net.log"
    port = free_port()
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
               PAIN_ATLAS_NET_LOG=str(log), PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        lines = wait_for_line(process, "URL:", deadline)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=30) as response:
            assert response.status == 200
    finally:
        process.terminate()
        out = process.communicate(timeout=20)[0].decode(errors="replace")
    printed = "\n".join(lines) + out
    assert f"URL: http://localhost:{port}" in printed
    assert "External URL" not in printed and "Did not auto detect external IP" not in printed, printed
    assert not log.exists(), log.read_text()
