"""What a build remembers belongs to a build object (regkb.build.Build, owned by the MkDocs plugin), never
to a module: module state outlives a build, leaks between two builds in one process and between
`mkdocs serve` rebuilds. This scans the code for the forms it took before (a module-level dict filled
as a cache, a ``global``, ``functools.cache`` on a module function, a class attribute set or filled from outside).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGES = ("regkb", "macros", "mkdocs_regkb")
MUTATORS = {
    "append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault", "add", "discard",
    "sort", "reverse", "__setitem__", "__delitem__",
}  # fmt: skip
CONTAINER_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "WeakValueDictionary"}
CACHES = {"cache", "lru_cache"}
# library classes whose instances remember things (compiled templates, worker pools, open sessions): one made
# at module level is a module-level cache under another name
STATEFUL_CLASSES = {
    "Environment", "SandboxedEnvironment", "ThreadPoolExecutor", "ProcessPoolExecutor", "Pool", "Session",
    "Client", "Tokenizer", "Popen",
}  # fmt: skip


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _is_container(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in CONTAINER_CALLS
    return False


def _assignments(tree: ast.Module) -> list[tuple[list[ast.expr], ast.expr]]:
    """The module-level assignments (plain and annotated) as (targets, value)."""
    found: list[tuple[list[ast.expr], ast.expr]] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            found.append((node.targets, node.value))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            found.append(([node.target], node.value))
    return found


def _module_names(tree: ast.Module) -> tuple[set[str], set[str], set[str]]:
    """The module-level containers, classes, and instances of the module's own classes."""
    containers, classes, instances = set(), set(), set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            classes.add(node.name)
    for targets, value in _assignments(tree):
        names = {t.id for t in targets if isinstance(t, ast.Name)}
        if _is_container(value):
            containers |= names
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in classes:
            instances |= names
    return containers, classes, instances


def _stateful_instances(tree: ast.Module) -> list[tuple[int, str, str]]:
    """Module-level ``name = Environment(...)`` (or ``jinja2.Environment(...)``) and the like: (line, name, class)."""
    found = []
    for targets, value in _assignments(tree):
        if not isinstance(value, ast.Call):
            continue
        func = value.func
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if called in STATEFUL_CLASSES:
            found += [(value.lineno, t.id, called) for t in targets if isinstance(t, ast.Name)]
    return found


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Subscript | ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    containers, classes, instances = _module_names(tree)
    where = f"{path.relative_to(ROOT)}"
    found = [f"{where}: module-level instance {name!r} of its own class (a singleton)" for name in sorted(instances)]
    found += [
        f"{where}:{line}: module-level {name!r}, a {called} (it keeps state: a build should own it)"
        for line, name, called in _stateful_instances(tree)
    ]
    for node in ast.walk(tree):
        line = f"{where}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Global):
            found.append(f"{line}: global {', '.join(node.names)}")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name in CACHES:
                    found.append(f"{line}: functools.{name} on {node.name}()")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in containers:
                found.append(f"{line}: module-level {owner.id!r} mutated (.{node.func.attr})")
            if isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and owner.value.id in classes:
                found.append(f"{line}: class attribute {owner.value.id}.{owner.attr} mutated (.{node.func.attr})")
        targets = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Subscript) and _root_name(target) in containers:
                found.append(f"{line}: module-level {_root_name(target)!r} mutated (item assignment)")
            owner = target.value if isinstance(target, ast.Subscript) else target
            if isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and owner.value.id in classes:
                found.append(f"{line}: class attribute {owner.value.id}.{owner.attr} set after import")
    return found


def test_the_scan_finds_each_kind_of_module_state(tmp_path: Path, monkeypatch) -> None:
    """The scan itself: each form of module state it exists to catch is caught."""
    bad = tmp_path / "regkb" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(
        "import functools\n"
        "_seen = {}\n"
        "_names: list[str] = []\n"
        "class Tracked:\n"
        "    previous = {}\n"
        "def track(x):\n"
        "    Tracked.previous.update(x)\n"
        "class Holder:\n"
        "    pass\n"
        "HOLDER = Holder()\n"
        "import jinja2\n"
        "from jinja2 import Environment\n"
        "_env = Environment(autoescape=True)\n"
        "_other: jinja2.Environment = jinja2.Environment()\n"
        "@functools.cache\n"
        "def version():\n"
        "    return 1\n"
        "def remember(key, value):\n"
        "    global _last\n"
        "    _seen[key] = value\n"
        "    _names.append(key)\n"
        "    Holder.current = value\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    kinds = "\n".join(_problems(bad))
    for expected in ("global _last", "functools.cache", "'_seen' mutated", "'_names' mutated", "Holder.current",
                     "Tracked.previous mutated", "instance 'HOLDER'",
                     "'_env', a Environment", "'_other', a Environment"):  # fmt: skip
        assert expected in kinds, (expected, kinds)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_level_state(path: Path) -> None:
    assert _problems(path) == []
