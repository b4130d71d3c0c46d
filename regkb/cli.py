"""The ``regkb`` command: validate, ingest, decide, diff and export the knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import paths

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_paths

    targets = [Path(p) for p in args.paths] or [paths.REGULATIONS]
    missing = [p for p in targets if not p.exists()]
    if missing:
        print(f"regkb validate: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    regs, problems = validate_paths(targets)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len({p.file for p in problems})} file(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"ok: {len(regs)} regulation(s) valid")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest
    from .yamlio import dump

    source = Path(args.source)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"regkb ingest: cannot read {source}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    region = dict(zip(("province", "city", "county"), (args.region or "").split("/"), strict=False))
    region = {k: v.strip() for k, v in region.items() if v.strip()}
    result = ingest(text, args.id, region or None, args.source_path or str(source))
    output = dump(result.data)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    for flag in result.flags:
        where = f" [{flag.clause}]" if flag.clause else ""
        print(f"{source}:{flag.line}: {flag.kind}{where}: {flag.message}", file=sys.stderr)
    print(f"{len(result.flags)} spot(s) flagged for review", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="regkb", description="政务信息化项目法规知识库 maintainer tools")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check regulation files (default: all of data/regulations)")
    validate.add_argument("paths", nargs="*", help="YAML files or folders")
    validate.set_defaults(func=_cmd_validate)

    ingest = sub.add_parser("ingest", help="draft a YAML extract from an official text")
    ingest.add_argument("source", help="the text file")
    ingest.add_argument("--id", required=True, help="regulation id, e.g. lankao")
    ingest.add_argument("--region", help="province/city/county, e.g. 河南省/开封市/兰考县")
    ingest.add_argument("--source-path", help="path recorded in meta.source (default: SOURCE as given)")
    ingest.add_argument("-o", "--output", help="write the YAML here instead of stdout")
    ingest.set_defaults(func=_cmd_ingest)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
