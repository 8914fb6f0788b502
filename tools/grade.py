"""Calificación de las entregas: ejecuta cada notebook entregado y anota cada ejercicio.

Uso (``make calificar ENTREGAS=carpeta``)::

    python tools/grade.py ENTREGAS [--salida calificaciones.csv] [--tiempo 900] [--modo rapido|completo]

Entregas, en cualquiera de las dos formas (se pueden mezclar):

* una carpeta por estudiante: ``ENTREGAS/ana_garcia/05_red_densa_mnist.ipynb``;
* archivos sueltos: ``ENTREGAS/ana_garcia__05_red_densa_mnist.ipynb`` (dos guiones bajos).

Cada notebook se ejecuta **solo**, en un núcleo nuevo, en una carpeta temporal propia (que es
también su ``HOME``) con un tiempo máximo; todas las entregas se leen en memoria antes de
empezar, así que una entrega que borra archivos no estropea las demás. Una entrega rota, sin
fin u hostil da una fila ``error`` con el motivo y no detiene a las demás. Para un aislamiento
completo frente a código malicioso (leer archivos del sistema, la red), ejecuta la calificación
en un contenedor o con un usuario sin permisos.

Resultado: un CSV (``alumno, notebook, ejercicio, resultado, detalle``) con ``resultado`` igual a
``correcto``, ``incorrecto``, ``sin responder`` o ``error``, y dos tablas en español: por
estudiante y por ejercicio.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from course_lib.lessons import NOTEBOOK_LESSONS  # noqa: E402 - después de ajustar sys.path

RESULTS = ("correcto", "incorrecto", "sin responder", "error")
MARKER = "__CURSO_CALIFICACION__"
COLUMNS = ("alumno", "notebook", "ejercicio", "resultado", "detalle")
_SEPARATOR = "__"


@dataclass(frozen=True)
class Submission:
    student: str
    notebook: str          # NN_tema, sin .ipynb
    source: str            # de dónde viene (para los mensajes)
    content: bytes | None  # el archivo, leído antes de ejecutar nada
    problem: str = ""      # por qué no se puede calificar (nombre o archivo no válidos)


def find_submissions(folder: Path) -> list[Submission]:
    """Las entregas de ``folder``: una carpeta por estudiante o archivos ``alumno__NN_tema.ipynb``."""
    if not folder.is_dir():
        raise SystemExit(f"No existe la carpeta de entregas {folder}: indica la carpeta con ENTREGAS=carpeta.")
    found: list[Submission] = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        relative = path.relative_to(folder)
        if len(relative.parts) == 1:
            student, sep, name = path.stem.partition(_SEPARATOR)
            if not sep:
                found.append(Submission(path.stem, path.stem, str(relative), None,
                                        f"no se sabe de quién es: llama al archivo alumno{_SEPARATOR}{path.name} "
                                        "o ponlo en una carpeta con el nombre del estudiante"))
                continue
        elif len(relative.parts) == 2:
            student, name = relative.parts[0], path.stem
        else:
            found.append(Submission(relative.parts[0], path.stem, str(relative), None,
                                    "está demasiado hondo: usa ENTREGAS/alumno/NN_tema.ipynb"))
            continue
        if name not in NOTEBOOK_LESSONS:
            found.append(Submission(student, name, str(relative), None,
                                    f"{name}.ipynb no es un notebook del curso (los nombres son NN_tema.ipynb, "
                                    "como en notebooks/)"))
            continue
        found.append(Submission(student, name, str(relative), path.read_bytes()))
    return found


# --- Ejecución de una entrega (proceso hijo) ------------------------------------------------------

_COLLECT = """\
import json as _curso_json
from course_lib.lessons import exercises_for as _curso_exercises_for
print({marker!r} + _curso_json.dumps(_curso_exercises_for({notebook!r}).record()))
"""


def run_one(notebook_path: Path, notebook: str, budget: float, control: Path) -> dict:
    """Ejecuta un notebook (en el proceso hijo) y devuelve su registro de ejercicios."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.reads(notebook_path.read_text(encoding="utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - cualquier archivo roto es un error de la entrega
        return {"status": "error", "reason": f"no es un notebook válido ({type(exc).__name__})", "records": []}
    nb.cells = [c for c in nb.cells if c.cell_type in ("code", "markdown", "raw")]
    nb.cells.append(nbformat.v4.new_code_cell(_COLLECT.format(marker=MARKER, notebook=notebook)))
    client = NotebookClient(nb, timeout=max(1, int(budget)), allow_errors=True, interrupt_on_timeout=True,
                            kernel_name="python3", resources={"metadata": {"path": str(notebook_path.parent)}})
    deadline = time.monotonic() + budget
    status, reason, failed = "ok", "", []
    with client.setup_kernel():
        provisioner = getattr(client.km, "provisioner", None)
        pgid = getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None)
        if pgid:
            (control / "kernel.pid").write_text(str(pgid))
        for index, cell in enumerate(nb.cells):
            last = index == len(nb.cells) - 1
            if cell.cell_type != "code":
                continue
            remaining = deadline - time.monotonic()
            if not last and remaining <= 0:
                status, reason = "error", f"el notebook no terminó en {budget:.0f} s (tiempo máximo por entrega)"
                continue
            client.timeout = 30 if last else max(1, math.ceil(remaining))
            started = time.monotonic()
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                if last:
                    return {"status": "error", "records": [], "failed_cells": failed,
                            "reason": "el núcleo no respondió tras interrumpirlo (¿un bucle sin fin?)"}
                timed_out = True
            except DeadKernelError:
                return {"status": "error", "records": [], "failed_cells": failed,
                        "reason": f"el núcleo se detuvo en la celda {index + 1} (¿memoria agotada o sys.exit?)"}
            else:
                # Con interrupt_on_timeout, nbclient interrumpe la celda al agotarse su tiempo y
                # sigue sin lanzar nada (la celda acaba con KeyboardInterrupt): el reloj lo dice.
                timed_out = time.monotonic() - started >= client.timeout
            if timed_out and not last:
                status, reason = "error", f"el notebook no terminó en {budget:.0f} s: la celda {index + 1} seguía ejecutándose"
                deadline = time.monotonic()
            if not last and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                failed.append(index + 1)
    records = []
    for output in nb.cells[-1].get("outputs", []):
        text = output.get("text", "") if output.get("output_type") == "stream" else ""
        for line in text.splitlines():
            if line.startswith(MARKER):
                records = json.loads(line[len(MARKER):])
    if not records:
        return {"status": "error", "records": [], "failed_cells": failed,
                "reason": reason or "no se pudo leer el registro de ejercicios del notebook"}
    return {"status": status, "reason": reason, "records": records, "failed_cells": failed}


