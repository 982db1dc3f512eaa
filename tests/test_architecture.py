"""Dependencies point inward: cli → planfile → domain; the domain does no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "shisaku"
LAYERS = {"domain": 0, "planfile": 1, "db": 2, "intake": 2, "stats": 2, "cli": 3}
IO_MODULES = {"os", "io", "pathlib", "open", "sqlite3", "socket", "subprocess", "shutil", "yaml"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_layers_import_only_inward() -> None:
    for layer, rank in LAYERS.items():
        for path in (SRC / layer).rglob("*.py"):
            for name in imports(path):
                parts = name.split(".")
                if parts[0] == "shisaku" and len(parts) > 1 and parts[1] in LAYERS:
                    other = parts[1]
                    inward = LAYERS[other] < rank or other == layer
                    assert inward, f"{layer}/{path.name} imports {name}"


def test_domain_does_no_io() -> None:
    for path in (SRC / "domain").rglob("*.py"):
        roots = {name.split(".")[0] for name in imports(path)}
        assert not roots & IO_MODULES, f"{path.name} imports {roots & IO_MODULES}"
        assert "open(" not in path.read_text(encoding="utf-8"), path.name


def test_modules_stay_small() -> None:
    for path in SRC.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 320, f"{path.relative_to(SRC)} has {lines} lines"
