"""Convenciones de los notebooks (CONTRIBUTING.md) y edición del estudiante."""

import ast
import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

spec = importlib.util.spec_from_file_location("nbtool", ROOT / "tools" / "nbtool.py")
nbtool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nbtool)


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert any(n.startswith("00_") for n in names) and any(n.startswith("05_") for n in names), names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_conventions(path):
    assert nbtool.check(path) == []


def test_check_detects_stale_outputs_and_missing_sections(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 03 · Algo"), nbformat.v4.new_code_cell("print(1)")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[1].execution_count = 1
    path = tmp_path / "03_algo.ipynb"
    nbformat.write(nb, path)
    problems = "\n".join(nbtool.check(path))
    assert "tiene salidas guardadas y no es contrato" in problems
    assert "falta la sección '## Objetivos'" in problems and "falta la sección '## Resumen'" in problems
    assert "import course_lib" in problems and "al menos dos ejercicios" in problems


def test_strip_keeps_only_contract_cells():
    nb = nbformat.v4.new_notebook()
    keep = nbformat.v4.new_code_cell("1", metadata={"keep_output": True}, execution_count=3,
                                     outputs=[nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=3)])
    drop = nbformat.v4.new_code_cell("2", execution_count=4,
                                     outputs=[nbformat.v4.new_output("stream", text="2\n")])
    nb.cells = [keep, drop]
    nb.metadata["widgets"] = {"state": {}}
    nbtool.strip(nb)
    assert keep.outputs and keep.execution_count == 3
    assert drop.outputs == [] and drop.execution_count is None
    assert "widgets" not in nb.metadata


def test_remove_solutions():
    src = "x = ...  # tu respuesta\n# >>> SOLUCIÓN\nx = 42\n# <<< SOLUCIÓN\nprint(x)"
    assert nbtool.remove_solutions(src) == "x = ...  # tu respuesta\nprint(x)"
    with pytest.raises(ValueError, match="Falta el '# <<< SOLUCIÓN'"):
        nbtool.remove_solutions("# >>> SOLUCIÓN\nx = 1")
    with pytest.raises(ValueError, match="sin su"):
        nbtool.remove_solutions("# <<< SOLUCIÓN")


def test_student_edition_has_no_solutions_and_still_parses(tmp_path):
    written = nbtool.student_edition(ROOT / "notebooks", tmp_path)
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    for target, original in zip(written, NOTEBOOKS):
        nb = nbformat.read(target, as_version=4)
        orig = nbformat.read(original, as_version=4)
        n_solutions = sum(c.source.count(nbtool.SOLUTION_START) for c in orig.cells if c.cell_type == "code")
        assert n_solutions >= 2, original.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert "SOLUCIÓN" not in cell.source and not cell.outputs
                ast.parse(cell.source.replace("%", "#"))
        placeholders = sum(
            1 for c in nb.cells if c.cell_type == "code"
            for node in ast.walk(ast.parse(c.source.replace("%", "#")))
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value is Ellipsis
        )
        assert placeholders >= n_solutions, f"{target.name}: cada solución necesita su línea 'variable = ...'"


def test_student_copy_never_overwrites_the_students_work(tmp_path):
    """``make lab`` rehace mi-curso/ con --keep-existing: lo que el estudiante cambió se conserva."""
    first = nbtool.student_edition(ROOT / "notebooks", tmp_path, keep_existing=True)
    assert len(first) == len(NOTEBOOKS)
    mine = first[0]
    nb = nbformat.read(mine, as_version=4)
    nb.cells[0].source += "\n\nMis apuntes."
    nbformat.write(nb, mine)
    (tmp_path / NOTEBOOKS[-1].name).unlink()          # un notebook que aún no tenía
    again = nbtool.student_edition(ROOT / "notebooks", tmp_path, keep_existing=True)
    assert again == [tmp_path / NOTEBOOKS[-1].name]
    assert "Mis apuntes." in nbformat.read(mine, as_version=4).cells[0].source
