"""Piezas del bloque del navegador: dónde está Chromium y un servidor JupyterLab temporal.

Las usan ``conftest.py`` (fixtures) y ``test_notebooks_in_browser.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = ROOT / "notebooks"
ARTIFACTS = ROOT / "artifacts" / "screenshots"
LAB_OVERRIDES = ROOT / "lab-settings" / "overrides.json"

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chromium() -> str | None:
    """Chromium que se usa: ``COURSE_CHROMIUM`` si se da; si no, el de Debian o ``chromium`` del PATH."""
    chosen = os.environ.get("COURSE_CHROMIUM")
    for candidate in [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium")]:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def unavailable_reason() -> str | None:
    """Por qué no se puede ejecutar el bloque (None si se puede)."""
    if chromium() is None:
        where = os.environ.get("COURSE_CHROMIUM") or "/usr/bin/chromium"
        return (f"Pruebas en el navegador: no hay Chromium en {where} (en Debian/Ubuntu: "
                "apt-get install chromium; otro ejecutable: COURSE_CHROMIUM=/ruta/chromium).")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Pruebas en el navegador: falta el paquete playwright (make install lo instala)."
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_user_settings(settings_dir: Path) -> None:
    """Ajustes de usuario de la prueba: sin noticias ni comprobación de actualizaciones."""
    path = settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")


class LabServer:
    """Un servidor JupyterLab en marcha (URL, carpeta raíz y acceso a su API REST)."""

    def __init__(self, url: str, root: Path, process: subprocess.Popen, log: Path):
        self.url = url
        self.root = root
        self.process = process
        self.log = log

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def stop_server(process: subprocess.Popen) -> None:
    """Detiene el servidor: SIGTERM (apaga también sus núcleos) y, si no basta, SIGKILL."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_server(tmp: Path, log_path: Path) -> LabServer:
    """Arranca JupyterLab sobre una copia de ``notebooks/`` en ``tmp`` (todo lo suyo, en ``tmp``)."""
    root = tmp / "raiz"
    shutil.copytree(NOTEBOOKS_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp / "ajustes"
    _write_user_settings(settings)
    env = dict(os.environ)
    env.update({
        "COURSE_QUICK": "1",
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "datos"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        # Idioma del sistema neutro: el español tiene que venir de los ajustes del curso.
        "LANG": "C.UTF-8",
    })
    for name in ("JUPYTER_PATH", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(name, None)
    last_error = ""
    for _attempt in range(3):  # el puerto libre puede ocuparse entre que se elige y se usa
        port = _free_port()
        cmd = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp / 'espacios'}",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--ServerApp.allow_root=True")
        with open(log_path, "ab") as log:
            process = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        server = LabServer(f"http://127.0.0.1:{port}", root, process, log_path)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                server.api("/api/status")
                return server
            except OSError:
                time.sleep(0.25)
        last_error = server.log_tail()
        stop_server(process)
    raise RuntimeError(f"JupyterLab no arrancó. Final del registro ({log_path}):\n{last_error}")
