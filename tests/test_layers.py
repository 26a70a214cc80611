"""The layers of the code, held by reading every module's imports (those inside functions too).

    core  <  accounts, residential_areas  <  campaign  <  recognition, poverty_fund
          <  reporting  <  portal

A package may import its own layer and the layers below it, never one above; `core` imports no
app at all, and nothing imports `portal` (settings name it as strings). Besides the layers, the
pairs `../shared/DESIGN.md` forbids outright: recognition and poverty_fund never import each
other. Inside one app, no two modules import each other, directly or round a longer cycle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LAYERS = {
    "core": 0,
    "accounts": 1,
    "residential_areas": 1,
    "campaign": 2,
    "recognition": 3,
    "poverty_fund": 3,
    "reporting": 4,
    "portal": 5,
}
NEVER = {("recognition", "poverty_fund"), ("poverty_fund", "recognition")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """The first-party modules a source imports, anywhere in it, as absolute dotted names."""
    found = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # `from . import services`: the names may be modules themselves
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in LAYERS}


def layer_breaks(module: str, imported: set[str]) -> list[str]:
    app = module.split(".")[0]
    breaks = []
    for name in sorted(imported):
        other = name.split(".")[0]
        if other == app:
            continue
        if other == "portal":
            breaks.append(f"{module} imports {name}: nothing imports the portal's configuration")
        elif app == "core":
            breaks.append(f"{module} imports {name}: the toolkit imports no app")
        elif LAYERS[other] > LAYERS[app]:
            breaks.append(f"{module} imports {name}, a layer above it")
        elif (app, other) in NEVER:
            breaks.append(f"{module} imports {name}, which the design forbids")
    return breaks


def first_party_modules() -> dict[str, tuple[Path, bool]]:
    modules = {}
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            modules[module_name(path)] = (path, path.name == "__init__.py")
    return modules


def import_graph() -> dict[str, set[str]]:
    modules = first_party_modules()
    graph = {}
    for module, (path, is_package) in modules.items():
        graph[module] = {
            name
            for name in imports_of(path.read_text(), module, is_package)
            if name in modules and name != module
        }
    return graph


def cycles_within_apps(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle of imports between modules of one app (depth-first search)."""
    found, state = [], {}

    def visit(module, trail):
        state[module] = "open"
        for target in sorted(graph[module]):
            if target.split(".")[0] != module.split(".")[0]:
                continue
            # a package's __init__ importing its own submodules is how packages are built
            if module.startswith(target + "."):
                continue
            if state.get(target) == "open":
                found.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_every_import_goes_down_the_layers():
    breaks = []
    for module, imported in import_graph().items():
        breaks += layer_breaks(module, imported)
    assert breaks == []


def test_no_import_cycle_inside_an_app():
    assert cycles_within_apps(import_graph()) == []


@pytest.mark.parametrize(
    "module, source, expected",
    [
        ("campaign.services", "from reporting.models import ReportRun", "a layer above"),
        ("core.bulk", "from accounts import scope", "imports no app"),
        ("accounts.forms", "from portal.settings import DEBUG", "nothing imports the portal"),
        ("recognition.views", "from poverty_fund import selectors", "forbids"),
        ("residential_areas.views", "def f():\n    import campaign.models", "a layer above"),
    ],
)
def test_the_check_sees_a_reversed_import(module, source, expected):
    imported = imports_of(source, module, is_package=False)
    assert any(expected in line for line in layer_breaks(module, imported))


def test_the_check_sees_a_cycle():
    graph = {
        "reporting.services": {"reporting.tasks"},
        "reporting.tasks": {"reporting.services"},
        "reporting.models": set(),
    }
    assert cycles_within_apps(graph) == [
        ["reporting.services", "reporting.tasks", "reporting.services"]
    ]


def test_relative_imports_are_resolved():
    assert imports_of("from ..models import Indicator", "campaign.results.views", False) >= {
        "campaign.models",
        "campaign.models.Indicator",
    }
    assert "reporting.tasks" in imports_of("from . import tasks", "reporting.services", False)
