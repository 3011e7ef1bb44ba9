"""Uploads (issue 6): a safe unzip, the dataset template, and the downloadable problem report."""

from __future__ import annotations

import csv
import io
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders.cli import main
from builders.data.files import DEFAULT_DATA_DIR, over_limit
from builders.data.tables import TABLES
from builders.data.load import load_dataset
from builders.data.model import Problem
from builders.data.upload import Limits, dataset_template_zip, extract_zip, load_upload
from builders.data.problems import problems_csv
from support.datasets import write_tour
from support.hostile import SCRIPT, lie_about_size, make_zip, write_hostile, zip_folder

CSV_HEADERS = {name: ",".join([*required, *optional]) + "\n" for name, (required, optional, _) in TABLES.items()}


def errors(problems):
    return [p for p in problems if p.severity == "error"]


def refused(data: bytes, dest: Path, **limits) -> list[Problem]:
    """Extract an upload that must be refused; checks that nothing was left behind."""
    problems = extract_zip(data, dest, **limits)
    assert errors(problems), [p.format() for p in problems]
    assert not dest.exists() or list(dest.iterdir()) == []
    for problem in problems:
        assert problem.file and problem.field and problem.message and problem.row == 0
    return errors(problems)


# --------------------------------------------------------------------------- the template

def test_template_is_an_empty_valid_dataset(tmp_path):
    data = dataset_template_zip()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(names) == sorted(f"pain-atlas-dataset/{n}" for n in [*TABLES, "schema.yaml"])
    assert extract_zip(data, tmp_path / "d") == []
    assert (tmp_path / "d" / "nodes.csv").read_text() == CSV_HEADERS["nodes.csv"]
    assert (tmp_path / "d" / "schema.yaml").read_bytes() == (DEFAULT_DATA_DIR / "schema.yaml").read_bytes()
    result = load_dataset(tmp_path / "d")
    assert result.ok and result.problems == [] and result.dataset.nodes == {}


def test_template_is_the_same_bytes_every_time():
    assert dataset_template_zip() == dataset_template_zip()


def test_template_files_are_readable_once_unzipped():
    for info in zipfile.ZipFile(io.BytesIO(dataset_template_zip())).infolist():
        assert (info.external_attr >> 16) & 0o444 == 0o444


# --------------------------------------------------------------------------- good uploads

def test_good_zip_in_one_folder_with_tours_and_sources(make_dataset, tmp_path):
    folder = make_dataset()
    write_tour(folder, "intro", "title: Intro\nsteps:\n  - narration: Hello\n    focus: pump\n")
    data = zip_folder(folder, prefix="course-graph/")
    problems = extract_zip(data, tmp_path / "upload")
    assert problems == []
    assert sorted(p.relative_to(tmp_path / "upload").as_posix() for p in (tmp_path / "upload").rglob("*")
                  if p.is_file()) == ["citations.csv", "corrections.csv", "edges.csv", "nodes.csv", "schema.yaml",
                                      "sources.csv", "sources/doc.txt", "tours/intro.yaml"]
    result = load_dataset(tmp_path / "upload")
    assert result.ok and set(result.dataset.nodes) == {"pump", "morphine", "infection"}


def test_load_upload_of_a_good_zip(make_dataset, tmp_path):
    result = load_upload(zip_folder(make_dataset()), tmp_path / "upload")
    assert result.ok and result.problems == [] and result.data_dir == tmp_path / "upload"


def test_zip_without_schema_uses_the_bundled_one(make_dataset, tmp_path):
    folder = make_dataset()
    (folder / "schema.yaml").unlink()
    problems = extract_zip(zip_folder(folder), tmp_path / "upload")
    assert [p.format() for p in problems] == ["schema.yaml: file: warning: not in the zip; the bundled schema is used"]
    assert load_dataset(tmp_path / "upload").ok


def test_hostile_text_in_an_upload_is_valid_data(tmp_path):
    result = load_upload(zip_folder(write_hostile(tmp_path / "hostile")), tmp_path / "upload")
    assert result.ok and result.dataset.nodes["pump"].label == SCRIPT


