"""La web del curso y las diapositivas estáticas, a partir de los notebooks ejecutados.

Uso (lo llama el Makefile: ``make web``, ``make diapositivas``)::

    python tools/web.py site  [--out build/web]            # web con Sphinx + MyST-NB
    python tools/web.py decks [--out build/diapositivas]   # una presentación reveal.js por notebook
    python tools/web.py links build/web                    # comprueba los enlaces internos

El modo sale de ``COURSE_QUICK``, como en los notebooks: sin definir, modo completo; con
``COURSE_QUICK=1``, modo rápido, y la web lo dice en un aviso en cada página.

* **Ejecución con caché** (jupyter-cache, una caché por modo en ``build/cache-web/<modo>``):
  cada notebook se ejecuta una vez; si cambia el código de uno, solo ese se vuelve a ejecutar.
  La caché mira el código de las celdas, no ``course_lib``: tras cambiar ``course_lib``,
  ``--fresh`` (``make web REEJECUTAR=1``) vuelve a ejecutarlo todo.
* **Diapositivas** con las mismas ejecuciones (salen de la caché que llena ``site``), el exportador de diapositivas de nbconvert y la plantilla
  ``web/plantillas/diapositivas`` (fuentes grandes, alto contraste, reveal.js local).
* **Sin internet al verlas**: reveal.js y MathJax vienen de los paquetes de npm de
  ``web/package.json`` (``npm ci`` en ``web/``) y se copian junto a la web y a las diapositivas.
"""

from __future__ import annotations

