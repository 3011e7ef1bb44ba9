"""Odd paths on the command line (issue 16): unreadable files and folders, a folder where a file
belongs, dangling symbolic links and pipes (FIFOs) each get one line naming the path and what is
wrong with it, exit code 1 or 2, and never a traceback or a hang.

The tests run as root here, where ``chmod`` does not stop a read; the unreadable cases then run
the command as ``nobody`` (as another user would meet them), in a folder that ``nobody`` may
enter. The interpreter's own files may not be readable by ``nobody`` (a Python installed under
``/root``), so the child imports everything the command needs first, then gives up root. Every
command runs in a child process under the memory and time caps of :mod:`support.limits`, so a
read that blocks on a pipe fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

from support.datasets import write_dataset
from support.limits import run_capped

#: slow: every case is a capped child process of the CLI (about 2-4 s each); `make check` leaves them to `make test`.
pytestmark = pytest.mark.slow

TOUR = "title: A tour\nsteps:\n  - narration: Look.\n    focus: pump\n"
#: What the command imports, loaded before the child gives up root.
PRELOAD = ("import os, argparse, csv, json, encodings.utf_16, encodings.utf_16_le, encodings.utf_16_be, "
           "encodings.utf_8_sig, encodings.latin_1, encodings.unicode_escape, unicodedata, zipfile, xml.etree.ElementTree\n"
           "import builders.cli, builders.teach.handouts, builders.render.export, builders.scale.synth\n"
           "import builders.cli as c; c.build_parser()")


@pytest.fixture
def shared(tmp_path):
    """A folder every user may enter (pytest's own are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="pain-atlas-cli-paths-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


@pytest.fixture
def data(shared) -> Path:
    folder = write_dataset(shared / "data")
    (folder / "tours").mkdir()
    (folder / "tours" / "tour.yaml").write_text(TOUR, encoding="utf-8")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


def cli(*args: str, as_other_user: bool = False):
    """``pain-atlas ARGS`` in a capped child; as ``nobody`` when asked and when we are root."""
    code = f"from builders.cli import main; sys.exit(main({list(args)!r}))"
    if as_other_user and os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        code = (f"{PRELOAD}\nos.setgid({nobody.pw_gid}); os.setgroups([]); os.setuid({nobody.pw_uid})\n" + code)
    result = run_capped(code, seconds=20, env={"MPLCONFIGDIR": tempfile.gettempdir()})
    assert not result.timed_out, f"pain-atlas {' '.join(args)} hung:\n{result}"
    assert not result.traceback, f"pain-atlas {' '.join(args)} gave a traceback:\n{result}"
    assert result.code in (1, 2), result
    return result


def one_line_about(result, *words: str) -> str:
    lines = [line for line in (result.out + result.err).splitlines() if all(w in line for w in words)]
    assert len(lines) == 1, f"expected one line with {words}:\n{result}"
    return lines[0]


def unreadable(path: Path) -> None:
    path.chmod(0)


# --------------------------------------------------------------------------- unreadable

@pytest.mark.parametrize("name", ["nodes.csv", "schema.yaml", "tours/tour.yaml", "sources/doc.txt"])
def test_an_unreadable_file_is_one_line(data, name):
    unreadable(data / name)
    result = cli("validate", "--data", str(data), as_other_user=True)
    if name == "sources/doc.txt":  # the source text is named by sources.csv, which says it cannot be read
        one_line_about(result, "sources.csv:2:", "doc.txt", "cannot be read")
    else:
        one_line_about(result, name, "cannot be read (permission denied)")


@pytest.mark.parametrize("name", [".", "tours", "sources"])
def test_an_unreadable_folder_is_one_line(data, name):
    unreadable(data / name)
    result = cli("validate", "--data", str(data), as_other_user=True)
    if name == ".":
        line = one_line_about(result, str(data), "folder")
        assert line.endswith("the data folder cannot be read (permission denied)")
    elif name == "tours":
        one_line_about(result, "tours/", "cannot be read (permission denied)")
    else:
        one_line_about(result, "sources", "cannot be read (permission denied)")


def test_an_export_into_an_unwritable_folder_is_one_line(data, shared):
    out = shared / "locked"
    out.mkdir()
    out.chmod(0o555)
    result = cli("export", "--data", str(data), "--format", "json", "--out", str(out / "g.json"), as_other_user=True)
    assert one_line_about(result, "cannot write").startswith("pain-atlas: cannot write")


# --------------------------------------------------------------------------- the wrong kind of path

@pytest.mark.parametrize("name", ["nodes.csv", "schema.yaml", "tours/tour.yaml"])
def test_a_folder_where_a_file_belongs_is_one_line(data, name):
    (data / name).unlink()
    (data / name).mkdir()
    one_line_about(cli("validate", "--data", str(data)), name, "is a folder, not a file")


def test_a_file_given_as_the_data_folder_is_one_line(data):
    one_line_about(cli("validate", "--data", str(data / "nodes.csv")), "nodes.csv", "is not a folder")


@pytest.mark.parametrize("name", ["nodes.csv", "schema.yaml", "tours/tour.yaml"])
def test_a_dangling_symbolic_link_is_one_line(data, name):
    (data / name).unlink()
    (data / name).symlink_to(data / "nowhere.csv")
    one_line_about(cli("validate", "--data", str(data)), name, "dangling")


def test_a_dangling_symbolic_link_as_the_data_folder_is_one_line(data, shared):
    (shared / "link").symlink_to(shared / "nowhere")
    one_line_about(cli("validate", "--data", str(shared / "link")), "link", "dangling")


@pytest.mark.parametrize("name", ["nodes.csv", "schema.yaml", "tours/tour.yaml", "sources/doc.txt"])
def test_a_pipe_is_refused_not_read(data, name):
    (data / name).unlink()
    os.mkfifo(data / name)
    result = cli("validate", "--data", str(data))
    if name == "sources/doc.txt":
        one_line_about(result, "sources.csv:2:", "doc.txt", "not a regular file")
    else:
        one_line_about(result, name, "not a regular file")


def test_a_pipe_as_the_export_target_is_refused(data, shared):
    os.mkfifo(shared / "out.json")
    result = cli("export", "--data", str(data), "--format", "json", "--out", str(shared / "out.json"))
    one_line_about(result, "out.json", "not a regular file")


@pytest.mark.parametrize("fmt", ["json", "html", "png"])
def test_a_folder_as_the_export_target_is_one_line(data, shared, fmt):
    (shared / "out").mkdir()
    one_line_about(cli("export", "--data", str(data), "--format", fmt, "--out", str(shared / "out")), "out",
                   "cannot write")


def test_a_missing_folder_for_the_export_is_one_line(data, shared):
    one_line_about(cli("export", "--data", str(data), "--format", "json", "--out", str(shared / "no" / "g.json")),
                   "cannot write")
