"""Bloque de pruebas en el navegador: JupyterLab de verdad + Chromium sin pantalla.

Un servidor JupyterLab y un Chromium para todo el bloque:

* JupyterLab en 127.0.0.1, en un puerto libre, con raíz, configuración, ajustes de usuario,
  espacios de trabajo y datos en carpetas temporales; sin token ni avisos de noticias o
  actualizaciones; siempre se detiene al final (también si algo falla). Usa los ajustes de la
  aplicación del entorno (``lab-settings/overrides.json`` instalado por ``make install``), los
  mismos que ``make lab``: así la prueba del idioma demuestra lo que ve el estudiante.
* Núcleos en modo rápido (``COURSE_QUICK=1``); ``COURSE_MNIST_DIR`` y el resto del entorno
  pasan tal cual.
* Chromium de Debian (``/usr/bin/chromium``, o ``COURSE_CHROMIUM``) con Playwright para Python.
  Nunca ``playwright install``. Si falta Chromium o Playwright, el bloque se salta con una línea
  clara, salvo en CI (``CI=true``), donde falla.

Capturas de pantalla y registro del servidor: ``artifacts/screenshots/`` (ignorada por git).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from lab_support import (ARTIFACTS, CHROMIUM_ARGS, LAB_OVERRIDES, ROOT, VIEWPORT, chromium, in_ci,
                         start_server, stop_server, unavailable_reason)


def pytest_report_header(config):
    reason = unavailable_reason()
    if reason:
        return [reason + (" En CI esto es un fallo." if in_ci() else " Se saltan.")]
    return [f"Pruebas en el navegador: Chromium {chromium()}; capturas en {ARTIFACTS.relative_to(ROOT)}/"]


@pytest.fixture(scope="session")
def browser_available():
    reason = unavailable_reason()
    if reason:
        if in_ci():
            pytest.fail(reason + " En CI el bloque del navegador no se puede saltar.", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    # No se borran las capturas anteriores: cada prueba sobrescribe las suyas (y así dos
    # ejecuciones a la vez en la misma carpeta no se borran las capturas la una a la otra).
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab(browser_available, tmp_path_factory, screenshots_dir):
    """Servidor JupyterLab del bloque (uno para todas las pruebas)."""
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not installed.is_file() or json.loads(installed.read_text()) != json.loads(LAB_OVERRIDES.read_text()):
        pytest.fail(f"Falta {installed} (o no coincide con lab-settings/overrides.json): "
                    "ejecuta make install, que lo instala para make lab.", pytrace=False)
    log_path = screenshots_dir / "jupyterlab.log"
    log_path.unlink(missing_ok=True)
    server = start_server(tmp_path_factory.mktemp("jupyterlab"), log_path)
    try:
        yield server
    finally:
        stop_server(server.process)


@pytest.fixture(scope="session")
def browser(browser_available):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser, lab):
    """Una pestaña nueva del navegador; al terminar se cierra y se apagan los núcleos."""
    # Navegador en inglés: el español de la interfaz tiene que venir de los ajustes del curso.
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
        for session in lab.api("/api/sessions"):
            lab.api(f"/api/sessions/{session['id']}", method="DELETE")
