"""Load and check regulation files; every problem names the file, the line and the field."""

from __future__ import annotations

import logging
import os
import pickle
import re
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pydantic

from . import encode, limits, numerals, process, summaries, vocab
from .conditions import bounds
from .digest import code_version, digest
from .model import Reg, reassemble_pieces
from .schema import Glossary, Regulation
from .text import normalise
from .yamlio import DataError, Located, PathKey, Problem, dotted, load, read_text

log = logging.getLogger(__name__)
ID_PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")  # ids are parts of URLs and file names

_LABEL_NUMERAL = re.compile(r"(\d+|[" + numerals.NUMERAL_CHARS + "]+)")


def load_regulation(path: Path, root: Path | None = None) -> Reg:
    """Load one extract and check it completely; raise :class:`DataError` listing every problem."""
    root = root or _project_root(path)
    display = _display(path, root)
    located = load(path, display)
    problems = list(limits.check(located, ID_PATTERN))
    model, schema_problems = _schema(located)  # validated once: the model, or what stops it
    problems += schema_problems
    if problems or model is None:
        raise DataError(problems)
    try:
        reg = Reg(model, display)
    except ValueError as exc:  # an index the schema allows but labels cannot number (e.g. 10,000 paragraphs)
        raise DataError([Problem(display, 1, "", f"cannot index the clauses: {exc}")]) from exc
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


def _schema(located: Located) -> tuple[Regulation | None, list[Problem]]:
    """The extract as the schema's model, or None and every schema problem."""
    if not isinstance(located.data, dict):
        return None, [Problem(located.file, 1, "", "the file must hold a mapping with id, meta, title and body")]
    try:
        return Regulation.model_validate(located.data), []
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors():
            path = tuple(p for p in error["loc"] if isinstance(p, int) or not _is_union_tag(p))
            problems.append(Problem(located.file, located.line_of(path), dotted(path), _message(error, path)))
        return None, problems


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
    try:
        value = int(text) if text.isdigit() else numerals.parse(text)
    except ValueError:
        return
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
    """Every unit has topics; every agency used is named in the regulation; rules match their thresholds."""
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


def source_path(root: Path, source: str) -> Path | None:
    """The source text a ``meta.source`` names, when it is a relative path inside the project."""
    relative = Path(source)
    if not source or relative.is_absolute() or ".." in relative.parts or "\\" in source:
        return None
    return root / relative


def _fidelity(reg: Reg, located: Located, root: Path, problem: Any) -> Iterator[Problem]:
    path = source_path(root, reg.meta.source)
    if path is None:
        yield problem(("meta", "source"), f"source {reg.meta.source!r} must be a relative path inside the project")
        return
    if not path.is_file():
        yield problem(("meta", "source"), f"source text {reg.meta.source!r} not found")
        return
    try:
        text = read_text(path, str(reg.meta.source), control_ok=True)
    except DataError as exc:
        yield from (problem(("meta", "source"), f"{p.file}:{p.line}: {p.message}") for p in exc.problems)
        return
    repaired, failures = apply_repairs(text, reg)
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


Progress = Callable[[str], None]
Checked = Reg | list[Problem]  # a regulation, or the problems that stopped it
# (extract, its content key) → what loading it gave; the default checks every file, a build first
# asks its cache (see regkb.build)
Loader = Callable[[list[tuple[Path, str | None]], Path | None, "Progress | None"], list[Checked]]
PARALLEL_ABOVE = 24  # fewer files than this check faster in-process than through a pool
_SOURCE = re.compile(rb"^\s+source:\s*(\S+)\s*$", re.MULTILINE)


def content_key(path: Path, root: Path, display: str) -> str | None:
    """What an extract's check depends on: the SHA-256 of the code that validates it, its display
    name, its own bytes and the bytes of the source text it is checked against (None when it, or
    its source, cannot be read)."""
    try:
        text = path.read_bytes()
        found = _SOURCE.search(text)
        source_bytes = (root / found.group(1).decode()).read_bytes() if found else b""
    except (OSError, UnicodeDecodeError):
        return None
    return digest(code_version(), display, text, source_bytes)


