"""Las diapositivas de los notebooks: metadatos ``slideshow.slide_type`` y ``tools/slides.py``.

``tools/slides.py`` los pone por reglas; aquí se comprueba que todos los notebooks los tienen,
que la herramienta es idempotente y que sus reglas hacen lo que dice su documentación.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import slides  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_has_a_slide_type(path):
    nb = nbformat.read(path, as_version=4)
    cells = slides.missing(nb)
    assert not cells, (f"{path.name}: celdas {cells} sin slideshow.slide_type; "
                       f"ejecuta: .venv/bin/python tools/slides.py notebooks/{path.name}")
    types = [slides.current_type(c) for c in nb.cells]
    assert types[0] == "slide" and "rise" in nb.metadata
    assert types.count("slide") >= 3, "Una diapositiva por sección ##: hay menos de tres."


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_tool_is_idempotent_and_keeps_hand_choices(path):
    nb = nbformat.read(path, as_version=4)
    fresh = copy.deepcopy(nb)
    slides.assign(fresh, reset=True)
    again = copy.deepcopy(fresh)
    assert slides.assign(again) == 0
    assert again == fresh
    # Un tipo puesto a mano se respeta aunque las reglas darían otro.
    tuned = copy.deepcopy(fresh)
    tuned.cells[1].metadata["slideshow"] = {"slide_type": "notes"}
    assert slides.assign(tuned) == 0 and tuned.cells[1].metadata["slideshow"]["slide_type"] == "notes"


def _md(text):
    return nbformat.v4.new_markdown_cell(text)


def _code(text, tags=None):
    cell = nbformat.v4.new_code_cell(text)
    if tags:
        cell.metadata["tags"] = tags
    return cell


def test_rules_on_a_small_notebook():
    long_theory = "\n".join(f"Una frase de teoría bastante larga, la número {i}, que ocupa una línea." for i in range(20))
    nb = nbformat.v4.new_notebook(cells=[
        _md("# 99 · Título\n\nQué vas a hacer."),
        _md("## Objetivos\n\n- Una cosa.\n- Otra."),
        _code("import course_lib  # primero\nfrom course_lib import config\nconfig.set_seed()"),
        _md("## 1. Una sección\n\nTeoría breve."),
        _code("x = 2 + 2\nprint(x)"),
        _md("Lo que imprime la celda anterior."),
        _md(long_theory),
        _md("La figura:"),
        _code("plots.show(figura(x))"),
        _md("### Ejercicio 1: algo\n\nEnunciado."),
        _code("respuesta = ...\n# >>> SOLUCIÓN\nrespuesta = 4\n# <<< SOLUCIÓN"),
        _code('exercises.check_number(respuesta, 4, name="Ejercicio 1")'),
        _code("leccion.explorer()", tags=["widget-test"]),
        _code("\n".join(f"linea_{i} = {i}" for i in range(20))),
        _code(""),
        nbformat.v4.new_raw_cell("raw"),
        _md("## Resumen\n\n- Todo."),
    ])
    assert slides.assign(nb) == len(nb.cells) + 1  # cada celda y metadata.rise
    types = [c.metadata["slideshow"]["slide_type"] for c in nb.cells]
    assert types == [
        "slide",      # título
        "-",          # objetivos, en la diapositiva del título
        "skip",       # arranque
        "slide",      # sección ##
        "-",          # código corto
        "fragment",   # comentario de su salida
        "subslide",   # teoría larga: no cabe
        "subslide",   # frase que presenta la figura...
        "-",          # ...y la figura con ella
        "subslide",   # ### ejercicio
        "skip",       # solución
        "skip",       # comprobación
        "subslide",   # explorador
        "subslide",   # código largo
        "skip",       # vacía
        "skip",       # raw
        "slide",      # ## Resumen
    ]
    assert nb.metadata["rise"]["scroll"] is True


def test_check_mode_reports_missing_types(tmp_path, capsys):
    path = tmp_path / "99_prueba.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[_md("# 99 · Título"), _md("## 1. Algo")]), path)
    assert slides.main(["--check", str(path)]) == 1
    assert "sin slideshow.slide_type" in capsys.readouterr().out
    assert slides.main([str(path)]) == 0
    assert slides.main(["--check", str(path)]) == 0
