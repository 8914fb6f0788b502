"""El curso en un navegador de verdad: JupyterLab en español, notebooks y exploradores.

Para cada notebook de ``notebooks/`` (se descubren solos): abrirlo en JupyterLab, *Ejecutar
todas las celdas* desde el menú, esperar a que el núcleo termine y comprobar que no hay salidas
de error ni widgets que no se muestran. Las celdas con la etiqueta ``widget-test`` muestran un
explorador (``course_lib.explorer.Explorer``): se mueve su primer control como lo haría un
estudiante (teclado en un deslizador, clic en una casilla) y se comprueba que cambian su texto
(``.course-readout``) y su figura; además, ninguna etiqueta de sus controles puede quedar
cortada («Ejemplos de entren…»). Toda celda que muestre un explorador debe llevar la etiqueta.

Capturas en ``artifacts/screenshots/``: ``NN_tema.png`` (principio del notebook ya ejecutado),
``NN_tema--final.png`` (final: ejercicios comprobados), ``NN_tema--celdaCC-explorador1.png``
(cada explorador tras moverlo) y ``jupyterlab-menu-idioma.png``. Solo este bloque:
``make test-browser`` (o ``.venv/bin/python -m pytest tests/browser -k 05_``).
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from lab_support import NOTEBOOKS_DIR, in_ci, unavailable_reason

if unavailable_reason() and not in_ci():  # fuera de CI: se salta (el motivo sale en la cabecera)
    pytest.skip(unavailable_reason(), allow_module_level=True)

WIDGET_TAG = "widget-test"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
RUN_TIMEOUT_S = float(os.environ.get("COURSE_BROWSER_TIMEOUT", "120"))
# Lo que muestra JupyterLab cuando un widget no se puede dibujar.
WIDGET_FAILURES = ("Error displaying widget", "Failed to load model class", "Failed to load view class",
                   "Failed to create view", "Could not create")

MENU_ES = {"Archivo", "Editar", "Ver", "Configuración", "Ayuda"}
MENU_EN = {"File", "Edit", "View", "Settings", "Help"}

# --------------------------------------------------------------------------- JavaScript

JS_PROMPTS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(
  c => c.classList.contains('jp-CodeCell') ? c.querySelector('.jp-InputArea-prompt').textContent : '')"""
JS_ANY_RUNNING = "() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')].some(e => e.textContent.includes('*'))"
JS_NONE_RUNNING = "() => ![...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')].some(e => e.textContent.includes('*'))"
JS_LOADING_DONE = "() => ![...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')].some(e => e.textContent.startsWith('Loading widget...'))"
JS_WIDGET_PROBLEMS = """(failures) => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  const found = [];
  for (const out of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
    const text = out.textContent || '';
    const bad = out.querySelector('.jupyter-widgets-error-widget') || text.startsWith('Loading widget...')
      || failures.some(f => text.includes(f));
    if (bad) found.push([cells.indexOf(out.closest('.jp-Cell')), text.trim().slice(0, 200) || 'widget con error']);
  }
  return found;
}"""
JS_EXPLORER_CELLS = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  return [...new Set([...document.querySelectorAll('.jp-Notebook .course-explorer')]
    .map(e => cells.indexOf(e.closest('.jp-Cell'))))];
}"""
JS_IMAGES = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  const imgs = [...document.querySelectorAll('.jp-Notebook .jp-RenderedImage img')];
  return Promise.all(imgs.map(i => i.decode().catch(() => null)))
    .then(() => imgs.map(i => [cells.indexOf(i.closest('.jp-Cell')), i.naturalWidth]));
}"""
# Etiquetas de controles cortadas con «…»: el texto ocupa más de lo que se ve.
JS_TRUNCATED_LABELS = """(el) => [...el.querySelectorAll('.widget-label, .widget-label-basic, .widget-checkbox label')]
  .filter(l => l.offsetParent !== null && l.scrollWidth > l.clientWidth + 1)
  .map(l => l.textContent.trim())"""
