"""The house's rooms and who may import whom: read from the source, so a wrong import fails here.

Each room is a subpackage of ``outcomes_bot`` whose docstring says what it may import;
the modules at the top of the package (replies, clock, text, service, inbox) are shared.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "outcomes_bot"
ENGINE_ROOMS = {"content", "coach", "practice", "team", "store", "learn"}
FRONT_ENDS = {"telegram_bot", "terminal", "cli"}
ALLOWED = {  # room -> the rooms it may import, besides itself and the shared modules
    "content": {"coach"},  # the loader compiles the coach's rules
    "coach": {"content"},
    "practice": {"coach", "content", "store"},
    "team": {"practice", "content", "store"},
    "store": {"practice"},  # the Session and Turn it saves
    "learn": {"content", "store", "team", "practice"},  # recording review: identifying details; progress: ratings
    "shared": ENGINE_ROOMS,
    "package": ENGINE_ROOMS,
    "telegram_bot": ENGINE_ROOMS,
    "terminal": ENGINE_ROOMS,
    "cli": ENGINE_ROOMS | {"telegram_bot", "terminal"},
}
ONLY = {"sqlite3": {"store"}, "sqlite_utils": {"store"}, "telegram": {"telegram_bot"}}  # outside libraries


def room_of(parts: tuple[str, ...]) -> str:
    """The room of a module given by its path inside the package ("practice", "engine")."""
    if parts == ("__init__",):
        return "package"
    if len(parts) == 1:
        return "cli" if parts[0] == "cli" else "shared"
    return parts[0]


def modules() -> list[tuple[str, tuple[str, ...]]]:
    """Every module of the package, as (its room, its parts)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found.append((room_of(parts), parts))
    return found


def imports(parts: tuple[str, ...]) -> set[tuple[str, str]]:
    """What one module imports: ("room", name) for the package's own modules, ("lib", name) for others."""
    path = PACKAGE.joinpath(*parts).with_suffix(".py")
    here = list(parts[:-1]) if parts[-1] != "__init__" else list(parts[:-1])
    out: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                out.add(("lib", top) if top != "outcomes_bot" else ("room", room_of(tuple(alias.name.split(".")[1:]))))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                top = (node.module or "").split(".")[0]
                if top != "outcomes_bot":
                    out.add(("lib", top))
                    continue
                target = (node.module or "").split(".")[1:]
            else:
                base = here[: len(here) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
            names = [target + [a.name] for a in node.names] if not node.module or len(target) <= len(here) else [target]
            for name in names:
                out.add(("room", room_of(tuple(_module_part(name)))))
    return out


def _module_part(name: list[str]) -> list[str]:
    """The part of a dotted name that is a module or package of ours (drops a class or function name)."""
    for cut in range(len(name), 0, -1):
        candidate = PACKAGE.joinpath(*name[:cut])
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            return name[:cut]
    return name[:1]


def test_every_room_has_a_docstring_saying_what_lives_there_and_what_it_may_import():
    for room in ENGINE_ROOMS | FRONT_ENDS - {"cli"}:
        doc = ast.get_docstring(ast.parse((PACKAGE / room / "__init__.py").read_text(encoding="utf-8")))
        assert doc and ("May import" in doc or "may import" in doc), room


@pytest.mark.parametrize("room, parts", modules(), ids=lambda v: ".".join(v) if isinstance(v, tuple) else v)
def test_each_module_imports_only_what_its_room_may(room, parts):
    for kind, name in imports(parts):
        if kind == "room":
            assert name in ALLOWED[room] | {room, "shared"}, f"{'.'.join(parts)} ({room}) imports the {name} room"
        elif name in ONLY:
            assert room in ONLY[name], f"{'.'.join(parts)} ({room}) imports {name}"


def test_the_rules_are_enforced_by_what_the_reader_finds():
    """The reader sees a forbidden import: a front end from an engine room, and sqlite3 outside the store."""
    found = imports(("practice", "engine"))
    assert ("room", "coach") in found and ("room", "store") in found
    assert ("lib", "sqlite_utils") in imports(("store", "database"))
    assert ("lib", "telegram") in imports(("telegram_bot", "handlers"))
    assert ("room", "practice") in imports(("telegram_bot", "bench"))


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 300, 50
WHY = "# long because"  # on the def line, or the line above it: why this one may be longer


def test_modules_are_short_and_functions_shorter_unless_a_comment_says_why():
    """Modules under 300 lines and functions under 50; a longer one carries a '# long because ...' comment."""
    too_long = []
    for _, parts in modules():
        path = PACKAGE.joinpath(*parts).with_suffix(".py")
        lines = path.read_text(encoding="utf-8").splitlines()
        name = "/".join(parts) + ".py"
        if len(lines) > MAX_MODULE_LINES and not any(WHY in line for line in lines[:15]):
            too_long.append(f"{name}: {len(lines)} lines")
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = node.end_lineno - start + 1
                said = WHY in lines[node.lineno - 1] or WHY in lines[start - 2]
                if length > MAX_FUNCTION_LINES and not said:
                    too_long.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []
