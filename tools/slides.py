"""Reparte un notebook en diapositivas: pone ``slideshow.slide_type`` por reglas a las celdas que no lo tienen.

Uso::

    python tools/slides.py notebooks/*.ipynb           # solo las celdas sin tipo (idempotente)
    python tools/slides.py --reset notebooks/05_*.ipynb  # vuelve a calcular todas las celdas
    python tools/slides.py --check notebooks/*.ipynb   # falla si alguna celda no tiene tipo

Los tipos son los de Jupyter (RISE en JupyterLab y ``nbconvert --to slides`` los leen):
``slide`` (diapositiva nueva, a la derecha), ``subslide`` (debajo, dentro de la misma sección),
``fragment`` (aparece en la misma diapositiva al pulsar la flecha), ``-`` (sigue en la misma
diapositiva) y ``skip`` (no se proyecta).

Reglas, en orden, para cada celda sin tipo:

1. El título (``# NN · …``) abre la primera diapositiva; ``## Objetivos`` la comparte si cabe.
2. Cada sección ``##`` abre una diapositiva; cada ``###`` (p. ej. un ejercicio), una subdiapositiva.
3. No se proyectan: la celda de arranque (``import course_lib``…), las soluciones
   (``# >>> SOLUCIÓN``), las que corrigen ejercicios (``exercises.check_…``), las vacías y las raw.
4. Un explorador (etiqueta ``widget-test``) va en su propia subdiapositiva; una celda que
   dibuja una figura, también, junto con la frase corta que la presenta, si la hay.
5. Lo demás sigue en la diapositiva en curso mientras quepa (unas 16 líneas a letra de
   proyector); si no cabe, abre una subdiapositiva. El texto que comenta una salida de código
   aparece como fragmento. El código largo (más de 12 líneas) va solo en su subdiapositiva.

Las celdas que ya tienen tipo no se tocan (se puede retocar a mano y volver a ejecutar la
herramienta tras añadir celdas), pero cuentan para decidir el tipo de las siguientes. El
notebook también recibe ``metadata.rise`` (tema claro, desplazamiento en diapositivas largas)
si no lo tiene.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import nbformat

SOLUTION_START = "# >>> SOLUCIÓN"
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
BUDGET = 16          # líneas que caben en una diapositiva de 1280×720 con letra de 26 px
SHORT_INTRO = 4      # una frase que presenta una figura puede compartir diapositiva con ella
LONG_CODE = 12       # más líneas de código: subdiapositiva propia
FIGURE_LINES = 12    # lo que ocupa una figura
CHARS_PER_LINE = 80
RISE_SETTINGS = {"theme": "white", "transition": "none", "scroll": True, "start_slideshow_at": "selected"}

_HEADING = re.compile(r"^(#{1,6})\s")
_SETUP = ("import course_lib", "config.set_seed(")
_CHECK = re.compile(r"\bexercises\.check_\w+\(")
_FIGURE = re.compile(r"\bplots\.show\(|LiveCurves\(|\bdisplay\(|_figure\(|\.imshow\(|\.plot\(")


def heading_level(cell) -> int:
    match = _HEADING.match(cell.source.lstrip())
    return len(match.group(1)) if cell.cell_type == "markdown" and match else 0


def weight(cell) -> float:
    """Líneas aproximadas que ocupa la celda proyectada."""
    lines = 0.0
    for line in cell.source.splitlines():
        if not line.strip():
            lines += 0.5
        elif cell.cell_type == "markdown" and _HEADING.match(line):
            lines += 1.5
        else:
            lines += max(1, math.ceil(len(line) / CHARS_PER_LINE))
    if cell.cell_type == "code":
        lines += FIGURE_LINES if is_figure(cell) else 2
    return lines


def is_setup(cell) -> bool:
    return cell.cell_type == "code" and any(mark in cell.source for mark in _SETUP)


def is_exercise_code(cell) -> bool:
    return cell.cell_type == "code" and (SOLUTION_START in cell.source or bool(_CHECK.search(cell.source)))


def is_explorer(cell) -> bool:
    return cell.cell_type == "code" and "widget-test" in cell.metadata.get("tags", [])


def is_figure(cell) -> bool:
    return cell.cell_type == "code" and (is_explorer(cell) or bool(_FIGURE.search(cell.source)))


def current_type(cell) -> str | None:
    value = cell.metadata.get("slideshow", {}).get("slide_type")
    return value if value in SLIDE_TYPES else None


class _Slide:
    """Lo que lleva la diapositiva en curso, para decidir si la celda siguiente cabe."""

    def __init__(self):
        self.used = 0.0
        self.last_shown = None  # la última celda proyectada
        self.started = False

    def add(self, cell, slide_type: str) -> None:
        if slide_type in {"skip", "notes"}:
            return
        if slide_type in {"slide", "subslide"} or not self.started:
            self.used = 0.0
        self.used += weight(cell)
        self.last_shown = cell
        self.started = True


def rule(cell, slide: _Slide, next_cell=None) -> str:
    """El tipo que las reglas dan a ``cell`` en el punto del notebook descrito por ``slide``.

    ``next_cell`` (la celda siguiente) sirve para que una frase corta que presenta una figura
    abra la diapositiva de esa figura.
    """
    if cell.cell_type == "raw" or not cell.source.strip():
        return "skip"
    if not slide.started:
        return "slide"
    w = weight(cell)
    fits = slide.used + w <= BUDGET
    if cell.cell_type == "markdown":
        level = heading_level(cell)
        after_title = slide.last_shown is not None and heading_level(slide.last_shown) == 1
        if level == 2 and cell.source.lstrip().startswith("## Objetivos") and after_title:
            return "-" if fits else "subslide"
        if level in (1, 2):
            return "slide"
        if level >= 3:
            return "subslide"
        if next_cell is not None and is_figure(next_cell) and w <= SHORT_INTRO and slide.used > 0:
            return "subslide"
        if not fits:
            return "subslide"
        return "fragment" if slide.last_shown is not None and slide.last_shown.cell_type == "code" else "-"
    if is_setup(cell) or is_exercise_code(cell):
        return "skip"
    if is_explorer(cell):
        return "subslide"
    if is_figure(cell):
        intro = slide.last_shown is not None and slide.last_shown.cell_type == "markdown" \
            and heading_level(slide.last_shown) == 0 and weight(slide.last_shown) <= SHORT_INTRO \
            and slide.used <= SHORT_INTRO
        return "-" if intro else "subslide"
    if len(cell.source.splitlines()) > LONG_CODE or not fits:
        return "subslide"
    return "-"


def assign(nb, reset: bool = False) -> int:
    """Pone el tipo a las celdas que no lo tienen (a todas con ``reset``). Devuelve cuántas cambió."""
    changed = 0
    slide = _Slide()
    for i, cell in enumerate(nb.cells):
        existing = None if reset else current_type(cell)
        following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        chosen = existing or rule(cell, slide, following)
        if existing is None and cell.metadata.get("slideshow", {}).get("slide_type") != chosen:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = chosen
            changed += 1
        slide.add(cell, chosen)
    if "rise" not in nb.metadata:
        nb.metadata["rise"] = dict(RISE_SETTINGS)
        changed += 1
    return changed


def missing(nb) -> list[int]:
    """Índices de las celdas sin un tipo de diapositiva válido."""
    return [i for i, cell in enumerate(nb.cells) if current_type(cell) is None]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--reset", action="store_true", help="vuelve a calcular el tipo de todas las celdas")
    parser.add_argument("--check", action="store_true", help="solo comprueba; falla si falta algún tipo")
    args = parser.parse_args(argv)
    status = 0
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        if args.check:
            cells = missing(nb)
            if cells:
                print(f"{path}: {len(cells)} celdas sin slideshow.slide_type (celdas {cells[:10]}…); "
                      "ejecuta python tools/slides.py " + str(path))
                status = 1
            continue
        changed = assign(nb, reset=args.reset)
        if changed:
            nbformat.write(nb, path)
        types = [current_type(c) for c in nb.cells]
        print(f"{path.name}: {changed} cambios; {types.count('slide')} diapositivas, "
              f"{types.count('subslide')} subdiapositivas, {types.count('fragment')} fragmentos, "
              f"{types.count('skip')} celdas sin proyectar")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
