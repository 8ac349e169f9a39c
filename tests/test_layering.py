"""Every module of the project imports, and the apps import each other without cycles,
except the one cycle the layering plan of /work/notes/engine.md (issue 16, item 4) removes:
plan ↔ indicators. The test fails on any new cycle, and once that one is gone, so that its
allowance is removed with it."""

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "accountability",
    "bench",
    "config",
    "dashboards",
    "indicators",
    "ops",
    "opendata",
    "plan",
    "public",
    "publication",
    "reporting",
    "risks",
    "synthetic",
)
KNOWN_CYCLES: set[frozenset] = set()


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            yield relative


def app_graph() -> dict[str, set[str]]:
    """App -> the other apps its modules import at module level (imports inside functions
    are deferred on purpose and do not form an import cycle)."""
    graph = defaultdict(set)
    for relative in modules():
        if "tests" in relative.parts:
            continue
        for node in ast.parse((ROOT / relative).read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in APPS and top != relative.parts[0]:
                    graph[relative.parts[0]].add(top)
    return graph


def cycles(graph) -> set[frozenset]:
    """The strongly connected groups of more than one app (Tarjan)."""
    index, low, stack, found = {}, {}, [], set()

    def visit(app):
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in graph.get(app, ()):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == app:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for app in sorted(set(graph) | {o for others in graph.values() for o in others}):
        if app not in index:
            visit(app)
    return found


def test_the_apps_have_no_import_cycle_but_the_known_one():
    assert cycles(app_graph()) == KNOWN_CYCLES


def test_a_cycle_is_found_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}
    assert cycles({"a": {"b"}, "b": set()}) == set()


@pytest.mark.parametrize(
    "module",
    [
        ".".join(m.with_suffix("").parts).removesuffix(".__init__")
        for m in modules()
        if m.name != "__main__.py"  # runs a program when imported
    ],
)
def test_every_module_imports(module):
    importlib.import_module(module)
