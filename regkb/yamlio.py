"""Read YAML keeping the line of every value; write YAML deterministically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


# libyaml's parser when PyYAML was built with it (it keeps line marks too), else the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Problem:
    """One thing wrong with a data file, printed as ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field or '(file)'}: {self.message}"


class DataError(Exception):
    """Raised when data cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Located:
    """Parsed YAML data plus the source line of each value, keyed by its path."""

    data: Any
    lines: dict[PathKey, int]
    file: str

    def line_of(self, path: PathKey) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


_STR, _MAP, _SEQ, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq", "merge"))


def _walk(
    node: yaml.Node, path: PathKey, lines: dict[PathKey, int], problems: list[Problem], file: str, loader: Any
) -> Any:
    """Record the line of every value under ``node`` and build its Python value in the same pass.

    Strings, mappings and lists are built here (PyYAML's constructor is Python code even with libyaml,
    and was a third of the time to load an extract); other scalars (numbers, dates, booleans) by
    ``loader``, so every value is what ``yaml.safe_load`` would give.
    """
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        # a merge key (<<: *base): lines are recorded here, the merged mapping is PyYAML's
        merge = any(key_node.tag == _MERGE for key_node, _ in node.value)
        out: dict[Any, Any] = {}
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            name = key_node.value  # as written: paths and duplicates go by the key's text
            if name in seen:
                problems.append(Problem(file, key_node.start_mark.line + 1, _dotted(path + (name,)), "duplicate key"))
            seen.add(name)
            value = _walk(value_node, path + (name,), lines, problems, file, loader)
            lines[path + (name,)] = key_node.start_mark.line + 1
            if not merge:
                out[name if key_node.tag == _STR else loader.construct_object(key_node, deep=True)] = value
        return loader.construct_object(node, deep=True) if merge else out
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_walk(item, path + (index,), lines, problems, file, loader) for index, item in enumerate(node.value)]
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        return node.value
    return loader.construct_object(node, deep=True)


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def dotted(path: PathKey) -> str:
    """``('body', 0, 'children', 2, 'id')`` → ``body[0].children[2].id``."""
    return _dotted(path)


def load(path: Path, display: str | None = None) -> Located:
    """Parse a YAML file; a syntax error or duplicate key becomes a :class:`DataError`."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(name, 1, "", f"cannot read file: {exc}")]) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError([Problem(name, 1, "", "empty file")])
        lines: dict[PathKey, int] = {}
        problems: list[Problem] = []
        data = _walk(node, (), lines, problems, name, loader)  # from the same parse: the text is read once
        if problems:
            raise DataError(problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DataError([Problem(name, line, "", f"malformed YAML: {exc.problem or exc}")]) from exc
    finally:
        loader.dispose()
    return Located(data, lines, name)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter when available
    def ignore_aliases(self, data: Any) -> bool:  # a maintainer reads plain values, never &id001 anchors
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump(data: Any) -> str:
    """YAML text with stable key order, unicode kept and no line wrapping."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2)
