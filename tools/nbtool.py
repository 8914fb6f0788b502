"""Herramienta de mantenimiento de los notebooks del curso.

Uso::

    python tools/nbtool.py strip  notebooks/*.ipynb      # borra salidas (salvo celdas contrato)
    python tools/nbtool.py check  notebooks/*.ipynb      # comprueba las convenciones (CONTRIBUTING.md)
    python tools/nbtool.py record notebooks/05_*.ipynb   # ejecuta en modo rápido y guarda las celdas contrato
    python tools/nbtool.py student notebooks build/alumno  # edición del estudiante, sin soluciones
    python tools/nbtool.py student notebooks mi-curso --keep-existing  # (make lab) sin pisar el trabajo del estudiante

Celda contrato: celda de código con ``"keep_output": true`` en sus metadatos (la convención
de nbstripout). Conserva su salida y su número de ejecución, y nbval la compara en cada
``make test``. Todas las demás celdas se guardan sin salidas y sin número de ejecución.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

import nbformat

SOLUTION_START = "# >>> SOLUCIÓN"
SOLUTION_END = "# <<< SOLUCIÓN"
_NOTEBOOK_NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
_LINK = re.compile(r"\]\(([^)#\s]+\.ipynb)(?:#[^)]*)?\)")


_CHECK_CALL = re.compile(r"^\s*ex\.\w+\.check\(", re.M)


def check_cell_problem(source: str) -> str | None:
    """Una celda de comprobación es una sola llamada ``ex.<ejercicio>.check(respuesta, dato=variable, …)``.

    Los argumentos son nombres del notebook (o atributos, índices y ``len(...)`` de ellos): ni
    números, ni funciones, ni expresiones que calculen la respuesta esperada a la vista.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return f"no es Python válido ({exc.msg})"
    body = [node for node in tree.body]
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Call):
        return "debe ser una sola llamada a ex.<ejercicio>.check(...), sin más código"
    call = body[0].value
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        for node in ast.walk(arg):
            if isinstance(node, (ast.Lambda, ast.BinOp, ast.Compare, ast.ListComp, ast.DictComp, ast.GeneratorExp)):
                return "un argumento calcula algo a la vista; pasa solo variables del notebook"
            if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
                parent_is_index = any(isinstance(p, ast.Subscript) and node in ast.walk(p.slice) for p in ast.walk(arg))
                if not parent_is_index:
                    return f"un argumento es un número ({node.value!r}); pasa solo variables del notebook"
    return None


def is_contract(cell) -> bool:
    return cell.cell_type == "code" and bool(cell.metadata.get("keep_output", False))


def strip(nb) -> None:
    """Quita salidas y números de ejecución, salvo en las celdas contrato; limpia metadatos volátiles."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        if cell.cell_type == "code" and not is_contract(cell):
            cell.outputs = []
            cell.execution_count = None


def remove_solutions(source: str) -> str:
    """Quita los bloques ``# >>> SOLUCIÓN`` ... ``# <<< SOLUCIÓN`` (ambas líneas incluidas)."""
    out, inside = [], False
    for line in source.splitlines():
        mark = line.strip()
        if mark.startswith(SOLUTION_START):
            if inside:
                raise ValueError("Bloque de solución anidado: falta un '# <<< SOLUCIÓN'.")
            inside = True
            continue
        if mark.startswith(SOLUTION_END):
            if not inside:
                raise ValueError("'# <<< SOLUCIÓN' sin su '# >>> SOLUCIÓN'.")
            inside = False
            continue
        if not inside:
            out.append(line)
    if inside:
        raise ValueError("Falta el '# <<< SOLUCIÓN' que cierra un bloque de solución.")
    return "\n".join(out)