def _check_one(path: Path, root: Path | None) -> bytes | list[Problem]:
    try:
        return pickle.dumps(load_regulation(path, root), protocol=pickle.HIGHEST_PROTOCOL)
    except DataError as exc:
        return exc.problems
    except Exception as exc:  # a check that fails must still name the file, never print a traceback
        return [Problem(str(path), 1, "", f"could not be checked ({type(exc).__name__}: {exc}); please report this")]


def check_files(
    paths: list[Path], root: Path | None, progress: Progress | None = None
) -> Iterator[bytes | list[Problem]]:
    """Check each extract, in parallel processes when there are many: the regulation pickled (as a
    pool returns it, and as a cache keeps it) or the problems that stopped it, in order, each as soon
    as it is ready (at 3,000 regulations the pickles are 240 MB: a caller unpickles one at a time)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_ABOVE or workers < 2:
        yield from (_check_one(path, root) for path in paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(_check_one, paths, [root] * len(paths), chunksize=8)
        yield from _report(results, len(paths), progress)


def _report(results: Iterable, total: int, progress: Progress | None) -> Iterable:
    step = max(total // 10, 100)
    for done, result in enumerate(results, 1):
        if progress and (done % step == 0 or done == total):
            progress(f"validated {done}/{total} regulations")
        yield result


def load_files(items: list[tuple[Path, str | None]], root: Path | None, progress: Progress | None) -> list[Checked]:
    """Check every extract (the loader without a cache)."""
    return [pickle.loads(r) if isinstance(r, bytes) else r for r in check_files([p for p, _ in items], root, progress)]


def validate_paths(
    paths: list[Path],
    root: Path | None = None,
    progress: Progress | None = None,
    load: Loader | None = None,
) -> tuple[list[Reg], list[Problem]]:
    """Validate files and folders of files; return what loaded and every problem found.

    ``load`` gets each file with its content key (see :func:`content_key`); a build passes one
    that reuses what it checked before.
    """
    files, stray = _expand(paths)
    keys = []
    for path in files:
        base = root or _project_root(path)
        keys.append(content_key(path, base, _display(path, base)))
    results = (load or load_files)(list(zip(files, keys, strict=True)), root, progress)
    regs, problems, where = [], list(stray), {}
    for path, key, result in zip(files, keys, results, strict=True):
        if isinstance(result, Reg):
            where[id(result)] = path
            result.digest = key or ""
            regs.append(result)
        else:
            problems.extend(result or [])
    known = {f.stem for f in files} | {f.stem for folder in {f.parent for f in files} for f in folder.glob("*.yml")}
    problems.extend(references([(r, where[id(r)]) for r in regs], known))
    return regs, problems


REFERENCE_LISTS = ("repeals", "replaced_by", "basis")


def references(regs: list[tuple[Reg, Path]], known: set[str]) -> list[Problem]:
    """``regulation:`` references in ``meta.repeals``, ``replaced_by`` and ``basis`` must name an extract."""
    problems = []
    for reg, path in regs:
        dangling = [
            (("meta", field, index, "regulation"), doc.regulation)
            for field in REFERENCE_LISTS
            for index, doc in enumerate(getattr(reg.meta, field))
            if doc.regulation is not None and doc.regulation not in known
        ]
        if dangling:
            located = load(path, reg.file)  # parsed again for its lines: only when there is a problem
        for key, ident in dangling:
            problems.append(
                Problem(
                    reg.file, located.line_of(key), dotted(key), f"regulation {ident!r} is not in the knowledge base"
                )
            )
    return problems


def _expand(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The extracts in ``paths`` (files, or folders of ``*.yml``) and a problem for each stray file in a
    folder; an editor's lock or backup file (``.#x.yml``, ``#x.yml#``, ``x.yml~``) is skipped with a notice."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for entry in sorted(path.iterdir()):
            if editor_file(entry.name):
                log.warning("regkb: skipping %s (an editor's lock or backup file)", entry)
            elif entry.suffix == ".yml" and entry.is_file():
                files.append(entry)
            else:
                problems.append(
                    Problem(str(entry), 1, "", "not a regulation extract: a data folder holds only <id>.yml files")
                )
    return files, problems


def editor_file(name: str) -> bool:
    """An editor's lock, swap or backup file, which a data folder may hold while a file is edited."""
    return name.startswith((".", "#")) or name.endswith(("~", "#", ".swp", ".swo", ".tmp", ".bak", ".orig"))


