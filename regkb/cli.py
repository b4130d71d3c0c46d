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
    from .validate import validate_targets

    targets = [Path(p) for p in args.paths] or [paths.DATA]
    missing = [p for p in targets if not p.exists() and not p.is_symlink()]
    if missing:
        print(f"regkb validate: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    regs, problems = validate_targets(targets)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len({p.file for p in problems})} file(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"ok: {len(regs)} regulation(s) valid")
    return 0


def _cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint_paths

    targets = [Path(p) for p in args.paths] or [paths.REGULATIONS]
    missing = [p for p in targets if not p.exists()]
    if missing:
        print(f"regkb lint: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_USAGE
    count, problems = lint_paths(targets, Path(args.cues) if args.cues else None)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} finding(s) in {len({p.file for p in problems})} file(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"ok: {count} regulation(s), no lint findings")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from . import store
    from .ingest import IngestError, ingest
    from .validate import ID_PATTERN
    from .yamlio import dump

    source = Path(args.source)
    target = Path(args.output) if args.output else None
    if not ID_PATTERN.fullmatch(args.id):
        print(f"regkb ingest: id {args.id!r} may hold only a-z, 0-9, '-' and '_'", file=sys.stderr)
        return EXIT_USAGE
    if target and target.exists() and not args.force:
        print(
            f"regkb ingest: {target} exists; give --force to overwrite it (a curated extract is lost)", file=sys.stderr
        )
        return EXIT_USAGE
    if target and not target.parent.is_dir():
        print(f"regkb ingest: no folder {target.parent} for the output; create it first", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = source.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except OSError as exc:
        print(f"regkb ingest: cannot read {source}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError:
        print(
            f"regkb ingest: {source} is not UTF-8 text; convert it first (e.g. iconv -f GBK -t UTF-8)", file=sys.stderr
        )
        return EXIT_USAGE
    region = dict(zip(("province", "city", "county"), (args.region or "").split("/"), strict=False))
    region = {k: v.strip() for k, v in region.items() if v.strip()}
    try:
        result = ingest(text, args.id, region or None, args.source_path or str(source))
    except IngestError as exc:
        print(f"{source}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    output = dump(result.data)
    if target:
        store.write(target, output, durable=True)
    else:
        sys.stdout.write(output)
    for flag in result.flags:
        where = f" [{flag.clause}]" if flag.clause else ""
        print(f"{source}:{flag.line}: {flag.kind}{where}: {flag.message}", file=sys.stderr)
    print(f"{len(result.flags)} spot(s) flagged for review", file=sys.stderr)
    return 0


def _cmd_decide(args: argparse.Namespace) -> int:
    from .amount import AmountError, parse
    from .decide import InputError, decide, parse_facts
    from .validate import load_regulation
    from .yamlio import DataError

    regions = sorted(p.stem for p in paths.REGULATIONS.glob("*.yml"))
    try:
        wan = parse(args.amount, args.unit).wan
    except AmountError as exc:
        print(f"regkb decide: --amount {args.amount[:60]!r}: {exc.english} ({exc})", file=sys.stderr)
        return EXIT_USAGE
    try:
        facts = parse_facts(args.region, wan, args.category, args.nature, args.funding, args.classified, regions)
        reg = load_regulation(paths.REGULATIONS / f"{facts.region}.yml")
    except InputError as exc:
        print(f"regkb decide: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    answer = decide(reg, facts)
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        print(format_checklist(reg.meta.title, reg.region_name, answer))
    return 0


def format_checklist(title: str, region: str, answer: dict) -> str:
    """The plain-text answer: requirements grouped by stage, each with its clause."""
    from . import vocab

    inputs = answer["inputs"]
    lines = [
        f"{region}《{title}》",
        f"项目：{inputs['amount']:g}万元，{vocab.CATEGORIES[inputs['category']]}"
        + (f"，{vocab.NATURES[inputs['nature']]}" if inputs["nature"] else "")
        + f"，{vocab.FUNDINGS[inputs['funding']]}"
        + ("，涉密" if inputs["classified"] else ""),
        "",
    ]
    for exclusion in answer["exclusions"]:
        lines.append(f"！不纳入本办法管理：{exclusion['title']}（{exclusion['cite']['label']}）")
    if answer["exclusions"]:
        lines.append("")
    stages = list(dict.fromkeys(r["stage"] for r in answer["requirements"]))
    for stage in stages:
        lines.append(f"【{stage}】")
        for req in (r for r in answer["requirements"] if r["stage"] == stage):
            flag = "（原则上）" if req["discretionary"] else ""
            lines.append(f"  □ {req['title']}{flag} —— {req['authority']}；{req['cite']['label']}")
            if req["deadline"]:
                lines.append(f"      时限：{req['deadline']}")
            if req["materials"]:
                lines.append(f"      材料：{'、'.join(req['materials'])}")
            lines.append(f"      {req['reason']}")
    if not answer["requirements"]:
        lines.append("（没有适用的要求）")
    lines.append(f"\n共 {len(answer['requirements'])} 项要求。")
    return "\n".join(lines)


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import compare, format_text
    from .model import Reg
    from .schema import Regulation
    from .yamlio import DataError, Problem, load

    regs = []
    try:
        for path in (args.old, args.new):
            located = load(Path(path))
            try:
                regs.append(Reg(Regulation.model_validate(located.data), located.file))
            except ValueError as exc:
                raise DataError([Problem(located.file, 1, "", f"not a valid extract: {exc}")]) from exc
    except DataError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    changes = compare(*regs)
    if args.json:
        print(json.dumps([c.as_dict(*regs) for c in changes], ensure_ascii=False, indent=2))
    else:
        print(format_text(changes))
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .synth import synthesize

    ids = synthesize(load_corpus(paths.DATA), args.count, Path(args.out), paths.DATA)
    print(f"wrote {len(ids)} synthetic regulations to {Path(args.out) / 'data'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="regkb", description="政务信息化项目法规知识库 maintainer tools")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check regulation files (default: all of data/regulations)")
    validate.add_argument("paths", nargs="*", help="YAML files or folders")
    validate.set_defaults(func=_cmd_validate)

    lint = sub.add_parser(
        "lint", help="untagged clauses that speak to a topic, duties no rule cites, missing provenance"
    )
    lint.add_argument("paths", nargs="*", help="YAML files or folders (default: all of data/regulations)")
    lint.add_argument("--cues", help="the topic cues file (default: data/topic-cues.yml)")
    lint.set_defaults(func=_cmd_lint)

    ingest = sub.add_parser("ingest", help="draft a YAML extract from an official text")
    ingest.add_argument("source", help="the text file")
    ingest.add_argument("--id", required=True, help="regulation id, e.g. lankao")
    ingest.add_argument("--region", help="province/city/county, e.g. 河南省/开封市/兰考县")
    ingest.add_argument("--source-path", help="path recorded in meta.source (default: SOURCE as given)")
    ingest.add_argument("-o", "--output", help="write the YAML here instead of stdout")
    ingest.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    ingest.set_defaults(func=_cmd_ingest)

    decide = sub.add_parser("decide", help="which requirements apply to a project")
    decide.add_argument("--region", required=True, help="region id, e.g. dongyuan")
    decide.add_argument(
        "--amount",
        required=True,
        help="budget or total investment, in 万元 unless --unit yuan or a unit is typed (600元)",
    )
    decide.add_argument(
        "--unit", choices=("wan", "yuan"), default="wan", help="the unit of --amount: wan (万元) or yuan"
    )
    decide.add_argument("--category", required=True, help="project category, e.g. hardware_purchase")
    decide.add_argument("--nature", help="new, upgrade, continuation, operation, purchase_service or retirement")
    decide.add_argument("--funding", help="fiscal (default), self_raised or mixed")
    decide.add_argument("--classified", action="store_true", help="the project is 涉密")
    decide.add_argument("--json", action="store_true", help="print the answer as JSON")
    decide.set_defaults(func=_cmd_decide)

    diff = sub.add_parser("diff", help="compare two versions of a regulation clause by clause")
    diff.add_argument("old", help="the earlier extract (YAML)")
    diff.add_argument("new", help="the later extract (YAML)")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.set_defaults(func=_cmd_diff)

    synth = sub.add_parser("synth", help="write N synthetic regulations (for benchmarks) to OUT/data")
    synth.add_argument("count", type=int)
    synth.add_argument("out")
    synth.set_defaults(func=_cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
