"""Configuración de Sphinx para la web del curso (``make web``; la construye ``tools/web.py``).

Sphinx + MyST-NB con el tema de Jupyter Book 1 (``sphinx-book-theme``). ``tools/web.py`` copia
los notebooks y el README a una carpeta de fuentes (``build/web-fuentes/<modo>/``) y llama a
Sphinx con ``-c web``; el modo y las carpetas llegan por variables de entorno:

* ``COURSE_QUICK``: el mismo interruptor que los notebooks (modo rápido ⇒ aviso en cada página);
* ``COURSE_WEB_CACHE``: la caché de ejecución (jupyter-cache), una por modo.

Nada se carga de internet al ver la web: MathJax 3 se sirve desde ``_static/mathjax`` (copiado del
paquete de npm ``mathjax`` por ``tools/web.py``) y los controles de ipywidgets, que sin núcleo no
funcionan, se sustituyen por una nota en español.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from docutils import nodes

ROOT = Path(__file__).resolve().parents[1]


def _course_config():
    """``course_lib/config.py`` solo (importar ``course_lib`` entero cargaría TensorFlow)."""
    spec = importlib.util.spec_from_file_location("_course_config", ROOT / "course_lib" / "config.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


QUICK = _course_config().is_quick()

project = "Curso interactivo de aprendizaje profundo"
author = "Autores del curso"
copyright = "los autores del curso"
language = "es"
html_title = "Aprendizaje profundo"
html_last_updated_fmt = None
html_show_sphinx = False
html_copy_source = True

extensions = ["myst_nb"]
exclude_patterns = ["_build", "_readme.md", "**.ipynb_checkpoints"]
suppress_warnings = ["myst.header"]  # los notebooks empiezan en # y saltan a ### en ejercicios

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

# Ejecución: cada notebook una vez, guardado en jupyter-cache; si cambia una celda de código,
# solo ese notebook se vuelve a ejecutar. El núcleo es el Python del entorno del curso (.venv).
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("COURSE_WEB_CACHE", str(ROOT / "build" / "cache-web"))
nb_execution_timeout = 3600          # por celda: la CNN de 07 tarda ~30 min en modo completo
nb_execution_raise_on_error = True   # un notebook que falla no se publica con un error dentro
nb_execution_show_tb = True
nb_merge_streams = True
nb_ipywidgets_js = {}                # nada de require.js ni html-manager desde un CDN
# tools/web.py pliega (hide-input) solo las celdas con la solución de un ejercicio.
nb_code_prompt_show = "Ver la solución"
nb_code_prompt_hide = "Ocultar la solución"

# MathJax 3 local (Sphinx 9 apunta por defecto a MathJax 4 en un CDN).
mathjax_path = "mathjax/tex-mml-chtml.js"
mathjax3_config = {"tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]}}

html_theme = "sphinx_book_theme"
html_static_path = ["_static", os.environ.get("COURSE_WEB_VENDOR", str(ROOT / "build" / "web-recursos"))]
html_css_files = ["curso.css"]
html_show_search_summary = False  # el resumen de cada resultado se lee con fetch(), que file:// no permite
html_context = {"default_mode": "light"}  # claro siempre (sin él, el tema avisa en la consola desde file://)
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": True,
    "use_repository_button": False,
    "use_source_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    "launch_buttons": {},
}
if QUICK:
    html_theme_options["announcement"] = (
        "Versión de prueba en <strong>modo rápido</strong>: las figuras y las cifras de esta web "
        "salen de subconjuntos de datos y menos épocas, no de la ejecución completa del curso "
        "(<code>make web</code> la construye en modo completo)."
    )

EXPLORER_NOTE = "Para mover los controles, abre el notebook en JupyterLab."
EXPLORER_DETAIL = " Aquí se ve la figura con los valores iniciales de los controles."
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def replace_widget_views(app, doctree):
    """Cambia las salidas de ipywidgets (que sin núcleo no se ven) por una nota en español.

    Una nota por celda: un explorador muestra una sola vista, pero si una celda tuviera varias,
    las demás se quitan sin repetir la nota.
    """
    seen_cells = set()
    for raw in list(doctree.findall(nodes.raw)):
        if WIDGET_VIEW not in raw.astext():
            continue
        cell = raw.parent
        while cell is not None and "cell" not in cell.get("classes", []):
            cell = cell.parent
        key = id(cell) if cell is not None else id(raw)
        if key in seen_cells:
            raw.parent.remove(raw)
            continue
        seen_cells.add(key)
        note = nodes.note(classes=["explorador-sin-nucleo"])
        paragraph = nodes.paragraph()
        paragraph += nodes.strong(text=EXPLORER_NOTE)
        paragraph += nodes.Text(EXPLORER_DETAIL)
        note += paragraph
        raw.replace_self(note)


def add_jupyterlab_anchors(app, doctree):
    """Añade a cada sección el ancla que le da JupyterLab (el título con guiones por espacios).

    Los notebooks enlazan sus propias secciones así (``[…](#Error-2:-el-conjunto…)``), y esos
    enlaces tienen que llevar al mismo sitio en la web.
    """
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is None:
            continue
        anchor = title.astext().strip().replace(" ", "-")
        if anchor and anchor not in section["ids"]:
            section["ids"].append(anchor)


def setup(app):
    app.connect("doctree-read", replace_widget_views)
    app.connect("doctree-read", add_jupyterlab_anchors)
    return {"parallel_read_safe": True}