def check(path: Path) -> list[str]:
    """Devuelve la lista de problemas de un notebook respecto a las convenciones del curso."""
    problems: list[str] = []
    name = path.name
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001
        return [f"{name}: no es un notebook válido ({exc})"]
    match = _NOTEBOOK_NAME.match(name)
    if not match:
        problems.append(f"{name}: el nombre debe ser NN_tema.ipynb (minúsculas, sin espacios)")
    number = match.group(1) if match else "??"
    cells = nb.cells
    if not cells or cells[0].cell_type != "markdown" or not cells[0].source.startswith(f"# {number} · "):
        problems.append(f"{name}: la primera celda debe ser Markdown y empezar por '# {number} · Título'")
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    for heading in ("## Objetivos", "## Resumen"):
        if not re.search(rf"^{heading}\s*$", markdown, re.M):
            problems.append(f"{name}: falta la sección '{heading}'")
    code = [c for c in cells if c.cell_type == "code"]
    if not code or not re.match(r"(#[^\n]*\n)*import course_lib\b", code[0].source.strip()):
        problems.append(f"{name}: la primera celda de código debe empezar por 'import course_lib' (silencia TensorFlow)")
    for i, cell in enumerate(code, 1):
        if is_contract(cell):
            if not cell.outputs or cell.execution_count is None:
                problems.append(f"{name}: la celda contrato n.º {i} no tiene salida guardada o número de ejecución (usa 'nbtool.py record')")
        elif cell.outputs or cell.execution_count is not None:
            problems.append(f"{name}: la celda de código n.º {i} tiene salidas guardadas y no es contrato (usa 'make strip')")
        try:
            remove_solutions(cell.source)
        except ValueError as exc:
            problems.append(f"{name}: celda de código n.º {i}: {exc}")
    all_code = "\n".join(c.source for c in code)
    checks = [c for c in code if _CHECK_CALL.search(c.source)]
    if len(checks) < 2 or SOLUTION_START not in all_code:
        problems.append(f"{name}: se esperan al menos dos ejercicios con comprobación (ex.<ejercicio>.check(...)) "
                        "y su bloque de solución")
    for cell in checks:
        problem = check_cell_problem(cell.source)
        if problem:
            problems.append(f"{name}: celda de comprobación «{cell.source.strip()[:60]}»: {problem}")
    if re.search(r"\bexercises\.check_\w+\(", all_code):
        problems.append(f"{name}: el notebook llama a exercises.check_…: los ejercicios se definen en "
                        "course_lib/lessons/<tema>/exercises.py y el notebook solo llama a ex.<ejercicio>.check(...)")
    if not code or code[-1].source.strip().split("#")[0].strip() != "ex.progress()":
        problems.append(f"{name}: la última celda de código debe ser ex.progress() (el progreso del estudiante)")
    for target in _LINK.findall(markdown):
        if "://" not in target and not (path.parent / target).is_file():
            problems.append(f"{name}: enlace roto a {target}")
    if match:
        following = sorted(path.parent.glob(f"{int(number) + 1:02d}_*.ipynb"))
        if following and f"]({following[0].name})" not in markdown:
            problems.append(f"{name}: falta el enlace al siguiente notebook ({following[0].name})")
    return problems


def record(path: Path, timeout: int = 600) -> None:
    """Ejecuta el notebook en modo rápido y guarda solo las salidas de las celdas contrato."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    os.environ["COURSE_QUICK"] = "1"
    NotebookClient(executed, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    count = 0
    for cell, done in zip(nb.cells, executed.cells):
        if is_contract(cell):
            count += 1
            cell.outputs = done.outputs
            cell.execution_count = count
    strip(nb)
    nbformat.write(nb, path)
    print(f"{path}: {count} celda(s) contrato guardada(s)")


def student_edition(src: Path, dest: Path, keep_existing: bool = False) -> list[Path]:
    """Copia los notebooks de ``src`` a ``dest`` sin soluciones ni salidas.

    Con ``keep_existing=True`` no toca los notebooks que ya están en ``dest`` (el trabajo del
    estudiante): solo añade los que faltan, p. ej. uno nuevo del curso.
    """
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(src.glob("*.ipynb")):
        if keep_existing and (dest / path.name).exists():
            continue
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = remove_solutions(cell.source)
                cell.outputs = []
                cell.execution_count = None
                cell.metadata.pop("keep_output", None)
        strip(nb)
        target = dest / path.name
        nbformat.write(nb, target)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"strip", "check", "record", "student"}:
        print(__doc__)
        return 2
    command, args = argv[0], [Path(a) for a in argv[1:]]
    if command == "student":
        keep = Path("--keep-existing") in args
        args = [a for a in args if a != Path("--keep-existing")]
        if len(args) != 2:
            print("Uso: nbtool.py student CARPETA_ORIGEN CARPETA_DESTINO [--keep-existing]")
            return 2
        for target in student_edition(*args, keep_existing=keep):
            print(f"escrito {target}")
        return 0
    status = 0
    for path in args:
        if command == "strip":
            nb = nbformat.read(path, as_version=4)
            strip(nb)
            nbformat.write(nb, path)
        elif command == "record":
            record(path)
        else:
            for problem in check(path):
                print(problem)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
