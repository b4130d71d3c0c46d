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
    # a dangling link is reported by validation itself (file:line: message), not as a usage error
    if _missing("validate", [p for p in targets if not p.exists() and not p.is_symlink()]):
        return EXIT_USAGE
    regs, problems = validate_targets(targets)
    return _report(problems, "problem(s)", f"ok: {len(regs)} regulation(s) valid")


def _cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint_paths

    targets = [Path(p) for p in args.paths] or [paths.REGULATIONS]
    if _missing("lint", [p for p in targets if not p.exists()]):
        return EXIT_USAGE
    count, problems = lint_paths(targets, Path(args.cues) if args.cues else None)
    return _report(problems, "finding(s)", f"ok: {count} regulation(s), no lint findings")


def _missing(command: str, missing: list[Path]) -> bool:
    """Say which named files or folders do not exist (a usage error, before any checking)."""
    if missing:
        print(f"regkb {command}: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
    return bool(missing)


def _report(problems: list, noun: str, ok: str) -> int:
    """One problem a line (file:line: field: message) and a count on stderr, or the ``ok`` line."""
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} {noun} in {len({p.file for p in problems})} file(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(ok)
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .cache import write
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
        write(target, output, durable=True)
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

    regulations = sorted(p.stem for p in paths.REGULATIONS.glob("*.yml"))
    try:
        wan = parse(args.amount, args.unit).wan
    except AmountError as exc:
        print(f"regkb decide: --amount {args.amount[:60]!r}: {exc.english} ({exc})", file=sys.stderr)
        return EXIT_USAGE
    try:
        facts = parse_facts(
            args.regulation,
            wan,
            args.category,
            args.nature,
            args.funding,
            args.classified,
            regulations,
            unit_level=args.unit_level,
        )
        reg = load_regulation(paths.REGULATIONS / f"{facts.regulation}.yml")
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
        print(format_checklist(reg.meta.title, reg.region_name, answer, work_lines(reg, facts), bool(reg.data.rules)))
    return 0


def work_lines(reg, facts) -> list[str]:
    """Who declares, reviews, approves, funds and accepts (regkb/chain.py), and this project's way
    through the process (regkb/path.py): the steps it takes and the branches still undecided."""
    from . import vocab
    from .chain import chain
    from .path import compute, process_json, taken

    lines = ["", "审批链条："]
    for link in chain(reg):
        actors = "；".join(f"{a['name']}（{_labels(a['cite'])}）" for a in link["actors"]) or "本办法未明确"
        lines.append(f"  {link['label']}：{actors}")
    process = process_json(reg)
    if process is None:
        return lines
    path = compute(process, facts.as_dict())
    names = {s["id"]: s["title"] for s in process["steps"]}
    lines += ["", "本项目的流程路径：" + " → ".join(names[s] for s in taken(path))]
    for edge, state in zip(process["edges"], path["edges"], strict=True):
        if "when" in edge and state["state"] == "depends":
            texts = "；".join(
                e["text_condition"] for e in process["edges"] if e["from"] == edge["from"] and e.get("text_condition")
            )
            waits = "、".join(vocab.INPUTS[k] for k in state["waits_on"])
            why = f"待填：{waits}" if waits else f"取决于原文条件：{texts}"
            lines.append(f"  待定分支：{names[edge['from']]} → {names[edge['to']]}（{edge['label'] or ''}；{why}）")
    return lines


def _labels(cites: list[dict]) -> str:
    """Clause labels in a row: 第十一条、第三条第（三）项; a notice's labels (二、) are set apart by ；."""
    labels = [c["label"] for c in cites]
    return ("；" if any(label.endswith("、") for label in labels) else "、").join(labels)


def _input_words(inputs: dict) -> str:
    from . import vocab

    names = {
        "category": vocab.CATEGORIES,
        "nature": vocab.NATURES,
        "funding": vocab.FUNDINGS,
        "unit_level": vocab.UNIT_LEVELS,
    }
    words = [f"项目金额：{inputs['amount']:g}万元"]
    for key, label in vocab.INPUTS.items():
        if key == "amount":
            continue
        value = inputs[key]
        if value is None:
            shown = "未知"
        elif key == "classified":
            shown = "是" if value else "否"
        else:
            shown = names[key][value]
        words.append(f"{label}：{shown}")
    return "；".join(words)


def _status_lines(answer: dict) -> list[str]:
    status = answer["status"]
    lines = [f"文本状态（截至{status['as_of']}）：{status['label']}"]
    for note in status["notes"]:
        lines.append(f"  ！{note['label']}：{note['summary']}")
        if note["affects"]:
            lines.append(f"    涉及条款：{_labels(note['affects'])}")
            touched = [r for r in answer["requirements"] + answer["conditional"] if note["id"] in r["status_notes"]]
            for req in touched:
                lines.append(f"    涉及本答案的要求：{req['title']}（{_labels(req['cite'])}）")
        else:
            lines.append("    涉及：全文（下列每项要求）")
        for ev in note["evidence"]:
            parts = [p for p in (ev["issuer"], ev["number"], ev["date"] or ev["date_wording"]) if p]
            lines.append(f"    依据：{ev['title']}（{'，'.join(parts + [ev['kind']])}）{ev['url']}")
        if note["cite"]:
            lines.append(f"    依据：{answer['this_text']}{_labels(note['cite'])}")
    return lines


def _reading_lines(answer: dict, ids: list[str], indent: str) -> list[str]:
    readings = {i["id"]: i for i in answer["interpretations"]}
    lines = []
    for rid in ids:
        i = readings[rid]
        lines.append(f"{indent}※ 对原文的理解（{_labels(i['cite'])}）：{i['question']}")
        lines.append(f"{indent}  本库采用：{i['reading']}")
        lines.append(f"{indent}  另一种理解：{i['alternative']}")
    return lines


def _requirement_lines(answer: dict, req: dict, box: str) -> list[str]:
    notes = {n["id"]: n for n in answer["status"]["notes"]}
    flag = "（原则上）" if req["discretionary"] else ""
    lines = [f"  {box} {req['title']}{flag} —— {req['authority']}；{_labels(req['cite'])}"]
    if req["deadline"]:
        lines.append(f"      时限：{req['deadline']}")
    if req["materials"]:
        lines.append(f"      材料：{'、'.join(req['materials'])}")
    lines.append(f"      {req['reason']}")
    changed = [notes[n]["label"] for n in req["status_notes"] if notes[n]["affects"]]
    if changed:
        lines.append(f"      ！所依条款{'、'.join(dict.fromkeys(changed))}，见文首状态说明")
    return lines + _reading_lines(answer, req["interpretations"], "      ")


def format_checklist(
    title: str, region: str, answer: dict, work: list[str] | None = None, has_rules: bool = True
) -> str:
    """The plain-text answer: the text's status, the inputs and what is unknown, the scope, what the
    project triggers, the approval chain and the path (``work``), then the requirements grouped by
    stage and the conditional ones, each with every clause it rests on."""
    from . import vocab

    lines = [f"{region}《{title}》", *_status_lines(answer), "", _input_words(answer["inputs"])]
    if answer["unknown"]:
        unknown = "、".join(vocab.INPUTS[k] for k in answer["unknown"])
        lines.append(f"未填写：{unknown}（取决于这些信息的要求列在“有条件适用”中，未作任何假定）")
    lines.append("")
    scope = answer["scope"]
    if scope["status"] == "out":
        for x in scope["excluded"]:
            lines.append(f"！不纳入{answer['this_text']}管理：{x['title']}（{_labels(x['cite'])}）")
            lines += _reading_lines(answer, x["interpretations"], "    ")
    else:
        head = f"适用范围：纳入{answer['this_text']}管理" if scope["status"] == "in" else "适用范围：取决于未填写的信息"
        lines.append(head)
        for x in scope["conditional"]:
            lines.append(
                f"  ？{x['condition']}，则不纳入{answer['this_text']}管理：{x['title']}（{_labels(x['cite'])}）"
            )
            lines += _reading_lines(answer, x["interpretations"], "    ")
        for x in scope["cleared"]:
            lines.append(f"  已按所填信息排除：{x['title']}（{_labels(x['cite'])}）")
            lines += _reading_lines(answer, x["interpretations"], "    ")
    triggered = [r for r in answer["requirements"] if not r["general"] and r["because"]]
    if triggered:
        lines += ["", "因所填条件触发的要求（其余确定适用的要求适用于所有纳入管理的项目）："]
        lines += [f"  ▶ {r['title']}（{_labels(r['cite'])}）——因{r['because']}" for r in triggered]
    lines += work or []
    lines.append("")
    if not has_rules:
        lines.append(f"{answer['this_text']}未标注审批规则：本知识库尚未把它的审批要求整理为规则，请阅读原文。")
        return "\n".join(lines)
    for stage in dict.fromkeys(r["stage"] for r in answer["requirements"]):
        lines.append(f"【{stage}】")
        for req in (r for r in answer["requirements"] if r["stage"] == stage):
            lines += _requirement_lines(answer, req, "□")
    if not answer["requirements"]:
        lines.append("（没有确定适用的要求）")
    if answer["conditional"]:
        lines += ["", "有条件适用（取决于未填写的信息或原文中本助手无法判断的条件）："]
        for stage in dict.fromkeys(r["stage"] for r in answer["conditional"]):
            lines.append(f"【{stage}】")
            for req in (r for r in answer["conditional"] if r["stage"] == stage):
                lines += _requirement_lines(answer, req, "？")
    lines.append(f"\n共 {len(answer['requirements'])} 项要求，另有 {len(answer['conditional'])} 项有条件适用。")
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


class _Renamed(argparse.Action):
    """An option's old spelling, kept for one release: it still works and says on stderr what replaces it."""

    def __init__(self, option_strings: list[str], dest: str, new: str, **kwargs: object) -> None:
        self.new = new
        super().__init__(option_strings, dest, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(
            f"regkb: {option_string} is now {self.new} (it takes a regulation id); "
            f"{option_string} still works in this release and will then be removed",
            file=sys.stderr,
        )
        setattr(namespace, self.dest, values)


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
    decide.add_argument("--regulation", "--reg", help="regulation id (required), e.g. dongyuan")
    decide.add_argument("--region", action=_Renamed, new="--regulation", dest="regulation", help=argparse.SUPPRESS)
    decide.add_argument(
        "--amount",
        required=True,
        help="budget or total investment, in 万元 unless --unit yuan or a unit is typed (600元)",
    )
    decide.add_argument(
        "--unit", choices=("wan", "yuan"), default="wan", help="the unit of --amount: wan (万元) or yuan"
    )
    decide.add_argument("--category", help="project category, e.g. hardware_purchase (omitted: unknown)")
    decide.add_argument(
        "--nature", help="new, upgrade, continuation, operation, purchase_service or retirement (omitted: unknown)"
    )
    decide.add_argument("--funding", help="fiscal, self_raised or mixed (omitted: unknown)")
    decide.add_argument(
        "--classified",
        nargs="?",
        const="yes",
        help="yes (the flag alone), no or unknown (omitted: unknown) — whether the project is 涉密",
    )
    decide.add_argument(
        "--unit-level", help="the level of the 项目建设单位: city, county or township (omitted: unknown)"
    )
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
    if args.command == "decide" and not args.regulation:
        parser.error("decide: the following arguments are required: --regulation (or --reg)")
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