import argparse
import copy
import filecmp
import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import slides  # noqa: E402  (tools/slides.py: las reglas de las diapositivas)

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
NODE_MODULES = WEB / "node_modules"
SOLUTION_START = "# >>> SOLUCIÓN"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[a-z0-9_]+)\.ipynb(#[^)\s]*)?\)")
PRESENTATION_KEYS = ("slideshow", "editable", "deletable", "collapsed", "scrolled", "execution", "jupyter")
EXPLORER_NOTE = ("<div class=\"explorador-sin-nucleo\"><strong>Para mover los controles, abre el "
                 "notebook en JupyterLab.</strong> Aquí se ve la figura con los valores iniciales.</div>")
# De MathJax (es5/) solo hace falta la versión combinada, sus extensiones y las fuentes de su salida.
MATHJAX_PARTS = ["tex-mml-chtml.js", "input", "output/chtml", "ui", "a11y", "adaptors"]
REVEAL_PARTS = ["dist", "plugin/notes", "LICENSE"]


def quick_mode() -> bool:
    import importlib.util

    spec = importlib.util.spec_from_file_location("_course_config", ROOT / "course_lib" / "config.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.is_quick()


def mode_name(quick: bool) -> str:
    return "rapido" if quick else "completo"


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


# ---------------------------------------------------------------- fuentes y recursos locales

def _copy_if_changed(src: Path, dest: Path) -> None:
    """Copia conservando la fecha; no toca lo que no ha cambiado (Sphinx reconstruye solo lo nuevo)."""
    if dest.exists() and filecmp.cmp(src, dest, shallow=False):
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def _write_if_changed(dest: Path, text: str) -> None:
    if dest.exists() and dest.read_text(encoding="utf-8") == text:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")


def site_notebook(nb):
    """El notebook tal como lo ejecuta y publica la web: las soluciones, plegadas («Ver la solución»).

    jupyter-cache reconoce un notebook ya ejecutado por el código y los metadatos de sus celdas
    de código; aquí se quitan los que no cambian la ejecución (el tipo de diapositiva, los de
    la interfaz de JupyterLab), para que retocar las diapositivas no vuelva a ejecutar nada.
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            for key in PRESENTATION_KEYS:
                cell.metadata.pop(key, None)
        if cell.cell_type == "code" and SOLUTION_START in cell.source:
            tags = cell.metadata.setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
    return nb


def stage(quick: bool) -> Path:
    """Fuentes de Sphinx para un modo: portada, README y los notebooks (sin tocar ``notebooks/``)."""
    src = BUILD / "web-fuentes" / mode_name(quick)
    originals = _originals(quick)
    wanted = set()
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        dest = src / "notebooks" / path.name
        _write_if_changed(dest, nbformat.writes(site_notebook(nb)) + "\n")
        _write_if_changed(originals / path.name, text)  # lo que ve la web, para las diapositivas
        wanted.add(path.name)
    for folder in (src / "notebooks", originals):
        for old in folder.glob("*.ipynb"):
            if old.name not in wanted:
                old.unlink()
    _copy_if_changed(WEB / "index.md", src / "index.md")
    _copy_if_changed(ROOT / "README.md", src / "_readme.md")
    return src


def _originals(quick: bool) -> Path:
    """Copia de ``notebooks/`` tal como estaba al construir la web (con los tipos de diapositiva)."""
    return BUILD / "web-fuentes" / f"{mode_name(quick)}-notebooks"


def _require_node_modules() -> None:
    for package in ("mathjax", "reveal.js"):
        if not (NODE_MODULES / package / "package.json").is_file():
            fail(f"Falta el paquete de npm «{package}» en web/node_modules: ejecuta «make web» "
                 "(instala reveal.js y MathJax con «npm ci» en web/; necesita nodejs y npm).")


def _copy_parts(package: str, base: str, parts: list[str], dest: Path) -> None:
    """Copia unas partes de un paquete de npm (una sola vez por versión del paquete)."""
    source = NODE_MODULES / package
    stamp = dest / ".package.json"
    if stamp.is_file() and filecmp.cmp(stamp, source / "package.json", shallow=False):
        return
    shutil.rmtree(dest, ignore_errors=True)
    for part in parts:
        item = source / base / part
        if item.is_dir():
            shutil.copytree(item, dest / part)
        else:
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, dest / part)
    shutil.copy2(source / "package.json", stamp)


def vendor(dest: Path, reveal: bool = False) -> Path:
    _require_node_modules()
    _copy_parts("mathjax", "es5", MATHJAX_PARTS, dest / "mathjax")
    if reveal:
        _copy_parts("reveal.js", "", REVEAL_PARTS, dest / "reveal.js")
    return dest


# ---------------------------------------------------------------------------------- la web

def build_site(out: Path, quick: bool, fresh: bool = False) -> None:
    mode = mode_name(quick)
    src = stage(quick)
    cache = BUILD / "cache-web" / mode
    doctrees = BUILD / "web-fuentes" / f"{mode}-doctrees"
    if fresh:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
    static = vendor(BUILD / "web-recursos")
    env = dict(os.environ, COURSE_QUICK="1" if quick else "0", COURSE_WEB_CACHE=str(cache),
               COURSE_WEB_VENDOR=str(static))
    marker = out / ".modo"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(WEB), "-d", str(doctrees),
               "-W", "--keep-going", "-q", str(src), str(out)]
    if not marker.is_file() or marker.read_text().strip() != mode:
        command.insert(3, "-a")  # otro modo en la misma carpeta: se reescriben todas las páginas
    print(f"Web del curso en modo {'rápido' if quick else 'completo'}: {out.relative_to(ROOT)}/ "
          f"(caché de ejecución: {cache.relative_to(ROOT)}/)", flush=True)
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        fail("La web no se ha podido construir (los mensajes de Sphinx están arriba).")
    marker.write_text(mode + "\n")
    print(f"Listo: abre {out.relative_to(ROOT)}/index.html en el navegador (funciona sin internet).")


# --------------------------------------------------------------------------- diapositivas

def executed_notebook(path: Path, quick: bool):
    """El notebook ``path`` (con sus diapositivas) y sus salidas de la caché.

    ``None`` si la web aún no lo ha ejecutado en este modo.
    """
    from jupyter_cache import get_cache

    cache = get_cache(str(BUILD / "cache-web" / mode_name(quick)))
    nb = nbformat.read(path, as_version=4)
    try:
        _, merged = cache.merge_match_into_notebook(site_notebook(nb))
    except KeyError:
        return None
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell, executed in zip(code, [c for c in merged.cells if c.cell_type == "code"]):
        cell.outputs = executed.outputs
        cell.execution_count = executed.execution_count
    return nb


def deck_notebook(nb):
    """Lo que la presentación muestra: los exploradores, como figura con la nota en español;
    los enlaces a otros notebooks, a sus presentaciones."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "markdown":  # «Siguiente: …» lleva a la presentación siguiente
            cell.source = _NOTEBOOK_LINK.sub(r"](\1.html\2)", cell.source)
        if cell.cell_type != "code":
            continue
        outputs, noted = [], False
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                if not noted:
                    outputs.append(nbformat.v4.new_output("display_data", data={"text/html": EXPLORER_NOTE}))
                    noted = True
                continue
            outputs.append(output)
        cell.outputs = outputs
    return nb


def deck_title(nb, name: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.match(r"#\s+(.+)", cell.source.strip())
            if match:
                return match.group(1).strip()
    return name


def build_decks(out: Path, quick: bool) -> None:
    from nbconvert import SlidesExporter

    # Los notebooks tal como los vio la última construcción de la web en este modo: las mismas
    # ejecuciones, aunque alguien haya cambiado notebooks/ después.
    notebooks = sorted(_originals(quick).glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        fail(f"Falta la web en modo {'rápido' if quick else 'completo'}: las diapositivas usan sus "
             "ejecuciones; ejecuta antes «make web» en el mismo modo («make diapositivas» lo hace).")
    missing = [p.name for p in notebooks if executed_notebook(p, quick) is None]
    if missing:
        fail(f"Sin ejecutar en modo {'rápido' if quick else 'completo'}: {', '.join(missing)}. Las "
             "diapositivas usan las ejecuciones de la web: ejecuta antes «make web» en el mismo modo "
             "(«make diapositivas» lo hace).")
    resources_dir = vendor(out / "_recursos", reveal=True)
    exporter = SlidesExporter(
        extra_template_basedirs=[str(WEB / "plantillas")], template_name="diapositivas",
        reveal_url_prefix="_recursos/reveal.js", reveal_theme="white", reveal_transition="none",
        reveal_number="c/t", reveal_width="1280", reveal_height="720", reveal_scroll=True,
        mathjax_url="_recursos/mathjax/tex-mml-chtml.js", language_code="es", exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    assert resources_dir.is_dir()
    for path in notebooks:
        nb = deck_notebook(executed_notebook(path, quick))
        slides.assign(nb)  # celdas nuevas sin tipo de diapositiva: las reglas de tools/slides.py
        nb.metadata["title"] = deck_title(nb, path.stem)
        body, _ = exporter.from_notebook_node(nb, resources={"quick": quick, "metadata": {"name": path.stem}})
        (out / f"{path.stem}.html").write_text(body, encoding="utf-8")
    for old in out.glob("[0-9][0-9]_*.html"):
        if not (_originals(quick) / f"{old.stem}.ipynb").exists():
            old.unlink()
    print(f"Diapositivas en {out.relative_to(ROOT)}/ ({len(notebooks)} presentaciones, modo "
          f"{'rápido' if quick else 'completo'}); ábrelas en el navegador: flechas para avanzar, F pantalla completa.")


# ------------------------------------------------------------------------ enlaces internos

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "a" and key == "src"):
                self.links.append(attrs[key])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Enlaces internos (href/src relativos) de las páginas de ``site`` que no llevan a nada.

    Cuenta el archivo y también el ancla (``#id``) cuando apunta a una página HTML.
    """
    problems, parsed = [], {}
    # _static/ y _recursos/ son del tema y de reveal.js/MathJax (plantillas, demos), no páginas.
    pages = sorted(p for p in site.rglob("*.html") if not {"_static", "_recursos"} & set(p.relative_to(site).parts))
    for page in pages:
        parsed[page] = _parse(page)
    for page in pages:
        for link in parsed[page].links:
            parts = urlsplit(html.unescape(link))
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)} → {link}"
            if not target.exists():
                problems.append(f"{where}: no existe {target}")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if parts.fragment not in ids and unquote(parts.fragment) not in ids:  # como el navegador
                    problems.append(f"{where}: no hay #{parts.fragment} en {target.name}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    site = sub.add_parser("site", help="la web (Sphinx + MyST-NB)")
    site.add_argument("--out", type=Path, default=BUILD / "web")
    site.add_argument("--fresh", action="store_true", help="vacía la caché de ejecución y lo ejecuta todo")
    decks = sub.add_parser("decks", help="las diapositivas estáticas (reveal.js)")
    decks.add_argument("--out", type=Path, default=BUILD / "diapositivas")
    links = sub.add_parser("links", help="comprueba los enlaces internos de una carpeta HTML")
    links.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.command == "links":
        problems = broken_links(args.folder)
        for problem in problems:
            print(problem)
        print(f"{len(problems)} enlaces rotos en {args.folder}")
        return 1 if problems else 0
    quick = quick_mode()
    out = args.out if args.out.is_absolute() else (Path.cwd() / args.out)
    if args.command == "site":
        build_site(out.resolve(), quick, fresh=args.fresh)
    else:
        build_decks(out.resolve(), quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