# --------------------------------------------------------------------------- glossary and the data folder


def load_glossary(path: Path, root: Path | None = None) -> Glossary:
    """Load ``data/glossary.yml`` and check it; raise :class:`DataError` listing every problem."""
    root = root or _project_root(path)
    located = load(path, _display(path, root))
    problems = list(limits.check(located, ID_PATTERN))
    if not isinstance(located.data, dict):
        raise DataError([*problems, Problem(located.file, 1, "", "the file must hold a mapping with a 'terms' list")])
    try:
        glossary = Glossary.model_validate(located.data)
    except pydantic.ValidationError as exc:
        for error in exc.errors():
            where = tuple(p for p in error["loc"] if isinstance(p, int) or not _is_union_tag(p))
            problems.append(Problem(located.file, located.line_of(where), dotted(where), _message(error, where)))
        raise DataError(problems) from exc
    seen: dict[str, str] = {}
    for index, term in enumerate(glossary.terms):
        if term.id in seen:
            problems.append(
                Problem(
                    located.file,
                    located.line_of(("terms", index, "id")),
                    f"terms[{index}].id",
                    f"duplicate id {term.id!r}",
                )
            )
        for spelling in (term.term, *term.aliases):
            if len(spelling) >= 2 and encode.markdown_abbreviation(spelling, "") is None:
                problems.append(
                    Problem(
                        located.file,
                        located.line_of(("terms", index)),
                        f"terms[{index}]",
                        f'term {spelling[:40]!r} may not hold \\ [ ] * ` < > & " or a line break',
                    )
                )
            if seen.get(spelling, term.id) != term.id:
                problems.append(
                    Problem(
                        located.file,
                        located.line_of(("terms", index)),
                        f"terms[{index}]",
                        f"{spelling!r} is also a spelling of term {seen[spelling]!r}",
                    )
                )
            seen.setdefault(spelling, term.id)
        seen.setdefault(term.id, term.id)
    if problems:
        raise DataError(problems)
    return glossary


DATA_ENTRIES = {"regulations", "sources", "glossary.yml", "topic-cues.yml"}


def validate_data(data_dir: Path, root: Path | None = None) -> tuple[list[Reg], list[Problem]]:
    """Everything a build reads under ``data_dir``: the extracts, the glossary, and nothing stray."""
    root = root or data_dir.resolve().parent
    regs, problems = validate_paths([data_dir / "regulations"], root=root)
    try:
        load_glossary(data_dir / "glossary.yml", root)
    except DataError as exc:
        problems.extend(exc.problems)
    if (data_dir / "topic-cues.yml").exists():
        from .lint import load_cues  # lint builds on this module

        try:
            load_cues(data_dir / "topic-cues.yml")
        except DataError as exc:
            problems.extend(exc.problems)
    for entry in sorted(data_dir.iterdir()):
        if editor_file(entry.name):
            log.warning("regkb: skipping %s (an editor's lock or backup file)", entry)
        elif entry.name not in DATA_ENTRIES:
            problems.append(
                Problem(
                    str(entry),
                    1,
                    "",
                    "unknown data file: the build reads regulations/, sources/, glossary.yml and topic-cues.yml",
                )
            )
    return regs, problems


def validate_targets(targets: list[Path]) -> tuple[list[Reg], list[Problem]]:
    """What ``regkb validate`` checks: a data folder whole, a glossary file, or extracts and their folders."""
    regs: list[Reg] = []
    problems: list[Problem] = []
    plain: list[Path] = []
    for target in targets:
        if target.is_dir() and (target / "regulations").is_dir():
            found, wrong = validate_data(target)
            regs += found
            problems += wrong
        elif target.name == "glossary.yml":
            try:
                load_glossary(target)
            except DataError as exc:
                problems += exc.problems
        else:
            plain.append(target)
    if plain:
        found, wrong = validate_paths(plain)
        regs += found
        problems += wrong
    return regs, problems
