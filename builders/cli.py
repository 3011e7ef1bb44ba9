"""The ``pain-atlas`` command line.

Exit codes: 0 success, 1 the data has problems (each printed as ``file:row: field: message``),
2 a usage error.
"""

from __future__ import annotations

import argparse
import stat
import sys
from pathlib import Path

from .data.files import DataFolder
from .data.load import LoadResult, load_folder
from .data.model import counts_text
from .data.problems import errors_in, problems_csv
from .graph.build import build_graph
from .graph.queries import counts
from .graph.views import DEFAULT_NODE_BUDGET, ViewSpec
from .render import export as export_module
from .teach.tour_files import TourSet, validate_tours

#: Formats that draw a view or a tour (builders.teach.handouts.export_view); the others are data exports.
VIEW_FORMATS = ("html", "png", "svg")


def data_args(parser: argparse.ArgumentParser, data_help: str = "data folder (default: the bundled graph_data/)") -> None:
    """``--data`` and ``--sources-dir``, for every command that reads a data folder."""
    parser.add_argument("--data", type=Path, default=None, metavar="DIR", help=data_help)
    parser.add_argument("--sources-dir", type=Path, default=None, metavar="DIR",
                        help="folder with the source documents' text, to check locators and terms "
                             "(default: $PAIN_ATLAS_SOURCES_DIR, DIR/sources, or ../shared/seeds)")


def _synth_args(commands) -> None:
    synth = commands.add_parser("synth", help="write a synthetic dataset (for tests and benchmarks)")
    synth.add_argument("--nodes", required=True, type=int, metavar="N", help="number of nodes (about 3 claims each)")
    synth.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0); same seed, same files")
    synth.add_argument("--out", required=True, type=Path, metavar="DIR", help="the data folder to write")
    synth.add_argument("--force", action="store_true", help="write into a folder that is not empty")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pain-atlas", description="Pain Atlas: a cited knowledge graph of "
                                     "pain-management options (educational, not medical advice).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the data and list every problem")
    data_args(validate)
    validate.add_argument("--warnings", action="store_true", help="also list warnings")
    validate.add_argument("--format", choices=("text", "csv"), default="text",
                          help="text: one line per problem (default); csv: a table file,row,field,severity,message "
                               "for a spreadsheet, formula-like cells neutralised")

    stats = commands.add_parser("stats", help="counts by kind, relation, source and status")
    data_args(stats)

    export = commands.add_parser("export", help="export the graph")
    data_args(export)
    export.add_argument("--format", required=True, choices=export_module.FORMATS + VIEW_FORMATS)
    export.add_argument("--out", required=True, type=Path, metavar="PATH",
                        help="output file (for csv and neo4j: a folder that receives the CSV files; "
                             "for png/svg of a tour: one file per step, PATH-01.png, PATH-02.png, ...)")
    view = export.add_argument_group("views and tours (html, png, svg)")
    view.add_argument("--focus", metavar="ID", help="a node id: show its neighbourhood")
    view.add_argument("--depth", type=int, default=1, choices=(1, 2, 3), help="neighbourhood depth (default 1)")
    view.add_argument("--tour", metavar="NAME", help="a tour in DIR/tours/ (see `pain-atlas tours`)")
    view.add_argument("--max-nodes", type=int, default=DEFAULT_NODE_BUDGET, metavar="N",
                      help=f"most nodes to draw (default {DEFAULT_NODE_BUDGET})")

    tours = commands.add_parser("tours", help="list the guided tours of a data folder")
    data_args(tours)
    _quiz_args(commands)
    _synth_args(commands)
    _bench_args(commands)
    from .scale.legibility import add_arguments  # light: it imports Playwright when it runs
    add_arguments(commands.add_parser("legibility", help="measure how legible every drawn view is, in Chromium, "
                                      "at 1440x900 and 1024x768"))
    return parser


def _quiz_args(commands) -> None:
    from .teach.quiz_export import DEFAULT_COUNT, FORMATS as QUIZ_FORMATS, KINDS
    quiz = commands.add_parser("quiz", help="write a quiz for a learning platform (GIFT, Moodle XML, JSON) or "
                                            "as a printable handout (HTML)")
    data_args(quiz)
    quiz.add_argument("--format", required=True, choices=QUIZ_FORMATS,
                      help="gift and moodle-xml import into Moodle; json is the documented format; "
                           "html a handout with the answer key on its own page")
    quiz.add_argument("--count", type=int, default=DEFAULT_COUNT, metavar="N",
                      help=f"most questions (default {DEFAULT_COUNT})")
    quiz.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0); same seed, same file")
    quiz.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS), metavar="KIND",
                      help="kinds of question: choice (multiple choice), dubious (spot the dubious claim); "
                           "default: both")
    quiz.add_argument("--out", required=True, type=Path, metavar="PATH", help="the file to write")