JS_SETTLE = """(el) => Promise.all([...el.querySelectorAll('img')].map(i => i.decode().catch(() => null)))
  .then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"""


# --------------------------------------------------------------------------- ayudas


def _screenshot(page, path: Path, element=None, block: str = "start") -> None:
    """Captura de la ventana con ``element`` a la vista (arriba o abajo) y ya dibujado."""
    try:
        target = element if element is not None else page.locator(".jp-Notebook .jp-Cell").first
        target.evaluate(f"e => e.scrollIntoView({{block: '{block}'}})")
        target.evaluate(JS_SETTLE)
        page.screenshot(path=str(path))
    except Exception as exc:  # una captura que falla no debe ocultar el error de la prueba
        print(f"No se pudo guardar la captura {path.name}: {exc}")


def _open_notebook(page, lab, name: str) -> str:
    """Abre el notebook y espera a su núcleo; devuelve el id del núcleo."""
    page.goto(f"{lab.url}/lab/tree/{urllib.parse.quote(name)}?reset")
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    deadline = time.monotonic() + 60
    while not (sessions := [s for s in lab.api("/api/sessions") if s["path"] == name]):
        assert time.monotonic() < deadline, f"JupyterLab no arrancó un núcleo para {name} en 60 s."
        time.sleep(0.25)
    kernel_id = sessions[0]["kernel"]["id"]
    _wait_kernel_idle(lab, kernel_id, timeout=60)
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=60_000)
    return kernel_id


def _wait_kernel_idle(lab, kernel_id: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lab.api(f"/api/kernels/{kernel_id}")["execution_state"] == "idle":
            return
        time.sleep(0.25)
    raise AssertionError(f"El núcleo sigue ocupado tras {timeout:.0f} s.")


def _menu_bar(page) -> list[str]:
    labels = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel")
    labels.first.wait_for()
    return [t.strip() for t in labels.all_text_contents()]


def _run_all_cells(page, lab, kernel_id: str) -> None:
    """Ejecutar → Ejecutar todas las celdas (desde el menú) y esperar a que termine."""
    # El paquete de idioma es-ES 4.5 no traduce el título de este menú («Run»).
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile(r"^(Ejecutar|Run)$")).click()
    page.locator(".lm-Menu .lm-Menu-item").filter(
        has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Ejecutar todas las celdas$"))).click()
    try:  # los notebooks rápidos pueden terminar antes de que lleguemos a ver un [*]
        page.wait_for_function(JS_ANY_RUNNING, polling="raf", timeout=10_000)
    except Exception:
        pass
    try:
        page.wait_for_function(JS_NONE_RUNNING, polling=500, timeout=RUN_TIMEOUT_S * 1000)
    except Exception:
        prompts = page.evaluate(JS_PROMPTS)
        running = [i for i, p in enumerate(prompts) if "*" in p]
        raise AssertionError(f"El notebook no terminó en {RUN_TIMEOUT_S:.0f} s (COURSE_BROWSER_TIMEOUT); "
                             f"celdas aún en marcha o en cola: {running}") from None
    _wait_kernel_idle(lab, kernel_id)


def _save_and_read(page, lab, name: str):
    """Guarda el notebook como el estudiante (botón de guardar) y lo lee del disco."""
    path = lab.root / name
    before = path.stat().st_mtime_ns
    page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="save"] jp-button, '
                 '.jp-NotebookPanel-toolbar [data-jp-item-name="save"] button').first.click()
    deadline = time.monotonic() + 30
    while path.stat().st_mtime_ns == before or page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count():
        assert time.monotonic() < deadline, f"JupyterLab no guardó {name} en 30 s."
        time.sleep(0.2)
    return nbformat.read(path, as_version=4)


def _output_problems(nb) -> list[tuple[int, str]]:
    """Salidas de error de verdad (``output_type == "error"``) y celdas que no se ejecutaron.

    Los errores provocados a propósito (``hints.expected_error``) son texto en stderr, no
    salidas de error, y no cuentan.
    """
    problems, not_run = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append((i, f"error: {out.ename}: {out.evalue}"))
        if cell.execution_count is None and cell.source.strip():
            not_run.append(i)
    if not_run:
        problems.append((not_run[0], f"{len(not_run)} celda(s) de código sin ejecutar (la primera: {not_run[0]})"))
    return problems


