"""Ayudas para probar los ejercicios de una lección (``course_lib/lessons/<tema>/exercises.py``).

* :func:`notebook_exercises`: de un notebook, en orden, la clave de cada ejercicio (la de su celda
  ``ex.<clave>.check(...)``) y el código de su bloque de solución (entre ``# >>> SOLUCIÓN`` y
  ``# <<< SOLUCIÓN``, en la celda de respuesta anterior).
* :func:`solution_value`: ejecuta ese código y devuelve la respuesta que deja.
* :func:`markdown_options` y :func:`assert_options_match`: las opciones de cada pregunta en el
  notebook dicen lo mismo, con la misma letra, que las del ejercicio.
* :func:`assert_spanish`: un mensaje sin texto de errores de Python en inglés.
* :func:`reset`: deja los ejercicios de un conjunto sin intentos (el registro es global);
  :func:`fresh_exercises` lo hace antes y después de cada prueba de un módulo.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
START, END = "# >>> SOLUCIÓN", "# <<< SOLUCIÓN"
_CHECK = re.compile(r"^ex\.(\w+)\.check\(", re.M)

# Trozos de los mensajes de error de Python en inglés que no deben llegar al estudiante.
ENGLISH = re.compile(r"\b(not supported|unsupported operand|object is not|has no attribute|invalid literal|"
                     r"positional argument|too many values|not enough values|could not convert|must be|"
                     r"is not defined|index \d+ is out of bounds|Traceback)\b")


def notebook_exercises(notebook: str) -> list[tuple[str, str]]:
    """``[(clave, código de la solución), ...]`` en el orden del notebook."""
    cells = [c for c in nbformat.read(NOTEBOOKS / notebook, as_version=4).cells if c.cell_type == "code"]
    found, solution = [], None
    for cell in cells:
        if START in cell.source:
            solution = cell.source.split(START, 1)[1].split(END, 1)[0].strip()
        match = _CHECK.search(cell.source)
        if match:
            assert solution is not None, f"{notebook}: la comprobación de {match.group(1)} no sigue a una solución"
            found.append((match.group(1), solution))
            solution = None
    return found


def solution_value(code: str, answer: str, **namespace):
    """Ejecuta el código de una solución (con los nombres del notebook que necesite) y devuelve ``answer``."""
    exec(compile(code, "<solución>", "exec"), namespace)  # noqa: S102 - código del propio curso
    return namespace[answer]


def assert_spanish(text: str) -> None:
    assert not ENGLISH.search(text), f"mensaje con texto de Python en inglés: {text!r}"


def reset(exercise_set) -> None:
    for item in exercise_set:
        item.attempts, item.last, item.solution_seen = 0, None, False


def fresh_exercises(exercise_set):
    """Fixture automática para un módulo de pruebas: cada prueba empieza y termina sin intentos."""
    @pytest.fixture(autouse=True)
    def fresh():
        reset(exercise_set)
        yield
        reset(exercise_set)
    return fresh


def markdown_options(notebook: str) -> list[dict[str, str]]:
    """Las opciones (``- **a)** texto``) de cada pregunta de opción múltiple del notebook, en orden."""
    found = []
    for cell in nbformat.read(NOTEBOOKS / notebook, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        items = re.findall(r"^- \*\*([a-d])\)\*\* (.+?)(?=^- \*\*|\Z)", cell.source, re.M | re.S)
        if items:
            found.append({letter: " ".join(text.replace("$", "").replace("\\eta", "η").split())
                          for letter, text in items})
    return found


def assert_options_match(options: dict[str, str], exercise_options: dict[str, str], keywords: dict[str, str]) -> None:
    """La pregunta del notebook y la del ejercicio tienen las mismas letras, y cada letra dice lo mismo
    (``keywords``: una palabra clave de cada opción, que aparece en los dos textos)."""
    assert sorted(options) == sorted(exercise_options) == sorted(keywords)
    for letter, word in keywords.items():
        assert word.lower() in options[letter].lower(), (letter, options[letter])
        assert word.lower() in exercise_options[letter].lower(), (letter, exercise_options[letter])
