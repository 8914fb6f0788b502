"""¿Cuánto tarda el curso entero? Ejecuta cada notebook de ``notebooks/`` y cronometra.

Ejecuta los notebooks de uno en uno con nbclient, en **modo completo** (sin ``COURSE_QUICK``;
con ``--quick``, en modo rápido, para una prueba de humo), con el entorno de este proceso
(``COURSE_MNIST_DIR`` y las demás variables pasan tal cual), y al final imprime una tabla: minutos
por notebook, la celda más lenta, la carga media de la máquina durante la ejecución y las cifras
principales que imprime cada notebook (las líneas de su salida con una exactitud o un objetivo en
%, p. ej. «Exactitud de la CNN en prueba: 92.7 %»). La última línea es
``course minutes: <total>``.

Objetivos (modo completo, 2 núcleos): ningún notebook por encima de 5 minutos y el curso entero
por debajo de 30. Los tiempos dependen de la carga de la máquina (la tabla la muestra) y de su
procesador: al empezar y al terminar se mide la velocidad de la CPU en GFLOP/s (los productos de
matrices de un paso de entrenamiento, como en ``training_speed.py``), para comparar máquinas.

Uso::

    .venv/bin/python benchmarks/course_time.py                    # todos, modo completo
    .venv/bin/python benchmarks/course_time.py --only 07          # solo el 07
    .venv/bin/python benchmarks/course_time.py --quick            # prueba de humo en modo rápido
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_NOTEBOOK_MIN, TARGET_COURSE_MIN = 5.0, 30.0

#: Una cifra principal: una línea con «exactitud» u «objetivo» y un porcentaje.
HEADLINE = re.compile(r"(exactitud|objetivo|accuracy)[^\n]*?\d+(?:[.,]\d+)?\s?%", re.IGNORECASE)


def headlines(nb, limit: int = 4) -> list[str]:
    """Las líneas de la salida del notebook con una exactitud o un objetivo en % (las últimas ``limit``)."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "") if output.get("output_type") == "stream" else ""
            for line in text.splitlines():
                if HEADLINE.search(line):
                    found.append(line.strip())
    return found[-limit:]


def slowest_cell(nb) -> tuple[int, float]:
    """(índice, segundos) de la celda que más tardó, según los tiempos que apunta nbclient."""
    best = (-1, 0.0)
    for index, cell in enumerate(nb.cells):
        timing = cell.get("metadata", {}).get("execution", {})
        start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if start and end:
            seconds = (dt.datetime.fromisoformat(end.replace("Z", "+00:00"))
                       - dt.datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
            if seconds > best[1]:
                best = (index, seconds)
    return best


def run_notebook(path: Path, timeout: int) -> dict:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1][:120] if str(exc).strip() else type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - un notebook que falla no para la tabla
        error = f"{type(exc).__name__}: {exc}"[:120]
    minutes = (time.perf_counter() - start) / 60
    return {"name": path.stem, "minutes": minutes, "error": error, "slowest": slowest_cell(nb),
            "headlines": headlines(nb), "load": (load_before + os.getloadavg()[0]) / 2}


def cpu_gflops() -> float:
    """GFLOP/s de esta CPU en los productos de matrices de un paso de entrenamiento de la red del
    notebook 05 (lotes de 32), como los mide ``benchmarks/training_speed.py``, en otro proceso.

    Los minutos de la tabla dependen del procesador (en dos máquinas de 2 núcleos de este proyecto,
    unos 40 y unos 100 GFLOP/s): esta cifra dice con qué máquina se comparan.
    """
    import subprocess

    code = ("import training_speed as t; s = t.time_step_matmuls(); print(t.step_flops() / s / 1e9)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT / "benchmarks")
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None,
                        help="prefijos de los notebooks que ejecutar, p. ej. --only 07 08")
    parser.add_argument("--quick", action="store_true", help="modo rápido (COURSE_QUICK=1): prueba de humo")
    parser.add_argument("--timeout", type=int, default=3600, help="segundos como máximo por celda (3600)")
    args = parser.parse_args(argv)

    if args.quick:
        os.environ["COURSE_QUICK"] = "1"
    else:
        os.environ.pop("COURSE_QUICK", None)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        paths = [p for p in paths if any(p.name.startswith(prefix) for prefix in args.only)]
    if not paths:
        print("No hay notebooks que ejecutar.", file=sys.stderr)
        return 2
    mode = "rápido" if args.quick else "completo"
    print(f"Modo {mode} · {os.cpu_count()} núcleos · COURSE_MNIST_DIR={os.environ.get('COURSE_MNIST_DIR', '(sin definir)')}"
          f" · carga media al empezar {os.getloadavg()[0]:.2f}", flush=True)
    gflops_before = cpu_gflops()
    print(f"Velocidad de la CPU: {gflops_before:.0f} GFLOP/s (productos de matrices de un paso de la red del 05)", flush=True)

    rows = []
    for path in paths:
        row = run_notebook(path, args.timeout)
        rows.append(row)
        state = "❌ " + row["error"] if row["error"] else "✅"
        print(f"  {row['name']}: {row['minutes']:.2f} min {state}", flush=True)

    print()
    print(f"{'notebook':36} {'min':>6} {'celda más lenta':>16} {'carga':>6}  cifras principales")
    for row in rows:
        index, seconds = row["slowest"]
        over = " ⚠️ > 5 min" if not args.quick and row["minutes"] > TARGET_NOTEBOOK_MIN else ""
        figures = " | ".join(row["headlines"]) or "—"
        if row["error"]:
            figures = f"❌ {row['error']}"
        print(f"{row['name'][:36]:36} {row['minutes']:>6.2f} {f'[{index}] {seconds:.0f} s':>16} "
              f"{row['load']:>6.2f}  {figures}{over}")
    total = sum(row["minutes"] for row in rows)
    slowest = max(rows, key=lambda row: row["minutes"])
    print()
    if not args.quick:
        ok_each = slowest["minutes"] <= TARGET_NOTEBOOK_MIN
        print(f"Ningún notebook > {TARGET_NOTEBOOK_MIN:g} min: {'✅' if ok_each else '❌'} (el más lento, "
              f"{slowest['name']}, {slowest['minutes']:.2f} min)")
        if len(rows) == len(sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))):
            print(f"Curso entero < {TARGET_COURSE_MIN:g} min: {'✅' if total < TARGET_COURSE_MIN else '❌'} "
                  f"({total:.1f} min)")
    print(f"Carga media al terminar {os.getloadavg()[0]:.2f} (con {os.cpu_count()} núcleos; por encima, "
          "otros programas le quitaban tiempo de cálculo)")
    print(f"Velocidad de la CPU: {gflops_before:.0f} GFLOP/s al empezar, {cpu_gflops():.0f} GFLOP/s al terminar")
    print(f"course minutes: {total:.2f}")
    return 1 if any(row["error"] for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