def _widget_problems(page, loading_timeout: float) -> list[tuple[int, str]]:
    try:  # un widget sano deja de decir «Loading widget...» en cuanto llega su modelo
        page.wait_for_function(JS_LOADING_DONE, polling=250, timeout=loading_timeout * 1000)
    except Exception:
        pass
    return [(i, f"widget que no se muestra: {text}") for i, text in page.evaluate(JS_WIDGET_PROBLEMS, list(WIDGET_FAILURES))]


def _figures(page) -> list[tuple[int, int]]:
    """``(celda, ancho en píxeles)`` de cada figura (imagen PNG) de las salidas, ya decodificada."""
    return [tuple(x) for x in page.evaluate(JS_IMAGES)]


def run_and_check(page, lab, name: str, loading_timeout: float = 30):
    """Abre, ejecuta todo, guarda y devuelve ``(notebook guardado, problemas)``."""
    kernel_id = _open_notebook(page, lab, name)
    _run_all_cells(page, lab, kernel_id)
    problems = _widget_problems(page, loading_timeout)
    problems += [(i, "figura que no se dibuja") for i, width in _figures(page) if width == 0]
    nb = _save_and_read(page, lab, name)
    n_cells = page.locator(".jp-Notebook .jp-Cell").count()
    assert n_cells == len(nb.cells), f"JupyterLab muestra {n_cells} celdas y el archivo tiene {len(nb.cells)}"
    return nb, sorted(_output_problems(nb) + problems)


def _drive_first_control(explorer) -> str:
    """Cambia el primer control del explorador como un estudiante; devuelve qué hizo."""
    handle = explorer.locator(".widget-slider .noUi-handle")
    if handle.count():
        handle = handle.first
        at_max = float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))
        key = "ArrowLeft" if at_max else "ArrowRight"
        handle.press(key)  # enfoca el deslizador y pulsa la flecha
        return f"deslizador: {key}"
    checkbox = explorer.locator(".widget-checkbox input[type=checkbox]")
    if checkbox.count():
        checkbox.first.click()
        return "casilla: clic"
    select = explorer.locator(".widget-dropdown select")
    if select.count():
        select.first.press("ArrowDown")
        return "desplegable: flecha abajo"
    number = explorer.locator("input[type=number]")
    if number.count():
        number.first.press("ArrowUp")
        number.first.press("Enter")
        return "número: flecha arriba + Intro"
    raise AssertionError("El explorador no tiene ningún control que la prueba sepa mover "
                         "(deslizador, casilla, desplegable o número).")


def _images(cell) -> list[str]:
    return cell.locator(".jp-RenderedImage img").evaluate_all("els => els.map(e => e.src)")


