"""Load and check regulation files; every problem names the file, the line and the field."""

from __future__ import annotations

import re
import typing
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic

from . import numerals, process, store, summaries, vocab
from .conditions import bounds
from .model import Reg, reassemble_pieces
from .schema import Regulation
from .text import normalise
from .yamlio import DataError, Located, PathKey, Problem, dotted, load

_LABEL_NUMERAL = re.compile(r"(\d+|[" + numerals.NUMERAL_CHARS + "]+)")


def load_regulation(path: Path, root: Path | None = None) -> Reg:
    """Load one extract and check it completely; raise :class:`DataError` listing every problem."""
    root = root or _project_root(path)
    display = _display(path, root)
    located = load(path, display)
    problems = list(_schema_problems(located))
    if problems:
        raise DataError(problems)
    reg = Reg(Regulation.model_validate(located.data), display)
    problems = list(check(reg, located, root))
    if problems:
        raise DataError(problems)
    return reg


def check(reg: Reg, located: Located, root: Path) -> Iterator[Problem]:
    """Semantic checks that a schema cannot express."""

    def problem(path: PathKey, message: str) -> Problem:
        return Problem(located.file, located.line_of(path), dotted(path), message)

    stem = Path(located.file).stem
    if reg.id != stem:
        yield problem(("id",), f"id {reg.id!r} must equal the file name {stem!r}")
    yield from _duplicate_ids(located, problem)
    yield from _numbering(located.data.get("body", []), ("body",), problem)
    yield from _citations(reg, located, problem)
    yield from _annotations(reg, problem)
    yield from (problem(path, message) for path, message in process.check(reg, located))
    yield from (problem(path, message) for path, message in summaries.check(reg))
    yield from _fidelity(reg, located, root, problem)


# --------------------------------------------------------------------------- schema errors


def _schema_problems(located: Located) -> Iterator[Problem]:
    if not isinstance(located.data, dict):
        yield Problem(located.file, 1, "", "the file must hold a mapping with id, meta, title and body")
        return
    try:
        Regulation.model_validate(located.data)
    except pydantic.ValidationError as exc:
        for error in exc.errors():
            path = tuple(p for p in error["loc"] if isinstance(p, int) or not _is_union_tag(p))
            yield Problem(located.file, located.line_of(path), dotted(path), _message(error, path))


def _is_union_tag(part: str) -> bool:
    """Pydantic names union members in error locations ('Block', 'list[str]'); field names are lower case."""
    return part[:1].isupper() or "[" in part


def _message(error: dict[str, Any], path: PathKey) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_fields(path[:-1])
        return f"unknown field {path[-1]!r}" + (f"; allowed: {', '.join(allowed)}" if allowed else "")
    if kind == "missing":
        return "required field is missing"
    return str(error["msg"]).removeprefix("Value error, ")


def _allowed_fields(path: PathKey) -> list[str]:
    """The field names the schema allows at ``path`` (for 'unknown field' messages)."""
    model: Any = Regulation
    for part in path:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------- ids and numbering