def test_archiver_litter_is_skipped_without_a_word(make_dataset, tmp_path):
    entries = {f"data/{p.name}": p.read_bytes() for p in make_dataset().glob("*.*")}
    entries |= {"__MACOSX/data/._nodes.csv": b"\x00\x05junk", "data/.DS_Store": b"\x00", "data/": b""}
    assert extract_zip(make_zip(entries), tmp_path / "upload") == []
    assert not (tmp_path / "upload" / "__MACOSX").exists() and not (tmp_path / "upload" / ".DS_Store").exists()


def test_unknown_files_are_ignored_with_a_warning(tmp_path):
    entries = {name: header for name, header in CSV_HEADERS.items()}
    entries |= {"notes.txt": "hello", "Nodes.CSV": "x", "tours/readme.md": "x"}
    del entries["nodes.csv"]
    problems = extract_zip(make_zip(entries), tmp_path / "upload")
    assert errors(problems) == []
    messages = {p.file: p.message for p in problems}
    assert messages["notes.txt"].startswith("not part of a dataset, ignored; a dataset holds sources.csv")
    assert messages["Nodes.CSV"] == "not part of a dataset, ignored; did you mean nodes.csv? file names are lower-case"
    assert messages["tours/readme.md"] == "tours/ holds only .yaml or .yml files; ignored"
    assert not (tmp_path / "upload" / "notes.txt").exists()


# --------------------------------------------------------------------------- refusals

@pytest.mark.parametrize("name, message", [
    ("../evil.csv", "the path leads out of the dataset folder ('..'); refused"),
    ("data/../../evil.csv", "the path leads out of the dataset folder ('..'); refused"),
    ("..\\..\\evil.csv", "the path leads out of the dataset folder ('..'); refused"),
    ("/etc/cron.d/evil", "an absolute path; the files must sit at the top of the zip or in one folder; refused"),
    ("C:\\Windows\\evil.csv", "an absolute path; the files must sit at the top of the zip or in one folder; refused"),
    ("deep/er/nodes.csv", "files may sit only at the top of the zip, in tours/ or in sources/; refused"),
    ("tours/sub/a.yaml", "files may sit only at the top of the zip, in tours/ or in sources/; refused"),
])
def test_unsafe_paths_are_refused(name, message, tmp_path):
    entries = dict(CSV_HEADERS) | {name: "id\n"}
    [problem] = refused(make_zip(entries), tmp_path / "upload")
    assert (problem.file, problem.field, problem.message) == (name, "path", message)
    assert not (tmp_path / "evil.csv").exists()


def test_symlinks_are_refused(tmp_path):
    data = make_zip(dict(CSV_HEADERS) | {"sources/doc.txt": "/etc/passwd"}, symlinks=("sources/doc.txt",))
    [problem] = refused(data, tmp_path / "upload")
    assert problem.format() == "sources/doc.txt: path: a symbolic link; only plain files are accepted; refused"


def test_a_file_twice_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, as it should
        for name, text in CSV_HEADERS.items():
            archive.writestr(name, text)
        archive.writestr("nodes.csv", "id,label\n")
    [problem] = refused(buffer.getvalue(), tmp_path / "upload")
    assert problem.format() == "nodes.csv: path: the zip holds this file twice; refused"


def test_encrypted_entries_are_refused(tmp_path):
    data = bytearray(make_zip(CSV_HEADERS))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # general purpose flag, bit 0
        start = data.find(signature)
        while start >= 0:
            data[start + offset] |= 1
            start = data.find(signature, start + 4)
    found = refused(bytes(data), tmp_path / "upload")
    assert {p.message for p in found} == {"the file is encrypted; upload a zip without a password"}


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04" + b"\x00" * 40, b"\x1f\x8b\x08gzip"],
                         ids=["empty", "text", "truncated header", "gzip"])
def test_not_a_zip(data, tmp_path):
    [problem] = refused(data, tmp_path / "upload")
    assert problem.format() == "upload: file: this is not a zip file; upload a .zip of the dataset folder"