# --- Orquestación (proceso padre) -----------------------------------------------------------------

def _kill(process: subprocess.Popen, control: Path) -> None:
    """Detiene el proceso hijo y su núcleo (que vive en su propia sesión)."""
    pid_file = control / "kernel.pid"
    for pid in ([int(pid_file.read_text())] if pid_file.is_file() else []):
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run_submission(sub: Submission, budget: float, quick: bool) -> dict:
    """Ejecuta una entrega en un proceso hijo y devuelve su informe (``status``, ``reason``, ``records``…).

    Nunca lanza: cualquier fallo es un informe con ``status == "error"`` y el motivo.
    """
    if sub.problem:
        return {"status": "error", "reason": sub.problem, "records": [], "failed_cells": []}
    work = Path(tempfile.mkdtemp(prefix="calificar-entrega-"))
    control = Path(tempfile.mkdtemp(prefix="calificar-control-"))
    try:
        target = work / f"{sub.notebook}.ipynb"
        target.write_bytes(sub.content or b"")
        env = {**os.environ, "HOME": str(work), "COURSE_QUICK": "1" if quick else "0",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
               "MPLCONFIGDIR": str(work / ".matplotlib")}
        command = [sys.executable, str(Path(__file__).resolve()), "--una", str(target), sub.notebook,
                   "--tiempo", str(budget), "--control", str(control)]
        process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)
        try:
            out, err = process.communicate(timeout=budget + 120)
        except subprocess.TimeoutExpired:
            _kill(process, control)
            return {"status": "error", "records": [], "failed_cells": [],
                    "reason": f"el notebook no terminó en {budget:.0f} s y hubo que detenerlo"}
        _kill(process, control)  # el núcleo, si algo lo dejó vivo
        lines = [line for line in out.splitlines() if line.startswith(MARKER)]
        if process.returncode != 0 or not lines:
            last = (err.strip().splitlines() or ["sin mensaje"])[-1][:200]
            return {"status": "error", "records": [], "failed_cells": [], "reason": f"la calificación falló ({last})"}
        return json.loads(lines[-1][len(MARKER):])
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(control, ignore_errors=True)


def rows_for(sub: Submission, report: dict) -> list[dict]:
    """Las filas del CSV de una entrega a partir de su informe."""
    base = {"alumno": sub.student, "notebook": sub.notebook}
    rows = []
    if report["status"] != "ok":
        rows.append({**base, "ejercicio": "", "resultado": "error", "detalle": report["reason"]})
    for record in report["records"]:
        result, detail = record["result"], record["detail"]
        if result not in RESULTS:
            result, detail = "error", f"resultado desconocido {result!r}"
        if report["status"] != "ok" and result == "sin responder" and not record.get("attempts"):
            result, detail = "error", "no se llegó a comprobar: " + report["reason"]
        rows.append({**base, "ejercicio": f"{record['title']} ({record['exercise']})", "resultado": result,
                     "detalle": detail + (" (vio la solución)" if record.get("solution_seen") else "")})
    return rows