def _ids(value: Any, path: PathKey) -> Iterator[tuple[str, PathKey]]:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str) and path and path[0] != "id":
            yield value["id"], path + ("id",)
        for key, child in value.items():
            yield from _ids(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _ids(child, path + (index,))


TEXT_SECTIONS = ("front", "title", "preamble", "body", "back", "attachments", "trailer")


def _duplicate_ids(located: Located, problem: Any) -> Iterator[Problem]:
    text_ids: Counter[str] = Counter()
    for section in TEXT_SECTIONS:
        for ident, path in _ids(located.data.get(section), (section,)):
            text_ids[ident] += 1
            if text_ids[ident] == 2:
                yield problem(path, f"duplicate clause id {ident!r}: clause ids must be unique in a regulation")
    for section, value in located.data.items():
        if section in TEXT_SECTIONS or not isinstance(value, (list, dict)):
            continue
        seen: Counter[str] = Counter()
        for ident, path in _ids(value, (section,)):
            if section == "process" and path[1] == "edges":
                continue
            seen[ident] += 1
            if seen[ident] == 2:
                yield problem(path, f"duplicate id {ident!r} in {section}")


def _numbering(nodes: list[dict], path: PathKey, problem: Any) -> Iterator[Problem]:
    """Numbers run 1, 2, 3 … per kind; articles run on across chapters; labels match numbers."""
    articles: list[tuple[dict, PathKey]] = []
    yield from _numbering_level(nodes, path, problem, articles)
    yield from _sequence(articles, problem, "article")


def _numbering_level(nodes: list[dict], path: PathKey, problem: Any, articles: list) -> Iterator[Problem]:
    by_kind: dict[str, list[tuple[dict, PathKey]]] = {}
    for index, node in enumerate(nodes):
        node_path = path + (index,)
        if node.get("kind") == "article":
            articles.append((node, node_path))
        else:
            by_kind.setdefault(node.get("kind", ""), []).append((node, node_path))
        yield from _label_matches(node, node_path, problem)
        for pindex, para in enumerate(node.get("paragraphs", [])):
            yield from _items(para.get("items", []), node_path + ("paragraphs", pindex, "items"), problem)
        yield from _numbering_level(node.get("children", []), node_path + ("children",), problem, articles)
    for kind, members in by_kind.items():
        yield from _sequence(members, problem, kind)


def _items(items: list[dict], path: PathKey, problem: Any) -> Iterator[Problem]:
    members = [(item, path + (i,)) for i, item in enumerate(items)]
    yield from _sequence(members, problem, "item")
    for item, item_path in members:
        yield from _label_matches(item, item_path, problem)
        yield from _items(item.get("items", []), item_path + ("items",), problem)


def _sequence(members: list[tuple[dict, PathKey]], problem: Any, kind: str) -> Iterator[Problem]:
    previous = None
    for node, node_path in members:
        number = node.get("number")
        if previous is None:
            if (number != 1 and kind != "article") or (kind == "article" and number not in (0, 1)):
                yield problem(node_path + ("number",), f"{kind} numbering starts at {number}, expected 1")
        elif number == previous:
            yield problem(node_path + ("number",), f"{kind} number {number} ({node.get('label')}) appears twice")
        elif number != previous + 1:
            missing = ", ".join(str(n) for n in range(previous + 1, number)) if number > previous else str(previous + 1)
            yield problem(
                node_path + ("number",),
                f"{kind} numbering jumps from {previous} to {number} ({node.get('label')}): missing {missing}",
            )
        previous = number


def _label_matches(node: dict, path: PathKey, problem: Any) -> Iterator[Problem]:
    label, number = node.get("label", ""), node.get("number")
    found = _LABEL_NUMERAL.search(label or "")
    if not found or not isinstance(number, int):
        return
    text = found.group(1)
    value = int(text) if text.isdigit() else numerals.parse(text)
    if value != number:
        yield problem(path + ("label",), f"label {label!r} says {value} but number is {number}")


# --------------------------------------------------------------------------- citations


def _cites(value: Any, path: PathKey) -> Iterator[tuple[str, PathKey]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key in ("cite", "clause", "clauses", "affects"):
                refs = [child] if isinstance(child, str) else child
                for index, ref in enumerate(refs or []):
                    yield ref, path + (key,) + ((index,) if not isinstance(child, str) else ())
            else:
                yield from _cites(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _cites(child, path + (index,))


def _citations(reg: Reg, located: Located, problem: Any) -> Iterator[Problem]:
    for ref, path in _cites(located.data, ()):
        if path[0] in TEXT_SECTIONS or (path[0] == "interpretations" and "affects" in path):
            continue  # an interpretation affects rules and exclusions, checked in _annotations
        if ref not in reg.clauses:
            near = sorted(c for c in reg.clauses if c.split("-")[0] == str(ref).split("-")[0])[:5]
            hint = f"; clauses near it: {', '.join(near)}" if near else ""
            yield problem(path, f"cites clause {ref!r}, which does not exist in {reg.id}{hint}")


# --------------------------------------------------------------------------- annotations


def _annotations(reg: Reg, problem: Any) -> Iterator[Problem]:
    """Every unit has topics; every agency used is named for the region; rules match their thresholds."""
    unit_paths = {node.id: path for node, path in _node_paths(reg.data.body, ("body",))}
    for node in reg.units():
        if not node.topics:
            yield problem(unit_paths[node.id] + ("topics",), f"{node.label} has no topics; add at least one")
    named = {a.agency for a in reg.data.agencies}
    used: list[tuple[str, PathKey]] = []
    used += [(r.agency, ("roles", i, "agency")) for i, r in enumerate(reg.data.roles)]
    used += [(d.actor, ("deadlines", i, "actor")) for i, d in enumerate(reg.data.deadlines)]
    used += [(r.authority, ("rules", i, "authority")) for i, r in enumerate(reg.data.rules)]
    if reg.meta.interpreter:
        used += [(a, ("meta", "interpreter", "agencies", i)) for i, a in enumerate(reg.meta.interpreter.agencies)]
    if reg.data.process:
        used += [(s.actor, ("process", "steps", i, "actor")) for i, s in enumerate(reg.data.process.steps)]
    for agency, path in used:
        if agency not in vocab.AGENCIES:
            yield problem(path, f"unknown agency {agency!r}; valid: {', '.join(vocab.AGENCIES)}")
        elif agency not in named:
            yield problem(path, f"agency {agency!r} is used but not named in this regulation's 'agencies' list")
    answers = {r.id for r in reg.data.rules} | {x.id for x in reg.data.exclusions}
    for index, reading in enumerate(reg.data.interpretations):
        for n, target in enumerate(reading.affects):
            if target not in answers:
                yield problem(
                    ("interpretations", index, "affects", n),
                    f"interpretation {reading.id!r} affects {target!r}, which is no rule or exclusion of {reg.id}",
                )
    thresholds = {t.id: t for t in reg.data.thresholds}
    for index, rule in enumerate(reg.data.rules):
        if rule.threshold is None:
            continue
        threshold = thresholds.get(rule.threshold)
        if threshold is None:
            yield problem(
                ("rules", index, "threshold"),
                f"unknown threshold {rule.threshold!r}; defined: {', '.join(thresholds) or 'none'}",
            )
        elif threshold.amount not in bounds(rule.when):
            yield problem(
                ("rules", index, "when"),
                f"rule names threshold {threshold.id!r} "
                f"({threshold.amount:g}万元) but its condition does not compare with that amount",
            )


def _node_paths(nodes: list, path: PathKey) -> Iterator[tuple[Any, PathKey]]:
    for index, node in enumerate(nodes):
        yield node, path + (index,)
        yield from _node_paths(node.children, path + (index, "children"))


# --------------------------------------------------------------------------- fidelity


def apply_repairs(source: str, reg: Reg) -> tuple[str, list[tuple[int, str]]]:
    """The source with each recorded repair applied once; also the repairs that do not apply."""
    failures = []
    for index, repair in enumerate(reg.data.repairs):
        count = source.count(repair.original)
        if count != 1:
            failures.append(
                (index, f"original text {repair.original!r} occurs {count} times in the source, expected exactly once")
            )
            continue
        source = source.replace(repair.original, repair.repaired, 1)
    return source, failures


def _fidelity(reg: Reg, located: Located, root: Path, problem: Any) -> Iterator[Problem]:
    source_path = root / reg.meta.source
    if not source_path.is_file():
        yield problem(("meta", "source"), f"source text {reg.meta.source!r} not found")
        return
    repaired, failures = apply_repairs(source_path.read_text(encoding="utf-8"), reg)
    for index, message in failures:
        yield problem(("repairs", index, "original"), message)
    pieces = reassemble_pieces(reg.data)
    for index, repair in enumerate(reg.data.repairs):
        clause = reg.clauses.get(repair.clause)
        if clause is not None and normalise(repair.repaired) not in normalise(_full_text(pieces, repair.clause)):
            yield problem(
                ("repairs", index, "repaired"), f"repaired text {repair.repaired!r} is not in clause {repair.clause!r}"
            )
    expected = normalise(repaired)
    actual = "".join(normalise(text) for _, text in pieces)
    if expected == actual:
        return
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b), min(len(expected), len(actual))
    )
    clause_id = _clause_at(pieces, at)
    yield problem(
        _path_of_id(located, clause_id),
        f"text differs from the source near clause {clause_id!r}: source has "
        f"{expected[max(0, at - 8) : at + 12]!r}, extract has {actual[max(0, at - 8) : at + 12]!r} "
        "(record a repair if the change is intended)",
    )


def _clause_at(pieces: list[tuple[str, str]], position: int) -> str:
    """The clause whose normalised text covers ``position`` of the normalised whole."""
    offset = 0
    for clause_id, text in pieces:
        offset += len(normalise(text))
        if offset > position:
            return clause_id
    return pieces[-1][0] if pieces else ""


def _full_text(pieces: list[tuple[str, str]], clause_id: str) -> str:
    """The text of a clause and everything inside it (its paragraphs, items, blocks)."""
    return "".join(text for cid, text in pieces if cid == clause_id or cid.startswith(clause_id + "-"))


def _path_of_id(located: Located, clause_id: str) -> PathKey:
    for ident, path in _ids(located.data, ()):
        if ident == clause_id:
            return path
    return ()


# --------------------------------------------------------------------------- files


def _project_root(path: Path) -> Path:
    for parent in path.resolve().parents:
        if (parent / "data" / "sources").is_dir() or (parent / "pyproject.toml").is_file():
            return parent
    return path.resolve().parent


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


# content key → the validated regulation: a `mkdocs serve` rebuild re-checks only changed files.
_checked: dict[str, Reg] = {}


def validate_paths(
    paths: list[Path],
    root: Path | None = None,
    cache_dir: Path | None = None,
    progress: store.Progress | None = None,
) -> tuple[list[Reg], list[Problem]]:
    """Validate files and folders of files; return what loaded and every problem found.

    Files unchanged since they last validated come from memory or from ``cache_dir``; the rest
    are validated, in parallel processes when there are many.
    """
    files = _expand(paths)
    keys = []
    for path in files:
        base = root or _project_root(path)
        keys.append(store.content_key(path, base, _display(path, base)))
    results: list[Reg | list[Problem] | None] = [_checked.get(k) if k else None for k in keys]
    missing = [i for i, r in enumerate(results) if r is None]
    loaded = store.load_many([(files[i], keys[i]) for i in missing], load_regulation, root, cache_dir, progress)
    for index, result in zip(missing, loaded, strict=True):
        results[index] = result
    regs, problems = [], []
    for key, result in zip(keys, results, strict=True):
        if isinstance(result, Reg):
            result.digest = key or ""
            if key:
                _checked[key] = result
            regs.append(result)
        else:
            problems.extend(result or [])
    return regs, problems


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yml")) if path.is_dir() else [path])
    return files
