"""The ``pain-atlas`` command line.

Exit codes: 0 success, 1 the data has problems (each printed as ``file:row: field: message``),
2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import export as export_module
from .graph import build_graph, counts
from .load import LoadResult, load_dataset


def _data_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help="data folder (default: the bundled graph_data/)")
    parser.add_argument("--sources-dir", type=Path, default=None, metavar="DIR",
                        help="folder with the source documents' text, to check locators and terms "
                             "(default: $PAIN_ATLAS_SOURCES_DIR, DIR/sources, or ../shared/seeds)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pain-atlas", description="Pain Atlas: a cited knowledge graph of "
                                     "pain-management options (educational, not medical advice).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the data and list every problem")
    _data_args(validate)
    validate.add_argument("--warnings", action="store_true", help="also list warnings")

    stats = commands.add_parser("stats", help="counts by kind, relation, source and status")
    _data_args(stats)

    export = commands.add_parser("export", help="export the graph")
    _data_args(export)
    export.add_argument("--format", required=True, choices=export_module.FORMATS)
    export.add_argument("--out", required=True, type=Path, metavar="PATH",
                        help="output file (for csv: a folder that receives nodes.csv and claims.csv)")
    return parser


def _load(args) -> LoadResult:
    return load_dataset(args.data, args.sources_dir)


def _print_problems(result: LoadResult, show_warnings: bool) -> None:
    shown = result.problems if show_warnings else result.errors
    for problem in shown:
        print(problem.format())
    summary = f"{len(result.errors)} problem(s), {len(result.warnings)} warning(s) in {result.data_dir}"
    print(summary, file=sys.stderr)


def cmd_validate(args) -> int:
    result = _load(args)
    _print_problems(result, args.warnings)
    if result.ok:
        d = result.dataset
        print(f"ok: {len(d.nodes)} nodes, {len(d.edges)} claims, {len(d.sources)} sources, "
              f"{sum(map(len, d.citations.values()))} citations, {len(d.corrections)} corrections")
    return 0 if result.ok else 1


def cmd_stats(args) -> int:
    result = _load(args)
    if not result.ok:
        _print_problems(result, False)
    G = build_graph(result.dataset)
    print(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} claims")
    for title, counter in counts(G).items():
        print(f"\n{title}:")
        for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {key:<32} {value:>6}")
    return 0 if result.ok else 1


def cmd_export(args) -> int:
    result = _load(args)
    if not result.ok:
        _print_problems(result, False)
        print("export refused: fix the problems above first", file=sys.stderr)
        return 1
    G = build_graph(result.dataset)
    try:
        written = export_module.export(G, args.format, args.out)
    except OSError as exc:
        print(f"pain-atlas: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


COMMANDS = {"validate": cmd_validate, "stats": cmd_stats, "export": cmd_export}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