def _bench_args(commands) -> None:
    from .scale.bench import add_arguments  # light: bench imports its heavy parts when it runs
    bench = commands.add_parser("bench", help="measure speed and memory at scale, side by side with pyvis")
    add_arguments(bench)
    data_args(bench, "measure this data folder instead of synthetic ones: load and validate, graph, layout, "
                     "views and a Streamlit rerun (--quick: one repetition each)")


def _folder(args) -> DataFolder:
    """The command's data folder, built once from ``--data`` and ``--sources-dir``."""
    return DataFolder.of(args.data, getattr(args, "sources_dir", None))


def _load(args, show_errors: bool = True) -> LoadResult:
    """The command's data, loaded and validated; its errors printed unless ``show_errors`` is off."""
    result = load_folder(_folder(args))
    if args.data is not None and not args.data.is_dir():
        # One line says it: the missing files that follow from it would only bury it.
        result.problems = [p for p in result.problems if p.field == "folder"]
    if show_errors and not result.ok:
        _print_problems(result, False)
    return result


def _usage(message: str) -> int:
    """A usage error: one line on stderr, exit code 2."""
    print(f"pain-atlas: {message}", file=sys.stderr)
    return 2


def _failed(message: str) -> int:
    """A command that could not do its work: one line on stderr, exit code 1."""
    print(f"pain-atlas: {message}", file=sys.stderr)
    return 1


def _refused(result: LoadResult, command: str) -> int:
    """1 when the data has errors (printed by :func:`_load`), so that the command cannot run on it; else 0."""
    if not result.ok:
        print(f"{command} refused: fix the problems above first", file=sys.stderr)
    return int(not result.ok)


def _print_problems(result: LoadResult, show_warnings: bool) -> None:
    shown = result.problems if show_warnings else result.errors
    for problem in shown:
        print(problem.format())
    summary = f"{len(result.errors)} problem(s), {len(result.warnings)} warning(s) in {result.data_dir}"
    print(summary, file=sys.stderr)


def cmd_validate(args) -> int:
    result = _load(args, show_errors=False)
    if args.format == "csv":
        return _validate_csv(args, result)
    _print_problems(result, args.warnings)
    # load_dataset reads the CSV files only; the tours in DIR/tours/ are checked here.
    tours = _tours(result)
    for problem in tours.problems if args.warnings else tours.errors:
        print(problem.format())
    if tours.problems:
        print(f"{len(tours.errors)} tour problem(s), {len(tours.problems) - len(tours.errors)} tour warning(s)",
              file=sys.stderr)
    ok = result.ok and not tours.errors
    if ok:
        print(f"ok: {counts_text(dict(result.dataset.counts(), tours=len(tours.tours)))}")
    return 0 if ok else 1


def _validate_csv(args, result: LoadResult) -> int:
    """``validate --format csv``: the problems, tours' included, as one CSV table on stdout."""
    tours = _tours(result)
    problems = result.problems + tours.problems
    sys.stdout.write(problems_csv(problems if args.warnings else errors_in(problems)))
    return 0 if result.ok and not tours.errors else 1


def cmd_stats(args) -> int:
    result = _load(args)
    G = build_graph(result.dataset)
    print(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} claims")
    for title, counter in counts(G).items():
        print(f"\n{title}:")
        for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {key:<32} {value:>6}")
    return 0 if result.ok else 1


def _tours(result: LoadResult) -> TourSet:
    """The tours of the data folder, checked against its data (tours are not part of load_folder)."""
    folder = result.folder
    # Checking what each step shows needs the graph; skip building it when there are no tours.
    graph = build_graph(result.dataset) if folder.tour_files() else None
    return validate_tours(folder, result.dataset, graph)


def cmd_tours(args) -> int:
    result = _load(args)
    found = _tours(result)
    for problem in found.problems:
        print(problem.format(), file=sys.stderr)
    if not found.tours:
        print(f"no valid tours in {result.folder.tours_dir}", file=sys.stderr)
    for tour in found.tours.values():
        print(f"{tour.name:<28} {len(tour.steps):>2} steps  {tour.title}")
    return 0 if result.ok and not found.errors else 1