def grade(folder: Path, output: Path, budget: float = 900, quick: bool = True, echo=print) -> list[dict]:
    """Califica todas las entregas de ``folder``, escribe el CSV y devuelve sus filas."""
    submissions = find_submissions(folder)   # se leen todas antes de ejecutar ninguna
    if not submissions:
        raise SystemExit(f"No hay notebooks en {folder}: se esperan ENTREGAS/alumno/NN_tema.ipynb "
                         f"o ENTREGAS/alumno{_SEPARATOR}NN_tema.ipynb.")
    rows: list[dict] = []
    for number, sub in enumerate(submissions, 1):
        start = time.monotonic()
        report = run_submission(sub, budget, quick)
        new = rows_for(sub, report)
        counts = Counter(r["resultado"] for r in new if r["ejercicio"])
        errors = [r["detalle"] for r in new if not r["ejercicio"]]
        echo(f"[{number}/{len(submissions)}] {sub.source}: "
             + (", ".join(f"{counts[k]} {k}" for k in RESULTS if counts[k]) or "sin ejercicios")
             + (f" · error: {errors[0]}" if errors else "")
             + (f" · celdas con error: {', '.join(map(str, report['failed_cells']))}" if report.get("failed_cells") else "")
             + f" · {time.monotonic() - start:.0f} s")
        rows.extend(new)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    echo("")
    echo(summary_tables(rows))
    echo(f"\nCSV: {output}")
    return rows


def summary_tables(rows: list[dict]) -> str:
    """Tablas en español: por estudiante y por ejercicio."""
    by_student: dict[str, Counter] = defaultdict(Counter)
    by_exercise: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        key = row["resultado"] if row["ejercicio"] else "notebook con error"
        by_student[row["alumno"]][key] += 1
        if row["ejercicio"]:
            by_exercise[f"{row['notebook'][:2]} · {row['ejercicio']}"][row["resultado"]] += 1
    head = ["Correctos", "Incorrectos", "Sin responder", "Errores"]
    lines = ["Por estudiante", _row(["Alumno", *head, "Notebooks con error", "Nota"], 15)]
    for student in sorted(by_student):
        c = by_student[student]
        total = sum(c[k] for k in RESULTS)
        score = f"{100 * c['correcto'] / total:.0f} %" if total else "-"
        lines.append(_row([student, *(str(c[k]) for k in RESULTS), str(c["notebook con error"]), score], 15))
    lines += ["", "Por ejercicio", _row(["Ejercicio", *head], 14, first=44)]
    for exercise in sorted(by_exercise):
        c = by_exercise[exercise]
        lines.append(_row([exercise, *(str(c[k]) for k in RESULTS)], 14, first=44))
    return "\n".join(lines)


def _row(cells: list[str], width: int, first: int = 20) -> str:
    return cells[0][:first].ljust(first) + "".join(c.rjust(max(width, len(c) + 2)) for c in cells[1:])


def main(argv: list[str]) -> int:
    if argv[:1] == ["--una"]:  # proceso hijo: una entrega
        parser = argparse.ArgumentParser(prog="grade.py --una")
        parser.add_argument("path", type=Path)
        parser.add_argument("notebook")
        parser.add_argument("--tiempo", type=float, required=True)
        parser.add_argument("--control", type=Path, required=True)
        args = parser.parse_args(argv[1:])
        report = run_one(args.path, args.notebook, args.tiempo, args.control)
        print(MARKER + json.dumps(report))
        return 0
    parser = argparse.ArgumentParser(prog="grade.py", description="Califica las entregas de los estudiantes.")
    parser.add_argument("entregas", type=Path, help="carpeta con las entregas")
    parser.add_argument("--salida", type=Path, default=None, help="CSV de resultados (por defecto, calificaciones.csv "
                        "junto a la carpeta de entregas)")
    parser.add_argument("--tiempo", type=float, default=900, help="segundos como máximo por notebook (900)")
    parser.add_argument("--modo", choices=("rapido", "completo"), default="rapido",
                        help="modo del curso al ejecutar las entregas (rapido: segundos por notebook)")
    args = parser.parse_args(argv)
    if args.tiempo <= 0:
        parser.error("--tiempo debe ser un número de segundos mayor que 0")
    output = args.salida or args.entregas.resolve().parent / "calificaciones.csv"
    grade(args.entregas, output, args.tiempo, args.modo == "rapido")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
