"""Ayudas de las pruebas de los ejercicios de cada lección (``test_<lección>_exercises.py``).

* :func:`solution_block`: el código entre ``# >>> SOLUCIÓN`` y ``# <<< SOLUCIÓN`` de la celda de
  respuesta de un notebook (la que asigna ``answer``), para compararlo con ``solution=``;
* :func:`solve`: ejecuta ese código en un espacio de nombres y devuelve la respuesta;
* :func:`assert_spanish`: la corrección no lleva texto de errores de Python en inglés;
* :func:`reset`: deja un conjunto de ejercicios sin intentos (el estado es del módulo).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
_BLOCK = re.compile(r"^# >>> SOLUCIÓN\n(.*?)^# <<< SOLUCIÓN", re.M | re.S)
# Trozos de los mensajes de error de Python y NumPy en inglés que no deben llegar al estudiante.
ENGLISH = ("Traceback", "Error:", "object is not", "unsupported operand", "could not convert", "not callable",
           "has no attribute", "only length-1", "only 0-dimensional", "invalid literal", "unhashable",
           "argument", "got an unexpected", "must be", "cannot")


def solution_block(notebook: str, answer: str) -> str:
    """El bloque de solución de la celda de código que empieza por ``answer = ...``."""
    nb = nbformat.read(NOTEBOOKS / f"{notebook}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and re.match(rf"{re.escape(answer)}\s*=\s*\.\.\.", cell.source):
            match = _BLOCK.search(cell.source)
            assert match, f"la celda de {answer} no tiene bloque de solución"
            return match.group(1).strip()
    raise AssertionError(f"{notebook}: no hay celda de respuesta «{answer} = ...»")


def solve(exercise, namespace: dict | None = None):
    """Ejecuta la solución de ``exercise`` (con ``np`` y lo que haya en ``namespace``) y da la respuesta."""
    import numpy as np

    scope = {"np": np, **(namespace or {})}
    exec(exercise.solution_code, scope)  # noqa: S102 - el código de la solución del propio curso
    return scope[exercise.answer_name]


def assert_spanish(feedback) -> None:
    text = feedback.text()
    assert not [w for w in ENGLISH if w in text], text


def reset(exercise_set) -> None:
    for item in exercise_set:
        item.attempts, item.last, item.solution_seen = 0, None, False