def _export_view(args, result: LoadResult) -> int:
    """html, png and svg: a view (whole graph, or --focus/--depth) or a tour."""
    G = build_graph(result.dataset)
    if args.focus is not None and args.focus not in G:
        return _usage(f"--focus: unknown node {args.focus!r}")
    if args.max_nodes < 1:
        return _usage("--max-nodes: give a positive number")
    tour = None
    if args.tour is not None:
        found = _tours(result)
        tour = found.tours.get(args.tour)
        if tour is None:
            for problem in found.problems:
                print(problem.format(), file=sys.stderr)
            known = ", ".join(found.tours) or "none"
            print(f"pain-atlas: --tour: no valid tour {args.tour!r}; the tours are: {known}", file=sys.stderr)
            return 2
    # matplotlib loads only for the commands that draw.
    from .teach.handouts import export_view
    spec = ViewSpec(focus=args.focus, depth=args.depth, max_nodes=args.max_nodes)
    return _write(args.out, lambda: export_view(G, args.format, args.out, spec, tour))


def _write(out: Path, write) -> int:
    """Run an export that returns the files it wrote; an OS error is a message, not a traceback.

    A pipe, socket or device is refused before anything is written: writing to a pipe would wait
    for a reader forever.
    """
    try:
        mode = out.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return _failed(f"cannot write {out}: it is not a regular file (a pipe, socket or device)")
    try:
        written = write()
    except OSError as exc:
        return _failed(f"cannot write {out}: {exc.strerror or exc}")
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_export(args) -> int:
    if args.format not in VIEW_FORMATS and (args.focus or args.tour):
        return _usage("--focus and --tour apply to the html, png and svg formats")
    result = _load(args)
    return _refused(result, "export") or _export(args, result)


def _export(args, result: LoadResult) -> int:
    if args.format in VIEW_FORMATS:
        return _export_view(args, result)
    G = build_graph(result.dataset)
    return _write(args.out, lambda: export_module.export(G, args.format, args.out))


def cmd_quiz(args) -> int:
    from .teach.quiz_export import quiz_deck, write_quiz
    if args.count < 1:
        return _usage("quiz: --count: give a positive number of questions")
    result = _load(args)
    if _refused(result, "quiz"):
        return 1
    G = build_graph(result.dataset)
    if not quiz_deck(G, args.seed, args.count, args.kinds):
        return _failed("quiz: this data has too few claims of the right kind to make a question")
    return _write(args.out, lambda: write_quiz(G, args.format, args.out, args.seed, args.count, args.kinds))


def cmd_synth(args) -> int:
    from .scale.synth import synthesize  # imported here: only this command needs it
    try:
        stats = synthesize(args.nodes, args.out, seed=args.seed, overwrite=args.force)
    except ValueError as exc:
        return _usage(f"synth: {exc}")
    except FileExistsError as exc:
        return _failed(f"synth: {exc}; pass --force to write into it anyway")
    except OSError as exc:
        return _failed(f"cannot write {args.out}: {exc.strerror or exc}")
    print(f"wrote {stats.nodes} nodes, {stats.claims} claims, {stats.citations} citations, "
          f"{stats.corrections} corrections, {stats.sources} sources to {stats.out_dir}")
    return 0


def cmd_bench(args) -> int:
    from .scale.bench import bench_folder, command
    if args.sessions and not args.interaction:
        return _usage("bench: --sessions goes with --interaction")
    if args.data is None:
        return command(args)
    if args.sizes:
        return _usage("bench: give --data or --sizes, not both")
    result = _load(args)
    if not result.dataset.nodes and result.ok:
        return _failed(f"bench: {args.data} has no nodes; there is nothing to measure")
    if args.interaction:
        return _refused(result, "bench") or command(args)
    return _refused(result, "bench") or bench_folder(args.data, result.dataset, args.quick, args.json)


def cmd_legibility(args) -> int:
    from .scale.legibility import command
    return command(args)


COMMANDS = {"validate": cmd_validate, "stats": cmd_stats, "export": cmd_export, "tours": cmd_tours,
            "quiz": cmd_quiz, "synth": cmd_synth, "bench": cmd_bench, "legibility": cmd_legibility}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except OSError as exc:  # a path that changed under us: still one line, never a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        return _failed(f"{where}{exc.strerror or exc}")