def test_truncated_zip(make_dataset, tmp_path):
    data = zip_folder(make_dataset())
    refused(data[: len(data) // 2], tmp_path / "upload")


def test_zip_of_something_else(tmp_path):
    [problem] = refused(make_zip({"holiday.txt": "sun"}), tmp_path / "upload")
    assert problem.message.startswith("the zip holds none of the dataset's files")


def test_upload_size_limit(tmp_path, monkeypatch):
    data = dataset_template_zip()
    [problem] = refused(data, tmp_path / "a", max_upload_bytes=100)
    assert problem.format() == f"upload: size: the upload is {over_limit(len(data), 100)}"
    assert over_limit(len(data), 100).endswith("KB; the limit is 100 bytes")
    monkeypatch.setenv("PAIN_ATLAS_MAX_UPLOAD_MB", "0.0001")
    [problem] = refused(data, tmp_path / "b")
    assert problem.message.endswith("the limit is 104 bytes")


def test_limits_default_to_25_mb_and_ignore_nonsense(monkeypatch):
    assert Limits.from_env().max_upload_bytes == 25 * 2**20
    for value in ("", "lots", "-3", "0", "nan"):
        monkeypatch.setenv("PAIN_ATLAS_MAX_UPLOAD_MB", value)
        assert Limits.from_env().max_upload_bytes == 25 * 2**20
    monkeypatch.setenv("PAIN_ATLAS_MAX_UPLOAD_FILES", "7")
    assert Limits.from_env().max_files == 7


def test_too_many_files(tmp_path):
    entries = dict(CSV_HEADERS) | {f"sources/{i}.txt": "x" for i in range(30)}
    [problem] = refused(make_zip(entries), tmp_path / "upload", max_files=20)
    assert problem.format() == "upload: files: the zip holds 35 entries; the limit is 20"


def test_zip_bomb_by_declared_size(tmp_path):
    data = make_zip(dict(CSV_HEADERS) | {"sources/zeros.txt": b"\x00" * (20 * 2**20)})
    assert len(data) < 100_000
    [problem] = refused(data, tmp_path / "upload", max_total_bytes=2**20)
    assert problem.format() == "upload: size: the files unpack to 20 MB; the limit is 1 MB"


def test_zip_bomb_that_lies_about_its_size(tmp_path):
    """Declared sizes pass the check; the bytes actually unpacked give it away."""
    data = lie_about_size(make_zip(dict(CSV_HEADERS) | {"sources/zeros.txt": b"\x00" * (50 * 2**20)}), 10)
    started = time.process_time()
    found = refused(data, tmp_path / "upload", max_total_bytes=2**20)
    assert time.process_time() - started < 5
    assert any("damaged" in p.message for p in found)


def test_nothing_is_ever_unpacked_into_graph_data():
    with pytest.raises(ValueError, match="bundled data folder"):
        extract_zip(dataset_template_zip(), DEFAULT_DATA_DIR / "uploaded")
    assert not (DEFAULT_DATA_DIR / "uploaded").exists()


def test_destination_must_be_fresh(tmp_path):
    (tmp_path / "old.csv").write_text("x")
    with pytest.raises(ValueError, match="not empty"):
        extract_zip(dataset_template_zip(), tmp_path)


def test_load_upload_of_a_bad_zip_reports_and_holds_nothing(tmp_path):
    result = load_upload(b"nope", tmp_path / "upload")
    assert not result.ok and result.data_dir is None
    assert result.dataset.nodes == {} and result.dataset.schema.node_kinds
    assert [p.file for p in result.problems] == ["upload"]


def test_load_upload_puts_the_zip_problems_first(make_dataset, tiny_rows, tmp_path):
    tiny_rows["nodes.csv"][0]["kind"] = "gadget"
    folder = make_dataset(tiny_rows)
    (folder / "notes.txt").write_text("x")
    result = load_upload(zip_folder(folder), tmp_path / "upload")
    assert not result.ok
    assert result.problems[0].file == "notes.txt" and any(p.field == "kind" for p in result.errors)


# --------------------------------------------------------------------------- the report

def test_problems_csv_is_a_safe_table():
    problems = [Problem("nodes.csv", 3, "=cmd|' /C calc'!A0", "unknown column, ignored", "warning"),
                Problem("upload", 0, "size", "-1 is not a size"),
                Problem("edges.csv", 2, "claim", f"a message with {SCRIPT}")]
    rows = list(csv.reader(io.StringIO(problems_csv(problems), newline="")))
    assert rows[0] == ["file", "row", "field", "severity", "message"]
    assert rows[1] == ["nodes.csv", "3", "'=cmd|' /C calc'!A0", "warning", "unknown column, ignored"]
    assert rows[2][4] == "'-1 is not a size" and rows[3][4].endswith(SCRIPT)
    assert problems_csv([]) == '"file","row","field","severity","message"\n'


def test_validate_format_csv(make_dataset, tiny_rows, capsys):
    tiny_rows["nodes.csv"][0]["kind"] = "=gadget"
    assert main(["validate", "--data", str(make_dataset(tiny_rows)), "--format", "csv"]) == 1
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert rows[0] == ["file", "row", "field", "severity", "message"]
    assert ["nodes.csv", "2", "kind", "error"] == rows[1][:4] and rows[1][4].startswith("unknown kind '=gadget'")
    assert main(["validate", "--data", str(make_dataset()), "--format", "csv"]) == 0
    assert capsys.readouterr().out == '"file","row","field","severity","message"\n'


# --------------------------------------------------------------------------- property-based

names = st.one_of(st.sampled_from([*TABLES, "schema.yaml", "tours/a.yaml", "sources/doc.txt", "../x", "/abs",
                                   "a/b/c", "a\\..\\b", "C:x", ".", "./nodes.csv", "x/", "__MACOSX/._a", "\u202e.csv"]),
                  st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.dictionaries(names, st.binary(max_size=200), max_size=8), prefix=st.sampled_from(["", "top/"]))
def test_any_zip_is_unpacked_inside_the_folder_or_refused(tmp_path_factory, entries, prefix):
    dest = tmp_path_factory.mktemp("z") / "upload"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names after a prefix
        data = make_zip({prefix + name: content for name, content in entries.items()})
    problems = extract_zip(data, dest)
    assert all(p.message for p in problems)
    if dest.exists():
        for path in dest.rglob("*"):
            assert path.resolve().is_relative_to(dest.resolve()) and not path.is_symlink()
            assert len(path.relative_to(dest).parts) <= 2
    if not errors(problems):
        load_dataset(dest)  # whatever was unpacked loads into problems, never an exception


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), flips=st.lists(st.integers(0, 10_000), max_size=6))
def test_random_or_damaged_bytes_never_raise(tmp_path_factory, data, flips):
    good = bytearray(dataset_template_zip())
    for flip in flips:
        good[flip % len(good)] ^= 0xFF
    for candidate in (data, bytes(good)):
        problems = extract_zip(candidate, tmp_path_factory.mktemp("r") / "upload")
        assert all(p.message for p in problems)


