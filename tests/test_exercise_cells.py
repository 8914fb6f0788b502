"""Los ejercicios de cada notebook y los de su lección coinciden, y la edición del estudiante no revela respuestas."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import nbformat
import pytest

from course_lib.lessons import NOTEBOOK_LESSONS, exercises_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import nbtool  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def check_calls(nb):
    """(clave, nombre de la respuesta, índice de la celda) de cada celda ``ex.<clave>.check(respuesta, …)``."""
    calls = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and nbtool._CHECK_CALL.search(cell.source):
            call = ast.parse(cell.source).body[0].value
            answer = call.args[0].id if call.args and isinstance(call.args[0], ast.Name) else None
            calls.append((call.func.value.attr, answer, index))
    return calls


def solution_block(source: str) -> str:
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(nbtool.SOLUTION_START))
    end = next(i for i, line in enumerate(lines) if line.strip().startswith(nbtool.SOLUTION_END))
    return "\n".join(lines[start + 1:end]).strip()


def test_every_course_notebook_has_a_lesson_with_exercises():
    assert {p.stem for p in NOTEBOOKS} <= set(NOTEBOOK_LESSONS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_check_cells_match_the_lesson_exercises_and_their_solutions(path):
    nb = nbformat.read(path, as_version=4)
    defined = exercises_for(path.stem)
    calls = check_calls(nb)
    assert [key for key, _, _ in calls] == list(defined.exercises), (
        "cada ejercicio de la lección tiene una celda de comprobación, en el mismo orden")
    for key, answer, index in calls:
        item = defined.exercises[key]
        assert answer == item.answer_name, f"{key}: la comprobación corrige {answer}, la lección espera {item.answer_name}"
        answer_cells = [c for c in nb.cells[:index] if c.cell_type == "code" and nbtool.SOLUTION_START in c.source]
        assert answer_cells, f"{key}: falta la celda de respuesta con su bloque de solución antes de la comprobación"
        cell = answer_cells[-1]
        assert f"{item.answer_name} = ..." in cell.source, f"{key}: la celda de respuesta empieza con «{item.answer_name} = ...»"
        assert solution_block(cell.source) == item.solution_code, (
            f"{key}: la solución de la lección y el bloque de solución del notebook deben ser iguales")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_student_edition_reveals_no_solution(path, tmp_path):
    [student] = [p for p in nbtool.student_edition(path.parent, tmp_path) if p.name == path.name]
    nb = nbformat.read(student, as_version=4)
    assert nbtool.SOLUTION_START not in "\n".join(c.source for c in nb.cells)
    defined = exercises_for(path.stem)
    for key, _, index in check_calls(nb):
        assert nbtool.check_cell_problem(nb.cells[index].source) is None
        # Hasta su comprobación, ninguna celda muestra la solución entera (una línea suelta que
        # comparte con otro código, o la firma de una función que pide el enunciado, sí).
        # Después, la lección puede enseñar el código.
        before = "\n".join(c.source for c in nb.cells[:index + 1])
        lines = [line.split("#")[0].strip() for line in defined.exercises[key].solution_code.splitlines()]
        lines = [line for line in lines if line and not line.startswith("def ")]
        assert not all(line in before for line in lines), (
            f"{key}: la edición del estudiante muestra la solución antes de la comprobación: {lines}")


@pytest.mark.parametrize("source, problem", [
    ("ex.steps.check(pasos, x_fit=x_fit, batch_size=BATCH_SIZE)", None),
    ("ex.steps.check(pasos, history=results['base']['history'], n=len(x_fit))", None),
    ("ex.steps.check(pasos, expected=1875)", "un número"),
    ("ex.steps.check(pasos, expected=len(x_fit) // 32)", "calcula"),
    ("ex.steps.check(pasos, test=lambda p: p == 3)", "calcula"),
    ("x = 3\nex.steps.check(pasos)", "una sola llamada"),
])
def test_check_cell_rule(source, problem):
    found = nbtool.check_cell_problem(source)
    assert (found is None) if problem is None else (problem in found)
