"""La arquitectura de course_lib, comprobada: marco y lecciones separados, sin ciclos, módulos cortos.

* El **marco** (``course_lib/*.py`` y sus subpaquetes fuera de ``lessons``) no sabe nada de
  ninguna lección: nunca importa ``course_lib.lessons``.
* Cada **lección** (``course_lib/lessons/<tema>/``) separa el cálculo (``compute``) de las
  figuras y los exploradores. El cálculo no importa matplotlib, ipywidgets, IPython, ni las
  vistas del curso (``plots``, ``explorer``, ``figures``, ``explorers``): se puede probar solo.
* Una lección solo puede usar de otra su ``compute``.
* No hay ciclos de importación (contando también las importaciones dentro de funciones).
* Ningún módulo pasa de :data:`MAX_LINES` líneas.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "course_lib"
MAX_LINES = 500
VIEW_LIBRARIES = ("matplotlib", "ipywidgets", "traitlets", "IPython")
VIEW_MODULES = ("course_lib.plots", "course_lib.explorer")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}
LESSONS = sorted(p for p in (PACKAGE / "lessons").iterdir() if p.is_dir() and p.name != "__pycache__") \
    if (PACKAGE / "lessons").is_dir() else []


def imports_of(name: str) -> set[str]:
    """Módulos importados por ``name`` (en cualquier lugar del archivo), resueltos a nombres completos."""
    path = MODULES[name]
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    found.add(f"{target}.{alias.name}")
    return found


def internal_imports(name: str) -> set[str]:
    return {m for m in imports_of(name) if m in MODULES and m not in ("course_lib", name)}


def is_lesson(name: str) -> bool:
    return name.startswith("course_lib.lessons.") or name == "course_lib.lessons"


def lesson_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "lessons" else None


def test_the_package_has_framework_and_lessons():
    framework = [m for m in MODULES if not is_lesson(m)]
    assert {"course_lib.config", "course_lib.data", "course_lib.training", "course_lib.plots",
            "course_lib.explorer", "course_lib.exercises", "course_lib.hints"} <= set(framework)
    assert LESSONS, "falta course_lib/lessons/"


@pytest.mark.parametrize("name", [m for m in MODULES if not is_lesson(m)])
def test_framework_never_imports_lessons(name):
    bad = sorted(m for m in imports_of(name) if m.startswith("course_lib.lessons"))
    assert not bad, f"{name} (marco) importa lecciones: {bad}"


@pytest.mark.parametrize("name", [m for m in MODULES if is_lesson(m) and m.rsplit(".", 1)[-1].startswith("compute")])
def test_compute_modules_import_no_views(name):
    bad = sorted(m for m in imports_of(name)
                 if m.split(".")[0] in VIEW_LIBRARIES or m in VIEW_MODULES
                 or m.rsplit(".", 1)[-1] in ("figures", "explorers"))
    assert not bad, f"{name} es cálculo y no puede importar vistas: {bad}"


@pytest.mark.parametrize("name", [m for m in MODULES if lesson_of(m)])
def test_lessons_use_only_the_compute_of_other_lessons(name):
    own = lesson_of(name)
    bad = sorted(m for m in internal_imports(name)
                 if lesson_of(m) not in (None, own) and not m.rsplit(".", 1)[-1].startswith("compute"))
    assert not bad, f"{name} usa de otra lección algo que no es su cálculo: {bad}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_each_lesson_separates_computation_from_views(lesson):
    files = {p.name for p in lesson.glob("*.py")}
    assert "__init__.py" in files and "compute.py" in files, f"{lesson.name}: faltan __init__.py o compute.py"
    doc = ast.get_docstring(ast.parse((lesson / "__init__.py").read_text(encoding="utf-8")))
    assert doc, f"{lesson.name}/__init__.py necesita un docstring que diga qué ofrece y a qué notebook sirve"


def test_no_import_cycles():
    graph = {name: internal_imports(name) for name in MODULES}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError("ciclo de importación: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_too_long(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} tiene {lines} líneas (máximo {MAX_LINES}): divídelo por responsabilidades"


def test_the_checker_sees_a_violation(tmp_path, monkeypatch):
    """La comprobación detecta de verdad un cálculo que importa matplotlib y un ciclo."""
    fake = {"course_lib.lessons.demo.compute": tmp_path / "compute.py",
            "course_lib.a": tmp_path / "a.py", "course_lib.b": tmp_path / "b.py"}
    fake["course_lib.lessons.demo.compute"].write_text("from matplotlib.figure import Figure\n")
    fake["course_lib.a"].write_text("def f():\n    from course_lib import b\n")
    fake["course_lib.b"].write_text("from course_lib import a\n")
    monkeypatch.setattr(__import__(__name__), "MODULES", fake)
    with pytest.raises(AssertionError, match="no puede importar vistas"):
        test_compute_modules_import_no_views("course_lib.lessons.demo.compute")
    with pytest.raises(AssertionError, match="ciclo de importación: course_lib.a → course_lib.b → course_lib.a"):
        test_no_import_cycles()
