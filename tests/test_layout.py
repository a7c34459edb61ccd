"""The engine's folders are its layers: checks of the layout and of the old module names.

Each sub-package of ``lintnews/`` imports only the layers before it, the top level holds
only the package's entry points and public helpers, and every module name from before the
layout still imports, as the same module object, without slowing start-up.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import lintnews

ENGINE = Path(lintnews.__file__).parent
#: Lowest first: a layer may import only the layers before it.
LAYERS = ["common", "model", "plugin", "site", "run", "network", "output", "commands"]
#: ``locale`` holds the gettext catalogs (data, no module): gettext looks for them there.
TOP_LEVEL = {"__init__.py", "__main__.py", "api.py", "cli.py", "testing.py", "py.typed", "locale"}
OLD_NAMES = sorted(lintnews._MOVED_MODULES.items())


@pytest.mark.parametrize(("old", "new"), OLD_NAMES)
def test_old_module_name_is_the_moved_module(old: str, new: str) -> None:
    module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert sys.modules[old] is sys.modules[new]
    assert module.__name__ == new
    assert module.__spec__.name == new


def test_patching_through_an_old_name_patches_the_module(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = OLD_NAMES[0]
    monkeypatch.setattr(f"{old}.patched_for_test", "seen", raising=False)
    assert importlib.import_module(new).patched_for_test == "seen"


def test_old_names_import_first_in_a_fresh_interpreter() -> None:
    checks = "; ".join(
        f"import {old}, {new}; assert sys.modules[{old!r}] is sys.modules[{new!r}]"
        for old, new in OLD_NAMES
    )
    subprocess.run([sys.executable, "-c", f"import sys; {checks}"], check=True)


def test_an_unknown_module_name_still_fails() -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("lintnews.no_such_module")


def _imported_modules(*arguments: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {line.rpartition("|")[2].strip() for line in lines[1:]}


def test_the_old_names_cost_start_up_nothing() -> None:
    # `lintnews --version` imported these of lintnews before the layout (the command modules
    # import their work lazily), and the package itself imports nothing beyond what it did
    # (typing, for its annotations).
    version = _imported_modules("-m", "lintnews", "--version")
    assert {m for m in version if m.startswith("lintnews")} <= {
        "lintnews",
        "lintnews.cli",
        "lintnews.commands",
        "lintnews.commands.rules",
        "lintnews.output",
    }
    added = _imported_modules("-c", "import lintnews") - _imported_modules("-c", "pass")
    assert added <= {"lintnews", "typing", "_typing", "collections.abc"}


def test_the_top_level_holds_only_entry_points_and_public_helpers() -> None:
    entries = {p.name for p in ENGINE.iterdir() if p.name != "__pycache__"}
    assert entries - TOP_LEVEL - set(LAYERS) == set(), "put new modules in a layer"


def _imported_engine_names(tree: ast.AST) -> list[tuple[int, str]]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "lintnews":
                names += [(node.lineno, f"lintnews.{alias.name}") for alias in node.names]
            else:
                names.append((node.lineno, node.module))
    return [(line, name) for line, name in names if name.startswith("lintnews.")]


def test_each_layer_imports_only_the_layers_before_it() -> None:
    wrong = []
    for path in sorted(ENGINE.glob("*/**/*.py")):
        layer = path.relative_to(ENGINE).parts[0]
        allowed = LAYERS[: LAYERS.index(layer) + 1]
        for line, name in _imported_engine_names(ast.parse(path.read_text(encoding="utf-8"))):
            target = name.split(".")[1]
            if target not in allowed and target not in {"__version__", "ENTRY_POINT_GROUP"}:
                wrong.append(f"{path.relative_to(ENGINE)}:{line} imports {name}")
    assert wrong == []
