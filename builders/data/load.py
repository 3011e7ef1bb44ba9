"""Load a data folder and validate it, reporting every problem with file, row and field.

Loading never writes to the data files and never raises for bad data: each problem becomes a
:class:`~builders.data.model.Problem`, and the rows that fail are left out of the dataset, so that
a partly broken folder still gives a consistent (smaller) graph.

Examples
--------
>>> result = load_dataset()            # the bundled graph_data/
>>> result.ok
True
>>> "intrathecal-pump" in result.dataset.nodes
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .characters import visible
from .evidence import SnapshotTexts, check_citation, normalise_text
from .files import FOLDER, MISSING, SCHEMA_FILE, DataFolder, path_problem
from .model import RELIABILITIES, Citation, Correction, Dataset, Edge, Node, Problem, Source
from .problems import Problems, ProblemReport, choices, quote, sorted_problems
from .schema import load_schema
from .tables import ID_PATTERN, MISSING_VALUE_WORDS, TABLES, read_table, rows, split_list


@dataclass
class LoadResult(ProblemReport):
    """A dataset and every problem found while loading it; ``folder`` is ``None`` for a refused upload."""

    dataset: Dataset
    problems: list[Problem] = field(default_factory=list)
    folder: DataFolder | None = None

    @property
    def data_dir(self) -> Path | None:
        return self.folder.root if self.folder else None


# --------------------------------------------------------------------------- validation

class _Ids:
    """Every id declared so far and where (file, row): to report an id used twice, in one file or
    across files, and to name the row of a node, claim or correction in later checks."""

    def __init__(self):
        self.seen: dict[str, tuple[str, int]] = {}

    def claim(self, value: str, file: str, row: int, problems: list[Problem]) -> bool:
        if not ID_PATTERN.match(value):
            problems.append(Problem(file, row, "id", f"{quote(value)} is not a valid id; use lower-case letters, "
                                    "digits, '-', '_' or '.', starting with a letter or digit"))
            return False
        if value in self.seen:
            other_file, other_row = self.seen[value]
            problems.append(Problem(file, row, "id", f"duplicate id {quote(value)}; first used at {other_file}:{other_row}"))
            return False
        self.seen[value] = (file, row)
        return True


def _check_id(value: str, file: str, row: int, problems: list[Problem]) -> bool:
    """Check an id given in uppercase or with a missing value (before the slug rule)."""
    if value.casefold() in MISSING_VALUE_WORDS:
        problems.append(Problem(file, row, "id", f"{quote(value)} looks like a missing value (as a spreadsheet writes "
                                "an empty cell), not an id"))
        return False
    if value != value.lower() and ID_PATTERN.match(value.lower()):
        problems.append(Problem(file, row, "id", f"{quote(value)} has capital letters; ids are lower-case so that "
                                "ids differing only in case cannot be confused"))
        return False
    return True


def _required_filled(record: dict, file: str, problems: list[Problem]) -> bool:
    ok = True
    for column in TABLES[file][2]:
        if not record.get(column):
            problems.append(Problem(file, record["row"], column, "required field is empty"))
            ok = False
    return ok


def _declared_rows(frame, file: str, ids: _Ids, problems: list[Problem]):
    """The rows of a file that declares ids whose required fields are filled and whose id is new and valid."""
    for r in rows(frame):
        if (_required_filled(r, file, problems) and _check_id(r["id"], file, r["row"], problems)
                and ids.claim(r["id"], file, r["row"], problems)):
            yield r


def _collect(frame, file: str, ids: _Ids, problems: list[Problem], make) -> dict:
    """``{id: item}`` for the rows that declare a new, valid id and that ``make(row, report)``
    turns into an item (``None``: the row has an error, reported with ``report(field, message)``)."""
    found = {}
    for r in _declared_rows(frame, file, ids, problems):
        def report(field_name: str, message: str, severity: str = "error", row: int = r["row"]) -> None:
            problems.append(Problem(file, row, field_name, message, severity))

        item = make(r, report)
        if item is not None:
            found[r["id"]] = item
    return found


def validate_sources(frame, schema, texts, ids, problems) -> dict[str, Source]:
    types = _one_of(schema.source_types)
    return _collect(frame, "sources.csv", ids, problems, lambda r, report: _source(r, schema, texts, types, report))


def _source(r: dict, schema, texts, types: str, report) -> Source | None:
    ok = True
    if r["type"] not in schema.source_types:
        report("type", f"unknown type {quote(r['type'])}; {types}")
        ok = False
    if r["reliability"] not in RELIABILITIES:
        report("reliability", f"{quote(r['reliability'])} is not one of: {', '.join(RELIABILITIES)}")
        ok = False
    if r.get("file"):
        if Path(r["file"]).name != r["file"]:
            report("file", "give the file's name only, not a path")
            ok = False
        elif texts.available and texts.lines(r["file"]) is None:
            report("file", f"{quote(r['file'])} {texts.why_not(r['file'])}")
    if not ok:
        return None
    return Source(id=r["id"], title=r["title"], type=r["type"], reliability=r["reliability"],
                  rationale=r["rationale"], author=r.get("author", ""), year=r.get("year", ""),
                  url=r.get("url", ""), file=r.get("file", ""), reference=r.get("reference", ""))


def validate_nodes(frame, schema, ids, problems) -> dict[str, Node]:
    labels: dict[str, tuple[str, int]] = {}  # normalised label -> the first node with it, and its row
    kinds = _one_of(schema.node_kinds)
    return _collect(frame, "nodes.csv", ids, problems, lambda r, report: _node(r, schema, labels, kinds, report))


def _one_of(names) -> str:
    """"one of: a, b, c" for a message (made once per file: a bad file repeats it on every row)."""
    return f"one of: {choices(names)}" if names else "schema.yaml declares none"


def _node(r: dict, schema, labels: dict, kinds: str, report) -> Node | None:
    if r["kind"] not in schema.node_kinds:
        report("kind", f"unknown kind {quote(r['kind'])}; {kinds}")
        return None
    # So that "Café" and "Cafe\u0301", or "Morphine" and "Mor\u200bphine", count as one label.
    label_key = normalise_text(visible(r["label"]))
    if label_key in labels:
        report("label", f"same label as node {quote(labels[label_key][0])} (row {labels[label_key][1]}); "
               "students could not tell them apart", "warning")
    labels.setdefault(label_key, (r["id"], r["row"]))
    return Node(r["id"], r["label"], r["kind"], r["description"], split_list(r.get("aliases", "")))


def validate_edges(frame, schema, nodes, ids, problems) -> dict[str, Edge]:
    triples: dict[tuple[str, str, str], str] = {}  # (source, relation, target) -> the first claim
    relations = _one_of(schema.relations)
    return _collect(frame, "edges.csv", ids, problems,
                    lambda r, report: _edge(r, schema, nodes, triples, relations, report))


def _edge(r: dict, schema, nodes: dict[str, Node], triples: dict, relations: str, report) -> Edge | None:
    known = [end for end in ("source", "target") if r[end] in nodes]
    for end in ("source", "target"):
        if end not in known:
            report(end, f"unknown node {quote(r[end])}")
    relation = schema.relations.get(r["relation"])
    if relation is None:
        report("relation", f"unknown relation {quote(r['relation'])}; {relations}")
    if relation is None or len(known) < 2:
        return None
    source_kind, target_kind = nodes[r["source"]].kind, nodes[r["target"]].kind
    if not relation.allows(source_kind, target_kind):
        report("relation", f"{quote(r['relation'])} may not join a {source_kind} to a {target_kind}; it joins "
               f"{choices(relation.source_kinds, sep='/')} to {choices(relation.target_kinds, sep='/')}")
        return None
    if r["source"] == r["target"]:
        report("target", "the claim joins a node to itself", "warning")
    triple = (r["source"], r["relation"], r["target"])
    if triple in triples:
        report("id", f"parallel claim: {quote(triples[triple])} joins the same nodes by the same relation", "warning")
    triples.setdefault(triple, r["id"])
    return Edge(r["id"], r["source"], r["relation"], r["target"], r["claim"], r.get("qualifier", ""))


def validate_corrections(frame, nodes, edges, ids, problems) -> dict[str, Correction]:
    return _collect(frame, "corrections.csv", ids, problems, lambda r, report: _correction(r, nodes, edges, report))


def _correction(r: dict, nodes, edges, report) -> Correction | None:
    if r["target"] not in edges and r["target"] not in nodes:
        report("target", f"unknown claim or node {quote(r['target'])}")
        return None
    return Correction(r["id"], r["target"], r["correction"])


def validate_citations(frame, sources, known_items, texts, problems) -> dict[str, list[Citation]]:
    citations: dict[str, list[Citation]] = defaultdict(list)
    for r in rows(frame):
        if not _required_filled(r, "citations.csv", problems):
            continue
        ok = True
        if r["what"] not in known_items:
            problems.append(Problem("citations.csv", r["row"], "what", f"unknown node, claim or correction {quote(r['what'])}"))
            ok = False
        source = sources.get(r["source"])
        if source is None:
            problems.append(Problem("citations.csv", r["row"], "source", f"unknown source {quote(r['source'])}"))
            ok = False
        if not ok:
            continue
        citation = Citation(r["what"], r["source"], r["locator"], split_list(r["terms"]))
        found = check_citation(citation, source, texts)
        for field_name, message in found:
            problems.append(Problem("citations.csv", r["row"], field_name, message))
        if not found:
            citations[r["what"]].append(citation)
    return dict(citations)


def load_dataset(data_dir: Path | str | None = None, sources_dir: Path | str | None = None) -> LoadResult:
    """Load and validate a data folder: :func:`load_folder` of ``DataFolder.of(data_dir, sources_dir)``.

    Parameters
    ----------
    data_dir : path, optional
        The folder with ``schema.yaml`` and the CSV files; the bundled ``graph_data/`` by default.
    sources_dir : path, optional
        The folder with the source documents' text, to check locators and evidence terms; see
        :func:`builders.data.files.default_sources_dir`.
    """
    return load_folder(DataFolder.of(data_dir, sources_dir))


def load_folder(folder: DataFolder) -> LoadResult:
    """Load and validate a data folder.

    Returns
    -------
    LoadResult
        The valid part of the data as a :class:`~builders.data.model.Dataset`, and every problem.
    """
    problems = Problems()
    unreadable = path_problem(folder.root, FOLDER)
    if unreadable is not None:
        problems.append(Problem(str(folder.root), 0, "folder",
                                "no such data folder" if unreadable == MISSING else f"the data folder {unreadable}"))
    texts = SnapshotTexts(folder.sources_dir)
    if folder.sources_dir is not None and not texts.available:
        why = path_problem(folder.sources_dir, FOLDER)
        problems.append(Problem("sources.csv", 0, "file", f"source text folder {folder.sources_dir} "
                                + ("not found" if why in (None, MISSING) else why)))

    schema = load_schema(folder.root / SCHEMA_FILE, problems)
    frames = {name: read_table(folder.root / name, problems) for name in TABLES}
    ids = _Ids()
    sources = validate_sources(frames["sources.csv"], schema, texts, ids, problems)
    if any(s.is_document for s in sources.values()) and not texts.available:
        problems.append(Problem("sources.csv", 0, "file", "source texts not found, so locators and evidence terms "
                                "were not checked; point --sources-dir at them", "warning"))
    nodes = validate_nodes(frames["nodes.csv"], schema, ids, problems)
    edges = validate_edges(frames["edges.csv"], schema, nodes, ids, problems)
    corrections = validate_corrections(frames["corrections.csv"], nodes, edges, ids, problems)
    citations = validate_citations(frames["citations.csv"], sources, set(nodes) | set(edges) | set(corrections),
                                   texts, problems)
    _check_cited(citations, [*nodes, *edges], ids, problems)
    by_target = _standing_corrections(corrections, citations, sources, ids, problems)
    dataset = Dataset(schema, sources, nodes, edges, citations, corrections, by_target)
    return LoadResult(dataset, sorted_problems(problems, [SCHEMA_FILE, *TABLES]), folder)


def _check_cited(citations: dict, items: list[str], ids: _Ids, problems: list[Problem]) -> None:
    """Every node and claim needs at least one valid citation."""
    for item in items:
        if not citations.get(item):
            problems.append(Problem(*ids.seen[item], "id", f"{quote(item)} has no valid citation in citations.csv"))


def _standing_corrections(corrections, citations, sources, ids: _Ids, problems) -> dict[str, list[str]]:
    """Correction ids by the item they correct, for the corrections that cite what backs them."""
    by_target: dict[str, list[str]] = defaultdict(list)
    for correction in corrections.values():
        backing = citations.get(correction.id, [])
        if not backing:
            problems.append(Problem(*ids.seen[correction.id], "id",
                                    f"correction {quote(correction.id)} has no citation to a reference that backs it"))
            continue
        if all(sources[c.source].reliability == "low" for c in backing):
            problems.append(Problem(*ids.seen[correction.id], "id",
                                    "backed only by sources rated low; cite a vetted reference", "warning"))
        by_target[correction.target].append(correction.id)
    return dict(by_target)
