"""Ejercicios definidos en course_lib: corrección, respuestas desfasadas, pista, solución y progreso."""

from __future__ import annotations

import math

import pytest
from IPython.core.interactiveshell import InteractiveShell

from course_lib import exercise_set, exercises
from course_lib.exercise_set import ExerciseSet, assigned_names


def make_set() -> ExerciseSet:
    demo = ExerciseSet("98_prueba", alias="demo")

    @demo.exercise("Ejercicio 1", answer="pasos", hint="Divide y redondea hacia arriba.",
                   solution="pasos = math.ceil(n / lote)", explanation="El último lote también cuenta.")
    def steps(answer, *, n, batch):
        return exercises.check_number(answer, math.ceil(n / batch), common_mistakes={n // batch: "redondea hacia arriba."})

    @demo.exercise("Ejercicio 2", answer="opcion", hint="Piensa en la validación.", solution='opcion = "a"')
    def choice(answer):
        return exercises.check_choice(answer, "a", {"a": "validación", "b": "prueba"})

    @demo.exercise("Ejercicio 3", answer="par", hint="Una tupla.", solution="par = (1, 2)")
    def pair(answer):
        first, second = answer
        return exercises.Feedback(exercises.RIGHT if (first, second) == (1, 2) else exercises.WRONG, "revisado.")

    return demo


@pytest.fixture
def demo():
    return make_set()


@pytest.fixture
def shell():
    """Un IPython de verdad: el gancho post_run_cell se ejecuta como en el notebook."""
    shell = InteractiveShell.instance()
    exercise_set.install_hook(shell)
    yield shell
    exercise_set._ASSIGNMENTS.clear()


def test_the_expected_value_is_computed_from_the_context_and_never_shown(demo):
    wrong = demo.exercises["steps"].check(3, n=100, batch=32)
    assert wrong.status == exercises.WRONG and "4" not in wrong.message and "redondea" in wrong.message
    assert "demo.steps.solution()" in wrong.message and wrong.hint == "Divide y redondea hacia arriba."
    right = demo.exercises["steps"].check(4, n=100, batch=32)
    assert right.ok and "El último lote también cuenta." in right.message and right.name == "Ejercicio 1"


def test_pending_answer_waits_and_points_to_the_hint(demo):
    feedback = demo.exercises["steps"].check(..., n=100, batch=32)
    assert feedback.status == exercises.PENDING and "`pasos = ...`" in feedback.message
    assert "demo.steps.hint()" in feedback.message
    assert demo.exercises["steps"].attempts == 0 and demo.exercises["steps"].result() == "sin responder"


def test_solution_needs_an_attempt_or_a_confirmation(demo):
    item = demo.exercises["steps"]
    locked = item.solution()
    assert locked.icon == "🔒" and "math.ceil" not in locked.text() and "reveal=True" in locked.text()
    assert not item.solution_seen
    assert "math.ceil(n / lote)" in item.solution(reveal=True).text() and item.solution_seen
    other = demo.exercises["choice"]
    other.check("b")
    assert 'opcion = "a"' in other.solution().text()


def test_hint_is_the_hint(demo):
    assert demo.exercises["choice"].hint().body == "Piensa en la validación."


def test_an_answer_that_cannot_be_unpacked_gets_spanish_feedback(demo):
    feedback = demo.exercises["pair"].check(7)
    assert feedback.status == exercises.WRONG
    assert "no se pudo corregir" in feedback.message and "unpack" not in feedback.message
    assert "uno solo" in feedback.message


def test_a_wrong_check_cell_is_a_clear_error(demo):
    with pytest.raises(TypeError, match="no cambies la celda de comprobación"):
        demo.exercises["steps"].check(4, n=100)


def test_progress_and_record_follow_the_last_check(demo):
    demo.exercises["steps"].check(4, n=100, batch=32)
    demo.exercises["choice"].check("b")
    text = demo.progress().text()
    assert "Has resuelto 1 de 3 ejercicios" in text
    assert "Ejercicio 2 (incorrecto)" in text and "Ejercicio 3 (sin responder)" in text
    record = {row["exercise"]: row for row in demo.record()}
    assert [r["result"] for r in demo.record()] == ["correcto", "incorrecto", "sin responder"]
    assert record["choice"]["detail"] and record["steps"]["detail"] == "" and record["pair"]["attempts"] == 0
    demo.exercises["choice"].check("a")
    demo.exercises["pair"].check((1, 2))
    assert "¡Todos!" in demo.progress().text()


def test_a_failed_answer_cell_is_not_graded_with_its_previous_value(demo, shell):
    shell.user_ns["demo"] = demo
    shell.run_cell("pasos = 4")
    assert shell.run_cell("demo.steps.check(pasos, n=100, batch=32)").result.ok
    shell.run_cell("pasos = b_sin_comillas")  # NameError: pasos sigue valiendo 4
    feedback = shell.run_cell("demo.steps.check(pasos, n=100, batch=32)").result
    assert feedback.status == exercises.ERROR and "conserva un valor anterior" in feedback.message
    assert "b_sin_comillas" in feedback.message and "is not defined" not in feedback.message
    assert demo.exercises["steps"].result() == "error"
    shell.run_cell("pasos = 4")
    assert shell.run_cell("demo.steps.check(pasos, n=100, batch=32)").result.ok


def test_an_answer_cell_with_a_syntax_error_counts_as_failed(demo, shell):
    shell.user_ns["demo"] = demo
    shell.run_cell('opcion = "a"')
    shell.run_cell('opcion = "a')
    assert exercise_set.last_assignment("opcion").ok is False
    assert shell.run_cell("demo.choice.check(opcion)").result.status == exercises.ERROR


def test_record_reports_an_unchecked_failed_answer_as_error(demo, shell):
    shell.run_cell("par = (1, 2) + ")
    rows = {row["exercise"]: row for row in demo.record()}
    assert rows["pair"]["result"] == "error" and "sintaxis" in rows["pair"]["detail"]


@pytest.mark.parametrize("source, names", [
    ("x = 1", {"x"}),
    ("a, (b, *c) = 1, (2, 3, 4)", {"a", "b", "c"}),
    ("x += 1\ny: int = 3", {"x", "y"}),
    ("def f(z):\n    w = z\n    return w", {"f", "w"}),
    ("import numpy as np\nfrom math import ceil", {"np", "ceil"}),
    ("for i in range(3):\n    total = i", {"i", "total"}),
    ("respuesta = (1,", {"respuesta"}),
])
def test_assigned_names(source, names):
    assert assigned_names(source) == names


def test_exercise_definitions_are_validated():
    demo = ExerciseSet("97_prueba")
    with pytest.raises(ValueError, match="pista y una solución"):
        demo.exercise("Ejercicio 1", answer="x", hint="", solution="x = 1")(lambda answer: None)
    demo.exercise("Ejercicio 1", answer="x", hint="h", solution="x = 1")(lambda answer: None)
    with pytest.raises(ValueError, match="ya existe"):
        demo.exercise("Ejercicio 1", answer="x", hint="h", solution="x = 1")(lambda answer: None)
    with pytest.raises(ValueError, match="NN_tema"):
        ExerciseSet("prueba.ipynb")
