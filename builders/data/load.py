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

from .evidence import SnapshotTexts, check_citation, normalise_text
from .files import SCHEMA_FILE, DataFolder
from .model import RELIABILITIES, Citation, Correction, Dataset, Edge, Node, Problem, Source
from .problems import ProblemReport, sorted_problems
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
    """Every id declared so far, to report an id used twice, in one file or across files."""

    def __init__(self):
        self.seen: dict[str, tuple[str, int]] = {}

    def claim(self, value: str, file: str, row: int, problems: list[Problem]) -> bool:
        if not ID_PATTERN.match(value):
            problems.append(Problem(file, row, "id", f"{value!r} is not a valid id; use lower-case letters, "
                                    "digits, '-', '_' or '.', starting with a letter or digit"))
            return False
        if value in self.seen:
            other_file, other_row = self.seen[value]
            problems.append(Problem(file, row, "id", f"duplicate id {value!r}; first used at {other_file}:{other_row}"))
            return False
        self.seen[value] = (file, row)
        return True


def _check_id(value: str, file: str, row: int, problems: list[Problem]) -> bool:
    """Check an id given in uppercase or with a missing value (before the slug rule)."""
    if value.casefold() in MISSING_VALUE_WORDS:
        problems.append(Problem(file, row, "id", f"{value!r} looks like a missing value (as a spreadsheet writes "
                                "an empty cell), not an id"))
        return False
    if value != value.lower() and ID_PATTERN.match(value.lower()):
        problems.append(Problem(file, row, "id", f"{value!r} has capital letters; ids are lower-case so that "
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


def _declared(record: dict, file: str, ids: _Ids, problems: list[Problem]) -> bool:
    """Whether a row that declares an id has its required fields and a new, valid id."""
    return (_required_filled(record, file, problems) and _check_id(record["id"], file, record["row"], problems)
            and ids.claim(record["id"], file, record["row"], problems))


def validate_sources(frame, schema, texts, ids, problems) -> dict[str, Source]:
    sources = {}
    for r in rows(frame):
        if not _declared(r, "sources.csv", ids, problems):
            continue
        ok = True
        if r["type"] not in schema.source_types:
            problems.append(Problem("sources.csv", r["row"], "type",
                                    f"unknown type {r['type']!r}; one of: {', '.join(schema.source_types)}"))
            ok = False
        if r["reliability"] not in RELIABILITIES:
            problems.append(Problem("sources.csv", r["row"], "reliability",
                                    f"{r['reliability']!r} is not one of: {', '.join(RELIABILITIES)}"))
            ok = False
        if r.get("file"):
            if Path(r["file"]).name != r["file"]:
                problems.append(Problem("sources.csv", r["row"], "file", "give the file's name only, not a path"))
                ok = False
            elif texts.available and texts.lines(r["file"]) is None:
                problems.append(Problem("sources.csv", r["row"], "file", f"{r['file']!r} not found in {texts.folder}"))
        if ok:
            sources[r["id"]] = Source(id=r["id"], title=r["title"], type=r["type"], reliability=r["reliability"],
                                      rationale=r["rationale"], author=r.get("author", ""), year=r.get("year", ""),
                                      url=r.get("url", ""), file=r.get("file", ""), reference=r.get("reference", ""))
    return sources


def validate_nodes(frame, schema, ids, problems) -> tuple[dict[str, Node], dict[str, int]]:
    nodes, node_rows = {}, {}
    folded: dict[str, tuple[str, int]] = {}
    for r in rows(frame):
        if not _declared(r, "nodes.csv", ids, problems):
            continue
        if r["kind"] not in schema.node_kinds:
            problems.append(Problem("nodes.csv", r["row"], "kind",
                                    f"unknown kind {r['kind']!r}; one of: {', '.join(schema.node_kinds)}"))
            continue
        label_key = normalise_text(r["label"])  # so that "Café" and "Cafe\u0301" count as one label
        if label_key in folded:
            problems.append(Problem("nodes.csv", r["row"], "label", f"same label as node {folded[label_key][0]!r} "
                                    f"(row {folded[label_key][1]}); students could not tell them apart", "warning"))
        folded.setdefault(label_key, (r["id"], r["row"]))
        nodes[r["id"]] = Node(r["id"], r["label"], r["kind"], r["description"], split_list(r.get("aliases", "")))
        node_rows[r["id"]] = r["row"]
    return nodes, node_rows


def validate_edges(frame, schema, nodes, ids, problems) -> tuple[dict[str, Edge], dict[str, int]]:
    edges, edge_rows = {}, {}
    triples: dict[tuple[str, str, str], str] = {}
    for r in rows(frame):
        if not _declared(r, "edges.csv", ids, problems):
            continue
        ok = True
        for end in ("source", "target"):
            if r[end] not in nodes:
                problems.append(Problem("edges.csv", r["row"], end, f"unknown node {r[end]!r}"))
                ok = False
        relation = schema.relations.get(r["relation"])
        if relation is None:
            problems.append(Problem("edges.csv", r["row"], "relation",
                                    f"unknown relation {r['relation']!r}; one of: {', '.join(schema.relations)}"))
            ok = False
        if not ok:
            continue
        source_kind, target_kind = nodes[r["source"]].kind, nodes[r["target"]].kind
        if not relation.allows(source_kind, target_kind):
            problems.append(Problem("edges.csv", r["row"], "relation",
                                    f"{r['relation']!r} may not join a {source_kind} to a {target_kind}; it joins "
                                    f"{'/'.join(relation.source_kinds)} to {'/'.join(relation.target_kinds)}"))
            continue
        if r["source"] == r["target"]:
            problems.append(Problem("edges.csv", r["row"], "target", "the claim joins a node to itself", "warning"))
        triple = (r["source"], r["relation"], r["target"])
        if triple in triples:
            problems.append(Problem("edges.csv", r["row"], "id", f"parallel claim: {triples[triple]!r} joins the same "
                                    "nodes by the same relation", "warning"))
        triples.setdefault(triple, r["id"])
        edges[r["id"]] = Edge(r["id"], r["source"], r["relation"], r["target"], r["claim"], r.get("qualifier", ""))
        edge_rows[r["id"]] = r["row"]
    return edges, edge_rows


def validate_corrections(frame, nodes, edges, ids, problems) -> tuple[dict[str, Correction], dict[str, int]]:
    corrections, correction_rows = {}, {}
    for r in rows(frame):
        if not _declared(r, "corrections.csv", ids, problems):
            continue
        if r["target"] not in edges and r["target"] not in nodes:
            problems.append(Problem("corrections.csv", r["row"], "target", f"unknown claim or node {r['target']!r}"))
            continue
        corrections[r["id"]] = Correction(r["id"], r["target"], r["correction"])
        correction_rows[r["id"]] = r["row"]
    return corrections, correction_rows


def validate_citations(frame, sources, known_items, texts, problems) -> dict[str, list[Citation]]:
    citations: dict[str, list[Citation]] = defaultdict(list)
    for r in rows(frame):
        if not _required_filled(r, "citations.csv", problems):
            continue
        ok = True
        if r["what"] not in known_items:
            problems.append(Problem("citations.csv", r["row"], "what", f"unknown node, claim or correction {r['what']!r}"))
            ok = False
        source = sources.get(r["source"])
        if source is None:
            problems.append(Problem("citations.csv", r["row"], "source", f"unknown source {r['source']!r}"))
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
    problems: list[Problem] = []
    if not folder.root.is_dir():
        problems.append(Problem(str(folder.root), 0, "folder", "no such data folder"))
    texts = SnapshotTexts(folder.sources_dir)
    if folder.sources_dir is not None and not texts.available:
        problems.append(Problem("sources.csv", 0, "file", f"source text folder {folder.sources_dir} not found"))

    schema = load_schema(folder.root / SCHEMA_FILE, problems)
    frames = {name: read_table(folder.root / name, problems) for name in TABLES}
    ids = _Ids()
    sources = validate_sources(frames["sources.csv"], schema, texts, ids, problems)
    if any(s.is_document for s in sources.values()) and not texts.available:
        problems.append(Problem("sources.csv", 0, "file", "source texts not found, so locators and evidence terms "
                                "were not checked; point --sources-dir at them", "warning"))
    nodes, node_rows = validate_nodes(frames["nodes.csv"], schema, ids, problems)
    edges, edge_rows = validate_edges(frames["edges.csv"], schema, nodes, ids, problems)
    corrections, correction_rows = validate_corrections(frames["corrections.csv"], nodes, edges, ids, problems)
    citations = validate_citations(frames["citations.csv"], sources, set(nodes) | set(edges) | set(corrections),
                                   texts, problems)
    _check_cited(citations, {"nodes.csv": node_rows, "edges.csv": edge_rows}, problems)
    by_target = _standing_corrections(corrections, correction_rows, citations, sources, problems)
    dataset = Dataset(schema, sources, nodes, edges, citations, corrections, by_target)
    return LoadResult(dataset, sorted_problems(problems, [SCHEMA_FILE, *TABLES]), folder)


def _check_cited(citations: dict, item_rows: dict[str, dict[str, int]], problems: list[Problem]) -> None:
    """Every node and claim needs at least one valid citation."""
    for file, found in item_rows.items():
        for item, row in found.items():
            if not citations.get(item):
                problems.append(Problem(file, row, "id", f"{item!r} has no valid citation in citations.csv"))


def _standing_corrections(corrections, correction_rows, citations, sources, problems) -> dict[str, list[str]]:
    """Correction ids by the item they correct, for the corrections that cite what backs them."""
    by_target: dict[str, list[str]] = defaultdict(list)
    for correction in corrections.values():
        backing = citations.get(correction.id, [])
        if not backing:
            problems.append(Problem("corrections.csv", correction_rows[correction.id], "id",
                                    f"correction {correction.id!r} has no citation to a reference that backs it"))
            continue
        if all(sources[c.source].reliability == "low" for c in backing):
            problems.append(Problem("corrections.csv", correction_rows[correction.id], "id",
                                    "backed only by sources rated low; cite a vetted reference", "warning"))
        by_target[correction.target].append(correction.id)
    return dict(by_target)