def drive_explorers(page, lab, nb, name: str, shots: Path) -> list[str]:
    """Mueve un control de cada explorador de las celdas ``widget-test``; devuelve un resumen."""
    done = []
    cells = page.locator(".jp-Notebook .jp-Cell")
    tagged = [i for i, c in enumerate(nb.cells) if WIDGET_TAG in c.get("metadata", {}).get("tags", [])]
    shown = page.evaluate(JS_EXPLORER_CELLS)
    untagged = sorted(set(shown) - set(tagged))
    assert not untagged, (
        f"{name}: las celdas {untagged} muestran un explorador y no tienen la etiqueta {WIDGET_TAG!r}; "
        "añádela (CONTRIBUTING.md, «Exploradores interactivos») para que se pruebe en el navegador.")
    for i in tagged:
        cell = cells.nth(i)
        explorers = cell.locator(".course-explorer")
        assert explorers.count() >= 1, (
            f"{name}, celda {i}: tiene la etiqueta {WIDGET_TAG!r} pero no muestra ningún explorador "
            "(.course-explorer) en el navegador.")
        for k in range(explorers.count()):
            explorer = explorers.nth(k)
            readout = explorer.locator(".course-readout")
            readout.wait_for()
            cut = explorer.evaluate(JS_TRUNCATED_LABELS)
            assert not cut, f"{name}, celda {i}: etiquetas cortadas en el explorador: {cut}"
            before_text = readout.text_content()
            before_images = _images(cell)
            action = _drive_first_control(explorer)
            shot = shots / f"{Path(name).stem}--celda{i:02d}-explorador{k + 1}.png"
            try:
                page.wait_for_function("([el, old]) => el.textContent !== old",
                                       arg=[readout.element_handle(), before_text], timeout=30_000)
                after_text = readout.text_content()
                assert "⚠️" not in after_text, f"{name}, celda {i}: el explorador muestra un error: {after_text}"
                if before_images:  # la figura en vivo también tiene que cambiar
                    deadline = time.monotonic() + 30
                    while _images(cell) == before_images:
                        assert time.monotonic() < deadline, f"{name}, celda {i}: la figura no cambió ({action})."
                        time.sleep(0.2)
            except Exception as exc:
                if "Timeout" in type(exc).__name__:
                    raise AssertionError(f"{name}, celda {i}: el texto del explorador no cambió en 30 s "
                                         f"tras mover el control ({action}). Texto: {before_text!r}") from None
                raise
            finally:
                _screenshot(page, shot, cell)
            done.append(f"celda {i} ({action}): {before_text!r} -> {after_text!r}")
    return done


# --------------------------------------------------------------------------- pruebas


