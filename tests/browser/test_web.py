"""La web del curso y las diapositivas estáticas en Chromium, sin internet (``make test-web``).

``make test-web`` las construye antes en modo rápido (``build/prueba/web`` y
``build/prueba/diapositivas``; otras carpetas: ``COURSE_WEB_DIR`` y ``COURSE_DECKS_DIR``) y
después ejecuta este archivo. Se abren como las abre un estudiante, con ``file://``.

* Cada página de notebook carga sin errores en la consola, con sus figuras decodificadas
  (``naturalWidth > 0``), sus fórmulas dibujadas por MathJax (y ninguna con error), la nota en
  español bajo cada explorador, anterior/siguiente y el aviso del modo rápido.
* Portada (cómo instalar, índice con todos los notebooks), búsqueda y enlaces internos.
* Cada presentación carga y las flechas avanzan y retroceden por sus diapositivas.
* Ninguna petición sale de ``file://`` o 127.0.0.1: el navegador bloquea y cuenta las demás
  (y una prueba comprueba que esa guarda de verdad bloquea y cuenta).
* RISE en JupyterLab: ``Alt+R`` muestra el notebook como diapositivas.

Capturas en ``artifacts/screenshots/web/``.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from lab_support import ARTIFACTS, NOTEBOOKS_DIR, ROOT, VIEWPORT

sys.path.insert(0, str(ROOT / "tools"))
from web import broken_links  # noqa: E402

SITE = Path(os.environ.get("COURSE_WEB_DIR", ROOT / "build" / "prueba" / "web")).resolve()
DECKS = Path(os.environ.get("COURSE_DECKS_DIR", ROOT / "build" / "prueba" / "diapositivas")).resolve()
SHOTS = ARTIFACTS / "web"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
LOCAL = ("file://", "http://127.0.0.1", "data:", "blob:", "about:")
EXPLORER_NOTE = "Para mover los controles, abre el notebook en JupyterLab."
SCREENSHOT_PAGES = {"00_bienvenida_y_entorno", "05_red_densa_mnist"}

JS_MATHJAX_DONE = """async () => {
  if (!window.MathJax) return {loaded: false};
  const start = Date.now();
  while (!(MathJax.startup && MathJax.startup.promise) && Date.now() - start < 20000)
    await new Promise(r => setTimeout(r, 100));
  await MathJax.startup.promise;
  const maths = [...document.querySelectorAll('.math, .MathJax_Preview')];
  return {loaded: true, maths: maths.length,
          rendered: document.querySelectorAll('mjx-container').length,
          unrendered: maths.filter(m => !m.querySelector('mjx-container')).length,
          errors: document.querySelectorAll('mjx-merror').length};
}"""
JS_IMAGES = """async () => {
  const imgs = [...document.querySelectorAll('img')];
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return imgs.map(i => ({src: i.getAttribute('src').slice(0, 80), w: i.naturalWidth,
                         output: !!i.closest('.cell_output, .jp-OutputArea')}));
}"""


def _url(path: Path) -> str:
    return path.as_uri()


@pytest.fixture(scope="module")
def built():
    missing = [p for p in (SITE / "index.html", DECKS) if not p.exists()]
    if missing:
        pytest.fail(f"Falta {missing[0]}: «make test-web» construye la web y las diapositivas en modo "
                    "rápido antes de estas pruebas.", pytrace=False)
    SHOTS.mkdir(parents=True, exist_ok=True)


class Offline:
    """Una pestaña que solo deja pasar peticiones locales; las demás se bloquean y se cuentan."""

    def __init__(self, browser, **context_args):
        self.context = browser.new_context(viewport=VIEWPORT, locale="es-ES", **context_args)
        self.context.set_default_timeout(30_000)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"excepción: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"no se cargó {r.url}: {r.failure}"))

    def _request(self, request):
        if not request.url.startswith(LOCAL) and request.url not in self.outside:
            self.outside.append(request.url)

    def _route(self, route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            if route.request.url not in self.outside:
                self.outside.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser, built):
    offline = Offline(browser)
    try:
        yield offline
    finally:
        offline.close()
    assert offline.outside == [], f"Peticiones fuera de file:// y 127.0.0.1: {offline.outside}"


def _settle(page):
    page.wait_for_load_state("load")
    return page.evaluate(JS_MATHJAX_DONE)


def _explorer_cells(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum("widget-test" in c.metadata.get("tags", []) for c in nb.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_page(path, tab):
    page_file = SITE / "notebooks" / f"{path.stem}.html"
    assert page_file.is_file(), f"La web no tiene página para {path.name} (¿web construida antes del notebook?)."
    page = tab.page
    page.goto(_url(page_file))
    maths = _settle(page)
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.title().startswith(path.stem[:2]), page.title()

    images = page.evaluate(JS_IMAGES)
    broken = [i["src"] for i in images if i["w"] == 0]
    assert not broken, f"Imágenes sin decodificar: {broken}"
    assert [i for i in images if i["output"]], "La página no tiene ninguna figura de una salida de código."

    if maths["loaded"]:
        assert maths["unrendered"] == 0 and maths["errors"] == 0, maths
        assert maths["rendered"] >= maths["maths"] > 0, maths
    markdown = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    if "$" in markdown:
        assert maths["loaded"] and maths["rendered"] > 0, f"Hay fórmulas en {path.name} y MathJax no las dibujó: {maths}"

    explorers = _explorer_cells(path)
    notes = page.locator(".explorador-sin-nucleo")
    assert notes.count() == explorers, (notes.count(), explorers)
    if explorers:
        assert EXPLORER_NOTE in notes.first.inner_text()
    assert page.locator("script[type='application/vnd.jupyter.widget-view+json']").count() == 0

    banner = page.locator(".bd-header-announcement")
    assert banner.is_visible() and "modo rápido" in banner.inner_text()
    index = NOTEBOOKS.index(path)
    assert page.locator(".prev-next-area a.left-prev").count() == 1
    assert page.locator(".prev-next-area a.right-next").count() == (1 if index < len(NOTEBOOKS) - 1 else 0)
    assert not tab.errors, f"Errores en la consola: {tab.errors}"
    if path.stem in SCREENSHOT_PAGES:
        page.screenshot(path=str(SHOTS / f"{path.stem}.png"))
        page.locator("img").last.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{path.stem}-figura.png"))


def test_front_page_explains_how_to_start(tab):
    page = tab.page
    page.goto(_url(SITE / "index.html"))
    _settle(page)
    text = page.locator("main").inner_text()
    for phrase in ("make lab", "make test", "Modo completo y modo rápido", "Sin internet", "Problemas frecuentes"):
        assert phrase in text, phrase
    toc = page.locator("nav.bd-docs-nav a.reference.internal")
    targets = {urllib.parse.unquote(h).split("/")[-1] for h in toc.evaluate_all("as => as.map(a => a.getAttribute('href'))")}
    assert {f"{p.stem}.html" for p in NOTEBOOKS} <= targets, targets
    page.screenshot(path=str(SHOTS / "portada.png"))
    assert not tab.errors, tab.errors


def test_search_works_offline(tab):
    page = tab.page
    page.goto(_url(SITE / "search.html") + "?q=gradiente")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=30_000)
    assert results.count() >= 3
    assert "02_descenso_del_gradiente" in " ".join(results.locator("a").evaluate_all("as => as.map(a => a.href)"))
    page.screenshot(path=str(SHOTS / "busqueda.png"))
    assert not tab.errors, tab.errors


def test_internal_links_resolve(built):
    problems = broken_links(SITE) + broken_links(DECKS)
    assert not problems, "\n".join(problems[:30])


def test_nothing_is_loaded_from_another_host(built):
    """Además de la prueba en el navegador: ninguna página pide un script, estilo o imagen por URL."""
    import re

    remote = re.compile(r"<(?:script|img|iframe)[^>]*\ssrc=\"(https?:|//)[^\"]*|"
                        r"<link[^>]*\shref=\"(?:https?:|//)[^\"]*\"[^>]*rel=\"stylesheet|"
                        r"<link[^>]*rel=\"stylesheet\"[^>]*\shref=\"(?:https?:|//)", re.I)
    found = []
    for page in list(SITE.rglob("*.html")) + list(DECKS.glob("*.html")):
        for match in remote.finditer(page.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{page.name}: {match.group(0)[:120]}")
    assert not found, found


def _deck_state(page):
    return page.evaluate("() => ({h: Reveal.getIndices().h, v: Reveal.getIndices().v, "
                         "f: Reveal.getIndices().f, total: Reveal.getTotalSlides(), last: Reveal.isLastSlide()})")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_moves_with_the_arrow_keys(path, tab):
    deck = DECKS / f"{path.stem}.html"
    assert deck.is_file(), f"Falta la presentación {deck.name}."
    page = tab.page
    page.goto(_url(deck))
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    maths = _settle(page)
    assert page.evaluate("document.documentElement.lang") == "es"
    start = _deck_state(page)
    horizontal = page.evaluate("() => Reveal.getHorizontalSlides().length")
    assert start["h"] == 0 and start["total"] >= 5 and horizontal >= 3, (start, horizontal)
    assert page.locator(".reveal .slides section").first.inner_text().lstrip().startswith(path.stem[:2])

    page.keyboard.press("ArrowRight")
    assert _deck_state(page)["h"] == 1
    vertical = page.evaluate("() => Reveal.getVerticalSlides().length")  # noqa: F841 (solo para leerlo)
    has_below = page.evaluate("() => Reveal.availableRoutes().down")
    if has_below:
        page.keyboard.press("ArrowDown")
        assert _deck_state(page)["v"] == 1
        page.keyboard.press("ArrowUp")
        assert _deck_state(page)["v"] == 0
    page.keyboard.press("ArrowLeft")
    assert _deck_state(page)["h"] == 0
    page.keyboard.press("End")
    assert _deck_state(page)["h"] == horizontal - 1

    images = page.evaluate(JS_IMAGES)
    assert images and all(i["w"] > 0 for i in images), images
    if maths["loaded"]:
        assert maths["errors"] == 0, maths
    if any("$" in c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"):
        assert maths["loaded"] and maths["rendered"] > 0, maths
    if _explorer_cells(path):
        assert EXPLORER_NOTE in page.locator(".explorador-sin-nucleo").first.inner_text()
    assert not tab.errors, f"Errores en la consola: {tab.errors}"
    if path.stem in SCREENSHOT_PAGES:
        page.keyboard.press("Home")
        page.screenshot(path=str(SHOTS / f"diapositivas-{path.stem}-portada.png"))
        figure = page.evaluate("""() => { for (const s of Reveal.getSlides()) if (s.querySelector('img')) {
            const i = Reveal.getIndices(s); Reveal.slide(i.h, i.v); return true; } return false; }""")
        assert figure
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"diapositivas-{path.stem}-figura.png"))


def test_rise_shows_the_notebook_as_slides_in_jupyterlab(page, lab):
    """Diapositivas en vivo: en JupyterLab, Alt+R (RISE) muestra el notebook como presentación."""
    name = "02_descenso_del_gradiente.ipynb"
    page.goto(f"{lab.url}/lab/tree/{urllib.parse.quote(name)}?reset")
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Alt+r")
    frame = page.frame_locator("iframe").first
    section = frame.locator(".reveal .slides section.present").first
    section.wait_for(timeout=90_000)
    deadline = time.monotonic() + 60
    while "02 · " not in section.inner_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "02 · " in section.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "rise-jupyterlab.png"))
    assert json.dumps(lab.api("/api/status"))


def test_the_offline_guard_blocks_and_counts_other_hosts(browser, built):
    """La guarda de las pruebas funciona: una petición a otro host se bloquea (no sale) y se cuenta."""
    offline = Offline(browser)
    try:
        offline.page.goto(_url(SITE / "index.html"))
        offline.page.evaluate("""() => new Promise(r => { const s = document.createElement('script');
            s.src = 'https://cdn.invalid/mathjax.js'; s.onerror = s.onload = r; document.head.appendChild(s); })""")
        assert offline.outside == ["https://cdn.invalid/mathjax.js"]
        assert any("cdn.invalid" in e for e in offline.errors)
    finally:
        offline.close()
