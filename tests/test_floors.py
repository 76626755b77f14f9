"""Imports only point down the house: a package of app/ may import from its own package and
from packages on lower floors, never from its own floor or above (also not inside a function).

A lower floor that must tell a higher one something records an event instead (core.events).
The floors are the README's; a new package must be given a floor here, or this test fails."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"

FLOORS = (
    {"config", "extensions"},
    {"core"},
    {"accounts"},
    {"networks"},
    {"forum", "proposals"},
    {"moderation", "committee"},
    {"surveys", "focusgroups", "home", "privacy"},
    {"notifications", "pages", "ops"},
    {"admin"},
    {"demo"},
    {"cli"},
    {"__init__"},
)
FLOOR = {package: level for level, packages in enumerate(FLOORS) for package in packages}


def _package(path: Path) -> str:
    parts = path.relative_to(APP).parts
    return parts[0].removesuffix(".py")


def _imported(node: ast.AST) -> list[str]:
    """The app packages an import statement reaches ("app.forum.models" -> "forum")."""
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module == "app":
            return [alias.name for alias in node.names]
        if node.module.startswith("app."):
            return [node.module.split(".")[1]]
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[1] for alias in node.names
                if alias.name.startswith("app.")]
    return []


def test_every_package_has_a_floor():
    packages = {_package(path) for path in APP.rglob("*.py")}
    assert packages - FLOOR.keys() == set(), "give the new package a floor in FLOORS"


def upward(importer: str, source: str) -> list[tuple[int, str]]:
    """(line, package) of each import in `source` that reaches the importer's floor or above."""
    return [(node.lineno, imported) for node in ast.walk(ast.parse(source))
            for imported in _imported(node)
            if imported != importer and FLOOR.get(imported, len(FLOORS)) >= FLOOR[importer]]


def test_imports_only_point_down():
    found = [f"{path.relative_to(APP.parent)}:{line} imports app.{imported}"
             for path in sorted(APP.rglob("*.py"))
             for line, imported in upward(_package(path), path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_check_sees_an_upward_import_also_inside_a_function():
    source = "from app.core.db import commit\n\ndef f():\n    from app.forum import services\n"
    assert upward("accounts", source) == [(4, "forum")]
    assert upward("moderation", source) == []
    assert upward("forum", "import app.proposals.models\n") == [(1, "proposals")]  # same floor