def test_jupyterlab_en_espanol_por_defecto(page, lab, screenshots_dir):
    page.goto(f"{lab.url}/lab?reset")
    labels = _menu_bar(page)
    assert MENU_ES <= set(labels) and not MENU_EN & set(labels), f"Menú: {labels}"
    assert page.evaluate("() => document.documentElement.lang") == "es-ES"
    # El español viene de los ajustes del curso (overrides.json), no de un ajuste del usuario...
    plugin = lab.api("/lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert plugin["schema"]["properties"]["locale"]["default"] == "es_ES"
    assert "locale" not in (plugin.get("settings") or {})
    # ... y el estudiante puede volver al inglés: Configuración → Idioma lo ofrece.
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile(r"^Configuración$")).click()
    page.locator(".lm-Menu .lm-Menu-item", has_text=re.compile(r"^(Idioma|Language)$")).hover()
    submenu = page.locator(".lm-Menu").filter(has_text="English")
    submenu.wait_for()
    items = submenu.locator(".lm-Menu-item")
    checked = items.filter(has=page.locator(".lm-Menu-itemLabel")).evaluate_all(
        "els => els.map(e => [e.textContent, e.getAttribute('aria-checked'), e.classList.contains('lm-mod-disabled')])")
    assert any("Spanish" in t or "Español" in t or "español" in t for t, c, _ in checked if c == "true"), checked
    assert any(t.startswith("English") and not disabled for t, _, disabled in checked), checked
    page.screenshot(path=str(screenshots_dir / "jupyterlab-menu-idioma.png"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_browser(path, page, lab, screenshots_dir):
    name = path.name
    try:
        nb, problems = run_and_check(page, lab, name)
        labels = _menu_bar(page)
        assert MENU_ES <= set(labels), f"Menú: {labels}"
        assert problems == [], f"{name}: " + "; ".join(f"celda {i}: {msg}" for i, msg in problems)
        text = json.dumps([o for c in nb.cells if c.cell_type == "code" for o in c.outputs], ensure_ascii=False)
        assert "Modo rápido" in text, f"{name}: el núcleo no está en modo rápido (COURSE_QUICK=1)"
        assert _figures(page), f"{name}: no se ve ninguna figura (CONTRIBUTING: explorador o figura en vivo)"
        driven = drive_explorers(page, lab, nb, name, screenshots_dir)
        print(f"{name}: {len(driven)} explorador(es) probados", *driven, sep="\n  ")
    finally:  # el principio (título, primeras salidas) y el final (ejercicios comprobados)
        _screenshot(page, screenshots_dir / f"{path.stem}.png")
        _screenshot(page, screenshots_dir / f"{path.stem}--final.png",
                    page.locator(".jp-Notebook .jp-Cell").last, block="end")


def test_the_checks_catch_real_failures(page, lab):
    """Autoprueba: los detectores ven errores y widgets rotos, y no confunden un error a propósito."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in (
        "import sys\nprint('aviso en stderr: no es un error', file=sys.stderr)",
        # Como hints.expected_error (que 05 usa de verdad): traceback en stderr, no una salida de error.
        "import traceback\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    traceback.print_exc()\n"
        "print('(Error provocado a propósito: la ejecución continúa.)')",
        "import ipywidgets as w\nfrom traitlets import Unicode\n\n"
        "class Roto(w.DOMWidget):\n"
        "    _model_module = Unicode('modulo-que-no-existe').tag(sync=True)\n"
        "    _model_module_version = Unicode('1.0.0').tag(sync=True)\n"
        "    _model_name = Unicode('RotoModel').tag(sync=True)\n"
        "    _view_module = Unicode('modulo-que-no-existe').tag(sync=True)\n"
        "    _view_module_version = Unicode('1.0.0').tag(sync=True)\n"
        "    _view_name = Unicode('RotoView').tag(sync=True)\n\nRoto()",
        "from IPython.display import display\n"
        "display({'application/vnd.jupyter.widget-view+json': "
        "{'model_id': 'no-existe', 'version_major': 2, 'version_minor': 0}}, raw=True)",
        "1 / 0",
        "print('no debería ejecutarse')",
    )]
    name = "zz_autoprueba_detectores.ipynb"
    nbformat.write(nb, lab.root / name)
    try:
        _, problems = run_and_check(page, lab, name, loading_timeout=3)
    finally:
        (lab.root / name).unlink()
    by_cell = {}
    for i, msg in problems:
        by_cell.setdefault(i, []).append(msg)
    assert sorted(by_cell) == [2, 3, 4, 5], problems
    assert any("ZeroDivisionError" in m for m in by_cell[4]), problems
    assert any("sin ejecutar" in m for m in by_cell[5]), problems
    assert all(m.startswith("widget que no se muestra") for m in by_cell[2] + by_cell[3]), problems


def test_truncated_labels_are_detected_and_explorer_avoids_them(page, lab):
    """Autoprueba: un control con la etiqueta estrecha por defecto se ve cortado y el detector lo
    encuentra; el mismo control dentro de un ``Explorer`` se lee entero."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in (
        "import ipywidgets as w\n"
        "box = w.VBox([w.IntSlider(description='Ejemplos de entrenamiento'),\n"
        "              w.Checkbox(description='Parada temprana (paciencia 5, mejores pesos restaurados al final)')])\n"
        "box.add_class('course-explorer')\nbox",
        "from matplotlib.figure import Figure\nfrom course_lib.explorer import Explorer\n"
        "Explorer({'n': w.IntSlider(description='Ejemplos de entrenamiento'),\n"
        "          'stop': w.Checkbox(description='Parada temprana (paciencia 5, mejores pesos restaurados al final)')},\n"
        "         lambda n, stop: n, lambda r: Figure(figsize=(1, 1)), str)",
    )]
    name = "zz_autoprueba_etiquetas.ipynb"
    nbformat.write(nb, lab.root / name)
    try:
        _, problems = run_and_check(page, lab, name)
        assert problems == [], problems
        explorers = page.locator(".jp-Notebook .course-explorer")
        assert explorers.count() == 2
        plain = explorers.nth(0).evaluate(JS_TRUNCATED_LABELS)
        widened = explorers.nth(1).evaluate(JS_TRUNCATED_LABELS)
    finally:
        (lab.root / name).unlink()
    assert "Ejemplos de entrenamiento" in plain, plain
    assert widened == [], widened
