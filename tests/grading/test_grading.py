"""``make calificar``: entregas generadas (correcta, con errores, que borra archivos, sin fin, rota) y las dos ediciones.

Ejecuta notebooks de verdad en núcleos nuevos (modo rápido): es el bloque lento de la calificación.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import grade  # noqa: E402
import nbtool  # noqa: E402

from course_lib.lessons import exercises_for  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# El notebook de las entregas generadas: uno rápido en modo rápido.
SAMPLE = "00_bienvenida_y_entorno"
BUDGET = 90  # segundos por entrega: de sobra para SAMPLE en modo rápido (unos 15 s con 2 núcleos)


def answer_cells(nb):
    """Índices de las celdas de respuesta (las que tienen bloque de solución), en orden."""
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and nbtool.SOLUTION_START in c.source]


def answer_name(source: str) -> str:
    return source.split("=", 1)[0].strip().splitlines()[-1].strip()


def instructor(name: str = SAMPLE):
    return nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)


def student(name: str = SAMPLE):
    nb = instructor(name)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = nbtool.remove_solutions(cell.source)
    return nb


def with_wrong_answers():
    """La primera respuesta bien, la segunda mal, la tercera con un NameError; el resto sin responder."""
    nb, solved = student(), instructor()
    cells = answer_cells(solved)
    nb.cells[cells[0]].source = solved.cells[cells[0]].source
    name = answer_name(nb.cells[cells[1]].source)
    nb.cells[cells[1]].source = f'{name} = "no lo sé"'
    name = answer_name(nb.cells[cells[2]].source)
    nb.cells[cells[2]].source = f"{name} = b_sin_comillas"
    return nb


def inserted(nb, index: int, source: str):
    nb.cells.insert(index, nbformat.v4.new_code_cell(source))
    return nb


def write(path: Path, nb) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    entregas = tmp_path_factory.mktemp("entregas")
    write(entregas / "ana" / f"{SAMPLE}.ipynb", instructor())
    write(entregas / f"berta__{SAMPLE}.ipynb", with_wrong_answers())
    # Borra todo lo que encuentra: su carpeta, su HOME y las demás entregas (por su ruta absoluta).
    write(entregas / "carlos" / f"{SAMPLE}.ipynb", inserted(instructor(), 1, (
        "import os, pathlib, shutil\n"
        f"for victim in pathlib.Path({str(entregas)!r}).rglob('*.ipynb'):\n"
        "    victim.unlink()\n"
        "for folder in (os.getcwd(), os.path.expanduser('~')):\n"
        "    for item in pathlib.Path(folder).iterdir():\n"
        "        shutil.rmtree(item) if item.is_dir() else item.unlink()\n")))
    # Nunca termina (un bucle sin fin, como el de un estudiante); antes ha comprobado el primer ejercicio.
    loop = instructor()
    first_check = next(i for i, c in enumerate(loop.cells) if nbtool._CHECK_CALL.search(c.source))
    write(entregas / "diana" / f"{SAMPLE}.ipynb", inserted(loop, first_check + 1, "while True:\n    pass\n"))
    # Nunca termina y además se defiende de la interrupción: hay que detener su núcleo.
    write(entregas / "fede" / f"{SAMPLE}.ipynb", inserted(instructor(), 1, (
        "import time\n"
        "while True:\n"
        "    try:\n"
        "        time.sleep(0.1)\n"
        "    except KeyboardInterrupt:\n"
        "        pass\n")))
    (entregas / "eva").mkdir()
    (entregas / "eva" / f"{SAMPLE}.ipynb").write_text("{esto no es un notebook", encoding="utf-8")
    (entregas / "notas.ipynb").write_text("{}", encoding="utf-8")
    output = tmp_path_factory.mktemp("salida") / "calificaciones.csv"
    lines: list[str] = []
    grade.grade(entregas, output, budget=BUDGET, quick=True, echo=lines.append)
    with output.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return entregas, rows, "\n".join(lines)


def results(rows, student_name):
    return [(r["ejercicio"].split(" (")[-1].rstrip(")") if r["ejercicio"] else "", r["resultado"])
            for r in rows if r["alumno"] == student_name]


def test_csv_columns(graded):
    _, rows, _ = graded
    assert list(rows[0]) == ["alumno", "notebook", "ejercicio", "resultado", "detalle"]


def test_a_correct_submission_is_all_correct(graded):
    _, rows, _ = graded
    keys = list(exercises_for(SAMPLE).exercises)
    assert results(rows, "ana") == [(k, "correcto") for k in keys]


def test_wrong_answers_and_a_failed_answer_cell(graded):
    _, rows, _ = graded
    keys = list(exercises_for(SAMPLE).exercises)
    expected = [(keys[0], "correcto"), (keys[1], "incorrecto"), (keys[2], "error")]
    expected += [(k, "sin responder") for k in keys[3:]]
    assert results(rows, "berta") == expected
    failed = [r for r in rows if r["alumno"] == "berta" and r["resultado"] == "error"][0]
    assert "b_sin_comillas" in failed["detalle"] and "is not defined" not in failed["detalle"]


def test_a_submission_that_deletes_files_does_not_harm_the_others(graded):
    entregas, rows, _ = graded
    assert not list(entregas.rglob("*.ipynb")), "the hostile submission really deleted the files"
    keys = list(exercises_for(SAMPLE).exercises)
    assert results(rows, "carlos") == [(k, "correcto") for k in keys]
    assert {r["alumno"] for r in rows} == {"ana", "berta", "carlos", "diana", "eva", "fede", "notas"}


def test_an_endless_submission_is_stopped_with_an_error_row(graded):
    _, rows, _ = graded
    keys = list(exercises_for(SAMPLE).exercises)
    found = results(rows, "diana")
    assert found[0] == ("", "error")
    assert found[1:] == [(keys[0], "correcto")] + [(k, "error") for k in keys[1:]]
    notebook_row = [r for r in rows if r["alumno"] == "diana"][0]
    assert "no terminó" in notebook_row["detalle"]


def test_an_endless_submission_that_ignores_interrupts_is_killed(graded):
    _, rows, _ = graded
    fede = [r for r in rows if r["alumno"] == "fede"]
    assert [(r["ejercicio"], r["resultado"]) for r in fede] == [("", "error")]
    assert "no respondió" in fede[0]["detalle"] or "detenerlo" in fede[0]["detalle"]


def test_broken_and_unnamed_submissions_are_error_rows(graded):
    _, rows, _ = graded
    eva = [r for r in rows if r["alumno"] == "eva"]
    assert [(r["ejercicio"], r["resultado"]) for r in eva] == [("", "error")]
    assert "no es un notebook válido" in eva[0]["detalle"]
    notas = [r for r in rows if r["alumno"] == "notas"]
    assert notas[0]["resultado"] == "error" and "alumno__notas.ipynb" in notas[0]["detalle"]


def test_summary_tables_in_spanish(graded):
    _, _, printed = graded
    assert "Por estudiante" in printed and "Por ejercicio" in printed
    ana = next(line for line in printed.splitlines() if line.startswith("ana "))
    assert ana.rstrip().endswith("100 %")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_student_edition_runs_with_empty_answers(path, tmp_path):
    """La edición del estudiante, tal cual: ⏳ en todos los ejercicios y ninguna celda con error."""
    [copy] = [p for p in nbtool.student_edition(path.parent, tmp_path) if p.name == path.name]
    sub = grade.Submission("alumno", path.stem, copy.name, copy.read_bytes())
    report = grade.run_submission(sub, budget=900, quick=True)
    assert report["status"] == "ok", report["reason"]
    assert report["failed_cells"] == []
    assert [r["result"] for r in report["records"]] == ["sin responder"] * len(exercises_for(path.stem))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_instructor_edition_solves_every_exercise(path):
    sub = grade.Submission("profesor", path.stem, path.name, path.read_bytes())
    report = grade.run_submission(sub, budget=900, quick=True)
    assert report["status"] == "ok", report["reason"]
    assert report["failed_cells"] == []
    assert {r["exercise"]: r["result"] for r in report["records"]} == {
        key: "correcto" for key in exercises_for(path.stem).exercises}