def test_bytes_are_counted_while_unpacking(tmp_path):
    """The declared-size check runs first; this drives the counter behind it on its own."""
    from builders.data.upload import _unpack
    archive = zipfile.ZipFile(io.BytesIO(make_zip({"sources/big.txt": b"x" * 20_000})))
    [problem] = _unpack(archive, {"sources/big.txt": archive.getinfo("sources/big.txt")}, tmp_path / "u",
                        Limits(max_total_bytes=1000))
    assert problem.format() == "upload: size: the files unpack to more than the limit of 1,000 bytes"


def test_an_uploads_own_source_texts_win(make_dataset, tmp_path, monkeypatch):
    monkeypatch.setenv("PAIN_ATLAS_SOURCES_DIR", str(tmp_path))  # holds no doc.txt
    result = load_upload(zip_folder(make_dataset()), tmp_path / "upload")
    assert result.ok, [p.format() for p in result.problems]


def test_validate_format_csv_includes_tour_problems(make_dataset, capsys):
    folder = make_dataset()
    write_tour(folder, "t", "title: T\nsteps:\n  - narration: N\n    focus: ghost\n")
    assert main(["validate", "--data", str(folder), "--format", "csv"]) == 1
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert rows[1:] == [["tours/t.yaml", "0", "step 1: focus", "error", "unknown node 'ghost'"]]
