"""Read YAML keeping the line of every value; write YAML deterministically."""

from __future__ import annotations

import re
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
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        # a merge key (<<: *base): lines are recorded here, the merged mapping is PyYAML's
        merge = any(key_node.tag == _MERGE for key_node, _ in node.value)
        out: dict[Any, Any] = {}
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(
                        file,
                        key_node.start_mark.line + 1,
                        _dotted(path),
                        "a key must be a plain name, not a list or mapping",
                    )
                )
                continue
            name = key_node.value  # as written: paths and duplicates go by the key's text
            if name in seen:
                problems.append(Problem(file, key_node.start_mark.line + 1, _dotted(path + (name,)), "duplicate key"))
            seen.add(name)
            value = _walk(value_node, path + (name,), lines, problems, file, loader)
            lines[path + (name,)] = key_node.start_mark.line + 1
            if not merge:
                out[name if key_node.tag == _STR else _construct(key_node, path + (name,), problems, file, loader)] = (
                    value
                )
        return _construct(node, path, problems, file, loader) if merge else out
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_walk(item, path + (index,), lines, problems, file, loader) for index, item in enumerate(node.value)]
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        return node.value
    return _construct(node, path, problems, file, loader, line)


def _construct(node: yaml.Node, path: PathKey, problems: list[Problem], file: str, loader: Any, line: int = 0) -> Any:
    """PyYAML's value for ``node``; an impossible value (2020-02-30, ``!!int abc``) becomes a problem."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError:
        raise
    except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
        where = line or node.start_mark.line + 1
        problems.append(
            Problem(file, where, _dotted(path), f"invalid {node.tag.rsplit(':', 1)[-1]} value {node.value!r}: {exc}")
        )
        return None


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def dotted(path: PathKey) -> str:
    """``('body', 0, 'children', 2, 'id')`` → ``body[0].children[2].id``."""
    return _dotted(path)


MAX_FILE_BYTES = 8_000_000  # the largest extract today is 60 kB
MAX_VALUES = 200_000  # values after expanding aliases; the largest extract today has about 5,000
# Control characters have no place in a data file (tab, newline and carriage return aside); nor do the
# Unicode line separators, which end a line in JavaScript and some editors but not in YAML.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def read_text(path: Path, name: str, control_ok: bool = False) -> str:
    """A data file's text: UTF-8, no control characters (unless ``control_ok``), not too large;
    else a :class:`DataError`."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DataError([Problem(name, 1, "", f"file is larger than {MAX_FILE_BYTES:,} bytes")])
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(name, 1, "", f"cannot read file: {exc.strerror or exc}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
        ) from exc
    text = text.removeprefix("\ufeff")
    problems = [
        Problem(
            name, text.count("\n", 0, m.start()) + 1, "", f"control character U+{ord(m.group(0)):04X} is not allowed"
        )
        for m in _BAD_CHARS.finditer(text if not control_ok else "")
    ]
    if problems:
        raise DataError(problems[:20])
    return text


def _expanded_size(root: yaml.Node, name: str) -> int:
    """How many values ``root`` holds once every alias is expanded (without expanding them), or a
    :class:`DataError` for a recursive alias. Each node is counted once, so this is linear."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            children = _children(node)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), 10**12)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            line = node.start_mark.line + 1
            raise DataError(
                [Problem(name, line, "", "a recursive alias (an anchor used inside itself) is not allowed")]
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    return sizes[id(root)]


def _tree_size(root: yaml.Node) -> int:
    """How many values ``root`` holds when no node is shared (a text without ``&`` has no anchor,
    so no alias): a plain count, the same number :func:`_expanded_size` gives, at a fraction of its cost."""
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, yaml.MappingNode):
            for pair in node.value:
                stack.extend(pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return count


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def load(path: Path, display: str | None = None) -> Located:
    """Parse a YAML file; a syntax error, an unreadable value or a duplicate key becomes a :class:`DataError`."""
    name = display or str(path)
    text = read_text(path, name)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError([Problem(name, 1, "", "empty file")])
        size = _expanded_size(node, name) if "&" in text else _tree_size(node)
        if size > MAX_VALUES:
            raise DataError(
                [Problem(name, 1, "", f"holds {size:,} values once aliases are expanded (limit {MAX_VALUES:,})")]
            )
        lines: dict[PathKey, int] = {}
        problems: list[Problem] = []
        data = _walk(node, (), lines, problems, name, loader)  # from the same parse: the text is read once
        if problems:
            raise DataError(problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DataError([Problem(name, line, "", f"malformed YAML: {exc.problem or exc}")]) from exc
    except yaml.YAMLError as exc:  # a reader error: a character YAML does not allow
        raise DataError([Problem(name, 1, "", f"malformed YAML: {exc}")]) from exc
    except RecursionError as exc:
        raise DataError([Problem(name, 1, "", "nested too deeply")]) from exc
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
